/* watchdog.h: tells systemd that the kiosk started and is still alive
 * (sd_notify READY=1 and WATCHDOG=1), so a hung loop is killed and
 * restarted by the service manager. Without NOTIFY_SOCKET (a terminal, a
 * test, a headless scenario) every call does nothing. Hardware-free, no SDL. */
#ifndef WATCHDOG_H
#define WATCHDOG_H

#include <stdint.h>

/* Says READY=1 once (later calls do nothing). Call after the first frame is
 * on the screen, so "started" means a student can see the kiosk.
 * Returns 0, or -1 when the notify socket exists but the message failed. */
int watchdog_ready(void);

/* Says WATCHDOG=1. Call from the loop at least every watchdog_interval_ms()
 * (systemd kills the service after the full WatchdogSec interval).
 * Returns 0, or -1 when the message failed. */
int watchdog_ping(void);

/* How often to ping, in ms: half of systemd's WatchdogSec for this process,
 * or 0 when no watchdog is asked for (then never ping). */
int64_t watchdog_interval_ms(void);

#endif
