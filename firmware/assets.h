/* assets.h: where the default content (poll sets, card sets,
 * questionnaires) is found. libc only. */
#ifndef ASSETS_H
#define ASSETS_H

#include <stddef.h>

/* Writes the path of sub (e.g. "polls") in the assets folder: the folder
 * in $STAGEKIOSK_ASSETS, else assets/ beside the build folder of this
 * program (a checkout), else the installed one. 0, or -1 when none has
 * sub. */
int assets_path(const char *sub, char *out, size_t outlen);

#endif
