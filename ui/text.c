/* text.c: SDL2_ttf fonts by pixel size, plus a small cache of rendered
 * strings: a kiosk shows the same few texts frame after frame. */
#include "ui/text.h"
#include "base/log.h"

#include <SDL_ttf.h>
#include <fontconfig/fontconfig.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FONT_SLOTS 12
#define CACHE_SLOTS 160

struct font_slot {
    int size;
    enum text_weight weight;
    TTF_Font *font;
};

struct cache_slot {
    uint64_t hash;
    char *text;
    int size;
    enum text_weight weight;
    SDL_Color color;
    SDL_Texture *tex;
    int w, h;
    uint64_t used;
};

struct text_cache {
    SDL_Renderer *r;
    char path[2][1024];     /* regular, bold */
    struct font_slot fonts[FONT_SLOTS];
    struct cache_slot cache[CACHE_SLOTS];
    uint64_t tick;
    uint64_t frame_tick;    /* tick when the current frame began */
};

/* The file fontconfig picks for pattern at a weight; 0 or -1. */
static int font_file(const char *pattern, int weight, char *out, size_t len)
{
    if (pattern[0] == '/') {
        snprintf(out, len, "%s", pattern);
        return 0;
    }
    FcPattern *p = FcNameParse((const FcChar8 *)pattern);
    if (!p)
        return -1;
    FcPatternAddInteger(p, FC_WEIGHT, weight);
    FcConfigSubstitute(NULL, p, FcMatchPattern);
    FcDefaultSubstitute(p);
    FcResult res;
    FcPattern *m = FcFontMatch(NULL, p, &res);
    FcChar8 *file = NULL;
    int rc = -1;
    if (m && FcPatternGetString(m, FC_FILE, 0, &file) == FcResultMatch) {
        snprintf(out, len, "%s", (const char *)file);
        rc = 0;
    }
    if (m)
        FcPatternDestroy(m);
    FcPatternDestroy(p);
    return rc;
}

struct text_cache *text_open(SDL_Renderer *r, const char *pattern, char *err, size_t errlen)
{
    if (!TTF_WasInit() && TTF_Init() != 0) {
        snprintf(err, errlen, "Tekst kan niet worden getoond: %s", TTF_GetError());
        return NULL;
    }
    struct text_cache *tc = calloc(1, sizeof *tc);
    if (!tc) {
        snprintf(err, errlen, "Geen geheugen vrij.");
        return NULL;
    }
    tc->r = r;
    FcInit();
    int weights[2] = {FC_WEIGHT_REGULAR, FC_WEIGHT_SEMIBOLD};
    for (int i = 0; i < 2; i++) {
        if (font_file(pattern, weights[i], tc->path[i], sizeof tc->path[i]) != 0 &&
            font_file("sans-serif", weights[i], tc->path[i], sizeof tc->path[i]) != 0) {
            snprintf(err, errlen, "Geen lettertype gevonden voor '%s'. Installeer fonts-inter.",
                     pattern);
            free(tc);
            return NULL;
        }
    }
    /* Try one size now, so a broken font shows at start, not mid-session. */
    TTF_Font *probe = TTF_OpenFont(tc->path[0], 20);
    if (!probe) {
        snprintf(err, errlen, "Lettertype %s gaat niet open: %s", tc->path[0], TTF_GetError());
        free(tc);
        return NULL;
    }
    TTF_CloseFont(probe);
    log_info("text: fonts %s, %s", tc->path[0], tc->path[1]);
    return tc;
}

void text_cache_clear(struct text_cache *tc)
{
    for (int i = 0; i < CACHE_SLOTS; i++) {
        if (tc->cache[i].tex)
            SDL_DestroyTexture(tc->cache[i].tex);
        free(tc->cache[i].text);
        memset(&tc->cache[i], 0, sizeof tc->cache[i]);
    }
}

void text_cache_frame(struct text_cache *tc)
{
    tc->frame_tick = ++tc->tick;
}

