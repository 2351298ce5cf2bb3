/* ui.c: window, renderer, per-frame control list and screenshots. */
#include "ui/ui.h"
#include "base/log.h"
#include "base/milestone.h"
#include "ui/font.h"
#include "ui/png.h"
#include "ui/theme.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_CONTROLS 64
#define MAX_TEXTS 160
#define MAX_FITS 32

struct control {
    SDL_Rect r;
    int action;
    char label[656]; /* whole, as long as a poll question */
};

struct fit {
    enum ui_fit how;
    char text[656];
};

struct ui {
    int secondary;              /* SDL belongs to the first window */
    SDL_Window *win;
    SDL_Renderer *r;
    int software;               /* drawn by SDL's software renderer */
    int rotation;
    SDL_Texture *turned;        /* the picture, when it is turned on the panel */
    int panel_w, panel_h;
    struct font_cache *fonts;
    struct ui_metrics m;
    int pressed;
    int forget;                 /* after the next frame, keep only its texts */
    struct control controls[MAX_CONTROLS];
    int ncontrols;
    char *texts[MAX_TEXTS];
    int ntexts;
    struct fit fits[MAX_FITS];
    int nfits;
};

/* A turned picture is drawn into a texture of its own size and copied onto
 * the panel turned; without rotation screens draw on the panel directly. */
static int make_target(struct ui *ui)
{
    SDL_GetRendererOutputSize(ui->r, &ui->panel_w, &ui->panel_h);
    if (ui->turned)
        SDL_DestroyTexture(ui->turned);
    ui->turned = NULL;
    if (!ui->rotation)
        return 0;
    int sideways = ui->rotation % 180 != 0;
    ui->turned = SDL_CreateTexture(ui->r, SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_TARGET,
                                   sideways ? ui->panel_h : ui->panel_w,
                                   sideways ? ui->panel_w : ui->panel_h);
    if (!ui->turned) {
        log_err("ui: cannot turn the picture: %s; showing it unturned", SDL_GetError());
        ui->rotation = 0;
    }
    return 0;
}

static void compute_metrics(struct ui *ui)
{
    int w = ui->panel_w, h = ui->panel_h;
    if (ui->rotation % 180)
        w = ui->panel_h, h = ui->panel_w;
    struct ui_metrics *m = &ui->m;
    int side = w < h ? w : h;
    m->w = w;
    m->h = h;
    m->body = side / 20 > 14 ? side / 20 : 14;
    m->small = m->body * 3 / 4;
    m->title = side / 10;
    m->huge = side * 3 / 20;
    m->pad = side / 24;
    m->gap = side / 48 > 8 ? side / 48 : 8;
    /* 10 mm on the 7" panel is 52 px; on larger screens scale with them. */
    int mm10 = (int)(THEME_MIN_TARGET_MM * THEME_PX_PER_MM_7INCH + 0.5);
    m->target = side * 3 / 20 > mm10 ? side * 3 / 20 : mm10;
    m->bar = m->body * 2;
}

int ui_on_kmsdrm(void)
{
    const char *driver = SDL_GetCurrentVideoDriver();
    return driver && !SDL_strcasecmp(driver, "KMSDRM");
}

static void no_display(char *err, size_t errlen, const char *why)
{
    snprintf(err, errlen,
             "Geen beeldscherm gevonden (%s). Start de kiosk op de Pi (KMSDRM), "
             "in een desktop met --windowed, of zonder scherm met: "
             "xvfb-run stagekiosk --windowed",
             why);
}

/* SDL_Init of the video. At boot the kiosk starts as soon as its data is
 * mounted, which may be before the kernel's GPU driver has made the DRM
 * device and udev has given it to group video: under KMSDRM a failed start
 * is tried again for up to DRM_WAIT_MS, instead of exiting for systemd to
 * restart the whole program (libraries, store, fonts) a second later. */
