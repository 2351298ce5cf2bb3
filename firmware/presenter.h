/* presenter.h: the presenter display. A projector on the Pi's second HDMI
 * shows what the whole room may see (a poll's question and live chart, a
 * conversation card, or the session at rest) while the touchscreen keeps
 * the controls. It opens by itself when a second display is there
 * ([screen] presenter) and closes when that display goes; a desktop or a
 * scenario can ask for it as a window of a given size. Part of the app: it
 * works on struct app (app_internal.h). */
#ifndef PRESENTER_H
#define PRESENTER_H

#include <SDL.h>
#include <stdint.h>

struct app;
struct screen;

/* Opens or closes the presenter to match the displays connected now
 * (nothing when it was asked for by size, or [screen] presenter = nee). */
void presenter_follow(struct app *a);

/* Opens the presenter as a window of w x h (headless: off screen), as if a
 * display of that size were connected; w = 0 closes it. 0 or -1 (logged;
 * the kiosk carries on with the touchscreen alone). */
int presenter_set(struct app *a, int w, int h);

/* Closes the presenter, if open. */
void presenter_close(struct app *a);

/* An event for the presenter: its window's, or displays coming and going.
 * 1 when it was one (the caller does nothing more with it). */
int presenter_event(struct app *a, const SDL_Event *ev);

/* Time passed. On the Pi (KMSDRM) SDL learns the displays only when it
 * starts: when the number of plugged-in screens changes, the kiosk waits
 * until nobody is using it and then stops with APP_EXIT_RESTART, and
 * systemd starts it again with the new set. */
void presenter_tick(struct app *a, int64_t now);

/* Draws s on the presenter when it, or what it shows, changed since the
 * last frame there. force: draw anyway. */
void presenter_draw(struct app *a, const struct screen *s, int force);

/* For scenarios: the presenter's window (NULL when none) and screen id. */
struct ui *presenter_ui(const struct app *a);
const char *presenter_screen_id(const struct app *a);

#endif
