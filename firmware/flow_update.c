/* flow_update.c: teacher mode's system update page (image/README.md,
 * "Updates"). With a stick that holds a RAUC bundle, the menu offers
 * "Update installeren"; the page checks the bundle (firmware/update.h, in
 * child processes: the screen keeps drawing), shows "Nieuwe versie X — nu
 * Y" with Installeren, then a progress bar, then asks the system to
 * restart. The menu says afterwards which version runs, and when an
 * update was rolled back. Only behind the PIN; students never see it.
 *
 * STAGEKIOSK_UPDATE_ROOT (tests) puts the appliance's paths below a
 * folder; STAGEKIOSK_RAUC names another rauc program. */
#include "firmware/app_internal.h"
#include "base/clock.h"
#include "base/log.h"
#include "firmware/update.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define RESTART_AFTER_MS 3000
#define LOOK_EVERY_MS 1000

struct updates {
    struct update *u;
    char bundle[UPDATE_PATH_MAX];
    int64_t next_look;        /* clock_ms of the next look at the stick */
    int64_t restart_at;       /* clock_ms to ask for the restart; 0 none */
    int restart_asked;
};

static struct view_teacher *tv(struct app *a)
{
    return &a->view.teacher;
}

static void below(char *path, size_t n, const char *root)
{
    char tmp[UPDATE_PATH_MAX];
    snprintf(tmp, sizeof tmp, "%s", path);
    snprintf(path, n, "%s%s", root, tmp);
}

static void paths(struct update_paths *p)
{
    update_paths_default(p);
    snprintf(p->fallback_version, sizeof p->fallback_version, "%s", SK_VERSION);
    const char *root = getenv("STAGEKIOSK_UPDATE_ROOT");
    if (root && *root) {
        below(p->system_conf, sizeof p->system_conf, root);
        below(p->release, sizeof p->release, root);
        below(p->state_dir, sizeof p->state_dir, root);
        below(p->reboot_request, sizeof p->reboot_request, root);
    }
    const char *rauc = getenv("STAGEKIOSK_RAUC");
    if (rauc && *rauc)
        snprintf(p->rauc, sizeof p->rauc, "%s", rauc);
}

/* The page, from the updater's state. */
static void show(struct app *a)
{
    struct updates *s = a->updates;
    struct view_teacher *t = tv(a);
    enum update_state st = update_state(s->u);
    snprintf(t->title, sizeof t->title, "Update");
    snprintf(t->message, sizeof t->message, "%s", update_message(s->u));
    t->nrows = t->nchoices = t->pages = t->page = t->can_confirm = 0;
    t->chosen = -1;
    t->late[0] = '\0';
    t->progress = st == UPDATE_INSTALLING || st == UPDATE_INSTALLED ? update_progress(s->u) : -1;
    if (st == UPDATE_READY) {
        t->can_confirm = 1;
        snprintf(t->confirm_label, sizeof t->confirm_label, "Installeren");
    }
    app_show(a, &screen_update, 0);
}

/* The menu's lines: is there an update on the stick, what did the last
 * one do. */
static void refresh_menu(struct app *a)
{
    struct updates *s = a->updates;
    char note[sizeof tv(a)->update_note];
    int kind = update_status(s->u, note, sizeof note);
    int offer = a->usb_present && update_find(a->usb_path, s->bundle, sizeof s->bundle) == 1;
    if (kind == 0)
        note[0] = '\0';
    if (offer != tv(a)->update_offer || strcmp(note, tv(a)->update_note)) {
        tv(a)->update_offer = offer;
        snprintf(tv(a)->update_note, sizeof tv(a)->update_note, "%s", note);
        a->dirty = 1;
        flow_teacher_refresh(a); /* the menu's buttons follow the offer */
    }
}

/* Scenarios (headless) wait for the tools, so each step sees their end. */
static void settle(struct app *a)
{
    if (!a->headless)
        return;
    for (int i = 0; i < 6000; i++) {
        enum update_state st = update_poll(a->updates->u);
        if (st != UPDATE_CHECKING && st != UPDATE_INSTALLING)
            return;
        usleep(10 * 1000);
    }
}

