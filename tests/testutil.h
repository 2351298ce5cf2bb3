/* testutil.h: small helpers shared by the cmocka test programs. */
#ifndef TESTUTIL_H
#define TESTUTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

#endif
