/* teacher_usb.c: the USB stick: export, import (student lists, poll and
 * questionnaire files, another kiosk's copy, a card key), cards as a PDF,
 * and ejecting it. The watch thread (firmware/usb.h) only tells the loop. */
#include "db/db_export.h"
#include "db/db_import.h"
#include "db/db_questionnaire.h"
#include "db/db_merge.h"
#include "db/db_poll.h"
#include "firmware/cards.h"
#include "firmware/card_keyfile.h"
#include "base/clock.h"
#include "base/log.h"
#include "base/setfile.h"
#include "firmware/teacher.h"
#include "firmware/usb.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const struct teacher_step step_import;

static struct view_teacher *tv(struct app *a)
{
    return &a->view.teacher;
}

void teacher_usb_check(struct app *a)
{
    char path[sizeof a->usb_path];
    int found = usb_find(NULL, a->cfg.media_root, path, sizeof path) == 1;
    if (found != a->usb_present || (found && strcmp(path, a->usb_path))) {
        a->usb_present = found;
        snprintf(a->usb_path, sizeof a->usb_path, "%s", found ? path : "");
        a->view.usb_present = found;
        log_info("usb: %s%s", found ? "stick at " : "no stick", found ? path : "");
        a->dirty = 1;
        /* the menu's buttons follow the stick; an import list without it is void */
        if (a->teacher_in && a->teacher->step == &teacher_step_stick)
            teacher_go(a, &teacher_step_stick); /* gone: the menu */
        else if (a->teacher_in && (a->teacher->step == &teacher_step_menu ||
                                   (!found && a->teacher->step == &step_import)))
            teacher_go(a, &teacher_step_menu);
    }
}

static void show_message(struct app *a, const char *title, const char *message)
{
    teacher_say(a, &teacher_step_note, title, message, &screen_usb);
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

void teacher_export(struct app *a)
{
    teacher_usb_check(a);
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
    teacher_usb_check(a);
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

static void import_show(struct app *a)
{
    struct teacher *t = a->teacher;
    teacher_usb_check(a);
    if (!a->usb_present) {
        show_message(a, "Importeren", "Er is geen USB-stick. Steek er een in.");
        return;
    }
    teacher_page(a, "Importeren",
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

static void import_choice(struct app *a, int i)
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
    teacher_groups_forget(a); /* new groups may have come */
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

void teacher_print_cards(struct app *a, const char *group)
{
    teacher_usb_check(a);
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

void teacher_eject(struct app *a)
{
    if (!a->usb_present) {
        teacher_go(a, &teacher_step_menu);
        return;
    }
    int rc = usb_eject(a->usb_path);
    show_message(a, "Stick verwijderen",
                 rc < 0 ? "De stick reageert niet. Kijk of er nog iets op moet en probeer opnieuw."
                        : "Je kunt de stick nu verwijderen.");
    teacher_usb_check(a);
}

static const struct teacher_step step_import = {
    .id = "import", .show = import_show, .choice = import_choice,
};

void teacher_import_open(struct app *a)
{
    teacher_go(a, &step_import);
}

static void usb_changed(void *user)
{
    /* On the watch thread: only tell the loop. */
    SDL_Event ev = {.type = *(Uint32 *)user};
    SDL_PushEvent(&ev);
}

int teacher_usb_start(struct app *a)
{
    struct teacher *t = a->teacher;
    t->usb_event = SDL_RegisterEvents(1);
    if (t->usb_event != (Uint32)-1)
        t->usb = usb_open(usb_changed, &t->usb_event);
    teacher_usb_check(a);
    return 0;
}

void teacher_usb_stop(struct app *a)
{
    usb_close(a->teacher->usb);
    a->teacher->usb = NULL;
}
