/* teacher_session.c: starting a session (kind, group, late after) and
 * stopping it. The list of groups also serves "Passen printen". */
#include "base/clock.h"
#include "base/log.h"
#include "firmware/teacher.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define GROUPS_MAX 1000

static const char *const kinds[] = {"terugkomdag", "intake", "bijeenkomst"};
static const char *const kind_labels[] = {"Terugkomdag", "Intake", "Bijeenkomst"};

static const struct teacher_step step_kind, step_groups, step_late, step_stop;

void teacher_groups_forget(struct app *a)
{
    free(a->teacher->groups);
    a->teacher->groups = NULL;
    a->teacher->ngroups = 0;
}

static void kind_show(struct app *a)
{
    teacher_page(a, "Bijeenkomst starten", "Wat voor bijeenkomst is het?");
    for (int i = 0; i < 3; i++)
        teacher_choice(a, kind_labels[i]);
    app_show(a, &screen_session_new, 0);
}

static void kind_choice(struct app *a, int i)
{
    a->teacher->kind = i;
    a->teacher->page = 0;
    teacher_go(a, &step_groups);
}

static void groups_show(struct app *a)
{
    struct teacher *t = a->teacher;
    if (!t->groups) {
        t->groups = calloc(GROUPS_MAX, sizeof *t->groups);
        t->ngroups = t->groups ? db_group_list(a->db, t->groups, GROUPS_MAX) : 0;
        if (t->ngroups < 0)
            t->ngroups = 0;
    }
    teacher_page(a, t->for_cards ? "Passen printen" : "Bijeenkomst starten",
                 !t->ngroups    ? "Er zijn nog geen groepen. Importeer eerst een lijst."
                 : t->for_cards ? "Van welke groep maak je passen? Ze komen als PDF op de stick."
                                : "Voor welke groep?");
    struct view_teacher *v = &a->view.teacher;
    int first = teacher_paged(a, t->ngroups, VIEW_CHOICES);
    for (int i = first; i < t->ngroups && v->nchoices < VIEW_CHOICES; i++)
        teacher_choice(a, t->groups[i]);
    app_show(a, t->for_cards ? &screen_usb : &screen_session_new, 0);
}

static void groups_choice(struct app *a, int i)
{
    struct teacher *t = a->teacher;
    snprintf(t->group, sizeof t->group, "%s", a->view.teacher.choices[i]);
    if (t->for_cards) {
        teacher_print_cards(a, t->group);
        return;
    }
    /* late after start + grace, rounded up to 5 minutes */
    int64_t late = clock_unix() + a->cfg.late_grace_min * 60;
    t->late_at = (late + 299) / 300 * 300;
    teacher_go(a, &step_late);
}

static void late_show(struct app *a)
{
    struct teacher *t = a->teacher;
    char msg[256];
    snprintf(msg, sizeof msg, "%s voor %s. Vanaf welke tijd is een student te laat?",
             kind_labels[t->kind], t->group);
    teacher_page(a, "Bijeenkomst starten", msg);
    clock_hhmm(t->late_at, a->view.teacher.late);
    teacher_confirm(a, "Start");
    app_show(a, &screen_session_new, 0);
}

static int late_action(struct app *a, int action)
{
    if (action != TEACHER_LATE_EARLIER && action != TEACHER_LATE_LATER)
        return 0;
    a->teacher->late_at += action == TEACHER_LATE_LATER ? 300 : -300;
    late_show(a);
    return 1;
}

static void late_confirm(struct app *a)
{
    struct teacher *t = a->teacher;
    char title[DB_TITLE_MAX], day[16], err[256];
    time_t now = (time_t)clock_unix();
    struct tm tm;
    localtime_r(&now, &tm);
    strftime(day, sizeof day, "%d-%m", &tm);
    snprintf(title, sizeof title, "%s %s", kind_labels[t->kind], day);
    if (db_session_start(a->db, kinds[t->kind], t->group, title, clock_unix(), t->late_at, err,
                         sizeof err) < 0) {
        teacher_say(a, &teacher_step_note, "Bijeenkomst starten", err, &screen_teacher_page);
        return;
    }
    teacher_go(a, &teacher_step_menu);
}

static void stop_show(struct app *a)
{
    app_refresh_session(a);
    char msg[256];
    snprintf(msg, sizeof msg, "%s stoppen? %d van %d studenten zijn ingecheckt.",
             a->session.title, a->view.checked_in, a->view.group_size);
    teacher_page(a, "Bijeenkomst stoppen", msg);
    teacher_confirm(a, "Stoppen");
    app_show(a, &screen_teacher_page, 0);
}

static void stop_confirm(struct app *a)
{
    db_session_stop(a->db, clock_unix());
    teacher_go(a, &teacher_step_menu);
}

static const struct teacher_step step_kind = {
    .id = "kind", .show = kind_show, .choice = kind_choice,
};
static const struct teacher_step step_groups = {
    .id = "groups", .show = groups_show, .choice = groups_choice, .back = &step_kind,
};
static const struct teacher_step step_late = {
    .id = "late", .show = late_show, .back = &step_groups, .confirm = late_confirm,
    .action = late_action,
};
static const struct teacher_step step_stop = {
    .id = "stop", .show = stop_show, .confirm = stop_confirm,
};
/* Cards: the same groups, and Terug goes to the menu. */
static const struct teacher_step step_card_groups = {
    .id = "card-groups", .show = groups_show, .choice = groups_choice,
};

void teacher_session_open(struct app *a)
{
    a->teacher->for_cards = 0;
    teacher_go(a, &step_kind);
}

void teacher_session_stop_open(struct app *a)
{
    teacher_go(a, &step_stop);
}

void teacher_cards_open(struct app *a)
{
    a->teacher->for_cards = 1;
    teacher_go(a, &step_card_groups);
}
