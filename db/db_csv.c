/* db_csv.c: the CSV reader (see db_csv.h) over libcsv. */
#include "db/db_csv.h"

#include <csv.h>
#include <stdlib.h>
#include <string.h>

#define CSV_OPTIONS (CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL)

char db_csv_separator(const char *s, size_t len)
{
    static const char candidates[] = {';', ',', '\t'};
    size_t count[3] = {0};
    int quoted = 0, seen_text = 0;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (c == '"') {
            quoted = !quoted; /* "" inside quotes toggles twice: no harm */
        } else if (!quoted && (c == '\n' || c == '\r')) {
            if (seen_text)
                break;
            continue;
        }
        if (c != ' ')
            seen_text = 1;
        for (int k = 0; k < 3; k++)
            if (!quoted && c == candidates[k])
                count[k]++;
    }
    int best = 0;
    for (int k = 1; k < 3; k++)
        if (count[k] > count[best])
            best = k;
    return candidates[best];
}

/* libcsv only says where a record ends; to name the line where each one
 * starts, the text goes in a line at a time and the reader notes the line
 * on which a record's first byte arrives. */
struct reader {
    struct csv_parser parser;
    char sep;
    const struct db_csv_handler *h;
    void *user;
    int failed;      /* out of memory, or the handler said stop */
    int line;        /* the physical line being fed */
    int record_line; /* where the current record starts */
    int in_record;
    char **cols;
    size_t ncols, cap;
};

/* Only the space is skipped around unquoted fields: a tab can be the
 * separator, and the caller trims the rest. */
static int is_csv_space(unsigned char c)
{
    return c == ' ';
}

static int reader_start(struct reader *r)
{
    if (csv_init(&r->parser, CSV_OPTIONS) != 0)
        return -1;
    csv_set_delim(&r->parser, (unsigned char)r->sep);
    csv_set_space_func(&r->parser, is_csv_space);
    return 0;
}

static void reader_drop_record(struct reader *r)
{
    for (size_t i = 0; i < r->ncols; i++)
        free(r->cols[i]);
    r->ncols = 0;
    r->in_record = 0;
}

static void on_field(void *data, size_t len, void *arg)
{
    struct reader *r = arg;
    if (!r->in_record) {
        /* Not expected (line_has_field() agrees with libcsv), but a record
         * must never be without a line. */
        r->in_record = 1;
        r->record_line = r->line;
    }
    if (r->ncols == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 16;
        char **cols = realloc(r->cols, cap * sizeof *cols);
        if (!cols) {
            r->failed = 1;
            return;
        }
        r->cols = cols;
        r->cap = cap;
    }
    char *copy = malloc(len + 1);
    if (!copy) {
        r->failed = 1;
        return;
    }
    if (len)
        memcpy(copy, data, len);
    copy[len] = '\0';
    r->cols[r->ncols++] = copy;
}

static void on_record_end(int terminator, void *arg)
{
    struct reader *r = arg;
    (void)terminator;
    if (r->ncols && !r->failed && r->h->record(r->user, r->record_line, r->cols, r->ncols) != 0)
        r->failed = 1;
    reader_drop_record(r);
}

/* Length of the line at s, with its end: LF, CRLF or a lone CR. */
static size_t line_length(const char *s, size_t len)
{
    size_t i = 0;
    while (i < len && s[i] != '\n' && s[i] != '\r')
        i++;
    if (i < len && s[i] == '\r' && i + 1 < len && s[i + 1] == '\n')
        return i + 2;
    return i < len ? i + 1 : i;
}

/* Whether libcsv will start a record on this line (it skips spaces and
 * line ends before a record). */
static int line_has_field(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (s[i] != ' ' && s[i] != '\r' && s[i] != '\n')
            return 1;
    return 0;
}

int db_csv_read(const char *text, size_t len, char sep, const struct db_csv_handler *h,
                void *user)
{
    struct reader r = {.sep = sep, .h = h, .user = user};
    int rc = -1;
    if (reader_start(&r) != 0)
        return -1;
    for (size_t pos = 0; pos < len && !r.failed;) {
        size_t n = line_length(text + pos, len - pos);
        r.line++;
        if (!r.in_record && line_has_field(text + pos, n)) {
            r.in_record = 1;
            r.record_line = r.line;
        }
        if (csv_parse(&r.parser, text + pos, n, on_field, on_record_end, &r) < n) {
            if (csv_error(&r.parser) != CSV_EPARSE)
                goto out;
            h->problem(user, r.record_line,
                       "een aanhalingsteken (\") staat midden in een veld of er staat iets "
                       "achter het sluitende aanhalingsteken");
            /* Start afresh on the next line, so later problems are found too. */
            reader_drop_record(&r);
            csv_free(&r.parser);
            if (reader_start(&r) != 0) {
                free(r.cols);
                return -1;
            }
        }
        pos += n;
    }
    if (!r.failed && csv_fini(&r.parser, on_field, on_record_end, &r) != 0) {
        if (csv_error(&r.parser) != CSV_EPARSE)
            goto out;
        h->problem(user, r.record_line,
                   "een aanhalingsteken (\") wordt nergens gesloten; alles daarna leest als "
                   "één veld");
    }
    rc = r.failed ? -1 : 0;
out:
    reader_drop_record(&r);
    free(r.cols);
    csv_free(&r.parser);
    return rc;
}
