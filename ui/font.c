/* font.c: SDL_ttf fonts by pixel size, plus a small cache of rendered
 * strings: a kiosk shows the same few texts frame after frame. */
#include "ui/font.h"
#include "base/log.h"

#include <SDL_ttf.h>
#include <errno.h>
#include <fcntl.h>
#include <fontconfig/fontconfig.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define FONT_SLOTS 12
#define CACHE_SLOTS 160
#define PROBE_SIZE 20
#define WIDTH_SLOTS 512     /* measured widths, by hash: direct-mapped */

struct font_slot {
    int size;
    enum font_weight weight;
    TTF_Font *font;
};

struct cache_slot {
    uint64_t hash;
    char *text;
    int size;
    enum font_weight weight;
    SDL_Color color;
    SDL_Texture *tex;
    int w, h;
    uint64_t used;
};

struct font_cache {
    SDL_Renderer *r;
    char path[2][1024];     /* regular, bold */
    void *data[2];          /* their contents, mapped once */
    size_t len[2];
    struct font_slot fonts[FONT_SLOTS];
    struct cache_slot cache[CACHE_SLOTS];
    uint64_t tick;
    uint64_t frame_tick;    /* tick when the current frame began */
    /* Widths measured before: a cell that cuts a long name measures it a
     * handful of times every frame, and shaping is most of a frame. */
    struct {
        uint64_t hash;
        int w;
    } widths[WIDTH_SLOTS];
};