static void begin(struct app *a)
{
    struct updates *s = a->updates;
    if (!a->usb_present || update_find(a->usb_path, s->bundle, sizeof s->bundle) != 1) {
        refresh_menu(a);
        flow_teacher_home(a);
        return;
    }
    log_info("update: the teacher opened %s", s->bundle);
    update_check(s->u, s->bundle);
    settle(a);
    show(a);
}

static int update_action(struct app *a, int action)
{
    struct updates *s = a->updates;
    if (!s || !a->teacher_in)
        return 0;
    if (action == TEACHER_UPDATE) { /* the stick page's button */
        begin(a);
        return 1;
    }
    if (a->screen != &screen_update)
        return 0;
    enum update_state st = update_state(s->u);
    if (action == TEACHER_CONFIRM && st == UPDATE_READY) {
        update_install(s->u);
        settle(a);
        show(a);
    } else if (action == TEACHER_BACK && st != UPDATE_INSTALLING && st != UPDATE_INSTALLED) {
        update_cancel(s->u);
        refresh_menu(a);
        flow_teacher_home(a);
    }
    return 1; /* nothing else on this page; Terug waits while installing */
}

static void update_tick(struct app *a, int64_t now)
{
    struct updates *s = a->updates;
    enum update_state before = update_state(s->u);
    enum update_state st = update_poll(s->u);
    int busy = st == UPDATE_CHECKING || st == UPDATE_INSTALLING;
    if (busy && a->teacher_in)
        a->teacher_seen = now; /* the teacher waits for it: no idle logout */
    if (busy && !a->teacher_in && st == UPDATE_CHECKING)
        update_cancel(s->u); /* the teacher left before it was checked */
    if (st == UPDATE_INSTALLED && !s->restart_at)
        s->restart_at = now + RESTART_AFTER_MS;
    if (a->screen == &screen_update &&
        (st != before || (st == UPDATE_INSTALLING && tv(a)->progress != update_progress(s->u)))) {
        show(a);
        a->dirty = 1;
    }
    if (s->restart_at && now >= s->restart_at && !s->restart_asked) {
        s->restart_asked = 1;
        update_request_reboot(s->u);
    }
    if (a->teacher_in && (a->screen == &screen_teacher || a->screen == &screen_teacher_page) &&
        now >= s->next_look) {
        s->next_look = now + LOOK_EVERY_MS;
        refresh_menu(a);
    }
}

static int64_t update_deadline(const struct app *a)
{
    const struct updates *s = a->updates;
    enum update_state st = update_state(s->u);
    int64_t now = clock_ms();
    if (st == UPDATE_CHECKING || st == UPDATE_INSTALLING)
        return now + 100;
    if (s->restart_at && !s->restart_asked)
        return s->restart_at;
    if (a->teacher_in && a->screen == &screen_teacher)
        return s->next_look > now ? s->next_look : now + LOOK_EVERY_MS;
    return 0;
}

static int update_start(struct app *a)
{
    struct updates *s = calloc(1, sizeof *s);
    if (!s)
        return -1;
    struct update_paths p;
    paths(&p);
    s->u = update_new(&p);
    if (!s->u) {
        free(s);
        return -1;
    }
    a->updates = s;
    char note[sizeof tv(a)->update_note];
    int kind = update_status(s->u, note, sizeof note);
    log_info("update: %s", note);
    if (kind != 0)
        snprintf(tv(a)->update_note, sizeof tv(a)->update_note, "%s", note);
    return 0;
}

static void update_stop(struct app *a)
{
    if (!a->updates)
        return;
    update_free(a->updates->u);
    free(a->updates);
    a->updates = NULL;
}

const struct flow flow_update = {
    .name = "update", .start = update_start, .stop = update_stop,
    .action = update_action,
    .tick = update_tick, .deadline = update_deadline,
};
