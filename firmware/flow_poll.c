/* flow_poll.c: group polls with the arcade buttons (or the screen), and the
 * conversation cards. Edges from the buttons' hardware thread arrive as SDL
 * events; debounce.h decides what they mean; every vote is committed before
 * the screen says "Dank je!". The teacher opens, reveals and closes polls
 * from teacher mode (firmware/teacher_polls.c) or an admin with
 * `stagekiosk poll ...`; either way this flow reads the open poll from the
 * store. */
#include "db/db_poll.h"
#include "firmware/app_internal.h"
#include "firmware/assets.h"
#include "firmware/buttons.h"
#include "base/clock.h"
#include "firmware/debounce.h"
#include "base/log.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define THANKS_MS 1500

struct polls {
    struct buttons *buttons;        /* NULL: no GPIO, touch and keys only */
    struct debounce *deb;
    Uint32 event_type;
    unsigned leds;                  /* what the LEDs show now */
    unsigned stuck;                 /* buttons that are stuck */

    struct db_poll poll;
    int open;
    int64_t thanks_until;           /* clock_ms */
    int64_t voter_id;               /* verified: who may press now */
    int64_t voter_until;

};

static int64_t now_ns(void)
{
    return clock_ms() * 1000000LL;
}

/* ---- the view ------------------------------------------------------ */

static void fill_view(struct app *a)
{
    struct polls *p = a->polls;
    struct view_poll *v = &a->view.poll;
    if (!p->open)
        return;
    snprintf(v->question, sizeof v->question, "%s", p->poll.q.text);
    v->noptions = p->poll.q.noptions < VIEW_POLL_OPTIONS ? p->poll.q.noptions : VIEW_POLL_OPTIONS;
    for (int i = 0; i < v->noptions; i++)
        snprintf(v->options[i], sizeof v->options[i], "%s", p->poll.q.options[i]);
    v->verified = p->poll.verified;
    v->revealed = p->poll.revealed_at || !a->cfg.poll_hide_results;
    struct db_poll_tally t;
    if (db_poll_tally(a->db, p->poll.id, a->cfg.poll_min_votes, &t) == 0) {
        v->n = t.n;
        v->shown = t.shown;
        for (int i = 0; i < v->noptions; i++) {
            v->count[i] = t.count[i];
            v->percent[i] = t.percent[i];
        }
    }
    int64_t now = clock_ms();
    int voter = p->voter_id && now < p->voter_until;
    if (!voter)
        v->voter[0] = '\0';
    v->seconds_left = voter ? (int)((p->voter_until - now + 999) / 1000) : 0;
    if (now < p->thanks_until)
        v->phase = VIEW_POLL_THANKS;
    else if (p->deb && debounce_locked(p->deb, now_ns()))
        v->phase = VIEW_POLL_WAIT;
    else if (v->phase == VIEW_POLL_ALREADY && now < p->voter_until)
        v->phase = VIEW_POLL_ALREADY;
    else if (p->poll.verified && !voter)
        v->phase = VIEW_POLL_SCAN_FIRST;
    else
        v->phase = VIEW_POLL_VOTE;
    a->dirty = 1;
}

static int on_poll_screen(const struct app *a)
{
    return a->screen == &screen_poll;
}

/* Re-reads the open poll (it may have been opened or closed elsewhere). */
static void reload(struct app *a)
{
    struct polls *p = a->polls;
    int64_t before = p->open ? p->poll.id : 0;
    p->open = db_poll_current(a->db, &p->poll) == 1;
    if (!p->open)
        memset(&p->poll, 0, sizeof p->poll);
    if (p->open && p->poll.id != before) {
        p->voter_id = 0;
        log_info("poll %lld open: %s", (long long)p->poll.id, p->poll.q.text);
    }
    fill_view(a);
}

/* ---- LEDs ---------------------------------------------------------- */

