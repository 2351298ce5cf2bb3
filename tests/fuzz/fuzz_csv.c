/* fuzz_csv.c: the CSV reader (db/db_csv.h) on any bytes, with each
 * separator.
 *
 * Promises checked: the separator found is one of the three; every record
 * has at least one field, NUL-terminated; records and problems come in the
 * order of their lines, each on a line of the text; a record never starts
 * on a line without a field; nothing is read past the text. */
#include "db/db_csv.h"
#include "tests/fuzz/fuzz.h"

struct seen {
    const char *text;
    size_t len;
    int lines;      /* lines in the text, as the reader counts them */
    int last_line;  /* of the previous record or problem */
    int records;
};

static int on_record(void *user, int line, char **fields, size_t n)
{
    struct seen *s = user;
    fuzz_check(n >= 1 && fields);
    fuzz_check(line >= 1 && line <= s->lines && line >= s->last_line);
    for (size_t i = 0; i < n; i++)
        fuzz_check(fields[i] && strlen(fields[i]) <= s->len);
    s->last_line = line;
    s->records++;
    return 0;
}

static void on_problem(void *user, int line, const char *msg)
{
    struct seen *s = user;
    fuzz_check(msg && msg[0]);
    fuzz_check(line >= 0 && line <= s->lines);
    if (line)
        s->last_line = line;
}

static const struct db_csv_handler handler = {on_record, on_problem};

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    fuzz_quiet();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* A copy of exactly size bytes, so ASan sees any read past the end. */
    char *text = malloc(size ? size : 1);
    if (!text)
        abort();
    memcpy(text, data, size);
    int lines = 0;
    for (size_t i = 0; i < size; i++)
        if (text[i] == '\n' || (text[i] == '\r' && (i + 1 >= size || text[i + 1] != '\n')))
            lines++;
    if (size && text[size - 1] != '\n' && text[size - 1] != '\r')
        lines++;
    char sep = db_csv_separator(text, size);
    fuzz_check(sep == ';' || sep == ',' || sep == '\t');
    static const char seps[] = {';', ',', '\t'};
    for (int k = 0; k < 3; k++) {
        struct seen s = {.text = text, .len = size, .lines = lines};
        fuzz_check(db_csv_read(text, size, seps[k], &handler, &s) == 0);
    }
    free(text);
    return 0;
}
