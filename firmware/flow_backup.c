/* flow_backup.c: backups on the kiosk's screen (firmware/backup.h).
 *
 * "Back-up maken" in teacher mode (with a stick in): a passphrase typed
 * twice on the on-screen keyboard, then one file on the stick. "Back-up
 * terugzetten" on the first start's keypad (no PIN, no data yet): a backup
 * chosen from the stick, its passphrase, then the store and the card key
 * of the old kiosk come back; the teacher logs in with the old PIN.
 * Actions 900-949 (ui/view_backup.h); the screens are ui/screen_backup.c. */
#include "base/clock.h"
#include "base/log.h"
#include "db/db_pin.h"
#include "firmware/app_internal.h"
#include "firmware/backup.h"

#include <dirent.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum what { NOTHING, MAKING, RESTORING };

struct backup_flow {
    enum what what;
    int again;                          /* making: the second typing */
    int restored;                       /* restoring: done, OK goes on */
    char first[KEYBOARD_TEXT_MAX];      /* making: the first typing */
    char file[VIEW_BACKUP_FILES][256];  /* restoring: names on the stick */
};

static struct backup_flow state;

static struct view_backup *bv(struct app *a)
{
    return &a->view.backup;
}

static void forget(struct app *a)
{
    sodium_memzero(state.first, sizeof state.first);
    sodium_memzero(&bv(a)->pass, sizeof bv(a)->pass);
    keyboard_text_init(&bv(a)->pass, 0);
}

static void page(struct app *a, enum view_backup_mode mode, const char *title,
                 const char *message, int warn)
{
    struct view_backup *v = bv(a);
    v->mode = mode;
    snprintf(v->title, sizeof v->title, "%s", title);
    snprintf(v->message, sizeof v->message, "%s", message);
    v->warn = warn;
    if (mode == VIEW_BACKUP_PASSPHRASE) {
        keyboard_text_init(&v->pass, 0);
        keyboard_init(&v->kb, &v->pass);
        v->kb.shift = 0; /* a passphrase is no sentence */
    }
    app_show(a, &screen_backup, 0);
    a->dirty = 1;
}

static void done(struct app *a)
{
    forget(a);
    state.what = NOTHING;
    flow_teacher_home(a);
}

/* ---- making --------------------------------------------------------- */

static void make_start(struct app *a)
{
    if (!a->teacher_in)
        return;
    state.what = MAKING;
    state.again = 0;
    if (!a->usb_present) {
        page(a, VIEW_BACKUP_MESSAGE, "Back-up maken", "Er is geen USB-stick. Steek er een in.",
             1);
        return;
    }
    page(a, VIEW_BACKUP_PASSPHRASE, "Back-up maken",
         "Kies een wachtwoord (minstens 8 tekens). Zonder dit wachtwoord kan niemand de "
         "back-up terugzetten.",
         0);
}

static void make_typed(struct app *a)
{
    struct view_backup *v = bv(a);
    if (!state.again) {
        if (!backup_passphrase_ok(v->pass.s)) {
            page(a, VIEW_BACKUP_PASSPHRASE, "Back-up maken",
                 "Dat wachtwoord is te kort. Kies er een van minstens 8 tekens.", 1);
            return;
        }
        snprintf(state.first, sizeof state.first, "%s", v->pass.s);
        state.again = 1;
        page(a, VIEW_BACKUP_PASSPHRASE, "Back-up maken", "Typ het wachtwoord nog een keer.", 0);
        return;
    }
    if (strcmp(state.first, v->pass.s)) {
        forget(a);
        state.again = 0;
        page(a, VIEW_BACKUP_PASSPHRASE, "Back-up maken",
             "De twee wachtwoorden zijn niet gelijk. Kies opnieuw.", 1);
        return;
    }
    page(a, VIEW_BACKUP_MESSAGE, "Back-up maken", "Bezig met de back-up. Haal de stick er niet uit.",
         0);
    app_draw(a);
    struct backup_result r;
    int rc = backup_write(a->db, a->data_dir, a->usb_path, state.first, clock_unix(), NULL, &r);
    forget(a);
    log_info("backup: by the teacher on the screen: %s", rc == 0 ? r.file : r.err);
    if (rc != 0) {
        page(a, VIEW_BACKUP_MESSAGE, "De back-up is niet gelukt", r.err, 1);
        return;
    }
    const char *name = strrchr(r.file, '/');
    char msg[384];
    snprintf(msg, sizeof msg,
             "Op de stick staat nu %s. Bewaar het wachtwoord goed, en niet bij de stick.",
             name ? name + 1 : r.file);
    page(a, VIEW_BACKUP_MESSAGE, "Back-up gemaakt", msg, 0);
}

