/* testutil.h: small helpers shared by the cmocka test programs. */
#ifndef TESTUTIL_H
#define TESTUTIL_H

#include "db/db.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* A fresh empty folder under $TMPDIR (or /tmp); the path is static storage
 * that the next call overwrites. Left behind on purpose for post-mortems. */
static inline const char *test_tmpdir(void)
{
    static char path[256];
    const char *base = getenv("TMPDIR");
    snprintf(path, sizeof path, "%s/sk-test-XXXXXX", base && *base ? base : "/tmp");
    if (!mkdtemp(path)) {
        perror("mkdtemp");
        exit(1);
    }
    return path;
}

/* Path of a file under tests/data/ (tests run from the project's top). */
static inline const char *test_data(const char *name)
{
    static char path[512];
    snprintf(path, sizeof path, "tests/data/%s", name);
    return path;
}

/* A new empty store on a real file in a fresh folder; the file's path goes
 * to path (len bytes), for test_db_reopen(). NULL (said on stderr) when it
 * cannot be opened. */
static inline struct db *test_db_new(char *path, size_t len)
{
    char err[256];
    snprintf(path, len, "%s/stagekiosk.db", test_tmpdir());
    struct db *db = db_open(path, err, sizeof err);
    if (!db)
        fprintf(stderr, "%s: %s\n", path, err);
    return db;
}

/* Closes db and opens the file at path again, as a restart does. */
static inline struct db *test_db_reopen(struct db *db, const char *path)
{
    char err[256];
    db_close(db);
    db = db_open(path, err, sizeof err);
    if (!db)
        fprintf(stderr, "%s: %s\n", path, err);
    return db;
}

/* The store a db test program runs on: path and db, with open_fresh (a
 * cmocka setup: a new empty store) and close_db (its teardown). */
#define TEST_DB_FIXTURE                                                                  \
    static char path[512];                                                               \
    static struct db *db;                                                                \
                                                                                         \
    static int open_fresh(void **state)                                                  \
    {                                                                                    \
        (void)state;                                                                     \
        db = test_db_new(path, sizeof path);                                             \
        return db ? 0 : -1;                                                              \
    }                                                                                    \
                                                                                         \
    static int close_db(void **state)                                                    \
    {                                                                                    \
        (void)state;                                                                     \
        db_close(db);                                                                    \
        db = NULL;                                                                       \
        return 0;                                                                        \
    }

/* For the benches: a monotonic time in ns, qsort's comparison of such
 * times, and ns as ms. */
static inline int64_t bench_now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static inline int bench_cmp_ns(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

static inline double bench_ms(int64_t ns)
{
    return (double)ns / 1e6;
}

#endif
