/* flow_teacher.c: teacher mode, the flow. Getting in (hold the top-right
 * corner for 3 s, F2 on a keyboard, or scan a teacher card; then the PIN),
 * leaving (Afmelden, or by itself after teacher.idle_s), and turning every
 * input into a call of the current step (firmware/teacher.h). The pages
 * themselves live in firmware/teacher_*.c. This is the one place that
 * checks a->teacher_in: while it is set, every tap belongs to a teacher
 * step. */
#include "db/db_pin.h"
#include "base/clock.h"
#include "base/log.h"
#include "firmware/teacher.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HOLD_MS 3000

static struct view_teacher *tv(struct app *a)
{
    return &a->view.teacher;
}

/* ---- what every page uses ------------------------------------------ */

void teacher_go(struct app *a, const struct teacher_step *s)
{
    a->teacher->step = s;
    log_debug("teacher: step %s", s->id);
    if (s->show)
        s->show(a);
}

void teacher_page(struct app *a, const char *title, const char *message)
{
    struct view_teacher *t = tv(a);
    snprintf(t->title, sizeof t->title, "%s", title);
    snprintf(t->message, sizeof t->message, "%s", message ? message : "");
    t->nrows = t->nchoices = t->pages = t->page = t->can_confirm = 0;
    t->chosen = -1;
    t->progress = -1;
    t->late[0] = '\0';
}

void teacher_confirm(struct app *a, const char *label)
{
    tv(a)->can_confirm = 1;
    snprintf(tv(a)->confirm_label, sizeof tv(a)->confirm_label, "%s", label);
}

void teacher_choice(struct app *a, const char *label)
{
    struct view_teacher *t = tv(a);
    if (t->nchoices < VIEW_CHOICES) {
        t->choice_action[t->nchoices] = 0;
        snprintf(t->choices[t->nchoices++], sizeof t->choices[0], "%s", label);
    }
}

void teacher_say(struct app *a, const struct teacher_step *step, const char *title,
                 const char *message, const struct screen *s)
{
    teacher_go(a, step);
    teacher_page(a, title, message);
    app_show(a, s, 0);
}

/* A message; Terug goes to the menu. */
const struct teacher_step teacher_step_note = {.id = "note"};

void teacher_full_name(const struct db_student *s, char *out, size_t len)
{
    snprintf(out, len, "%s %s%s%s", s->first_name, s->prefix, s->prefix[0] ? " " : "",
             s->last_name);
}

void teacher_leave(struct app *a, const char *why)
{
    struct teacher *t = a->teacher;
    log_info("teacher: left teacher mode (%s)", why);
    a->teacher_in = 0;
    t->step = NULL;
    t->page = 0;
    teacher_groups_forget(a);
    memset(&a->view.teacher, 0, sizeof a->view.teacher);
    memset(&a->view.student, 0, sizeof a->view.student); /* a dossier */
    ui_forget_texts(a->ui); /* names from the lists */
    app_show_idle(a);
}

void flow_teacher_home(struct app *a)
{
    if (a->teacher->first_setup && db_pin_is_set(a->db) == 0)
        teacher_pin_show(a, VIEW_PIN_NEW, "Welkom. Kies eerst een pincode voor de docenten.");
    else if (a->teacher_in)
        teacher_go(a, &teacher_step_menu);
    else
        teacher_leave(a, "back from a page of another flow");
}

void flow_teacher_refresh(struct app *a)
{
    const struct teacher_step *s = a->teacher->step;
    if (a->teacher_in && (s == &teacher_step_menu || s == &teacher_step_stick))
        teacher_go(a, s);
}

int teacher_paged(struct app *a, int n, int per)
{
    struct teacher *t = a->teacher;
    struct view_teacher *v = tv(a);
    v->pages = (n + per - 1) / per;
    if (t->page >= v->pages)
        t->page = v->pages > 0 ? v->pages - 1 : 0;
    v->page = t->page;
    return t->page * per;
}

int teacher_paged_at(struct app *a, int row, int per, int n)
{
    int i = a->teacher->page * per + row;
    return row >= 0 && i < n ? i : -1;
}

/* ---- input ----------------------------------------------------------- */

