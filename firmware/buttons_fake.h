/* buttons_fake.h: the test backend of buttons.h (tests and benches link
 * build/firmware/buttons_fake.o instead of a real backend). It pretends to
 * be a 54-line chip called "gpiochip0" (or "fake"): tests make lines busy,
 * set the start-up levels and push edges with their own timestamps, which
 * arrive through the real hardware thread of buttons.c. One fake chip per
 * process. */
#ifndef BUTTONS_FAKE_H
#define BUTTONS_FAKE_H

#include "firmware/buttons.h"

#include <stdint.h>

#define BUTTONS_FAKE_LINES 54

/* Resets the chip: no busy lines, every button released. */
void buttons_fake_reset(void);

/* Line offset is in use by another program ("gpio-keys") from now on. */
void buttons_fake_set_busy(int offset);

/* Button n is held when the buttons are opened (initial level). */
void buttons_fake_set_held(int n, int held);

/* An edge on button n's line, stamped t_ns, as the kernel would deliver it
 * to the hardware thread. 0, or -1 when no fake buttons are open. */
int buttons_fake_edge(int n, enum buttons_kind kind, int64_t t_ns);

/* Several edges that the kernel had ready at once: the hardware thread
 * reads them in one batch (n up to 64). 0 or -1. */
int buttons_fake_edges(const struct buttons_event *ev, int n);

/* The LED of button n as last written (0/1), and how many LED writes
 * there were in all. */
int buttons_fake_led(int n);
uint64_t buttons_fake_led_writes(void);

#endif
