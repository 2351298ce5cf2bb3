/* bench_buttons.c: from a button's edge to a committed vote and the LED
 * command, through the same path as the kiosk: the fake backend's edge goes
 * through the hardware thread of buttons.c and its queue, debounce.c decides,
 * db_poll.c commits (WAL, synchronous=FULL, on a real file), and the LEDs
 * are switched as debounce_leds() says.
 *
 *   bench_buttons [DIR]     (make BUILD=b b/tests/bench_buttons; run from
 *                            the project's top; DIR defaults to a new temp dir)
 *
 * a. latency: 10,000 presses, each in a fresh lock (virtual time), median
 *    and p99 of real time from the edge written to the LED command issued.
 *    Target: p99 under 5 ms.
 * b. burst: 50 presses per second for 60 s of virtual time on five
 *    bouncing buttons: every press is a vote or a rejected press, the store
 *    agrees, no edge is lost.
 * Exits 1 when the counts do not add up; a slow figure only says OVER. */
#include "db/db.h"
#include "db/db_poll.h"
#include "firmware/buttons.h"
#include "firmware/buttons_fake.h"
#include "firmware/debounce.h"
#include "base/setfile.h"
#include "tests/testutil.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define MS 1000000LL
#define PRESSES 10000
#define BURST_RATE 50
#define BURST_SECONDS 60
#define TARGET_P99_MS 5.0

static const char set_text[] = "set: bench\nvraag: Welke knop?\n"
                               "- Een\n- Twee\n- Drie\n- Vier\n- Vijf\n";

struct rig {
    struct db *db;
    struct buttons *buttons;
    struct debounce *deb;
    int64_t poll;
    unsigned leds;
    long edges_seen;
};

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* What the kiosk's loop does with debounce results: a vote is committed
 * at once; rejected presses are counted in one write when the lock ends. */
static void apply(struct rig *r, const struct debounce_result *res, int n, int64_t now)
{
    for (int i = 0; i < n; i++) {
        if (res[i].kind == DEBOUNCE_VOTE &&
            db_poll_vote(r->db, r->poll, res[i].button + 1, DB_VOTE_BUTTON, now / MS) != 0)
            fprintf(stderr, "bench: a vote was not stored\n");
        if (res[i].kind == DEBOUNCE_UNLOCKED &&
            db_poll_reject_add(r->db, r->poll, res[i].rejected) != 0)
            fprintf(stderr, "bench: rejected presses were not counted\n");
    }
    unsigned want = debounce_leds(r->deb, now, 0x1f);
    for (int i = 0; i < 5; i++)
        if (((want ^ r->leds) >> i) & 1)
            buttons_led_set(r->buttons, i, (want >> i) & 1);
    r->leds = want;
}

static void handle(struct rig *r, const struct buttons_event *ev)
{
    struct debounce_result res[DEBOUNCE_RESULTS_MAX];
    int n = debounce_edge(r->deb, ev, res);
    r->edges_seen++;
    apply(r, res, n, ev->time_ns);
}

/* Takes count edges from the queue (they come through the thread). */
static int drain(struct rig *r, int count)
{
    struct buttons_event ev;
    for (int i = 0; i < count; i++) {
        if (buttons_next(r->buttons, &ev, 5000) != 1) {
            fprintf(stderr, "bench: an edge did not arrive within 5 s\n");
            return -1;
        }
        handle(r, &ev);
    }
    return 0;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static int setup(struct rig *r, const char *dir)
{
    char path[600], err[256], *report = NULL;
    snprintf(path, sizeof path, "%s/stagekiosk.db", dir);
    r->db = db_open(path, err, sizeof err);
    if (!r->db)
        return fprintf(stderr, "bench: %s\n", err), -1;
    static struct setfile set;
    struct db_poll_set s;
    if (setfile_parse(set_text, strlen(set_text), &setfile_polls, &set, &report) != 0 ||
        db_poll_set_import(r->db, &set, "bench", 0, &s, err, sizeof err) < 0)
        return fprintf(stderr, "bench: set: %s\n", err), -1;
    free(report);
    db_poll_close(r->db, 0);
    r->poll = db_poll_open(r->db, "bench", 1, 0, 0, err, sizeof err);
    if (r->poll < 0)
        return fprintf(stderr, "bench: %s\n", err), -1;
    buttons_fake_reset();
    struct buttons_config bc = {.chip = "fake", .count = 5, .active_low = 1,
                                .pins = {17, 27, 22, 23, 24}, .leds = {5, 6, 13, 19, 26}};
    r->buttons = buttons_open(&bc);
    struct debounce_config dc = {5, 30 * MS, 2000 * MS, 10000 * MS};
    r->deb = debounce_new(&dc);
    if (!r->buttons || !r->deb || buttons_start(r->buttons, NULL, NULL) != 0)
        return -1;
    r->leds = 0;
    return drain(r, 5); /* the start-up levels */
}

static void teardown(struct rig *r)
{
    buttons_close(r->buttons);
    debounce_free(r->deb);
    db_close(r->db);
    memset(r, 0, sizeof *r);
}

static int64_t count_rows(struct db *db, int64_t poll)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT count(*) FROM votes WHERE poll_id = ?1");
    sqlite3_bind_int64(st, 1, poll);
    return db_step_int(st, -1);
}

