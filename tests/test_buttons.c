/* test_buttons.c: buttons.c over the fake backend (the Makefile links
 * firmware/buttons_fake.o into this test): the [buttons] config, missing and
 * busy lines refused with a precise log line, edges through the real
 * hardware thread with their timestamps and in time order, the callback,
 * the queue, injected keys and the LEDs. */
#include "firmware/buttons.h"
#include "firmware/buttons_fake.h"
#include "firmware/config.h"
#include "tests/testutil.h"

#include <pthread.h>
#include <unistd.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#define MS 1000000LL

static struct buttons_config default_config(void)
{
    struct config cfg;
    struct buttons_config bc;
    char err[256];
    config_defaults(&cfg);
    assert_int_equal(buttons_config_from(&cfg, &bc, err, sizeof err), 0);
    return bc;
}

/* What stderr (the log) said while f ran. */
static char logged[4096];
static void capture_start(int *saved)
{
    fflush(stderr);
    *saved = dup(2);
    FILE *f = tmpfile();
    assert_non_null(f);
    dup2(fileno(f), 2);
    fclose(f); /* fd 2 keeps the file */
}

static const char *capture_end(int saved)
{
    fflush(stderr);
    memset(logged, 0, sizeof logged);
    lseek(2, 0, SEEK_SET);
    ssize_t n = read(2, logged, sizeof logged - 1);
    (void)n;
    dup2(saved, 2);
    close(saved);
    return logged;
}

/* ---- config ------------------------------------------------------------ */

static void default_config_is_the_documented_wiring(void **state)
{
    struct buttons_config bc = default_config();
    static const int pins[] = {17, 27, 22, 23, 24}, leds[] = {5, 6, 13, 19, 26};
    assert_string_equal(bc.chip, "gpiochip0");
    assert_int_equal(bc.count, 5);
    assert_int_equal(bc.active_low, 1);
    for (int i = 0; i < 5; i++) {
        assert_int_equal(bc.pins[i], pins[i]);
        assert_int_equal(bc.leds[i], leds[i]);
    }
}

