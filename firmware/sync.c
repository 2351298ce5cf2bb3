/* sync.c: see sync.h. */
#include "firmware/sync.h"
#include "db/db.h"
#include "db/db_school.h"
#include "db/db_sync.h"
#include "base/clock.h"
#include "base/log.h"

#include <errno.h>
#include <pthread.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define BACKOFF_MIN_S 5
#define BACKOFF_MAX_S 300
/* Rows per local transaction: short, so a check-in never waits long for
 * the store's write lock while the worker catches up. */
#define WORKER_BATCH 100
#define WORKER_PAUSE_MS 25      /* after each local commit (db_sync_set_pause) */

struct sync_worker {
    struct config cfg;
    char db_path[4200];
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t cond;
    int stop, wake, done;
    PGcancel *cancel;            /* the live connection's, under lock */
};

/* Sleeps up to seconds, or until stop or wake. Returns 1 when stopping. */
static int nap(struct sync_worker *w, int seconds)
{
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += seconds;
    pthread_mutex_lock(&w->lock);
    while (!w->stop && !w->wake)
        if (pthread_cond_timedwait(&w->cond, &w->lock, &until) == ETIMEDOUT)
            break;
    w->wake = 0;
    int stop = w->stop;
    pthread_mutex_unlock(&w->lock);
    return stop;
}

static void set_cancel(struct sync_worker *w, PGconn *pg)
{
    pthread_mutex_lock(&w->lock);
    if (w->cancel)
        PQfreeCancel(w->cancel);
    w->cancel = pg ? PQgetCancel(pg) : NULL;
    pthread_mutex_unlock(&w->lock);
}

static void *run(void *arg)
{
    struct sync_worker *w = arg;
    char err[512];
    /* The scan and the screen come first: this thread runs 10 nicer than
     * the kiosk (Linux keeps a nice value per thread). */
    id_t tid = (id_t)syscall(SYS_gettid);
    errno = 0;
    int nice_now = getpriority(PRIO_PROCESS, tid);
    if (errno == 0 && setpriority(PRIO_PROCESS, tid, nice_now + 10 > 19 ? 19 : nice_now + 10) != 0)
        log_debug("sync: cannot lower the worker's priority");
    struct db *db = db_open(w->db_path, err, sizeof err);
    if (!db) {
        log_err("sync: cannot open the store: %s", err);
        goto out;
    }
    /* This connection's commits need not wait for the disk: what it writes
     * is on the server (pulled rows and their cursor, or outbox entries of
     * rows already sent), so a power cut that loses them only means the
     * same batch again. WAL keeps the file consistent either way, and the
     * next check-in's own commit (synchronous=FULL) makes them durable. */
    if (db_exec(db, "PRAGMA synchronous=NORMAL") != 0)
        log_warn("sync: cannot relax the worker's commits");
    db_sync_set_pause(db, WORKER_PAUSE_MS);
    PGconn *pg = NULL;
    int backoff = 0, failing = 0;
    while (!w->stop) {
        int rc = -1;
        if (!db_school_ok(pg)) {
            set_cancel(w, NULL);
            PQfinish(pg);
            pg = db_school_connect(w->cfg.school_database, w->cfg.school_password_file, err,
                                   sizeof err);
            if (pg && db_school_check(pg, err, sizeof err) != 0) {
                PQfinish(pg);
                pg = NULL;
            }
            set_cancel(w, pg);
        }
        if (pg && !w->stop) {
            struct db_sync_result r;
            rc = db_sync_round(db, pg, WORKER_BATCH, &r);
            if (rc != 0)
                snprintf(err, sizeof err, "%s", r.err);
            else if (r.pushed || r.pulled)
                log_info("sync: %d sent, %d received, %d waiting", r.pushed, r.pulled, r.waiting);
        }
        if (w->stop)
            break;
        db_sync_note(db, rc == 0, clock_unix());
        if (rc == 0) {
            if (failing)
                log_info("sync: the school database answers again");
            failing = 0;
            backoff = 0;
            nap(w, w->cfg.school_interval_s);
            continue;
        }
        if (!failing)
            log_warn("sync: %s; trying again later, the kiosk carries on", err);
        failing = 1;
        /* A fresh connection next time: libpq may not know yet that this
         * one is dead. */
        set_cancel(w, NULL);
        PQfinish(pg);
        pg = NULL;
        backoff = backoff ? backoff * 2 : BACKOFF_MIN_S;
        if (backoff > BACKOFF_MAX_S)
            backoff = BACKOFF_MAX_S;
        nap(w, backoff);
    }
    set_cancel(w, NULL);
    PQfinish(pg);
    db_close(db);
out:
    pthread_mutex_lock(&w->lock);
    w->done = 1;
    pthread_cond_broadcast(&w->cond);
    pthread_mutex_unlock(&w->lock);
    return NULL;
}

