/* report.h: the list of problems a file parser gives back ("regel 7: ..."),
 * one line each, the first max kept and the rest counted. Quoted file text
 * is made safe to show on a screen or a terminal. A libc-only leaf: the
 * parsers in db/ and firmware/ use it. */
#ifndef REPORT_H
#define REPORT_H

#include <stddef.h>

struct report {
    int max;            /* lines kept; set before the first report_add() */
    int count;          /* problems counted, kept or not */
    char *text;         /* the kept lines, each ending in '\n'; NULL none */
    size_t len, cap;
    int out_of_memory;
};

/* Counts one problem and keeps its line ("regel N: " first when line > 0)
 * while fewer than max are kept. */
void report_add(struct report *r, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Adds "... en nog N problemen." when lines were left out, and hands over
 * the text (malloc'd, free with free()); NULL when there were no problems
 * or memory ran out (then out_of_memory is set and nothing leaks). */
char *report_finish(struct report *r);

/* Turns every byte that is no UTF-8 text, and every control character,
 * into '?', in place. */
void report_printable(char *s);

#endif