/* The file fontconfig picks for pattern at a weight; 0 or -1. */
static int font_file(const char *pattern, int weight, char *out, size_t len)
{
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

/* Families whose files are known where Debian's package puts them, so the
 * usual start needs no fontconfig: reading its configuration and cache
 * was a third of the instructions to the first frame. tests/test_font.c
 * checks that fontconfig picks the same files. */
static const struct {
    const char *family;
    const char *file[2]; /* regular, semibold */
} known_fonts[] = {
    {"Inter", {"/usr/share/fonts/opentype/inter/Inter-Regular.otf",
               "/usr/share/fonts/opentype/inter/Inter-SemiBold.otf"}},
};

int font_files(const char *pattern, int how, char path[2][1024])
{
    if (pattern[0] == '/') {
        snprintf(path[0], sizeof path[0], "%s", pattern);
        snprintf(path[1], sizeof path[1], "%s", pattern);
        return 0;
    }
    size_t nknown = how == FONT_FILES_FONTCONFIG ? 0 : sizeof known_fonts / sizeof known_fonts[0];
    for (size_t k = 0; k < nknown; k++) {
        if (strcasecmp(pattern, known_fonts[k].family) != 0 ||
            access(known_fonts[k].file[0], R_OK) != 0 || access(known_fonts[k].file[1], R_OK) != 0)
            continue;
        for (int i = 0; i < 2; i++)
            snprintf(path[i], sizeof path[i], "%s", known_fonts[k].file[i]);
        return 0;
    }
    if (how == FONT_FILES_KNOWN)
        return -1;
    static int fc_ready;
    if (!fc_ready)
        fc_ready = FcInit();
    const int weights[2] = {FC_WEIGHT_REGULAR, FC_WEIGHT_SEMIBOLD};
    for (int i = 0; i < 2; i++)
        if (font_file(pattern, weights[i], path[i], sizeof path[i]) != 0 &&
            font_file("sans-serif", weights[i], path[i], sizeof path[i]) != 0)
            return -1;
    return 0;
}

/* The file at path mapped read-only, its length in *len; NULL (SDL's
 * error set) when it cannot be. Its pages come from the page cache as
 * FreeType touches them: at start nothing is copied (a read of both
 * files cost a tenth of the time to the first frame on the host). */
static void *map_file(const char *path, size_t *len)
{
    errno = 0;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    struct stat st;
    void *p = MAP_FAILED;
    if (fd >= 0 && fstat(fd, &st) == 0 && st.st_size > 0)
        p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
    int e = errno;
    if (fd >= 0)
        close(fd);
    if (p == MAP_FAILED) {
        SDL_SetError("%s: %s", path, strerror(e ? e : EINVAL)); /* EINVAL: empty */
        return NULL;
    }
    *len = (size_t)st.st_size;
    return p;
}

/* weight's font at size, from its file in memory: FreeType reads glyph
 * data for every measurement and every new string, and from a file each
 * of those reads is a seek and a read (most of an attendance frame's
 * time, measured). NULL (SDL_GetError says why) when it cannot. */
static TTF_Font *open_font(struct font_cache *fc, enum font_weight weight, int size)
{
    if (!fc->data[weight])
        fc->data[weight] = map_file(fc->path[weight], &fc->len[weight]);
    if (!fc->data[weight])
        return NULL;
    SDL_RWops *rw = SDL_RWFromConstMem(fc->data[weight], (int)fc->len[weight]);
    return rw ? TTF_OpenFontRW(rw, 1, size) : NULL;
}

static void font_unmap(struct font_cache *fc)
{
    for (int i = 0; i < 2; i++)
        if (fc->data[i])
            munmap(fc->data[i], fc->len[i]);
}

struct font_cache *font_open(SDL_Renderer *r, const char *pattern, char *err, size_t errlen)
{
    if (!TTF_WasInit() && TTF_Init() != 0) {
        snprintf(err, errlen, "Tekst kan niet worden getoond: %s", TTF_GetError());
        return NULL;
    }
    struct font_cache *fc = calloc(1, sizeof *fc);
    if (!fc) {
        snprintf(err, errlen, "Geen geheugen vrij.");
        return NULL;
    }
    fc->r = r;
    if (font_files(pattern, FONT_FILES_ANY, fc->path) != 0) {
        snprintf(err, errlen, "Geen lettertype gevonden voor '%s'. Installeer fonts-inter.",
                 pattern);
        free(fc);
        return NULL;
    }
    /* Open one size now, so a broken font shows at start, not mid-session;
     * it stays in the font slots for the frames that use it. */
    TTF_Font *probe = open_font(fc, FONT_REGULAR, PROBE_SIZE);
    if (!probe) {
        snprintf(err, errlen, "Lettertype %s gaat niet open: %s", fc->path[0], TTF_GetError());
        font_unmap(fc);
        free(fc);
        return NULL;
    }
    fc->fonts[0] = (struct font_slot){PROBE_SIZE, FONT_REGULAR, probe};
    log_info("font: fonts %s, %s", fc->path[0], fc->path[1]);
    return fc;
}

void font_cache_clear(struct font_cache *fc)
{
    for (int i = 0; i < CACHE_SLOTS; i++) {
        if (fc->cache[i].tex)
            SDL_DestroyTexture(fc->cache[i].tex);
        free(fc->cache[i].text);
        memset(&fc->cache[i], 0, sizeof fc->cache[i]);
    }
}

void font_cache_frame(struct font_cache *fc)
{
    fc->frame_tick = ++fc->tick;
}

void font_cache_keep_frame(struct font_cache *fc)
{
    for (int i = 0; i < CACHE_SLOTS; i++) {
        struct cache_slot *s = &fc->cache[i];
        if (s->tex && s->used < fc->frame_tick) {
            SDL_DestroyTexture(s->tex);
            free(s->text);
            memset(s, 0, sizeof *s);
        }
    }
}

void font_close(struct font_cache *fc)
{
    if (!fc)
        return;
    font_cache_clear(fc);
    for (int i = 0; i < FONT_SLOTS; i++)
        if (fc->fonts[i].font)
            TTF_CloseFont(fc->fonts[i].font);
    font_unmap(fc);
    free(fc);
}

static TTF_Font *font_get(struct font_cache *fc, int size, enum font_weight weight)
{
    int victim = 0;
    for (int i = 0; i < FONT_SLOTS; i++) {
        struct font_slot *f = &fc->fonts[i];
        if (f->font && f->size == size && f->weight == weight)
            return f->font;
        if (!f->font)
            victim = i;
    }
    struct font_slot *f = &fc->fonts[victim];
    if (f->font)
        TTF_CloseFont(f->font);
    f->font = open_font(fc, weight, size);
    f->size = size;
    f->weight = weight;
    if (!f->font)
        log_err("font: cannot open %s at %d px: %s", fc->path[weight], size, TTF_GetError());
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
static struct cache_slot *texture_get(struct font_cache *fc, const char *text, int size,
                                      enum font_weight weight, SDL_Color c)
{
    uint64_t h = hash_text(text, size, weight, c);
    int victim = 0;
    fc->tick++;
    for (int i = 0; i < CACHE_SLOTS; i++) {
        struct cache_slot *s = &fc->cache[i];
        if (s->tex && s->hash == h && s->size == size && s->weight == weight &&
            !strcmp(s->text, text)) {
            s->used = fc->tick;
            return s;
        }
        if (s->used < fc->cache[victim].used)
            victim = i;
    }
    TTF_Font *font = font_get(fc, size, weight);
    if (!font)
        return NULL;
    SDL_Surface *surf = TTF_RenderUTF8_Blended(font, text, c);
    if (!surf) {
        log_warn("font: cannot render '%s': %s", text, TTF_GetError());
        return NULL;
    }
    struct cache_slot *s = &fc->cache[victim];
    if (s->tex)
        SDL_DestroyTexture(s->tex);
    free(s->text);
    s->tex = SDL_CreateTextureFromSurface(fc->r, surf);
    s->w = surf->w;
    s->h = surf->h;
    SDL_FreeSurface(surf);
    s->text = strdup(text);
    s->hash = h;
    s->size = size;
    s->weight = weight;
    s->color = c;
    s->used = fc->tick;
    if (!s->tex || !s->text) {
        if (s->tex)
            SDL_DestroyTexture(s->tex);
        free(s->text);
        memset(s, 0, sizeof *s);
        return NULL;
    }
    return s;
}


SDL_Texture *font_texture(struct font_cache *fc, const char *text, int size,
                          enum font_weight weight, SDL_Color c, int *w, int *h)
{
    struct cache_slot *s = texture_get(fc, text, size, weight, c);
    if (!s)
        return NULL;
    *w = s->w;
    *h = s->h;
    return s->tex;
}

int font_width(struct font_cache *fc, const char *text, int size, enum font_weight weight)
{
    if (!text || !*text)
        return 0;
    uint64_t h = hash_text(text, size, weight, (SDL_Color){0, 0, 0, 0}) | 1; /* 0: empty */
    int slot = (int)(h % WIDTH_SLOTS);
    if (fc->widths[slot].hash == h)
        return fc->widths[slot].w;
    TTF_Font *font = font_get(fc, size, weight);
    int w = 0;
    if (font && TTF_SizeUTF8(font, text, &w, NULL) == 0) {
        fc->widths[slot].hash = h;
        fc->widths[slot].w = w;
    }
    return w;
}
