/* flow_sync.c: starts and stops the school sync worker (firmware/sync.h)
 * with the kiosk, and keeps teacher mode's state line (view.sync_line:
 * "Bijgewerkt om 10:42", "3 wachten", "Geen verbinding sinds 09:10") from
 * the store while the teacher is in. It takes no input. */
#include "firmware/app_internal.h"
#include "firmware/flow.h"
#include "base/log.h"
#include "firmware/sync.h"

#include <stdio.h>
#include <string.h>

#define LINE_EVERY_MS 2000

static int64_t line_due; /* clock_ms of the next look at the state */
static int line_teacher;  /* teacher_in at that look: a change looks now */

static int sync_flow_start(struct app *a)
{
    if (a->headless || !a->cfg.school_database[0])
        return 0; /* off: the kiosk is what it always was */
    char path[4200];
    snprintf(path, sizeof path, "%s/stagekiosk.db", a->data_dir);
    a->sync = sync_start(&a->cfg, path);
    return a->sync ? 0 : -1;
}

static void sync_flow_stop(struct app *a)
{
    sync_stop(a->sync);
    a->sync = NULL;
}

/* Reads the state line from the store (the worker writes it there);
 * redraws only when it changed. Only in teacher mode, with [school] on. */
static void sync_flow_line(struct app *a)
{
    char line[sizeof a->view.sync_line] = "";
    if (a->teacher_in && a->cfg.school_database[0])
        sync_state_line(a->db, line, sizeof line);
    if (strcmp(line, a->view.sync_line)) {
        snprintf(a->view.sync_line, sizeof a->view.sync_line, "%s", line);
        a->dirty = 1;
    }
}

static void sync_flow_tick(struct app *a, int64_t now)
{
    if (now < line_due && a->teacher_in == line_teacher)
        return;
    line_teacher = a->teacher_in;
    line_due = now + LINE_EVERY_MS;
    sync_flow_line(a);
}

const struct flow flow_sync = {
    .name = "sync", .start = sync_flow_start, .stop = sync_flow_stop,
    .tick = sync_flow_tick, .store_changed = sync_flow_line,
};
