/* ui.h: the window, its renderer and what one frame holds.
 *
 * Screens draw in immediate mode: every frame lists its controls again, and
 * ui keeps that list for hit testing (ui_hit) and for headless scenarios
 * (ui_frame_has_text, ui_find_control). */
#ifndef UI_H
#define UI_H

#include <SDL.h>
#include <stddef.h>

struct ui;
struct font_cache;

struct ui_options {
    int width, height;      /* 0: the display's size (fullscreen) or 1280x800 */
    int fullscreen;
    int headless;           /* dummy video driver, software renderer */
    int software;           /* software renderer on a real display too */
    int rotation;           /* 0, 90, 180, 270: the picture turned clockwise on
                               the panel (a portrait panel used landscape) */
    const char *font;       /* a font file, or a fontconfig pattern */
    int display;            /* the display the window opens on (0: the first) */
    int secondary;          /* a second window (the presenter display): SDL is
                               already running and stays running when it closes */
    const char *title;      /* the window's title; NULL: "stagekiosk" */
};

/* Sizes of one frame, derived from the window size. */
struct ui_metrics {
    int w, h;
    int body;       /* body text pixel size */
    int small;
    int title;
    int huge;
    int pad;        /* margin between blocks */
    int gap;        /* space between controls, >= 8 px */
    int target;     /* minimum touch target side */
    int bar;        /* status bar height */
};

/* Opens the window. NULL with a Dutch message in err (e.g. no display). */
struct ui *ui_open(const struct ui_options *opt, char *err, size_t errlen);
void ui_close(struct ui *ui);

SDL_Renderer *ui_renderer(struct ui *ui);
/* 1 when SDL draws through KMSDRM (the Pi without a desktop), which has
 * its own ways with a second window (ui.c, firmware/presenter.c). */
int ui_on_kmsdrm(void);

/* The SDL window: which display it is on, which events are its own. */
SDL_Window *ui_window(const struct ui *ui);
const struct ui_metrics *ui_metrics(const struct ui *ui);

/* Turns a point on the panel (a touch) into the picture's coordinates,
 * and back (for scenarios that tap a control). */
void ui_from_panel(const struct ui *ui, int *x, int *y);
void ui_to_panel(const struct ui *ui, int *x, int *y);
/* A touch at the fractions nx, ny (0..1) of the panel, in the picture's
 * coordinates. */
void ui_from_touch(const struct ui *ui, float nx, float ny, int *x, int *y);
/* The panel's size in pixels (the picture's, turned by the rotation). */
void ui_panel_size(const struct ui *ui, int *w, int *h);

/* Drops every rendered text kept for reuse that the next frame does not
 * show, so nothing of the last person stays in memory after they leave. */
void ui_forget_texts(struct ui *ui);

/* The window changed size. */
void ui_resize(struct ui *ui);

/* Starts a frame: clears to the background and forgets the last controls. */
void ui_frame_begin(struct ui *ui);
/* Shows the frame. */
void ui_frame_end(struct ui *ui);

/* Frame log: texts drawn and controls placed (each with an action id). */
void ui_log_text(struct ui *ui, const char *text);
void ui_add_control(struct ui *ui, SDL_Rect r, int action, const char *label);

/* What the drawing layer had to do to make a text fit its room: drawn
 * smaller than asked, cut with "…", or cut where that is accepted (a
 * list cell holding a very long name; see text_draw_cell). */
enum ui_fit { UI_FIT_SHRUNK, UI_FIT_CUT, UI_FIT_CUT_ALLOWED };
void ui_log_fit(struct ui *ui, const char *text, enum ui_fit how);

/* 1 when the last frame cut a text (accepted cuts aside) or drew a
 * control's label smaller than its kind's size; the first such text and
 * what happened to it in out ("cut: ...", "shrunk label: ..."). */
int ui_frame_bad_fit(const struct ui *ui, char *out, size_t outlen);

/* The action of the control at x,y in the last frame, 0 when none. */
int ui_hit(const struct ui *ui, int x, int y);
/* The action of the control being pressed (drawn darker), 0 when none. */
void ui_set_pressed(struct ui *ui, int action);
int ui_pressed(const struct ui *ui);

/* 1 when text was drawn in the last frame (as a whole string or inside one). */
int ui_frame_has_text(const struct ui *ui, const char *text);
/* Centre of the control whose label is label. 0 found, -1 not. */
int ui_find_control(const struct ui *ui, const char *label, int *x, int *y);
/* All texts of the last frame, one per line, for a failed expectation. */
void ui_frame_texts(const struct ui *ui, char *out, size_t outlen);

/* Writes the last presented frame as a PNG. 0 or -1. */
int ui_save_png(struct ui *ui, const char *path);

/* The window's fonts and rendered strings (ui/font.h), for ui/text.c. */
struct font_cache *ui_fonts(struct ui *ui);

#endif
