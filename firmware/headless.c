/* headless.c: turns scenario steps into the same SDL events a scanner,
 * keyboard or finger would make, and checks what the screen shows. */
#include "firmware/headless.h"
#include "firmware/card.h"
#include "base/clock.h"
#include "base/log.h"
#include "base/textfile.h"
#include "firmware/script.h"
#include "firmware/touch.h"

#include <errno.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

extern char **environ;

#define SCAN_KEY_MS 2   /* a scanner's pace */
#define TYPE_KEY_MS 150 /* a person's pace */

/* Events that real threads pushed (the USB watch, the buttons) arrive as
 * they would in the loop. */
static void drain_queue(struct app *app)
{
    SDL_Event ev;
    while (SDL_PollEvent(&ev))
        if (ev.type >= SDL_USEREVENT ||
            ((ev.type == SDL_FINGERDOWN || ev.type == SDL_FINGERUP) &&
             ev.tfinger.touchId == TOUCH_ABS_ID))
            app_handle_event(app, &ev);
}

static void send(struct app *app, SDL_Event *ev)
{
    app_handle_event(app, ev);
    drain_queue(app);
    app_step(app);
}

static void advance(struct app *app, int64_t ms)
{
    int64_t end = clock_ms() + ms;
    for (;;) {
        int64_t next = app_next_deadline(app);
        if (next > end)
            next = end;
        if (next > clock_ms())
            clock_advance(next - clock_ms());
        drain_queue(app);
        app_step(app);
        if (clock_ms() >= end)
            break;
    }
}

static void type_text(struct app *app, const char *text, int pace_ms)
{
    for (const char *p = text; *p;) {
        /* one UTF-8 character per event, as SDL delivers keys */
        size_t n = 1;
        while (p[n] && ((unsigned char)p[n] & 0xC0) == 0x80)
            n++;
        SDL_Event ev = {.type = SDL_TEXTINPUT};
        memcpy(ev.text.text, p, n < sizeof ev.text.text ? n : sizeof ev.text.text - 1);
        send(app, &ev);
        advance(app, pace_ms);
        p += n;
    }
}

/* A key as SDL delivers it from a keyboard: down, the text it types (a
 * printable key), up. */
static void press_key(struct app *app, SDL_Keycode key)
{
    SDL_Event ev = {.type = SDL_KEYDOWN};
    ev.key.keysym.sym = key;
    ev.key.keysym.scancode = SDL_GetScancodeFromKey(key);
    send(app, &ev);
    if (key >= 32 && key < 127) {
        SDL_Event text = {.type = SDL_TEXTINPUT};
        text.text.text[0] = (char)key;
        send(app, &text);
    }
    ev.type = SDL_KEYUP;
    send(app, &ev);
}

/* A press as STAGEKIOSK_HEADLESS_TOUCH says it arrives: "finger" as a
 * touch screen's SDL finger events under KMSDRM, "abs" as the kernel
 * events of an absolute pointer (QEMU's usb-tablet) through abspointer.c,
 * else as a mouse button (X11, and what the scenarios always did). */
static void press_edge(struct app *app, int px, int py, int down)
{
    static const char *how;
    if (!how)
        how = getenv("STAGEKIOSK_HEADLESS_TOUCH") ? getenv("STAGEKIOSK_HEADLESS_TOUCH") : "";
    int pw, ph;
    ui_panel_size(app_ui(app), &pw, &ph);
    float nx = ((float)px + 0.5f) / (float)pw, ny = ((float)py + 0.5f) / (float)ph;
    SDL_Event ev = {0};
    if (!strcmp(how, "abs")) {
        touch_inject_abs(nx, ny, down);
        drain_queue(app);
        app_step(app);
        return;
    }
    if (!strcmp(how, "finger")) {
        ev.type = down ? SDL_FINGERDOWN : SDL_FINGERUP;
        ev.tfinger.touchId = 1;
        ev.tfinger.fingerId = 7;
        ev.tfinger.x = nx;
        ev.tfinger.y = ny;
        ev.tfinger.pressure = 1;
    } else {
        ev.type = down ? SDL_MOUSEBUTTONDOWN : SDL_MOUSEBUTTONUP;
        ev.button.button = SDL_BUTTON_LEFT;
        ev.button.x = px;
        ev.button.y = py;
    }
    send(app, &ev);
}

/* x, y in the picture's coordinates; the event carries the panel's, as a
 * real touch would. */
static void press(struct app *app, int x, int y, int64_t ms)
{
    ui_to_panel(app_ui(app), &x, &y);
    press_edge(app, x, y, 1);
    advance(app, ms);
    press_edge(app, x, y, 0);
}

/* Negative coordinates count from the right or bottom edge, so one
 * scenario fits every screen size. */
static void place(struct app *app, long *x, long *y)
{
    const struct ui_metrics *m = ui_metrics(app_ui(app));
    if (*x < 0)
        *x += m->w;
    if (*y < 0)
        *y += m->h;
}

