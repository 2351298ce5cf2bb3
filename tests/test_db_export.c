/* test_db_export.c: the export folder on a plain folder: every file, its
 * CSV form, the manifest, the snapshot; and the faults a C test can cause
 * through the progress callback: the folder taken away mid-way, a stop.
 * tests/sh/export_fat.sh does the same on a real FAT file system, with a
 * full and a read-only stick, and opens the workbook with openpyxl. */
#include "db/db.h"
#include "db/db_export.h"
#include "db/db_migrate.h"
#include "db/db_pin.h"
#include "db/db_session.h"
#include "db/db_student.h"
#include "tests/testutil.h"

#include <dirent.h>
#include <errno.h>
#include <sodium.h>
#include <sys/stat.h>
#include <time.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

static struct db *db;
static char dest[512], scratch[512];
static int64_t t0; /* Monday 30 November 2026 09:00, local time */

static struct db_student student(const char *number, const char *first, const char *prefix,
                                 const char *last, const char *group)
{
    struct db_student s = {0};
    snprintf(s.number, sizeof s.number, "%s", number);
    snprintf(s.first_name, sizeof s.first_name, "%s", first);
    snprintf(s.prefix, sizeof s.prefix, "%s", prefix);
    snprintf(s.last_name, sizeof s.last_name, "%s", last);
    snprintf(s.group, sizeof s.group, "%s", group);
    return s;
}

static void check_in(const char *number, int64_t at, const char *how, const char *by,
                     const char *reason)
{
    struct db_session se;
    struct db_student st;
    struct db_checkin ci;
    assert_int_equal(db_session_current(db, &se), 1);
    assert_int_equal(db_student_find(db, number, &st), 1);
    assert_int_equal(db_checkin_add(db, &se, &st, at, how, by, reason, &ci), DB_CHECKIN_NEW);
}

/* Group ZW2A: three students; one of ZW2B comes as a guest. One session:
 * Sanne on time, Emre late, Daan absent. */
static int setup(void **state)
{
    char err[256], path[600];
    setenv("TZ", "Europe/Amsterdam", 1);
    tzset();
    struct tm tm = {.tm_year = 126, .tm_mon = 10, .tm_mday = 30, .tm_hour = 9, .tm_isdst = -1};
    t0 = (int64_t)mktime(&tm);

    db = test_db_new(path, sizeof path);
    assert_non_null(db);
    snprintf(dest, sizeof dest, "%s", test_tmpdir());
    snprintf(scratch, sizeof scratch, "%s", test_tmpdir());
    setenv("TMPDIR", scratch, 1);

    struct db_student s[] = {
        student("001234", "Sanne", "de", "Jong", "ZW2A"),
        student("001235", "Emre", "", "Çelik", "ZW2A"),
        student("001236", "Daan", "van", "Dijk; \"de\" Tweede", "ZW2A"),
        student("002001", "Fleur", "", "Bakker", "ZW2B"),
    };
    for (size_t i = 0; i < 4; i++)
        assert_true(db_student_upsert(db, &s[i], t0 - 86400) >= 0);
    assert_true(db_session_start(db, "terugkomdag", "ZW2A", "Terugkomdag 3", t0, t0 + 900, err,
                                 sizeof err) > 0);
    check_in("001234", t0 + 120, "scan", "", "");
    check_in("001235", t0 + 1500, "hand", "docent", "=pas vergeten");
    check_in("002001", t0 + 300, "scan", "", "");
    assert_int_equal(db_pin_set(db, "4321"), 0);
    /* Sanne did a zelfscan: one answer */
    assert_int_equal(db_exec(db, "INSERT INTO questionnaires(uid, name, version, kind, title,"
                                 " source, hash, loaded_at) VALUES ('q', 'zelfscan', 1,"
                                 " 'zelfscan', 'Zelfscan beroepshouding', '', 'h', 1);"
                                 "INSERT INTO responses(uid, student_id, questionnaire_id,"
                                 " started_at, finished_at) SELECT 'r', id, 1, 1, 2"
                                 " FROM students WHERE number = '001234';"
                                 "INSERT INTO answers(uid, response_id, item_key, value_num,"
                                 " answered_at) VALUES ('a', 1, 'op-tijd', 4, 2)"),
                     0);
    return 0;
}

