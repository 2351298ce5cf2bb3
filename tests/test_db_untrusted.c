/* test_db_untrusted.c: a database file from a stick is outside input.
 * Crafted snapshots (a view over an endless query in place of a table, a
 * trigger, a missing column, an extra object) are refused by merge within
 * seconds with a Dutch message, and the store is unchanged; the work bound
 * stops an endless query by itself. Each test runs under alarm(): without
 * the checks or the bound it would run until killed, and the alarm fails
 * it instead. */
#include "db/db.h"
#include "db/db_merge.h"
#include "db/db_migrate.h"
#include "db/db_untrusted.h"
#include "tests/testutil.h"
#include "tests/testutil_db.h"

#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#define SECONDS_ALLOWED 20

static char store[512], snapshot[512];

static void exec_h(sqlite3 *h, const char *sql)
{
    char *msg = NULL;
    if (sqlite3_exec(h, sql, NULL, NULL, &msg) != SQLITE_OK)
        fail_msg("%s: %s", sql, msg);
}

/* A real store with a few rows, and a snapshot of it (as an export makes:
 * a plain rollback-journal file). */
static int setup(void **state)
{
    const char *dir = test_tmpdir();
    snprintf(store, sizeof store, "%s/store.db", dir);
    snprintf(snapshot, sizeof snapshot, "%s/stagekiosk-snapshot.db", dir);
    char err[256];
    struct db *db = db_open(store, err, sizeof err);
    assert_non_null(db);
    db_close(db);
    sqlite3 *h;
    assert_int_equal(sqlite3_open(snapshot, &h), SQLITE_OK);
    assert_int_equal(db_migrate_to(h, db_migrate_latest(), err, sizeof err), 0);
    exec_h(h, "INSERT INTO groups(name) VALUES ('ZW2A');"
              "INSERT INTO students(uid, number, first_name, last_name, group_id, updated_at)"
              " VALUES ('u1', '1001', 'Sanne', 'Jong', 1, 1800000000);"
              "INSERT INTO questionnaires(uid, name, version, kind, title, source, hash,"
              " loaded_at) VALUES ('q1', 'zelfscan', 1, 'zelfscan', 'Zelfscan', '', 'h', 1);"
              "INSERT INTO responses(uid, student_id, questionnaire_id, started_at)"
              " VALUES ('r1', 1, 1, 1800000100);"
              "INSERT INTO answers(uid, response_id, item_key, value_num, answered_at)"
              " VALUES ('a1', 1, 'luisteren', 4, 1800000150);");
    sqlite3_close(h);
    alarm(SECONDS_ALLOWED); /* SIGALRM ends the program: the test fails */
    return 0;
}

static int teardown(void **state)
{
    alarm(0);
    return 0;
}

static void alter_snapshot(const char *sql)
{
    sqlite3 *h;
    assert_int_equal(sqlite3_open(snapshot, &h), SQLITE_OK);
    exec_h(h, sql);
    sqlite3_close(h);
}