/* ---- a. latency ------------------------------------------------------------ */

/* durable 0: the same path with synchronous=OFF (not what the kiosk
 * does), to show what is software and what is the disk's fsync. */
static int bench_latency(const char *dir, int presses, int durable)
{
    struct rig r = {0};
    if (setup(&r, dir) != 0)
        return -1;
    if (!durable)
        db_exec(r.db, "PRAGMA synchronous=OFF");
    double *lat = malloc((size_t)presses * sizeof *lat);
    if (!lat)
        return -1;
    int64_t t = 1000 * MS;
    double start = now_ms();
    for (int i = 0; i < presses; i++) {
        int b = i % 5;
        uint64_t writes = buttons_fake_led_writes();
        double t0 = now_ms();
        buttons_fake_edge(b, BUTTONS_PRESS, t);
        if (drain(&r, 1) != 0)
            return -1;
        double t1 = now_ms();
        if (buttons_fake_led_writes() == writes)
            fprintf(stderr, "bench: press %d gave no LED command\n", i);
        lat[i] = t1 - t0;
        buttons_fake_edge(b, BUTTONS_RELEASE, t + 120 * MS);
        if (drain(&r, 1) != 0)
            return -1;
        t += 2500 * MS; /* after the lock: every press is a vote */
    }
    double wall = now_ms() - start;
    struct debounce_counts c = debounce_counts(r.deb);
    int64_t rows = count_rows(r.db, r.poll);
    qsort(lat, (size_t)presses, sizeof *lat, cmp_double);
    double p50 = lat[presses / 2], p99 = lat[presses * 99 / 100], max = lat[presses - 1];
    if (durable)
        printf("buttons a: edge to vote committed + LED: median %.2f ms, p99 %.2f ms, "
               "max %.2f ms over %d presses (target p99 < %.0f ms) %s\n",
               p50, p99, max, presses, TARGET_P99_MS, p99 < TARGET_P99_MS ? "OK" : "OVER");
    else
        printf("buttons a': the same without fsync (synchronous=OFF, for comparison only): "
               "median %.3f ms, p99 %.3f ms, max %.2f ms over %d presses\n",
               p50, p99, max, presses);
    if (durable)
        printf("buttons a: %d votes in %.1f s of real time (%.0f s virtual)\n", (int)rows,
               wall / 1000, (double)(t - 1000 * MS) / 1e9);
    free(lat);
    int ok = rows == presses && (int)c.votes == presses && c.rejected == 0;
    if (!ok)
        fprintf(stderr, "bench a: %lld rows, %llu votes, %llu rejected for %d presses\n",
                (long long)rows, (unsigned long long)c.votes, (unsigned long long)c.rejected,
                presses);
    teardown(&r);
    return ok ? 0 : -1;
}

/* ---- b. burst --------------------------------------------------------------- */

struct edge_list {
    struct buttons_event *ev;
    int n, cap;
};

static void add_edge(struct edge_list *l, int button, enum buttons_kind kind, int64_t t)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 4096;
        l->ev = realloc(l->ev, (size_t)l->cap * sizeof *l->ev);
        if (!l->ev)
            exit(1);
    }
    l->ev[l->n++] = (struct buttons_event){kind, button, 0, t};
}

static int by_time(const void *a, const void *b)
{
    const struct buttons_event *x = a, *y = b;
    return x->time_ns < y->time_ns ? -1 : x->time_ns > y->time_ns;
}

/* A contact that bounces: up to 4 extra edges within 5 ms of the real one,
 * ending in the final state. */
static void bouncy(struct edge_list *l, int button, enum buttons_kind kind, int64_t t,
                   unsigned *seed)
{
    int extra = (int)(rand_r(seed) % 3) * 2; /* 0, 2 or 4: ends where it should */
    add_edge(l, button, kind, t);
    enum buttons_kind other = kind == BUTTONS_PRESS ? BUTTONS_RELEASE : BUTTONS_PRESS;
    for (int k = 0; k < extra; k++)
        add_edge(l, button, k % 2 ? kind : other, t + (k + 1) * MS + rand_r(seed) % 900000);
}