static void page_turn(struct app *a, int delta)
{
    struct teacher *t = a->teacher;
    int pages = tv(a)->pages;
    if (pages < 2 || !t->step->show)
        return;
    t->page = (t->page + delta + pages) % pages;
    t->step->show(a);
}

static int teacher_action(struct app *a, int action)
{
    struct teacher *t = a->teacher;
    const struct teacher_step *s = t->step;
    if (!s || (!a->teacher_in && s != &teacher_step_pin))
        return 0;
    a->dirty = 1;
    if (s->action && s->action(a, action))
        return 1;
    if (!a->teacher_in)
        return 1; /* the keypad takes nothing else */
    if (action == TEACHER_LOGOUT) {
        teacher_leave(a, "logged out");
    } else if (action == TEACHER_BACK) {
        t->page = 0;
        teacher_go(a, s->back ? s->back : &teacher_step_menu);
    } else if (action == TEACHER_CONFIRM) {
        if (s->confirm)
            s->confirm(a);
    } else if (action == TEACHER_PAGE_PREV || action == TEACHER_PAGE_NEXT) {
        page_turn(a, action == TEACHER_PAGE_NEXT ? 1 : -1);
    } else if (action >= TEACHER_CHOICE_0 && action < TEACHER_CHOICE_0 + VIEW_CHOICES) {
        if (s->choice && action - TEACHER_CHOICE_0 < tv(a)->nchoices)
            s->choice(a, action - TEACHER_CHOICE_0);
    } else if (action >= TEACHER_ROW_0 && action < TEACHER_ROW_0 + VIEW_ROWS) {
        if (s->choice && action - TEACHER_ROW_0 < tv(a)->nrows)
            s->choice(a, action - TEACHER_ROW_0);
    } else {
        return 0; /* a page of another flow (flow_backup.c, flow_update.c) */
    }
    return 1;
}

/* The screens from which the teacher can get in: the ones at rest. */
static int resting(const struct app *a)
{
    return a->screen == &screen_idle || a->screen == &screen_poll;
}

static int busy(const struct app *a)
{
    return a->teacher_in || a->teacher->step == &teacher_step_pin;
}

static void teacher_enter(struct app *a)
{
    int set = db_pin_is_set(a->db);
    log_info("teacher: keypad opened");
    teacher_pin_show(a, set == 0 ? VIEW_PIN_NEW : VIEW_PIN_ENTER, NULL);
}

/* The corner that opens teacher mode: the clock in the status bar. */
static int in_corner(struct app *a, int x, int y)
{
    const struct ui_metrics *m = ui_metrics(a->ui);
    return x >= m->w - m->target * 2 && y <= m->bar + m->pad;
}

static int teacher_touch(struct app *a, int x, int y, int down)
{
    struct teacher *t = a->teacher;
    if (busy(a))
        a->teacher_seen = clock_ms();
    if (!resting(a))
        return 0;
    if (down && in_corner(a, x, y)) {
        t->hold_since = clock_ms();
        return 1;
    }
    t->hold_since = 0;
    return 0;
}

static int teacher_key(struct app *a, SDL_Keycode key)
{
    if (busy(a))
        a->teacher_seen = clock_ms();
    if (a->teacher->step == &teacher_step_pin)
        return teacher_pin_key(a, key);
    if (key == SDLK_F2 && resting(a) && !a->teacher_in) {
        teacher_enter(a);
        return 1;
    }
    return 0;
}

static int teacher_text(struct app *a, const char *text)
{
    /* Digits typed for the keypad arrive as key presses; eat the text. */
    return a->teacher->step == &teacher_step_pin;
}

/* A teacher card opens the keypad, as the corner does; the PIN is still
 * needed. 1 when code was a teacher card (good or not), 0 when it is none. */
static int teacher_card(struct app *a, const char *code)
{
    int version = 0;
    enum card_result r = card_teacher_read(&a->key, code, &version);
    if (r == CARD_GARBLED)
        return 0;
    if (busy(a))
        return 1; /* already in, or on the keypad */
    if (r == CARD_FORGED) {
        log_warn("teacher: a teacher card made with another key, or altered, was scanned");
        app_show_notice(a, VIEW_NOTICE_FORGED);
        return 1;
    }
    int current = db_pin_card_version(a->db);
    if (version != current) {
        log_warn("teacher: teacher card version %d scanned; only version %d opens the keypad",
                 version, current);
        app_show_notice(a, VIEW_NOTICE_REVOKED);
        return 1;
    }
    if (!resting(a)) {
        log_info("teacher: teacher card scanned while %s shows; ignored", a->screen->id);
        return 1;
    }
    log_info("teacher: teacher card scanned");
    teacher_enter(a);
    return 1;
}

