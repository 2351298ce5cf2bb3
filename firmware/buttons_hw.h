/* buttons_hw.h: what a buttons backend provides to buttons.c (private to
 * firmware/buttons*.c). A backend only opens lines, says which fds to wait
 * on, reads the edges that are ready and writes LEDs; buttons.c owns the
 * thread, the stop pipe, time ordering, the callback and the queue, so
 * every backend behaves the same way above this line. */
#ifndef BUTTONS_HW_H
#define BUTTONS_HW_H

#include "firmware/buttons.h"

/* Edges read in one go per fd; more stay pending for the next round. */
#define BUTTONS_HW_BATCH 64

struct buttons_hw;

/* Requests the lines of cfg (already checked by buttons.c: 1..BUTTONS_MAX
 * distinct pins). NULL after one precise log line. */
struct buttons_hw *buttons_hw_open(const struct buttons_config *cfg);

/* Releases everything; the thread is already stopped. */
void buttons_hw_close(struct buttons_hw *hw);

/* Up to max fds that become readable when edges are pending. Returns how
 * many (0: nothing to wait for, e.g. the keys backend). */
int buttons_hw_fds(struct buttons_hw *hw, int *fds, int max);

/* Reads the pending edges of fds[i] (as returned above) into out (room for
 * BUTTONS_HW_BATCH). Returns how many, or -1 when the fd is dead (logged;
 * the thread then stops waiting on it). */
int buttons_hw_read(struct buttons_hw *hw, int i, struct buttons_event *out);

/* The level of every button now, as events with initial = 1 (count). */
int buttons_hw_levels(struct buttons_hw *hw, struct buttons_event *out);

/* LED of button n on/off (n has an LED). 0 or -1. */
int buttons_hw_led_set(struct buttons_hw *hw, int n, int on);

/* "gpiod1", "gpiod2", "keys", "fake". */
extern const char buttons_hw_name[];

/* CLOCK_MONOTONIC now in ns, the base of every event time. */
int64_t buttons_now_ns(void);

#endif