/* ---- restoring ------------------------------------------------------ */

static int newest_first(const void *x, const void *y)
{
    return -strcmp((const char *)x, (const char *)y);
}

/* The backups in the stick's top folder, newest first (their names hold
 * the time). */
static int list_backups(struct app *a)
{
    static char names[64][256];
    int n = 0;
    DIR *d = opendir(a->usb_path);
    struct dirent *e;
    while (d && (e = readdir(d)) && n < 64) {
        size_t len = strlen(e->d_name), sl = strlen(BACKUP_SUFFIX);
        if (e->d_name[0] != '.' && len > sl && len < sizeof names[0] &&
            !strcmp(e->d_name + len - sl, BACKUP_SUFFIX))
            snprintf(names[n++], sizeof names[0], "%s", e->d_name);
    }
    if (d)
        closedir(d);
    qsort(names, (size_t)n, sizeof names[0], newest_first);
    struct view_backup *v = bv(a);
    v->nfiles = n < VIEW_BACKUP_FILES ? n : VIEW_BACKUP_FILES;
    for (int i = 0; i < v->nfiles; i++) {
        snprintf(state.file[i], sizeof state.file[i], "%s", names[i]);
        /* "Back-up van 30-11-2026 08:55" from the time in its name */
        int y, mo, d, h, mi, sec;
        if (sscanf(names[i], "stagekiosk-backup-%4d-%2d-%2d-%2d%2d%2d", &y, &mo, &d, &h, &mi,
                   &sec) == 6)
            snprintf(v->files[i], sizeof v->files[i], "Back-up van %02d-%02d-%04d %02d:%02d", d,
                     mo, y, h, mi);
        else
            snprintf(v->files[i], sizeof v->files[i], "%s", names[i]);
    }
    return n;
}

static void restore_start(struct app *a)
{
    if (!bv(a)->first_start)
        return;
    state.what = RESTORING;
    state.restored = 0;
    state.file[0][0] = '\0';
    if (!a->usb_present) {
        page(a, VIEW_BACKUP_MESSAGE, "Back-up terugzetten",
             "Er is geen USB-stick. Steek de stick met de back-up in en kies dan opnieuw.", 1);
        return;
    }
    if (list_backups(a) == 0) {
        page(a, VIEW_BACKUP_MESSAGE, "Back-up terugzetten",
             "Er staat geen back-up op deze stick. Een back-up heet "
             "stagekiosk-backup-<datum>" BACKUP_SUFFIX ".",
             1);
        return;
    }
    page(a, VIEW_BACKUP_FILES_LIST, "Back-up terugzetten",
         "Kies de back-up. De nieuwste staat bovenaan.", 0);
}

static void restore_chosen(struct app *a, int i)
{
    if (i < 0 || i >= bv(a)->nfiles)
        return;
    memmove(state.file[0], state.file[i], sizeof state.file[0]);
    char msg[384];
    snprintf(msg, sizeof msg, "%s: typ het wachtwoord van deze back-up.", bv(a)->files[i]);
    page(a, VIEW_BACKUP_PASSPHRASE, "Back-up terugzetten", msg, 0);
}

static void restore_typed(struct app *a)
{
    char path[sizeof a->usb_path + 300], store[sizeof a->data_dir + 32], err[256];
    snprintf(path, sizeof path, "%s/%s", a->usb_path, state.file[0]);
    snprintf(store, sizeof store, "%s/stagekiosk.db", a->data_dir);
    page(a, VIEW_BACKUP_MESSAGE, "Back-up terugzetten",
         "Bezig met terugzetten. Haal de stick er niet uit.", 0);
    app_draw(a);
    /* The store is closed while its file is swapped, and so is the school
     * sync worker's own connection to it. */
    flow_sync.stop(a);
    db_close(a->db);
    struct backup_result r;
    int rc = backup_restore(path, a->data_dir, bv(a)->pass.s, 0, clock_unix(), &r);
    forget(a);
    a->db = app_open_store(store, err, sizeof err);
    if (!a->db) {
        log_err("restore: cannot open the store again: %s", err);
        a->exit_code = 1;
        a->running = 0; /* systemd starts the kiosk again */
        return;
    }
    if (flow_sync.start(a) != 0)
        log_err("restore: the school sync did not start again");
    if (rc != 0) {
        int wrong = strstr(r.err, "wachtwoord") != NULL;
        if (wrong) {
            char msg[384];
            snprintf(msg, sizeof msg, "%s Probeer het opnieuw.", r.err);
            page(a, VIEW_BACKUP_PASSPHRASE, "Back-up terugzetten", msg, 1);
        } else {
            page(a, VIEW_BACKUP_MESSAGE, "Terugzetten is niet gelukt", r.err, 1);
        }
        return;
    }
    if (card_key_load(a->data_dir, &a->key, err, sizeof err) != 0)
        log_err("restore: %s", err);
    a->key_mtime = 0;
    state.restored = 1;
    bv(a)->first_start = 0;
    page(a, VIEW_BACKUP_MESSAGE, "De back-up is teruggezet",
         "Alle gegevens en de sleutel van de passen zijn terug: de oude passen werken weer. "
         "Log in met de pincode van de oude kiosk.",
         0);
}