#define DRM_WAIT_MS 10000
static int video_init(const struct ui_options *opt)
{
    const char *want = SDL_getenv("SDL_VIDEODRIVER");
    int kms = !opt->headless && want && !SDL_strcasecmp(want, "kmsdrm");
    for (int waited = 0;; waited += 50) {
        if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_EVENTS | SDL_INIT_TIMER) == 0) {
            if (waited)
                log_info("ui: the display was there after %d ms", waited);
            milestone("display");
            return 0;
        }
        if (!kms || waited >= DRM_WAIT_MS)
            return -1;
        if (!waited)
            log_info("ui: no display yet (%s); waiting for the DRM device", SDL_GetError());
        SDL_Quit();
        SDL_Delay(50);
    }
}

struct ui *ui_open(const struct ui_options *opt, char *err, size_t errlen)
{
    if (opt->headless)
        SDL_SetHint(SDL_HINT_VIDEODRIVER, "dummy");
    if (opt->headless || opt->software) {
        /* No GL at all: under X11 this also keeps Mesa's llvmpipe (and its
         * ~60 MB) out of the process. */
        SDL_SetHint(SDL_HINT_RENDER_DRIVER, "software");
        SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
    }
    SDL_SetHint(SDL_HINT_VIDEO_X11_NET_WM_BYPASS_COMPOSITOR, "0");
    /* A presenter window may come and go; the touchscreen's closing ends
     * the program, not the projector's (ui_close and app.c see to that). */
    SDL_SetHint(SDL_HINT_QUIT_ON_LAST_WINDOW_CLOSE, "0");
    if (!opt->secondary && video_init(opt) != 0) {
        no_display(err, errlen, SDL_GetError());
        return NULL;
    }
    /* SDL falls back to drawing off screen when it finds no display: a
     * kiosk nobody can see. Only a scenario, a test or a person who names
     * the driver may have that. */
    const char *driver = SDL_GetCurrentVideoDriver(), *asked = SDL_GetHint(SDL_HINT_VIDEODRIVER);
    if (!opt->secondary && !opt->headless && driver &&
        (!SDL_strcasecmp(driver, "offscreen") || !SDL_strcasecmp(driver, "dummy")) &&
        !(asked && SDL_strcasestr(asked, driver))) {
        no_display(err, errlen, driver);
        log_err("ui: no display: SDL chose the %s video driver without being asked", driver);
        SDL_Quit();
        return NULL;
    }
    struct ui *ui = calloc(1, sizeof *ui);
    if (!ui) {
        snprintf(err, errlen, "Geen geheugen vrij.");
        if (!opt->secondary)
            SDL_Quit();
        return NULL;
    }
    ui->secondary = opt->secondary;
    int w = opt->width ? opt->width : 1280, h = opt->height ? opt->height : 800;
    Uint32 flags = SDL_WINDOW_SHOWN | SDL_WINDOW_ALLOW_HIGHDPI;
    if (opt->fullscreen && !opt->headless)
        flags |= opt->width ? SDL_WINDOW_FULLSCREEN : SDL_WINDOW_FULLSCREEN_DESKTOP;
    else if (!opt->headless)
        flags |= SDL_WINDOW_RESIZABLE;
    int at = (int)SDL_WINDOWPOS_CENTERED_DISPLAY(opt->display);
    /* SDL 2's KMSDRM driver moves every new window to the first display and
     * flips its pictures there, over the touchscreen's. So a second window
     * is made as a plain one of its display's size (every window is
     * fullscreen there anyway) and then moved onto its display, whose
     * screen KMSDRM then flips. */
    int kms_second = opt->secondary && !opt->headless && ui_on_kmsdrm();
    SDL_DisplayMode mode;
    if (kms_second) {
        flags &= ~(Uint32)(SDL_WINDOW_FULLSCREEN_DESKTOP | SDL_WINDOW_RESIZABLE);
        if (SDL_GetDesktopDisplayMode(opt->display, &mode) == 0)
            w = mode.w, h = mode.h;
    }
    ui->win = SDL_CreateWindow(opt->title ? opt->title : "stagekiosk", at, at, w, h, flags);
    if (!ui->win) {
        snprintf(err, errlen, "Het venster gaat niet open: %s", SDL_GetError());
        goto fail;
    }
    if (kms_second)
        SDL_SetWindowPosition(ui->win, at, at);
    /* A second window on the wrong display would cover the touchscreen:
     * better none at all. */
    int landed = SDL_GetWindowDisplayIndex(ui->win);
    if (opt->secondary && !opt->headless && landed != opt->display) {
        snprintf(err, errlen, "Het venster kwam op scherm %d in plaats van scherm %d.", landed,
                 opt->display);
        goto fail;
    }
    ui->r = SDL_CreateRenderer(ui->win, -1,
                               opt->headless || opt->software ? SDL_RENDERER_SOFTWARE : 0);
    if (!ui->r && opt->software && !opt->headless) {
        /* KMSDRM has no plain framebuffer: let SDL draw it through GLES. */
        log_warn("ui: software drawing without GL failed (%s); trying with GL", SDL_GetError());
        SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "1");
        SDL_SetHint(SDL_HINT_RENDER_DRIVER, "");
        ui->r = SDL_CreateRenderer(ui->win, -1, 0);
    }
    if (!ui->r)
        ui->r = SDL_CreateRenderer(ui->win, -1, SDL_RENDERER_SOFTWARE);
    if (!ui->r) {
        snprintf(err, errlen, "Tekenen lukt niet: %s", SDL_GetError());
        goto fail;
    }
    if (!opt->secondary)
        milestone("window and renderer");
    SDL_SetRenderDrawBlendMode(ui->r, SDL_BLENDMODE_BLEND);
    ui->rotation = opt->rotation % 360;
    make_target(ui);
    if (opt->fullscreen && !opt->secondary)
        SDL_ShowCursor(SDL_DISABLE); /* an appliance shows no cursor */
    ui->fonts = font_open(ui->r, opt->font && *opt->font ? opt->font : "Inter", err, errlen);
    if (!ui->fonts)
        goto fail;
    if (!opt->secondary)
        milestone("fonts");
    compute_metrics(ui);
    SDL_RendererInfo info;
    SDL_GetRendererInfo(ui->r, &info);
    ui->software = (info.flags & SDL_RENDERER_SOFTWARE) != 0;
    log_info("ui: %s%dx%d on display %d, video %s, renderer %s",
             opt->secondary ? "second window " : "", ui->m.w, ui->m.h,
             SDL_GetWindowDisplayIndex(ui->win), SDL_GetCurrentVideoDriver(), info.name);
    return ui;