struct sync_worker *sync_start(const struct config *cfg, const char *db_path)
{
    if (!cfg->school_database[0])
        return NULL;
    struct sync_worker *w = calloc(1, sizeof *w);
    if (!w)
        return NULL;
    w->cfg = *cfg;
    snprintf(w->db_path, sizeof w->db_path, "%s", db_path);
    pthread_mutex_init(&w->lock, NULL);
    pthread_cond_init(&w->cond, NULL);
    if (pthread_create(&w->thread, NULL, run, w) != 0) {
        log_err("sync: cannot start the worker thread");
        pthread_mutex_destroy(&w->lock);
        pthread_cond_destroy(&w->cond);
        free(w);
        return NULL;
    }
    log_info("sync: worker started (every %d s)", cfg->school_interval_s);
    return w;
}

void sync_wake(struct sync_worker *w)
{
    if (!w)
        return;
    pthread_mutex_lock(&w->lock);
    w->wake = 1;
    pthread_cond_broadcast(&w->cond);
    pthread_mutex_unlock(&w->lock);
}

void sync_stop(struct sync_worker *w)
{
    if (!w)
        return;
    char errbuf[256];
    pthread_mutex_lock(&w->lock);
    w->stop = 1;
    pthread_cond_broadcast(&w->cond);
    if (w->cancel)
        PQcancel(w->cancel, errbuf, sizeof errbuf);
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += 2;
    while (!w->done)
        if (pthread_cond_timedwait(&w->cond, &w->lock, &until) == ETIMEDOUT)
            break;
    int done = w->done;
    pthread_mutex_unlock(&w->lock);
    if (!done) {
        /* Still in a network call that would not cancel (a connect): the
         * process ends soon anyway; what is not done is in the outbox. */
        log_warn("sync: the worker did not stop in time; leaving it");
        pthread_detach(w->thread);
        return;
    }
    pthread_join(w->thread, NULL);
    pthread_mutex_destroy(&w->lock);
    pthread_cond_destroy(&w->cond);
    free(w);
}

void sync_state_line(struct db *db, char *out, size_t len)
{
    struct db_sync_state s;
    out[0] = '\0';
    if (db_sync_state(db, &s) != 0 || !s.enabled)
        return;
    char hhmm[6];
    size_t n = 0;
    if (s.failing_since) {
        clock_hhmm(s.failing_since, hhmm);
        n += (size_t)snprintf(out, len, "Geen verbinding sinds %s", hhmm);
    } else if (s.last_ok && s.waiting == 0) {
        clock_hhmm(s.last_ok, hhmm);
        n += (size_t)snprintf(out, len, "Bijgewerkt om %s", hhmm);
    }
    if (s.waiting > 0 && n < len)
        snprintf(out + n, len - n, "%s%d wachten", n ? " · " : "", s.waiting);
    else if (!n)
        snprintf(out, len, "Nog niet bijgewerkt");
}
