/* bench_dossier.c: how fast "Mijn dossier" comes up for a student with a
 * long history, and what one frame of its radar chart costs.
 *
 *   bench_dossier [DIR]     (DIR: where to build the store; default a new
 *                            folder under $TMPDIR)
 *
 * Builds a store with the default questionnaires and a group of 25
 * students; the measured student has 40 finished zelfscans, 40 weekchecks,
 * 20 terugkomdagen and an intake with goals. Then, headless (SDL dummy
 * driver, software renderer) at 800x480 and 1280x800:
 *   a. data + first frame: db_dossier_load plus drawing the dossier frame
 *      (radar, trend, goals, attendance) with a cold text cache; median of
 *      RUNS; target < 30 ms;
 *   b. radar frame: the same frame drawn again (warm), median and p99 of
 *      FRAMES; target < 4 ms;
 * and, for information, the teacher's signal list for the group.
 * Prints one line per figure. Exits 0 also when a figure is over target
 * (the line says OVER); 1 when something could not be measured. */
#include "db/db.h"
#include "db/db_dossier.h"
#include "db/db_questionnaire.h"
#include "db/db_response.h"
#include "db/db_session.h"
#include "db/db_signal.h"
#include "db/db_student.h"
#include "ui/chart.h"
#include "ui/text.h"
#include "ui/theme.h"
#include "ui/ui.h"
#include "tests/testutil.h"
#include "ui/widget.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#define SCANS 40
#define WEEKS 40
#define DAYS 20
#define GROUP 25
#define RUNS 15
#define FRAMES 300
#define T0 1735718400LL /* 2025-01-01 */
#define DAY 86400

static const char *const scan_keys[10] = {"luisteren", "melden", "helpen", "overleggen",
                                          "op-tijd", "afmaken", "veilig", "gegevens",
                                          "eerlijk", "feedback"};

/* ---- the store ------------------------------------------------------- */

static int fill(struct db *db, int64_t *student_out)
{
    char *report = NULL, err[256];
    if (db_questionnaire_load_dir(db, "assets/questionnaires", 0, T0, &report) != 0) {
        fprintf(stderr, "bench: questionnaires: %s\n", report ? report : "?");
        return -1;
    }
    struct questionnaire *scan = db_questionnaire_newest(db, "zelfscan-beroepshouding");
    struct questionnaire *week = db_questionnaire_newest(db, "weekcheck");
    struct questionnaire *intake = db_questionnaire_newest(db, "intake");
    if (!scan || !week || !intake)
        return -1;
    int64_t ids[GROUP];
    db_begin(db);
    for (int i = 0; i < GROUP; i++) {
        struct db_student s = {0};
        snprintf(s.number, sizeof s.number, "%06d", 300001 + i);
        snprintf(s.first_name, sizeof s.first_name, "Student%d", i);
        snprintf(s.last_name, sizeof s.last_name, "Bench");
        snprintf(s.group, sizeof s.group, "BENCH1");
        if (db_student_upsert(db, &s, T0) == DB_UPSERT_ERROR ||
            db_student_find(db, s.number, &s) != 1)
            return -1;
        ids[i] = s.id;
    }
    db_commit(db);
    unsigned seed = 7;
    for (int i = 0; i < GROUP; i++) {
        /* the measured student (0) has the long history; the others some */
        int scans = i == 0 ? SCANS : 4, weeks = i == 0 ? WEEKS : 8;
        for (int k = 0; k < scans; k++) {
            int64_t at = T0 + k * 7 * DAY;
            int64_t r = db_response_start(db, ids[i], scan->row_id, 0, at);
            for (int q = 0; q < 10; q++)
                db_response_answer_num(db, r, scan_keys[q], 1 + (rand_r(&seed) % 5), at);
            if (db_response_finish(db, r, at + 120, err, sizeof err) != 0)
                return -1;
        }
        for (int k = 0; k < weeks; k++) {
            int64_t at = T0 + k * 7 * DAY + DAY;
            int64_t r = db_response_start(db, ids[i], week->row_id, 0, at);
            db_response_answer_num(db, r, "stage", 1 + (rand_r(&seed) % 5), at);
            db_response_answer_num(db, r, "leerdoel", 1 + (rand_r(&seed) % 3), at);
            db_response_answer_num(db, r, "gesprek", 1 + (rand_r(&seed) % 3), at);
            if (db_response_finish(db, r, at + 30, err, sizeof err) != 0)
                return -1;
        }
        int64_t r = db_response_start(db, ids[i], intake->row_id, 0, T0);
        db_response_answer_text(db, r, "verwachting", "Veel leren over de zorg.", T0);
        db_response_answer_text(db, r, "sterk", "1,4", T0);
        db_response_answer_text(db, r, "lastig", "3", T0);
        db_response_answer_text(db, r, "leerdoelen.1", "Ik wil mijn werk plannen.", T0);
        db_response_answer_text(db, r, "leerdoelen.1.wanneer", "Over vier weken.", T0);
        db_response_answer_text(db, r, "leerdoelen.2", "Ik wil om feedback vragen.", T0);
        if (db_response_finish(db, r, T0 + 300, err, sizeof err) != 0)
            return -1;
    }
    for (int d = 0; d < DAYS; d++) {
        int64_t at = T0 + d * 14 * DAY;
        if (db_session_start(db, "terugkomdag", "BENCH1", "Terugkomdag", at, at + 900, err,
                             sizeof err) < 0)
            return -1;
        struct db_session s;
        db_session_current(db, &s);
        for (int i = 0; i < GROUP; i++) {
            if ((i + d) % 5 == 0)
                continue; /* absent */
            struct db_student st = {.id = ids[i]};
            struct db_checkin c;
            db_checkin_add(db, &s, &st, at + ((i + d) % 7 == 0 ? 1800 : 60), "scan", "", "", &c);
        }
        db_session_stop(db, at + 4 * 3600);
    }
    questionnaire_free(scan);
    questionnaire_free(week);
    questionnaire_free(intake);
    *student_out = ids[0];
    return 0;
}

