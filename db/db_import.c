/* db_import.c: the student-list importer (CSV exports of Eduarte, Magister
 * and the like, see README.md "Student lists"). The text goes through libcsv
 * twice: the first pass only checks every row and collects problems, the
 * second runs only when there are none and writes everything in one
 * transaction. Reading twice instead of keeping the rows keeps memory small
 * on a 20 MB file and means a refused file never touches the database. */
#include "db/db_import.h"
#include "db/db_student.h"
#include "base/log.h"
#include "base/report.h"
#include "base/utf8.h"

#include <csv.h>
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Longest student number we accept; longer ones are a column mix-up. */
#define NUMBER_MAX 20
#define NUMBER_CHARS "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-"

#define CSV_OPTIONS (CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL)

/* ---- problems ---- */

/* Every problem is counted; only the first DB_IMPORT_REPORT_LINES are kept
 * (firmware/report.h), so a file that is wrong on every one of 200 000 rows
 * stays cheap. */

/* ---- bytes to UTF-8 text ---- */

/* Where the bytes stop being UTF-8 (len when they all are), and whether
 * there are real UTF-8 letters (2 bytes or more) elsewhere. */
static size_t utf8_scan(const unsigned char *s, size_t len, int *has_multibyte)
{
    size_t bad_at = len;
    *has_multibyte = 0;
    for (size_t i = 0; i < len;) {
        size_t n = utf8_decode((const char *)s + i, len - i, NULL);
        if (!n && bad_at == len)
            bad_at = i;
        if (n > 1)
            *has_multibyte = 1;
        i += n ? n : 1;
    }
    return bad_at;
}

/* The line (1 = first) that byte offset at is on, counted the way the
 * reader counts: LF, CRLF and a lone CR each end a line. */
static int line_of(const unsigned char *s, size_t at)
{
    int line = 1;
    for (size_t i = 0; i < at; i++)
        if (s[i] == '\n' || (s[i] == '\r' && (i + 1 >= at || s[i + 1] != '\n')))
            line++;
    return line;
}

/* Windows-1252 is Latin-1 except for 0x80-0x9F; 0 marks the five bytes it
 * leaves undefined. */
static const uint16_t cp1252_80_9f[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, /* 80-87 */
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0,      0x017D, 0,      /* 88-8F */
    0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, /* 90-97 */
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178, /* 98-9F */
};

/* Converts Windows-1252 to UTF-8 (malloc'd, NUL-terminated). Undefined
 * bytes become U+FFFD, which the field checks then refuse. */
static char *cp1252_to_utf8(const unsigned char *s, size_t len, size_t *out_len)
{
    char *out = malloc(len * 3 + 1); /* no byte needs more than 3 */
    if (!out)
        return NULL;
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        uint32_t cp = s[i];
        if (cp >= 0x80 && cp <= 0x9F)
            cp = cp1252_80_9f[cp - 0x80] ? cp1252_80_9f[cp - 0x80] : 0xFFFD;
        n += utf8_encode(cp, out + n);
    }
    out[n] = '\0';
    *out_len = n;
    return out;
}

static char *copy_bytes(const unsigned char *s, size_t len, size_t *out_len)
{
    char *out = malloc(len + 1);
    if (!out)
        return NULL;
    memcpy(out, s, len);
    out[len] = '\0';
    *out_len = len;
    return out;
}

