/* teacher_signals.c: students who need attention (db/db_signal.h). One line
 * per student with all its reasons, the most urgent students first (asked
 * for a talk or the lowest face, a drop of a whole point, two missed days);
 * a reminder that concerns most of a group ("Geen intake", "Geen
 * leerdoelen") is one line for that group with a count, opened with a tap,
 * so it does not bury the few who need the teacher today. */
#include "db/db_signal.h"
#include "db/db_student.h"
#include "base/clock.h"
#include "base/log.h"
#include "firmware/teacher.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A line of the page: one student (first = the index of its first signal),
 * or one group's folded reminder (fold = 1: kind, group, count). */
struct signal_line {
    int first, fold, count, rank;
    enum db_signal_kind kind;
};

static const struct teacher_step step_list, step_fold, step_reasons;

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
static void signal_words(const struct db_signal *s, char *out, size_t outlen)
{
    const char *open = strrchr(s->reason, '(');
    const char *close = open ? strchr(open, ')') : NULL;
    if (s->kind == DB_SIGNAL_WEEKCHECK && close && close - open - 1 <= 24)
        snprintf(out, outlen, "Weekcheck: %.*s", (int)(close - open - 1), open + 1);
    else
        snprintf(out, outlen, "%s", signal_short(s->kind));
}

/* What needs the teacher first: a student asking for help, then scores
 * that fell, absence; last what is missing. */
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

static int is_reminder(enum db_signal_kind kind)
{
    return kind == DB_SIGNAL_NO_INTAKE || kind == DB_SIGNAL_NO_GOALS;
}

/* 1 when kind is folded for the group of signal i: it concerns at least
 * three students and more than half of the group. */
static int folded(struct app *a, int i)
{
    const struct db_signal *s = a->teacher->signals;
    const struct signal_line *l = a->teacher->lines;
    for (int k = 0; k < a->teacher->nlines; k++)
        if (l[k].fold && l[k].kind == s[i].kind && !strcmp(s[l[k].first].group, s[i].group))
            return 1;
    return 0;
}

static int add_folds(struct app *a)
{
    struct teacher *t = a->teacher;
    for (int i = 0; i < t->nsignals; i++) {
        if (!is_reminder(t->signals[i].kind) || folded(a, i))
            continue;
        int count = 0;
        for (int k = i; k < t->nsignals; k++)
            count += t->signals[k].kind == t->signals[i].kind &&
                     !strcmp(t->signals[k].group, t->signals[i].group);
        int64_t gid = db_group_id(a->db, t->signals[i].group, 0);
        int size = gid > 0 ? db_student_count(a->db, gid) : 0;
        if (count >= 3 && count * 2 > size)
            t->lines[t->nlines++] = (struct signal_line){
                .first = i, .fold = 1, .count = count, .rank = 10, .kind = t->signals[i].kind};
    }
    return t->nlines;
}

/* The students' lines: a student whose every reason is folded has none. */
static void add_students(struct app *a)
{
    struct teacher *t = a->teacher;
    for (int i = 0; i < t->nsignals; i++) {
        if (i > 0 && t->signals[i - 1].student_id == t->signals[i].student_id)
            continue;
        int rank = 99;
        for (int k = i; k < t->nsignals && t->signals[k].student_id == t->signals[i].student_id;
             k++)
            if (!is_reminder(t->signals[k].kind) || !folded(a, k))
                rank = signal_rank(t->signals[k].kind) < rank ? signal_rank(t->signals[k].kind)
                                                              : rank;
        if (rank < 99)
            t->lines[t->nlines++] = (struct signal_line){.first = i, .rank = rank};
    }
}

