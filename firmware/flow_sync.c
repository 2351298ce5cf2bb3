/* flow_sync.c: starts and stops the school sync worker (firmware/sync.h)
 * with the kiosk. It takes no input; the teacher's state line is read
 * from the store by the teacher pages (sync_state_line). */
#include "firmware/app_internal.h"
#include "firmware/flow.h"
#include "base/log.h"
#include "firmware/sync.h"

#include <stdio.h>

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

const struct flow flow_sync = {
    .name = "sync",
    .start = sync_flow_start,
    .stop = sync_flow_stop,
};