/* ---- the frame ------------------------------------------------------- */

static const char *const axis_names[] = {"Communicatie", "Samenwerking", "Verantwoordelijkheid",
                                         "Integriteit", "Ontwikkeling"};

/* A frame shaped like the dossier screen: title, radar with three scans,
 * weekcheck bars, attendance line and goals. */
static void draw_dossier(struct ui *ui, const struct db_dossier *d)
{
    const struct ui_metrics *m = ui_metrics(ui);
    ui_frame_begin(ui);
    widget_status_bar(ui, "Terugkomdag 4 · BENCH1", "09:12");
    int y = m->bar + m->gap;
    text_draw(ui, "Mijn dossier", m->title, TEXT_BOLD, theme_text, m->pad, y, TEXT_LEFT);
    y += m->title * 13 / 10;
    const char *axes[DB_DOSSIER_CATEGORIES];
    for (int i = 0; i < d->scans.ncat; i++)
        axes[i] = i < 5 ? axis_names[i] : d->scans.category[i];
    struct chart_series s[3] = {
        {CHART_FIRST, "Eerste scan", d->scans.first},
        {CHART_PREVIOUS, "Vorige scan", d->scans.previous},
        {CHART_LATEST, "Nu", d->scans.latest},
    };
    SDL_Rect radar = {m->pad, y, m->w * 11 / 20, m->h - y - m->pad};
    chart_radar(ui, radar, axes, d->scans.ncat, 0, 5, s, 3);
    int x = radar.x + radar.w + m->pad, w = m->w - x - m->pad;
    text_draw(ui, "Weekcheck", m->body, TEXT_BOLD, theme_text, x, y, TEXT_LEFT);
    y += m->body * 3 / 2;
    chart_trend(ui, (SDL_Rect){x, y, w, m->h / 4}, d->weekcheck.value, d->weekcheck.n, 1, 5, NULL,
                CHART_BARS);
    y += m->h / 4 + m->gap;
    char line[128];
    snprintf(line, sizeof line, "Aanwezig %d · te laat %d · afwezig %d", d->attendance.present,
             d->attendance.late, d->attendance.absent);
    text_draw(ui, line, m->small, TEXT_REGULAR, theme_text, x, y, TEXT_LEFT);
    y += m->small * 2;
    for (int i = 0; i < d->ngoals && y < m->h - m->pad; i++)
        y += text_draw_wrapped(ui, d->goals[i].text, m->small, TEXT_REGULAR, theme_text_soft, x,
                               y, w, TEXT_LEFT);
    ui_frame_end(ui);
}

