/* debounce.c: the rules of debounce.h as a small state machine per button
 * plus one global lock. Pure: the caller brings every time. */
#include "firmware/debounce.h"

#include <stdlib.h>

#define NEVER INT64_MIN

struct key {
    int down;           /* a press was taken (or held at start) and the
                           release has not settled yet */
    int raw;            /* the last edge: 1 press, 0 release */
    int stuck;
    int64_t last_edge;  /* NEVER before the first edge */
    int64_t down_since; /* start of the current press */
};

struct debounce {
    struct debounce_config cfg;
    struct key keys[BUTTONS_MAX];
    int64_t lock_until;  /* NEVER: no lock yet */
    int lock_open;       /* 1 until DEBOUNCE_UNLOCKED is reported */
    int lock_rejected;   /* presses rejected by the current lock */
    int64_t voted_at;    /* for the blink; NEVER before the first vote */
    int voted;           /* button (option) of the last vote */
    struct debounce_counts counts;
};

struct debounce *debounce_new(const struct debounce_config *cfg)
{
    if (cfg->buttons < 0 || cfg->buttons > BUTTONS_MAX || cfg->debounce_ns < 0 ||
        cfg->lockout_ns < 0 || cfg->stuck_ns <= 0)
        return NULL;
    struct debounce *d = calloc(1, sizeof *d);
    if (!d)
        return NULL;
    d->cfg = *cfg;
    for (int i = 0; i < BUTTONS_MAX; i++)
        d->keys[i].last_edge = NEVER;
    d->lock_until = NEVER;
    d->voted_at = NEVER;
    d->voted = -1;
    return d;
}

void debounce_free(struct debounce *d)
{
    free(d);
}

static int emit(struct debounce_result *out, int n, enum debounce_kind kind, int button,
                int64_t t)
{
    out[n] = (struct debounce_result){kind, button, t, 0};
    return n + 1;
}

/* Quiet on a line since its last edge, at time t. */
static int quiet(const struct debounce *d, const struct key *k, int64_t t)
{
    return k->last_edge == NEVER || t - k->last_edge >= d->cfg.debounce_ns;
}

int debounce_tick(struct debounce *d, int64_t now, struct debounce_result *out)
{
    int n = 0;
    for (int i = 0; i < d->cfg.buttons; i++) {
        struct key *k = &d->keys[i];
        if (k->down && !k->raw && quiet(d, k, now)) {
            k->down = 0;
            if (k->stuck) {
                k->stuck = 0;
                n = emit(out, n, DEBOUNCE_UNSTUCK, i, k->last_edge + d->cfg.debounce_ns);
            }
        }
        if (k->down && !k->stuck && now - k->down_since >= d->cfg.stuck_ns) {
            k->stuck = 1;
            d->counts.stuck++;
            n = emit(out, n, DEBOUNCE_STUCK, i, k->down_since + d->cfg.stuck_ns);
        }
    }
    if (d->lock_open && now >= d->lock_until) {
        d->lock_open = 0;
        n = emit(out, n, DEBOUNCE_UNLOCKED, -1, d->lock_until);
        out[n - 1].rejected = d->lock_rejected;
        d->lock_rejected = 0;
    }
    return n;
}

/* A press that counts: a vote, or rejected when the lock runs. */
static int press(struct debounce *d, int button, int64_t t, struct debounce_result *out, int n)
{
    if (d->lock_until != NEVER && t < d->lock_until) {
        d->counts.rejected++;
        d->lock_rejected++;
        return emit(out, n, DEBOUNCE_REJECTED, button, t);
    }
    d->counts.votes++;
    d->voted = button;
    d->voted_at = t;
    if (d->cfg.lockout_ns > 0) {
        d->lock_until = t + d->cfg.lockout_ns;
        d->lock_open = 1;
    }
    return emit(out, n, DEBOUNCE_VOTE, button, t);
}

int debounce_edge(struct debounce *d, const struct buttons_event *ev,
                  struct debounce_result *out)
{
    if (ev->button < 0 || ev->button >= d->cfg.buttons)
        return 0;
    int64_t t = ev->time_ns;
    int n = debounce_tick(d, t, out);
    struct key *k = &d->keys[ev->button];

    if (ev->initial) {
        /* The state at start-up: a held button is down (and may turn out
         * stuck), but holding it while the kiosk starts is not a vote. */
        k->raw = k->down = ev->kind == BUTTONS_PRESS;
        k->down_since = t;
        if (k->down)
            k->last_edge = t;
        return n;
    }
    int was_quiet = quiet(d, k, t);
    k->last_edge = t;
    if (ev->kind == BUTTONS_RELEASE) {
        k->raw = 0;
        return n;
    }
    k->raw = 1;
    if (k->down || !was_quiet) {
        /* Bounce, or an edge while held (with v1's level-typed edges a
         * bouncing release can read as a press): never a new press. */
        d->counts.bounces++;
        return n;
    }
    k->down = 1;
    k->down_since = t;
    return press(d, ev->button, t, out, n);
}

int debounce_tap(struct debounce *d, int button, int64_t now, struct debounce_result *out)
{
    if (button < 0 || button >= BUTTONS_MAX)
        return 0;
    int n = debounce_tick(d, now, out);
    return press(d, button, now, out, n);
}

int64_t debounce_next_deadline(const struct debounce *d, int64_t now)
{
    int64_t next = INT64_MAX;
    for (int i = 0; i < d->cfg.buttons; i++) {
        const struct key *k = &d->keys[i];
        if (!k->down)
            continue;
        if (!k->stuck && k->down_since + d->cfg.stuck_ns < next)
            next = k->down_since + d->cfg.stuck_ns;
        /* Only a stuck button's release has anything to report. */
        if (k->stuck && !k->raw && k->last_edge + d->cfg.debounce_ns < next)
            next = k->last_edge + d->cfg.debounce_ns;
    }
    if (d->lock_open && d->lock_until < next)
        next = d->lock_until;
    if (d->voted_at != NEVER && now < d->voted_at + DEBOUNCE_BLINK_NS) {
        /* The next change of the blink. */
        int64_t step = now < d->voted_at ? 0 : (now - d->voted_at) / DEBOUNCE_BLINK_HALF_NS + 1;
        int64_t t = d->voted_at + step * DEBOUNCE_BLINK_HALF_NS;
        if (t < next)
            next = t;
    }
    return next;
}

int debounce_locked(const struct debounce *d, int64_t now)
{
    return d->lock_until != NEVER && now < d->lock_until;
}

int debounce_stuck(const struct debounce *d, int n)
{
    return n >= 0 && n < d->cfg.buttons && d->keys[n].stuck;
}

unsigned debounce_leds(const struct debounce *d, int64_t now, unsigned enabled)
{
    unsigned mask = 0;
    if (d->voted_at != NEVER && now >= d->voted_at && now < d->voted_at + DEBOUNCE_BLINK_NS) {
        /* On, off, on, ...: starts lit so the press is seen at once. */
        if (((now - d->voted_at) / DEBOUNCE_BLINK_HALF_NS) % 2 == 0)
            mask = 1u << d->voted;
        return mask & enabled;
    }
    if (debounce_locked(d, now))
        return 0;
    for (int i = 0; i < d->cfg.buttons; i++)
        if (!d->keys[i].stuck)
            mask |= 1u << i;
    return mask & enabled;
}

struct debounce_counts debounce_counts(const struct debounce *d)
{
    return d->counts;
}