/* After a restore every flow reads the store again; the teacher's first
 * start ends (a PIN is set now). */
static void restore_finish(struct app *a)
{
    state.what = NOTHING;
    app_refresh_session(a);
    const struct flow *const all[] = {&flow_teacher, &flow_poll, &flow_student, &flow_checkin};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        if (all[i]->store_changed)
            all[i]->store_changed(a);
    if (a->screen == &screen_backup)
        app_show_idle(a);
}

/* ---- input ---------------------------------------------------------- */

static void typed(struct app *a)
{
    if (state.what == MAKING)
        make_typed(a);
    else if (state.what == RESTORING)
        restore_typed(a);
}

static int backup_action(struct app *a, int action)
{
    if (action == BACKUP_MAKE) {
        make_start(a);
        return 1;
    }
    if (action == BACKUP_RESTORE) {
        restore_start(a);
        return 1;
    }
    if (a->screen != &screen_backup)
        return 0;
    a->teacher_seen = clock_ms();
    if (action >= UI_ACTION_KEYBOARD_FIRST && action <= UI_ACTION_KEYBOARD_LAST) {
        enum keyboard_result r = keyboard_press(&bv(a)->kb, action, &bv(a)->pass);
        if (r == KEYBOARD_DONE)
            typed(a);
        a->dirty = 1;
        return 1;
    }
    if (action >= BACKUP_FILE_0 && action < BACKUP_FILE_0 + VIEW_BACKUP_FILES) {
        restore_chosen(a, action - BACKUP_FILE_0);
        return 1;
    }
    if (action == BACKUP_OK && state.restored) {
        restore_finish(a);
        return 1;
    }
    if (action == BACKUP_OK || action == BACKUP_BACK) {
        done(a);
        return 1;
    }
    return 0;
}

static int typing(const struct app *a)
{
    return a->screen == &screen_backup && a->view.backup.mode == VIEW_BACKUP_PASSPHRASE;
}

static int backup_key(struct app *a, SDL_Keycode key)
{
    if (!typing(a))
        return 0;
    a->teacher_seen = clock_ms();
    if (key == SDLK_ESCAPE) {
        done(a);
        return 1;
    }
    SDL_Event ev = {.type = SDL_KEYDOWN};
    ev.key.keysym.sym = key;
    enum keyboard_result r = keyboard_handle_event(&bv(a)->kb, &ev, &bv(a)->pass);
    if (r == KEYBOARD_DONE)
        typed(a);
    a->dirty = 1;
    return 1;
}

static int backup_text(struct app *a, const char *text)
{
    if (!typing(a))
        return 0;
    a->teacher_seen = clock_ms();
    SDL_Event ev = {.type = SDL_TEXTINPUT};
    snprintf(ev.text.text, sizeof ev.text.text, "%s", text);
    keyboard_handle_event(&bv(a)->kb, &ev, &bv(a)->pass);
    a->dirty = 1;
    return 1;
}

/* A scan while a backup page shows is no check-in. */
static int backup_scan(struct app *a, const char *code)
{
    return a->screen == &screen_backup;
}

static int backup_start(struct app *a)
{
    memset(&state, 0, sizeof state);
    keyboard_text_init(&bv(a)->pass, 0);
    bv(a)->first_start = db_pin_is_set(a->db) == 0 && !backup_has_data(a->data_dir);
    return 0;
}

static void backup_stop(struct app *a)
{
    forget(a);
}

const struct flow flow_backup = {
    .name = "backup", .start = backup_start, .stop = backup_stop,
    .action = backup_action, .scan = backup_scan, .key = backup_key, .text = backup_text,
};