static void update_leds(struct app *a)
{
    struct polls *p = a->polls;
    if (!p->buttons)
        return;
    unsigned enabled = 0;
    if (p->open)
        enabled = (1u << a->view.poll.noptions) - 1;
    unsigned want = p->deb ? debounce_leds(p->deb, now_ns(), enabled) : enabled;
    for (int i = 0; i < buttons_count(p->buttons); i++)
        if (((want ^ p->leds) >> i) & 1)
            buttons_led_set(p->buttons, i, (want >> i) & 1);
    p->leds = want;
}

/* ---- votes --------------------------------------------------------- */

/* A vote for option n, pressed at time_ns (a button's kernel timestamp, a
 * tap's arrival; CLOCK_MONOTONIC): stored at that moment's wall time, not
 * at the commit's. */
static void vote(struct app *a, int n, enum db_vote_source source, int64_t time_ns)
{
    struct polls *p = a->polls;
    if (!p->open || n >= p->poll.q.noptions)
        return;
    int64_t age_ms = (now_ns() - time_ns) / 1000000;
    if (age_ms < 0 || age_ms > 60000)
        age_ms = 0; /* not on this clock: the commit's time it is */
    int64_t at_ms = clock_unix() * 1000 + clock_ms() % 1000 - age_ms;
    if (p->poll.verified) {
        if (!p->voter_id || clock_ms() >= p->voter_until)
            return; /* nobody scanned: the press does not count */
        enum db_vote_status st = db_poll_vote_verified(a->db, p->poll.id, p->voter_id, n + 1);
        p->voter_id = 0;
        if (st == DB_VOTE_ERROR)
            return;
        if (st == DB_VOTE_ALREADY) {
            a->view.poll.phase = VIEW_POLL_ALREADY;
            return;
        }
    } else if (db_poll_vote(a->db, p->poll.id, n + 1, source, at_ms) != 0) {
        return;
    }
    /* Committed: now the screen may thank. The log never says what a
     * verified vote chose. */
    p->thanks_until = clock_ms() + THANKS_MS;
    log_info("poll %lld: a vote by %s pressed at %lld.%06lld s (monotonic), committed %lld ms "
             "later", (long long)p->poll.id, source == DB_VOTE_BUTTON ? "button" : "touch",
             (long long)(time_ns / 1000000000), (long long)(time_ns % 1000000000 / 1000),
             (long long)age_ms);
    if (!p->poll.verified)
        log_debug("poll %lld: vote for option %d (%s)", (long long)p->poll.id, n + 1,
                  source == DB_VOTE_BUTTON ? "button" : "touch");
}

static void handle_results(struct app *a, const struct debounce_result *r, int n,
                           enum db_vote_source source)
{
    struct polls *p = a->polls;
    for (int i = 0; i < n; i++) {
        switch (r[i].kind) {
        case DEBOUNCE_VOTE:
            vote(a, r[i].button, source, r[i].time_ns);
            break;
        case DEBOUNCE_REJECTED:
            break; /* counted when the lock ends: one write, not one per press */
        case DEBOUNCE_STUCK:
            p->stuck |= 1u << r[i].button;
            a->view.poll.stuck = p->stuck;
            log_warn("buttons: button %d is stuck (held too long); ignored until released",
                     r[i].button + 1);
            break;
        case DEBOUNCE_UNSTUCK:
            p->stuck &= ~(1u << r[i].button);
            a->view.poll.stuck = p->stuck;
            log_info("buttons: button %d is free again", r[i].button + 1);
            break;
        case DEBOUNCE_UNLOCKED:
            if (p->open && r[i].rejected > 0)
                db_poll_reject_add(a->db, p->poll.id, r[i].rejected);
            break;
        }
    }
    fill_view(a);
    update_leds(a);
}

static void edge(struct app *a, const struct buttons_event *ev)
{
    struct debounce_result r[DEBOUNCE_RESULTS_MAX];
    if (!a->polls->deb)
        return;
    int n = debounce_edge(a->polls->deb, ev, r);
    handle_results(a, r, n, DB_VOTE_BUTTON);
}

