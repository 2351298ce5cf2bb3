/* font.h: fonts (known files, else found through fontconfig), opened by
 * pixel size, and a cache of rendered strings so a redraw costs a copy.
 * Knows SDL_ttf and a renderer, nothing of frames or screens (ui/text.h lays text out). */
#ifndef FONT_H
#define FONT_H

#include <SDL.h>
#include <stddef.h>

struct font_cache;

enum font_weight { FONT_REGULAR, FONT_BOLD };

/* Opens the fonts for pattern (a file path or a fontconfig name such as
 * "Inter"); falls back to any sans font. NULL with a message in err. */
struct font_cache *font_open(SDL_Renderer *r, const char *pattern, char *err, size_t errlen);
void font_close(struct font_cache *fc);

/* The regular and semibold font files for pattern: a file path (both the
 * same), a family whose files are known (no fontconfig needed), else
 * fontconfig's match, else its sans-serif. how: one of the values below.
 * 0, or -1 when none was found. */
enum { FONT_FILES_ANY, FONT_FILES_KNOWN, FONT_FILES_FONTCONFIG };
int font_files(const char *pattern, int how, char path[2][1024]);

/* The texture of text drawn at size, weight and colour, rendered on a
 * miss; its size in *w, *h. NULL when it cannot be rendered (logged). The
 * texture stays the cache's. */
SDL_Texture *font_texture(struct font_cache *fc, const char *text, int size,
                          enum font_weight weight, SDL_Color c, int *w, int *h);

/* Width of text in pixels at size; 0 for an empty text. */
int font_width(struct font_cache *fc, const char *text, int size, enum font_weight weight);

/* Drops every cached texture (after the window size changed). */
void font_cache_clear(struct font_cache *fc);

/* Marks the start of a frame; font_cache_keep_frame() then drops every
 * texture that the frame since did not draw. */
void font_cache_frame(struct font_cache *fc);
void font_cache_keep_frame(struct font_cache *fc);

#endif