static void sort_lines(struct signal_line *l, int n)
{
    /* insertion sort: stable, so the store's order (group, name) stays
     * within one rank; a class or two */
    for (int i = 1; i < n; i++) {
        struct signal_line x = l[i];
        int j = i;
        for (; j > 0 && l[j - 1].rank > x.rank; j--)
            l[j] = l[j - 1];
        l[j] = x;
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
    t->lines = n ? calloc((size_t)n, sizeof *t->lines) : NULL;
    if (n && !t->lines) {
        log_warn("signals: out of memory");
        return;
    }
    add_folds(a);
    add_students(a);
    sort_lines(t->lines, t->nlines);
}

/* A student's reasons in a few words each, the most urgent first. */
static void student_words(const struct teacher *t, int first, char *out, size_t len)
{
    size_t n = 0;
    out[0] = '\0';
    for (int rank = 0; rank <= 5; rank++)
        for (int k = first; k < t->nsignals && t->signals[k].student_id == t->signals[first].student_id;
             k++) {
            if (signal_rank(t->signals[k].kind) != rank || n >= len)
                continue;
            char words[64];
            signal_words(&t->signals[k], words, sizeof words);
            n += (size_t)snprintf(out + n, len - n, "%s%s", n ? " · " : "", words);
        }
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
    int per = screen_teacher_rows(a->ui), students = 0;
    int first = teacher_paged(a, st->nlines, per);
    for (int i = 0; i < st->nlines; i++)
        students += !st->lines[i].fold;
    if (st->nlines == 0)
        snprintf(t->message, sizeof t->message, "Er zijn nu geen signalen.");
    else
        snprintf(t->message, sizeof t->message, "%d %s aandacht. Tik op een regel om te zien "
                 "waarom.", students, students == 1 ? "student vraagt" : "studenten vragen");
    for (int i = first; i < st->nlines && t->nrows < per; i++) {
        const struct signal_line *l = &st->lines[i];
        const struct db_signal *s = &st->signals[l->first];
        struct view_row *r = &t->rows[t->nrows++];
        if (l->fold) {
            snprintf(r->name, sizeof r->name, "%s · %s", signal_short(l->kind), s->group);
            snprintf(r->status, sizeof r->status, "%d studenten", l->count);
            r->tone = 2;
        } else {
            snprintf(r->name, sizeof r->name, "%s", s->name);
            student_words(st, l->first, r->status, sizeof r->status);
            r->tone = l->rank < 3 ? 3 : 2;
        }
    }
    app_show(a, &screen_signals, 0);
}

static void list_choice(struct app *a, int row)
{
    struct teacher *t = a->teacher;
    int i = teacher_paged_at(a, row, screen_teacher_rows(a->ui), t->nlines);
    if (i < 0)
        return;
    t->line = i;
    if (t->lines[i].fold) {
        t->page = 0;
        teacher_go(a, &step_fold);
        return;
    }
    t->student = t->lines[i].first;
    teacher_go(a, &step_reasons);
}

/* The students a folded reminder is about: the signals of its kind and
 * group, in the store's order (by name). The n-th, or -1. */
static int fold_member(const struct teacher *t, int n)
{
    const struct signal_line *l = &t->lines[t->line];
    const char *group = t->signals[l->first].group;
    for (int k = 0; k < t->nsignals; k++)
        if (t->signals[k].kind == l->kind && !strcmp(t->signals[k].group, group) && n-- == 0)
            return k;
    return -1;
}

static void fold_show(struct app *a)
{
    struct teacher *st = a->teacher;
    struct view_teacher *t = &a->view.teacher;
    if (st->line >= st->nlines || !st->lines[st->line].fold) {
        teacher_go(a, &step_list);
        return;
    }
    const struct signal_line *l = &st->lines[st->line];
    char title[192], msg[160];
    snprintf(title, sizeof title, "%s · %s", signal_short(l->kind), st->signals[l->first].group);
    snprintf(msg, sizeof msg, "%d studenten. Tik op een naam om alle signalen te zien.",
             l->count);
    teacher_page(a, title, msg);
    int per = screen_teacher_rows(a->ui);
    int first = teacher_paged(a, l->count, per);
    for (int i = first, k; (k = fold_member(st, i)) >= 0 && t->nrows < per; i++) {
        struct view_row *r = &t->rows[t->nrows++];
        snprintf(r->name, sizeof r->name, "%s", st->signals[k].name);
        snprintf(r->status, sizeof r->status, "%s", signal_short(l->kind));
        r->tone = 2;
    }
    app_show(a, &screen_signals, 0);
}

static void fold_choice(struct app *a, int row)
{
    struct teacher *t = a->teacher;
    int k = fold_member(t, teacher_paged_at(a, row, screen_teacher_rows(a->ui), t->nsignals));
    if (k < 0)
        return;
    /* the student's first signal: all its reasons show */
    while (k > 0 && t->signals[k - 1].student_id == t->signals[k].student_id)
        k--;
    t->student = k;
    teacher_go(a, &step_reasons);
}

/* Every reason of the chosen student, for the teacher. */
static void reasons_show(struct app *a)
{
    struct teacher *st = a->teacher;
    struct view_teacher *t = &a->view.teacher;
    if (st->student >= st->nsignals) {
        teacher_go(a, &step_list);
        return;
    }
    const struct db_signal *s = &st->signals[st->student];
    teacher_page(a, s->name, NULL);
    size_t n = 0;
    for (int k = st->student;
         k < st->nsignals && st->signals[k].student_id == s->student_id && n < sizeof t->message;
         k++)
        n += (size_t)snprintf(t->message + n, sizeof t->message - n, "%s%s", n ? "\n" : "",
                              st->signals[k].reason);
    teacher_confirm(a, "Besproken");
    app_show(a, &screen_signals, 0);
}

/* The teacher talked with the student: every reason shown leaves the list
 * until something new happens. */
static void reasons_confirm(struct app *a)
{
    struct teacher *t = a->teacher;
    int first = t->student, n = 0;
    while (first + n < t->nsignals &&
           t->signals[first + n].student_id == t->signals[first].student_id)
        n++;
    int rc = db_signal_discuss(a->db, &t->signals[first], n, clock_unix());
    t->page = 0;
    teacher_go(a, &step_list);
    snprintf(a->view.teacher.message, sizeof a->view.teacher.message, "%s",
             rc == 0 ? "Opgeslagen als besproken. Bij iets nieuws komt het signaal terug."
                     : "Opslaan is niet gelukt. Probeer het opnieuw.");
}

/* Terug from a student goes where the teacher came from. */
static int reasons_action(struct app *a, int action)
{
    struct teacher *t = a->teacher;
    if (action != TEACHER_BACK)
        return 0;
    int from_fold = t->line < t->nlines && t->lines[t->line].fold;
    t->page = 0;
    teacher_go(a, from_fold ? &step_fold : &step_list);
    return 1;
}

static const struct teacher_step step_list = {
    .id = "signals", .show = list_show, .choice = list_choice, .live = 1,
};
static const struct teacher_step step_fold = {
    .id = "signal-group", .show = fold_show, .choice = fold_choice, .back = &step_list,
};
static const struct teacher_step step_reasons = {
    .id = "signal", .show = reasons_show, .action = reasons_action,
    .confirm = reasons_confirm,
};

void teacher_signals_open(struct app *a)
{
    a->teacher->line = 0;
    teacher_go(a, &step_list);
}

void teacher_signals_stop(struct app *a)
{
    struct teacher *t = a->teacher;
    free(t->signals);
    free(t->lines);
    t->signals = NULL;
    t->lines = NULL;
    t->nsignals = t->nlines = 0;
}
