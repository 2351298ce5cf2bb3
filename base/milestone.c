/* milestone.c: see milestone.h. */
#include "base/milestone.h"
#include "base/log.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define MAX_MILESTONES 12

struct mark {
    const char *name;
    int64_t ns;
};
static struct mark marks[MAX_MILESTONES];
static int nmarks;

static int64_t mono_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

void milestone(const char *name)
{
    if (nmarks < MAX_MILESTONES)
        marks[nmarks++] = (struct mark){name, mono_ns()};
}

/* When the kernel made this process, on the monotonic clock (field 22 of
 * /proc/self/stat, in clock ticks since boot); -1 when unknown. */
static int64_t process_start_ns(void)
{
    char buf[1024];
    FILE *f = fopen("/proc/self/stat", "r");
    size_t n = f ? fread(buf, 1, sizeof buf - 1, f) : 0;
    if (f)
        fclose(f);
    buf[n] = '\0';
    const char *p = strrchr(buf, ')'); /* the name may hold spaces */
    unsigned long long ticks;
    long hz = sysconf(_SC_CLK_TCK);
    if (!p || hz <= 0 ||
        sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %*u %*u %*d %*d %*d %*d "
                      "%*d %*d %llu", &ticks) != 1)
        return -1;
    return (int64_t)(ticks * (1000000000ULL / (unsigned long long)hz));
}

void milestone_log(void)
{
    static int done;
    if (done || !nmarks)
        return;
    done = 1;
    char line[1024];
    int64_t prev = process_start_ns();
    size_t len = (size_t)snprintf(line, sizeof line, "start: process at %.3f s (monotonic)",
                                  prev < 0 ? -1.0 : (double)prev / 1e9);
    if (prev < 0)
        prev = marks[0].ns;
    for (int i = 0; i < nmarks && len < sizeof line; i++) {
        len += (size_t)snprintf(line + len, sizeof line - len, "; %s +%.0f ms", marks[i].name,
                                (double)(marks[i].ns - prev) / 1e6);
        prev = marks[i].ns;
    }
    log_info("%s", line);
}
