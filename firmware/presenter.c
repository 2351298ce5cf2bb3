/* presenter.c: the second window, on the projector. It draws only from the
 * view, and only the screens made for the room (ui/screen.h: screen_stage_*),
 * so teacher pages and a student's name never reach it. It redraws only
 * when what it shows changed, so a scan at the kiosk costs it nothing. */
#include "firmware/presenter.h"
#include "firmware/app_internal.h"
#include "firmware/displays.h"
#include "base/log.h"

#include <stdlib.h>
#include <string.h>

#define DRM_LOOK_MS 2000    /* how often the connectors are counted */

/* What the presenter shows, to see whether a frame is needed. */
struct stage_snapshot {
    const struct screen *screen;
    char clock[6];
    int has_session;
    char session_title[128];
    int checked_in, group_size;
    struct view_poll poll;      /* the voter's name and countdown zeroed */
};

struct presenter {
    struct ui *ui;
    int by_size;                /* asked for by size: displays do not matter */
    int declined;               /* its window was closed: not again until the
                                   displays change */
    struct stage_snapshot shown;
    /* KMSDRM: the connectors, counted ourselves */
    int drm_watch;              /* 1 once the first count was taken */
    int drm_at_start;           /* connected screens when SDL started */
    int drm_last;               /* at the last count: a plug must hold for two */
    int64_t drm_next;           /* clock_ms of the next count */
};

static struct presenter *state(struct app *a)
{
    if (!a->presenter)
        a->presenter = calloc(1, sizeof *a->presenter);
    return a->presenter;
}

/* The display the touchscreen's window is not on, or -1. */
static int other_display(struct app *a)
{
    int n = SDL_GetNumVideoDisplays();
    int own = SDL_GetWindowDisplayIndex(ui_window(a->ui));
    for (int i = 0; i < n; i++)
        if (i != own)
            return i;
    return -1;
}

static int open_window(struct app *a, int display, int w, int h)
{
    struct presenter *p = state(a);
    if (!p)
        return -1;
    struct ui_options uo = {
        .width = w, .height = h,
        .fullscreen = !w && a->cfg.fullscreen,
        .headless = a->headless,
        .software = a->cfg.software_render,
        .font = a->cfg.font,
        .display = display,
        .secondary = 1,
        .title = "stagekiosk - presentatie",
    };
    char err[512];
    if (!uo.fullscreen && !w)
        uo.width = 1280, uo.height = 720; /* a desktop: a window on the other screen */
    p->ui = ui_open(&uo, err, sizeof err);
    if (!p->ui) {
        log_err("presenter: cannot open a window on display %d: %s; the touchscreen shows "
                "everything", display, err);
        return -1;
    }
    log_info("presenter: open on display %d (%dx%d)", display, ui_metrics(p->ui)->w,
             ui_metrics(p->ui)->h);
    memset(&p->shown, 0, sizeof p->shown);
    a->view.presenter = 1;
    a->dirty = 1;
    return 0;
}

void presenter_close(struct app *a)
{
    struct presenter *p = a->presenter;
    if (!p || !p->ui)
        return;
    ui_close(p->ui);
    p->ui = NULL;
    p->by_size = 0;
    a->view.presenter = 0;
    a->dirty = 1;
    log_info("presenter: closed; the touchscreen shows the chart again");
}

void presenter_follow(struct app *a)
{
    struct presenter *p = state(a);
    if (!p || p->by_size || a->headless || !a->cfg.presenter)
        return;
    int other = other_display(a);
    if (other < 0 && p->ui)
        presenter_close(a);
    else if (other >= 0 && !p->ui && !p->declined)
        open_window(a, other, 0, 0);
}

int presenter_set(struct app *a, int w, int h)
{
    presenter_close(a);
    if (!w)
        return 0;
    if (open_window(a, 0, w, h) != 0)
        return -1;
    a->presenter->by_size = 1;
    return 0;
}

/* Under KMSDRM the last window made has the input focus, and SDL turns a
 * finger on the touchscreen into a click on that window, scaled to its
 * size. Such a click belongs to the touchscreen's window: scaled back. */
static void touch_for_touchscreen(struct app *a, const SDL_Event *ev)
{
    SDL_Window *touch = ui_window(a->ui);
    int tw, th, sw, sh;
    SDL_GetWindowSize(touch, &tw, &th);
    SDL_GetWindowSize(ui_window(a->presenter->ui), &sw, &sh);
    if (sw <= 0 || sh <= 0)
        return;
    SDL_Event moved = *ev;
    moved.button.windowID = SDL_GetWindowID(touch);
    moved.button.x = (int)((int64_t)ev->button.x * tw / sw);
    moved.button.y = (int)((int64_t)ev->button.y * th / sh);
    app_handle_event(a, &moved);
}

