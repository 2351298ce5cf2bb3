/* flow_teacher.c: teacher mode. Getting in (hold the top-right corner for
 * 3 s, F2 on a keyboard, or scan a teacher card; then the PIN), the menu,
 * starting and stopping sessions, the live attendance list with check-in by
 * hand, and the USB stick: export, import, eject. Leaves by itself after
 * teacher.idle_s. */
#include "db/db_export.h"
#include "db/db_import.h"
#include "db/db_questionnaire.h"
#include "db/db_merge.h"
#include "db/db_poll.h"
#include "db/db_pin.h"
#include "db/db_retention.h"
#include "db/db_signal.h"
#include "firmware/app_internal.h"
#include "firmware/cards.h"
#include "firmware/card_keyfile.h"
#include "base/clock.h"
#include "base/log.h"
#include "base/setfile.h"
#include "firmware/usb.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#define HOLD_MS 3000
#define PIN_MAX DB_PIN_MAX_DIGITS

enum step {
    STEP_NONE,
    STEP_PIN,
    STEP_MENU,
    STEP_KIND,
    STEP_GROUP,
    STEP_LATE,
    STEP_STOP,
    STEP_ATTENDANCE,
    STEP_STUDENT,
    STEP_IMPORT,
    STEP_PURGE,
    STEP_CLOCK,
    STEP_MESSAGE,
};

struct teacher {
    enum step step;
    int64_t hold_since;             /* clock_ms of a corner press; 0 none */
    char pin[PIN_MAX + 1];
    char first_pin[PIN_MAX + 1];    /* while choosing a new PIN */
    int first_setup;                /* no PIN yet: no way around the keypad */
    struct usb *usb;
    Uint32 usb_event;               /* SDL event type the watch thread pushes */

    /* session being started, or cards being printed (for_cards) */
    int for_cards;
    int kind;
    char group[DB_NAME_MAX];
    int64_t late_at;

    /* lists */
    int page;
    char (*groups)[DB_NAME_MAX];
    int ngroups;
    struct db_attendance_line rows[VIEW_ROWS];
    char files[VIEW_CHOICES][256];
    int64_t clock_to;               /* the date and time being set */
    struct db_student chosen;
    int chosen_present;
};

static const char *const kinds[] = {"terugkomdag", "intake", "bijeenkomst"};
static const char *const kind_labels[] = {"Terugkomdag", "Intake", "Bijeenkomst"};
static const char *const reasons[] = {"Pas vergeten", "Pas kwijt", "Pas kapot", "Anders"};

static struct view_teacher *tv(struct app *a)
{
    return &a->view.teacher;
}

/* A fresh page: title, message, nothing else. */
static void page(struct app *a, const char *title, const char *message)
{
    struct view_teacher *t = tv(a);
    snprintf(t->title, sizeof t->title, "%s", title);
    snprintf(t->message, sizeof t->message, "%s", message ? message : "");
    t->nrows = t->nchoices = t->pages = t->page = t->can_confirm = 0;
    t->chosen = -1;
    t->progress = -1;
    t->late[0] = '\0';
}

static void confirm_button(struct app *a, const char *label)
{
    tv(a)->can_confirm = 1;
    snprintf(tv(a)->confirm_label, sizeof tv(a)->confirm_label, "%s", label);
}

/* ---- getting in ---------------------------------------------------- */

static void show_pin(struct app *a, enum view_pin_mode mode, const char *message)
{
    struct teacher *t = a->teacher;
    t->step = STEP_PIN;
    memset(t->pin, 0, sizeof t->pin);
    tv(a)->pin_mode = mode;
    tv(a)->pin_len = 0;
    snprintf(tv(a)->pin_message, sizeof tv(a)->pin_message, "%s", message ? message : "");
    int wait = mode == VIEW_PIN_ENTER ? db_pin_wait(a->db, clock_unix()) : 0;
    tv(a)->locked_s = wait > 0 ? wait : 0;
    app_show(a, &screen_pin, 0);
    a->teacher_seen = clock_ms();
}

static void show_menu(struct app *a)
{
    a->teacher->step = STEP_MENU;
    tv(a)->clock_wrong = !clock_plausible();
    app_refresh_session(a);
    app_show(a, &screen_teacher, 0);
}

static void teacher_enter(struct app *a)
{
    int set = db_pin_is_set(a->db);
    log_info("teacher: keypad opened");
    show_pin(a, set == 0 ? VIEW_PIN_NEW : VIEW_PIN_ENTER, NULL);
}

void flow_teacher_leave(struct app *a, const char *why)
{
    log_info("teacher: left teacher mode (%s)", why);
    a->teacher_in = 0;
    a->teacher->step = STEP_NONE;
    free(a->teacher->groups);
    a->teacher->groups = NULL;
    memset(&a->view.teacher, 0, sizeof a->view.teacher);
    ui_forget_texts(a->ui); /* names from the lists */
    app_show_idle(a);
}

