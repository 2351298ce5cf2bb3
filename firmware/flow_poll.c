/* flow_poll.c: group polls with the arcade buttons (or the screen), and the
 * conversation cards. Edges from the buttons' hardware thread arrive as SDL
 * events; debounce.h decides what they mean; every vote is committed before
 * the screen says "Dank je!". The teacher opens, reveals and closes polls
 * from teacher mode (or an admin with `stagekiosk poll ...`). */
#include "db/db_poll.h"
#include "firmware/app_internal.h"
#include "firmware/assets.h"
#include "firmware/buttons.h"
#include "base/clock.h"
#include "firmware/debounce.h"
#include "base/log.h"
#include "base/setfile.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define THANKS_MS 1500
#define MAX_SETS VIEW_CHOICES
#define MAX_QUESTIONS SETFILE_BLOCKS_MAX

enum poll_step { PT_NONE, PT_SETS, PT_QUESTIONS, PT_MODE, PT_CONTROL, PT_CARDSETS, PT_CARDS };

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

    enum poll_step step;
    struct db_poll_set sets[MAX_SETS];
    int nsets;
    struct db_poll_question questions[MAX_QUESTIONS];
    int nquestions, question;
    int page;

    struct setfile *cardsets;
    int ncardsets, cardset, card;
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
            log_warn("buttons: button %d is stuck (held too long); ignored until released",
                     r[i].button + 1);
            break;
        case DEBOUNCE_UNSTUCK:
            p->stuck &= ~(1u << r[i].button);
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
    return on_poll_screen(a) && key >= SDLK_1 && key <= SDLK_5 && !scanner_busy(&a->scanner);
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

/* ---- the teacher's controls ----------------------------------------- */

static struct view_teacher *tv(struct app *a)
{
    return &a->view.teacher;
}

static void control_page(struct app *a, const char *title, const char *message)
{
    struct view_teacher *t = tv(a);
    memset(t, 0, sizeof *t);
    snprintf(t->title, sizeof t->title, "%s", title);
    snprintf(t->message, sizeof t->message, "%s", message);
    t->chosen = -1;
    t->progress = -1;
    app_show(a, &screen_poll_teacher, 0);
}

static void add_choice(struct app *a, const char *label)
{
    struct view_teacher *t = tv(a);
    if (t->nchoices < VIEW_CHOICES)
        snprintf(t->choices[t->nchoices++], sizeof t->choices[0], "%s", label);
}

static void show_sets(struct app *a)
{
    struct polls *p = a->polls;
    p->step = PT_SETS;
    p->nsets = db_poll_set_list(a->db, p->sets, MAX_SETS - 1);
    if (p->nsets < 0)
        p->nsets = 0;
    control_page(a, "Polls", p->nsets ? "Kies een vragenlijst, of toon gesprekskaarten."
                                      : "Er zijn nog geen vragenlijsten voor polls.");
    for (int i = 0; i < p->nsets; i++)
        add_choice(a, p->sets[i].title);
    add_choice(a, "Gesprekskaarten");
}

static void show_questions(struct app *a, int set)
{
    struct polls *p = a->polls;
    p->step = PT_QUESTIONS;
    p->nquestions = db_poll_set_questions(a->db, p->sets[set].id, p->questions, MAX_QUESTIONS);
    if (p->nquestions < 0)
        p->nquestions = 0;
    control_page(a, p->sets[set].title, "Welke vraag stel je?");
    struct view_teacher *t = tv(a);
    t->pages = (p->nquestions + VIEW_CHOICES - 1) / VIEW_CHOICES;
    t->page = p->page;
    for (int i = p->page * VIEW_CHOICES; i < p->nquestions && t->nchoices < VIEW_CHOICES; i++) {
        char label[sizeof t->choices[0]]; /* the whole question: never cut */
        snprintf(label, sizeof label, "%d. %s", p->questions[i].number, p->questions[i].text);
        add_choice(a, label);
    }
}

static void show_control(struct app *a)
{
    struct polls *p = a->polls;
    p->step = PT_CONTROL;
    reload(a);
    if (!p->open) {
        show_sets(a);
        return;
    }
    char msg[512];
    int n = snprintf(msg, sizeof msg, "%d %s%s.", a->view.poll.n,
                     a->view.poll.n == 1 ? "stem" : "stemmen",
                     p->poll.verified ? ", één per student" : "");
    for (int i = 0; i < BUTTONS_MAX; i++)
        if (p->stuck >> i & 1)
            n += snprintf(msg + n, sizeof msg - (size_t)n, " Knop %d zit vast.", i + 1);
    control_page(a, p->poll.q.text, msg);
    add_choice(a, p->poll.revealed_at ? "Resultaat getoond" : "Resultaat tonen");
    add_choice(a, "Volgende vraag");
    add_choice(a, "Poll sluiten");
    add_choice(a, "Naar het pollscherm");
}

static void open_question(struct app *a, int index, int verified)
{
    struct polls *p = a->polls;
    char err[256];
    db_poll_close(a->db, clock_unix());
    if (db_poll_open(a->db, p->poll.set_name[0] ? p->poll.set_name : p->sets[0].name,
                     p->questions[index].number, verified, clock_unix(), err, sizeof err) < 0) {
        control_page(a, "Poll", err);
        return;
    }
    p->question = index;
    show_control(a);
}

