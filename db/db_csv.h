/* db_csv.h: the CSV reader for files from outside (a school's student
 * list): which separator a file uses, and its records one by one, each
 * with the line it starts on. libcsv and libc only, no store, so it is
 * fuzzed on its own (tests/fuzz/fuzz_csv.c). Fields may be quoted ("a;b",
 * "say ""hi"""), span lines when quoted, and end in LF, CRLF or a lone CR.
 * A quote error is reported on its record's line; reading goes on at the
 * next line, so every problem of a file is found in one go. */
#ifndef DB_CSV_H
#define DB_CSV_H

#include <stddef.h>

/* The separator that occurs most often (outside quotes) on the first line
 * with text: ';', ',' or '\t'. On a tie the Dutch Excel default ';' wins,
 * then ','. */
char db_csv_separator(const char *text, size_t len);

struct db_csv_handler {
    /* One record of n fields (n >= 1), as they stand in the file without
     * their quotes, each NUL-terminated; line is where the record starts
     * (1 = first). The fields belong to the reader: copy what you keep.
     * Return 0 to go on, -1 to stop (then db_csv_read returns -1). */
    int (*record)(void *user, int line, char **fields, size_t n);
    /* A quote problem in the record that starts on line; msg is Dutch. */
    void (*problem)(void *user, int line, const char *msg);
};

/* Reads text (len bytes, no NUL needed) with separator sep. Returns 0, or
 * -1 when memory runs out or the handler stopped. */
int db_csv_read(const char *text, size_t len, char sep, const struct db_csv_handler *h,
                void *user);

#endif
