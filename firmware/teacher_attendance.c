/* teacher_attendance.c: the running session's attendance list, one
 * student (check in by hand, what needs attention), and that student's
 * dossier, with Terug back to the list. */
#include "db/db_signal.h"
#include "base/clock.h"
#include "firmware/dossier.h"
#include "base/log.h"
#include "firmware/teacher.h"

#include <stdio.h>
#include <string.h>

static const char *const reasons[] = {"Pas vergeten", "Pas kwijt", "Pas kapot", "Anders"};

static const struct teacher_step step_student, step_dossier;

static struct view_teacher *tv(struct app *a)
{
    return &a->view.teacher;
}

/* A student's state in a few words: "nog niet binnen" while the session
 * runs (the list is only shown then), the time in, late, a guest, by hand. */
static void row_status(const struct db_attendance_line *r, char *out, size_t len)
{
    char at[6];
    clock_hhmm(r->at, at);
    if (!r->present)
        snprintf(out, len, "nog niet binnen");
    else
        snprintf(out, len, "%s %s%s%s", r->late ? "te laat" : "binnen", at,
                 r->guest ? ", gast" : "", !strcmp(r->how, "hand") ? ", met de hand" : "");
}

static void attendance_show(struct app *a)
{
    struct teacher *t = a->teacher;
    struct view_teacher *v = tv(a);
    app_refresh_session(a);
    if (!a->view.has_session) {
        teacher_go(a, &teacher_step_menu);
        return;
    }
    char keep[sizeof v->message];
    int keep_message = v->message[0] && a->screen == &screen_attendance;
    memcpy(keep, v->message, sizeof keep);
    char msg[160], late[6] = "";
    if (a->session.late_at)
        clock_hhmm(a->session.late_at, late);
    snprintf(msg, sizeof msg, "%s%s%sTik op een naam om iemand zelf in te checken.",
             late[0] ? "Te laat na " : "", late, late[0] ? ". " : "");
    teacher_page(a, "Aanwezigheid", keep_message ? keep : msg);

    struct db_attendance_counts c;
    if (db_attendance_counts(a->db, &a->session, &c) != 0)
        memset(&c, 0, sizeof c);
    snprintf(v->summary, sizeof v->summary,
             "Aanwezigheid: %d binnen · %d te laat · %d nog niet binnen", c.in_time, c.late,
             c.missing);
    int per_page = screen_attendance_per_page(a->ui);
    int first = teacher_paged(a, c.total, per_page);
    int n = db_attendance_read(a->db, &a->session, first, per_page, t->rows);
    if (n < 0)
        n = 0;
    for (int i = 0; i < n; i++) {
        struct db_attendance_line *r = &t->rows[i];
        teacher_full_name(&r->student, v->rows[i].name, sizeof v->rows[i].name);
        row_status(r, v->rows[i].status, sizeof v->rows[i].status);
        v->rows[i].tone = !r->present ? 3 : r->late ? 2 : 1;
    }
    v->nrows = n;
    app_show(a, &screen_attendance, 0);
}

static void attendance_choice(struct app *a, int row)
{
    struct teacher *t = a->teacher;
    t->chosen = t->rows[row].student;
    t->chosen_present = t->rows[row].present;
    snprintf(t->chosen_status, sizeof t->chosen_status, "%s", tv(a)->rows[row].status);
    teacher_go(a, &step_student);
}

void teacher_attendance_open(struct app *a)
{
    a->teacher->page = 0;
    tv(a)->message[0] = '\0';
    teacher_go(a, &teacher_step_attendance);
}