static void show_cardsets(struct app *a)
{
    struct polls *p = a->polls;
    p->step = PT_CARDSETS;
    control_page(a, "Gesprekskaarten",
                 p->ncardsets ? "Kies een set kaarten voor het gesprek."
                              : "Er zijn geen gesprekskaarten gevonden.");
    for (int i = 0; i < p->ncardsets && i < VIEW_CHOICES; i++)
        add_choice(a, p->cardsets[i].title);
}

static void show_card(struct app *a)
{
    struct polls *p = a->polls;
    const struct setfile *set = &p->cardsets[p->cardset];
    const struct setfile_block *c = &set->blocks[p->card];
    struct view_poll *v = &a->view.poll;
    p->step = PT_CARDS;
    snprintf(v->card_set, sizeof v->card_set, "%s", set->title);
    snprintf(v->card_title, sizeof v->card_title, "%s", c->text);
    v->card_nprompts = c->nitems < 5 ? c->nitems : 5;
    for (int i = 0; i < v->card_nprompts; i++)
        snprintf(v->card_prompts[i], sizeof v->card_prompts[i], "%s", c->items[i]);
    v->card_index = p->card;
    v->card_count = set->nblocks;
    app_show(a, &screen_poll_card, 0);
}

static void teacher_choice(struct app *a, int i)
{
    struct polls *p = a->polls;
    switch (p->step) {
    case PT_SETS:
        if (i == tv(a)->nchoices - 1) {
            show_cardsets(a);
            return;
        }
        snprintf(p->poll.set_name, sizeof p->poll.set_name, "%s", p->sets[i].name);
        p->page = 0;
        show_questions(a, i);
        return;
    case PT_QUESTIONS:
        p->question = p->page * VIEW_CHOICES + i;
        p->step = PT_MODE;
        control_page(a, p->questions[p->question].text, "Hoe mag de groep stemmen?");
        add_choice(a, "Iedereen drukt op een knop");
        add_choice(a, "Met pas: één stem per student");
        return;
    case PT_MODE:
        open_question(a, p->question, i == 1);
        return;
    case PT_CONTROL:
        if (i == 0) {
            db_poll_reveal(a->db, clock_unix());
            show_control(a);
            return;
        }
        if (i == 1) {
            if (p->nquestions == 0 || p->question + 1 >= p->nquestions) {
                control_page(a, "Poll", "Dit was de laatste vraag van de lijst.");
                return;
            }
            open_question(a, p->question + 1, p->poll.verified);
            return;
        }
        if (i == 2) {
            db_poll_close(a->db, clock_unix());
            reload(a);
            show_sets(a);
            return;
        }
        flow_teacher_leave(a, "to the poll screen");
        return;
    case PT_CARDSETS:
        p->cardset = i;
        p->card = 0;
        show_card(a);
        return;
    default:
        return;
    }
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
    if (action == TEACHER_POLLS && a->teacher_in) {
        if (p->open)
            show_control(a);
        else
            show_sets(a);
        return 1;
    }
    if (a->screen == &screen_poll_card && a->teacher_in) {
        if (action == POLL_CARD_NEXT && p->card + 1 < p->cardsets[p->cardset].nblocks)
            p->card++;
        else if (action == POLL_CARD_PREV && p->card > 0)
            p->card--;
        else if (action == POLL_CARD_STOP)
            return show_cardsets(a), 1;
        show_card(a);
        return 1;
    }
    if (a->screen != &screen_poll_teacher || !a->teacher_in)
        return 0;
    if (action == TEACHER_BACK) {
        if (p->step == PT_QUESTIONS || p->step == PT_CARDSETS || p->step == PT_CONTROL)
            show_sets(a);
        else if (p->step == PT_MODE)
            show_questions(a, 0);
        else
            app_show(a, &screen_teacher, 0);
        return 1;
    }
    if (action == TEACHER_PAGE_NEXT || action == TEACHER_PAGE_PREV) {
        int pages = tv(a)->pages;
        if (pages > 1)
            p->page = (p->page + (action == TEACHER_PAGE_NEXT ? 1 : pages - 1)) % pages;
        show_questions(a, 0);
        return 1;
    }
    if (action >= TEACHER_CHOICE_0 && action < TEACHER_CHOICE_0 + VIEW_CHOICES)
        teacher_choice(a, action - TEACHER_CHOICE_0);
    return 1;
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
    else if (a->screen == &screen_poll_teacher && p->step == PT_CONTROL)
        show_control(a);
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
    char dir[4096];
    if (assets_path("cards", dir, sizeof dir) == 0)
        setfile_read_dir(dir, &setfile_cards, &p->cardsets, &p->ncardsets, NULL);

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
    free(p->cardsets);
    free(p);
    a->polls = NULL;
}

const struct flow flow_poll = {
    .name = "poll",
    .start = poll_start,
    .stop = poll_stop,
    .action = poll_action,
    .scan = poll_scan,
    .key = poll_key,
    .text = poll_text,
    .tick = poll_tick,
    .deadline = poll_deadline,
    .store_changed = poll_store_changed,
    .event = poll_event,
    .button = poll_button,
    .idle = poll_idle,
    .stage = poll_stage,
};
