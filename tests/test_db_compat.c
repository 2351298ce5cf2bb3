/* test_db_compat.c: an update migrates the store, a rollback must still
 * start on it. db_migrate_test_step() makes this program the next version
 * N+1 (one step more); without it, it is version N again, as after a
 * rollback of the A/B slots:
 *  - an additive step (a new table, a column with a default): version N
 *    opens the N+1 file as it is, reads and writes it, and N+1 afterwards
 *    sees what N wrote;
 *  - a step that changes old data: N+1 keeps a copy from before, and N
 *    puts that copy back (the newer file kept beside it);
 *  - no copy: N refuses with a Dutch message and changes nothing.
 * And every step that shipped is additive, as the checker sees it. */
#include "db/db.h"
#include "db/db_compat.h"
#include "db/db_migrate.h"
#include "db/db_session.h"
#include "db/db_student.h"
#include "tests/testutil.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#define T0 1800000000

static char path[512];

static int setup(void **state)
{
    snprintf(path, sizeof path, "%s/stagekiosk.db", test_tmpdir());
    return 0;
}

static int teardown(void **state)
{
    db_migrate_test_step(NULL);
    return 0;
}

static struct db *open_ok(void)
{
    char err[256];
    struct db *db = db_open(path, err, sizeof err);
    if (!db)
        fail_msg("db_open: %s", err);
    return db;
}

static void add_student(struct db *db, const char *number, const char *name)
{
    struct db_student s = {0};
    snprintf(s.number, sizeof s.number, "%s", number);
    snprintf(s.first_name, sizeof s.first_name, "%s", name);
    snprintf(s.last_name, sizeof s.last_name, "Test");
    snprintf(s.group, sizeof s.group, "ZW2A");
    assert_true(db_student_upsert(db, &s, T0) >= 0);
}

static int64_t count(struct db *db, const char *sql)
{
    return db_step_int(db_stmt(db, sql), -1);
}

static int version_of(struct db *db)
{
    return (int)count(db, "PRAGMA user_version");
}

/* What the next version might add a table and a column. */
static const char additive_step[] =
    "CREATE TABLE peer_state (peer TEXT PRIMARY KEY, pushed_to INTEGER NOT NULL DEFAULT 0);"
    "ALTER TABLE checkins ADD COLUMN sent_at INTEGER;"
    "CREATE INDEX checkins_unsent ON checkins(sent_at);";

static void rollback_over_an_additive_step(void **state)
{
    int n = db_migrate_latest();
    struct db *db = open_ok(); /* version N, with a student */
    add_student(db, "1001", "Sanne");
    db_close(db);

    db_migrate_test_step(additive_step); /* the update: N+1 migrates */
    assert_int_equal(db_migrate_latest(), n + 1);
    assert_int_equal(db_compat_additive(n + 1), 1);
    db = open_ok();
    assert_int_equal(version_of(db), n + 1);
    assert_int_equal(count(db, "SELECT value FROM settings WHERE key = 'schema.min_reader'"), 0);
    assert_int_equal(db_exec(db, "INSERT INTO peer_state(peer) VALUES ('school')"), 0);
    db_close(db);

    db_migrate_test_step(NULL); /* the rollback: N opens the N+1 file */
    db = open_ok();
    assert_int_equal(version_of(db), n + 1); /* left as it is */
    char err[256];
    assert_true(db_session_start(db, "terugkomdag", "ZW2A", "Na de rollback", T0, T0 + 900, err,
                                 sizeof err) > 0);
    struct db_session se;
    struct db_student st;
    struct db_checkin ci;
    assert_int_equal(db_session_current(db, &se), 1);
    assert_int_equal(db_student_find(db, "1001", &st), 1);
    assert_int_equal(db_checkin_add(db, &se, &st, T0 + 60, "scan", "", "", &ci), DB_CHECKIN_NEW);
    add_student(db, "1002", "Emre");
    db_close(db);

    db_migrate_test_step(additive_step); /* updated again: N+1 sees N's rows */
    db = open_ok();
    assert_int_equal(count(db, "SELECT count(*) FROM checkins WHERE sent_at IS NULL"), 1);
    assert_int_equal(count(db, "SELECT count(*) FROM students"), 2);
    assert_int_equal(count(db, "SELECT count(*) FROM peer_state"), 1);
    db_close(db);
}