void text_cache_keep_frame(struct text_cache *tc)
{
    for (int i = 0; i < CACHE_SLOTS; i++) {
        struct cache_slot *s = &tc->cache[i];
        if (s->tex && s->used < tc->frame_tick) {
            SDL_DestroyTexture(s->tex);
            free(s->text);
            memset(s, 0, sizeof *s);
        }
    }
}

void text_close(struct text_cache *tc)
{
    if (!tc)
        return;
    text_cache_clear(tc);
    for (int i = 0; i < FONT_SLOTS; i++)
        if (tc->fonts[i].font)
            TTF_CloseFont(tc->fonts[i].font);
    free(tc);
}

static TTF_Font *font_get(struct text_cache *tc, int size, enum text_weight weight)
{
    int victim = 0;
    for (int i = 0; i < FONT_SLOTS; i++) {
        struct font_slot *f = &tc->fonts[i];
        if (f->font && f->size == size && f->weight == weight)
            return f->font;
        if (!f->font)
            victim = i;
    }
    struct font_slot *f = &tc->fonts[victim];
    if (f->font)
        TTF_CloseFont(f->font);
    f->font = TTF_OpenFont(tc->path[weight], size);
    f->size = size;
    f->weight = weight;
    if (!f->font)
        log_err("text: cannot open %s at %d px: %s", tc->path[weight], size, TTF_GetError());
    return f->font;
}

static uint64_t hash_text(const char *s, int size, int weight, SDL_Color c)
{
    uint64_t h = 1469598103934665603ull; /* FNV-1a */
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ull;
    h = (h ^ (uint64_t)size) * 1099511628211ull;
    h = (h ^ (uint64_t)weight) * 1099511628211ull;
    return h ^ ((uint64_t)c.r << 24 | (uint64_t)c.g << 16 | (uint64_t)c.b << 8 | c.a);
}

/* The cached texture for text, rendering it on a miss. NULL on failure. */
static struct cache_slot *texture_get(struct text_cache *tc, const char *text, int size,
                                      enum text_weight weight, SDL_Color c)
{
    uint64_t h = hash_text(text, size, weight, c);
    int victim = 0;
    tc->tick++;
    for (int i = 0; i < CACHE_SLOTS; i++) {
        struct cache_slot *s = &tc->cache[i];
        if (s->tex && s->hash == h && s->size == size && s->weight == weight &&
            !strcmp(s->text, text)) {
            s->used = tc->tick;
            return s;
        }
        if (s->used < tc->cache[victim].used)
            victim = i;
    }
    TTF_Font *font = font_get(tc, size, weight);
    if (!font)
        return NULL;
    SDL_Surface *surf = TTF_RenderUTF8_Blended(font, text, c);
    if (!surf) {
        log_warn("text: cannot render '%s': %s", text, TTF_GetError());
        return NULL;
    }
    struct cache_slot *s = &tc->cache[victim];
    if (s->tex)
        SDL_DestroyTexture(s->tex);
    free(s->text);
    s->tex = SDL_CreateTextureFromSurface(tc->r, surf);
    s->w = surf->w;
    s->h = surf->h;
    SDL_FreeSurface(surf);
    s->text = strdup(text);
    s->hash = h;
    s->size = size;
    s->weight = weight;
    s->color = c;
    s->used = tc->tick;
    if (!s->tex || !s->text) {
        if (s->tex)
            SDL_DestroyTexture(s->tex);
        free(s->text);
        memset(s, 0, sizeof *s);
        return NULL;
    }
    return s;
}

int text_draw(struct ui *ui, const char *text, int size, enum text_weight weight, SDL_Color c,
              int x, int y, enum text_align align)
{
    if (!text || !*text)
        return 0;
    ui_log_text(ui, text);
    struct cache_slot *s = texture_get(ui_text_cache(ui), text, size, weight, c);
    if (!s)
        return 0;
    SDL_Rect dst = {x, y, s->w, s->h};
    if (align == TEXT_CENTER)
        dst.x -= s->w / 2;
    else if (align == TEXT_RIGHT)
        dst.x -= s->w;
    SDL_RenderCopy(ui_renderer(ui), s->tex, NULL, &dst);
    return s->w;
}

