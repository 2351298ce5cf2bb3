/* teacher_menu.c: the teacher's menu. Its buttons come from items[] and
 * the lines of text above them from lines[]; a new page adds one row to
 * items[] (and perhaps a line). See HACKING.md, "A teacher page". */
#include "base/clock.h"
#include "firmware/teacher.h"

#include <stdio.h>
#include <string.h>

static int has_session(const struct app *a)
{
    return a->view.has_session;
}

static int no_session(const struct app *a)
{
    return !a->view.has_session;
}

static int has_stick(const struct app *a)
{
    return a->usb_present;
}

static int has_update(const struct app *a)
{
    return a->usb_present && a->view.teacher.update_offer;
}

/* One button: shown when `when` is NULL or says 1; a tap runs open, or,
 * for a page of another flow (flow_backup.c), sends that flow's action. */
static const struct {
    const char *label;
    int (*when)(const struct app *a);
    void (*open)(struct app *a);
    int action;
} items[] = {
    {"Aanwezigheid", has_session, teacher_attendance_open, 0},
    {"Bijeenkomst stoppen", has_session, teacher_session_stop_open, 0},
    {"Bijeenkomst starten", no_session, teacher_session_open, 0},
    {"Polls", NULL, teacher_polls_open, 0},
    {"Signalen", NULL, teacher_signals_open, 0},
    {"Exporteren", has_stick, teacher_export, 0},
    {"Importeren", has_stick, teacher_import_open, 0},
    {"Passen printen", has_stick, teacher_cards_open, 0},
    {"Back-up maken", has_stick, NULL, BACKUP_MAKE}, /* firmware/flow_backup.c */
    {"Stick verwijderen", has_stick, teacher_eject, 0},
    {"Update installeren", has_update, NULL, TEACHER_UPDATE}, /* firmware/flow_update.c */
    {"Oude gegevens wissen", NULL, teacher_purge_open, 0},
    {"Datum en tijd", NULL, teacher_clock_open, 0},
};

#define NITEMS (int)(sizeof items / sizeof items[0])
_Static_assert(sizeof items / sizeof items[0] <= VIEW_CHOICES, "the menu fits the view");

static void no_stick_line(struct app *a, char *out, size_t len)
{
    if (!a->usb_present && clock_plausible()) /* else the clock's warning goes first */
        snprintf(out, len, "Steek een USB-stick in om te exporteren of te importeren.");
}

/* Lines of text under the session's name: each writes one line, or
 * nothing. */
static void (*const lines[])(struct app *a, char *out, size_t len) = {
    no_stick_line,
};

static int shown(const struct app *a, int i)
{
    return !items[i].when || items[i].when(a);
}

static void menu_show(struct app *a)
{
    struct view_teacher *v = &a->view.teacher;
    app_refresh_session(a);
    teacher_page(a, "Docent", NULL);
    v->clock_wrong = !clock_plausible();
    for (int i = 0; i < NITEMS; i++)
        if (shown(a, i)) {
            teacher_choice(a, items[i].label);
            v->choice_action[v->nchoices - 1] = items[i].action;
        }
    size_t used = 0;
    for (size_t i = 0; i < sizeof lines / sizeof lines[0] && used < sizeof v->message; i++) {
        char line[256] = "";
        lines[i](a, line, sizeof line);
        if (line[0])
            used += (size_t)snprintf(v->message + used, sizeof v->message - used, "%s%s",
                                     used ? "\n" : "", line);
    }
    app_show(a, &screen_teacher, 0);
}

static void menu_choice(struct app *a, int k)
{
    a->teacher->page = 0;
    a->view.teacher.message[0] = '\0';
    for (int i = 0; i < NITEMS; i++)
        if (shown(a, i) && k-- == 0 && items[i].open) {
            items[i].open(a);
            return;
        }
}

const struct teacher_step teacher_step_menu = {
    .id = "menu", .show = menu_show, .choice = menu_choice,
};