void flow_teacher_home(struct app *a)
{
    if (a->teacher->first_setup && db_pin_is_set(a->db) == 0)
        show_pin(a, VIEW_PIN_NEW, "Welkom. Kies eerst een pincode voor de docenten.");
    else if (a->teacher_in)
        show_menu(a);
    else
        flow_teacher_leave(a, "back from a page of another flow");
}

static void pin_submit(struct app *a)
{
    struct teacher *t = a->teacher;
    struct view_teacher *v = tv(a);
    if (v->pin_mode == VIEW_PIN_NEW) {
        if (!db_pin_valid(t->pin)) {
            show_pin(a, VIEW_PIN_NEW, "Kies 4 tot 8 cijfers.");
            return;
        }
        memcpy(t->first_pin, t->pin, sizeof t->pin);
        show_pin(a, VIEW_PIN_REPEAT, NULL);
        return;
    }
    if (v->pin_mode == VIEW_PIN_REPEAT) {
        int same = !strcmp(t->first_pin, t->pin);
        memset(t->first_pin, 0, sizeof t->first_pin);
        if (!same) {
            show_pin(a, VIEW_PIN_NEW, "De twee pincodes zijn niet gelijk. Kies opnieuw.");
            return;
        }
        if (db_pin_set(a->db, t->pin) != 0) {
            show_pin(a, VIEW_PIN_NEW, "Opslaan is niet gelukt. Probeer het opnieuw.");
            return;
        }
        log_info("teacher: new PIN set");
        t->first_setup = 0;
        a->teacher_in = 1;
        show_menu(a);
        return;
    }
    int wait = 0, left = 0;
    enum db_pin_result r = db_pin_check(a->db, t->pin, clock_unix(), &wait, &left);
    memset(t->pin, 0, sizeof t->pin);
    char msg[160];
    switch (r) {
    case DB_PIN_OK:
        log_info("teacher: PIN accepted");
        a->teacher_in = 1;
        show_menu(a);
        return;
    case DB_PIN_WRONG:
        log_warn("teacher: wrong PIN, %d tries left", left);
        snprintf(msg, sizeof msg, "Deze pincode klopt niet. Je kunt het nog %d keer proberen.",
                 left);
        show_pin(a, VIEW_PIN_ENTER, msg);
        return;
    case DB_PIN_LOCKED:
        log_warn("teacher: keypad locked for %d s", wait);
        show_pin(a, VIEW_PIN_ENTER, NULL);
        return;
    case DB_PIN_NOT_SET:
        show_pin(a, VIEW_PIN_NEW, NULL);
        return;
    case DB_PIN_ERROR:
        show_pin(a, VIEW_PIN_ENTER, "De pincode kan nu niet worden gecontroleerd.");
        return;
    }
}

static int pin_action(struct app *a, int action)
{
    struct teacher *t = a->teacher;
    size_t len = strlen(t->pin);
    if (action >= TEACHER_DIGIT_0 && action <= TEACHER_DIGIT_0 + 9) {
        if (tv(a)->locked_s > 0 || len >= PIN_MAX)
            return 1;
        t->pin[len] = (char)('0' + action - TEACHER_DIGIT_0);
        tv(a)->pin_len = (int)len + 1;
        tv(a)->pin_message[0] = '\0';
    } else if (action == TEACHER_BACKSPACE) {
        if (len)
            t->pin[len - 1] = '\0';
        tv(a)->pin_len = len ? (int)len - 1 : 0;
    } else if (action == TEACHER_PIN_OK) {
        if (tv(a)->locked_s <= 0)
            pin_submit(a);
    } else if (action == TEACHER_CANCEL) {
        if (!t->first_setup)
            flow_teacher_leave(a, "cancelled");
    } else {
        return 0;
    }
    a->dirty = 1;
    return 1;
}

/* ---- sessions ------------------------------------------------------ */

static void show_kinds(struct app *a)
{
    a->teacher->step = STEP_KIND;
    page(a, "Bijeenkomst starten", "Wat voor bijeenkomst is het?");
    for (int i = 0; i < 3; i++)
        snprintf(tv(a)->choices[i], sizeof tv(a)->choices[i], "%s", kind_labels[i]);
    tv(a)->nchoices = 3;
    app_show(a, &screen_session_new, 0);
}

