/* fuzz.h: what every fuzz target shares. A target defines
 * LLVMFuzzerTestOneInput (and may define LLVMFuzzerInitialize); libFuzzer
 * calls it with random bytes, tests/fuzz/replay.c calls it with files.
 *
 * fuzz_check() is the oracle: a broken promise of the parser aborts, which
 * both libFuzzer and the replay runner report as a crash with the input. */
#ifndef FUZZ_H
#define FUZZ_H

#include "base/log.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

#define fuzz_check(cond)                                                                      \
    do {                                                                                      \
        if (!(cond)) {                                                                        \
            fprintf(stderr, "%s:%d: promise broken: %s\n", __FILE__, __LINE__, #cond);         \
            abort();                                                                          \
        }                                                                                     \
    } while (0)

/* The bytes as a NUL-terminated string, cut at the first NUL as a C caller
 * would see them. malloc'd; the caller frees. */
static inline char *fuzz_cstring(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (!s)
        abort();
    memcpy(s, data, size);
    s[size] = '\0';
    return s;
}

/* Logs would drown the fuzzer's own output; errors stay visible. */
static inline void fuzz_quiet(void)
{
    log_set_level(LOG_ERR);
}

/* 1 when s is valid UTF-8 without control characters except those in
 * allowed (e.g. "\n"). */
static inline int fuzz_clean_text(const char *s, const char *allowed)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        if (*p < 0x20 || *p == 0x7F) {
            if (!strchr(allowed, *p))
                return 0;
            p++;
            continue;
        }
        if (*p < 0x80) {
            p++;
            continue;
        }
        int n = *p >= 0xF0 ? 4 : *p >= 0xE0 ? 3 : *p >= 0xC2 ? 2 : 0;
        if (!n || *p > 0xF4)
            return 0;
        for (int i = 1; i < n; i++)
            if ((p[i] & 0xC0) != 0x80)
                return 0;
        p += n;
    }
    return 1;
}

#endif
