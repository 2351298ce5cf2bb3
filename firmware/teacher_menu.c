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

static void stick_open(struct app *a)
{
    teacher_go(a, &teacher_step_stick);
}

/* One button: shown when `when` is NULL or says 1; a tap runs open, or,
 * for a page of another flow (flow_backup.c), sends that flow's action.
 * What needs the stick is on the stick's own page (MENU_STICK), so the
 * menu stays one screen at every size. */
enum { MENU_MAIN, MENU_STICK };
static const struct {
    const char *label;
    int (*when)(const struct app *a);
    void (*open)(struct app *a);
    int action;
    int page;
} items[] = {
    {"Aanwezigheid", has_session, teacher_attendance_open, 0, MENU_MAIN},
    {"Bijeenkomst stoppen", has_session, teacher_session_stop_open, 0, MENU_MAIN},
    {"Bijeenkomst starten", no_session, teacher_session_open, 0, MENU_MAIN},
    {"Polls", NULL, teacher_polls_open, 0, MENU_MAIN},
    {"Signalen", NULL, teacher_signals_open, 0, MENU_MAIN},
    {"USB-stick", has_stick, stick_open, 0, MENU_MAIN},
    {"Oude gegevens wissen", NULL, teacher_purge_open, 0, MENU_MAIN},
    {"Datum en tijd", NULL, teacher_clock_open, 0, MENU_MAIN},
    {"Update installeren", has_update, NULL, TEACHER_UPDATE, MENU_STICK}, /* flow_update.c */
    {"Exporteren", has_stick, teacher_export, 0, MENU_STICK},
    {"Importeren", has_stick, teacher_import_open, 0, MENU_STICK},
    {"Passen printen", has_stick, teacher_cards_open, 0, MENU_STICK},
    {"Back-up maken", has_stick, NULL, BACKUP_MAKE, MENU_STICK}, /* flow_backup.c */
    {"Stick verwijderen", has_stick, teacher_eject, 0, MENU_STICK},
};

#define NITEMS (int)(sizeof items / sizeof items[0])
_Static_assert(sizeof items / sizeof items[0] <= VIEW_CHOICES, "the menu fits the view");

static void no_stick_line(struct app *a, char *out, size_t len)
{
    if (!a->usb_present && clock_plausible()) /* else the clock's warning goes first */
        snprintf(out, len, "Steek een USB-stick in om te exporteren of te importeren.");
}

/* What the last update did (flow_update.c keeps the note), and whether
 * there is one on the stick. */
static void update_line(struct app *a, char *out, size_t len)
{
    const char *note = a->view.teacher.update_note;
    snprintf(out, len, "%s%s%s", note, note[0] && has_update(a) ? " " : "",
             has_update(a) ? "Op de stick staat een update: kies USB-stick." : "");
}

/* Lines of text under the session's name: each writes one line, or
 * nothing. */
static void (*const lines[])(struct app *a, char *out, size_t len) = {
    no_stick_line,
    update_line,
};

static int shown(const struct app *a, int page, int i)
{
    return items[i].page == page && (!items[i].when || items[i].when(a));
}

/* The buttons of one page, in the view. */
static void add_items(struct app *a, int page)
{
    struct view_teacher *v = &a->view.teacher;
    for (int i = 0; i < NITEMS; i++)
        if (shown(a, page, i)) {
            teacher_choice(a, items[i].label);
            v->choice_action[v->nchoices - 1] = items[i].action;
        }
}

/* Tap k of a page: opens the k-th button shown (an action button's tap
 * goes to its flow, not here). */
static void open_item(struct app *a, int page, int k)
{
    a->teacher->page = 0;
    a->view.teacher.message[0] = '\0';
    for (int i = 0; i < NITEMS; i++)
        if (shown(a, page, i) && k-- == 0 && items[i].open) {
            items[i].open(a);
            return;
        }
}

static void menu_show(struct app *a)
{
    struct view_teacher *v = &a->view.teacher;
    app_refresh_session(a);
    teacher_page(a, "Docent", NULL);
    v->clock_wrong = !clock_plausible();
    add_items(a, MENU_MAIN);
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
    open_item(a, MENU_MAIN, k);
}

const struct teacher_step teacher_step_menu = {
    .id = "menu", .show = menu_show, .choice = menu_choice,
};

static void stick_show(struct app *a)
{
    if (!a->usb_present) {
        teacher_go(a, &teacher_step_menu);
        return;
    }
    teacher_page(a, "USB-stick", "Wat wil je doen met de stick?");
    add_items(a, MENU_STICK);
    app_show(a, &screen_teacher_page, 0);
}

static void stick_choice(struct app *a, int k)
{
    open_item(a, MENU_STICK, k);
}

const struct teacher_step teacher_step_stick = {
    .id = "stick", .show = stick_show, .choice = stick_choice,
};
