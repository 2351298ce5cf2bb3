/* bench_student.c: how quickly the real "Mijn dossier" screen (the whole
 * app: tap, store, view, screen) opens for a student with a long history,
 * and what one frame of it costs. tests/bench_dossier.c measures the data
 * and chart pieces on their own.
 *
 *   bench_student [DIR]    (DIR: a scratch folder, default a new one in $TMPDIR)
 *
 * Runs the real kiosk headless (dummy video, software renderer) on demo
 * data, gives student 100001 40 finished zelfscans a week apart (plus
 * weekchecks), scans the card, then:
 *   a. taps "Mijn dossier": wall time from the tap to the drawn frame
 *      (store, view, screen, with a cold text cache as for every new
 *      student), median of 11 arrivals, at 800x480 and 1280x800 (target:
 *      under 30 ms);
 *   b. redraws that screen 200 times: median and p99 frame, presenting
 *      included (target: under 4 ms).
 * One line per figure with its target; exits 0 also when a figure is over
 * (the line says OVER), 1 when something could not be measured. */
#include "db/db.h"
#include "db/db_questionnaire.h"
#include "db/db_response.h"
#include "db/db_student.h"
#include "firmware/app.h"
#include "firmware/config.h"
#include "ui/ui.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define SCANS 40
#define WEEK (7 * 24 * 3600LL)
#define FRAMES 200
#define RUNS 11

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* 40 zelfscans and 20 weekchecks for 100001, finished in the past, each
 * answer committed as the kiosk does it. */
static int history(const char *dir)
{
    char path[4200], err[256];
    snprintf(path, sizeof path, "%s/stagekiosk.db", dir);
    struct db *db = db_open(path, err, sizeof err);
    if (!db) {
        fprintf(stderr, "bench_student: %s\n", err);
        return -1;
    }
    struct db_student s;
    struct questionnaire *scan = db_questionnaire_newest(db, "zelfscan-beroepshouding");
    struct questionnaire *week = db_questionnaire_newest(db, "weekcheck");
    int rc = -1;
    if (db_student_find(db, "100001", &s) != 1 || !scan || !week)
        goto out;
    int64_t t0 = (int64_t)time(NULL) - SCANS * WEEK;
    for (int k = 0; k < SCANS; k++) {
        int64_t at = t0 + k * WEEK;
        int64_t id = db_response_start(db, s.id, scan->row_id, 0, at);
        if (id < 0)
            goto out;
        for (int i = 0; i < scan->nitems; i++)
            if (db_response_answer_num(db, id, scan->items[i].key, 1 + (k / 10 + i) % 5, at))
                goto out;
        if (db_response_finish(db, id, at + 60, err, sizeof err) != 0)
            goto out;
        if (k % 2)
            continue;
        id = db_response_start(db, s.id, week->row_id, 0, at + 120);
        if (id < 0)
            goto out;
        for (int i = 0; i < week->nitems; i++)
            if (db_response_answer_num(db, id, week->items[i].key, 1 + k % 3, at + 120))
                goto out;
        if (db_response_finish(db, id, at + 180, err, sizeof err) != 0)
            goto out;
    }
    rc = 0;
out:
    if (rc)
        fprintf(stderr, "bench_student: could not build the history: %s\n", db_errmsg(db));
    questionnaire_free(scan);
    questionnaire_free(week);
    db_close(db);
    return rc;
}

