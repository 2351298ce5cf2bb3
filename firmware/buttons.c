/* buttons.c: the part of the buttons that is the same for every backend:
 * reading the config, the hardware thread (it blocks in poll() on the
 * backend's fds and a stop pipe), time ordering, the callback or queue.
 * The backend (buttons_hw.h) is linked in by the Makefile. */
#include "firmware/buttons.h"
#include "firmware/buttons_hw.h"
#include "base/log.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define QUEUE_SIZE 1024  /* a burst of 50 presses/s with bounce is ~300 edges/s */
#define PIN_MAX 1023     /* the kernel's largest line offset is far below */

struct buttons {
    struct buttons_hw *hw;
    struct buttons_config cfg;
    buttons_event_fn fn;
    void *user;
    int started;
    int stop_pipe[2];
    pthread_t thread;
    int led_failed[BUTTONS_MAX]; /* log a failing LED once */

    pthread_mutex_t lock; /* guards the queue */
    pthread_cond_t nonempty;
    struct buttons_event queue[QUEUE_SIZE];
    size_t head, len;
    uint64_t dropped;
};

int64_t buttons_now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* ---- config ---------------------------------------------------------- */

/* "17, 27,22" -> numbers; "-" stands for "none" where allow_none. Returns
 * the count or -1. */
static int parse_list(const char *s, int *out, int max, int allow_none, const char *what,
                      char *err, size_t errlen)
{
    int n = 0;
    const char *p = s;
    while (*p == ' ' || *p == '\t')
        p++;
    if (!*p)
        return 0;
    for (;;) {
        while (*p == ' ' || *p == '\t')
            p++;
        if (n == max) {
            snprintf(err, errlen, "[buttons] %s lists more than %d pins", what, max);
            return -1;
        }
        if (allow_none && *p == '-' && (p[1] == ',' || p[1] == ' ' || !p[1])) {
            out[n++] = -1;
            p++;
        } else {
            char *end;
            errno = 0;
            long v = strtol(p, &end, 10);
            if (end == p || errno || v < 0 || v > PIN_MAX) {
                snprintf(err, errlen, "[buttons] %s: '%s' is not a list of line numbers", what,
                         s);
                return -1;
            }
            out[n++] = (int)v;
            p = end;
        }
        while (*p == ' ' || *p == '\t')
            p++;
        if (!*p)
            return n;
        if (*p != ',') {
            snprintf(err, errlen, "[buttons] %s: '%s' is not a list of line numbers", what, s);
            return -1;
        }
        p++;
    }
}

int buttons_config_from(const struct config *cfg, struct buttons_config *out, char *err,
                        size_t errlen)
{
    memset(out, 0, sizeof *out);
    for (int i = 0; i < BUTTONS_MAX; i++)
        out->leds[i] = -1;
    if (strlen(cfg->buttons_chip) >= sizeof out->chip) {
        snprintf(err, errlen, "[buttons] chip is too long");
        return -1;
    }
    snprintf(out->chip, sizeof out->chip, "%s", cfg->buttons_chip);
    out->active_low = cfg->buttons_active_low;
    int n = parse_list(cfg->buttons_pins, out->pins, BUTTONS_MAX, 0, "pins", err, errlen);
    if (n < 0)
        return -1;
    out->count = n;
    int nleds = parse_list(cfg->buttons_leds, out->leds, BUTTONS_MAX, 1, "leds", err, errlen);
    if (nleds < 0)
        return -1;
    if (nleds > n) {
        snprintf(err, errlen, "[buttons] leds lists %d pins for %d buttons", nleds, n);
        return -1;
    }
    /* A line can be requested once: a repeat is a typo that would
     * otherwise show up as "busy" at start-up. */
    int all[2 * BUTTONS_MAX], nall = 0;
    for (int i = 0; i < n; i++)
        all[nall++] = out->pins[i];
    for (int i = 0; i < nleds; i++)
        if (out->leds[i] >= 0)
            all[nall++] = out->leds[i];
    for (int i = 0; i < nall; i++)
        for (int j = i + 1; j < nall; j++)
            if (all[i] == all[j]) {
                snprintf(err, errlen, "[buttons] line %d is listed twice in pins/leds", all[i]);
                return -1;
            }
    return 0;
}