static void tap(struct app *app, int x, int y)
{
    press(app, x, y, 80); /* a finger rests on the glass for a moment */
}

/* Runs this program with the step's words, on the same data, sharing the
 * virtual clock through STAGEKIOSK_NOW. */
static int run_cli(const struct headless_env *env, const char *args)
{
    char buf[SCRIPT_ARG_MAX], now[32];
    char *words[48], *argv[56];
    snprintf(buf, sizeof buf, "%s", args);
    int n = script_split_words(buf, words, 48);
    if (n <= 0)
        return -1;
    int k = 0;
    argv[k++] = (char *)env->self;
    argv[k++] = "--data";
    argv[k++] = (char *)env->data_dir;
    if (env->config_path) {
        argv[k++] = "--config";
        argv[k++] = (char *)env->config_path;
    }
    for (int i = 0; i < n; i++)
        argv[k++] = words[i];
    argv[k] = NULL;
    snprintf(now, sizeof now, "%lld", (long long)clock_unix());
    setenv("STAGEKIOSK_NOW", now, 1);
    pid_t pid;
    int rc = posix_spawn(&pid, env->self, NULL, NULL, argv, environ);
    unsetenv("STAGEKIOSK_NOW");
    if (rc != 0) {
        log_err("script: cannot run %s: %s", env->self, strerror(rc));
        return -1;
    }
    int status;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* The window an expect is about: the touchscreen, or the presenter. */
static struct ui *step_ui(struct app *app, const struct script_step *st)
{
    return st->on_presenter ? app_presenter_ui(app) : app_ui(app);
}

static int fail(const struct script_step *st, struct app *app, const char *fmt, const char *arg)
{
    char seen[4096] = "";
    struct ui *ui = step_ui(app, st);
    if (ui)
        ui_frame_texts(ui, seen, sizeof seen);
    fprintf(stderr, "scenario line %d: ", st->line);
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\n  %s: %s\n  text on it:\n%s", st->on_presenter ? "presenter" : "screen",
            st->on_presenter ? app_presenter_screen_id(app) : app_screen_id(app), seen);
    return 1;
}

/* Saves the touchscreen's frame, and the presenter's beside it. */
static int save_shots(struct app *app, const struct script_step *st, const char *dir)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s.png", dir, st->arg);
    app_draw(app);
    if (ui_save_png(app_ui(app), path) != 0)
        return fail(st, app, "cannot write %s", path);
    struct ui *stage = app_presenter_ui(app);
    snprintf(path, sizeof path, "%s/%s.presenter.png", dir, st->arg);
    if (stage && ui_save_png(stage, path) != 0)
        return fail(st, app, "cannot write %s", path);
    return 0;
}

