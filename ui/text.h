/* text.h: fonts (found through fontconfig), drawing and measuring UTF-8
 * text, and a cache of rendered strings so a redraw costs a copy. */
#ifndef TEXT_H
#define TEXT_H

#include "ui/ui.h"

#include <SDL.h>

struct text_cache;

enum text_weight { TEXT_REGULAR, TEXT_BOLD };
enum text_align { TEXT_LEFT, TEXT_CENTER, TEXT_RIGHT };

/* Opens the fonts for pattern (a file path or a fontconfig name such as
 * "Inter"); falls back to any sans font. NULL with a message in err. */
struct text_cache *text_open(SDL_Renderer *r, const char *pattern, char *err, size_t errlen);
void text_close(struct text_cache *tc);

/* Draws text with its left/centre/right edge at x and its top at y.
 * Returns the width drawn. Logs the text in the frame log. */
int text_draw(struct ui *ui, const char *text, int size, enum text_weight weight, SDL_Color c,
              int x, int y, enum text_align align);

/* Draws text in at most width w: a smaller size (down to min_size) before
 * it runs over, and cut with "…" when even that is too wide. Returns the
 * size used. */
int text_draw_fit(struct ui *ui, const char *text, int size, int min_size,
                  enum text_weight weight, SDL_Color c, int x, int y, int w,
                  enum text_align align);

/* How many lines text_draw_wrapped() would use for text in width w. */
int text_count_lines(struct ui *ui, const char *text, int size, enum text_weight weight, int w);

/* Width of text in pixels at size. */
int text_width(struct ui *ui, const char *text, int size, enum text_weight weight);

/* Draws text wrapped at word boundaries into width w; returns the height
 * used. Lines are `size * 1.3` apart. */
int text_draw_wrapped(struct ui *ui, const char *text, int size, enum text_weight weight,
                      SDL_Color c, int x, int y, int w, enum text_align align);

/* Drops every cached texture (after the window size changed). */
void text_cache_clear(struct text_cache *tc);

/* Marks the start of a frame; text_cache_keep_frame() then drops every
 * texture that the frame since did not draw. */
void text_cache_frame(struct text_cache *tc);
void text_cache_keep_frame(struct text_cache *tc);

#endif
