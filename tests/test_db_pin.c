/* test_db_pin.c: the teacher PIN: first PIN, wrong PINs, the lockout that
 * doubles, and a lock that survives closing and reopening the store. */
#include "db/db.h"
#include "db/db_pin.h"
#include "tests/testutil.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#define T0 1800000000 /* some fixed moment, in unix seconds */

TEST_DB_FIXTURE

static void reopen(void)
{
    db = test_db_reopen(db, path);
    assert_non_null(db);
}

static void only_4_to_8_digits_are_a_pin(void **state)
{
    assert_true(db_pin_valid("0000"));
    assert_true(db_pin_valid("12345678"));
    assert_false(db_pin_valid("123"));
    assert_false(db_pin_valid("123456789"));
    assert_false(db_pin_valid("12a4"));
    assert_false(db_pin_valid(" 1234"));
    assert_false(db_pin_valid(""));
    assert_false(db_pin_valid(NULL));
    assert_int_equal(db_pin_set(db, "12"), -1);
    assert_int_equal(db_pin_is_set(db), 0);
}

/* A new kiosk has no PIN and no PIN works, not even an obvious default. */
static void first_start_has_no_pin_and_nothing_matches(void **state)
{
    assert_int_equal(db_pin_is_set(db), 0);
    assert_int_equal(db_pin_check(db, "0000", T0, NULL, NULL), DB_PIN_NOT_SET);
    assert_int_equal(db_pin_check(db, "1234", T0, NULL, NULL), DB_PIN_NOT_SET);
    assert_int_equal(db_pin_set(db, "2468"), 0);
    assert_int_equal(db_pin_is_set(db), 1);
    assert_int_equal(db_pin_check(db, "2468", T0, NULL, NULL), DB_PIN_OK);
}

static void stored_as_argon2id_hash_not_the_pin(void **state)
{
    assert_int_equal(db_pin_set(db, "97531"), 0);
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db_handle(db),
                                        "SELECT value FROM settings WHERE key = 'pin.hash'", -1,
                                        &st, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    const char *v = (const char *)sqlite3_column_text(st, 0);
    assert_non_null(strstr(v, "$argon2id$"));
    assert_null(strstr(v, "97531"));
    sqlite3_finalize(st);
}

static void wrong_pins_count_down_then_lock_for_a_minute(void **state)
{
    assert_int_equal(db_pin_set(db, "1234"), 0);
    int wait = -1, left = -1;
    for (int i = 1; i < DB_PIN_FREE_TRIES; i++) {
        assert_int_equal(db_pin_check(db, "9999", T0 + i, &wait, &left), DB_PIN_WRONG);
        assert_int_equal(wait, 0);
        assert_int_equal(left, DB_PIN_FREE_TRIES - i);
    }
    /* The fifth wrong one locks for 60 s. */
    assert_int_equal(db_pin_check(db, "9999", T0 + 10, &wait, &left), DB_PIN_LOCKED);
    assert_int_equal(wait, 60);
    /* While locked even the right PIN is refused, with the time left. */
    assert_int_equal(db_pin_check(db, "1234", T0 + 40, &wait, NULL), DB_PIN_LOCKED);
    assert_int_equal(wait, 30);
    assert_int_equal(db_pin_wait(db, T0 + 40), 30);
    assert_int_equal(db_pin_wait(db, T0 + 70), 0);
    /* After the lock the right PIN works and resets everything. */
    assert_int_equal(db_pin_check(db, "1234", T0 + 70, &wait, &left), DB_PIN_OK);
    assert_int_equal(left, DB_PIN_FREE_TRIES);
    for (int i = 1; i < DB_PIN_FREE_TRIES; i++)
        assert_int_equal(db_pin_check(db, "0000", T0 + 80, NULL, NULL), DB_PIN_WRONG);
}

static void each_further_failure_doubles_the_lock(void **state)
{
    assert_int_equal(db_pin_set(db, "1234"), 0);
    int64_t now = T0;
    int wait = 0;
    for (int i = 0; i < DB_PIN_FREE_TRIES - 1; i++)
        db_pin_check(db, "0000", now, NULL, NULL);
    int expect = 60;
    for (int round = 0; round < 6; round++) {
        assert_int_equal(db_pin_check(db, "0000", now, &wait, NULL), DB_PIN_LOCKED);
        assert_int_equal(wait, expect);
        /* A try one second before the end changes nothing. */
        assert_int_equal(db_pin_check(db, "0000", now + expect - 1, &wait, NULL),
                         DB_PIN_LOCKED);
        assert_int_equal(wait, 1);
        now += expect;
        expect *= 2;
    }
    /* Capped at a day. */
    for (int i = 0; i < 20; i++) {
        db_pin_check(db, "0000", now, &wait, NULL);
        now += wait;
    }
    assert_int_equal(db_pin_check(db, "0000", now, &wait, NULL), DB_PIN_LOCKED);
    assert_int_equal(wait, DB_PIN_LOCK_MAX_S);
}

