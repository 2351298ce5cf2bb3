/* app.h: the kiosk process: its state, the event loop and the flow from a
 * scan to a screen. app.c and the flows see every layer
 * (app_internal.h); main.c and headless.c start the app through this. */
#ifndef APP_H
#define APP_H

#include "firmware/config.h"
#include "ui/ui.h"

#include <SDL.h>
#include <stdint.h>

struct app;

/* Opens the store in data_dir, the card key and the window. With demo set,
 * fills an empty store with demo data and makes sure a session runs;
 * demo 2 adds weeks of history first (db_demo_seed).
 * NULL with a Dutch message in err. Free with app_close(). */
struct app *app_open(const struct config *cfg, const char *data_dir,
                     const struct ui_options *uo, int demo, char *err, size_t errlen);
void app_close(struct app *app);

/* The loop for a real display: sleeps until the next event or deadline,
 * returns when the window is closed (0) or the kiosk must be started again
 * (APP_EXIT_RESTART: the service manager does that). */
int app_run(struct app *app);

#define APP_EXIT_RESTART 75 /* EX_TEMPFAIL: start me again */

/* Ends app_run, which then returns code. */
void app_quit(struct app *app, int code);

/* One input event (keyboard, scanner, touch, window). */
void app_handle_event(struct app *app, const SDL_Event *ev);

/* Everything but input: timers, changes by other processes, redraw when
 * something changed. */
void app_step(struct app *app);

/* Clock time (clock_ms) of the next timer; the loop sleeps until then. */
int64_t app_next_deadline(const struct app *app);

/* Arcade button n (0-based) down or up at time_ns (clock_ms() * 1e6), as
 * if from the GPIO lines: for keys on a desktop and scenario steps. */
void app_button(struct app *app, int n, int down, int64_t time_ns);

/* The clock was set (by the teacher, or a scenario's `clock` step): timers
 * start again from the new time. */
void app_clock_changed(struct app *app);

/* Shows the presenter display as a window of w x h (off screen when
 * headless), as if a projector of that size were connected; w = 0 as if it
 * were pulled out. 0 or -1. */
int app_presenter(struct app *app, int w, int h);

/* For scenarios and benchmarks. */
const char *app_screen_id(const struct app *app);
struct ui *app_ui(struct app *app);
/* The presenter's window (NULL when none) and the id of its screen. */
struct ui *app_presenter_ui(struct app *app);
const char *app_presenter_screen_id(const struct app *app);
/* Redraws now, whether or not anything changed. */
void app_draw(struct app *app);
/* The card payload of a student in this store ("" when unknown). */
void app_card_code(struct app *app, const char *number, char *out, size_t outlen);

#endif
