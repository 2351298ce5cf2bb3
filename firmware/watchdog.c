/* watchdog.c: sd_notify from libsystemd. The socket path comes from the
 * environment systemd gives a Type=notify service; sd_notify itself already
 * returns 0 without it, but checking first keeps the scenario runner from
 * paying for a library call per frame. */
#include "firmware/watchdog.h"

#include "base/log.h"

#include <stdlib.h>
#include <string.h>
#include <systemd/sd-daemon.h>

static int ready_sent;

static int notify(const char *what)
{
    const char *sock = getenv("NOTIFY_SOCKET");
    if (!sock || !*sock)
        return 0;
    int r = sd_notify(0, what);
    if (r < 0) {
        log_warn("watchdog: sd_notify(%s) failed: %s", what, strerror(-r));
        return -1;
    }
    return 0;
}

int watchdog_ready(void)
{
    if (ready_sent)
        return 0;
    ready_sent = 1;
    log_info("watchdog: telling systemd the kiosk is ready");
    return notify("READY=1\nSTATUS=Kiosk draws its screen");
}

int watchdog_ping(void)
{
    return notify("WATCHDOG=1");
}

int64_t watchdog_interval_ms(void)
{
    uint64_t usec = 0;
    /* 0: no watchdog for this process (or WATCHDOG_PID names another one). */
    if (sd_watchdog_enabled(0, &usec) <= 0 || usec == 0)
        return 0;
    int64_t half = (int64_t)(usec / 2000);
    return half > 0 ? half : 1;
}
