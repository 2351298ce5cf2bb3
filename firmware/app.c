/* app.c: the kiosk's loop. Input is offered to the flows (flow.h), which
 * write to the store and fill the view; the loop sleeps until the next
 * event or deadline and draws only when something changed, so an idle
 * kiosk uses no CPU. */
#include "firmware/app_internal.h"
#include "db/db_demo.h"
#include "base/clock.h"
#include "base/log.h"
#include "base/milestone.h"
#include "firmware/assets.h"
#include "firmware/presenter.h"
#include "firmware/watchdog.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#define STORE_POLL_MS 1000  /* changes by other processes show within this */

/* Every feature, in the order they are offered input. */
static const struct flow *const flows[] = {
    &flow_backup, /* first: its passphrase field takes typed keys */
    &flow_update, /* before teacher mode, which would take its page's
                     Installeren and Terug for a teacher step's */
    &flow_teacher,
    &flow_poll,
    &flow_student,
    &flow_checkin,
    &flow_sync,
};

#define NFLOWS (sizeof flows / sizeof flows[0])

/* A flow's hook, when the flow started and has that hook. */
#define HOOK(a, i, hook) ((a)->flow_ok[i] ? flows[i]->hook : NULL)

/* Offers something to each flow in turn until one takes it. */
#define OFFER(a, hook, ...)                                               \
    do {                                                                  \
        for (size_t i_ = 0; i_ < NFLOWS; i_++)                            \
            if (HOOK(a, i_, hook) && flows[i_]->hook(__VA_ARGS__))        \
                break;                                                    \
    } while (0)

/* ---- screens and the view ------------------------------------------ */

void app_refresh_session(struct app *a)
{
    struct view *v = &a->view;
    v->has_session = db_session_current(a->db, &a->session) == 1;
    if (!v->has_session) {
        memset(&a->session, 0, sizeof a->session);
        return;
    }
    snprintf(v->session_title, sizeof v->session_title, "%s · %s", a->session.title,
             a->session.group);
    snprintf(v->session_kind, sizeof v->session_kind, "%s", a->session.kind);
    v->checked_in = db_checkin_count(a->db, a->session.id);
    v->group_size = db_student_count(a->db, a->session.group_id);
}

void app_show(struct app *a, const struct screen *s, int timeout_s)
{
    /* A screen shown anew over itself (a live list after a write) keeps a
     * finger's press: the release still lands on the control. */
    if (s != a->screen)
        ui_set_pressed(a->ui, UI_ACTION_NONE);
    a->screen = s;
    a->screen_until = timeout_s > 0 ? clock_ms() + timeout_s * 1000 : 0;
    a->view.seconds_left = timeout_s > 0 ? timeout_s : 0;
    a->dirty = 1;
    log_debug("screen %s", s->id);
}

void app_show_idle(struct app *a)
{
    /* Nothing of the last person stays behind: not in the view, not as a
     * rendered name in the text cache. */
    if (a->has_student)
        ui_forget_texts(a->ui);
    memset(&a->student, 0, sizeof a->student);
    a->has_student = 0;
    memset(a->view.name, 0, sizeof a->view.name);
    a->view.late = a->view.guest = a->view.already = 0;
    app_refresh_session(a);
    for (size_t i = 0; i < NFLOWS; i++)
        if (HOOK(a, i, idle) && flows[i]->idle(a))
            return;
    app_show(a, &screen_idle, 0);
}

void app_show_notice(struct app *a, enum view_notice n)
{
    a->view.notice = n;
    app_show(a, &screen_notice, a->cfg.return_idle_s);
}

/* ---- input --------------------------------------------------------- */

static int flows_take_keyboard(struct app *a, const SDL_Event *ev)
{
    for (size_t i = 0; i < NFLOWS; i++) {
        if (ev->type == SDL_TEXTINPUT && HOOK(a, i, text) && flows[i]->text(a, ev->text.text))
            return 1;
        if (ev->type == SDL_KEYDOWN && HOOK(a, i, key) && flows[i]->key(a, ev->key.keysym.sym))
            return 1;
    }
    return 0;
}

static void on_enter(struct app *a)
{
    char code[SCANNER_MAX + 1];
    switch (scanner_enter(&a->scanner, clock_ms(), code, sizeof code)) {
    case SCANNER_NOTHING:
        break;
    case SCANNER_TOO_LONG:
        log_warn("scan: input longer than %d characters: refused", SCANNER_MAX);
        app_show_notice(a, VIEW_NOTICE_GARBLED);
        break;
    case SCANNER_CODE:
        OFFER(a, scan, a, code);
        break;
    }
}