static void student_show(struct app *a)
{
    struct teacher *t = a->teacher;
    char name[256], msg[512];
    teacher_full_name(&t->chosen, name, sizeof name);
    if (t->chosen_present) {
        snprintf(msg, sizeof msg, "Studentnummer %s. Is al ingecheckt: %s.", t->chosen.number,
                 t->chosen_status);
        teacher_page(a, name, msg);
    } else {
        snprintf(msg, sizeof msg,
                 "Studentnummer %s. Nog niet ingecheckt. Waarom check je %s zelf in?",
                 t->chosen.number, t->chosen.first_name);
        teacher_page(a, name, msg);
        for (int i = 0; i < 4; i++)
            teacher_choice(a, reasons[i]);
    }
    teacher_confirm(a, "Dossier");
    /* what the teacher may want to talk about now */
    struct db_student full;
    struct db_signal sig[2];
    int n = db_student_find(a->db, t->chosen.number, &full) == 1
                ? db_signal_student(a->db, full.id, sig, 2)
                : 0;
    for (int i = 0; i < n; i++) {
        size_t used = strlen(tv(a)->message);
        snprintf(tv(a)->message + used, sizeof tv(a)->message - used, "%s%s",
                 i ? " " : " Aandacht: ", sig[i].reason);
    }
    app_show(a, &screen_teacher_student, 0);
}

static void student_choice(struct app *a, int reason)
{
    struct teacher *t = a->teacher;
    struct db_student s;
    struct db_checkin c;
    if (db_student_find(a->db, t->chosen.number, &s) != 1 || !a->view.has_session) {
        teacher_go(a, &teacher_step_attendance);
        return;
    }
    enum db_checkin_status st =
        db_checkin_add(a->db, &a->session, &s, clock_unix(), "hand", "docent", reasons[reason], &c);
    char msg[256];
    if (st == DB_CHECKIN_ERROR)
        snprintf(msg, sizeof msg, "Inchecken is niet gelukt. Probeer het opnieuw.");
    else
        snprintf(msg, sizeof msg, "%s %s is ingecheckt (%s).", s.first_name, s.last_name,
                 reasons[reason]);
    if (st != DB_CHECKIN_ERROR)
        log_info("checkin: student %s, session %lld, by hand (%s)", s.number,
                 (long long)a->session.id, reasons[reason]);
    tv(a)->message[0] = '\0';
    teacher_go(a, &teacher_step_attendance);
    snprintf(tv(a)->message, sizeof tv(a)->message, "%s", msg);
}

static void student_confirm(struct app *a)
{
    teacher_go(a, &step_dossier);
}

/* The dossier as the teacher sees it: the whole name. */
static void dossier_show(struct app *a)
{
    struct db_student s;
    if (db_student_find(a->db, a->teacher->chosen.number, &s) != 1 || dossier_fill(a, &s) != 0) {
        teacher_say(a, &teacher_step_note, "Dossier", "Het dossier kan nu niet worden gelezen.",
                    &screen_teacher_page);
        return;
    }
    teacher_full_name(&s, a->view.name, sizeof a->view.name);
    snprintf(a->view.student.about, sizeof a->view.student.about, "%s", s.first_name);
    log_info("teacher: dossier of student %s opened", s.number);
    app_show(a, &screen_dossier, 0);
}

static int dossier_action(struct app *a, int action)
{
    struct view_student *v = &a->view.student;
    if (action == STUDENT_BACK || action == STUDENT_LOGOUT) {
        memset(a->view.name, 0, sizeof a->view.name);
        memset(v, 0, sizeof *v);
        tv(a)->message[0] = '\0';
        teacher_go(a, &teacher_step_attendance);
        return 1;
    }
    if (action >= STUDENT_TAB_0 && action < STUDENT_TAB_0 + VIEW_TABS &&
        (action - STUDENT_TAB_0 != VIEW_TAB_PHONE || v->has_qr))
        v->tab = (enum view_tab)(action - STUDENT_TAB_0);
    return 1;
}

const struct teacher_step teacher_step_attendance = {
    .id = "attendance", .show = attendance_show, .choice = attendance_choice, .live = 1,
};
static const struct teacher_step step_student = {
    .id = "student", .show = student_show, .choice = student_choice,
    .back = &teacher_step_attendance, .confirm = student_confirm,
};
static const struct teacher_step step_dossier = {
    .id = "dossier", .show = dossier_show, .back = &teacher_step_attendance,
    .action = dossier_action,
};
