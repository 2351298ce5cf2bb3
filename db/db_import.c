/* db_import.c: the student-list importer (CSV exports of Eduarte, Magister
 * and the like, see README.md "Student lists"). The bytes become UTF-8 text
 * (db_import_text.h), which goes through the CSV reader (db_csv.h) twice:
 * the first pass only checks every row and collects problems, the second
 * runs only when there are none and writes everything in one transaction. Reading twice instead of keeping the rows keeps memory small
 * on a 20 MB file and means a refused file never touches the database. */
#include "db/db_import.h"
#include "db/db_csv.h"
#include "db/db_import_text.h"
#include "db/db_student.h"
#include "base/log.h"
#include "base/report.h"
#include "base/utf8.h"

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

/* ---- problems ---- */

/* Every problem is counted; only the first DB_IMPORT_REPORT_LINES are kept
 * (base/report.h), so a file that is wrong on every one of 200 000 rows
 * stays cheap. */

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

/* ---- the CSV reader's handler ---- */

static int on_record(void *user, int line, char **cols, size_t n)
{
    struct import *imp = user;
    import_record(imp, line, cols, n);
    return imp->out_of_memory ? -1 : 0;
}

/* A quote error drops the record it is in. When that is the header, the
 * next record must not be taken for it: the rows are left unchecked. */
static void on_quote_problem(void *user, int line, const char *msg)
{
    struct import *imp = user;
    report_add(&imp->problems, line, "%s", msg);
    if (!imp->header_line) {
        imp->header_line = line;
        imp->header_bad = 1;
    }
}

static const struct db_csv_handler csv_handler = {on_record, on_quote_problem};

/* Reads all of text, handing each record to import_record. -1 when memory
 * runs out. */
static int reader_run(struct import *imp, const char *text, size_t len)
{
    return db_csv_read(text, len, imp->sep, &csv_handler, imp);
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
    if (len > DB_IMPORT_MAX_BYTES) {
        report_add(&imp.problems, 0, "%s", too_big);
        goto done;
    }
    enum db_import_text decoded = db_import_text(data, len, &imp.problems, &text, &text_len);
    if (decoded == DB_IMPORT_TEXT_NO_MEMORY)
        goto out_of_memory;
    if (decoded == DB_IMPORT_TEXT_REFUSED)
        goto done;
    out->windows1252 = decoded == DB_IMPORT_TEXT_WINDOWS1252;
    imp.sep = out->separator = db_csv_separator(text, text_len);

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