static void on_touch(struct app *a, int x, int y, int down)
{
    for (size_t i = 0; i < NFLOWS; i++)
        if (HOOK(a, i, touch) && flows[i]->touch(a, x, y, down))
            return;
    a->dirty = 1;
    if (down) {
        ui_set_pressed(a->ui, ui_hit(a->ui, x, y));
        return;
    }
    int pressed = ui_pressed(a->ui);
    ui_set_pressed(a->ui, UI_ACTION_NONE);
    if (pressed && ui_hit(a->ui, x, y) == pressed)
        OFFER(a, action, a, pressed);
}

/* The presenter opened, closed or must be drawn anew. */
static void presenter_changed(struct app *a)
{
    a->view.presenter = presenter_is_open(a->presenter);
    a->dirty = 1;
}

/* Nobody is in the middle of something: the resting screens only. */
static int at_rest(const struct app *a)
{
    return !a->teacher_in && !a->has_student &&
           (a->screen == &screen_idle || (a->screen == &screen_poll && !a->view.poll.voter[0]));
}

void app_handle_event(struct app *a, const SDL_Event *ev)
{
    SDL_Event back;
    switch (presenter_event(a->presenter, ev, &back)) {
    case PRESENTER_NOT_MINE:
        break;
    case PRESENTER_TAKEN:
        return;
    case PRESENTER_CHANGED:
        presenter_changed(a);
        return;
    case PRESENTER_PASS_BACK:
        app_handle_event(a, &back);
        return;
    }
    switch (ev->type) {
    case SDL_QUIT:
        a->running = 0;
        break;
    case SDL_TEXTINPUT:
        if (!flows_take_keyboard(a, ev))
            scanner_text(&a->scanner, ev->text.text, clock_ms());
        break;
    case SDL_KEYDOWN:
        if (flows_take_keyboard(a, ev))
            break;
        if (ev->key.keysym.sym == SDLK_RETURN || ev->key.keysym.sym == SDLK_KP_ENTER)
            on_enter(a);
        break;
    case SDL_MOUSEBUTTONDOWN:
    case SDL_MOUSEBUTTONUP: {
        if (ev->button.which == SDL_TOUCH_MOUSEID)
            break; /* made up from a finger, which comes itself too */
        int x = ev->button.x, y = ev->button.y;
        ui_from_panel(a->ui, &x, &y);
        on_touch(a, x, y, ev->type == SDL_MOUSEBUTTONDOWN);
        break;
    }
    case SDL_FINGERDOWN:
    case SDL_FINGERUP: {
        int x, y, down;
        if (touch_finger(&a->touch, a->ui, ev, &x, &y, &down))
            on_touch(a, x, y, down);
        break;
    }
    case SDL_WINDOWEVENT:
        if (ev->window.event == SDL_WINDOWEVENT_CLOSE)
            a->running = 0; /* the kiosk's own window, on a desktop */
        if (ev->window.event == SDL_WINDOWEVENT_SIZE_CHANGED)
            ui_resize(a->ui);
        a->dirty = 1;
        break;
    default:
        if (ev->type >= SDL_USEREVENT)
            OFFER(a, event, a, ev);
        break;
    }
}

/* ---- time ---------------------------------------------------------- */

struct db *app_open_store(const char *path, char *err, size_t errlen)
{
    struct db *db = db_open(path, err, errlen);
    if (db)
        db_checkpoints_by_hand(db);
    return db;
}

static void every_second(struct app *a, int64_t now)
{
    a->next_second_at = now - now % 1000 + 1000;
    a->checkpoint_due = 1;
    char hhmm[6];
    clock_hhmm(clock_unix(), hhmm);
    if (strcmp(hhmm, a->view.clock)) {
        memcpy(a->view.clock, hhmm, sizeof hhmm);
        a->dirty = 1;
    }
    if (a->screen_until) {
        int left = (int)((a->screen_until - now + 999) / 1000);
        if (left != a->view.seconds_left) {
            a->view.seconds_left = left;
            a->dirty = 1;
        }
    }
}

/* An admin may import another kiosk's card key (`card-key import`): use it
 * from then on, without a restart. */
static void reload_card_key(struct app *a)
{
    char path[4200], err[256];
    struct stat st;
    snprintf(path, sizeof path, "%s/card.key", a->data_dir);
    if (stat(path, &st) != 0 || (int64_t)st.st_mtime == a->key_mtime)
        return;
    struct card_key key;
    if (card_key_load(a->data_dir, &key, err, sizeof err) == 0) {
        if (a->key_mtime)
            log_info("card: card key changed on disk; the new one is used now");
        a->key = key;
    }
    a->key_mtime = (int64_t)st.st_mtime;
}