static void tap(struct app *a, int x, int y)
{
    SDL_Event ev = {.type = SDL_MOUSEBUTTONDOWN};
    ev.button.x = x;
    ev.button.y = y;
    app_handle_event(a, &ev);
    app_step(a);
    ev.type = SDL_MOUSEBUTTONUP;
    app_handle_event(a, &ev);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Scans 100001's card, as a scanner types it. */
static void scan(struct app *a)
{
    char code[256];
    app_card_code(a, "100001", code, sizeof code);
    for (const char *p = code; *p; p++) {
        SDL_Event ev = {.type = SDL_TEXTINPUT};
        ev.text.text[0] = *p;
        app_handle_event(a, &ev);
    }
    SDL_Event ret = {.type = SDL_KEYDOWN};
    ret.key.keysym.sym = SDLK_RETURN;
    app_handle_event(a, &ret);
    app_step(a);
}

/* Taps the control labelled label and lets the app draw. 0 or -1. */
static int tap_label(struct app *a, const char *label)
{
    int x, y;
    if (ui_find_control(app_ui(a), label, &x, &y) != 0) {
        fprintf(stderr, "bench_student: no \"%s\" (screen %s)\n", label, app_screen_id(a));
        return -1;
    }
    tap(a, x, y);
    app_step(a);
    return 0;
}

static int run_size(const char *dir, int w, int h, int first)
{
    struct config cfg;
    config_defaults(&cfg);
    struct ui_options uo = {.width = w, .height = h, .headless = 1, .font = "Inter"};
    char err[256];
    struct app *a = app_open(&cfg, dir, &uo, 1, err, sizeof err);
    if (!a) {
        fprintf(stderr, "bench_student: %s\n", err);
        return -1;
    }
    if (first && history(dir) != 0) {
        app_close(a);
        return -1;
    }
    /* Each run is a new arrival: scan, "Mijn dossier", "Afmelden" (which
     * forgets every rendered text, so each first frame starts cold). */
    double open[RUNS];
    for (int r = 0; r < RUNS; r++) {
        scan(a);
        double t = now_ms();
        if (tap_label(a, "Mijn dossier") != 0)
            goto fail;
        open[r] = now_ms() - t;
        if (strcmp(app_screen_id(a), "dossier") ||
            !ui_frame_has_text(app_ui(a), "40 zelfscans")) {
            fprintf(stderr, "bench_student: the dossier did not show 40 zelfscans\n");
            goto fail;
        }
        if (r + 1 < RUNS && tap_label(a, "Afmelden") != 0)
            goto fail;
    }
    double frame[FRAMES];
    for (int i = 0; i < FRAMES; i++) {
        double f = now_ms();
        app_draw(a);
        frame[i] = now_ms() - f;
    }
    qsort(open, RUNS, sizeof open[0], cmp_double);
    qsort(frame, FRAMES, sizeof frame[0], cmp_double);
    double open_med = open[RUNS / 2], frame_med = frame[FRAMES / 2];
    printf("bench: dossier screen opens, %d zelfscans, %dx%d: median %.1f ms, max %.1f ms "
           "(target < 30 ms) %s\n",
           SCANS, w, h, open_med, open[RUNS - 1], open_med < 30 ? "ok" : "OVER");
    printf("bench: dossier screen frame, %dx%d: median %.2f ms, p99 %.2f ms (target < 4 ms) %s\n",
           w, h, frame_med, frame[FRAMES * 99 / 100], frame_med < 4 ? "ok" : "OVER");
    app_close(a);
    return 0;
fail:
    app_close(a);
    return -1;
}

int main(int argc, char **argv)
{
    char dir[512];
    if (argc > 1) {
        snprintf(dir, sizeof dir, "%s", argv[1]);
    } else {
        const char *base = getenv("TMPDIR");
        snprintf(dir, sizeof dir, "%s/sk-bench-student-XXXXXX", base && *base ? base : "/tmp");
        if (!mkdtemp(dir)) {
            perror("mkdtemp");
            return 1;
        }
    }
    setenv("SDL_VIDEODRIVER", "dummy", 1);
    /* run from the checkout's top, as `make bench` does */
    setenv("STAGEKIOSK_ASSETS", "assets", 0);
    if (run_size(dir, 800, 480, 1) != 0 || run_size(dir, 1280, 800, 0) != 0)
        return 1;
    return 0;
}