static int bench_burst(const char *dir)
{
    struct rig r = {0};
    if (setup(&r, dir) != 0)
        return -1;
    struct edge_list l = {0};
    unsigned seed = 4;
    int presses = BURST_RATE * BURST_SECONDS;
    int64_t step = 1000 * MS / BURST_RATE, t0 = 1000 * MS;
    /* Round robin over the five buttons, so each has 100 ms between its
     * presses (held 20-50 ms, then 30 ms quiet); presses of different
     * buttons overlap, which also gives "two at once". */
    for (int i = 0; i < presses; i++) {
        int b = i % 5;
        int64_t t = t0 + i * step + (int64_t)(rand_r(&seed) % 5) * MS;
        int64_t hold = (20 + rand_r(&seed) % 31) * MS;
        bouncy(&l, b, BUTTONS_PRESS, t, &seed);
        bouncy(&l, b, BUTTONS_RELEASE, t + hold, &seed);
    }
    qsort(l.ev, (size_t)l.n, sizeof *l.ev, by_time);
    double start = now_ms();
    /* In batches, as the kernel would hand over what piled up while the
     * loop was busy committing. */
    for (int i = 0; i < l.n; i += 32) {
        int n = l.n - i < 32 ? l.n - i : 32;
        if (buttons_fake_edges(l.ev + i, n) != 0 || drain(&r, n) != 0)
            return -1;
    }
    /* The last lock ends: its rejected presses are written. */
    struct debounce_result res[DEBOUNCE_RESULTS_MAX];
    int64_t end = l.ev[l.n - 1].time_ns + 3000 * MS;
    apply(&r, res, debounce_tick(r.deb, end, res), end);
    double wall = now_ms() - start;
    struct debounce_counts c = debounce_counts(r.deb);
    struct db_poll p;
    db_poll_get(r.db, r.poll, &p);
    int64_t rows = count_rows(r.db, r.poll);
    int lost = presses - (int)(c.votes + c.rejected);
    int ok = lost == 0 && rows == (int64_t)c.votes && p.rejected == (int)c.rejected &&
             r.edges_seen == l.n + 5 && buttons_dropped(r.buttons) == 0;
    printf("buttons b: %d presses (%d edges with bounce) at %d/s for %d s virtual: "
           "%llu votes + %llu rejected, %d lost; store: %lld votes, %d rejected; "
           "%.1f s real %s\n",
           presses, l.n, BURST_RATE, BURST_SECONDS, (unsigned long long)c.votes,
           (unsigned long long)c.rejected, lost, (long long)rows, p.rejected, wall / 1000,
           ok ? "OK" : "LOST");
    free(l.ev);
    teardown(&r);
    return ok ? 0 : -1;
}

/* The floor under a: what one fdatasync of a small write costs in dir. */
static void bench_disk(const char *dir)
{
    enum { N = 300 };
    char path[600], block[4096] = {0};
    snprintf(path, sizeof path, "%s/fsync.probe", dir);
    FILE *f = fopen(path, "w+");
    if (!f)
        return;
    double lat[N];
    for (int i = 0; i < N; i++) {
        double t0 = now_ms();
        if (pwrite(fileno(f), block, sizeof block, (off_t)(i % 16) * 4096) < 0 ||
            fdatasync(fileno(f)) != 0)
            break;
        lat[i] = now_ms() - t0;
    }
    fclose(f);
    unlink(path);
    qsort(lat, N, sizeof *lat, cmp_double);
    printf("buttons disk: one 4 kB write + fdatasync here: median %.2f ms, p99 %.2f ms "
           "(a durable vote cannot be faster)\n",
           lat[N / 2], lat[N * 99 / 100]);
}

int main(int argc, char **argv)
{
    char dir_a[512], dir_b[512];
    if (argc > 1) {
        snprintf(dir_a, sizeof dir_a, "%s", argv[1]);
        snprintf(dir_b, sizeof dir_b, "%s", argv[1]);
    } else {
        snprintf(dir_a, sizeof dir_a, "%s", test_tmpdir());
        snprintf(dir_b, sizeof dir_b, "%s", test_tmpdir());
    }
    int rc = 0;
    bench_disk(dir_a);
    if (bench_latency(dir_a, PRESSES, 1) != 0)
        rc = 1;
    char dir_c[512];
    snprintf(dir_c, sizeof dir_c, "%s/nosync", dir_a);
    if (mkdir(dir_c, 0700) != 0 || bench_latency(dir_c, 2000, 0) != 0)
        rc = 1;
    if (bench_burst(dir_b) != 0)
        rc = 1;
    return rc;
}