/* On the buttons' thread: hand the edge to the loop. */
static void push_edge(void *user, const struct buttons_event *ev)
{
    const Uint32 *type = user;
    SDL_Event e = {.type = *type};
    e.user.code = ev->button | (ev->kind == BUTTONS_RELEASE ? 0x100 : 0) |
                  (ev->initial ? 0x200 : 0);
    e.user.data1 = (void *)(uintptr_t)((uint64_t)ev->time_ns >> 32);
    e.user.data2 = (void *)(uintptr_t)((uint64_t)ev->time_ns & 0xffffffffu);
    SDL_PushEvent(&e);
}

static int poll_event(struct app *a, const SDL_Event *e)
{
    if (e->type != a->polls->event_type)
        return 0;
    struct buttons_event ev = {
        .kind = e->user.code & 0x100 ? BUTTONS_RELEASE : BUTTONS_PRESS,
        .button = e->user.code & 0xff,
        .initial = !!(e->user.code & 0x200),
        .time_ns = (int64_t)((uint64_t)(uintptr_t)e->user.data1 << 32 |
                             (uint64_t)(uintptr_t)e->user.data2),
    };
    edge(a, &ev);
    return 1;
}

static int poll_button(struct app *a, int n, int down, int64_t time_ns)
{
    struct buttons_event ev = {down ? BUTTONS_PRESS : BUTTONS_RELEASE, n, 0, time_ns};
    edge(a, &ev);
    return 1;
}

/* Keys 1-5 act as the buttons on a desktop, while the poll shows; not
 * while a scanner is typing a code (codes have digits too). */
static int is_vote_key(struct app *a, SDL_Keycode key)
{
    return on_poll_screen(a) && key >= SDLK_1 && key <= SDLK_5 &&
           !scanner_typing(&a->scanner, clock_ms());
}

static int poll_key(struct app *a, SDL_Keycode key)
{
    if (!is_vote_key(a, key))
        return 0;
    int64_t t = now_ns();
    poll_button(a, (int)(key - SDLK_1), 1, t);
    poll_button(a, (int)(key - SDLK_1), 0, t + 1000000);
    return 1;
}

static int poll_text(struct app *a, const char *text)
{
    /* the digits of keys 1-5 are votes, not scanner input */
    return text[0] && !text[1] && is_vote_key(a, (SDL_Keycode)text[0]);
}

/* Verified polls: a scan says who may press next. */
static int poll_scan(struct app *a, const char *code)
{
    struct polls *p = a->polls;
    if (!p->open || !p->poll.verified || !on_poll_screen(a))
        return 0;
    struct db_student s;
    enum view_notice n = flow_checkin_owner(a, code, &s);
    if (n != VIEW_NOTICE_NONE) {
        app_show_notice(a, n);
        return 1;
    }
    p->voter_until = clock_ms() + a->cfg.poll_verified_s * 1000LL;
    if (db_poll_has_voted(a->db, p->poll.id, s.id) == 1) {
        p->voter_id = 0;
        a->view.poll.phase = VIEW_POLL_ALREADY;
        a->dirty = 1;
        return 1;
    }
    p->voter_id = s.id;
    db_student_short_name(&s, a->view.poll.voter, sizeof a->view.poll.voter);
    fill_view(a);
    return 1;
}

static int poll_action(struct app *a, int action)
{
    struct polls *p = a->polls;
    if (action >= POLL_OPTION_0 && action < POLL_OPTION_0 + VIEW_POLL_OPTIONS) {
        struct debounce_result r[DEBOUNCE_RESULTS_MAX];
        if (!p->deb)
            return 1;
        int n = debounce_tap(p->deb, action - POLL_OPTION_0, now_ns(), r);
        handle_results(a, r, n, DB_VOTE_TOUCH);
        return 1;
    }
    return 0;
}

/* ---- rest, time and changes ---------------------------------------- */

static int poll_idle(struct app *a)
{
    if (!a->polls->open)
        return 0;
    fill_view(a);
    app_show(a, &screen_poll, 0);
    return 1;
}