static void show_groups(struct app *a)
{
    struct teacher *t = a->teacher;
    t->step = STEP_GROUP;
    if (!t->groups) {
        t->groups = calloc(1000, sizeof *t->groups);
        t->ngroups = t->groups ? db_group_list(a->db, t->groups, 1000) : 0;
        if (t->ngroups < 0)
            t->ngroups = 0;
    }
    page(a, t->for_cards ? "Passen printen" : "Bijeenkomst starten",
         !t->ngroups    ? "Er zijn nog geen groepen. Importeer eerst een lijst."
         : t->for_cards ? "Van welke groep maak je passen? Ze komen als PDF op de stick."
                        : "Voor welke groep?");
    struct view_teacher *v = tv(a);
    v->pages = (t->ngroups + VIEW_CHOICES - 1) / VIEW_CHOICES;
    v->page = t->page;
    for (int i = 0; i < VIEW_CHOICES && t->page * VIEW_CHOICES + i < t->ngroups; i++)
        snprintf(v->choices[v->nchoices++], sizeof v->choices[0], "%s",
                 t->groups[t->page * VIEW_CHOICES + i]);
    app_show(a, t->for_cards ? &screen_usb : &screen_session_new, 0);
}

static void show_late(struct app *a)
{
    struct teacher *t = a->teacher;
    t->step = STEP_LATE;
    char msg[256];
    snprintf(msg, sizeof msg, "%s voor %s. Vanaf welke tijd is een student te laat?",
             kind_labels[t->kind], t->group);
    page(a, "Bijeenkomst starten", msg);
    clock_hhmm(t->late_at, tv(a)->late);
    confirm_button(a, "Start");
    app_show(a, &screen_session_new, 0);
}

static void start_session(struct app *a)
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
        t->step = STEP_MESSAGE;
        page(a, "Bijeenkomst starten", err);
        app_show(a, &screen_teacher_page, 0);
        return;
    }
    show_menu(a);
}

static void show_stop(struct app *a)
{
    a->teacher->step = STEP_STOP;
    char msg[256];
    snprintf(msg, sizeof msg, "%s stoppen? %d van %d studenten zijn ingecheckt.",
             a->session.title, a->view.checked_in, a->view.group_size);
    page(a, "Bijeenkomst stoppen", msg);
    confirm_button(a, "Stoppen");
    app_show(a, &screen_teacher_page, 0);
}

/* ---- attendance ---------------------------------------------------- */

static void full_name(const struct db_student *s, char *out, size_t len)
{
    snprintf(out, len, "%s %s%s%s", s->first_name, s->prefix, s->prefix[0] ? " " : "",
             s->last_name);
}

static void show_attendance(struct app *a)
{
    struct teacher *t = a->teacher;
    struct view_teacher *v = tv(a);
    t->step = STEP_ATTENDANCE;
    app_refresh_session(a);
    if (!a->view.has_session) {
        show_menu(a);
        return;
    }
    char msg[160];
    snprintf(msg, sizeof msg, "%d van %d ingecheckt. Tik op een naam om iemand zelf in te checken.",
             a->view.checked_in, a->view.group_size);
    char keep[sizeof v->message];
    int keep_message = v->message[0] && a->screen == &screen_attendance;
    memcpy(keep, v->message, sizeof keep);
    page(a, "Aanwezigheid", keep_message ? keep : msg);
    int total = 0, per_page = screen_teacher_rows(a->ui);
    int n = db_attendance_read(a->db, &a->session, t->page * per_page, per_page, t->rows, &total);
    if (n < 0)
        n = 0;
    v->pages = (total + per_page - 1) / per_page;
    v->page = t->page;
    for (int i = 0; i < n; i++) {
        struct db_attendance_line *r = &t->rows[i];
        full_name(&r->student, v->rows[i].name, sizeof v->rows[i].name);
        char at[6];
        clock_hhmm(r->at, at);
        if (!r->present)
            snprintf(v->rows[i].status, sizeof v->rows[i].status, "afwezig");
        else
            snprintf(v->rows[i].status, sizeof v->rows[i].status, "%s %s%s%s",
                     r->late ? "te laat" : "aanwezig", at, r->guest ? ", gast" : "",
                     !strcmp(r->how, "hand") ? ", met de hand" : "");
        v->rows[i].tone = !r->present ? 3 : r->late ? 2 : 1;
    }
    v->nrows = n;
    app_show(a, &screen_attendance, 0);
}

void flow_teacher_attendance(struct app *a)
{
    tv(a)->message[0] = '\0';
    show_attendance(a);
}