/* A scan in teacher mode checks the student in without leaving the
 * teacher's screen; the attendance list shows it at once. */
static int teacher_scan(struct app *a, const char *code)
{
    if (teacher_card(a, code))
        return 1;
    if (!a->teacher_in)
        return a->teacher->step == &teacher_step_pin; /* not while the keypad is open */
    struct db_student s;
    struct db_checkin c;
    int already = 0;
    enum view_notice n = flow_checkin_card(a, code, &s, &c, &already);
    if (a->teacher->step == &teacher_step_attendance) {
        teacher_step_attendance.show(a);
        if (n == VIEW_NOTICE_NONE)
            snprintf(tv(a)->message, sizeof tv(a)->message, "%s %s is %s.", s.first_name,
                     s.last_name, already ? "al ingecheckt" : "ingecheckt");
        else
            snprintf(tv(a)->message, sizeof tv(a)->message, "Die scan telde niet.");
    }
    a->dirty = 1;
    return 1;
}

/* ---- time and changes ------------------------------------------------ */

static void teacher_tick(struct app *a, int64_t now)
{
    struct teacher *t = a->teacher;
    if (t->hold_since && now - t->hold_since >= HOLD_MS && resting(a)) {
        t->hold_since = 0;
        teacher_enter(a);
    }
    if (t->step == &teacher_step_pin)
        teacher_pin_tick(a);
    if (busy(a) && !t->first_setup && now - a->teacher_seen >= a->cfg.teacher_idle_s * 1000LL)
        teacher_leave(a, "idle");
}

static int64_t teacher_deadline(const struct app *a)
{
    const struct teacher *t = a->teacher;
    int64_t next = 0;
    if (t->hold_since)
        next = t->hold_since + HOLD_MS;
    if (busy(a) && !t->first_setup) {
        int64_t idle = a->teacher_seen + a->cfg.teacher_idle_s * 1000LL;
        if (!next || idle < next)
            next = idle;
    }
    return next;
}

static void teacher_store_changed(struct app *a)
{
    struct teacher *t = a->teacher;
    if (t->first_setup && db_pin_is_set(a->db) == 1) {
        /* an admin set the PIN with `stagekiosk set-pin`: first start is done */
        t->first_setup = 0;
        teacher_leave(a, "a PIN was set on the command line");
        return;
    }
    if (a->teacher_in && t->step && t->step->live && t->step->show)
        t->step->show(a);
}

static int teacher_event(struct app *a, const SDL_Event *ev)
{
    if (ev->type != a->teacher->usb_event)
        return 0;
    teacher_usb_check(a);
    return 1;
}

static int teacher_start(struct app *a)
{
    struct teacher *t = calloc(1, sizeof *t);
    if (!t)
        return -1;
    a->teacher = t;
    teacher_usb_start(a);
    if (db_pin_is_set(a->db) == 0) {
        /* First start: a new PIN before anything else. */
        t->first_setup = 1;
        teacher_pin_show(a, VIEW_PIN_NEW, "Welkom. Kies eerst een pincode voor de docenten.");
    }
    return 0;
}

/* The poll sets' files: read once the first frame is out. */
static void teacher_after_first_frame(struct app *a)
{
    teacher_polls_start(a);
}

static void teacher_stop(struct app *a)
{
    if (!a->teacher)
        return;
    teacher_usb_stop(a);
    teacher_groups_forget(a);
    teacher_polls_stop(a);
    teacher_signals_stop(a);
    free(a->teacher);
    a->teacher = NULL;
}

const struct flow flow_teacher = {
    .name = "teacher", .start = teacher_start, .stop = teacher_stop,
    .after_first_frame = teacher_after_first_frame,
    .action = teacher_action, .scan = teacher_scan, .key = teacher_key,
    .text = teacher_text, .touch = teacher_touch, .event = teacher_event,
    .tick = teacher_tick, .deadline = teacher_deadline, .store_changed = teacher_store_changed,
};
