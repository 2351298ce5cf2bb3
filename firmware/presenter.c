/* presenter.c: the second window, on the projector. It draws only from the
 * view, and only the screens made for the room (ui/screen.h: screen_stage_*),
 * so teacher pages and a student's name never reach it. It redraws only
 * when what it shows changed, so a scan at the kiosk costs it nothing. */
#include "firmware/presenter.h"
#include "firmware/displays.h"
#include "base/log.h"
#include "ui/screen.h"
#include "ui/ui.h"
#include "ui/view.h"

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
    struct presenter_options o;
    struct ui *touchscreen;     /* the kiosk's own window */
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

struct presenter *presenter_new(const struct presenter_options *o, struct ui *touchscreen)
{
    struct presenter *p = calloc(1, sizeof *p);
    if (!p) {
        log_err("presenter: out of memory; the touchscreen shows everything");
        return NULL;
    }
    p->o = *o;
    p->touchscreen = touchscreen;
    return p;
}

void presenter_free(struct presenter *p)
{
    if (!p)
        return;
    if (p->ui)
        ui_close(p->ui);
    free(p);
}

int presenter_is_open(const struct presenter *p)
{
    return p && p->ui;
}

/* The display the touchscreen's window is not on, or -1. */
static int other_display(const struct presenter *p)
{
    int n = SDL_GetNumVideoDisplays();
    int own = SDL_GetWindowDisplayIndex(ui_window(p->touchscreen));
    for (int i = 0; i < n; i++)
        if (i != own)
            return i;
    return -1;
}

static int open_window(struct presenter *p, int display, int w, int h)
{
    struct ui_options uo = {
        .width = w, .height = h,
        .fullscreen = !w && p->o.fullscreen,
        .headless = p->o.headless,
        .software = p->o.software,
        .font = p->o.font,
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
    return 0;
}

static void close_window(struct presenter *p)
{
    if (!p->ui)
        return;
    ui_close(p->ui);
    p->ui = NULL;
    p->by_size = 0;
    log_info("presenter: closed; the touchscreen shows the chart again");
}

int presenter_follow(struct presenter *p)
{
    if (!p || p->by_size || p->o.headless || !p->o.follow)
        return 0;
    int other = other_display(p);
    if (other < 0 && p->ui) {
        close_window(p);
        return 1;
    }
    if (other >= 0 && !p->ui && !p->declined)
        return open_window(p, other, 0, 0) == 0;
    return 0;
}

int presenter_set(struct presenter *p, int w, int h)
{
    if (!p)
        return -1;
    close_window(p);
    if (!w)
        return 0;
    if (open_window(p, 0, w, h) != 0)
        return -1;
    p->by_size = 1;
    return 0;
}

/* Under KMSDRM the last window made has the input focus, and SDL turns a
 * finger on the touchscreen into a click on that window, scaled to its
 * size. Such a click belongs to the touchscreen's window: scaled back. */
static enum presenter_took touch_for_touchscreen(const struct presenter *p,
                                                 const SDL_Event *ev, SDL_Event *back)
{
    SDL_Window *touch = ui_window(p->touchscreen);
    int tw, th, sw, sh;
    SDL_GetWindowSize(touch, &tw, &th);
    SDL_GetWindowSize(ui_window(p->ui), &sw, &sh);
    if (sw <= 0 || sh <= 0)
        return PRESENTER_TAKEN;
    *back = *ev;
    back->button.windowID = SDL_GetWindowID(touch);
    back->button.x = (int)((int64_t)ev->button.x * tw / sw);
    back->button.y = (int)((int64_t)ev->button.y * th / sh);
    return PRESENTER_PASS_BACK;
}

enum presenter_took presenter_event(struct presenter *p, const SDL_Event *ev, SDL_Event *back)
{
    if (ev->type == SDL_DISPLAYEVENT) {
        if (p && (ev->display.event == SDL_DISPLAYEVENT_CONNECTED ||
                  ev->display.event == SDL_DISPLAYEVENT_DISCONNECTED)) {
            log_info("presenter: display %u %s", ev->display.display,
                     ev->display.event == SDL_DISPLAYEVENT_CONNECTED ? "connected"
                                                                    : "disconnected");
            p->declined = 0;
            if (presenter_follow(p))
                return PRESENTER_CHANGED;
        }
        return PRESENTER_TAKEN;
    }
    if (!p || !p->ui)
        return PRESENTER_NOT_MINE;
    Uint32 id = SDL_GetWindowID(ui_window(p->ui));
    switch (ev->type) {
    case SDL_WINDOWEVENT:
        if (ev->window.windowID != id)
            return PRESENTER_NOT_MINE;
        if (ev->window.event == SDL_WINDOWEVENT_CLOSE) {
            p->declined = 1;
            close_window(p);
            return PRESENTER_CHANGED;
        }
        if (ev->window.event == SDL_WINDOWEVENT_SIZE_CHANGED)
            ui_resize(p->ui);
        memset(&p->shown, 0, sizeof p->shown); /* draw again */
        return PRESENTER_CHANGED;
    case SDL_MOUSEBUTTONDOWN:
    case SDL_MOUSEBUTTONUP:
        if (ev->button.windowID != id)
            return PRESENTER_NOT_MINE;
        /* nothing on the presenter can be touched */
        return ui_on_kmsdrm() ? touch_for_touchscreen(p, ev, back) : PRESENTER_TAKEN;
    default:
        return PRESENTER_NOT_MINE;
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

void presenter_draw(struct presenter *p, const struct screen *s, const struct view *v,
                    int force)
{
    if (!p || !p->ui)
        return;
    struct stage_snapshot now;
    snapshot(v, s, &now);
    if (!force && !memcmp(&now, &p->shown, sizeof now))
        return;
    p->shown = now;
    ui_frame_begin(p->ui);
    s->draw(p->ui, v);
    ui_frame_end(p->ui);
    log_debug("presenter: screen %s", s->id);
}

/* Where to count: the kernel's, or a made-up folder for tests. Only the
 * KMSDRM driver needs it; other drivers report plugging themselves. */
static const char *drm_root(const struct presenter *p)
{
    const char *test_root = getenv("STAGEKIOSK_DRM_ROOT");
    if (test_root && *test_root)
        return test_root;
    return !p->o.headless && ui_on_kmsdrm() ? DISPLAYS_SYSFS : NULL;
}

int presenter_tick(struct presenter *p, int64_t now, int at_rest)
{
    const char *root = p && p->o.follow && now >= p->drm_next ? drm_root(p) : NULL;
    if (!root)
        return 0;
    p->drm_next = now + DRM_LOOK_MS;
    int n = displays_connected(root);
    if (n < 0)
        return 0;
    if (!p->drm_watch) {
        p->drm_watch = 1;
        p->drm_at_start = p->drm_last = n;
        return 0;
    }
    /* HDMI's hot-plug line may flicker while a projector wakes up: act on
     * a count seen twice in a row */
    int steady = n == p->drm_last;
    p->drm_last = n;
    if (n == p->drm_at_start || !steady || !at_rest)
        return 0;
    log_info("presenter: %d screen%s connected now, %d at start; the video driver sees "
             "screens only when it starts: restarting to use them", n, n == 1 ? "" : "s",
             p->drm_at_start);
    return 1;
}

struct ui *presenter_ui(const struct presenter *p)
{
    return p ? p->ui : NULL;
}

const char *presenter_screen_id(const struct presenter *p)
{
    return p && p->ui && p->shown.screen ? p->shown.screen->id : "none";
}