static void look_for_changes(struct app *a, int64_t now)
{
    a->next_poll_at = now + STORE_POLL_MS;
    reload_card_key(a);
    if (!db_changed(a->db))
        return;
    log_debug("store changed by another process");
    app_store_changed(a);
}

void app_store_changed(struct app *a)
{
    app_refresh_session(a);
    for (size_t i = 0; i < NFLOWS; i++)
        if (HOOK(a, i, store_changed))
            flows[i]->store_changed(a);
    a->dirty = 1;
}

/* Once, right after the first frame: systemd may call us ready, and the
 * flows do what the first frame did not wait for, before any input. */
static void after_first_frame(struct app *a)
{
    a->first_frame_out = 1;
    milestone("first frame");
    watchdog_ready();
    for (size_t i = 0; i < NFLOWS; i++)
        if (HOOK(a, i, after_first_frame))
            flows[i]->after_first_frame(a);
    milestone("after the first frame");
    milestone_log();
}

void app_step(struct app *a)
{
    int64_t now = clock_ms();
    scanner_tick(&a->scanner, now);
    if (now >= a->next_second_at)
        every_second(a, now);
    if (a->screen_until && now >= a->screen_until)
        app_show_idle(a);
    if (now >= a->next_poll_at)
        look_for_changes(a, now);
    for (size_t i = 0; i < NFLOWS; i++)
        if (HOOK(a, i, tick))
            flows[i]->tick(a, now);
    if (presenter_tick(a->presenter, now, at_rest(a)))
        app_quit(a, APP_EXIT_RESTART);
    if (a->dirty)
        app_draw(a);
    if (!a->first_frame_out)
        after_first_frame(a);
    /* After the frame: a welcome never waits for the file's fsyncs. With
     * nothing new this is a look at the WAL's index. */
    if (a->checkpoint_due)
        db_checkpoint(a->db);
    a->checkpoint_due = 0;
    const char *sql = NULL;
    if (db_busy_statements(a->db, &sql))
        log_err("db: a statement was left running (not reset): %s", sql);
}

int64_t app_next_deadline(const struct app *a)
{
    int64_t next = a->next_poll_at;
    int64_t candidates[3] = {a->next_second_at, a->screen_until, scanner_deadline(&a->scanner)};
    for (int i = 0; i < 3; i++)
        if (candidates[i] && candidates[i] < next)
            next = candidates[i];
    for (size_t i = 0; i < NFLOWS; i++) {
        int64_t d = HOOK(a, i, deadline) ? flows[i]->deadline(a) : 0;
        if (d && d < next)
            next = d;
    }
    return next;
}

/* tests/bench.c passes the CLOCK_MONOTONIC nanoseconds at which it started
 * us in STAGEKIOSK_BENCH_T0; the first frame then says how long that took. */
