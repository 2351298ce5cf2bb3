/* teacher_signals.c: students who need attention (db/db_signal.h): the
 * list, most urgent first, and one student's reasons on a tap. */
#include "db/db_signal.h"
#include "base/log.h"
#include "firmware/teacher.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct teacher_step step_reasons;

static const char *signal_short(enum db_signal_kind kind)
{
    switch (kind) {
    case DB_SIGNAL_WEEKCHECK:
        return "Weekcheck";
    case DB_SIGNAL_SCORE_DROP:
        return "Zelfscan lager";
    case DB_SIGNAL_ABSENT:
        return "2x afwezig";
    case DB_SIGNAL_NO_INTAKE:
        return "Geen intake";
    case DB_SIGNAL_NO_GOALS:
        return "Geen leerdoelen";
    }
    return "";
}

/* A few words for the list; the whole reason shows on a tap. A weekcheck
 * says the answer that raised it: "Weekcheck: Ja, snel". */
static void signal_status(const struct db_signal *s, char *out, size_t outlen)
{
    const char *open = strrchr(s->reason, '(');
    const char *close = open ? strchr(open, ')') : NULL;
    if (s->kind == DB_SIGNAL_WEEKCHECK && close && close - open - 1 <= 24)
        snprintf(out, outlen, "Weekcheck: %.*s", (int)(close - open - 1), open + 1);
    else
        snprintf(out, outlen, "%s", signal_short(s->kind));
}

/* What needs the teacher first: a student asking for help, then scores
 * that fell, absence, and last what is missing. */
static int signal_rank(enum db_signal_kind kind)
{
    switch (kind) {
    case DB_SIGNAL_WEEKCHECK:
        return 0;
    case DB_SIGNAL_SCORE_DROP:
        return 1;
    case DB_SIGNAL_ABSENT:
        return 2;
    case DB_SIGNAL_NO_GOALS:
        return 3;
    case DB_SIGNAL_NO_INTAKE:
        return 4;
    }
    return 5;
}

static void signals_sort(struct db_signal *list, int n)
{
    /* insertion sort: stable, so the store's order (group, name) stays
     * within one rank; lists are a class or two long */
    for (int i = 1; i < n; i++) {
        struct db_signal x = list[i];
        int j = i;
        for (; j > 0 && signal_rank(list[j - 1].kind) > signal_rank(x.kind); j--)
            list[j] = list[j - 1];
        list[j] = x;
    }
}

static void load(struct app *a)
{
    struct teacher *t = a->teacher;
    teacher_signals_stop(a);
    int64_t group = a->view.has_session ? a->session.group_id : 0;
    int n = db_signal_list(a->db, group, &t->signals);
    if (n < 0) {
        t->signals = NULL;
        log_warn("signals: cannot read them");
        return;
    }
    t->nsignals = n;
    signals_sort(t->signals, n);
}

static void list_show(struct app *a)
{
    struct teacher *st = a->teacher;
    struct view_teacher *t = &a->view.teacher;
    load(a);
    char title[128];
    snprintf(title, sizeof title, "Signalen%s%s", a->view.has_session ? " · " : "",
             a->view.has_session ? a->session.group : "");
    teacher_page(a, title, NULL);
    int per = screen_teacher_rows(a->ui);
    t->pages = (st->nsignals + per - 1) / per;
    if (st->page >= t->pages)
        st->page = t->pages ? t->pages - 1 : 0;
    t->page = st->page;
    if (st->nsignals == 0)
        snprintf(t->message, sizeof t->message, "Er zijn nu geen signalen.");
    else
        snprintf(t->message, sizeof t->message, "%d %s. Tik op een naam om te zien waarom.",
                 st->nsignals, st->nsignals == 1 ? "signaal" : "signalen");
    for (int i = st->page * per; i < st->nsignals && t->nrows < per; i++) {
        struct view_row *r = &t->rows[t->nrows++];
        snprintf(r->name, sizeof r->name, "%s", st->signals[i].name);
        signal_status(&st->signals[i], r->status, sizeof r->status);
        r->tone = st->signals[i].kind == DB_SIGNAL_NO_INTAKE ||
                          st->signals[i].kind == DB_SIGNAL_NO_GOALS
                      ? 2
                      : 3;
    }
    app_show(a, &screen_signals, 0);
}

static void list_choice(struct app *a, int row)
{
    struct teacher *t = a->teacher;
    int i = t->page * screen_teacher_rows(a->ui) + row;
    if (i < 0 || i >= t->nsignals)
        return;
    t->signal = i;
    teacher_go(a, &step_reasons);
}

/* Every reason of the chosen student, for the teacher. */
static void reasons_show(struct app *a)
{
    struct teacher *st = a->teacher;
    struct view_teacher *t = &a->view.teacher;
    const struct db_signal *s = &st->signals[st->signal];
    teacher_page(a, s->name, NULL);
    size_t n = 0;
    for (int k = 0; k < st->nsignals && n < sizeof t->message; k++)
        if (st->signals[k].student_id == s->student_id)
            n += (size_t)snprintf(t->message + n, sizeof t->message - n, "%s%s", n ? "\n" : "",
                                  st->signals[k].reason);
    app_show(a, &screen_signals, 0);
}

static const struct teacher_step step_list = {
    .id = "signals", .show = list_show, .choice = list_choice, .live = 1,
};
static const struct teacher_step step_reasons = {
    .id = "signal", .show = reasons_show, .back = &step_list,
};

void teacher_signals_open(struct app *a)
{
    teacher_go(a, &step_list);
}

void teacher_signals_stop(struct app *a)
{
    free(a->teacher->signals);
    a->teacher->signals = NULL;
    a->teacher->nsignals = 0;
}
