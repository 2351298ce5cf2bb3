/* clock.c: real or virtual time behind one interface. */
#include "base/clock.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static int is_virtual = -1; /* -1: not yet decided */
static int64_t virtual_ms;

static void decide(void)
{
    if (is_virtual >= 0)
        return;
    const char *env = getenv("STAGEKIOSK_NOW");
    is_virtual = env && *env;
    if (is_virtual)
        virtual_ms = strtoll(env, NULL, 10) * 1000;
}

int64_t clock_ms(void)
{
    decide();
    if (is_virtual)
        return virtual_ms;
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t clock_unix(void)
{
    decide();
    return is_virtual ? virtual_ms / 1000 : (int64_t)time(NULL);
}

void clock_set_virtual(int64_t unix_ms)
{
    is_virtual = 1;
    virtual_ms = unix_ms;
}

void clock_advance(int64_t ms)
{
    virtual_ms += ms;
}

int clock_is_virtual(void)
{
    decide();
    return is_virtual;
}

int64_t clock_at_hhmm(int64_t day, const char *hhmm)
{
    int h, m;
    char end;
    if (!hhmm || sscanf(hhmm, "%d:%d%c", &h, &m, &end) != 2 || h < 0 || h > 23 || m < 0 ||
        m > 59)
        return -1;
    time_t t = (time_t)day;
    struct tm tm;
    localtime_r(&t, &tm);
    tm.tm_hour = h;
    tm.tm_min = m;
    tm.tm_sec = 0;
    tm.tm_isdst = -1;
    return (int64_t)mktime(&tm);
}

#ifndef SK_BUILD_EPOCH
#define SK_BUILD_EPOCH 0
#endif

int clock_plausible(void)
{
    return clock_unix() >= (int64_t)SK_BUILD_EPOCH;
}

int clock_set_unix(int64_t unix_s)
{
    decide();
    if (is_virtual) {
        virtual_ms = unix_s * 1000;
        return 0;
    }
    struct timespec ts = {(time_t)unix_s, 0};
    return clock_settime(CLOCK_REALTIME, &ts);
}

void clock_hhmm(int64_t unix_s, char out[6])
{
    time_t t = (time_t)unix_s;
    struct tm tm;
    localtime_r(&t, &tm);
    snprintf(out, 6, "%02d:%02d", tm.tm_hour % 24, tm.tm_min % 60);
}