static void bench_first_frame(void)
{
    static int done;
    const char *t0 = done ? NULL : getenv("STAGEKIOSK_BENCH_T0");
    done = 1;
    if (!t0)
        return;
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    long long ns = (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec - strtoll(t0, NULL, 10);
    fprintf(stderr, "bench: first frame after %.1f ms\n", (double)ns / 1e6);
}

/* What the presenter display shows: the first flow's stage, else rest. */
static const struct screen *stage_screen(const struct app *a)
{
    for (size_t i = 0; i < NFLOWS; i++) {
        const struct screen *s = HOOK(a, i, stage) ? flows[i]->stage(a) : NULL;
        if (s)
            return s;
    }
    return &screen_stage_rest;
}

void app_draw(struct app *a)
{
    ui_frame_begin(a->ui);
    a->screen->draw(a->ui, &a->view);
    ui_frame_end(a->ui);
    a->dirty = 0;
    bench_first_frame();
    /* after the touchscreen's frame is out */
    presenter_draw(a->presenter, stage_screen(a), &a->view, 0);
}

int app_run(struct app *a)
{
    a->running = 1;
    app_step(a); /* the first frame, and what came after it */
    int64_t wd_every = watchdog_interval_ms(), wd_next = clock_ms();
    while (a->running) {
        if (wd_every && clock_ms() >= wd_next) {
            watchdog_ping();
            wd_next = clock_ms() + wd_every;
        }
        int64_t deadline = app_next_deadline(a);
        if (wd_every && wd_next < deadline)
            deadline = wd_next;
        int64_t wait = deadline - clock_ms();
        SDL_Event ev;
        if (SDL_WaitEventTimeout(&ev, wait > 0 ? (int)wait : 0)) {
            do
                app_handle_event(a, &ev);
            while (a->running && SDL_PollEvent(&ev));
        }
        app_step(a);
    }
    return a->exit_code;
}

void app_quit(struct app *a, int code)
{
    a->running = 0;
    a->exit_code = code;
}

/* ---- life cycle ---------------------------------------------------- */

struct app *app_open(const struct config *cfg, const char *data_dir,
                     const struct ui_options *uo, int demo, char *err, size_t errlen)
{
    struct app *a = calloc(1, sizeof *a);
    if (!a) {
        snprintf(err, errlen, "Geen geheugen vrij.");
        return NULL;
    }
    a->cfg = *cfg;
    a->headless = uo->headless;
    snprintf(a->data_dir, sizeof a->data_dir, "%s", data_dir);
    scanner_init(&a->scanner);
    char path[4200];
    snprintf(path, sizeof path, "%s/stagekiosk.db", data_dir);
    if (!(a->db = app_open_store(path, err, errlen)))
        goto fail;
    milestone("store");
    if (card_key_load(data_dir, &a->key, err, errlen) != 0)
        goto fail;
    reload_card_key(a); /* notes the key file's time */
    if (demo) {
        int64_t now = clock_unix();
        char qdir[4096], pdir[4096];
        struct db_demo_assets history = {qdir, pdir};
        int with_history = demo > 1 && assets_path("questionnaires", qdir, sizeof qdir) == 0 &&
                           assets_path("polls", pdir, sizeof pdir) == 0;
        if (db_demo_seed(a->db, now, now + cfg->late_grace_min * 60,
                         with_history ? &history : NULL) != 0) {
            snprintf(err, errlen, "De demogegevens konden niet worden gemaakt.");
            goto fail;
        }
    }
    if (!(a->ui = ui_open(uo, err, errlen)))
        goto fail;
    if (demo) {
        char code[CARD_CODE_MAX];
        app_card_code(a, db_demo_number(0), code, sizeof code);
        log_info("demo: type %s and Enter to check in a demo student; teacher PIN %s", code,
                 DB_DEMO_PIN);
    }
    app_show_idle(a);
    for (size_t i = 0; i < NFLOWS; i++) {
        a->flow_ok[i] = !flows[i]->start || flows[i]->start(a) == 0;
        if (!a->flow_ok[i])
            log_warn("%s: could not start; the kiosk carries on without it", flows[i]->name);
    }
    struct presenter_options po = {
        .follow = a->cfg.presenter,
        .headless = a->headless,
        .fullscreen = a->cfg.fullscreen,
        .software = a->cfg.software_render,
        .font = a->cfg.font,
    };
    a->presenter = presenter_new(&po, a->ui);
    if (presenter_follow(a->presenter))
        presenter_changed(a);
    if (!a->headless)
        touch_start(&a->touch);
    milestone("screens");
    a->next_poll_at = clock_ms() + STORE_POLL_MS;
    return a;
fail:
    app_close(a);
    return NULL;
}

void app_close(struct app *a)
{
    if (!a)
        return;
    for (size_t i = 0; i < NFLOWS; i++)
        if (HOOK(a, i, stop))
            flows[i]->stop(a);
    presenter_free(a->presenter);
    touch_stop(&a->touch);
    ui_close(a->ui);
    db_close(a->db);
    free(a);
}

void app_clock_changed(struct app *a)
{
    int64_t now = clock_ms();
    a->next_second_at = 0;
    a->next_poll_at = now;
    if (a->screen_until)
        a->screen_until = now + a->view.seconds_left * 1000LL;
    if (a->teacher_in)
        a->teacher_seen = now;
    a->dirty = 1;
}

void app_button(struct app *a, int n, int down, int64_t time_ns)
{
    OFFER(a, button, a, n, down, time_ns);
}

const char *app_screen_id(const struct app *a)
{
    return a->screen->id;
}

struct ui *app_ui(struct app *a)
{
    return a->ui;
}

int app_presenter(struct app *a, int w, int h)
{
    int rc = presenter_set(a->presenter, w, h);
    presenter_changed(a);
    if (rc == 0)
        presenter_draw(a->presenter, stage_screen(a), &a->view, 1);
    return rc;
}

struct ui *app_presenter_ui(struct app *a)
{
    return presenter_ui(a->presenter);
}

const char *app_presenter_screen_id(const struct app *a)
{
    return presenter_screen_id(a->presenter);
}

void app_card_code(struct app *a, const char *number, char *out, size_t outlen)
{
    struct db_student s;
    out[0] = '\0';
    if (db_student_find(a->db, number, &s) == 1)
        card_code_make(&a->key, s.number, s.card_version, out, outlen);
}
