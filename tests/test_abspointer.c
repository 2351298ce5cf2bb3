/* test_abspointer.c: which input devices the kiosk reads itself (absolute
 * pointers that SDL takes for mice) and how their kernel events become
 * presses at fractions of the screen. */
#include "firmware/abspointer.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>

#define LB (8 * sizeof(unsigned long))
#define SET(bits, n) ((bits)[(n) / LB] |= 1UL << ((n) % LB))

struct caps {
    unsigned long ev[EV_MAX / LB + 1], abs[ABS_MAX / LB + 1], key[KEY_MAX / LB + 1],
        rel[REL_MAX / LB + 1];
};

/* QEMU's "QEMU USB Tablet": EV_ABS X/Y, three buttons, a wheel. */
static struct caps tablet(void)
{
    struct caps c;
    memset(&c, 0, sizeof c);
    SET(c.ev, EV_SYN), SET(c.ev, EV_KEY), SET(c.ev, EV_ABS), SET(c.ev, EV_REL);
    SET(c.abs, ABS_X), SET(c.abs, ABS_Y);
    SET(c.key, BTN_LEFT), SET(c.key, BTN_RIGHT), SET(c.key, BTN_MIDDLE);
    SET(c.rel, REL_WHEEL);
    return c;
}

static int wanted(const struct caps *c)
{
    return abspointer_wanted(c->ev, c->abs, c->key, c->rel);
}

static void only_absolute_pointers_without_touch_are_taken(void **state)
{
    struct caps c = tablet();
    assert_true(wanted(&c));
    c = tablet(); /* a touch screen: SDL handles it */
    SET(c.key, BTN_TOUCH);
    assert_false(wanted(&c));
    c = tablet(); /* multi-touch */
    SET(c.abs, ABS_MT_POSITION_X);
    assert_false(wanted(&c));
    c = tablet(); /* a mouse that moves relatively */
    SET(c.rel, REL_X), SET(c.rel, REL_Y);
    assert_false(wanted(&c));
    c = tablet(); /* a joystick's axes without a left button */
    memset(c.key, 0, sizeof c.key);
    SET(c.key, BTN_TRIGGER);
    assert_false(wanted(&c));
    struct caps kbd; /* a keyboard (the scanner) */
    memset(&kbd, 0, sizeof kbd);
    SET(kbd.ev, EV_KEY), SET(kbd.key, KEY_A);
    assert_false(wanted(&kbd));
}

static int feed(struct abspointer_dev *d, int type, int code, int value,
                struct abspointer_event *out)
{
    struct input_event ev = {.type = (unsigned short)type, .code = (unsigned short)code,
                             .value = value};
    return abspointer_feed(d, &ev, out);
}

static void a_press_moves_and_lifts_at_scaled_places(void **state)
{
    struct abspointer_dev d = {.min = {0, 0}, .max = {32767, 32767}};
    struct abspointer_event e;
    /* hovering (QMP: abs x/y without a button) is not a touch */
    assert_int_equal(feed(&d, EV_ABS, ABS_X, 32767, &e), 0);
    assert_int_equal(feed(&d, EV_ABS, ABS_Y, 0, &e), 0);
    assert_int_equal(feed(&d, EV_SYN, SYN_REPORT, 0, &e), 0);
    /* the button: down at the top-right corner */
    assert_int_equal(feed(&d, EV_KEY, BTN_LEFT, 1, &e), 0);
    assert_int_equal(feed(&d, EV_SYN, SYN_REPORT, 0, &e), 1);
    assert_int_equal(e.kind, ABSPOINTER_DOWN);
    assert_true(e.x == 1.0f && e.y == 0.0f);
    /* a report with nothing new says nothing */
    assert_int_equal(feed(&d, EV_SYN, SYN_REPORT, 0, &e), 0);
    /* moved while down */
    assert_int_equal(feed(&d, EV_ABS, ABS_Y, 16384, &e), 0);
    assert_int_equal(feed(&d, EV_SYN, SYN_REPORT, 0, &e), 1);
    assert_int_equal(e.kind, ABSPOINTER_MOVE);
    assert_true(e.y > 0.49f && e.y < 0.51f);
    /* lifted: up where it was */
    assert_int_equal(feed(&d, EV_KEY, BTN_LEFT, 0, &e), 0);
    assert_int_equal(feed(&d, EV_SYN, SYN_REPORT, 0, &e), 1);
    assert_int_equal(e.kind, ABSPOINTER_UP);
    assert_true(e.x == 1.0f && e.y > 0.49f);
}

static void a_range_not_starting_at_zero_is_scaled(void **state)
{
    /* a resistive panel: 200..3900 across, values beyond it clamp */
    struct abspointer_dev d = {.min = {200, 100}, .max = {3900, 4000}};
    struct abspointer_event e;
    feed(&d, EV_ABS, ABS_X, 200 + 3700 / 4, &e);
    feed(&d, EV_ABS, ABS_Y, 4100, &e);
    feed(&d, EV_KEY, BTN_LEFT, 1, &e);
    assert_int_equal(feed(&d, EV_SYN, SYN_REPORT, 0, &e), 1);
    assert_true(e.x > 0.249f && e.x < 0.251f);
    assert_true(e.y == 1.0f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(only_absolute_pointers_without_touch_are_taken),
        cmocka_unit_test(a_press_moves_and_lifts_at_scaled_places),
        cmocka_unit_test(a_range_not_starting_at_zero_is_scaled),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
