/* textfile.h: a whole file read into memory. A libc-only leaf. */
#ifndef TEXTFILE_H
#define TEXTFILE_H

/* The file at path as one NUL-terminated buffer (free with free()); NULL
 * when it cannot be read or memory runs out. */
char *textfile_read(const char *path);

#endif