static int teardown(void **state)
{
    db_close(db);
    db = NULL;
    return 0;
}

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = malloc(1 << 20);
    *len = fread(buf, 1, (1 << 20) - 1, f);
    buf[*len] = '\0';
    fclose(f);
    return buf;
}

static int count_entries(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return -1;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)))
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
            n++;
    closedir(d);
    return n;
}

/* Files in dir whose name does not end in .tmp: a failed export must
 * leave none that looks complete. */
static int complete_looking_files(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t len = strlen(e->d_name);
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        if (len < 4 || strcmp(e->d_name + len - 4, ".tmp"))
            n++;
    }
    closedir(d);
    return n;
}

static void folder_has_every_file_and_a_matching_manifest(void **state)
{
    struct db_export_result r;
    assert_int_equal(db_export_run(db, dest, "test", t0 + 3600, NULL, NULL, &r), 0);
    char want[600];
    snprintf(want, sizeof want, "%s/stagekiosk-export-2026-11-30-1000", dest);
    assert_string_equal(r.folder, want);
    /* snapshot, 6 CSVs, workbook, LEESMIJ, MANIFEST */
    assert_int_equal(r.files, db_export_sheet_count() + 4);
    assert_int_equal(count_entries(r.folder), r.files);
    /* attendance: 3 of ZW2A and the guest; 1 zelfscan answer; a signal
     * "no intake" for each of the 4 students */
    assert_int_equal(r.rows, 4 + 1 + 4);
    /* the scratch folder is gone */
    assert_int_equal(count_entries(scratch), 0);

    char path[PATH_MAX + 64];
    size_t len;
    snprintf(path, sizeof path, "%s/MANIFEST.sha256", r.folder);
    char *manifest = read_file(path, &len);
    assert_non_null(manifest);
    int lines = 0;
    for (char *line = strtok(manifest, "\n"); line; line = strtok(NULL, "\n")) {
        char hex[65], name[256];
        assert_int_equal(sscanf(line, "%64s  %255s", hex, name), 2);
        snprintf(path, sizeof path, "%s/%s", r.folder, name);
        size_t flen;
        char *data = read_file(path, &flen);
        assert_non_null(data);
        unsigned char sha[32];
        char got[65];
        crypto_hash_sha256(sha, (unsigned char *)data, flen);
        sodium_bin2hex(got, sizeof got, sha, sizeof sha);
        assert_string_equal(got, hex);
        free(data);
        lines++;
    }
    assert_int_equal(lines, r.files - 1);
    free(manifest);
}

