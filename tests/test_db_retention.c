/* test_db_retention.c: students inactive for N months are counted, then
 * deleted with all their rows; active ones and other students' rows stay;
 * a table the purge does not know stops it whole. */
#include "db/db.h"
#include "db/db_retention.h"
#include "db/db_session.h"
#include "db/db_student.h"
#include "tests/testutil.h"

#include <time.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

static struct db *db;
static int64_t now;

static int64_t months_ago(int m)
{
    time_t t = (time_t)now;
    struct tm tm;
    localtime_r(&t, &tm);
    tm.tm_mon -= m;
    tm.tm_isdst = -1;
    return (int64_t)mktime(&tm);
}

static void exec(const char *sql)
{
    assert_int_equal(db_exec(db, sql), 0);
}

static int64_t query_int(const char *sql)
{
    sqlite3_stmt *st;
    int64_t v = -1;
    assert_int_equal(sqlite3_prepare_v2(db_handle(db), sql, -1, &st, NULL), SQLITE_OK);
    if (sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

static void add_student(const char *number, int64_t updated)
{
    struct db_student s = {0};
    snprintf(s.number, sizeof s.number, "%s", number);
    snprintf(s.first_name, sizeof s.first_name, "Student");
    snprintf(s.last_name, sizeof s.last_name, "%s", number);
    snprintf(s.group, sizeof s.group, "ZW2A");
    assert_int_equal(db_student_upsert(db, &s, updated), DB_UPSERT_ADDED);
}

static void check_in(const char *number, int64_t at)
{
    char err[256];
    struct db_session se;
    struct db_student st;
    struct db_checkin ci;
    assert_true(db_session_start(db, "terugkomdag", "ZW2A", "Dag", at, 0, err, sizeof err) > 0);
    assert_int_equal(db_session_current(db, &se), 1);
    assert_int_equal(db_student_find(db, number, &st), 1);
    assert_int_equal(db_checkin_add(db, &se, &st, at, "scan", "", "", &ci), DB_CHECKIN_NEW);
    assert_int_equal(db_session_stop(db, at + 3600), 1);
}

/* gone: last seen 30 months ago, with a zelfscan and a learning goal;
 * back: updated long ago but checked in last month; new: just imported. */
static int setup(void **state)
{
    char path[600];
    db = test_db_new(path, sizeof path);
    assert_non_null(db);
    now = 1800000000;
    add_student("100", months_ago(31));
    add_student("200", months_ago(40));
    add_student("300", now - 86400);
    check_in("100", months_ago(30));
    check_in("200", months_ago(1));
    exec("INSERT INTO questionnaires(uid, name, version, kind, title, source, hash, loaded_at)"
         " VALUES ('q1', 'zelfscan', 1, 'zelfscan', 'Zelfscan', '', 'h', 1)");
    exec("INSERT INTO responses(uid, student_id, questionnaire_id, started_at)"
         " SELECT 'r' || number, id, 1, 1 FROM students");
    exec("INSERT INTO answers(uid, response_id, item_key, value_num, answered_at)"
         " SELECT 'a' || id, id, 'x', 3, 1 FROM responses");
    exec("INSERT INTO learning_goals(uid, student_id, text, created_at, updated_at)"
         " SELECT 'g' || number, id, 'Doel', 1, 1 FROM students");
    return 0;
}

static int teardown(void **state)
{
    db_close(db);
    return 0;
}

static void cutoff_is_calendar_months_back(void **state)
{
    assert_int_equal(db_retention_cutoff(24, now), months_ago(24));
    assert_int_equal(db_retention_cutoff(0, now), -1);
    assert_int_equal(db_retention_cutoff(1201, now), -1);
}

static void counts_then_deletes_only_the_inactive_with_all_their_rows(void **state)
{
    assert_int_equal(db_retention_count(db, 24, now), 1);
    /* counting changes nothing */
    assert_int_equal(query_int("SELECT count(*) FROM students"), 3);
    assert_int_equal(db_retention_purge(db, 24, now), 1);
    assert_int_equal(query_int("SELECT count(*) FROM students WHERE number = '100'"), 0);
    assert_int_equal(query_int("SELECT count(*) FROM students"), 2);
    assert_int_equal(query_int("SELECT count(*) FROM checkins"), 1);
    assert_int_equal(query_int("SELECT count(*) FROM responses"), 2);
    assert_int_equal(query_int("SELECT count(*) FROM answers"), 2);
    assert_int_equal(query_int("SELECT count(*) FROM learning_goals"), 2);
    assert_int_equal(query_int("SELECT count(*) FROM learning_goals WHERE uid = 'g100'"), 0);
    assert_int_equal(query_int("PRAGMA foreign_key_check"), -1); /* no rows: none dangle */
    assert_int_equal(db_retention_count(db, 24, now), 0);
    assert_int_equal(db_retention_purge(db, 24, now), 0);
    /* A shorter period catches the one who came back last month too. */
    assert_int_equal(db_retention_count(db, 1, now + 86400), 1);
}

/* A table that points at students but is unknown to the purge: the
 * deferred foreign key check stops the purge whole. */
static void unknown_table_stops_the_purge_whole(void **state)
{
    exec("CREATE TABLE extra(id INTEGER PRIMARY KEY, student_id INTEGER REFERENCES students(id))");
    exec("INSERT INTO extra(student_id) SELECT id FROM students WHERE number = '100'");
    assert_int_equal(db_retention_purge(db, 24, now), -1);
    assert_int_equal(query_int("SELECT count(*) FROM students"), 3);
    assert_int_equal(query_int("SELECT count(*) FROM checkins"), 2);
    assert_int_equal(query_int("SELECT count(*) FROM learning_goals"), 3);
}

/* Every table that points at students has its row in db_retention.c. */
static void every_table_pointing_at_students_is_purged(void **state)
{
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db_handle(db),
                                        "SELECT m.name FROM sqlite_master m,"
                                        " pragma_foreign_key_list(m.name) f"
                                        " WHERE m.type = 'table' AND f.\"table\" = 'students'",
                                        -1, &st, NULL),
                     SQLITE_OK);
    int tables = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *name = (const char *)sqlite3_column_text(st, 0);
        int known = 0;
        for (int i = 0; i < db_retention_table_count(); i++)
            known |= !strcmp(name, db_retention_table_name(i));
        if (!known)
            fail_msg("table %s points at students but db/db_retention.c does not purge it", name);
        tables++;
    }
    sqlite3_finalize(st);
    assert_true(tables >= 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(cutoff_is_calendar_months_back, setup, teardown),
        cmocka_unit_test_setup_teardown(counts_then_deletes_only_the_inactive_with_all_their_rows,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(unknown_table_stops_the_purge_whole, setup, teardown),
        cmocka_unit_test_setup_teardown(every_table_pointing_at_students_is_purged, setup,
                                        teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
