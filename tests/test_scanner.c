/* test_scanner.c: keystroke timelines to codes. */
#include "firmware/scanner.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>

/* Types text one character every pace ms from t; returns the time after. */
static int64_t type(struct scanner *s, const char *text, int64_t t, int pace)
{
    char one[2] = {0};
    for (const char *p = text; *p; p++, t += pace) {
        one[0] = *p;
        scanner_text(s, one, t);
    }
    return t;
}

static void burst_then_enter(void **state)
{
    struct scanner s;
    char out[256];
    scanner_init(&s);
    int64_t t = type(&s, "SK1.100001.1.ABCDEFGHIJKLMNOP", 1000, 3);
    assert_int_equal(scanner_enter(&s, t, out, sizeof out), SCANNER_CODE);
    assert_string_equal(out, "SK1.100001.1.ABCDEFGHIJKLMNOP");
    assert_false(scanner_busy(&s));
}

static void hand_typing_with_pauses_works(void **state)
{
    struct scanner s;
    char out[256];
    scanner_init(&s);
    int64_t t = type(&s, "SK1.1000", 0, 400);
    t = type(&s, "01", t + 2000, 250); /* a person looks at the card */
    assert_int_equal(scanner_enter(&s, t, out, sizeof out), SCANNER_CODE);
    assert_string_equal(out, "SK1.100001");
}

static void half_scan_then_full_scan(void **state)
{
    struct scanner s;
    char out[256];
    scanner_init(&s);
    int64_t t = type(&s, "SK1.1000", 0, 3);          /* the scanner broke off */
    t = type(&s, "SK1.100002.1.QQQQ", t + 800, 3);  /* a new scan */
    assert_int_equal(scanner_enter(&s, t, out, sizeof out), SCANNER_CODE);
    assert_string_equal(out, "SK1.100002.1.QQQQ");
}

static void stale_input_is_forgotten(void **state)
{
    struct scanner s;
    char out[256];
    scanner_init(&s);
    int64_t t = type(&s, "12", 0, 300);
    assert_true(scanner_busy(&s));
    assert_int_equal(scanner_deadline(&s), t - 300 + SCANNER_STALE_MS);
    scanner_tick(&s, t + SCANNER_STALE_MS);
    assert_false(scanner_busy(&s));
    assert_int_equal(scanner_enter(&s, t + SCANNER_STALE_MS, out, sizeof out), SCANNER_NOTHING);
}

/* Keys 1-5 vote unless a scanner is typing right now: a digit left over
 * from a person is not a scanner typing, the next key of a burst is. */
static void typing_is_a_burst_going_on(void **state)
{
    struct scanner s;
    scanner_init(&s);
    assert_false(scanner_typing(&s, 0));
    int64_t t = type(&s, "3", 1000, 0);                /* a digit typed by hand */
    assert_true(scanner_busy(&s));
    assert_false(scanner_typing(&s, t + 200));
    t = type(&s, "SK1.100", t + 200, 3);               /* a scanner starts */
    assert_true(scanner_typing(&s, t - 3 + 5));
    assert_false(scanner_typing(&s, t - 3 + SCANNER_BURST_MS));
}

static void overlong_and_control_characters(void **state)
{
    struct scanner s;
    char out[512], big[SCANNER_MAX + 50];
    scanner_init(&s);
    memset(big, 'A', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    scanner_text(&s, big, 0);
    assert_int_equal(scanner_enter(&s, 1, out, sizeof out), SCANNER_TOO_LONG);
    /* the next scan is clean again */
    scanner_text(&s, "A\x01" "B\x7f" "C\t", 2);
    assert_int_equal(scanner_enter(&s, 3, out, sizeof out), SCANNER_CODE);
    assert_string_equal(out, "ABC");
    assert_int_equal(scanner_enter(&s, 4, out, sizeof out), SCANNER_NOTHING);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(burst_then_enter),
        cmocka_unit_test(hand_typing_with_pauses_works),
        cmocka_unit_test(half_scan_then_full_scan),
        cmocka_unit_test(stale_input_is_forgotten),
        cmocka_unit_test(typing_is_a_burst_going_on),
        cmocka_unit_test(overlong_and_control_characters),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
