/* flow.h: a flow is one feature's part of the kiosk (check-in, teacher
 * mode, polls, the student's own screens). The app offers every input to
 * the flows in order, and the first that takes it handles it; a flow owns a
 * range of action ids (ui/view.h) and its own screens. Every hook may be
 * NULL. This keeps each feature in its own file while one loop runs all.
 * A flow's table names its hooks a line per kind, in the order below: who
 * it is, input, time and the store, screens. */
#ifndef FLOW_H
#define FLOW_H

#include <SDL.h>
#include <stdint.h>

struct app;
struct screen;

struct flow {
    const char *name;
    /* Called once after the app opened; 0 or -1 (the app carries on). */
    int (*start)(struct app *a);
    /* Called once when the first frame is out: work the first frame need
     * not wait for (reading files), done before any input is handled. */
    void (*after_first_frame)(struct app *a);
    void (*stop)(struct app *a);
    /* A control with this action id was tapped. 1 when handled. */
    int (*action)(struct app *a, int action);
    /* A finished scan (scanner or typed + Enter). 1 when consumed. */
    int (*scan)(struct app *a, const char *code);
    /* A key press or typed text while this flow wants the keyboard (a text
     * field): 1 when consumed; the scanner does not see it then. */
    int (*key)(struct app *a, SDL_Keycode key);
    int (*text)(struct app *a, const char *text);
    /* A press (down=1) or release (down=0) at x,y, before controls are hit
     * tested (e.g. the teacher's hold-a-corner). 1 when consumed. */
    int (*touch)(struct app *a, int x, int y, int down);
    /* Another process committed to the store. */
    void (*store_changed)(struct app *a);
    /* Time passed; now is clock_ms(). */
    void (*tick)(struct app *a, int64_t now);
    /* The flow's next deadline on clock_ms(), 0 for none. */
    int64_t (*deadline)(const struct app *a);
    /* An SDL user event of the app's own kinds (hardware thread). */
    int (*event)(struct app *a, const SDL_Event *ev);
    /* Arcade button n (0-based) went down or up at time_ns (clock_ms base
     * times 1e6): from a key on a desktop or a scenario step. */
    int (*button)(struct app *a, int n, int down, int64_t time_ns);
    /* The kiosk goes back to rest: a flow may show its own resting screen
     * (an open poll) instead of the idle screen. 1 when it did. */
    int (*idle)(struct app *a);
    /* What the presenter display shows for this flow now (one of the
     * screen_stage_* screens), NULL for nothing: the first flow with one
     * wins, else the session at rest. */
    const struct screen *(*stage)(const struct app *a);
};

extern const struct flow flow_backup;
extern const struct flow flow_teacher;
extern const struct flow flow_update;
extern const struct flow flow_poll;
extern const struct flow flow_student;
extern const struct flow flow_checkin;
extern const struct flow flow_sync;     /* firmware/flow_sync.c: school sync worker */

#endif
