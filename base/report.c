/* report.c: a growing list of problem lines for the file parsers. */
#include "base/report.h"
#include "base/utf8.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void report_printable(char *s)
{
    size_t len = strlen(s);
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        size_t n = utf8_decode(s + i, len - i, &cp);
        if (n && !utf8_is_control(cp)) {
            i += n;
            continue;
        }
        /* every byte of a control, one byte of what is not UTF-8 (a
         * character cut in two at the end of a buffer too) */
        for (size_t end = i + (n ? n : 1); i < end; i++)
            s[i] = '?';
    }
}

static void append_line(struct report *r, const char *line)
{
    size_t add = strlen(line) + 1; /* the line and its '\n' */
    if (r->len + add + 1 > r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 1024;
        while (cap < r->len + add + 1)
            cap *= 2;
        char *grown = realloc(r->text, cap);
        if (!grown) {
            r->out_of_memory = 1;
            return;
        }
        r->text = grown;
        r->cap = cap;
    }
    memcpy(r->text + r->len, line, add - 1);
    r->len += add;
    r->text[r->len - 1] = '\n';
    r->text[r->len] = '\0';
}

void report_add(struct report *r, int line, const char *fmt, ...)
{
    if (++r->count > r->max)
        return;
    char buf[512];
    int n = line > 0 ? snprintf(buf, sizeof buf, "regel %d: ", line) : 0;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf + n, sizeof buf - (size_t)n, fmt, ap);
    va_end(ap);
    report_printable(buf + n);
    append_line(r, buf);
}

char *report_finish(struct report *r)
{
    if (r->count > r->max) {
        char buf[64];
        int more = r->count - r->max;
        snprintf(buf, sizeof buf, "... en nog %d %s.", more, more == 1 ? "probleem" : "problemen");
        append_line(r, buf);
    }
    char *text = r->text;
    if (r->out_of_memory) {
        free(text);
        text = NULL;
    }
    r->text = NULL;
    r->len = r->cap = 0;
    return text;
}