static void lock_and_count_survive_a_restart(void **state)
{
    assert_int_equal(db_pin_set(db, "5555"), 0);
    for (int i = 0; i < DB_PIN_FREE_TRIES - 1; i++)
        assert_int_equal(db_pin_check(db, "1111", T0, NULL, NULL), DB_PIN_WRONG);
    reopen();
    /* The count was kept: the next wrong one locks. */
    int wait = 0;
    assert_int_equal(db_pin_check(db, "1111", T0 + 1, &wait, NULL), DB_PIN_LOCKED);
    assert_int_equal(wait, 60);
    reopen();
    assert_int_equal(db_pin_wait(db, T0 + 21), 40);
    assert_int_equal(db_pin_check(db, "5555", T0 + 21, &wait, NULL), DB_PIN_LOCKED);
    assert_int_equal(wait, 40);
    assert_int_equal(db_pin_check(db, "5555", T0 + 61, NULL, NULL), DB_PIN_OK);
    reopen();
    assert_int_equal(db_pin_wait(db, T0 + 61), 0);
    assert_int_equal(db_pin_check(db, "5555", T0 + 62, NULL, NULL), DB_PIN_OK);
}

/* A Pi has no battery clock: when time goes back, a lock never grows
 * beyond its own length. */
static void clock_going_back_does_not_stretch_a_lock(void **state)
{
    assert_int_equal(db_pin_set(db, "1234"), 0);
    for (int i = 0; i < DB_PIN_FREE_TRIES; i++)
        db_pin_check(db, "0000", T0, NULL, NULL);
    assert_int_equal(db_pin_wait(db, T0 - 365 * 86400), 60);
}

/* Setting a new PIN (the admin's way back in) clears a lock; the old PIN
 * stops working. */
static void new_pin_clears_the_lock(void **state)
{
    assert_int_equal(db_pin_set(db, "1234"), 0);
    for (int i = 0; i < DB_PIN_FREE_TRIES + 2; i++)
        db_pin_check(db, "0000", T0, NULL, NULL);
    assert_true(db_pin_wait(db, T0) > 0);
    assert_int_equal(db_pin_set(db, "87654321"), 0);
    assert_int_equal(db_pin_wait(db, T0), 0);
    assert_int_equal(db_pin_check(db, "1234", T0, NULL, NULL), DB_PIN_WRONG);
    assert_int_equal(db_pin_check(db, "87654321", T0, NULL, NULL), DB_PIN_OK);
}

/* Teacher cards start at version 1; a revoke moves every later check to
 * the next version, and that survives a restart. */
static void teacher_card_version_goes_up_on_revoke(void **state)
{
    assert_int_equal(db_pin_card_version(db), 1);
    assert_int_equal(db_pin_card_revoke(db), 2);
    assert_int_equal(db_pin_card_version(db), 2);
    reopen();
    assert_int_equal(db_pin_card_version(db), 2);
    assert_int_equal(db_pin_card_revoke(db), 3);
    assert_int_equal(db_pin_card_version(db), 3);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(only_4_to_8_digits_are_a_pin, open_fresh, close_db),
        cmocka_unit_test_setup_teardown(first_start_has_no_pin_and_nothing_matches, open_fresh,
                                        close_db),
        cmocka_unit_test_setup_teardown(stored_as_argon2id_hash_not_the_pin, open_fresh,
                                        close_db),
        cmocka_unit_test_setup_teardown(wrong_pins_count_down_then_lock_for_a_minute,
                                        open_fresh, close_db),
        cmocka_unit_test_setup_teardown(each_further_failure_doubles_the_lock, open_fresh,
                                        close_db),
        cmocka_unit_test_setup_teardown(lock_and_count_survive_a_restart, open_fresh, close_db),
        cmocka_unit_test_setup_teardown(clock_going_back_does_not_stretch_a_lock, open_fresh,
                                        close_db),
        cmocka_unit_test_setup_teardown(new_pin_clears_the_lock, open_fresh, close_db),
        cmocka_unit_test_setup_teardown(teacher_card_version_goes_up_on_revoke, open_fresh,
                                        close_db),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
