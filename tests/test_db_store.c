/* test_db_store.c: schema migrations, students, sessions and check-ins on a
 * real SQLite file. */
#include "db/db.h"
#include "db/db_migrate.h"
#include "db/db_session.h"
#include "db/db_student.h"
#include "tests/testutil.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

TEST_DB_FIXTURE

static int64_t query_int(sqlite3 *h, const char *sql)
{
    sqlite3_stmt *st;
    int64_t v = -1;
    if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) != SQLITE_OK)
        return -2;
    if (sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

static struct db_student student(const char *number, const char *first, const char *last,
                                 const char *group)
{
    struct db_student s = {0};
    snprintf(s.number, sizeof s.number, "%s", number);
    snprintf(s.first_name, sizeof s.first_name, "%s", first);
    snprintf(s.last_name, sizeof s.last_name, "%s", last);
    snprintf(s.group, sizeof s.group, "%s", group);
    return s;
}

static void empty_file_gets_current_schema_and_pragmas(void **state)
{
    sqlite3 *h = db_handle(db);
    assert_int_equal(query_int(h, "PRAGMA user_version"), db_migrate_latest());
    assert_int_equal(query_int(h, "PRAGMA foreign_keys"), 1);
    assert_int_equal(query_int(h, "PRAGMA synchronous"), 2); /* FULL */
    sqlite3_stmt *st;
    sqlite3_prepare_v2(h, "PRAGMA journal_mode", -1, &st, NULL);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(st, 0), "wal");
    sqlite3_finalize(st);
}

/* A file left at every older version, with data in it, migrates up and
 * keeps the data. */
static void every_older_version_migrates_up(void **state)
{
    for (int v = 0; v < db_migrate_latest(); v++) {
        char p[512], err[256];
        snprintf(p, sizeof p, "%s/old.db", test_tmpdir());
        sqlite3 *h;
        assert_int_equal(sqlite3_open(p, &h), SQLITE_OK);
        assert_int_equal(db_migrate_to(h, v, err, sizeof err), 0);
        assert_int_equal(query_int(h, "PRAGMA user_version"), v);
        if (v >= 1)
            assert_int_equal(sqlite3_exec(h,
                                          "INSERT INTO students(uid, number, first_name,"
                                          " last_name, updated_at) VALUES ('u1', '007', 'Bo',"
                                          " 'Smit', 1)",
                                          NULL, NULL, NULL),
                             SQLITE_OK);
        sqlite3_close(h);

        struct db *up = db_open(p, err, sizeof err);
        assert_non_null(up);
        assert_int_equal(query_int(db_handle(up), "PRAGMA user_version"), db_migrate_latest());
        struct db_student s;
        assert_int_equal(db_student_find(up, "007", &s), v >= 1 ? 1 : 0);
        db_close(up);
    }
}

static void newer_file_is_refused_not_migrated_down(void **state)
{
    char p[512], err[256];
    snprintf(p, sizeof p, "%s/new.db", test_tmpdir());
    sqlite3 *h;
    sqlite3_open(p, &h);
    char sql[64];
    snprintf(sql, sizeof sql, "PRAGMA user_version=%d", db_migrate_latest() + 1);
    sqlite3_exec(h, sql, NULL, NULL, NULL);
    sqlite3_close(h);
    assert_null(db_open(p, err, sizeof err));
    assert_non_null(strstr(err, "nieuwere stagekiosk"));
    sqlite3_open(p, &h);
    assert_int_equal(query_int(h, "PRAGMA user_version"), db_migrate_latest() + 1);
    sqlite3_close(h);
}

static void not_a_database_is_refused(void **state)
{
    char p[512], err[256];
    snprintf(p, sizeof p, "%s/junk.db", test_tmpdir());
    FILE *f = fopen(p, "w");
    for (int i = 0; i < 200; i++)
        fputs("dit is geen database ", f);
    fclose(f);
    assert_null(db_open(p, err, sizeof err));
}

static void upsert_never_duplicates(void **state)
{
    struct db_student s = student("042512", "Finn", "Peters", "ZW2B");
    assert_int_equal(db_student_upsert(db, &s, 1), DB_UPSERT_ADDED);
    assert_int_equal(db_student_upsert(db, &s, 2), DB_UPSERT_SAME);
    snprintf(s.first_name, sizeof s.first_name, "Fin");
    assert_int_equal(db_student_upsert(db, &s, 3), DB_UPSERT_UPDATED);
    assert_int_equal(db_student_count(db, 0), 1);
    struct db_student got;
    assert_int_equal(db_student_find(db, "042512", &got), 1);
    assert_string_equal(got.first_name, "Fin");
    assert_string_equal(got.group, "ZW2B");
    assert_int_equal(db_student_find(db, "42512", &got), 0); /* text, not a number */
}

static void short_name_is_first_name_and_initial(void **state)
{
    char name[64];
    struct db_student s = student("1", "Levi", "Çelik", "A");
    db_student_short_name(&s, name, sizeof name);
    assert_string_equal(name, "Levi Ç.");
    snprintf(s.prefix, sizeof s.prefix, "van der");
    s = student("2", "Fatima", "Groot", "A");
    db_student_short_name(&s, name, sizeof name);
    assert_string_equal(name, "Fatima G.");
}

