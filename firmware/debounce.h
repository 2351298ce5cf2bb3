/* debounce.h: what the buttons' edges mean, as a pure function of the
 * event timeline: no I/O, no clock; every time is passed in (ns, the base
 * of buttons_event.time_ns). Feeds: edges from buttons.h, taps on the
 * screen, and the passing of time. Gives: a vote for button n, a press
 * rejected because of the lock, a button stuck or free again, the end of
 * the lock, and which LEDs should burn.
 *
 * The rules, per button:
 * - A press edge after at least debounce_ns of quiet on that line, while
 *   the button is up, is a press; any other edge is bounce and ignored.
 *   The first edge counts (no waiting), so feedback is immediate.
 * - The button is up again once its last edge is a release and the line
 *   stayed quiet for debounce_ns.
 * - A press while the lock runs is rejected (counted, not a vote). The
 *   lock is global: it starts at every vote and lasts lockout_ns.
 * - A button down for stuck_ns is stuck: reported once; it gives nothing
 *   until it is up again (reported as unstuck), then counts as before.
 * - A button held at start-up (an initial event) is down but gives no vote.
 * Two buttons at once: the first (in kernel time) votes, the other lands
 * in the lock and is rejected. */
#ifndef DEBOUNCE_H
#define DEBOUNCE_H

#include "firmware/buttons.h"

#include <stdint.h>

/* Results of one call never exceed this. */
#define DEBOUNCE_RESULTS_MAX (2 * BUTTONS_MAX + 2)

/* How long the LED of the chosen button blinks after a vote. */
#define DEBOUNCE_BLINK_NS (600 * 1000000LL)
#define DEBOUNCE_BLINK_HALF_NS (100 * 1000000LL)

struct debounce;

struct debounce_config {
    int buttons;         /* 0..BUTTONS_MAX; 0: taps only (no GPIO) */
    int64_t debounce_ns; /* e.g. 30 ms */
    int64_t lockout_ns;  /* e.g. 2 s; 0: no lock */
    int64_t stuck_ns;    /* e.g. 10 s */
};

enum debounce_kind {
    DEBOUNCE_VOTE,     /* button (or tapped option) n chose */
    DEBOUNCE_REJECTED, /* n was pressed while the lock ran */
    DEBOUNCE_STUCK,    /* n is held too long and stops counting */
    DEBOUNCE_UNSTUCK,  /* n is up again and counts again */
    DEBOUNCE_UNLOCKED, /* the lock ended (button -1) */
};

struct debounce_result {
    enum debounce_kind kind;
    int button;      /* 0-based; -1 for DEBOUNCE_UNLOCKED */
    int64_t time_ns; /* when it happened on the timeline */
    int rejected;    /* DEBOUNCE_UNLOCKED: presses this lock rejected, so
                        the store can count them in one write instead of
                        one commit per press of a child hammering away */
};

struct debounce_counts {
    uint64_t votes, rejected, bounces, stuck;
};

/* NULL when cfg is out of range or memory runs out. Free with
 * debounce_free() (NULL is fine). */
struct debounce *debounce_new(const struct debounce_config *cfg);
void debounce_free(struct debounce *d);

/* Each of these takes events in time order (a small step back, as between
 * two lines, is harmless) and writes its results to out, which has room for
 * DEBOUNCE_RESULTS_MAX; returns how many. Time passing up to the event's
 * time is handled first, so results come in timeline order. */
int debounce_edge(struct debounce *d, const struct buttons_event *ev,
                  struct debounce_result *out);

/* A tap on option n of the screen: no bounce, but the same lock. */
int debounce_tap(struct debounce *d, int n, int64_t now_ns, struct debounce_result *out);

/* Time has come to now_ns (call at debounce_next_deadline()). */
int debounce_tick(struct debounce *d, int64_t now_ns, struct debounce_result *out);

/* The first time after now_ns when debounce_tick() or debounce_leds() has
 * something new to say (a time <= now_ns: tick now); INT64_MAX when
 * nothing is pending. */
int64_t debounce_next_deadline(const struct debounce *d, int64_t now_ns);

/* 1 while the lock runs at now_ns. */
int debounce_locked(const struct debounce *d, int64_t now_ns);

/* 1 while button n is stuck. */
int debounce_stuck(const struct debounce *d, int n);

/* The LEDs that should burn at now_ns, as a bit mask (bit n = button n),
 * given the buttons that may be used at all (enabled: e.g. the options of
 * the open poll). After a vote the chosen button blinks for
 * DEBOUNCE_BLINK_NS and the others are dark; all stay dark until the lock
 * ends; a stuck button stays dark. */
unsigned debounce_leds(const struct debounce *d, int64_t now_ns, unsigned enabled);

/* Totals since debounce_new(). */
struct debounce_counts debounce_counts(const struct debounce *d);

#endif
