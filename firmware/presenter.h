/* presenter.h: the presenter display. A projector on the Pi's second HDMI
 * shows what the whole room may see (a poll's question and live chart, a
 * conversation card, or the session at rest) while the touchscreen keeps
 * the controls. It opens by itself when a second display is there
 * ([screen] presenter) and closes when that display goes; a desktop or a
 * scenario can ask for it as a window of a given size.
 *
 * It knows the touchscreen's window, a screen and a view, nothing of the
 * app: what it opened, closed or wants (a restart, a click passed back) it
 * returns, and app.c acts on it. */
#ifndef PRESENTER_H
#define PRESENTER_H

#include <SDL.h>
#include <stdint.h>

struct ui;
struct screen;
struct view;

struct presenter_options {
    int follow;                 /* [screen] presenter: open on a second display */
    int headless;               /* a scenario drives the kiosk: sizes only */
    int fullscreen;
    int software;
    const char *font;
};

/* NULL without memory (logged): every call below takes NULL and does
 * nothing, so the kiosk carries on with the touchscreen alone. o is
 * copied; o->font must outlive the presenter. */
struct presenter *presenter_new(const struct presenter_options *o, struct ui *touchscreen);
void presenter_free(struct presenter *p);

/* 1 while its window is open. */
int presenter_is_open(const struct presenter *p);

/* Opens or closes the presenter to match the displays connected now
 * (nothing when it was asked for by size, or [screen] presenter = nee).
 * 1 when it opened or closed. */
int presenter_follow(struct presenter *p);

/* Opens the presenter as a window of w x h (headless: off screen), as if a
 * display of that size were connected; w = 0 closes it. 0, or -1 (logged;
 * the kiosk carries on with the touchscreen alone). */
int presenter_set(struct presenter *p, int w, int h);

/* What an event was to the presenter. */
enum presenter_took {
    PRESENTER_NOT_MINE,         /* the caller handles it */
    PRESENTER_TAKEN,            /* nothing more to do */
    PRESENTER_CHANGED,          /* opened, closed or resized: redraw */
    PRESENTER_PASS_BACK,        /* a touch that landed on it: *back is that
                                   click on the touchscreen's window */
};
enum presenter_took presenter_event(struct presenter *p, const SDL_Event *ev, SDL_Event *back);

/* Time passed. On the Pi (KMSDRM) SDL learns the displays only when it
 * starts: 1 when the number of plugged-in screens changed and nobody is
 * using the kiosk (at_rest), so it should stop with APP_EXIT_RESTART and
 * let systemd start it again with the new set. */
int presenter_tick(struct presenter *p, int64_t now, int at_rest);

/* Draws s from v on the presenter when it, or what it shows, changed since
 * the last frame there. force: draw anyway. */
void presenter_draw(struct presenter *p, const struct screen *s, const struct view *v,
                    int force);

/* For scenarios: the presenter's window (NULL when none) and screen id. */
struct ui *presenter_ui(const struct presenter *p);
const char *presenter_screen_id(const struct presenter *p);

#endif