static char *store_dump(void)
{
    sqlite3 *h;
    assert_int_equal(sqlite3_open_v2(store, &h, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    char *d = test_db_dump(h, NULL);
    assert_non_null(d);
    sqlite3_close(h);
    return d;
}

/* Merge refuses the snapshot, says so in Dutch, and changes nothing. */
static void merge_refuses(enum db_untrusted_verdict want)
{
    int version;
    int64_t pages;
    assert_int_equal(db_untrusted_check(snapshot, &version, &pages), want);
    char *before = store_dump();
    char err[256];
    struct db *db = db_open(store, err, sizeof err);
    assert_non_null(db);
    struct db_merge_result r;
    assert_int_equal(db_merge_snapshot(db, snapshot, &r), -1);
    assert_non_null(strstr(r.err, "Er is niets samengevoegd."));
    assert_non_null(strstr(r.err, "Het bestand"));
    db_close(db);
    char *after = store_dump();
    assert_string_equal(before, after);
    free(before);
    free(after);
}

static void a_real_snapshot_passes(void **state)
{
    int version;
    int64_t pages;
    assert_int_equal(db_untrusted_check(snapshot, &version, &pages), DB_UNTRUSTED_OK);
    assert_int_equal(version, db_migrate_latest());
    assert_true(pages > 0);
    char err[256];
    struct db *db = db_open(store, err, sizeof err);
    struct db_merge_result r;
    assert_int_equal(db_merge_snapshot(db, snapshot, &r), 0);
    assert_int_equal(r.answers_added, 1);
    db_close(db);
}

/* The report of issue 11: answers replaced by a view over an endless
 * recursive query made merge run until it was killed. */
static void view_over_an_endless_query(void **state)
{
    alter_snapshot("DROP TABLE answers;"
                   "CREATE VIEW answers(id, uid, response_id, item_key, value_num, value_text,"
                   " answered_at) AS WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL"
                   " SELECT x + 1 FROM r) SELECT x, hex(x), 1, 'k', x, '', x FROM r");
    merge_refuses(DB_UNTRUSTED_ALTERED);
}

static void trigger(void **state)
{
    alter_snapshot("CREATE TRIGGER steal AFTER INSERT ON groups BEGIN DELETE FROM students; END");
    merge_refuses(DB_UNTRUSTED_ALTERED);
}

static void missing_column(void **state)
{
    alter_snapshot("ALTER TABLE students DROP COLUMN email");
    merge_refuses(DB_UNTRUSTED_ALTERED);
}

static void extra_table_and_index(void **state)
{
    alter_snapshot("CREATE INDEX slow ON students(length(hex(zeroblob(1000000))))");
    merge_refuses(DB_UNTRUSTED_ALTERED);
}

/* An older version number on a newer schema is no version of ours. */
static void version_that_does_not_fit(void **state)
{
    alter_snapshot("PRAGMA user_version = 3");
    merge_refuses(DB_UNTRUSTED_ALTERED);
}

/* A -wal file beside the snapshot on the stick is never read. */
static void wal_beside_is_ignored(void **state)
{
    char wal[600];
    snprintf(wal, sizeof wal, "%s-wal", snapshot);
    FILE *f = fopen(wal, "w");
    fputs("not a wal", f);
    fclose(f);
    int version;
    int64_t pages;
    assert_int_equal(db_untrusted_check(snapshot, &version, &pages), DB_UNTRUSTED_OK);
}

/* The bound by itself: an endless query on a bounded connection stops. */
static void the_bound_stops_endless_work(void **state)
{
    sqlite3 *h;
    assert_int_equal(sqlite3_open(":memory:", &h), SQLITE_OK);
    struct db_work work;
    db_untrusted_bound(h, &work, db_untrusted_budget(10));
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(h,
                                        "WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x + 1"
                                        " FROM r) SELECT count(*) FROM r",
                                        -1, &st, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_INTERRUPT);
    assert_true(work.hit);
    sqlite3_finalize(st);
    /* removed again: the same connection runs to the end */
    db_untrusted_bound(h, &work, 0);
    assert_int_equal(sqlite3_prepare_v2(h,
                                        "WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x + 1"
                                        " FROM r LIMIT 100000) SELECT count(*) FROM r",
                                        -1, &st, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    sqlite3_finalize(st);
    sqlite3_close(h);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(a_real_snapshot_passes, setup, teardown),
        cmocka_unit_test_setup_teardown(view_over_an_endless_query, setup, teardown),
        cmocka_unit_test_setup_teardown(trigger, setup, teardown),
        cmocka_unit_test_setup_teardown(missing_column, setup, teardown),
        cmocka_unit_test_setup_teardown(extra_table_and_index, setup, teardown),
        cmocka_unit_test_setup_teardown(version_that_does_not_fit, setup, teardown),
        cmocka_unit_test_setup_teardown(wal_beside_is_ignored, setup, teardown),
        cmocka_unit_test_setup_teardown(the_bound_stops_endless_work, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
