/* clock.h: the one source of time. Real by default; virtual in headless
 * scenarios (so a 60 s timeout takes no real time) and when STAGEKIOSK_NOW
 * holds unix seconds (so a scenario's `cli` step shares its clock). */
#ifndef CLOCK_H
#define CLOCK_H

#include <stdint.h>

/* Milliseconds for timers: monotonic when real. */
int64_t clock_ms(void);

/* Wall-clock unix seconds, for what is stored and shown. */
int64_t clock_unix(void);

/* Switches to a virtual clock that reads unix_ms until advanced. */
void clock_set_virtual(int64_t unix_ms);
void clock_advance(int64_t ms);
int clock_is_virtual(void);

/* Unix seconds of today's (local) HH:MM relative to the day of `day`;
 * -1 when hhmm is not a valid time. */
int64_t clock_at_hhmm(int64_t day, const char *hhmm);

/* 0 when the wall clock is plainly wrong: before this program was built
 * (a Pi without network or real-time clock starts in 1970). */
int clock_plausible(void);

/* Sets the wall clock (needs CAP_SYS_TIME; the virtual clock in
 * scenarios). 0 or -1. */
int clock_set_unix(int64_t unix_s);

/* "09:03" in local time. */
void clock_hhmm(int64_t unix_s, char out[6]);

#endif
