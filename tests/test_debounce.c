/* test_debounce.c: debounce, lock and stuck detection on synthetic
 * timelines (times in ms here, ns inside). */
#include "firmware/debounce.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#define MS 1000000LL
#define P BUTTONS_PRESS
#define R BUTTONS_RELEASE

static const struct debounce_config cfg = {
    .buttons = 5, .debounce_ns = 30 * MS, .lockout_ns = 2000 * MS, .stuck_ns = 10000 * MS};

/* Everything one timeline produced, in order. */
struct log {
    struct debounce_result r[256];
    int n;
};

struct step {
    double ms;
    int button;
    enum buttons_kind kind;
};

static void add(struct log *lg, const struct debounce_result *r, int n)
{
    for (int i = 0; i < n; i++) {
        assert_true(lg->n < 256);
        lg->r[lg->n++] = r[i];
    }
}

static void edge(struct debounce *d, struct log *lg, double ms, int button,
                 enum buttons_kind kind)
{
    struct debounce_result r[DEBOUNCE_RESULTS_MAX];
    struct buttons_event ev = {.kind = kind, .button = button, .time_ns = (int64_t)(ms * MS)};
    add(lg, r, debounce_edge(d, &ev, r));
}

static void run(struct debounce *d, struct log *lg, const struct step *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        edge(d, lg, s[i].ms, s[i].button, s[i].kind);
}

static void tick(struct debounce *d, struct log *lg, double ms)
{
    struct debounce_result r[DEBOUNCE_RESULTS_MAX];
    add(lg, r, debounce_tick(d, (int64_t)(ms * MS), r));
}

static int count(const struct log *lg, enum debounce_kind kind)
{
    int n = 0;
    for (int i = 0; i < lg->n; i++)
        n += lg->r[i].kind == kind;
    return n;
}

static struct debounce *fresh(void)
{
    struct debounce *d = debounce_new(&cfg);
    assert_non_null(d);
    return d;
}

static void clean_press_is_one_vote_at_its_first_edge(void **state)
{
    struct debounce *d = fresh();
    struct log lg = {0};
    edge(d, &lg, 1000, 2, P);
    assert_int_equal(lg.n, 1);
    assert_int_equal(lg.r[0].kind, DEBOUNCE_VOTE);
    assert_int_equal(lg.r[0].button, 2);
    assert_int_equal(lg.r[0].time_ns, 1000 * MS);
    edge(d, &lg, 1150, 2, R);
    tick(d, &lg, 5000);
    assert_int_equal(count(&lg, DEBOUNCE_VOTE), 1);
    assert_int_equal(count(&lg, DEBOUNCE_REJECTED), 0);
    debounce_free(d);
}

static void bounce_of_5_ms_is_one_vote(void **state)
{
    static const struct step s[] = {
        {1000, 0, P}, {1000.8, 0, R}, {1001.5, 0, P}, {1003, 0, R}, {1005, 0, P},
        /* held, then a bouncy release */
        {1180, 0, R}, {1181, 0, P}, {1182.5, 0, R}, {1184, 0, P}, {1185, 0, R},
    };
    struct debounce *d = fresh();
    struct log lg = {0};
    run(d, &lg, s, sizeof s / sizeof s[0]);
    tick(d, &lg, 3000);
    assert_int_equal(count(&lg, DEBOUNCE_VOTE), 1);
    assert_int_equal(count(&lg, DEBOUNCE_REJECTED), 0);
    assert_int_equal(debounce_counts(d).bounces, 4);
    debounce_free(d);
}

/* A worn contact: 40 ms of chatter, gaps up to 12 ms (under the 30 ms
 * window). Neither the press nor the release gives a second press, also not
 * after the lock has ended. */
static void bounce_of_40_ms_is_one_vote(void **state)
{
    static const struct step s[] = {
        {5000, 1, P}, {5004, 1, R}, {5012, 1, P}, {5020, 1, R}, {5026, 1, P},
        {5033, 1, R}, {5040, 1, P},
        {7500, 1, R}, {7510, 1, P}, {7522, 1, R}, {7530, 1, P}, {7540, 1, R},
    };
    struct debounce *d = fresh();
    struct log lg = {0};
    run(d, &lg, s, sizeof s / sizeof s[0]);
    tick(d, &lg, 9000);
    assert_int_equal(count(&lg, DEBOUNCE_VOTE), 1);
    assert_int_equal(count(&lg, DEBOUNCE_REJECTED), 0);
    assert_int_equal(lg.r[0].time_ns, 5000 * MS);
    debounce_free(d);
}