static void attendance_csv_is_for_dutch_excel(void **state)
{
    struct db_export_result r;
    assert_int_equal(db_export_run(db, dest, "test", t0 + 3600, NULL, NULL, &r), 0);
    char path[PATH_MAX + 64];
    size_t len;
    snprintf(path, sizeof path, "%s/aanwezigheid.csv", r.folder);
    char *csv = read_file(path, &len);
    assert_non_null(csv);
    /* BOM, ';', CRLF */
    assert_memory_equal(csv, "\xEF\xBB\xBF" "Bijeenkomst;Soort;Datum;Begin;Groep;Studentnummer;"
                             "Naam;Eigen klas;Status;Tijd;Hoe;Door;Reden;Kiosk\r\n",
                        strlen("\xEF\xBB\xBF" "Bijeenkomst;Soort;Datum;Begin;Groep;Studentnummer;"
                               "Naam;Eigen klas;Status;Tijd;Hoe;Door;Reden;Kiosk\r\n"));
    /* Sorted by last name: Bakker (guest), Çelik sorts after D in bytes. */
    assert_non_null(strstr(csv, "\r\nTerugkomdag 3;terugkomdag;30-11-2026;09:00;ZW2A;002001;"
                                "Fleur Bakker;ZW2B;aanwezig;09:05;pas;;;deze kiosk\r\n"));
    assert_non_null(strstr(csv, ";001234;Sanne de Jong;ZW2A;aanwezig;09:02;pas;;;deze kiosk\r\n"));
    /* Late, by hand, and a reason that looks like a formula is defused. */
    assert_non_null(strstr(csv, ";001235;Emre Çelik;ZW2A;te laat;09:25;met de hand;docent;"
                                "'=pas vergeten;deze kiosk\r\n"));
    /* A field with ; and " is quoted, the quotes doubled; the session
     * still runs, so who did not come yet is "nog niet binnen". */
    assert_non_null(strstr(csv, ";001236;\"Daan van Dijk; \"\"de\"\" Tweede\";ZW2A;nog niet binnen;;;;;deze kiosk\r\n"));
    /* No bare LF anywhere. */
    for (size_t i = 0; i < len; i++)
        if (csv[i] == '\n')
            assert_int_equal(csv[i - 1], '\r');
    free(csv);

    /* A sheet without rows is its header row. */
    snprintf(path, sizeof path, "%s/polls.csv", r.folder);
    csv = read_file(path, &len);
    assert_non_null(csv);
    assert_string_equal(csv, "\xEF\xBB\xBF" "Datum;Tijd;Groep;Bijeenkomst;Vraag;Nr;Antwoord;"
                             "Stemmen;Totaal;Procent;Kiosk\r\n");
    free(csv);
    /* Zelfscans and signals come from the other features' tables. */
    snprintf(path, sizeof path, "%s/zelfscans.csv", r.folder);
    csv = read_file(path, &len);
    assert_non_null(csv);
    assert_non_null(strstr(csv, ";001234;Sanne de Jong;Zelfscan beroepshouding;1;ja;op-tijd;;4;deze kiosk\r\n"));
    free(csv);
    snprintf(path, sizeof path, "%s/signalen.csv", r.folder);
    csv = read_file(path, &len);
    assert_non_null(csv);
    assert_non_null(strstr(csv, ";001235;Emre Çelik;ZW2A;Geen intake;"));
    free(csv);
}

static int64_t snap_int(const char *path, const char *sql)
{
    sqlite3 *h;
    sqlite3_stmt *st;
    int64_t v = -1;
    if (sqlite3_open_v2(path, &h, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
        return -2;
    if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) == SQLITE_OK) {
        if (sqlite3_step(st) == SQLITE_ROW)
            v = sqlite3_column_int64(st, 0);
        sqlite3_finalize(st);
    }
    sqlite3_close(h);
    return v;
}