static int bench_size(struct db *db, int64_t student, int w, int h, int *over)
{
    char err[256];
    struct ui_options opt = {.width = w, .height = h, .headless = 1, .font = "Inter"};
    struct ui *ui = ui_open(&opt, err, sizeof err);
    if (!ui) {
        fprintf(stderr, "bench: %s\n", err);
        return -1;
    }
    struct db_dossier *d = malloc(sizeof *d);
    int64_t first[RUNS], frame[FRAMES];
    for (int r = 0; r < RUNS; r++) {
        font_cache_clear(ui_fonts(ui)); /* a new student: nothing rendered yet */
        int64_t t = bench_now_ns();
        if (db_dossier_load(db, student, "zelfscan-beroepshouding", 12, d) != 0 ||
            d->scans.count != SCANS) {
            fprintf(stderr, "bench: dossier data not read\n");
            free(d);
            ui_close(ui);
            return -1;
        }
        draw_dossier(ui, d);
        first[r] = bench_now_ns() - t;
    }
    for (int f = 0; f < FRAMES; f++) {
        int64_t t = bench_now_ns();
        draw_dossier(ui, d);
        frame[f] = bench_now_ns() - t;
    }
    char path[256];
    snprintf(path, sizeof path, "%s/bench-dossier-%dx%d.png", getenv("TMPDIR") ? getenv("TMPDIR")
                                                                               : "/tmp", w, h);
    ui_save_png(ui, path);
    qsort(first, RUNS, sizeof *first, bench_cmp_ns);
    qsort(frame, FRAMES, sizeof *frame, bench_cmp_ns);
    double a = bench_ms(first[RUNS / 2]), b = bench_ms(frame[FRAMES / 2]), b99 = bench_ms(frame[FRAMES * 99 / 100]);
    /* min as well as median: on a shared build machine the median carries
     * other processes' load, the min what the code costs */
    printf("bench: dossier data + first frame %dx%d (%d zelfscans): median %.2f ms, min %.2f ms, "
           "max %.2f ms (target < 30 ms) %s\n", w, h, SCANS, a, bench_ms(first[0]),
           bench_ms(first[RUNS - 1]), a < 30 ? "ok" : "OVER");
    printf("bench: radar frame %dx%d: median %.2f ms, min %.2f ms, p99 %.2f ms (target < 4 ms) "
           "%s\n", w, h, b, bench_ms(frame[0]), b99, b < 4 ? "ok" : "OVER");
    *over += a >= 30 || b >= 4;
    free(d);
    ui_close(ui);
    return 0;
}

int main(int argc, char **argv)
{
    char dir[512], path[600], err[256];
    if (argc > 1) {
        snprintf(dir, sizeof dir, "%s", argv[1]);
        mkdir(dir, 0755);
    } else {
        const char *base = getenv("TMPDIR");
        snprintf(dir, sizeof dir, "%s/sk-bench-dossier-XXXXXX", base && *base ? base : "/tmp");
        if (!mkdtemp(dir)) {
            perror("mkdtemp");
            return 1;
        }
    }
    snprintf(path, sizeof path, "%s/stagekiosk.db", dir);
    remove(path);
    struct db *db = db_open(path, err, sizeof err);
    int64_t student;
    if (!db || fill(db, &student) != 0) {
        fprintf(stderr, "bench: cannot build the store in %s\n", dir);
        return 1;
    }
    int over = 0;
    if (bench_size(db, student, 800, 480, &over) != 0 ||
        bench_size(db, student, 1280, 800, &over) != 0)
        return 1;
    /* the teacher's view of the group: every rule for 25 students */
    struct db_student s;
    db_student_find(db, "300001", &s);
    int64_t t = bench_now_ns();
    struct db_signal *sig = NULL;
    int n = db_signal_list(db, s.group_id, &sig);
    double took = bench_ms(bench_now_ns() - t);
    free(sig);
    printf("bench: signals for a group of %d: %d signals in %.2f ms (information)\n", GROUP, n,
           took);
    db_close(db);
    return 0;
}