/* ---- delivery ---------------------------------------------------------- */

static void deliver(struct buttons *b, const struct buttons_event *ev)
{
    if (b->fn) {
        b->fn(b->user, ev);
        return;
    }
    pthread_mutex_lock(&b->lock);
    if (b->len == QUEUE_SIZE) {
        /* Keep the older events: they are the ones a person already saw
         * happen; count the loss so the log and the bench can tell. */
        if (b->dropped++ == 0)
            log_err("buttons: event queue full; edges are being lost");
    } else {
        b->queue[(b->head + b->len) % QUEUE_SIZE] = *ev;
        b->len++;
        pthread_cond_signal(&b->nonempty);
    }
    pthread_mutex_unlock(&b->lock);
}

int buttons_next(struct buttons *b, struct buttons_event *out, int timeout_ms)
{
    pthread_mutex_lock(&b->lock);
    if (!b->len && timeout_ms != 0) {
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        int64_t ns = until.tv_nsec + (int64_t)(timeout_ms > 0 ? timeout_ms : 0) * 1000000;
        until.tv_sec += ns / 1000000000;
        until.tv_nsec = ns % 1000000000;
        while (!b->len) {
            int rc = timeout_ms < 0 ? pthread_cond_wait(&b->nonempty, &b->lock)
                                    : pthread_cond_timedwait(&b->nonempty, &b->lock, &until);
            if (rc == ETIMEDOUT)
                break;
        }
    }
    int got = 0;
    if (b->len) {
        *out = b->queue[b->head];
        b->head = (b->head + 1) % QUEUE_SIZE;
        b->len--;
        got = 1;
    }
    pthread_mutex_unlock(&b->lock);
    return got;
}

uint64_t buttons_dropped(const struct buttons *b)
{
    struct buttons *m = (struct buttons *)b; /* the lock, not the value, changes */
    pthread_mutex_lock(&m->lock);
    uint64_t n = m->dropped;
    pthread_mutex_unlock(&m->lock);
    return n;
}

/* ---- the hardware thread ----------------------------------------------- */

/* Lines are read one fd at a time; an edge on button 2 may be read before an
 * earlier one on button 1. Sorting each batch by kernel time keeps "two
 * buttons at once" decided by who was first, not by read order. */
static void sort_by_time(struct buttons_event *ev, int n)
{
    for (int i = 1; i < n; i++) {
        struct buttons_event e = ev[i];
        int j = i;
        while (j > 0 && ev[j - 1].time_ns > e.time_ns) {
            ev[j] = ev[j - 1];
            j--;
        }
        ev[j] = e;
    }
}

static void *hw_thread(void *arg)
{
    struct buttons *b = arg;
    int fds[BUTTONS_MAX];
    int nfds = buttons_hw_fds(b->hw, fds, BUTTONS_MAX);
    struct pollfd pfd[BUTTONS_MAX + 1];
    for (int i = 0; i < nfds; i++)
        pfd[i] = (struct pollfd){.fd = fds[i], .events = POLLIN};
    pfd[nfds] = (struct pollfd){.fd = b->stop_pipe[0], .events = POLLIN};
    struct buttons_event batch[BUTTONS_MAX * BUTTONS_HW_BATCH];

    for (;;) {
        if (poll(pfd, (nfds_t)nfds + 1, -1) < 0) {
            if (errno == EINTR)
                continue;
            log_err("buttons: poll failed: %s; buttons stop working", strerror(errno));
            break;
        }
        if (pfd[nfds].revents)
            break;
        int n = 0;
        for (int i = 0; i < nfds; i++) {
            if (!pfd[i].revents)
                continue;
            int got = buttons_hw_read(b->hw, i, batch + n);
            if (got < 0)
                pfd[i].fd = -1; /* poll() skips negative fds */
            else
                n += got;
        }
        sort_by_time(batch, n);
        for (int i = 0; i < n; i++)
            deliver(b, &batch[i]);
    }
    return NULL;
}

