/* abspointer.h: absolute pointing devices that SDL 2.26 gets wrong under
 * KMSDRM. A device with ABS_X/ABS_Y and a left button but no BTN_TOUCH
 * (QEMU's usb-tablet and virtio-tablet, VMware's mouse, touch panels in
 * mouse mode) is a mouse to udev, and SDL's evdev code passes its raw axis
 * values (0..32767 for QEMU) as window pixels, clamped to the edge: every
 * tap lands on the right or bottom edge. This module takes such devices
 * (EVIOCGRAB, so SDL no longer sees them), scales each position by the
 * device's own range to 0..1 and reports contact down, moves and up; the
 * caller turns them into SDL finger events like a touchscreen's. Real
 * touchscreens (BTN_TOUCH, multi-touch) stay with SDL. No SDL here. */
#ifndef ABSPOINTER_H
#define ABSPOINTER_H

#include <linux/input.h>

enum abspointer_kind { ABSPOINTER_DOWN, ABSPOINTER_MOVE, ABSPOINTER_UP };

struct abspointer_event {
    enum abspointer_kind kind;
    float x, y; /* 0..1 across the device's range, left/top 0 */
};

/* Called on the reader thread; must be quick and thread-safe. */
typedef void (*abspointer_fn)(void *user, const struct abspointer_event *ev);

/* One device's state between SYN_REPORTs. */
struct abspointer_dev {
    int min[2], max[2]; /* ABS_X, ABS_Y ranges (EVIOCGABS) */
    int pos[2];         /* last values */
    int contact;        /* the button as last reported */
    int was_contact;    /* as of the last SYN_REPORT */
    int moved;
};

/* 1 when a device with these capability bits is one this module takes:
 * ABS_X and ABS_Y, BTN_LEFT, and neither BTN_TOUCH, multi-touch axes nor
 * relative X/Y. */
int abspointer_wanted(const unsigned long *ev_bits, const unsigned long *abs_bits,
                      const unsigned long *key_bits, const unsigned long *rel_bits);

/* Feeds one kernel event; on a SYN_REPORT that changed something, fills
 * out and returns 1, else 0. */
int abspointer_feed(struct abspointer_dev *d, const struct input_event *ev,
                    struct abspointer_event *out);

struct abspointer;

/* Starts the reader thread over dir (/dev/input): it takes the wanted
 * devices there now and those plugged in later (looked for every 2 s).
 * NULL when the thread cannot start (logged). */
struct abspointer *abspointer_start(const char *dir, abspointer_fn fn, void *user);

/* Stops the thread and releases the devices. NULL is fine. */
void abspointer_stop(struct abspointer *p);

#endif