fail:
    log_err("ui: %s", err);
    ui_close(ui);
    return NULL;
}

void ui_close(struct ui *ui)
{
    if (!ui)
        return;
    font_close(ui->fonts);
    if (ui->turned)
        SDL_DestroyTexture(ui->turned);
    for (int i = 0; i < ui->ntexts; i++)
        free(ui->texts[i]);
    if (ui->r)
        SDL_DestroyRenderer(ui->r);
    if (ui->win)
        SDL_DestroyWindow(ui->win);
    int secondary = ui->secondary;
    free(ui);
    if (!secondary)
        SDL_Quit();
}

SDL_Renderer *ui_renderer(struct ui *ui)
{
    return ui->r;
}

SDL_Window *ui_window(const struct ui *ui)
{
    return ui->win;
}

const struct ui_metrics *ui_metrics(const struct ui *ui)
{
    return &ui->m;
}

struct font_cache *ui_fonts(struct ui *ui)
{
    return ui->fonts;
}

void ui_forget_texts(struct ui *ui)
{
    /* Lazily: the next frame (the idle screen) keeps its own texts, and
     * everything else, the last person's name included, is dropped. */
    ui->forget = 1;
}

void ui_resize(struct ui *ui)
{
    make_target(ui);
    compute_metrics(ui);
    font_cache_clear(ui->fonts);
}

