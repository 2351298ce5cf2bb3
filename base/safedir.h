/* safedir.h: a new folder of files that a pulled stick, a full disk or a
 * crash never leaves looking complete (the export's folder on a stick).
 *
 * Each file is written as NAME.tmp and flushed (fsync) when it is closed;
 * safedir_commit() renames every closed file to its own name and flushes
 * the folder; safedir_remove() takes away all that was written, in the
 * reverse order, and the folder. Writes are plain write() calls, never
 * O_APPEND: FAT through FUSE (fusefat) refuses appends.
 *
 * The first failure sticks: every later call returns -1 without touching
 * the disk, and safedir_errno() and safedir_error() say what it was. Libc
 * only. */
#ifndef SAFEDIR_H
#define SAFEDIR_H

#include <stddef.h>
#include <stdint.h>

struct safedir;

/* Makes the folder DEST/NAME, or NAME-2, NAME-3 ... when an earlier one is
 * there. NULL on failure, with errno set and err (errlen bytes) saying
 * what failed, for the log. Free with safedir_free(). */
struct safedir *safedir_new(const char *dest, const char *name, char *err, size_t errlen);

/* Closes a file left open (it stays NAME.tmp) and frees d; what is on the
 * disk stays. NULL is fine. */
void safedir_free(struct safedir *d);

/* The folder's full path. */
const char *safedir_path(const struct safedir *d);

/* Starts file NAME (created as NAME.tmp; one file is open at a time),
 * writes to it (buffered), and flushes, fsyncs and closes it. 0 or -1. */
int safedir_open(struct safedir *d, const char *name);
int safedir_write(struct safedir *d, const void *data, size_t n);
int safedir_close(struct safedir *d);

/* Renames every closed NAME.tmp to NAME, then flushes the folder. May be
 * called again after more files. 0 or -1. */
int safedir_commit(struct safedir *d);

/* Removes every file this folder got (the last first, so what stays never
 * looks complete) and the folder, as far as the disk still allows. */
void safedir_remove(struct safedir *d);

/* The first failure: its errno (0 when none) and what failed, in English
 * for the log ("cannot write /media/stick/x/aanwezigheid.csv.tmp"). */
int safedir_errno(const struct safedir *d);
const char *safedir_error(const struct safedir *d);

/* Bytes written to the disk so far. */
uint64_t safedir_bytes(const struct safedir *d);

#endif