/* ---- the interface ------------------------------------------------------- */

struct buttons *buttons_open(const struct buttons_config *cfg)
{
    if (cfg->count < 1 || cfg->count > BUTTONS_MAX) {
        log_warn("buttons: no buttons configured ([buttons] pins); touch voting only");
        return NULL;
    }
    struct buttons *b = calloc(1, sizeof *b);
    if (!b) {
        log_err("buttons: out of memory");
        return NULL;
    }
    b->cfg = *cfg;
    b->stop_pipe[0] = b->stop_pipe[1] = -1;
    pthread_mutex_init(&b->lock, NULL);
    pthread_cond_init(&b->nonempty, NULL);
    b->hw = buttons_hw_open(cfg);
    if (!b->hw)
        goto fail;
    for (int i = 0; i < cfg->count; i++)
        if (cfg->leds[i] >= 0)
            buttons_hw_led_set(b->hw, i, 0);
    log_info("buttons: %d buttons on %s (%s backend)", cfg->count,
             cfg->chip[0] ? cfg->chip : "-", buttons_hw_name);
    return b;
fail:
    log_warn("buttons: continuing without buttons; touch voting still works");
    pthread_cond_destroy(&b->nonempty);
    pthread_mutex_destroy(&b->lock);
    free(b);
    return NULL;
}

void buttons_close(struct buttons *b)
{
    if (!b)
        return;
    if (b->started) {
        char c = 'q';
        if (write(b->stop_pipe[1], &c, 1) != 1)
            log_err("buttons: cannot stop the hardware thread: %s", strerror(errno));
        else
            pthread_join(b->thread, NULL);
    }
    if (b->stop_pipe[0] >= 0) {
        close(b->stop_pipe[0]);
        close(b->stop_pipe[1]);
    }
    for (int i = 0; i < b->cfg.count; i++)
        if (b->cfg.leds[i] >= 0)
            buttons_hw_led_set(b->hw, i, 0);
    buttons_hw_close(b->hw);
    pthread_cond_destroy(&b->nonempty);
    pthread_mutex_destroy(&b->lock);
    free(b);
}

int buttons_start(struct buttons *b, buttons_event_fn fn, void *user)
{
    if (b->started)
        return -1;
    b->fn = fn;
    b->user = user;
    struct buttons_event levels[BUTTONS_MAX];
    int n = buttons_hw_levels(b->hw, levels);
    for (int i = 0; i < n; i++)
        deliver(b, &levels[i]);
    int fds[BUTTONS_MAX];
    if (buttons_hw_fds(b->hw, fds, BUTTONS_MAX) == 0)
        return 0; /* nothing to wait for: events only come by buttons_inject */
    if (pipe2(b->stop_pipe, O_CLOEXEC) != 0) {
        log_err("buttons: pipe: %s", strerror(errno));
        return -1;
    }
    int rc = pthread_create(&b->thread, NULL, hw_thread, b);
    if (rc != 0) {
        log_err("buttons: cannot start the hardware thread: %s", strerror(rc));
        return -1;
    }
    b->started = 1;
    return 0;
}

int buttons_inject(struct buttons *b, const struct buttons_event *ev)
{
    if (ev->button < 0 || ev->button >= b->cfg.count)
        return -1;
    deliver(b, ev);
    return 0;
}

int buttons_led_set(struct buttons *b, int n, int on)
{
    if (n < 0 || n >= b->cfg.count || b->cfg.leds[n] < 0)
        return -1;
    if (buttons_hw_led_set(b->hw, n, on) != 0) {
        if (!b->led_failed[n]++)
            log_err("buttons: cannot switch the LED of button %d (line %d)", n + 1,
                    b->cfg.leds[n]);
        return -1;
    }
    return 0;
}

int buttons_count(const struct buttons *b)
{
    return b->cfg.count;
}

const char *buttons_backend(void)
{
    return buttons_hw_name;
}