void ui_frame_begin(struct ui *ui)
{
    for (int i = 0; i < ui->ntexts; i++)
        free(ui->texts[i]);
    ui->ntexts = 0;
    ui->ncontrols = 0;
    ui->nfits = 0;
    font_cache_frame(ui->fonts);
    if (ui->turned)
        SDL_SetRenderTarget(ui->r, ui->turned);
    SDL_SetRenderDrawColor(ui->r, theme_bg.r, theme_bg.g, theme_bg.b, 255);
    SDL_RenderClear(ui->r);
}

void ui_frame_end(struct ui *ui)
{
    if (ui->turned) {
        SDL_SetRenderTarget(ui->r, NULL);
        SDL_RenderClear(ui->r);
        SDL_Rect dst = {(ui->panel_w - ui->m.w) / 2, (ui->panel_h - ui->m.h) / 2, ui->m.w,
                        ui->m.h};
        SDL_RenderCopyEx(ui->r, ui->turned, NULL, &dst, ui->rotation, NULL, SDL_FLIP_NONE);
    }
    SDL_RenderPresent(ui->r);
    if (ui->forget) {
        font_cache_keep_frame(ui->fonts);
        ui->forget = 0;
    }
}

void ui_from_panel(const struct ui *ui, int *x, int *y)
{
    int dx = *x - ui->panel_w / 2, dy = *y - ui->panel_h / 2;
    switch (ui->rotation) {
    case 90: *x = ui->m.w / 2 + dy; *y = ui->m.h / 2 - dx; break;
    case 180: *x = ui->m.w / 2 - dx; *y = ui->m.h / 2 - dy; break;
    case 270: *x = ui->m.w / 2 - dy; *y = ui->m.h / 2 + dx; break;
    default: break;
    }
}

void ui_panel_size(const struct ui *ui, int *w, int *h)
{
    *w = ui->panel_w;
    *h = ui->panel_h;
}

void ui_from_touch(const struct ui *ui, float nx, float ny, int *x, int *y)
{
    *x = (int)(nx * (float)ui->panel_w);
    *y = (int)(ny * (float)ui->panel_h);
    *x = *x < 0 ? 0 : *x >= ui->panel_w ? ui->panel_w - 1 : *x;
    *y = *y < 0 ? 0 : *y >= ui->panel_h ? ui->panel_h - 1 : *y;
    ui_from_panel(ui, x, y);
}

void ui_to_panel(const struct ui *ui, int *x, int *y)
{
    int ux = *x - ui->m.w / 2, uy = *y - ui->m.h / 2;
    switch (ui->rotation) {
    case 90: *x = ui->panel_w / 2 - uy; *y = ui->panel_h / 2 + ux; break;
    case 180: *x = ui->panel_w / 2 - ux; *y = ui->panel_h / 2 - uy; break;
    case 270: *x = ui->panel_w / 2 + uy; *y = ui->panel_h / 2 - ux; break;
    default: break;
    }
}

void ui_log_text(struct ui *ui, const char *text)
{
    if (ui->ntexts < MAX_TEXTS && (ui->texts[ui->ntexts] = strdup(text)))
        ui->ntexts++;
}

void ui_add_control(struct ui *ui, SDL_Rect r, int action, const char *label)
{
    if (ui->ncontrols >= MAX_CONTROLS)
        return;
    struct control *c = &ui->controls[ui->ncontrols++];
    c->r = r;
    c->action = action;
    snprintf(c->label, sizeof c->label, "%s", label ? label : "");
}

void ui_log_fit(struct ui *ui, const char *text, enum ui_fit how)
{
    if (ui->nfits >= MAX_FITS)
        return;
    struct fit *f = &ui->fits[ui->nfits++];
    f->how = how;
    snprintf(f->text, sizeof f->text, "%s", text);
}