static void show_student(struct app *a, int row)
{
    struct teacher *t = a->teacher;
    if (row < 0 || row >= tv(a)->nrows)
        return;
    t->step = STEP_STUDENT;
    t->chosen = t->rows[row].student;
    t->chosen_present = t->rows[row].present;
    char name[256], msg[512];
    full_name(&t->chosen, name, sizeof name);
    if (t->chosen_present) {
        snprintf(msg, sizeof msg, "Studentnummer %s. Is al ingecheckt: %s.", t->chosen.number,
                 tv(a)->rows[row].status);
        page(a, name, msg);
    } else {
        snprintf(msg, sizeof msg,
                 "Studentnummer %s. Nog niet ingecheckt. Waarom check je %s zelf in?",
                 t->chosen.number, t->chosen.first_name);
        page(a, name, msg);
        for (int i = 0; i < 4; i++)
            snprintf(tv(a)->choices[i], sizeof tv(a)->choices[i], "%s", reasons[i]);
        tv(a)->nchoices = 4;
    }
    confirm_button(a, "Dossier");
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

static void checkin_by_hand(struct app *a, int reason)
{
    struct teacher *t = a->teacher;
    struct db_student s;
    struct db_checkin c;
    if (db_student_find(a->db, t->chosen.number, &s) != 1 || !a->view.has_session) {
        show_attendance(a);
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
    show_attendance(a);
    snprintf(tv(a)->message, sizeof tv(a)->message, "%s", msg);
}

/* ---- the stick ----------------------------------------------------- */

static void check_usb(struct app *a)
{
    char path[sizeof a->usb_path];
    int found = usb_find(NULL, a->cfg.media_root, path, sizeof path) == 1;
    if (found != a->usb_present || (found && strcmp(path, a->usb_path))) {
        a->usb_present = found;
        snprintf(a->usb_path, sizeof a->usb_path, "%s", found ? path : "");
        a->view.usb_present = found;
        log_info("usb: %s%s", found ? "stick at " : "no stick", found ? path : "");
        a->dirty = 1;
        if (!found && a->teacher_in && a->teacher->step == STEP_IMPORT)
            show_menu(a);
    }
}

static void show_message(struct app *a, const char *title, const char *message)
{
    a->teacher->step = STEP_MESSAGE;
    page(a, title, message);
    app_show(a, &screen_usb, 0);
}

static int export_progress(void *user, int done, int total, const char *what)
{
    struct app *a = user;
    struct view_teacher *v = tv(a);
    v->progress = total > 0 ? done * 100 / total : 0;
    snprintf(v->message, sizeof v->message, "Bezig: %s. Haal de stick er nog niet uit.", what);
    app_draw(a); /* the export runs on this thread: show progress now */
    return 0;
}

static void export_now(struct app *a)
{
    check_usb(a);
    if (!a->usb_present) {
        show_message(a, "Exporteren", "Er is geen USB-stick. Steek er een in.");
        return;
    }
    show_message(a, "Exporteren", "Bezig...");
    tv(a)->progress = 0;
    struct db_export_result r;
    int rc = db_export_run(a->db, a->usb_path, "docent", clock_unix(), export_progress, a, &r);
    if (rc != 0) {
        show_message(a, "Exporteren is niet gelukt", r.err);
        return;
    }
    int ej = usb_eject(a->usb_path);
    char msg[512];
    const char *folder = strrchr(r.folder, '/');
    snprintf(msg, sizeof msg, "%s %ld regels in %d bestanden, in de map %s.",
             ej >= 0 ? "Klaar, je kunt de stick verwijderen." : "Klaar.", r.rows, r.files,
             folder ? folder + 1 : r.folder);
    show_message(a, "Exporteren", msg);
    check_usb(a);
}

/* What a file on the stick can be, by its ending. */
static int importable(const char *name)
{
    static const char *const ends[] = {".csv", ".txt", ".db", ".key"};
    size_t n = strlen(name);
    if (name[0] == '.')
        return 0;
    for (size_t i = 0; i < sizeof ends / sizeof ends[0]; i++) {
        size_t e = strlen(ends[i]);
        if (n > e && !strcasecmp(name + n - e, ends[i]))
            return 1;
    }
    return 0;
}

static int ends_with(const char *name, const char *end)
{
    size_t n = strlen(name), e = strlen(end);
    return n > e && !strcasecmp(name + n - e, end);
}

static void show_import(struct app *a)
{
    struct teacher *t = a->teacher;
    check_usb(a);
    if (!a->usb_present) {
        show_message(a, "Importeren", "Er is geen USB-stick. Steek er een in.");
        return;
    }
    t->step = STEP_IMPORT;
    page(a, "Importeren",
         "Kies een bestand: een studentenlijst (.csv), een poll- of vragenlijst (.txt), "
         "een kopie van een andere kiosk (.db) of een passleutel (.key).");
    DIR *d = opendir(a->usb_path);
    struct dirent *e;
    int n = 0;
    while (d && (e = readdir(d)) && n < VIEW_CHOICES) {
        if (!importable(e->d_name))
            continue;
        snprintf(t->files[n], sizeof t->files[n], "%s", e->d_name);
        snprintf(tv(a)->choices[n], sizeof tv(a)->choices[n], "%s", e->d_name);
        n++;
    }
    if (d)
        closedir(d);
    tv(a)->nchoices = n;
    if (!n)
        snprintf(tv(a)->message, sizeof tv(a)->message,
                 "Er staat niets op de stick om te importeren. Zet het bestand in de hoofdmap.");
    app_show(a, &screen_usb, 0);
}

/* A text file is a poll set or a questionnaire; the content tells. */
static int import_text(struct app *a, const char *path, char *msg, size_t len)
{
    struct setfile *set = calloc(1, sizeof *set);
    char *report = NULL, err[256];
    int rc = -1;
    if (set && setfile_read(path, &setfile_polls, set, &report) == 0) {
        struct db_poll_set out;
        int st = db_poll_set_import(a->db, set, path, clock_unix(), &out, err, sizeof err);
        if (st >= 0)
            snprintf(msg, len, "Poll-lijst '%s' %s (%d vragen).", out.title,
                     st ? "is geladen" : "was al geladen", out.questions);
        else
            snprintf(msg, len, "%s", err);
        rc = st >= 0 ? 0 : -1;
    } else {
        free(report);
        report = NULL;
        struct questionnaire *q = NULL;
        int st = db_questionnaire_load_file(a->db, path, clock_unix(), &q, &report);
        if (st >= 0 && q)
            snprintf(msg, len, "Vragenlijst '%s' %s (versie %d).", q->title,
                     st ? "is geladen" : "was al geladen", q->version);
        else
            snprintf(msg, len, "Dit bestand is geen poll-lijst of vragenlijst. %s",
                     report ? report : "");
        questionnaire_free(q);
        rc = st >= 0 ? 0 : -1;
    }
    free(report);
    free(set);
    return rc;
}

static void import_file(struct app *a, int i)
{
    struct teacher *t = a->teacher;
    if (i < 0 || i >= tv(a)->nchoices)
        return;
    char path[4400], msg[512], err[256];
    snprintf(path, sizeof path, "%s/%s", a->usb_path, t->files[i]);
    int rc;
    if (ends_with(path, ".csv")) {
        struct db_import_result r;
        rc = db_import_students_file(a->db, path, NULL, 0, clock_unix(), &r);
        if (rc == 0)
            snprintf(msg, sizeof msg,
                     "%d studenten gelezen: %d nieuw, %d bijgewerkt, %d ongewijzigd.", r.rows,
                     r.added, r.updated, r.same);
        else
            snprintf(msg, sizeof msg, "Er is niets geïmporteerd. %s", r.report ? r.report : "");
        free(r.report);
    } else if (ends_with(path, ".db")) {
        struct db_merge_result r;
        rc = db_merge_snapshot(a->db, path, &r);
        if (rc == 0)
            snprintf(msg, sizeof msg,
                     "Samengevoegd: %d studenten nieuw, %d bijeenkomsten nieuw, %d "
                     "check-ins nieuw.", r.students_added, r.sessions_added, r.checkins_added);
        else
            snprintf(msg, sizeof msg, "Er is niets samengevoegd. %s", r.err);
    } else if (ends_with(path, ".key")) {
        enum card_keyfile_import k = card_keyfile_import(a->data_dir, path, 0, err, sizeof err);
        rc = k == CARD_KEYFILE_ERROR || k == CARD_KEYFILE_DIFFERENT ? -1 : 0;
        snprintf(msg, sizeof msg, "%s",
                 k == CARD_KEYFILE_IMPORTED ? "De passleutel is overgenomen. De passen van de "
                                              "andere kiosk werken nu ook hier."
                 : k == CARD_KEYFILE_SAME   ? "Deze kiosk had deze passleutel al."
                                            : err);
    } else {
        rc = import_text(a, path, msg, sizeof msg);
    }
    log_info("import: %s from the stick by the teacher: %s", t->files[i], rc == 0 ? "ok" : msg);
    free(t->groups); /* new groups may have come */
    t->groups = NULL;
    show_message(a, rc == 0 ? "Importeren gelukt" : "Importeren is niet gelukt", msg);
}

/* A file name from a group name: letters, digits, '-' and '_' only, so
 * nothing imported can steer where a file lands on the stick. */
static void safe_name(const char *in, char *out, size_t len)
{
    size_t n = 0;
    for (; *in && n + 1 < len; in++)
        out[n++] = (*in >= 'a' && *in <= 'z') || (*in >= 'A' && *in <= 'Z') ||
                           (*in >= '0' && *in <= '9') || *in == '-' || *in == '_'
                       ? *in
                       : '_';
    out[n] = '\0';
}

static void print_cards(struct app *a, const char *group)
{
    check_usb(a);
    if (!a->usb_present) {
        show_message(a, "Passen printen", "Er is geen USB-stick. Steek er een in.");
        return;
    }
    char name[64], path[4400], err[256], msg[512];
    safe_name(group, name, sizeof name);
    snprintf(path, sizeof path, "%s/passen-%s.pdf", a->usb_path, name);
    struct cards_result r;
    if (cards_write_group(a->db, &a->key, &a->cfg, group, path, &r, err, sizeof err) != 0) {
        show_message(a, "Passen printen is niet gelukt", err);
        return;
    }
    snprintf(msg, sizeof msg, "%d passen staan op de stick in passen-%s.pdf (%d %s A4).%s", r.written,
             name, r.pages, r.pages == 1 ? "blad" : "bladen",
             r.skipped ? " Let op: niet elke student kreeg een pas." : "");
    show_message(a, "Passen printen", msg);
}

static void eject_now(struct app *a)
{
    if (!a->usb_present) {
        show_menu(a);
        return;
    }
    int rc = usb_eject(a->usb_path);
    show_message(a, "Stick verwijderen",
                 rc < 0 ? "De stick reageert niet. Kijk of er nog iets op moet en probeer opnieuw."
                        : "Je kunt de stick nu verwijderen.");
    check_usb(a);
}

/* ---- retention ----------------------------------------------------- */

static void show_purge(struct app *a)
{
    int months = a->cfg.retention_months;
    int n = db_retention_count(a->db, months, clock_unix());
    char msg[320];
    a->teacher->step = STEP_PURGE;
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
    page(a, "Oude gegevens wissen", msg);
    if (n > 0)
        confirm_button(a, "Wissen");
    app_show(a, &screen_teacher_page, 0);
}

static void purge_now(struct app *a)
{
    int n = db_retention_purge(a->db, a->cfg.retention_months, clock_unix());
    char msg[160];
    if (n < 0)
        snprintf(msg, sizeof msg, "Wissen is niet gelukt. Er is niets gewist.");
    else
        snprintf(msg, sizeof msg, "%d %s gewist.", n, n == 1 ? "student is" : "studenten zijn");
    log_info("retention: %d students purged by the teacher", n);
    a->teacher->step = STEP_MESSAGE;
    page(a, "Oude gegevens wissen", msg);
    app_show(a, &screen_teacher_page, 0);
}

/* ---- the clock ----------------------------------------------------- */

/* A Pi has no real-time clock: without network it may start in 1970. */
static const int64_t clock_steps[] = {86400, -86400, 3600, -3600, 300, -300};
static const char *const clock_labels[] = {"+ 1 dag", "- 1 dag", "+ 1 uur",
                                           "- 1 uur", "+ 5 min", "- 5 min"};

static void show_clock(struct app *a)
{
    struct teacher *t = a->teacher;
    t->step = STEP_CLOCK;
    char when[64], msg[160];
    time_t to = (time_t)t->clock_to;
    struct tm tm;
    localtime_r(&to, &tm);
    strftime(when, sizeof when, "%d-%m-%Y %H:%M", &tm);
    snprintf(msg, sizeof msg, "Nieuwe datum en tijd: %s. Klopt dat? Tik dan op Opslaan.", when);
    page(a, "Datum en tijd", msg);
    for (int i = 0; i < 6; i++)
        snprintf(tv(a)->choices[i], sizeof tv(a)->choices[i], "%s", clock_labels[i]);
    tv(a)->nchoices = 6;
    confirm_button(a, "Opslaan");
    app_show(a, &screen_teacher_page, 0);
}

static void set_clock(struct app *a)
{
    int64_t before = clock_unix();
    if (clock_set_unix(a->teacher->clock_to) != 0) {
        log_warn("clock: cannot set the time: no permission (CAP_SYS_TIME)");
        a->teacher->step = STEP_MESSAGE;
        page(a, "Datum en tijd", "De klok kan hier niet worden gezet. Vraag de beheerder.");
        app_show(a, &screen_teacher_page, 0);
        return;
    }
    log_info("clock: set by the teacher, %+lld s", (long long)(a->teacher->clock_to - before));
    app_clock_changed(a);
    show_menu(a);
}

/* ---- actions ------------------------------------------------------- */

static void back(struct app *a)
{
    struct teacher *t = a->teacher;
    t->page = 0;
    switch (t->step) {
    case STEP_GROUP:
        t->for_cards ? show_menu(a) : show_kinds(a);
        return;
    case STEP_LATE:
        show_groups(a);
        return;
    case STEP_STUDENT:
        show_attendance(a);
        return;
    default:
        show_menu(a);
        return;
    }
}

static void page_turn(struct app *a, int delta)
{
    struct teacher *t = a->teacher;
    int pages = tv(a)->pages;
    if (pages < 2)
        return;
    t->page = (t->page + delta + pages) % pages;
    if (t->step == STEP_GROUP)
        show_groups(a);
    else if (t->step == STEP_ATTENDANCE)
        show_attendance(a);
}

static void choice(struct app *a, int i)
{
    struct teacher *t = a->teacher;
    switch (t->step) {
    case STEP_KIND:
        t->kind = i;
        t->page = 0;
        show_groups(a);
        return;
    case STEP_GROUP: {
        snprintf(t->group, sizeof t->group, "%s", tv(a)->choices[i]);
        if (t->for_cards) {
            print_cards(a, t->group);
            return;
        }
        /* late after start + grace, rounded up to 5 minutes */
        int64_t late = clock_unix() + a->cfg.late_grace_min * 60;
        t->late_at = (late + 299) / 300 * 300;
        show_late(a);
        return;
    }
    case STEP_STUDENT:
        checkin_by_hand(a, i);
        return;
    case STEP_IMPORT:
        import_file(a, i);
        return;
    case STEP_CLOCK:
        if (i >= 0 && i < 6)
            t->clock_to += clock_steps[i];
        show_clock(a);
        return;
    default:
        return;
    }
}

/* The screens this flow draws; other flows' teacher screens (polls,
 * signals) answer their own actions. */
static int owns(const struct screen *s)
{
    return s == &screen_teacher || s == &screen_session_new || s == &screen_attendance ||
           s == &screen_teacher_student || s == &screen_usb || s == &screen_teacher_page;
}

static int teacher_action(struct app *a, int action)
{
    struct teacher *t = a->teacher;
    if (t->step == STEP_PIN)
        return pin_action(a, action);
    if (!a->teacher_in || action < 100 || action > 299 || !owns(a->screen))
        return 0;
    switch (action) {
    case TEACHER_LOGOUT:
        flow_teacher_leave(a, "logged out");
        break;
    case TEACHER_BACK:
        back(a);
        break;
    case TEACHER_SESSION_NEW:
        t->for_cards = 0;
        show_kinds(a);
        break;
    case TEACHER_CARDS:
        t->for_cards = 1;
        t->page = 0;
        show_groups(a);
        break;
    case TEACHER_SESSION_STOP:
        show_stop(a);
        break;
    case TEACHER_ATTENDANCE:
        t->page = 0;
        tv(a)->message[0] = '\0';
        show_attendance(a);
        break;
    case TEACHER_EXPORT:
        export_now(a);
        break;
    case TEACHER_IMPORT:
        show_import(a);
        break;
    case TEACHER_EJECT:
        eject_now(a);
        break;
    case TEACHER_PURGE:
        show_purge(a);
        break;
    case TEACHER_CLOCK:
        /* start from now, rounded to whole minutes */
        t->clock_to = clock_unix() / 60 * 60;
        show_clock(a);
        break;
    case TEACHER_PAGE_PREV:
    case TEACHER_PAGE_NEXT:
        page_turn(a, action == TEACHER_PAGE_NEXT ? 1 : -1);
        break;
    case TEACHER_LATE_EARLIER:
    case TEACHER_LATE_LATER:
        t->late_at += action == TEACHER_LATE_LATER ? 300 : -300;
        show_late(a);
        break;
    case TEACHER_CONFIRM:
        if (t->step == STEP_LATE)
            start_session(a);
        else if (t->step == STEP_STOP) {
            db_session_stop(a->db, clock_unix());
            show_menu(a);
        } else if (t->step == STEP_PURGE) {
            purge_now(a);
        } else if (t->step == STEP_CLOCK) {
            set_clock(a);
        } else if (t->step == STEP_STUDENT) {
            struct db_student full;
            if (db_student_find(a->db, t->chosen.number, &full) == 1)
                flow_student_dossier_for_teacher(a, &full);
        }
        break;
    default:
        if (action >= TEACHER_CHOICE_0 && action < TEACHER_CHOICE_0 + VIEW_CHOICES)
            choice(a, action - TEACHER_CHOICE_0);
        else if (action >= TEACHER_ROW_0 && action < TEACHER_ROW_0 + VIEW_ROWS)
            show_student(a, action - TEACHER_ROW_0);
        else
            return 0; /* another flow's teacher screen (polls, signals) */
    }
    return 1;
}

/* ---- input and time ------------------------------------------------ */

/* The screens from which the teacher can get in: the ones at rest. */
static int resting(const struct app *a)
{
    return a->screen == &screen_idle || a->screen == &screen_poll;
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
    if (a->teacher_in || t->step == STEP_PIN)
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
    struct teacher *t = a->teacher;
    if (t->step == STEP_PIN) {
        a->teacher_seen = clock_ms();
        if (key >= SDLK_0 && key <= SDLK_9)
            return pin_action(a, TEACHER_DIGIT_0 + (int)(key - SDLK_0));
        if (key >= SDLK_KP_1 && key <= SDLK_KP_9)
            return pin_action(a, TEACHER_DIGIT_0 + 1 + (int)(key - SDLK_KP_1));
        if (key == SDLK_KP_0)
            return pin_action(a, TEACHER_DIGIT_0);
        if (key == SDLK_BACKSPACE)
            return pin_action(a, TEACHER_BACKSPACE);
        if (key == SDLK_RETURN || key == SDLK_KP_ENTER)
            return pin_action(a, TEACHER_PIN_OK);
        if (key == SDLK_ESCAPE)
            return pin_action(a, TEACHER_CANCEL);
        return 1; /* nothing typed on the keypad reaches the scanner */
    }
    if (a->teacher_in)
        a->teacher_seen = clock_ms();
    if (key == SDLK_F2 && resting(a) && !a->teacher_in) {
        teacher_enter(a);
        return 1;
    }
    return 0;
}

static int teacher_text(struct app *a, const char *text)
{
    /* Digits typed for the keypad arrive as key presses; eat the text. */
    return a->teacher->step == STEP_PIN;
}

/* A teacher card opens the keypad, as the corner does; the PIN is still
 * needed. 1 when code was a teacher card (good or not), 0 when it is none. */
static int teacher_card(struct app *a, const char *code)
{
    int version = 0;
    enum card_result r = card_teacher_read(&a->key, code, &version);
    if (r == CARD_GARBLED)
        return 0;
    if (a->teacher_in || a->teacher->step == STEP_PIN)
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
        return a->teacher->step == STEP_PIN; /* not while the keypad is open */
    struct db_student s;
    struct db_checkin c;
    int already = 0;
    enum view_notice n = flow_checkin_card(a, code, &s, &c, &already);
    if (a->teacher->step == STEP_ATTENDANCE) {
        show_attendance(a);
        if (n == VIEW_NOTICE_NONE)
            snprintf(tv(a)->message, sizeof tv(a)->message, "%s %s is %s.", s.first_name,
                     s.last_name, already ? "al ingecheckt" : "ingecheckt");
        else
            snprintf(tv(a)->message, sizeof tv(a)->message, "Die scan telde niet.");
    }
    a->dirty = 1;
    return 1;
}

static void teacher_tick(struct app *a, int64_t now)
{
    struct teacher *t = a->teacher;
    if (t->hold_since && now - t->hold_since >= HOLD_MS && resting(a)) {
        t->hold_since = 0;
        teacher_enter(a);
    }
    if (t->step == STEP_PIN && tv(a)->locked_s > 0) {
        int wait = db_pin_wait(a->db, clock_unix());
        if (wait != tv(a)->locked_s) {
            tv(a)->locked_s = wait > 0 ? wait : 0;
            a->dirty = 1;
        }
    }
    if ((a->teacher_in || t->step == STEP_PIN) && !t->first_setup &&
        now - a->teacher_seen >= a->cfg.teacher_idle_s * 1000LL)
        flow_teacher_leave(a, "idle");
}

static int64_t teacher_deadline(const struct app *a)
{
    const struct teacher *t = a->teacher;
    int64_t next = 0;
    if (t->hold_since)
        next = t->hold_since + HOLD_MS;
    if ((a->teacher_in || t->step == STEP_PIN) && !t->first_setup) {
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
        flow_teacher_leave(a, "a PIN was set on the command line");
        return;
    }
    if (a->teacher_in && t->step == STEP_ATTENDANCE)
        show_attendance(a);
}

static void usb_changed(void *user)
{
    /* On the watch thread: only tell the loop. */
    SDL_Event ev = {.type = *(Uint32 *)user};
    SDL_PushEvent(&ev);
}

static int teacher_event(struct app *a, const SDL_Event *ev)
{
    if (ev->type != a->teacher->usb_event)
        return 0;
    check_usb(a);
    return 1;
}

static int teacher_start(struct app *a)
{
    struct teacher *t = calloc(1, sizeof *t);
    if (!t)
        return -1;
    a->teacher = t;
    t->usb_event = SDL_RegisterEvents(1);
    if (t->usb_event != (Uint32)-1)
        t->usb = usb_open(usb_changed, &t->usb_event);
    check_usb(a);
    if (db_pin_is_set(a->db) == 0) {
        /* First start: a new PIN before anything else. */
        t->first_setup = 1;
        show_pin(a, VIEW_PIN_NEW, "Welkom. Kies eerst een pincode voor de docenten.");
    }
    return 0;
}

static void teacher_stop(struct app *a)
{
    if (!a->teacher)
        return;
    usb_close(a->teacher->usb);
    free(a->teacher->groups);
    free(a->teacher);
    a->teacher = NULL;
}

const struct flow flow_teacher = {
    .name = "teacher",
    .start = teacher_start,
    .stop = teacher_stop,
    .action = teacher_action,
    .scan = teacher_scan,
    .key = teacher_key,
    .text = teacher_text,
    .touch = teacher_touch,
    .store_changed = teacher_store_changed,
    .tick = teacher_tick,
    .deadline = teacher_deadline,
    .event = teacher_event,
};