static void held_button_is_one_vote_and_not_stuck(void **state)
{
    struct debounce *d = fresh();
    struct log lg = {0};
    edge(d, &lg, 0, 3, P);
    tick(d, &lg, 5000);
    edge(d, &lg, 9000, 3, R);
    tick(d, &lg, 20000);
    assert_int_equal(count(&lg, DEBOUNCE_VOTE), 1);
    assert_int_equal(count(&lg, DEBOUNCE_STUCK), 0);
    assert_int_equal(count(&lg, DEBOUNCE_UNSTUCK), 0);
    debounce_free(d);
}

static void stuck_button_stops_counting_and_counts_again_after_release(void **state)
{
    struct debounce *d = fresh();
    struct log lg = {0};
    edge(d, &lg, 0, 4, P);
    tick(d, &lg, 3000); /* the lock ends */
    assert_int_equal(debounce_next_deadline(d, 3000 * MS), 10000 * MS);
    tick(d, &lg, 9999);
    assert_int_equal(count(&lg, DEBOUNCE_STUCK), 0);
    tick(d, &lg, 10000);
    assert_int_equal(count(&lg, DEBOUNCE_STUCK), 1);
    assert_true(debounce_stuck(d, 4));
    /* Chatter on the stuck contact gives nothing. */
    edge(d, &lg, 12000, 4, R);
    edge(d, &lg, 12005, 4, P);
    tick(d, &lg, 15000);
    assert_int_equal(count(&lg, DEBOUNCE_VOTE), 1);
    /* The others still vote while it is stuck. */
    edge(d, &lg, 16000, 0, P);
    edge(d, &lg, 16100, 0, R);
    assert_int_equal(count(&lg, DEBOUNCE_VOTE), 2);
    /* Released for good: free again once the line is quiet, reported once. */
    edge(d, &lg, 30000, 4, R);
    assert_int_equal(debounce_next_deadline(d, 30000 * MS), 30030 * MS);
    tick(d, &lg, 30029);
    assert_int_equal(count(&lg, DEBOUNCE_UNSTUCK), 0);
    tick(d, &lg, 30030);
    tick(d, &lg, 31000);
    assert_int_equal(count(&lg, DEBOUNCE_UNSTUCK), 1);
    assert_false(debounce_stuck(d, 4));
    edge(d, &lg, 32000, 4, P);
    assert_int_equal(lg.r[lg.n - 1].kind, DEBOUNCE_VOTE);
    assert_int_equal(lg.r[lg.n - 1].button, 4);
    assert_int_equal(count(&lg, DEBOUNCE_STUCK), 1);
    assert_int_equal(debounce_counts(d).stuck, 1);
    debounce_free(d);
}

/* Stuck is noticed by the next edge too, without a tick in between, and
 * the STUCK result comes before what that edge gives. */
static void stuck_is_reported_in_timeline_order(void **state)
{
    struct debounce *d = fresh();
    struct log lg = {0};
    edge(d, &lg, 0, 0, P);
    edge(d, &lg, 11000, 1, P);
    assert_int_equal(lg.n, 4);
    assert_int_equal(lg.r[0].kind, DEBOUNCE_VOTE);
    assert_int_equal(lg.r[1].kind, DEBOUNCE_STUCK);
    assert_int_equal(lg.r[1].time_ns, 10000 * MS);
    assert_int_equal(lg.r[2].kind, DEBOUNCE_UNLOCKED);
    assert_int_equal(lg.r[3].kind, DEBOUNCE_VOTE);
    assert_int_equal(lg.r[3].button, 1);
    debounce_free(d);
}

static void two_buttons_at_once_first_votes_other_is_rejected(void **state)
{
    struct debounce *d = fresh();
    struct log lg = {0};
    edge(d, &lg, 1000, 1, P);
    edge(d, &lg, 1000.3, 3, P);
    edge(d, &lg, 1001, 1, R); /* bounce on both */
    edge(d, &lg, 1001.2, 3, R);
    edge(d, &lg, 1002, 1, P);
    edge(d, &lg, 1002.1, 3, P);
    edge(d, &lg, 1200, 1, R);
    edge(d, &lg, 1210, 3, R);
    tick(d, &lg, 4000);
    assert_int_equal(count(&lg, DEBOUNCE_VOTE), 1);
    assert_int_equal(lg.r[0].button, 1);
    assert_int_equal(count(&lg, DEBOUNCE_REJECTED), 1);
    assert_int_equal(lg.r[1].kind, DEBOUNCE_REJECTED);
    assert_int_equal(lg.r[1].button, 3);
    debounce_free(d);
}

