/* app.c: the kiosk's state and its loop. Input becomes actions, actions
 * become store writes, and the view the screens draw is refreshed from the
 * store. The loop sleeps until the next event or deadline and draws only
 * when something changed, so an idle kiosk uses no CPU. */
#include "firmware/app.h"
#include "db/db.h"
#include "db/db_demo.h"
#include "db/db_session.h"
#include "db/db_student.h"
#include "firmware/card.h"
#include "firmware/clock.h"
#include "firmware/log.h"
#include "firmware/scanner.h"
#include "ui/screen.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define STORE_POLL_MS 1000  /* changes by other processes show within this */

struct app {
    struct config cfg;
    struct db *db;
    struct ui *ui;
    struct card_key key;
    struct scanner scanner;

    const struct screen *screen;
    struct view view;
    struct db_session session;

    int64_t back_to_idle_at;    /* clock_ms; 0 when the screen stays */
    int64_t next_poll_at;
    int64_t next_second_at;     /* countdown and clock refresh */
    int dirty;
    int running;
};

/* ---- the view ------------------------------------------------------ */

static void refresh_session(struct app *a)
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

static void show(struct app *a, const struct screen *s)
{
    a->screen = s;
    a->back_to_idle_at = s == &screen_idle ? 0 : clock_ms() + a->cfg.return_idle_s * 1000;
    a->view.seconds_left = s == &screen_idle ? 0 : a->cfg.return_idle_s;
    ui_set_pressed(a->ui, UI_ACTION_NONE);
    a->dirty = 1;
    log_debug("screen %s", s->id);
}

static void show_idle(struct app *a)
{
    /* Nothing of the last student stays behind in memory for the screens. */
    memset(a->view.name, 0, sizeof a->view.name);
    a->view.late = a->view.guest = a->view.already = 0;
    refresh_session(a);
    show(a, &screen_idle);
}

static void show_notice(struct app *a, enum view_notice n)
{
    a->view.notice = n;
    show(a, &screen_notice);
}

/* ---- a scan -------------------------------------------------------- */

/* Checks in the owner of a scanned code and shows the welcome screen;
 * otherwise returns what went wrong for the notice screen. */
static enum view_notice checkin(struct app *a, const char *code)
{
    char number[CARD_NUMBER_MAX];
    int version;
    switch (card_code_read(&a->key, code, number, &version)) {
    case CARD_GARBLED:
        log_warn("scan: not a card code (%zu characters)", strlen(code));
        return VIEW_NOTICE_GARBLED;
    case CARD_FORGED:
        log_warn("scan: card code with a wrong signature: refused");
        return VIEW_NOTICE_FORGED;
    case CARD_OK:
        break;
    }
    struct db_student s;
    int found = db_student_find(a->db, number, &s);
    if (found < 0)
        return VIEW_NOTICE_STORE_FAILED;
    if (!found) {
        log_warn("scan: valid card of unknown student %s", number);
        return VIEW_NOTICE_UNKNOWN;
    }
    if (version != s.card_version) {
        log_warn("scan: card version %d of student %s refused (current %d)", version, number,
                 s.card_version);
        return version < s.card_version ? VIEW_NOTICE_REVOKED : VIEW_NOTICE_UNKNOWN;
    }
    refresh_session(a);
    if (!a->view.has_session) {
        log_info("scan: student %s scanned while no session runs", number);
        return VIEW_NOTICE_NO_SESSION;
    }
    struct db_checkin c;
    enum db_checkin_status st =
        db_checkin_add(a->db, &a->session, &s, clock_unix(), "scan", "", "", &c);
    if (st == DB_CHECKIN_ERROR)
        return VIEW_NOTICE_STORE_FAILED;
    /* Committed: only now may the screen say so. */
    log_info("checkin: student %s, session %lld%s%s%s", number, (long long)a->session.id,
             st == DB_CHECKIN_ALREADY ? ", already" : "", c.late ? ", late" : "",
             c.guest ? ", guest" : "");
    struct view *v = &a->view;
    db_student_short_name(&s, v->name, sizeof v->name);
    clock_hhmm(c.at, v->checkin_time);
    v->late = c.late;
    v->guest = c.guest;
    v->already = st == DB_CHECKIN_ALREADY;
    refresh_session(a);
    show(a, &screen_welcome);
    return VIEW_NOTICE_NONE;
}

static void on_enter(struct app *a)
{
    char code[SCANNER_MAX + 1];
    switch (scanner_enter(&a->scanner, clock_ms(), code, sizeof code)) {
    case SCANNER_NOTHING:
        return;
    case SCANNER_TOO_LONG:
        log_warn("scan: input longer than %d characters: refused", SCANNER_MAX);
        show_notice(a, VIEW_NOTICE_GARBLED);
        return;
    case SCANNER_CODE: {
        enum view_notice n = checkin(a, code);
        if (n != VIEW_NOTICE_NONE)
            show_notice(a, n);
        return;
    }
    }
}