int ui_frame_bad_fit(const struct ui *ui, char *out, size_t outlen)
{
    for (int i = 0; i < ui->nfits; i++) {
        const struct fit *f = &ui->fits[i];
        int label = 0;
        for (int k = 0; k < ui->ncontrols && !label; k++)
            label = !strcmp(ui->controls[k].label, f->text);
        if (f->how == UI_FIT_CUT || (f->how == UI_FIT_SHRUNK && label)) {
            snprintf(out, outlen, "%s%s: %s", f->how == UI_FIT_CUT ? "cut" : "shrunk",
                     label ? " label" : " text", f->text);
            return 1;
        }
    }
    return 0;
}

int ui_hit(const struct ui *ui, int x, int y)
{
    SDL_Point p = {x, y};
    for (int i = ui->ncontrols - 1; i >= 0; i--)
        if (SDL_PointInRect(&p, &ui->controls[i].r))
            return ui->controls[i].action;
    return 0;
}

void ui_set_pressed(struct ui *ui, int action)
{
    ui->pressed = action;
}

int ui_pressed(const struct ui *ui)
{
    return ui->pressed;
}

int ui_frame_has_text(const struct ui *ui, const char *text)
{
    for (int i = 0; i < ui->ntexts; i++)
        if (strstr(ui->texts[i], text))
            return 1;
    for (int i = 0; i < ui->ncontrols; i++)
        if (strstr(ui->controls[i].label, text))
            return 1;
    return 0;
}

int ui_find_control(const struct ui *ui, const char *label, int *x, int *y)
{
    for (int i = 0; i < ui->ncontrols; i++) {
        if (!strcmp(ui->controls[i].label, label)) {
            *x = ui->controls[i].r.x + ui->controls[i].r.w / 2;
            *y = ui->controls[i].r.y + ui->controls[i].r.h / 2;
            return 0;
        }
    }
    return -1;
}

void ui_frame_texts(const struct ui *ui, char *out, size_t outlen)
{
    size_t used = 0;
    out[0] = '\0';
    for (int i = 0; i < ui->ntexts && used < outlen; i++)
        used += (size_t)snprintf(out + used, outlen - used, "  \"%s\"\n", ui->texts[i]);
}

/* Drawn in software and unturned, the frame is the window's own surface,
 * 32-bit XRGB or ARGB as png_write_argb reads it: NULL otherwise. */
static SDL_Surface *frame_surface(struct ui *ui)
{
    SDL_Surface *s = ui->software && !ui->turned ? SDL_GetWindowSurface(ui->win) : NULL;
    Uint32 f = s ? s->format->format : 0;
    if (!s || (f != SDL_PIXELFORMAT_RGB888 && f != SDL_PIXELFORMAT_ARGB8888) ||
        s->w != ui->m.w || s->h != ui->m.h || SDL_MUSTLOCK(s))
        return NULL;
    return s;
}

int ui_save_png(struct ui *ui, const char *path)
{
    int w = ui->m.w, h = ui->m.h;
    /* Straight from the window's surface when it holds the frame as is:
     * no copy of it to fault in (a scenario saves thousands). */
    SDL_Surface *frame = frame_surface(ui);
    if (frame) {
        int rc = png_write_argb(path, frame->pixels, w, h, frame->pitch);
        if (rc != 0)
            log_err("ui: cannot save %s: %s", path, strerror(errno));
        return rc;
    }
    uint32_t *px = malloc((size_t)w * (size_t)h * 4);
    if (!px) {
        log_err("ui: cannot save %s: no memory", path);
        return -1;
    }
    /* the picture as the screens drew it, turned or not */
    if (ui->turned)
        SDL_SetRenderTarget(ui->r, ui->turned);
    int rc = SDL_RenderReadPixels(ui->r, NULL, SDL_PIXELFORMAT_ARGB8888, px, w * 4);
    if (ui->turned)
        SDL_SetRenderTarget(ui->r, NULL);
    if (rc != 0)
        log_err("ui: cannot read the frame for %s: %s", path, SDL_GetError());
    else if ((rc = png_write_argb(path, px, w, h, w * 4)) != 0)
        log_err("ui: cannot save %s: %s", path, strerror(errno));
    free(px);
    return rc;
}