int text_width(struct ui *ui, const char *text, int size, enum text_weight weight)
{
    TTF_Font *font = font_get(ui_text_cache(ui), size, weight);
    int w = 0;
    if (font && text && *text)
        TTF_SizeUTF8(font, text, &w, NULL);
    return w;
}

int text_draw_fit(struct ui *ui, const char *text, int size, int min_size,
                  enum text_weight weight, SDL_Color c, int x, int y, int w, enum text_align align)
{
    if (!text || !*text)
        return size;
    while (size > min_size && text_width(ui, text, size, weight) > w)
        size -= 2;
    if (text_width(ui, text, size, weight) <= w) {
        text_draw(ui, text, size, weight, c, x, y, align);
        return size;
    }
    /* The longest start that fits with "…" after it, found by halving over
     * the character boundaries: a handful of measurements, not one per
     * letter. */
    char cut[640];
    size_t at[640];
    int nb = 0;
    for (size_t i = 0; text[i] && i < sizeof cut - 8; i++)
        if (((unsigned char)text[i] & 0xC0) != 0x80)
            at[nb++] = i;
    int lo = 0, hi = nb - 1;
    while (lo < hi) {
        int mid = (lo + hi + 1) / 2;
        memcpy(cut, text, at[mid]);
        memcpy(cut + at[mid], "\xE2\x80\xA6", 4);
        if (text_width(ui, cut, size, weight) <= w)
            lo = mid;
        else
            hi = mid - 1;
    }
    size_t keep = at[lo];
    while (keep > 0 && text[keep - 1] == ' ')
        keep--;
    memcpy(cut, text, keep);
    memcpy(cut + keep, "\xE2\x80\xA6", 4);
    text_draw(ui, cut, size, weight, c, x, y, align);
    ui_log_text(ui, text); /* scenarios still find the whole text */
    return size;
}

/* How many bytes of p make the longest run of whole words that fits in w
 * (at least one word, cut when a single word is wider). */
static size_t line_fit(struct ui *ui, const char *p, int size, enum text_weight weight, int w)
{
    char line[512];
    size_t fit = 0, i = 0;
    for (;;) {
        while (p[i] && p[i] != ' ' && p[i] != '\n')
            i++;
        if (i >= sizeof line)
            break;
        memcpy(line, p, i);
        line[i] = '\0';
        if (fit && text_width(ui, line, size, weight) > w)
            break;
        fit = i;
        if (!p[i] || p[i] == '\n')
            break;
        i++;
    }
    if (!fit)
        fit = i < sizeof line ? i : sizeof line - 1;
    return fit;
}

static const char *skip_break(const char *p)
{
    while (*p == ' ' || *p == '\n')
        p++;
    return p;
}

int text_count_lines(struct ui *ui, const char *text, int size, enum text_weight weight, int w)
{
    int lines = 0;
    for (const char *p = text; p && *p; lines++)
        p = skip_break(p + line_fit(ui, p, size, weight, w));
    return lines;
}

int text_draw_wrapped(struct ui *ui, const char *text, int size, enum text_weight weight,
                      SDL_Color c, int x, int y, int w, enum text_align align)
{
    int line_h = size * 13 / 10, used = 0;
    char line[512];
    for (const char *p = text; *p; p = skip_break(p)) {
        size_t fit = line_fit(ui, p, size, weight, w);
        memcpy(line, p, fit);
        line[fit] = '\0';
        text_draw(ui, line, size, weight, c, x, y + used, align);
        ui_log_text(ui, text); /* the whole sentence is findable too */
        used += line_h;
        p += fit;
    }
    return used;
}
