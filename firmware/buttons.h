/* buttons.h: the arcade buttons (GPIO inputs) and their LEDs (GPIO outputs)
 * behind one interface. The backend is chosen at build time, one file each:
 * buttons_gpiod1.c (libgpiod v1, Debian 12), buttons_gpiod2.c (libgpiod v2,
 * Raspberry Pi OS trixie, bookworm-backports), buttons_keys.c (`make
 * HW=desktop`: no GPIO, the app feeds keys 1-5 with buttons_inject) and
 * buttons_fake.c (tests only). No SDL here: a hardware thread blocks on the
 * line events and hands each edge, with its kernel timestamp, to a callback
 * (which may SDL_PushEvent) or to a queue. What an edge means (bounce, a
 * vote, a press during the lock) is debounce.h's job. */
#ifndef BUTTONS_H
#define BUTTONS_H

#include "firmware/config.h"

#include <stddef.h>
#include <stdint.h>

#define BUTTONS_MAX 5
#define BUTTONS_CHIP_MAX 64

struct buttons;

struct buttons_config {
    char chip[BUTTONS_CHIP_MAX]; /* "gpiochip0", "/dev/gpiochip0" or a label */
    int count;                   /* buttons in use, 1..BUTTONS_MAX */
    int pins[BUTTONS_MAX];       /* line offsets (BCM numbers on a Pi) */
    int leds[BUTTONS_MAX];       /* line offset of button n's LED, -1: none */
    int active_low;              /* 1: pressed pulls the line low (pull-up on) */
};

enum buttons_kind {
    BUTTONS_PRESS,   /* the contact closed (may be bounce) */
    BUTTONS_RELEASE, /* the contact opened */
};

struct buttons_event {
    enum buttons_kind kind;
    int button;      /* 0-based */
    int initial;     /* 1: not an edge but the level at start-up; a button
                        held while the kiosk starts must not vote */
    int64_t time_ns; /* kernel timestamp, CLOCK_MONOTONIC (the clock_ms()
                        base times 1e6); injected events bring their own */
};

/* Called on the hardware thread (or on the caller's thread for
 * buttons_inject); must be quick and thread-safe, e.g. SDL_PushEvent. */
typedef void (*buttons_event_fn)(void *user, const struct buttons_event *ev);

/* Fills out from the [buttons] keys of cfg (pins = 17,27,22,23,24 ...).
 * Returns 0, or -1 with an English reason in err (for the log) when a list
 * is malformed, has more than BUTTONS_MAX pins, repeats a pin, or the LED
 * list is longer than the pin list. */
int buttons_config_from(const struct config *cfg, struct buttons_config *out, char *err,
                        size_t errlen);

/* Requests the lines: inputs with both edges and pull-up, LEDs as outputs
 * (off). NULL when the chip or a pin does not exist or a line is busy; one
 * precise log line says which, and the kiosk carries on with touch voting.
 * Free with buttons_close(). */
struct buttons *buttons_open(const struct buttons_config *cfg);

/* Stops the hardware thread (if started), turns the LEDs off and releases
 * the lines. NULL is fine. */
void buttons_close(struct buttons *b);

/* Starts the hardware thread. Each edge goes to fn(user, ev); with fn NULL
 * it is queued for buttons_next(). First the start-up level of every button
 * is reported (initial = 1) on the caller's thread, before this returns.
 * 0 or -1 (logged). Call once. */
int buttons_start(struct buttons *b, buttons_event_fn fn, void *user);

/* Takes the oldest queued event (when started without a callback). 1 one
 * taken, 0 none within timeout_ms (0: do not wait, -1: wait for ever). */
int buttons_next(struct buttons *b, struct buttons_event *out, int timeout_ms);

/* Feeds an edge that did not come from the lines (a key on a desktop, a
 * scenario step) through the same path, on the caller's thread. Works with
 * every backend. 0, or -1 when ev->button is out of range. */
int buttons_inject(struct buttons *b, const struct buttons_event *ev);

/* LED of button n (0-based) on or off. 0; -1 when n has no LED or the
 * write failed (logged once). Main thread only. */
int buttons_led_set(struct buttons *b, int n, int on);

/* Number of buttons, and the backend's name for the log ("gpiod1" ...). */
int buttons_count(const struct buttons *b);
const char *buttons_backend(void);

/* Events the queue had to drop because nobody took them (should stay 0). */
uint64_t buttons_dropped(const struct buttons *b);

#endif
