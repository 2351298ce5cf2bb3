/* teacher_system.c: the kiosk itself: wiping old data (retention) and
 * setting the date and time. */
#include "db/db_retention.h"
#include "base/clock.h"
#include "base/log.h"
#include "firmware/teacher.h"

#include <stdio.h>
#include <time.h>

/* ---- retention ----------------------------------------------------- */

static void purge_show(struct app *a)
{
    int months = a->cfg.retention_months;
    int n = db_retention_count(a->db, months, clock_unix());
    char msg[320];
    if (n < 0)
        snprintf(msg, sizeof msg, "De gegevens kunnen nu niet worden gelezen.");
    else if (n == 0)
        snprintf(msg, sizeof msg, "Er zijn geen studenten die langer dan %d maanden niets "
                                  "hebben gedaan. Er valt niets te wissen.", months);
    else
        snprintf(msg, sizeof msg,
                 "%d %s al %d maanden niets gedaan. Wissen haalt %s en alles van %s weg. "
                 "Dat kan niet ongedaan worden.",
                 n, n == 1 ? "student heeft" : "studenten hebben", months,
                 n == 1 ? "deze student" : "deze studenten", n == 1 ? "hem of haar" : "hen");
    teacher_page(a, "Oude gegevens wissen", msg);
    if (n > 0)
        teacher_confirm(a, "Wissen");
    app_show(a, &screen_teacher_page, 0);
}

static void purge_confirm(struct app *a)
{
    int n = db_retention_purge(a->db, a->cfg.retention_months, clock_unix());
    char msg[160];
    if (n < 0)
        snprintf(msg, sizeof msg, "Wissen is niet gelukt. Er is niets gewist.");
    else
        snprintf(msg, sizeof msg, "%d %s gewist.", n, n == 1 ? "student is" : "studenten zijn");
    log_info("retention: %d students purged by the teacher", n);
    teacher_say(a, &teacher_step_note, "Oude gegevens wissen", msg, &screen_teacher_page);
}

static const struct teacher_step step_purge = {
    .id = "purge", .show = purge_show, .confirm = purge_confirm,
};

void teacher_purge_open(struct app *a)
{
    teacher_go(a, &step_purge);
}

/* ---- the clock ----------------------------------------------------- */

/* A Pi has no real-time clock: without network it may start in 1970. */
static const int64_t clock_steps[] = {86400, -86400, 3600, -3600, 300, -300};
static const char *const clock_labels[] = {"+ 1 dag", "- 1 dag", "+ 1 uur",
                                           "- 1 uur", "+ 5 min", "- 5 min"};

static void clock_show(struct app *a)
{
    char when[64], msg[160];
    time_t to = (time_t)a->teacher->clock_to;
    struct tm tm;
    localtime_r(&to, &tm);
    strftime(when, sizeof when, "%d-%m-%Y %H:%M", &tm);
    snprintf(msg, sizeof msg, "Nieuwe datum en tijd: %s. Klopt dat? Tik dan op Opslaan.", when);
    teacher_page(a, "Datum en tijd", msg);
    for (int i = 0; i < 6; i++)
        teacher_choice(a, clock_labels[i]);
    teacher_confirm(a, "Opslaan");
    app_show(a, &screen_teacher_page, 0);
}

static void clock_choice(struct app *a, int i)
{
    if (i >= 0 && i < 6)
        a->teacher->clock_to += clock_steps[i];
    clock_show(a);
}

static void clock_confirm(struct app *a)
{
    int64_t before = clock_unix();
    if (clock_set_unix(a->teacher->clock_to) != 0) {
        log_warn("clock: cannot set the time: no permission (CAP_SYS_TIME)");
        teacher_say(a, &teacher_step_note, "Datum en tijd",
                    "De klok kan hier niet worden gezet. Vraag de beheerder.",
                    &screen_teacher_page);
        return;
    }
    log_info("clock: set by the teacher, %+lld s", (long long)(a->teacher->clock_to - before));
    app_clock_changed(a);
    teacher_go(a, &teacher_step_menu);
}

static const struct teacher_step step_clock = {
    .id = "clock", .show = clock_show, .choice = clock_choice, .confirm = clock_confirm,
};

void teacher_clock_open(struct app *a)
{
    /* start from now, rounded to whole minutes */
    a->teacher->clock_to = clock_unix() / 60 * 60;
    teacher_go(a, &step_clock);
}