/* Read order across lines can be a hair off kernel order; an edge stamped
 * just before the vote is still "at once" and rejected. */
static void slightly_earlier_edge_read_later_is_rejected(void **state)
{
    struct debounce *d = fresh();
    struct log lg = {0};
    edge(d, &lg, 1000.5, 2, P);
    edge(d, &lg, 1000.2, 0, P);
    assert_int_equal(count(&lg, DEBOUNCE_VOTE), 1);
    assert_int_equal(count(&lg, DEBOUNCE_REJECTED), 1);
    debounce_free(d);
}

static void presses_during_lock_are_rejected_and_counted(void **state)
{
    struct debounce *d = fresh();
    struct log lg = {0};
    edge(d, &lg, 0, 0, P);
    edge(d, &lg, 150, 0, R);
    assert_true(debounce_locked(d, 1 * MS));
    assert_int_equal(debounce_next_deadline(d, 700 * MS), 2000 * MS);
    /* Hammering: three presses (one bouncy) during the lock. */
    static const struct step s[] = {
        {400, 0, P}, {402, 0, R}, {403, 0, P}, {550, 0, R},
        {900, 2, P}, {1000, 2, R},
        {1999, 0, P}, {2050, 0, R},
    };
    run(d, &lg, s, sizeof s / sizeof s[0]);
    assert_int_equal(count(&lg, DEBOUNCE_VOTE), 1);
    assert_int_equal(count(&lg, DEBOUNCE_REJECTED), 3);
    /* The lock does not grow with rejected presses: ended at 2000. */
    assert_false(debounce_locked(d, 2000 * MS));
    tick(d, &lg, 2100);
    assert_int_equal(count(&lg, DEBOUNCE_UNLOCKED), 1);
    for (int i = 0; i < lg.n; i++)
        if (lg.r[i].kind == DEBOUNCE_UNLOCKED)
            assert_int_equal(lg.r[i].rejected, 3); /* one write for the three */
    assert_int_equal(debounce_next_deadline(d, 2100 * MS), INT64_MAX);
    edge(d, &lg, 2200, 0, P);
    assert_int_equal(count(&lg, DEBOUNCE_VOTE), 2);
    struct debounce_counts c = debounce_counts(d);
    assert_int_equal(c.votes, 2);
    assert_int_equal(c.rejected, 3);
    debounce_free(d);
}

static void button_held_at_start_gives_no_vote(void **state)
{
    struct debounce *d = fresh();
    struct log lg = {0};
    struct debounce_result r[DEBOUNCE_RESULTS_MAX];
    struct buttons_event held = {.kind = P, .button = 1, .initial = 1, .time_ns = 0};
    struct buttons_event up = {.kind = R, .button = 2, .initial = 1, .time_ns = 0};
    add(&lg, r, debounce_edge(d, &held, r));
    add(&lg, r, debounce_edge(d, &up, r));
    assert_int_equal(lg.n, 0);
    tick(d, &lg, 10000);
    assert_int_equal(count(&lg, DEBOUNCE_STUCK), 1);
    edge(d, &lg, 12000, 1, R);
    tick(d, &lg, 12100);
    assert_int_equal(count(&lg, DEBOUNCE_UNSTUCK), 1);
    edge(d, &lg, 13000, 1, P);
    edge(d, &lg, 13100, 1, R);
    assert_int_equal(count(&lg, DEBOUNCE_VOTE), 1);
    debounce_free(d);
}

static void taps_share_the_lock(void **state)
{
    struct debounce *d = fresh();
    struct log lg = {0};
    struct debounce_result r[DEBOUNCE_RESULTS_MAX];
    add(&lg, r, debounce_tap(d, 3, 100 * MS, r));
    edge(d, &lg, 500, 0, P);
    add(&lg, r, debounce_tap(d, 1, 900 * MS, r));
    add(&lg, r, debounce_tap(d, 1, 2100 * MS, r));
    assert_int_equal(count(&lg, DEBOUNCE_VOTE), 2);
    assert_int_equal(count(&lg, DEBOUNCE_REJECTED), 2);
    assert_int_equal(lg.r[0].button, 3);
    debounce_free(d);
}

