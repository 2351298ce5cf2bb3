/* flow_student.c: what a student does after checking in: the zelfscan, the
 * weekcheck or the intake (one item per screen, every answer committed as
 * it is given, "Opslaan" commits the whole), and "Mijn dossier"
 * (firmware/dossier.c fills it). The questionnaire decides what each screen
 * shows (ui/view_student.h); a new questionnaire needs no new code.
 *
 * A student who walks away is logged out after [student] idle_s; what they
 * answered stays as an unfinished response, and their next scan continues
 * where they left off. */
#include "firmware/assets.h"
#include "base/clock.h"
#include "firmware/dossier.h"
#include "base/log.h"
#include "firmware/student.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define LIST_MAX 32                 /* questionnaires looked at for the menu */

static struct student *me(struct app *a)
{
    return a->student_state;
}

static struct view_student *sv(struct app *a)
{
    return &a->view.student;
}

/* ---- time --------------------------------------------------------------- */

/* The student is still here: the idle timeout starts again. */
void student_busy(struct app *a)
{
    a->screen_until = clock_ms() + a->cfg.student_idle_s * 1000LL;
    a->view.seconds_left = a->cfg.student_idle_s;
    a->dirty = 1;
}

/* The screens whose idle timeout is the student's. */
static int ours(const struct screen *s)
{
    return s == &screen_student_item || s == &screen_student_text ||
           s == &screen_student_summary || s == &screen_dossier;
}

void student_show(struct app *a, const struct screen *s)
{
    app_show(a, s, a->cfg.student_idle_s);
}

/* ---- the menu ----------------------------------------------------------- */

/* The first questionnaire of each kind in the store (by name). */
static void find_questionnaires(struct app *a)
{
    struct student *st = me(a);
    struct db_questionnaire_info *list = calloc(LIST_MAX, sizeof *list);
    st->zelfscan[0] = st->weekcheck[0] = st->intake[0] = '\0';
    int n = list ? db_questionnaire_list(a->db, list, LIST_MAX) : -1;
    for (int i = 0; i < n; i++) {
        char *slot = !strcmp(list[i].kind, "zelfscan")    ? st->zelfscan
                     : !strcmp(list[i].kind, "weekcheck") ? st->weekcheck
                     : !strcmp(list[i].kind, "intake")    ? st->intake
                                                          : NULL;
        if (slot && !slot[0])
            snprintf(slot, QUESTIONNAIRE_KEY_MAX, "%s", list[i].name);
    }
    free(list);
}

static void add_menu(struct view_student *v, const char *label, int action)
{
    if (v->nmenu >= VIEW_STUDENT_MENU)
        return;
    snprintf(v->menu[v->nmenu], sizeof v->menu[0], "%s", label);
    v->menu_action[v->nmenu++] = action;
}

/* What fits the session: an intake asks for the intake, other days for the
 * zelfscan and the weekcheck; the dossier always. */
void student_fill_menu(struct app *a)
{
    struct student *st = me(a);
    struct view_student *v = sv(a);
    v->nmenu = 0;
    if (!a->has_student || !a->view.has_session)
        return;
    if (!strcmp(a->session.kind, "intake")) {
        if (st->intake[0])
            add_menu(v, "Intake", STUDENT_INTAKE);
    } else {
        if (st->zelfscan[0])
            add_menu(v, "Zelfscan", STUDENT_ZELFSCAN);
        if (st->weekcheck[0])
            add_menu(v, "Weekcheck", STUDENT_WEEKCHECK);
    }
    add_menu(v, "Mijn dossier", STUDENT_DOSSIER);
}

static void show_dossier(struct app *a)
{
    struct student *st = me(a);
    student_leave_questionnaire(a);
    if (dossier_fill(a, &a->student) != 0) {
        app_show_notice(a, VIEW_NOTICE_STORE_FAILED);
        return;
    }
    st->mode = SM_DOSSIER;
    student_show(a, &screen_dossier);
}

/* ---- input -------------------------------------------------------------- */

static int student_action(struct app *a, int action)
{
    struct student *st = me(a);
    if (!a->has_student)
        return 0;
    if (a->screen == &screen_student_text && action >= UI_ACTION_KEYBOARD_FIRST &&
        action <= UI_ACTION_KEYBOARD_LAST) {
        student_busy(a);
        return student_keyboard_action(a, action);
    }
    if (action < STUDENT_ZELFSCAN || action > 799)
        return 0;
    if (ours(a->screen))
        student_busy(a);
    /* a message answers the last tap only */
    memset(sv(a)->message, 0, sizeof sv(a)->message);
    switch (action) {
    case STUDENT_ZELFSCAN:
        student_begin(a, st->zelfscan);
        return 1;
    case STUDENT_WEEKCHECK:
        student_begin(a, st->weekcheck);
        return 1;
    case STUDENT_INTAKE:
        student_begin(a, st->intake);
        return 1;
    case STUDENT_DOSSIER:
        show_dossier(a);
        return 1;
    case STUDENT_BACK:
    case STUDENT_LOGOUT:
        if (action == STUDENT_BACK)
            break;
        log_info("student %s logged out", a->student.number);
        app_show_idle(a);
        return 1;
    default:
        break;
    }
    if (st->mode == SM_DOSSIER) {
        if (action == STUDENT_BACK)
            student_menu(a);
        else if (action >= STUDENT_TAB_0 && action < STUDENT_TAB_0 + VIEW_TABS &&
                 (action - STUDENT_TAB_0 != VIEW_TAB_PHONE || sv(a)->has_qr))
            sv(a)->tab = (enum view_tab)(action - STUDENT_TAB_0);
        return 1;
    }
    return student_item_action(a, action);
}