static int is_control(unsigned char c)
{
    return (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F;
}

/* A CSV export never holds a NUL. A stray control character can occur
 * (it becomes a problem on its row), but more than one byte in twenty
 * means some other kind of file: random bytes give about one in nine. */
static int looks_like_text(const unsigned char *s, size_t len)
{
    size_t controls = 0;
    for (size_t i = 0; i < len; i++) {
        if (!s[i])
            return 0;
        controls += (size_t)is_control(s[i]);
    }
    return controls * 20 <= len;
}

static int is_blank(const unsigned char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n')
            return 0;
    return 1;
}

/* The separator that occurs most often (outside quotes) on the first line
 * with text. On a tie the Dutch Excel default ';' wins, then ','. */
static char detect_separator(const char *s, size_t len)
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

static const char *separator_name(char sep)
{
    return sep == ';' ? "puntkomma" : sep == ',' ? "komma" : "tab";
}

/* ---- columns ---- */

enum field {
    F_NUMBER,
    F_FIRST_NAME,
    F_GIVEN_NAMES, /* "voornamen": its first word when roepnaam is empty */
    F_PREFIX,
    F_LAST_NAME,
    F_INITIALS,
    F_GROUP,
    F_PROGRAMME,
    F_CREBO,
    F_EMAIL,
    F_COUNT
};

#define MEMBER_MAX(m) (sizeof((struct db_student *)0)->m - 1)

/* Header names are compared the way header_key() writes them: lower case,
 * without spaces, '-' and '_'. The first alias is the field's own name; a
 * column with that exact name beats a column with another alias. */
static const struct field_info {
    const char *label;  /* the field's name in messages */
    size_t offset, max; /* where it goes in struct db_student; max bytes */
    const char *aliases[7];
} fields[F_COUNT] = {
    [F_NUMBER] = {"studentnummer", offsetof(struct db_student, number), NUMBER_MAX,
                  {"studentnummer", "deelnemernummer", "deelnemersnummer", "stamnummer",
                   "stamnr", "leerlingnummer"}},
    [F_FIRST_NAME] = {"roepnaam", offsetof(struct db_student, first_name),
                      MEMBER_MAX(first_name), {"roepnaam", "voornaam", "firstname"}},
    [F_GIVEN_NAMES] = {"voornamen", 0, MEMBER_MAX(first_name), {"voornamen"}},
    [F_PREFIX] = {"tussenvoegsel", offsetof(struct db_student, prefix), MEMBER_MAX(prefix),
                  {"tussenvoegsel", "tussenvoegsels", "voorvoegsel", "tussenvoeg", "prefix"}},
    [F_LAST_NAME] = {"achternaam", offsetof(struct db_student, last_name), MEMBER_MAX(last_name),
                     {"achternaam", "lastname"}},
    [F_INITIALS] = {"voorletters", offsetof(struct db_student, initials), MEMBER_MAX(initials),
                    {"voorletters", "voorlett", "initialen"}},
    [F_GROUP] = {"klas", offsetof(struct db_student, group), MEMBER_MAX(group),
                 {"klas", "groep", "class", "plaatsingsgroep", "groepcode"}},
    [F_PROGRAMME] = {"opleiding", offsetof(struct db_student, programme), MEMBER_MAX(programme),
                     {"opleiding", "opleidingsnaam", "studie"}},
    [F_CREBO] = {"crebo", offsetof(struct db_student, crebo), MEMBER_MAX(crebo),
                 {"crebo", "crebonummer", "opleidingscode"}},
    [F_EMAIL] = {"e-mail", offsetof(struct db_student, email), MEMBER_MAX(email),
                 {"email", "emailadres"}},
};

static void header_key(const char *name, char *out, size_t len)
{
    size_t n = 0;
    for (; *name; name++) {
        char c = *name;
        if (c == ' ' || c == '-' || c == '_')
            continue;
        if (n + 1 == len) {
            n = 0; /* too long to be one of ours */
            break;
        }
        out[n++] = c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
    }
    out[n] = '\0';
}

/* Finds the field a header names. 1 found (with the alias index), 0 not. */
static int field_lookup(const char *key, enum field *field, int *alias)
{
    for (int f = 0; f < F_COUNT; f++)
        for (int a = 0; a < 7 && fields[f].aliases[a]; a++)
            if (!strcmp(key, fields[f].aliases[a])) {
                *field = (enum field)f;
                *alias = a;
                return 1;
            }
    return 0;
}

/* ---- the numbers seen so far (duplicates within the file) ---- */

struct number_set {
    struct seen_number {
        char number[DB_NUMBER_MAX];
        int line; /* 0: free slot */
    } *slots;
    size_t cap, used;
};

static size_t number_hash(const char *s)
{
    size_t h = 2166136261u; /* FNV-1a */
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

static struct seen_number *number_slot(struct seen_number *slots, size_t cap, const char *number)
{
    size_t i = number_hash(number) & (cap - 1);
    while (slots[i].line && strcmp(slots[i].number, number))
        i = (i + 1) & (cap - 1);
    return &slots[i];
}

/* Remembers number at line. Returns the line it was on before, 0 when it
 * is new, -1 when memory runs out. */
static int number_set_add(struct number_set *set, const char *number, int line)
{
    if ((set->used + 1) * 2 > set->cap) {
        size_t cap = set->cap ? set->cap * 2 : 1024;
        struct seen_number *slots = calloc(cap, sizeof *slots);
        if (!slots)
            return -1;
        for (size_t i = 0; i < set->cap; i++)
            if (set->slots[i].line)
                *number_slot(slots, cap, set->slots[i].number) = set->slots[i];
        free(set->slots);
        set->slots = slots;
        set->cap = cap;
    }
    struct seen_number *slot = number_slot(set->slots, set->cap, number);
    if (slot->line)
        return slot->line;
    snprintf(slot->number, sizeof slot->number, "%s", number);
    slot->line = line;
    set->used++;
    return 0;
}

/* ---- one import ---- */

struct import {
    struct db *db;
    const char *source; /* path or "data", for the log */
    const char *group;  /* klas for every row, NULL when the file says */
    char group_buf[DB_NAME_MAX];
    char sep;
    int writing; /* second pass: store the rows */
    int64_t now;
    struct db_import_result *out;

    int header_line; /* 0 until the header is read */
    int header_bad;  /* rows are not checked against a header with problems */
    size_t ncols;
    int col[F_COUNT];       /* column of each field, -1 when absent */
    int col_alias[F_COUNT]; /* which alias found it */

    struct number_set seen;
    struct report problems;
    int out_of_memory;
    int db_failed;
    char db_error[200];
};

static void header_read(struct import *imp, int line, char **cols, size_t n)
{
    imp->header_line = line;
    imp->ncols = n;
    for (size_t i = 0; i < n; i++) {
        char key[64];
        enum field f;
        int alias;
        header_key(cols[i], key, sizeof key);
        if (!field_lookup(key, &f, &alias))
            continue; /* a column we do not need */
        int take = imp->col[f] < 0 || (alias == 0 && imp->col_alias[f] != 0);
        if (imp->col[f] >= 0 && !imp->writing)
            log_warn("import: %s: columns %d and %zu both give %s; using column %zu",
                     imp->source, imp->col[f] + 1, i + 1, fields[f].label,
                     take ? i + 1 : (size_t)imp->col[f] + 1);
        if (take) {
            imp->col[f] = (int)i;
            imp->col_alias[f] = alias;
        }
    }

    struct report *p = &imp->problems;
    int before = p->count;
    if (imp->col[F_NUMBER] < 0)
        report_add(p, 0, "Er is geen kolom met het studentnummer. Verwacht: studentnummer, "
                          "deelnemernummer of stamnr.");
    if (imp->col[F_LAST_NAME] < 0)
        report_add(p, 0, "Er is geen kolom met de achternaam. Verwacht: achternaam.");
    if (imp->col[F_FIRST_NAME] < 0 && imp->col[F_GIVEN_NAMES] < 0)
        report_add(p, 0, "Er is geen kolom met de roepnaam. Verwacht: roepnaam, voornaam of "
                          "voornamen.");
    if (imp->col[F_GROUP] < 0 && !imp->group)
        report_add(p, 0, "Er is geen kolom met de klas. Geef --group op of voeg een kolom klas "
                          "(of groep) toe.");
    imp->header_bad = p->count > before;
}

/* Checks one value of field f; 0 when it may be stored. */
static int value_check(struct report *p, int line, enum field f, const char *v)
{
    const struct field_info *fi = &fields[f];
    size_t len = strlen(v);
    /* max counts bytes: for names with accents a few characters less fit. */
    if (len > fi->max) {
        report_add(p, line, "%s is te lang (%zu tekens, hoogstens %zu)", fi->label, len,
                    fi->max);
        return -1;
    }
    if (utf8_text(v, len, 0) < 0) {
        report_add(p, line, "%s bevat een onzichtbaar stuurteken (bijvoorbeeld een regeleinde)",
                    fi->label);
        return -1;
    }
    if (strstr(v, UTF8_REPLACEMENT)) {
        report_add(p, line,
                    "%s bevat een onleesbaar teken; sla het bestand op als 'CSV UTF-8'",
                    fi->label);
        return -1;
    }
    /* Short and without control characters by now, so safe to quote. */
    if (f == F_NUMBER && strspn(v, NUMBER_CHARS) != len) {
        report_add(p, line, "studentnummer '%s' mag alleen cijfers, letters en '-' bevatten", v);
        return -1;
    }
    return 0;
}

/* Fills s from one data row. Every problem is added; returns -1 when there
 * was one. s->number is only set when the number itself is good, so the
 * caller can still look for duplicates. */
static int row_read(struct import *imp, int line, char **cols, size_t n, struct db_student *s)
{
    struct report *p = &imp->problems;
    int before = p->count;
    memset(s, 0, sizeof *s);
    if (n != imp->ncols) {
        report_add(p, line, "%zu velden, maar de kopregel (regel %d) heeft er %zu; staat er een "
                             "%s te veel of te weinig?",
                    n, imp->header_line, imp->ncols, separator_name(imp->sep));
        return -1;
    }
    /* Columns that must exist: header_read() made sure they do. */
    const char *number = cols[imp->col[F_NUMBER]];
    const char *last_name = cols[imp->col[F_LAST_NAME]];
    const char *first_name = imp->col[F_FIRST_NAME] >= 0 ? cols[imp->col[F_FIRST_NAME]] : "";
    const char *given_names = imp->col[F_GIVEN_NAMES] >= 0 ? cols[imp->col[F_GIVEN_NAMES]] : "";
    char given[DB_NAME_MAX] = "";
    for (int f = 0; f < F_COUNT; f++) {
        if (imp->col[f] < 0 || (f == F_GROUP && imp->group))
            continue;
        if (f == F_GIVEN_NAMES && first_name[0])
            continue; /* only read when there is no roepnaam */
        const char *v = cols[imp->col[f]];
        if (value_check(p, line, (enum field)f, v) != 0)
            continue;
        char *dst = f == F_GIVEN_NAMES ? given : (char *)s + fields[f].offset;
        memcpy(dst, v, strlen(v) + 1); /* value_check made sure it fits */
        if (f == F_NUMBER) /* a card holds capitals only and is read upper-case */
            for (char *c = dst; *c; c++)
                *c = (char)toupper((unsigned char)*c);
    }
    if (!first_name[0] && given[0])
        snprintf(s->first_name, sizeof s->first_name, "%.*s", (int)strcspn(given, " "), given);

    /* Empty values. A value that is there but wrong already has its line. */
    if (!number[0])
        report_add(p, line, "geen studentnummer");
    if (!first_name[0] && !given_names[0])
        report_add(p, line, "geen roepnaam");
    if (!last_name[0])
        report_add(p, line, "geen achternaam");
    if (imp->group)
        snprintf(s->group, sizeof s->group, "%s", imp->group);
    else if (!s->group[0] && !cols[imp->col[F_GROUP]][0])
        report_add(p, line, "geen klas; geef --group op of vul de kolom klas");
    return p->count > before ? -1 : 0;
}

static void row_store(struct import *imp, const struct db_student *s)
{
    if (imp->db_failed)
        return;
    switch (db_student_upsert(imp->db, s, imp->now)) {
    case DB_UPSERT_ADDED:
        imp->out->added++;
        break;
    case DB_UPSERT_UPDATED:
        imp->out->updated++;
        break;
    case DB_UPSERT_SAME:
        imp->out->same++;
        break;
    case DB_UPSERT_ERROR:
        imp->db_failed = 1;
        snprintf(imp->db_error, sizeof imp->db_error, "%s", db_errmsg(imp->db));
        break;
    }
}

static void trim(char *s)
{
    size_t start = strspn(s, " \t"), end = strlen(s);
    while (end > start && (s[end - 1] == ' ' || s[end - 1] == '\t'))
        end--;
    memmove(s, s + start, end - start);
    s[end - start] = '\0';
}

/* One record from the reader; line is where it starts. */
static void import_record(struct import *imp, int line, char **cols, size_t n)
{
    int empty = 1;
    for (size_t i = 0; i < n; i++) {
        trim(cols[i]);
        empty = empty && !cols[i][0];
    }
    if (empty)
        return; /* ";;;" rows, as Excel writes below a list */
    if (!imp->header_line) {
        header_read(imp, line, cols, n);
        return;
    }
    if (!imp->writing)
        imp->out->rows++;
    if (imp->header_bad)
        return;

    struct db_student s;
    int rc = row_read(imp, line, cols, n, &s);
    if (imp->writing) {
        if (rc == 0)
            row_store(imp, &s);
        return;
    }
    if (s.number[0]) {
        int earlier = number_set_add(&imp->seen, s.number, line);
        if (earlier < 0)
            imp->out_of_memory = 1;
        else if (earlier > 0)
            report_add(&imp->problems, line, "studentnummer %s staat ook op regel %d", s.number,
                        earlier);
    }
}

/* ---- feeding libcsv, one physical line at a time ---- */

/* libcsv only says where a record ends; to name the line where each one
 * starts, the text goes in a line at a time and the reader notes the line
 * on which a record's first byte arrives. */
struct reader {
    struct csv_parser parser;
    struct import *imp;
    int line;        /* the physical line being fed */
    int record_line; /* where the current record starts */
    int in_record;
    char **cols;
    size_t ncols, cap;
};

/* Only the space is skipped around unquoted fields: a tab can be the
 * separator, and trim() handles the rest. */
static int is_csv_space(unsigned char c)
{
    return c == ' ';
}

static int reader_start(struct reader *r)
{
    if (csv_init(&r->parser, CSV_OPTIONS) != 0)
        return -1;
    csv_set_delim(&r->parser, (unsigned char)r->imp->sep);
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
            r->imp->out_of_memory = 1;
            return;
        }
        r->cols = cols;
        r->cap = cap;
    }
    char *copy = malloc(len + 1);
    if (!copy) {
        r->imp->out_of_memory = 1;
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
    if (r->ncols && !r->imp->out_of_memory)
        import_record(r->imp, r->record_line, r->cols, r->ncols);
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

/* A quote error drops the record it is in. When that is the header, the
 * next record must not be taken for it: the rows are left unchecked. */
static void quote_problem(struct import *imp, int line, const char *msg)
{
    report_add(&imp->problems, line, "%s", msg);
    if (!imp->header_line) {
        imp->header_line = line;
        imp->header_bad = 1;
    }
}

/* Reads all of text, handing each record to import_record. Quote errors
 * become problems. -1 when memory runs out. */
static int reader_run(struct import *imp, const char *text, size_t len)
{
    struct reader r = {.imp = imp};
    int rc = -1;
    if (reader_start(&r) != 0)
        return -1;
    for (size_t pos = 0; pos < len && !imp->out_of_memory;) {
        size_t n = line_length(text + pos, len - pos);
        r.line++;
        if (!r.in_record && line_has_field(text + pos, n)) {
            r.in_record = 1;
            r.record_line = r.line;
        }
        if (csv_parse(&r.parser, text + pos, n, on_field, on_record_end, &r) < n) {
            if (csv_error(&r.parser) != CSV_EPARSE)
                goto out;
            quote_problem(imp, r.record_line,
                          "een aanhalingsteken (\") staat midden in een veld of er staat iets "
                          "achter het sluitende aanhalingsteken");
            /* Start afresh on the next line, so later problems are found too. */
            reader_drop_record(&r);
            csv_free(&r.parser);
            if (reader_start(&r) != 0)
                return -1;
        }
        pos += n;
    }
    if (csv_fini(&r.parser, on_field, on_record_end, &r) != 0) {
        if (csv_error(&r.parser) != CSV_EPARSE)
            goto out;
        quote_problem(imp, r.record_line,
                      "een aanhalingsteken (\") wordt nergens gesloten; alles daarna leest als "
                      "één veld");
    }
    rc = imp->out_of_memory ? -1 : 0;
out:
    reader_drop_record(&r);
    free(r.cols);
    csv_free(&r.parser);
    return rc;
}

/* ---- the whole import ---- */

/* Said of a file over DB_IMPORT_MAX_BYTES. */
static const char too_big[] = "Het bestand is groter dan 20 MB; zo groot is een studentenlijst "
                              "niet. Is dit het goede bestand?";
_Static_assert(DB_IMPORT_MAX_BYTES == 20u * 1024 * 1024, "too_big names the limit");

/* The klas given by the caller, trimmed and checked. */
static void group_set(struct import *imp, const char *group)
{
    if (!group)
        return;
    char buf[sizeof imp->group_buf + 64];
    if (strlen(group) >= sizeof buf)
        goto bad;
    strcpy(buf, group);
    trim(buf);
    if (!buf[0])
        return; /* "" means: take the klas from the file */
    if (strlen(buf) >= sizeof imp->group_buf || utf8_text(buf, strlen(buf), 0) < 0)
        goto bad;
    strcpy(imp->group_buf, buf);
    imp->group = imp->group_buf;
    return;
bad:
    report_add(&imp->problems, 0,
                "De klas bij --group is te lang of bevat een stuurteken (hoogstens %zu tekens).",
                sizeof imp->group_buf - 1);
}

static void import_reset_header(struct import *imp)
{
    imp->header_line = 0;
    imp->header_bad = 0;
    imp->ncols = 0;
    for (int f = 0; f < F_COUNT; f++) {
        imp->col[f] = -1;
        imp->col_alias[f] = 0;
    }
}

/* Turns the raw bytes into UTF-8 text, or adds the problem that stops the
 * import. Returns the text (malloc'd) or NULL. */
static char *import_text(struct import *imp, const unsigned char *data, size_t len,
                         size_t *text_len)
{
    struct report *p = &imp->problems;
    if (len > DB_IMPORT_MAX_BYTES) {
        report_add(p, 0, "%s", too_big);
        return NULL;
    }
    /* Excel's "CSV UTF-8" starts with a BOM, and then it is UTF-8. */
    int bom = len >= 3 && !memcmp(data, UTF8_BOM, 3);
    if (bom) {
        data += 3;
        len -= 3;
    }
    if (len >= 2 && (!memcmp(data, "\xFF\xFE", 2) || !memcmp(data, "\xFE\xFF", 2))) {
        report_add(p, 0, "Dit bestand is opgeslagen als Unicode-tekst (UTF-16). Sla het in Excel "
                          "op als 'CSV UTF-8'.");
        return NULL;
    }
    if (is_blank(data, len)) {
        report_add(p, 0, "Het bestand is leeg.");
        return NULL;
    }
    if (!looks_like_text(data, len)) {
        if (len >= 4 && !memcmp(data, "PK\x03\x04", 4))
            report_add(p, 0, "Dit is geen tekstbestand (CSV). Het lijkt een Excel-bestand: "
                              "sla het in Excel op als 'CSV UTF-8'.");
        else
            report_add(p, 0, "Dit is geen tekstbestand (CSV).");
        return NULL;
    }
    int has_multibyte;
    size_t bad_at = utf8_scan(data, len, &has_multibyte);
    if (bad_at < len && has_multibyte) {
        /* Read either way, some letters would come out wrong (a list
         * pasted together from two sources). */
        report_add(p, line_of(data, bad_at),
                    "het bestand is deels UTF-8 en deels een andere tekenset; sla het opnieuw "
                    "op als 'CSV UTF-8'");
        return NULL;
    }
    if (bad_at < len && bom) {
        report_add(p, line_of(data, bad_at),
                    "hier staat een teken dat geen UTF-8 is, maar het bestand zegt dat het "
                    "UTF-8 is; sla het opnieuw op als 'CSV UTF-8'");
        return NULL;
    }
    char *text;
    if (bad_at == len) {
        text = copy_bytes(data, len, text_len);
    } else {
        text = cp1252_to_utf8(data, len, text_len);
        imp->out->windows1252 = 1;
    }
    if (!text)
        imp->out_of_memory = 1;
    return text;
}

static int import_run(struct db *db, const char *source, const unsigned char *data, size_t len,
                      const char *group, int dry_run, int64_t now, struct db_import_result *out)
{
    struct import imp = {.db = db, .source = source, .now = now, .out = out,
                         .problems = {.max = DB_IMPORT_REPORT_LINES}};
    size_t text_len = 0;
    char *text = NULL;
    int rc = 1;
    memset(out, 0, sizeof *out);
    import_reset_header(&imp);

    group_set(&imp, group);
    if (imp.problems.count)
        goto done;
    text = import_text(&imp, data, len, &text_len);
    if (!text && imp.out_of_memory)
        goto out_of_memory;
    if (!text)
        goto done;
    imp.sep = out->separator = detect_separator(text, text_len);

    if (reader_run(&imp, text, text_len) != 0 || imp.problems.out_of_memory)
        goto out_of_memory;
    if (!imp.problems.count && !imp.header_line)
        report_add(&imp.problems, 0, "Het bestand is leeg.");
    else if (!imp.problems.count && !out->rows)
        report_add(&imp.problems, 0, "Er staan geen studenten in het bestand.");
    if (imp.problems.count)
        goto done;

    /* Second pass: the same rows again, now stored. On a dry run the
     * transaction is rolled back, so the counts come from the very same
     * upsert code that a real import runs. */
    if (db_begin(db) != 0) {
        snprintf(imp.db_error, sizeof imp.db_error, "%s", db_errmsg(db));
        goto db_failed;
    }
    imp.writing = 1;
    import_reset_header(&imp);
    if (reader_run(&imp, text, text_len) != 0) {
        db_rollback(db);
        goto out_of_memory;
    }
    if (imp.db_failed) {
        db_rollback(db);
        goto db_failed;
    }
    if (dry_run) {
        db_rollback(db);
    } else if (db_commit(db) != 0) {
        snprintf(imp.db_error, sizeof imp.db_error, "%s", db_errmsg(db));
        goto db_failed;
    }
    log_info("import: %s: %d rows, %d added, %d updated, %d same (%s, %s)%s", source, out->rows,
             out->added, out->updated, out->same, out->windows1252 ? "Windows-1252" : "UTF-8",
             separator_name(imp.sep), dry_run ? "; dry run, nothing changed" : "");
    rc = 0;
    goto done;

db_failed:
    log_err("import: %s: database error, nothing changed: %s", source, imp.db_error);
    report_add(&imp.problems, 0, "De database gaf een fout (%s). Er is niets veranderd.",
                imp.db_error);
    rc = -1;
    goto done;
out_of_memory:
    log_err("import: %s: out of memory, nothing changed", source);
    report_add(&imp.problems, 0, "Er is te weinig geheugen vrij. Er is niets veranderd.");
    rc = -1;
done:
    if (rc != 0)
        out->added = out->updated = out->same = 0;
    const char *first = imp.problems.text ? imp.problems.text : "";
    if (rc == 1)
        log_warn("import: %s: refused, %d problem(s); first: %.*s", source, imp.problems.count,
                 (int)strcspn(first, "\n"), first);
    out->problems = imp.problems.count;
    out->report = report_finish(&imp.problems);
    size_t report_len = out->report ? strlen(out->report) : 0;
    if (report_len && out->report[report_len - 1] == '\n')
        out->report[report_len - 1] = '\0'; /* lines between, not after */
    free(imp.seen.slots);
    free(text);
    return rc;
}

int db_import_students(struct db *db, const char *data, size_t len, const char *group,
                       int dry_run, int64_t now, struct db_import_result *out)
{
    return import_run(db, "data", (const unsigned char *)data, len, group, dry_run, now, out);
}

/* strerror in Dutch for the usual cases. */
static const char *file_error(int err)
{
    switch (err) {
    case ENOENT:
        return "het bestaat niet";
    case EACCES:
        return "er is geen toegang (rechten)";
    case EISDIR:
        return "het is een map";
    default:
        return strerror(err);
    }
}

/* A file that cannot be read: one problem, as import_run reports them. */
__attribute__((format(printf, 3, 4))) static int file_refused(struct db_import_result *out,
                                                              const char *path, const char *fmt,
                                                              ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    memset(out, 0, sizeof *out);
    out->problems = 1;
    out->report = strdup(msg);
    log_warn("import: %s: refused: %s", path, msg);
    return 1;
}

/* Reads all of f, but never more than one byte past the limit: that is
 * enough for import_run to refuse it as too big (a pipe has no size). */
static unsigned char *file_slurp(FILE *f, size_t size_hint, size_t *len)
{
    size_t cap = size_hint + 1, n = 0;
    if (cap > DB_IMPORT_MAX_BYTES + 1)
        cap = DB_IMPORT_MAX_BYTES + 1;
    unsigned char *buf = malloc(cap);
    while (buf) {
        n += fread(buf + n, 1, cap - n, f);
        if (n < cap || cap == DB_IMPORT_MAX_BYTES + 1)
            break; /* end of file, an error, or enough */
        size_t grown_cap = cap * 2 < DB_IMPORT_MAX_BYTES + 1 ? cap * 2 : DB_IMPORT_MAX_BYTES + 1;
        unsigned char *grown = realloc(buf, grown_cap);
        if (!grown) {
            free(buf);
            buf = NULL;
            break;
        }
        buf = grown;
        cap = grown_cap;
    }
    *len = n;
    return buf;
}

int db_import_students_file(struct db *db, const char *path, const char *group, int dry_run,
                            int64_t now, struct db_import_result *out)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return file_refused(out, path, "Het bestand %s is niet te openen: %s.", path,
                            file_error(errno));
    struct stat st;
    unsigned char *data = NULL;
    size_t len = 0;
    int rc;
    if (fstat(fileno(f), &st) != 0 || S_ISDIR(st.st_mode)) {
        rc = file_refused(out, path, "%s is geen bestand.", path);
        goto out;
    }
    if (S_ISREG(st.st_mode) && (uintmax_t)st.st_size > DB_IMPORT_MAX_BYTES) {
        rc = file_refused(out, path, "%s", too_big);
        goto out;
    }
    data = file_slurp(f, S_ISREG(st.st_mode) ? (size_t)st.st_size : 64 * 1024, &len);
    if (!data) {
        rc = file_refused(out, path, "Er is te weinig geheugen vrij om %s te lezen.", path);
        goto out;
    }
    if (ferror(f)) {
        rc = file_refused(out, path, "Het bestand %s is niet te lezen: %s.", path,
                          file_error(errno));
        goto out;
    }
    rc = import_run(db, path, data, len, group, dry_run, now, out);
out:
    free(data);
    fclose(f);
    return rc;
}