static void one_session_at_a_time(void **state)
{
    char err[256];
    struct db_student s = student("1", "A", "B", "ZW2A");
    db_student_upsert(db, &s, 1);
    assert_true(db_session_start(db, "terugkomdag", "ZW9", "X", 100, 0, err, sizeof err) < 0);
    assert_non_null(strstr(err, "ZW9"));
    assert_true(db_session_start(db, "feest", "ZW2A", "X", 100, 0, err, sizeof err) < 0);
    int64_t id = db_session_start(db, "terugkomdag", "ZW2A", "Dag 1", 100, 200, err, sizeof err);
    assert_true(id > 0);
    assert_true(db_session_start(db, "intake", "ZW2A", "Dag 2", 150, 0, err, sizeof err) < 0);
    assert_non_null(strstr(err, "Dag 1"));
    struct db_session cur;
    assert_int_equal(db_session_current(db, &cur), 1);
    assert_int_equal(cur.id, id);
    assert_string_equal(cur.group, "ZW2A");
    assert_int_equal(db_session_stop(db, 300), 1);
    assert_int_equal(db_session_current(db, &cur), 0);
    assert_int_equal(db_session_stop(db, 301), 0);
}

static void checkin_once_late_and_guest(void **state)
{
    char err[256];
    struct db_student a = student("1", "Sanne", "Jansen", "ZW2A");
    struct db_student b = student("2", "Daan", "Bakker", "ZW2B");
    db_student_upsert(db, &a, 1);
    db_student_upsert(db, &b, 1);
    db_student_find(db, "1", &a);
    db_student_find(db, "2", &b);
    db_session_start(db, "terugkomdag", "ZW2A", "Dag", 1000, 1900, err, sizeof err);
    struct db_session ses;
    db_session_current(db, &ses);

    struct db_checkin c;
    assert_int_equal(db_checkin_add(db, &ses, &a, 1800, "scan", "", "", &c), DB_CHECKIN_NEW);
    assert_false(c.late);
    assert_false(c.guest);
    assert_int_equal(db_checkin_add(db, &ses, &a, 2500, "scan", "", "", &c), DB_CHECKIN_ALREADY);
    assert_int_equal(c.at, 1800); /* the first time is reported, nothing new stored */
    assert_int_equal(db_checkin_add(db, &ses, &b, 1901, "scan", "", "", &c), DB_CHECKIN_NEW);
    assert_true(c.late);
    assert_true(c.guest);
    assert_int_equal(db_checkin_count(db, ses.id), 2);
    assert_int_equal(query_int(db_handle(db), "SELECT count(*) FROM checkins"), 2);
}

static void revoked_card_version_grows(void **state)
{
    struct db_student s = student("9", "A", "B", "ZW2A");
    db_student_upsert(db, &s, 1);
    assert_int_equal(db_student_revoke_card(db, "9"), 2);
    db_student_upsert(db, &s, 2); /* a re-import keeps the card version */
    db_student_find(db, "9", &s);
    assert_int_equal(s.card_version, 2);
    assert_int_equal(db_student_revoke_card(db, "nobody"), -1);
}

static void another_process_commit_is_noticed(void **state)
{
    char err[256];
    assert_int_equal(db_changed(db), 0);
    struct db *other = db_open(path, err, sizeof err);
    struct db_student s = student("5", "A", "B", "ZW2A");
    db_student_upsert(other, &s, 1);
    db_close(other);
    assert_int_equal(db_changed(db), 1);
    assert_int_equal(db_changed(db), 0);
    /* our own writes are not "changes by others" */
    s = student("6", "A", "B", "ZW2A");
    db_student_upsert(db, &s, 1);
    assert_int_equal(db_changed(db), 0);
}

/* How many students the file itself holds, leaving the WAL's pages out
 * (an immutable open reads the main file only). */
static int64_t students_in_file(void)
{
    char uri[600];
    snprintf(uri, sizeof uri, "file:%s?immutable=1", path);
    sqlite3 *h = NULL;
    assert_int_equal(sqlite3_open_v2(uri, &h, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL),
                     SQLITE_OK);
    int64_t n = query_int(h, "SELECT count(*) FROM students");
    sqlite3_close(h);
    return n;
}

/* The kiosk's connection (app_open_store) never copies the WAL into the
 * file inside a commit, not even when the WAL is far past SQLite's 1000
 * pages; db_checkpoint() does, and then the file holds every row. */
static void checkpoints_only_by_hand(void **state)
{
    db_checkpoints_by_hand(db);
    assert_int_equal(db_checkpoint(db), 0); /* the schema is in the file */
    int64_t before = students_in_file();
    assert_true(before >= 0);
    for (int i = 0; i < 1500; i++) {
        char number[16];
        snprintf(number, sizeof number, "%d", 700000 + i);
        struct db_student s = student(number, "A", "B", "ZW2A");
        assert_int_equal(db_student_upsert(db, &s, 1), DB_UPSERT_ADDED);
    }
    assert_int_equal(students_in_file(), before);
    assert_int_equal(db_checkpoint(db), 0);
    assert_int_equal(students_in_file(), before + 1500);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, open_fresh, close_db)
    const struct CMUnitTest tests[] = {
        T(empty_file_gets_current_schema_and_pragmas),
        T(every_older_version_migrates_up),
        T(newer_file_is_refused_not_migrated_down),
        T(not_a_database_is_refused),
        T(upsert_never_duplicates),
        T(short_name_is_first_name_and_initial),
        T(one_session_at_a_time),
        T(checkin_once_late_and_guest),
        T(revoked_card_version_grows),
        T(another_process_commit_is_noticed),
        T(checkpoints_only_by_hand),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