static int student_text(struct app *a, const char *text)
{
    return student_text_typed(a, text);
}

static int student_key(struct app *a, SDL_Keycode key)
{
    return student_text_key(a, key);
}

/* Any touch on our screens means the student is still here. */
static int student_touch(struct app *a, int x, int y, int down)
{
    if (down && a->has_student && ours(a->screen))
        student_busy(a);
    return 0;
}

/* ---- rest, time and changes --------------------------------------------- */

void student_leave_questionnaire(struct app *a)
{
    struct student *st = me(a);
    questionnaire_free(st->q);
    st->q = NULL;
    st->response_id = 0;
    st->item = 0;
    st->slot = 0;
    st->suffix[0] = '\0';
    student_drop_answers(st);
}

/* The student left (logged out, timed out, or someone else scanned): what
 * was typed is kept as an (unfinished) answer, then nothing of them stays. */
static void forget(struct app *a)
{
    struct student *st = me(a);
    if (st->mode == SM_TEXT && st->q && keyboard_text_chars(&sv(a)->text) > 0 &&
        student_commit_text(a) == 0)
        log_info("student %s left while typing; the text is kept", st->number);
    student_leave_questionnaire(a);
    st->mode = SM_MENU;
    st->student_id = 0;
    st->number[0] = '\0';
    memset(sv(a), 0, sizeof *sv(a));
}

/* The countdown shows the whole seconds left before logout; it changes
 * exactly when the number does (the app's own refresh keeps to the clock's
 * seconds, up to a second late). */
static int seconds_left(const struct app *a, int64_t now)
{
    return (int)((a->screen_until - now + 999) / 1000);
}

static int64_t student_deadline(const struct app *a)
{
    if (!ours(a->screen) || !a->screen_until)
        return 0;
    int64_t now = clock_ms();
    int left = seconds_left(a, now);
    return left > 1 ? a->screen_until - (left - 1) * 1000LL : a->screen_until;
}

static void student_tick(struct app *a, int64_t now)
{
    struct student *st = me(a);
    if (ours(a->screen) && a->screen_until && seconds_left(a, now) != a->view.seconds_left) {
        a->view.seconds_left = seconds_left(a, now);
        a->dirty = 1;
    }
    if (!a->has_student) {
        if (st->student_id)
            forget(a);
        return;
    }
    if (a->student.id != st->student_id) {
        /* Another student scanned while the last one was busy. */
        if (st->student_id) {
            forget(a);
            ui_forget_texts(a->ui);
        }
        st->student_id = a->student.id;
        snprintf(st->number, sizeof st->number, "%s", a->student.number);
        student_fill_menu(a);
        /* A welcome with choices stays long enough to choose. */
        if (a->screen == &screen_welcome && a->view.student.nmenu &&
            a->cfg.student_menu_s > a->cfg.return_idle_s)
            app_show(a, &screen_welcome, a->cfg.student_menu_s);
        a->dirty = 1;
    }
    if (a->screen == &screen_welcome && st->mode != SM_MENU) {
        /* scanned again in the middle of something: back to the menu */
        if (st->mode == SM_TEXT && st->q)
            student_commit_text(a);
        student_leave_questionnaire(a);
        st->mode = SM_MENU;
        student_fill_menu(a);
        a->dirty = 1;
    }
}

static void student_store_changed(struct app *a)
{
    find_questionnaires(a);
    if (a->has_student && (a->screen == &screen_welcome || a->screen == &screen_student_saved))
        student_fill_menu(a);
}

/* ---- life cycle --------------------------------------------------------- */

static int student_start(struct app *a)
{
    struct student *st = calloc(1, sizeof *st);
    if (!st)
        return -1;
    a->student_state = st;
    return 0;
}

/* The questionnaire files into the store: before the first scan, not
 * before the first frame. */
static void student_after_first_frame(struct app *a)
{
    char dir[4096], *report = NULL;
    if (assets_path("questionnaires", dir, sizeof dir) == 0) {
        int refused = db_questionnaire_load_dir(a->db, dir, 1, clock_unix(), &report);
        if (refused < 0)
            log_warn("questionnaires: cannot read %s", dir);
        else if (refused > 0)
            log_warn("questionnaires: %d refused: %s", refused, report ? report : "");
        free(report);
    } else {
        log_warn("questionnaires: no default questionnaires found");
    }
    find_questionnaires(a);
}

static void student_stop(struct app *a)
{
    struct student *st = me(a);
    if (!st)
        return;
    student_leave_questionnaire(a);
    free(st);
    a->student_state = NULL;
}

const struct flow flow_student = {
    .name = "student", .start = student_start, .stop = student_stop,
    .after_first_frame = student_after_first_frame,
    .action = student_action, .key = student_key, .text = student_text, .touch = student_touch,
    .tick = student_tick, .deadline = student_deadline, .store_changed = student_store_changed,
};