int presenter_event(struct app *a, const SDL_Event *ev)
{
    struct presenter *p = a->presenter;
    if (ev->type == SDL_DISPLAYEVENT) {
        if (p && (ev->display.event == SDL_DISPLAYEVENT_CONNECTED ||
                  ev->display.event == SDL_DISPLAYEVENT_DISCONNECTED)) {
            log_info("presenter: display %u %s", ev->display.display,
                     ev->display.event == SDL_DISPLAYEVENT_CONNECTED ? "connected"
                                                                    : "disconnected");
            p->declined = 0;
            presenter_follow(a);
        }
        return 1;
    }
    if (!p || !p->ui)
        return 0;
    Uint32 id = SDL_GetWindowID(ui_window(p->ui));
    switch (ev->type) {
    case SDL_WINDOWEVENT:
        if (ev->window.windowID != id)
            return 0;
        if (ev->window.event == SDL_WINDOWEVENT_CLOSE) {
            p->declined = 1;
            presenter_close(a);
            return 1;
        }
        if (ev->window.event == SDL_WINDOWEVENT_SIZE_CHANGED)
            ui_resize(p->ui);
        memset(&p->shown, 0, sizeof p->shown); /* draw again */
        a->dirty = 1;
        return 1;
    case SDL_MOUSEBUTTONDOWN:
    case SDL_MOUSEBUTTONUP:
        if (ev->button.windowID != id)
            return 0;
        if (ui_on_kmsdrm())
            touch_for_touchscreen(a, ev);
        return 1; /* nothing on the presenter can be touched */
    default:
        return 0;
    }
}

static void snapshot(const struct view *v, const struct screen *s, struct stage_snapshot *out)
{
    memset(out, 0, sizeof *out);
    out->screen = s;
    memcpy(out->clock, v->clock, sizeof out->clock);
    out->has_session = v->has_session;
    memcpy(out->session_title, v->session_title, sizeof out->session_title);
    out->checked_in = v->checked_in;
    out->group_size = v->group_size;
    memcpy(&out->poll, &v->poll, sizeof out->poll); /* padding too: compared with memcmp */
    memset(out->poll.voter, 0, sizeof out->poll.voter);
    out->poll.seconds_left = 0;
    out->poll.phase = VIEW_POLL_VOTE;
}

void presenter_draw(struct app *a, const struct screen *s, int force)
{
    struct presenter *p = a->presenter;
    if (!p || !p->ui)
        return;
    struct stage_snapshot now;
    snapshot(&a->view, s, &now);
    if (!force && !memcmp(&now, &p->shown, sizeof now))
        return;
    p->shown = now;
    ui_frame_begin(p->ui);
    s->draw(p->ui, &a->view);
    ui_frame_end(p->ui);
    log_debug("presenter: screen %s", s->id);
}

/* Where to count: the kernel's, or a made-up folder for tests. Only the
 * KMSDRM driver needs it; other drivers report plugging themselves. */
static const char *drm_root(const struct app *a)
{
    const char *test_root = getenv("STAGEKIOSK_DRM_ROOT");
    if (test_root && *test_root)
        return test_root;
    return !a->headless && ui_on_kmsdrm() ? DISPLAYS_SYSFS : NULL;
}

/* Nobody is in the middle of something: the resting screens only. */
static int at_rest(const struct app *a)
{
    return !a->teacher_in && !a->has_student &&
           (a->screen == &screen_idle || (a->screen == &screen_poll && !a->view.poll.voter[0]));
}

void presenter_tick(struct app *a, int64_t now)
{
    struct presenter *p = state(a);
    const char *root = p && a->cfg.presenter && now >= p->drm_next ? drm_root(a) : NULL;
    if (!root)
        return;
    p->drm_next = now + DRM_LOOK_MS;
    int n = displays_connected(root);
    if (n < 0)
        return;
    if (!p->drm_watch) {
        p->drm_watch = 1;
        p->drm_at_start = p->drm_last = n;
        return;
    }
    /* HDMI's hot-plug line may flicker while a projector wakes up: act on
     * a count seen twice in a row */
    int steady = n == p->drm_last;
    p->drm_last = n;
    if (n == p->drm_at_start || !steady || !at_rest(a))
        return;
    log_info("presenter: %d screen%s connected now, %d at start; the video driver sees "
             "screens only when it starts: restarting to use them", n, n == 1 ? "" : "s",
             p->drm_at_start);
    app_quit(a, APP_EXIT_RESTART);
}

struct ui *presenter_ui(const struct app *a)
{
    return a->presenter ? a->presenter->ui : NULL;
}

const char *presenter_screen_id(const struct app *a)
{
    return a->presenter && a->presenter->ui && a->presenter->shown.screen
               ? a->presenter->shown.screen->id
               : "none";
}