/* ---- touch --------------------------------------------------------- */

static void on_action(struct app *a, int action)
{
    switch (action) {
    case UI_ACTION_DONE:
        show_idle(a);
        break;
    default:
        break;
    }
}

void app_handle_event(struct app *a, const SDL_Event *ev)
{
    switch (ev->type) {
    case SDL_QUIT:
        a->running = 0;
        break;
    case SDL_TEXTINPUT:
        scanner_text(&a->scanner, ev->text.text, clock_ms());
        break;
    case SDL_KEYDOWN:
        if (ev->key.keysym.sym == SDLK_RETURN || ev->key.keysym.sym == SDLK_KP_ENTER)
            on_enter(a);
        break;
    case SDL_MOUSEBUTTONDOWN:
        ui_set_pressed(a->ui, ui_hit(a->ui, ev->button.x, ev->button.y));
        a->dirty = 1;
        break;
    case SDL_MOUSEBUTTONUP: {
        int pressed = ui_pressed(a->ui);
        ui_set_pressed(a->ui, UI_ACTION_NONE);
        a->dirty = 1;
        if (pressed && ui_hit(a->ui, ev->button.x, ev->button.y) == pressed)
            on_action(a, pressed);
        break;
    }
    case SDL_WINDOWEVENT:
        if (ev->window.event == SDL_WINDOWEVENT_SIZE_CHANGED)
            ui_resize(a->ui);
        a->dirty = 1;
        break;
    default:
        break;
    }
}

/* ---- time ---------------------------------------------------------- */

static void update_clock(struct app *a)
{
    char now[6];
    clock_hhmm(clock_unix(), now);
    if (strcmp(now, a->view.clock)) {
        memcpy(a->view.clock, now, sizeof now);
        a->dirty = 1;
    }
}

void app_step(struct app *a)
{
    int64_t now = clock_ms();
    scanner_tick(&a->scanner, now);
    if (now >= a->next_second_at) {
        a->next_second_at = now - now % 1000 + 1000;
        update_clock(a);
        if (a->back_to_idle_at) {
            int left = (int)((a->back_to_idle_at - now + 999) / 1000);
            if (left != a->view.seconds_left)
                a->view.seconds_left = left, a->dirty = 1;
        }
    }
    if (a->back_to_idle_at && now >= a->back_to_idle_at)
        show_idle(a);
    if (now >= a->next_poll_at) {
        a->next_poll_at = now + STORE_POLL_MS;
        if (db_changed(a->db)) {
            log_debug("store changed by another process");
            refresh_session(a);
            a->dirty = 1;
        }
    }
    if (a->dirty)
        app_draw(a);
}

int64_t app_next_deadline(const struct app *a)
{
    int64_t next = a->next_poll_at;
    if (a->next_second_at < next)
        next = a->next_second_at;
    if (a->back_to_idle_at && a->back_to_idle_at < next)
        next = a->back_to_idle_at;
    int64_t stale = scanner_deadline(&a->scanner);
    if (stale && stale < next)
        next = stale;
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

void app_draw(struct app *a)
{
    ui_frame_begin(a->ui);
    a->screen->draw(a->ui, &a->view);
    ui_frame_end(a->ui);
    a->dirty = 0;
    bench_first_frame();
}

int app_run(struct app *a)
{
    a->running = 1;
    app_step(a);
    while (a->running) {
        int64_t wait = app_next_deadline(a) - clock_ms();
        SDL_Event ev;
        if (SDL_WaitEventTimeout(&ev, wait > 0 ? (int)wait : 0)) {
            do
                app_handle_event(a, &ev);
            while (a->running && SDL_PollEvent(&ev));
        }
        app_step(a);
    }
    return 0;
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
    scanner_init(&a->scanner);
    char path[4096];
    snprintf(path, sizeof path, "%s/stagekiosk.db", data_dir);
    if (!(a->db = db_open(path, err, errlen)))
        goto fail;
    if (card_key_load(data_dir, &a->key, err, errlen) != 0)
        goto fail;
    if (demo) {
        int64_t now = clock_unix();
        if (db_demo_seed(a->db, now, now + cfg->late_grace_min * 60) != 0) {
            snprintf(err, errlen, "De demogegevens konden niet worden gemaakt.");
            goto fail;
        }
    }
    if (!(a->ui = ui_open(uo, err, errlen)))
        goto fail;
    update_clock(a);
    show_idle(a);
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
    ui_close(a->ui);
    db_close(a->db);
    free(a);
}

const char *app_screen_id(const struct app *a)
{
    return a->screen->id;
}

struct ui *app_ui(struct app *a)
{
    return a->ui;
}

void app_card_code(struct app *a, const char *number, char *out, size_t outlen)
{
    struct db_student s;
    out[0] = '\0';
    if (db_student_find(a->db, number, &s) == 1)
        card_code_make(&a->key, s.number, s.card_version, out, outlen);
}
