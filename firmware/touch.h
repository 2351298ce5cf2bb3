/* touch.h: finger events as the kiosk's taps. Under KMSDRM, SDL reports a
 * touch screen only as SDL_FINGER* events (normalised 0..1, window 0, no
 * mouse events: SDL makes those only for touches that come with a
 * window); absolute pointers that SDL mistakes for mice are read by
 * abspointer.c and arrive as finger events too. One finger at a time is a
 * tap: a second finger while one is down is ignored. */
#ifndef TOUCH_H
#define TOUCH_H

#include "ui/ui.h"

#include <SDL.h>

struct abspointer;

struct touch {
    struct abspointer *abs;
    int active;              /* a finger is down */
    SDL_TouchID touch_id;    /* ... on this device */
    SDL_FingerID finger_id;  /* ... this one */
};

/* The touch id of events from abspointer.c. */
#define TOUCH_ABS_ID ((SDL_TouchID)0x534b4150)

/* On KMSDRM, starts reading absolute pointers (abspointer.c). */
void touch_start(struct touch *t);
void touch_stop(struct touch *t);

/* For an SDL_FINGERDOWN/UP: 1 with the tap's picture coordinates (panel
 * turned back by the rotation) and down 1/0 when it is the tapping
 * finger's; 0 for anything else (motion, other fingers, fingers SDL made
 * up from a mouse, which comes as mouse events too). */
int touch_finger(struct touch *t, const struct ui *ui, const SDL_Event *ev, int *x, int *y,
                 int *down);

/* Scenarios (STAGEKIOSK_HEADLESS_TOUCH=abs): the kernel events an absolute
 * pointer with the range 0..32767 sends for a press at the panel's
 * fraction nx, ny (down 1) or its release (down 0), decoded by
 * abspointer.c and queued as finger events, the way the reader thread
 * does. */
void touch_inject_abs(float nx, float ny, int down);

#endif
