/* png.h: writing a screen picture as PNG, quickly. The scenarios, the
 * image test and the bench save thousands of frames; a general encoder
 * (cairo's, through libpng's default filters and compression) spent three
 * quarters of a headless start to a saved frame on it. */
#ifndef PNG_H
#define PNG_H

#include <stdint.h>

/* Writes w x h pixels, each a native-endian 0xAARRGGBB word (SDL's
 * ARGB8888) with rows stride bytes apart, as an 8-bit RGB PNG at path.
 * The file is written beside path and renamed into place. 0, or -1 with
 * errno set (then path is as it was). */
int png_write_argb(const char *path, const uint32_t *px, int w, int h, int stride);

#endif
