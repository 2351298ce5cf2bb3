/* bench_sync.c: a check-in's scan-to-welcome time with and without the
 * school sync worker running (firmware/sync.h), in this process through
 * the app_* API, as tests/bench.c measures it.
 *
 *   bench_sync DIR CONNINFO FIRST SCANS   (tests/bench_sync.sh runs it)
 *
 * DIR holds a store with a running session whose group has the students
 * FIRST .. FIRST+2*SCANS-1 (numbers); CONNINFO is a kiosk login on a school
 * database that has many rows for this kiosk to pull. Scans SCANS students
 * without sync and SCANS others while the worker pulls and pushes, in
 * interleaved blocks (the worker started before and stopped after each of
 * its blocks). Prints median and p99 of both and the ratio of the
 * p99s (target: at most 1.10). Exit 1 when something could not be
 * measured. */
#include "db/db.h"
#include "db/db_sync.h"
#include "firmware/app.h"
#include "firmware/card.h"
#include "base/clock.h"
#include "firmware/config.h"
#include "firmware/sync.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define BLOCKS 5 /* of scans without, and as many with the worker running */

static int64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double pct(double *v, int n, int p)
{
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    int i = (n * p + 99) / 100 - 1;
    return v[i < 0 ? 0 : i];
}

static void key(struct app *app, SDL_Keycode sym, Uint32 type)
{
    SDL_Event ev = {.type = type};
    ev.key.keysym.sym = sym;
    ev.key.keysym.scancode = SDL_GetScancodeFromKey(sym);
    app_handle_event(app, &ev);
}

/* Scans n students from number first on; their times in ms[]. */
static int scans(struct app *app, int first, int n, double *ms)
{
    for (int i = 0; i < n; i++) {
        char number[32], code[CARD_CODE_MAX];
        snprintf(number, sizeof number, "%d", first + i);
        app_card_code(app, number, code, sizeof code);
        for (const char *p = code; *p; p++) {
            SDL_Event ev = {.type = SDL_TEXTINPUT};
            ev.text.text[0] = *p;
            app_handle_event(app, &ev);
        }
        int64_t t0 = now_ns();
        key(app, SDLK_RETURN, SDL_KEYDOWN);
        app_step(app);
        ms[i] = (double)(now_ns() - t0) / 1e6;
        key(app, SDLK_RETURN, SDL_KEYUP);
        if (strcmp(app_screen_id(app), "welcome")) {
            fprintf(stderr, "bench_sync: scan of %s showed %s\n", number, app_screen_id(app));
            return -1;
        }
        clock_advance(30000);
        app_step(app);
    }
    return 0;
}

int main(int argc, char **argv)
{
    if (argc != 5) {
        fprintf(stderr, "usage: %s DIR CONNINFO FIRST SCANS\n", argv[0]);
        return 2;
    }
    const char *dir = argv[1];
    int first = atoi(argv[3]), n = atoi(argv[4]);
    setenv("SDL_VIDEODRIVER", "dummy", 1);
    clock_set_virtual((int64_t)time(NULL) * 1000);
    struct config cfg;
    config_defaults(&cfg);
    snprintf(cfg.school_database, sizeof cfg.school_database, "%s", argv[2]);
    cfg.school_interval_s = 1;
    struct ui_options uo = {.width = 800, .height = 480, .headless = 1, .font = cfg.font};
    char err[512], path[4200];
    struct app *app = app_open(&cfg, dir, &uo, 0, err, sizeof err);
    if (!app) {
        fprintf(stderr, "bench_sync: %s\n", err);
        return 1;
    }
    snprintf(path, sizeof path, "%s/stagekiosk.db", dir);
    struct db *probe = db_open(path, err, sizeof err);
    double *without = calloc((size_t)n, sizeof *without), *with = calloc((size_t)n, sizeof *with);
    int rc = 1;
    if (!probe || !without || !with)
        goto out;
    app_step(app);
    /* Blocks of scans without and with the worker, interleaved, so that
     * the machine's own ups and downs fall on both alike. */
    sqlite3_stmt *st;
    int64_t during = 0;
    double secs = 0;
    int done_without = 0, done_with = 0, ok = 1;
    for (int b = 0; ok && b < 2 * BLOCKS; b++) {
        int k = n / BLOCKS, next = first + done_without + done_with;
        if (b % 2 == 0) {
            ok = scans(app, next, k, without + done_without) == 0;
            done_without += k;
            continue;
        }
        struct sync_worker *w = sync_start(&cfg, path);
        usleep(300 * 1000); /* connected and pulling */
        st = db_stmt(probe, "SELECT count(*) FROM checkins");
        int64_t c0 = db_step_int(st, 0);
        int64_t t0 = now_ns();
        ok = scans(app, next, k, with + done_with) == 0;
        secs += (double)(now_ns() - t0) / 1e9;
        st = db_stmt(probe, "SELECT count(*) FROM checkins");
        during += db_step_int(st, 0) - c0 - k;
        done_with += k;
        sync_stop(w);
    }
    if (!ok)
        goto out;
    n = done_with;
    double m0 = pct(without, n, 50), p0 = pct(without, n, 99);
    double m1 = pct(with, n, 50), p1 = pct(with, n, 99);
    printf("scan (Enter) to welcome frame, %d scans each:\n", n);
    printf("  without sync: median %.2f ms, p99 %.2f ms\n", m0, p0);
    printf("  while sync runs: median %.2f ms, p99 %.2f ms (the worker stored %lld check-ins"
           " from other kiosks in those %.1f s)\n", m1, p1, (long long)during, secs);
    printf("  p99 with / without: %.2f (target at most 1.10)%s\n", p1 / p0,
           p1 / p0 > 1.10 ? "  OVER" : "");
    rc = during > 0 ? 0 : 1;
    if (during <= 0)
        printf("  the worker pulled nothing during the scans: nothing measured\n");
out:
    free(without);
    free(with);
    db_close(probe);
    app_close(app);
    return rc;
}
