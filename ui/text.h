/* text.h: drawing and measuring UTF-8 text on a frame: fitted into a
 * width, or wrapped. The fonts and the cache of rendered strings are
 * ui/font.h's; the frame learns what had to be shrunk or cut. */
#ifndef TEXT_H
#define TEXT_H

#include "ui/font.h"
#include "ui/ui.h"

#include <SDL.h>

enum text_weight { TEXT_REGULAR = FONT_REGULAR, TEXT_BOLD = FONT_BOLD };
enum text_align { TEXT_LEFT, TEXT_CENTER, TEXT_RIGHT };

/* Draws text with its left/centre/right edge at x and its top at y.
 * Returns the width drawn. Logs the text in the frame log. */
int text_draw(struct ui *ui, const char *text, int size, enum text_weight weight, SDL_Color c,
              int x, int y, enum text_align align);

/* Draws text in at most width w: a smaller size (down to min_size) before
 * it runs over, and cut with "…" when even that is too wide. Returns the
 * size used. The frame is told when it shrank (UI_FIT_SHRUNK) or cut
 * (UI_FIT_CUT): a scenario fails on a cut, and on a control's label that
 * shrank (ui_frame_bad_fit). */
int text_draw_fit(struct ui *ui, const char *text, int size, int min_size,
                  enum text_weight weight, SDL_Color c, int x, int y, int w,
                  enum text_align align);

/* Draws text at size in at most width w, cut with "…" when it is wider:
 * only for a cell of a list whose text may be longer than any screen (a
 * very long name), where cutting is accepted (UI_FIT_CUT_ALLOWED; not
 * refused by scenarios). Returns the width drawn. */
int text_draw_cell(struct ui *ui, const char *text, int size, enum text_weight weight,
                   SDL_Color c, int x, int y, int w, enum text_align align);

/* How many lines text_draw_wrapped() would use for text in width w. */
int text_count_lines(struct ui *ui, const char *text, int size, enum text_weight weight, int w);

/* 1 when text_draw_wrapped() would draw text in width w without cutting
 * a word wider than w. */
int text_fits_wrapped(struct ui *ui, const char *text, int size, enum text_weight weight, int w);

/* Width of text in pixels at size. */
int text_width(struct ui *ui, const char *text, int size, enum text_weight weight);

/* Draws text wrapped at word boundaries into width w; returns the height
 * used. Lines are `size * 1.3` apart. A word wider than w is cut (and
 * the frame told, UI_FIT_CUT). */
int text_draw_wrapped(struct ui *ui, const char *text, int size, enum text_weight weight,
                      SDL_Color c, int x, int y, int w, enum text_align align);

#endif