/* Changes old rows: an older version must not use the result. */
static const char breaking_step[] = "UPDATE students SET first_name = upper(first_name);"
                                    "CREATE UNIQUE INDEX students_name ON students(last_name,"
                                    " first_name, number);";

static void rollback_over_a_breaking_step_puts_the_copy_back(void **state)
{
    int n = db_migrate_latest();
    struct db *db = open_ok();
    add_student(db, "1001", "Sanne");
    db_close(db);

    db_migrate_test_step(breaking_step);
    assert_int_equal(db_compat_additive(n + 1), 0);
    assert_int_equal(db_compat_min_reader(n + 1), n + 1);
    db = open_ok(); /* N+1 keeps a copy of version N, then migrates */
    assert_int_equal(count(db, "SELECT count(*) FROM students WHERE first_name = 'SANNE'"), 1);
    add_student(db, "1003", "Fleur"); /* made on N+1: kept in the newer file */
    db_close(db);
    char copy[600], newer[600];
    snprintf(copy, sizeof copy, "%s.v%d", path, n);
    snprintf(newer, sizeof newer, "%s.newer-v%d", path, n + 1);
    assert_int_equal(access(copy, F_OK), 0);

    db_migrate_test_step(NULL); /* rollback: N puts the copy back */
    db = open_ok();
    assert_int_equal(version_of(db), n);
    assert_int_equal(count(db, "SELECT count(*) FROM students WHERE first_name = 'Sanne'"), 1);
    db_close(db);
    assert_int_equal(access(newer, F_OK), 0);
    assert_int_equal(access(copy, F_OK), -1);
}

static void newer_and_incompatible_without_a_copy_is_refused(void **state)
{
    int n = db_migrate_latest();
    db_migrate_test_step(breaking_step);
    struct db *db = open_ok(); /* a new store: nothing to copy */
    db_close(db);
    db_migrate_test_step(NULL);
    char err[256] = "";
    assert_null(db_open(path, err, sizeof err));
    assert_non_null(strstr(err, "nieuwere stagekiosk"));
    db_migrate_test_step(breaking_step);
    db = open_ok(); /* and the newer version still has it all */
    assert_int_equal(version_of(db), n + 1);
    db_close(db);
}

/* Every step that shipped is additive (so an older version of those can
 * read a newer file); the checker sees what is not. */
static void the_checker(void **state)
{
    for (int v = 1; v <= db_migrate_latest(); v++)
        if (db_compat_additive(v) != 1)
            fail_msg("step %d is not additive: an older version could not start on it. "
                     "See HACKING.md, \"Schema steps and rollback\".", v);
    assert_int_equal(db_compat_min_reader(db_migrate_latest()), 0);
    static const char *const breaking[] = {
        "DROP INDEX students_group;",
        "ALTER TABLE students RENAME COLUMN email TO mail;",
        "CREATE TRIGGER no_guests BEFORE INSERT ON checkins WHEN NEW.guest"
        " BEGIN SELECT RAISE(ABORT, 'no'); END;",
        "DELETE FROM settings;",
    };
    int n = db_migrate_latest();
    for (size_t i = 0; i < sizeof breaking / sizeof breaking[0]; i++) {
        db_migrate_test_step(breaking[i]);
        if (db_compat_additive(n + 1) != 0)
            fail_msg("not seen as breaking: %s", breaking[i]);
    }
    db_migrate_test_step("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT UNIQUE);"
                         "CREATE TRIGGER notes_trim BEFORE INSERT ON notes"
                         " BEGIN SELECT 1; END;");
    assert_int_equal(db_compat_additive(n + 1), 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(rollback_over_an_additive_step, setup, teardown),
        cmocka_unit_test_setup_teardown(rollback_over_a_breaking_step_puts_the_copy_back, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(newer_and_incompatible_without_a_copy_is_refused, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(the_checker, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