static const char *journal_mode(const char *path)
{
    static char mode[16];
    sqlite3 *h;
    sqlite3_stmt *st;
    mode[0] = '\0';
    if (sqlite3_open_v2(path, &h, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
        return mode;
    if (sqlite3_prepare_v2(h, "PRAGMA journal_mode", -1, &st, NULL) == SQLITE_OK) {
        if (sqlite3_step(st) == SQLITE_ROW)
            snprintf(mode, sizeof mode, "%s", (const char *)sqlite3_column_text(st, 0));
        sqlite3_finalize(st);
    }
    sqlite3_close(h);
    return mode;
}

/* The snapshot is the whole store, stands on its own (no WAL needed), and
 * carries no PIN hash. */
static void snapshot_is_whole_and_without_pin(void **state)
{
    struct db_export_result r;
    assert_int_equal(db_export_run(db, dest, "test", t0, NULL, NULL, &r), 0);
    char path[PATH_MAX + 64];
    snprintf(path, sizeof path, "%s/stagekiosk-snapshot.db", r.folder);
    chmod(r.folder, 0555); /* as on a read-only stick */
    assert_int_equal(snap_int(path, "SELECT count(*) FROM students"), 4);
    assert_int_equal(snap_int(path, "SELECT count(*) FROM checkins"), 3);
    assert_int_equal(snap_int(path, "SELECT count(*) FROM settings WHERE key LIKE 'pin.%'"), 0);
    assert_int_equal(snap_int(path, "PRAGMA user_version"), db_migrate_latest());
    assert_string_equal(journal_mode(path), "delete");
    chmod(r.folder, 0755);
    /* ... while the kiosk keeps its PIN. */
    assert_int_equal(db_pin_is_set(db), 1);
}

static void two_exports_in_one_minute_get_two_folders(void **state)
{
    struct db_export_result a, b;
    assert_int_equal(db_export_run(db, dest, "test", t0, NULL, NULL, &a), 0);
    assert_int_equal(db_export_run(db, dest, "test", t0 + 5, NULL, NULL, &b), 0);
    assert_string_not_equal(a.folder, b.folder);
    assert_non_null(strstr(b.folder, "-0900-2"));
}

/* The progress callback plays the person who pulls the stick: the export
 * folder disappears after the snapshot was written. */
struct vanish {
    int at_step;
    char moved[PATH_MAX];
    int calls;
};

static int vanish_cb(void *user, int done, int total, const char *what)
{
    struct vanish *v = user;
    assert_true(done >= 0 && done <= total);
    if (v->calls++ != v->at_step)
        return 0;
    char folder[PATH_MAX];
    snprintf(folder, sizeof folder, "%s/stagekiosk-export-2026-11-30-0900", dest);
    snprintf(v->moved, sizeof v->moved, "%s/elsewhere", scratch);
    assert_int_equal(rename(folder, v->moved), 0);
    return 0;
}

static void folder_removed_midway_leaves_nothing_complete(void **state)
{
    int n = db_export_sheet_count();
    const int steps[] = {1, 3, n + 1, n + 2};
    for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
        struct vanish v = {.at_step = steps[i]};
        struct db_export_result r;
        assert_int_equal(db_export_run(db, dest, "test", t0, vanish_cb, &v, &r), -1);
        assert_string_equal(r.err, "De stick is weg. Er is niets opgeslagen. "
                                   "Steek hem er weer in en probeer het opnieuw.");
        /* What got away holds temporary files at most, never a manifest. */
        assert_int_equal(complete_looking_files(v.moved), 0);
        assert_int_equal(count_entries(dest), 0);
        char cmd[PATH_MAX + 16];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", v.moved);
        assert_int_equal(system(cmd), 0);
    }
    /* scratch files are gone too */
    assert_int_equal(count_entries(scratch), 0);
}

static int stop_cb(void *user, int done, int total, const char *what)
{
    return done >= *(int *)user;
}

static void stopping_removes_the_folder(void **state)
{
    int stop_at = 2;
    struct db_export_result r;
    assert_int_equal(db_export_run(db, dest, "test", t0, stop_cb, &stop_at, &r), -1);
    assert_string_equal(r.err, "Het exporteren is gestopt. Er is niets opgeslagen.");
    assert_int_equal(count_entries(dest), 0);
    /* Stopped at the very last step: still nothing kept. */
    stop_at = db_export_sheet_count() + 3;
    assert_int_equal(db_export_run(db, dest, "test", t0, stop_cb, &stop_at, &r), -1);
    assert_int_equal(count_entries(dest), 0);
}

static void missing_destination_says_the_stick_is_gone(void **state)
{
    struct db_export_result r;
    char gone[600];
    snprintf(gone, sizeof gone, "%s/not-there", dest);
    assert_int_equal(db_export_run(db, gone, "test", t0, NULL, NULL, &r), -1);
    assert_non_null(strstr(r.err, "De stick is weg."));
    assert_int_equal(count_entries(dest), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(folder_has_every_file_and_a_matching_manifest, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(attendance_csv_is_for_dutch_excel, setup, teardown),
        cmocka_unit_test_setup_teardown(snapshot_is_whole_and_without_pin, setup, teardown),
        cmocka_unit_test_setup_teardown(two_exports_in_one_minute_get_two_folders, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(folder_removed_midway_leaves_nothing_complete, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(stopping_removes_the_folder, setup, teardown),
        cmocka_unit_test_setup_teardown(missing_destination_says_the_stick_is_gone, setup,
                                        teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