static int run_step(struct app *app, const struct script_step *st,
                    const struct headless_env *env)
{
    int x, y;
    switch (st->op) {
    case SCRIPT_SCAN:
        type_text(app, st->arg, SCAN_KEY_MS);
        press_key(app, SDLK_RETURN);
        return 0;
    case SCRIPT_SCAN_CARD: {
        char code[CARD_CODE_MAX];
        app_card_code(app, st->arg, code, sizeof code);
        if (!code[0])
            return fail(st, app, "no card for student %s", st->arg);
        type_text(app, code, SCAN_KEY_MS);
        press_key(app, SDLK_RETURN);
        return 0;
    }
    case SCRIPT_TYPE:
        type_text(app, st->arg, TYPE_KEY_MS);
        return 0;
    case SCRIPT_KEY: {
        SDL_Keycode key = SDL_GetKeyFromName(st->arg);
        if (key == SDLK_UNKNOWN)
            return fail(st, app, "unknown key %s", st->arg);
        press_key(app, key);
        return 0;
    }
    case SCRIPT_WHERE: {
        /* For the image test: where on the panel, as fractions of its width
         * and height, a touch lands on this control (rotation included). */
        if (ui_find_control(app_ui(app), st->arg, &x, &y) != 0)
            return fail(st, app, "no control \"%s\" on screen", st->arg);
        int pw, ph;
        ui_to_panel(app_ui(app), &x, &y);
        ui_panel_size(app_ui(app), &pw, &ph);
        printf("where \"%s\" %.4f %.4f\n", st->arg, ((double)x + 0.5) / pw,
               ((double)y + 0.5) / ph);
        fflush(stdout);
        return 0;
    }
    case SCRIPT_TAP_LABEL:
        if (ui_find_control(app_ui(app), st->arg, &x, &y) != 0)
            return fail(st, app, "no control \"%s\" on screen", st->arg);
        log_debug("script: tap \"%s\" at %d,%d", st->arg, x, y); /* image/imagetest.py taps there */
        tap(app, x, y);
        return 0;
    case SCRIPT_TAP_XY:
    case SCRIPT_PRESS: {
        long x = st->x, y = st->y;
        place(app, &x, &y);
        press(app, (int)x, (int)y, st->op == SCRIPT_PRESS ? st->ms : 80);
        return 0;
    }
    case SCRIPT_BUTTON:
    case SCRIPT_HOLD:
        app_button(app, (int)st->x - 1, 1, clock_ms() * 1000000LL);
        drain_queue(app);
        app_step(app);
        advance(app, st->ms);
        app_button(app, (int)st->x - 1, 0, clock_ms() * 1000000LL);
        drain_queue(app);
        app_step(app);
        return 0;
    case SCRIPT_WAIT:
        advance(app, st->x);
        return 0;
    case SCRIPT_CLOCK:
        clock_set_virtual((int64_t)st->x * 1000);
        app_clock_changed(app);
        app_step(app);
        return 0;
    case SCRIPT_CLI: {
        int rc = run_cli(env, st->arg);
        return rc == 0 ? 0 : fail(st, app, "cli %s failed", st->arg);
    }
    case SCRIPT_PRESENTER:
        if (app_presenter(app, (int)st->x, (int)st->y) != 0)
            return fail(st, app, "cannot open the presenter display%s", "");
        app_step(app);
        return 0;
    case SCRIPT_SHOT:
        return env->shots_dir ? save_shots(app, st, env->shots_dir) : 0;
    case SCRIPT_EXPECT_SCREEN: {
        const char *id = st->on_presenter ? app_presenter_screen_id(app) : app_screen_id(app);
        return strcmp(id, st->arg) ? fail(st, app, "expected screen %s", st->arg) : 0;
    }
    case SCRIPT_EXPECT_TEXT:
    case SCRIPT_EXPECT_NO_TEXT: {
        struct ui *ui = step_ui(app, st);
        if (!ui)
            return fail(st, app, "no presenter display is connected%s", "");
        int want = st->op == SCRIPT_EXPECT_TEXT;
        if (ui_frame_has_text(ui, st->arg) == want)
            return 0;
        return fail(st, app, want ? "expected \"%s\"" : "did not expect \"%s\"", st->arg);
    }
    }
    return 0;
}

/* No text is cut on any screen, and no control's label drawn smaller than
 * its kind's size: checked after every step on both windows, so every
 * scenario at every size refuses a cut label (ui_frame_bad_fit; a list
 * cell that may cut a very long name says so with text_draw_cell). */
/* Screens whose cut text another part of issue 13 is still fixing: the
 * cut is reported, naming the screen, but does not fail the scenario.
 * Empty this list as they are fixed. */
static const char *const unfit_pending[] = {
    "dossier", /* "Dossier van <name>" beside the radar at 800x480 */
};

static int unfit_is_pending(const char *screen)
{
    for (size_t i = 0; i < sizeof unfit_pending / sizeof unfit_pending[0]; i++)
        if (!strcmp(unfit_pending[i], screen))
            return 1;
    return 0;
}

static int check_fit(struct app *app, const struct script_step *st, const char *shots)
{
    char what[160], path[4096];
    struct ui *ui = app_ui(app), *stage = app_presenter_ui(app);
    int on_stage = 0;
    if (!ui_frame_bad_fit(ui, what, sizeof what)) {
        if (!stage || !ui_frame_bad_fit(stage, what, sizeof what))
            return 0;
        on_stage = 1;
    }
    const char *screen = on_stage ? app_presenter_screen_id(app) : app_screen_id(app);
    int pending = !on_stage && unfit_is_pending(screen);
    static int pending_told;
    if (pending && pending_told++)
        return 0;
    fprintf(stderr, "scenario line %d: %stext does not fit on %s %s (%s)\n", st->line,
            pending ? "known, not failing yet: " : "", on_stage ? "presenter screen" : "screen",
            screen, what);
    if (shots && !pending) {
        /* the frame as it was, to look at */
        snprintf(path, sizeof path, "%s/unfit-line%d.png", shots, st->line);
        if (ui_save_png(on_stage ? stage : ui, path) == 0)
            fprintf(stderr, "  see %s\n", path);
    }
    return !pending;
}

int headless_run(struct app *app, const char *path, const struct headless_env *env)
{
    char *text = textfile_read(path);
    if (!text) {
        fprintf(stderr, "Scenario %s is niet te lezen.\n", path);
        return 1;
    }
    struct script s;
    char err[256];
    int rc = script_parse(text, &s, err, sizeof err);
    free(text);
    if (rc != 0) {
        fprintf(stderr, "%s: %s\n", path, err);
        return 1;
    }
    app_step(app);
    for (size_t i = 0; i < s.n && rc == 0; i++) {
        rc = run_step(app, &s.steps[i], env);
        if (rc == 0)
            rc = check_fit(app, &s.steps[i], env->shots_dir);
    }
    script_free(&s);
    return rc;
}