static void config_lists_are_checked(void **state)
{
    struct config cfg;
    struct buttons_config bc;
    char err[256];
    config_defaults(&cfg);
    assert_int_equal(config_load_string(&cfg, "[buttons]\npins = 4, 5 ,6\nleds = 20,-, 21\n"), 0);
    assert_int_equal(buttons_config_from(&cfg, &bc, err, sizeof err), 0);
    assert_int_equal(bc.count, 3);
    assert_int_equal(bc.pins[1], 5);
    assert_int_equal(bc.leds[1], -1);
    assert_int_equal(bc.leds[2], 21);

    static const struct {
        const char *pins, *leds, *says;
    } bad[] = {
        {"17,x,22", "", "not a list"},
        {"1,2,3,4,5,6", "", "more than 5"},
        {"17,27", "5,6,13", "leds lists 3 pins for 2 buttons"},
        {"17,27,17", "", "line 17 is listed twice"},
        {"17,27", "27", "line 27 is listed twice"},
        {"17,,27", "", "not a list"},
        {"-1", "", "not a list"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        snprintf(cfg.buttons_pins, sizeof cfg.buttons_pins, "%s", bad[i].pins);
        snprintf(cfg.buttons_leds, sizeof cfg.buttons_leds, "%s", bad[i].leds);
        err[0] = '\0';
        assert_int_equal(buttons_config_from(&cfg, &bc, err, sizeof err), -1);
        if (!strstr(err, bad[i].says))
            fail_msg("pins '%s' leds '%s': '%s' lacks '%s'", bad[i].pins, bad[i].leds, err,
                     bad[i].says);
    }
    /* No pins at all: a kiosk without buttons, not an error. */
    snprintf(cfg.buttons_pins, sizeof cfg.buttons_pins, "%s", "");
    snprintf(cfg.buttons_leds, sizeof cfg.buttons_leds, "%s", "");
    assert_int_equal(buttons_config_from(&cfg, &bc, err, sizeof err), 0);
    assert_int_equal(bc.count, 0);
    assert_null(buttons_open(&bc));
}

/* ---- refusing to open ----------------------------------------------------- */

static void missing_or_busy_lines_give_null_and_a_clear_line(void **state)
{
    static const struct {
        const char *chip;
        int pin, led, busy;
        const char *says;
    } cases[] = {
        {"gpiochip0", 60, 5, -1, "pin of button 1: line 60 does not exist on gpiochip0"},
        {"gpiochip0", 17, 5, 27, "pin of button 2: line 27 on gpiochip0 is busy (used by"},
        {"gpiochip0", 17, 5, 13, "LED of button 3: line 13 on gpiochip0 is busy"},
        {"gpiochip7", 17, 5, -1, "GPIO chip 'gpiochip7' cannot be opened"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct buttons_config bc = default_config();
        snprintf(bc.chip, sizeof bc.chip, "%s", cases[i].chip);
        bc.pins[0] = cases[i].pin;
        buttons_fake_reset();
        buttons_fake_set_busy(cases[i].busy);
        int saved;
        capture_start(&saved);
        struct buttons *b = buttons_open(&bc);
        const char *log = capture_end(saved);
        assert_null(b);
        if (!strstr(log, cases[i].says))
            fail_msg("case %zu: log lacks '%s':\n%s", i, cases[i].says, log);
    }
    buttons_fake_reset();
    struct buttons_config bc = default_config();
    struct buttons *b = buttons_open(&bc); /* nothing was left half open */
    assert_non_null(b);
    buttons_close(b);
}

/* ---- edges ---------------------------------------------------------------- */

static void edges_arrive_in_time_order_with_kernel_stamps(void **state)
{
    buttons_fake_reset();
    buttons_fake_set_held(3, 1);
    struct buttons_config bc = default_config();
    struct buttons *b = buttons_open(&bc);
    assert_non_null(b);
    assert_int_equal(buttons_start(b, NULL, NULL), 0);
    assert_int_equal(buttons_start(b, NULL, NULL), -1);

    /* First the levels at start-up: button 4 is held. */
    struct buttons_event ev;
    for (int i = 0; i < 5; i++) {
        assert_int_equal(buttons_next(b, &ev, 0), 1);
        assert_int_equal(ev.initial, 1);
        assert_int_equal(ev.button, i);
        assert_int_equal(ev.kind, i == 3 ? BUTTONS_PRESS : BUTTONS_RELEASE);
    }
    assert_int_equal(buttons_next(b, &ev, 0), 0);

    /* One edge: through the thread, stamp untouched. */
    assert_int_equal(buttons_fake_edge(2, BUTTONS_PRESS, 123456789), 0);
    assert_int_equal(buttons_next(b, &ev, 2000), 1);
    assert_int_equal(ev.button, 2);
    assert_int_equal(ev.kind, BUTTONS_PRESS);
    assert_int_equal(ev.time_ns, 123456789);
    assert_int_equal(ev.initial, 0);

    /* Ready at once but read out of order (button 4 before button 1):
     * delivered by kernel time, so "first" means first pressed. */
    struct buttons_event batch[] = {
        {BUTTONS_PRESS, 4, 0, 1000 * MS + 300},
        {BUTTONS_PRESS, 0, 0, 1000 * MS},
        {BUTTONS_RELEASE, 4, 0, 1001 * MS},
        {BUTTONS_RELEASE, 0, 0, 1000 * MS + 500},
    };
    assert_int_equal(buttons_fake_edges(batch, 4), 0);
    int64_t last = 0;
    int order[4];
    for (int i = 0; i < 4; i++) {
        assert_int_equal(buttons_next(b, &ev, 2000), 1);
        assert_true(ev.time_ns >= last);
        last = ev.time_ns;
        order[i] = ev.button;
    }
    assert_int_equal(order[0], 0);
    assert_int_equal(order[1], 4);
    assert_int_equal(buttons_dropped(b), 0);
    buttons_close(b);
}

struct seen {
    pthread_mutex_t lock;
    pthread_t caller;
    int n, other_thread;
    struct buttons_event last;
};

static void on_edge(void *user, const struct buttons_event *ev)
{
    struct seen *s = user;
    pthread_mutex_lock(&s->lock);
    s->n++;
    s->other_thread |= !pthread_equal(pthread_self(), s->caller);
    s->last = *ev;
    pthread_mutex_unlock(&s->lock);
}

static int seen_count(struct seen *s)
{
    pthread_mutex_lock(&s->lock);
    int n = s->n;
    pthread_mutex_unlock(&s->lock);
    return n;
}

static void callback_runs_on_the_hardware_thread(void **state)
{
    buttons_fake_reset();
    struct buttons_config bc = default_config();
    struct buttons *b = buttons_open(&bc);
    struct seen s = {.lock = PTHREAD_MUTEX_INITIALIZER, .caller = pthread_self()};
    assert_int_equal(buttons_start(b, on_edge, &s), 0);
    assert_int_equal(seen_count(&s), 5); /* the levels, on this thread */
    assert_false(s.other_thread);
    assert_int_equal(buttons_fake_edge(1, BUTTONS_RELEASE, 42), 0);
    for (int i = 0; i < 2000 && seen_count(&s) < 6; i++)
        usleep(1000);
    assert_int_equal(seen_count(&s), 6);
    assert_true(s.other_thread);
    assert_int_equal(s.last.time_ns, 42);
    assert_int_equal(s.last.kind, BUTTONS_RELEASE);
    buttons_close(b); /* joins the thread: must not hang */
}

static void injected_keys_take_the_same_path(void **state)
{
    buttons_fake_reset();
    struct buttons_config bc = default_config();
    bc.count = 4;
    struct buttons *b = buttons_open(&bc);
    assert_int_equal(buttons_count(b), 4);
    assert_int_equal(buttons_start(b, NULL, NULL), 0);
    struct buttons_event ev = {BUTTONS_PRESS, 3, 0, 77}, got;
    while (buttons_next(b, &got, 0)) /* levels */
        ;
    assert_int_equal(buttons_inject(b, &ev), 0);
    assert_int_equal(buttons_next(b, &got, 0), 1);
    assert_int_equal(got.button, 3);
    assert_int_equal(got.time_ns, 77);
    ev.button = 4; /* only 4 buttons */
    assert_int_equal(buttons_inject(b, &ev), -1);
    buttons_close(b);
}

static void full_queue_keeps_the_oldest_and_counts_the_rest(void **state)
{
    buttons_fake_reset();
    struct buttons_config bc = default_config();
    struct buttons *b = buttons_open(&bc);
    struct buttons_event ev = {BUTTONS_PRESS, 0, 0, 0}, got;
    int saved;
    capture_start(&saved);
    for (int i = 0; i < 1100; i++) {
        ev.time_ns = i;
        buttons_inject(b, &ev);
    }
    const char *log = capture_end(saved);
    assert_non_null(strstr(log, "event queue full"));
    assert_int_equal(buttons_dropped(b), 1100 - 1024);
    assert_int_equal(buttons_next(b, &got, 0), 1);
    assert_int_equal(got.time_ns, 0);
    buttons_close(b);
}

static void leds_are_written_and_dark_after_close(void **state)
{
    buttons_fake_reset();
    struct buttons_config bc = default_config();
    bc.leds[1] = -1;
    struct buttons *b = buttons_open(&bc);
    for (int i = 0; i < 5; i++)
        assert_int_equal(buttons_fake_led(i), 0);
    assert_int_equal(buttons_led_set(b, 0, 1), 0);
    assert_int_equal(buttons_led_set(b, 4, 1), 0);
    assert_int_equal(buttons_fake_led(0), 1);
    assert_int_equal(buttons_fake_led(4), 1);
    assert_int_equal(buttons_led_set(b, 1, 1), -1); /* no LED */
    assert_int_equal(buttons_led_set(b, 5, 1), -1);
    uint64_t writes = buttons_fake_led_writes();
    buttons_close(b);
    assert_true(buttons_fake_led_writes() > writes);
    assert_int_equal(buttons_fake_led(0), 0);
    assert_int_equal(buttons_fake_led(4), 0);
    assert_string_equal(buttons_backend(), "fake");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(default_config_is_the_documented_wiring),
        cmocka_unit_test(config_lists_are_checked),
        cmocka_unit_test(missing_or_busy_lines_give_null_and_a_clear_line),
        cmocka_unit_test(edges_arrive_in_time_order_with_kernel_stamps),
        cmocka_unit_test(callback_runs_on_the_hardware_thread),
        cmocka_unit_test(injected_keys_take_the_same_path),
        cmocka_unit_test(full_queue_keeps_the_oldest_and_counts_the_rest),
        cmocka_unit_test(leds_are_written_and_dark_after_close),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
