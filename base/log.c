/* log.c: timestamped lines on stderr; quiet below the chosen level. */
#include "base/log.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static enum log_level min_level = LOG_INFO;
static int level_read;

void log_set_level(enum log_level level)
{
    min_level = level;
    level_read = 1;
}

void log_msg(enum log_level level, const char *fmt, ...)
{
    static const char *const names[] = {"debug", "info", "warn", "error"};
    if (!level_read) {
        const char *env = getenv("STAGEKIOSK_LOG");
        if (env && strcmp(env, "debug") == 0)
            min_level = LOG_DEBUG;
        else if (env && strcmp(env, "quiet") == 0)
            min_level = LOG_ERR;
        level_read = 1;
    }
    if (level < min_level)
        return;
    char stamp[32];
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    strftime(stamp, sizeof stamp, "%Y-%m-%d %H:%M:%S", &tm);
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "%s stagekiosk %s: ", stamp, names[level]);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}