static void leds_blink_the_choice_then_dark_until_unlocked(void **state)
{
    struct debounce *d = fresh();
    struct log lg = {0};
    unsigned enabled = 0x0f; /* a poll with 4 options: button 5 stays dark */
    assert_int_equal(debounce_leds(d, 0, enabled), 0x0f);
    edge(d, &lg, 1000, 2, P);
    edge(d, &lg, 1100, 2, R);
    assert_int_equal(debounce_leds(d, 1000 * MS, enabled), 1u << 2);
    assert_int_equal(debounce_leds(d, 1150 * MS, enabled), 0);
    assert_int_equal(debounce_leds(d, 1250 * MS, enabled), 1u << 2);
    assert_int_equal(debounce_next_deadline(d, 1250 * MS), 1300 * MS);
    assert_int_equal(debounce_leds(d, 1700 * MS, enabled), 0);
    assert_int_equal(debounce_next_deadline(d, 1700 * MS), 3000 * MS);
    assert_int_equal(debounce_leds(d, 2999 * MS, enabled), 0);
    assert_int_equal(debounce_leds(d, 3000 * MS, enabled), 0x0f);
    /* A stuck button stays dark. */
    edge(d, &lg, 4000, 0, P);
    tick(d, &lg, 14000);
    assert_int_equal(debounce_leds(d, 14000 * MS, enabled), 0x0e);
    debounce_free(d);
}

static void no_lock_when_lockout_is_zero(void **state)
{
    struct debounce_config c = cfg;
    c.lockout_ns = 0;
    struct debounce *d = debounce_new(&c);
    struct log lg = {0};
    edge(d, &lg, 0, 0, P);
    edge(d, &lg, 100, 0, R);
    edge(d, &lg, 300, 0, P);
    assert_int_equal(count(&lg, DEBOUNCE_VOTE), 2);
    debounce_free(d);
}

static void bad_config_and_buttons_are_refused(void **state)
{
    struct debounce_config c = cfg;
    c.buttons = -1;
    assert_null(debounce_new(&c));
    c.buttons = BUTTONS_MAX + 1;
    assert_null(debounce_new(&c));
    c = cfg;
    c.stuck_ns = 0;
    assert_null(debounce_new(&c));
    /* No buttons (a kiosk without GPIO): taps still vote, through the lock. */
    c = cfg;
    c.buttons = 0;
    struct debounce *taps = debounce_new(&c);
    assert_non_null(taps);
    struct debounce_result r[DEBOUNCE_RESULTS_MAX];
    assert_int_equal(debounce_tap(taps, 4, 0, r), 1);
    assert_int_equal(r[0].kind, DEBOUNCE_VOTE);
    assert_int_equal(debounce_tap(taps, 2, 10 * MS, r), 1);
    assert_int_equal(r[0].kind, DEBOUNCE_REJECTED);
    debounce_free(taps);
    struct debounce *d = fresh();
    struct log lg = {0};
    edge(d, &lg, 0, 7, P);
    edge(d, &lg, 0, -1, P);
    assert_int_equal(lg.n, 0);
    debounce_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(clean_press_is_one_vote_at_its_first_edge),
        cmocka_unit_test(bounce_of_5_ms_is_one_vote),
        cmocka_unit_test(bounce_of_40_ms_is_one_vote),
        cmocka_unit_test(held_button_is_one_vote_and_not_stuck),
        cmocka_unit_test(stuck_button_stops_counting_and_counts_again_after_release),
        cmocka_unit_test(stuck_is_reported_in_timeline_order),
        cmocka_unit_test(two_buttons_at_once_first_votes_other_is_rejected),
        cmocka_unit_test(slightly_earlier_edge_read_later_is_rejected),
        cmocka_unit_test(presses_during_lock_are_rejected_and_counted),
        cmocka_unit_test(button_held_at_start_gives_no_vote),
        cmocka_unit_test(taps_share_the_lock),
        cmocka_unit_test(leds_blink_the_choice_then_dark_until_unlocked),
        cmocka_unit_test(no_lock_when_lockout_is_zero),
        cmocka_unit_test(bad_config_and_buttons_are_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
