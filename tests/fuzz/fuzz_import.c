/* fuzz_import.c: the student-list importer on any bytes.
 *
 * Promises checked (db_import.h, README "Student lists"):
 * - a file with any problem changes nothing and says why;
 * - what is stored is readable text: valid UTF-8, no control characters;
 * - the report is readable text too, one problem per line, capped.
 * The options come from the input's length, so seed files stay plain CSV. */
#include "db/db.h"
#include "db/db_import.h"
#include "tests/fuzz/fuzz.h"

static struct db *db;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    fuzz_quiet();
    char err[256];
    db = db_open(":memory:", err, sizeof err);
    if (!db) {
        fprintf(stderr, "fuzz_import: %s\n", err);
        abort();
    }
    return 0;
}

static int64_t count(const char *sql)
{
    return db_step_int(db_stmt(db, sql), -1);
}

/* Every text a person may later see on a screen, a card or an export. */
static void check_stored_text(void)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT number, first_name, prefix, last_name, initials,"
                                   " email, programme, crebo, coalesce(g.name, '')"
                                   " FROM students s LEFT JOIN groups g ON g.id = s.group_id");
    fuzz_check(st);
    while (sqlite3_step(st) == SQLITE_ROW) {
        for (int i = 0; i < 9; i++) {
            const char *v = (const char *)sqlite3_column_text(st, i);
            fuzz_check(v && fuzz_clean_text(v, ""));
        }
        /* the number goes on a card: 0-9, A-Z, '-' */
        const char *number = (const char *)sqlite3_column_text(st, 0);
        fuzz_check(number[0] && strspn(number, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-") ==
                                    strlen(number));
    }
    sqlite3_reset(st);
}

static void check_report(const struct db_import_result *r)
{
    if (!r->report)
        return;
    fuzz_check(fuzz_clean_text(r->report, "\n"));
    int lines = 0;
    for (const char *p = r->report; *p; p++)
        lines += *p == '\n';
    fuzz_check(lines <= DB_IMPORT_REPORT_LINES + 2);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    int dry_run = size % 3 == 0;
    const char *group = size % 5 == 0 ? "ZW2A" : size % 7 == 0 ? "bad\tgroup" : NULL;
    struct db_import_result r;
    int rc = db_import_students(db, (const char *)data, size, group, dry_run, 1764493200, &r);
    fuzz_check(rc >= -1 && rc <= 1);
    check_report(&r);
    int64_t students = count("SELECT count(*) FROM students");
    if (rc != 0 || dry_run) {
        /* all or nothing: a refused file or a dry run leaves no trace */
        fuzz_check(students == 0);
        fuzz_check(count("SELECT count(*) FROM groups") == 0);
    }
    if (rc == 1)
        fuzz_check(r.problems > 0 && r.report && r.report[0]);
    if (rc == 0) {
        fuzz_check(r.problems == 0);
        fuzz_check(r.added + r.updated + r.same == r.rows);
        if (!dry_run)
            fuzz_check(students == r.added);
        check_stored_text();
    }
    free(r.report);
    fuzz_check(db_exec(db, "DELETE FROM students; DELETE FROM groups;") == 0);
    return 0;
}
