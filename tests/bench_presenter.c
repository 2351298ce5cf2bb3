/* bench_presenter.c: what the projector's picture costs. The kiosk draws
 * the presenter after the touchscreen's frame is out, and only when what
 * it shows changed; after each vote that is one frame of the live chart.
 *
 *   bench_presenter         (run from the project's top; headless)
 *
 * With the touchscreen at 800x480 open, a second window (as the presenter
 * opens it) at 1280x720 and 1920x1080, software renderer:
 *   a. the first poll frame (cold text cache), median of RUNS;
 *   b. one frame after a vote (new counts and percentages), median and
 *      p99 of FRAMES; own target: within one 60 Hz frame, < 16 ms;
 *   c. the memory the second window adds (peak RSS before and after).
 * Prints one line per figure; exits 1 only when nothing could be measured. */
#include "ui/screen.h"
#include "ui/text.h"
#include "ui/ui.h"
#include "tests/testutil.h"
#include "ui/view.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#define RUNS 15
#define FRAMES 300
#define TARGET_MS 16.0

static double peak_mb(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)ru.ru_maxrss / 1024.0;
}

/* A revealed poll of five answers with n votes spread over them. */
static void fill_poll(struct view *v, int n)
{
    static const char *const answers[] = {"Heel ontevreden", "Ontevreden", "Het gaat wel",
                                          "Tevreden", "Heel tevreden"};
    struct view_poll *p = &v->poll;
    snprintf(v->clock, sizeof v->clock, "10:15");
    v->has_session = 1;
    snprintf(v->session_title, sizeof v->session_title, "Terugkomdag 2 · ZW2A");
    snprintf(p->question, sizeof p->question,
             "Hoe tevreden ben je over wat je leert op je stage?");
    p->noptions = 5;
    p->revealed = p->shown = 1;
    p->n = n;
    int left = n;
    for (int i = 0; i < 5; i++) {
        snprintf(p->options[i], sizeof p->options[i], "%s", answers[i]);
        p->count[i] = i < 4 ? n * (i + 1) / 15 : left;
        left -= p->count[i];
    }
    for (int i = 0; i < 5; i++)
        p->percent[i] = n ? p->count[i] * 100 / n : 0;
}

static void draw(struct ui *ui, const struct view *v)
{
    ui_frame_begin(ui);
    screen_stage_poll.draw(ui, v);
    ui_frame_end(ui);
}

static int bench_size(int w, int h, int *over)
{
    char err[256];
    double before = peak_mb();
    struct ui_options opt = {.width = w, .height = h, .headless = 1, .font = "Inter",
                             .secondary = 1, .title = "stagekiosk - presentatie"};
    struct ui *ui = ui_open(&opt, err, sizeof err);
    if (!ui) {
        fprintf(stderr, "bench: %s\n", err);
        return -1;
    }
    struct view *v = calloc(1, sizeof *v);
    int64_t first[RUNS], frame[FRAMES];
    for (int r = 0; r < RUNS; r++) {
        font_cache_clear(ui_fonts(ui));
        fill_poll(v, 20);
        int64_t t = bench_now_ns();
        draw(ui, v);
        first[r] = bench_now_ns() - t;
    }
    for (int f = 0; f < FRAMES; f++) {
        fill_poll(v, 21 + f); /* a vote: new figures on every row */
        int64_t t = bench_now_ns();
        draw(ui, v);
        frame[f] = bench_now_ns() - t;
    }
    double after = peak_mb();
    qsort(first, RUNS, sizeof *first, bench_cmp_ns);
    qsort(frame, FRAMES, sizeof *frame, bench_cmp_ns);
    double a = bench_ms(first[RUNS / 2]), b = bench_ms(frame[FRAMES / 2]), b99 = bench_ms(frame[FRAMES * 99 / 100]);
    printf("bench: presenter first poll frame %dx%d: median %.2f ms, min %.2f ms\n", w, h, a,
           bench_ms(first[0]));
    printf("bench: presenter frame after a vote %dx%d: median %.2f ms, p99 %.2f ms "
           "(target < %.0f ms) %s\n", w, h, b, b99, TARGET_MS, b99 < TARGET_MS ? "ok" : "OVER");
    printf("bench: presenter window %dx%d: peak RSS %.1f MB -> %.1f MB\n", w, h, before, after);
    *over += b99 >= TARGET_MS;
    free(v);
    ui_close(ui);
    return 0;
}

int main(void)
{
    char err[256];
    /* the touchscreen's window, as in the kiosk: it owns SDL */
    struct ui_options main_opt = {.width = 800, .height = 480, .headless = 1, .font = "Inter"};
    struct ui *touch = ui_open(&main_opt, err, sizeof err);
    if (!touch) {
        fprintf(stderr, "bench: %s\n", err);
        return 1;
    }
    printf("bench: touchscreen window 800x480 open: peak RSS %.1f MB\n", peak_mb());
    int over = 0, rc = 0;
    if (bench_size(1280, 720, &over) != 0 || bench_size(1920, 1080, &over) != 0)
        rc = 1;
    ui_close(touch);
    return rc;
}