static void poll_tick(struct app *a, int64_t now)
{
    struct polls *p = a->polls;
    if (p->deb) {
        struct debounce_result r[DEBOUNCE_RESULTS_MAX];
        int n = debounce_tick(p->deb, now * 1000000LL, r);
        if (n > 0)
            handle_results(a, r, n, DB_VOTE_BUTTON);
    }
    if (p->voter_id && now >= p->voter_until)
        p->voter_id = 0;
    if (p->open && on_poll_screen(a)) {
        struct view_poll before = a->view.poll;
        int dirty = a->dirty;
        fill_view(a); /* marks dirty; keep that only when something changed */
        a->dirty = dirty || before.phase != a->view.poll.phase ||
                   before.seconds_left != a->view.poll.seconds_left || before.n != a->view.poll.n;
        update_leds(a);
    }
}

static int64_t poll_deadline(const struct app *a)
{
    const struct polls *p = a->polls;
    int64_t now = clock_ms(), next = 0;
    if (p->deb) {
        int64_t d = debounce_next_deadline(p->deb, now * 1000000LL);
        if (d != INT64_MAX)
            next = (d + 999999) / 1000000;
    }
    int64_t c[2] = {p->thanks_until > now ? p->thanks_until : 0,
                    p->voter_id ? (p->voter_until < now + 1000 ? p->voter_until : now + 1000)
                                : 0};
    for (int i = 0; i < 2; i++)
        if (c[i] && (!next || c[i] < next))
            next = c[i];
    return next;
}

static void poll_store_changed(struct app *a)
{
    struct polls *p = a->polls;
    int was_open = p->open;
    int64_t was = p->poll.id;
    reload(a);
    /* opened, switched or closed by an admin: the resting screen follows */
    if ((p->open != was_open || p->poll.id != was) &&
        (a->screen == &screen_idle || on_poll_screen(a)))
        app_show_idle(a);
}

/* The room sees the card the teacher shows, else the open poll. */
static const struct screen *poll_stage(const struct app *a)
{
    if (a->screen == &screen_poll_card)
        return &screen_stage_card;
    return a->polls->open ? &screen_stage_poll : NULL;
}

/* ---- life cycle ---------------------------------------------------- */

static void load_default_sets(struct app *a)
{
    char dir[4096];
    if (assets_path("polls", dir, sizeof dir) == 0)
        db_poll_set_defaults(a->db, dir, clock_unix());
}

static int poll_start(struct app *a)
{
    struct polls *p = calloc(1, sizeof *p);
    if (!p)
        return -1;
    a->polls = p;
    load_default_sets(a);

    struct buttons_config bc;
    char err[256];
    int count = BUTTONS_MAX;
    if (buttons_config_from(&a->cfg, &bc, err, sizeof err) != 0)
        log_warn("buttons: %s; voting by touch only", err);
    else
        count = bc.count;
    struct debounce_config dc = {count, a->cfg.debounce_ms * 1000000LL,
                                 a->cfg.lockout_ms * 1000000LL, a->cfg.stuck_ms * 1000000LL};
    p->deb = debounce_new(&dc);
    p->event_type = SDL_RegisterEvents(1);
    /* Headless runs (scenarios, benches) have no panel and no buttons: their
     * presses come from the script. */
    if (count && !a->headless && p->event_type != (Uint32)-1 &&
        (p->buttons = buttons_open(&bc)) &&
        buttons_start(p->buttons, push_edge, &p->event_type) != 0) {
        buttons_close(p->buttons);
        p->buttons = NULL;
    }
    log_info("buttons: %s", p->buttons ? buttons_backend() : "none; voting by touch and keys");
    reload(a);
    if (p->open && a->screen == &screen_idle)
        poll_idle(a);
    return 0;
}

static void poll_stop(struct app *a)
{
    struct polls *p = a->polls;
    if (!p)
        return;
    buttons_close(p->buttons);
    debounce_free(p->deb);
    free(p);
    a->polls = NULL;
}

const struct flow flow_poll = {
    .name = "poll", .start = poll_start, .stop = poll_stop,
    .action = poll_action, .scan = poll_scan, .key = poll_key,
    .text = poll_text, .event = poll_event, .button = poll_button,
    .tick = poll_tick, .deadline = poll_deadline, .store_changed = poll_store_changed,
    .idle = poll_idle, .stage = poll_stage,
};
