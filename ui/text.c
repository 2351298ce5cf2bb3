/* text.c: laying text out on a frame: drawn, measured, fitted into a
 * width (smaller, or cut with "…") and wrapped at word boundaries. Fonts
 * and rendered strings come from ui/font.h; what had to be shrunk or cut
 * is told to the frame (ui_log_fit), so scenarios can refuse a cut label. */
#include "ui/text.h"
#include "ui/font.h"

#include <stdio.h>
#include <string.h>

int text_draw(struct ui *ui, const char *text, int size, enum text_weight weight, SDL_Color c,
              int x, int y, enum text_align align)
{
    if (!text || !*text)
        return 0;
    ui_log_text(ui, text);
    int w, h;
    SDL_Texture *tex = font_texture(ui_fonts(ui), text, size, (enum font_weight)weight, c, &w, &h);
    if (!tex)
        return 0;
    SDL_Rect dst = {x, y, w, h};
    if (align == TEXT_CENTER)
        dst.x -= w / 2;
    else if (align == TEXT_RIGHT)
        dst.x -= w;
    SDL_RenderCopy(ui_renderer(ui), tex, NULL, &dst);
    return w;
}

int text_width(struct ui *ui, const char *text, int size, enum text_weight weight)
{
    return font_width(ui_fonts(ui), text, size, (enum font_weight)weight);
}

/* Draws the longest start of text that fits in w with "…" after it, found
 * by halving over the character boundaries: a handful of measurements,
 * not one per letter. */
static int draw_cut(struct ui *ui, const char *text, int size, enum text_weight weight,
                     SDL_Color c, int x, int y, int w, enum text_align align)
{
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
    int drawn = text_draw(ui, cut, size, weight, c, x, y, align);
    ui_log_text(ui, text); /* scenarios still find the whole text */
    return drawn;
}

int text_draw_fit(struct ui *ui, const char *text, int size, int min_size,
                  enum text_weight weight, SDL_Color c, int x, int y, int w, enum text_align align)
{
    if (!text || !*text)
        return size;
    int asked = size;
    while (size > min_size && text_width(ui, text, size, weight) > w)
        size -= 2;
    if (text_width(ui, text, size, weight) <= w) {
        text_draw(ui, text, size, weight, c, x, y, align);
        if (size < asked)
            ui_log_fit(ui, text, UI_FIT_SHRUNK);
        return size;
    }
    draw_cut(ui, text, size, weight, c, x, y, w, align);
    ui_log_fit(ui, text, UI_FIT_CUT);
    return size;
}

int text_draw_cell(struct ui *ui, const char *text, int size, enum text_weight weight,
                   SDL_Color c, int x, int y, int w, enum text_align align)
{
    if (!text || !*text)
        return 0;
    if (text_width(ui, text, size, weight) <= w)
        return text_draw(ui, text, size, weight, c, x, y, align);
    ui_log_fit(ui, text, UI_FIT_CUT_ALLOWED);
    return draw_cut(ui, text, size, weight, c, x, y, w, align);
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

int text_fits_wrapped(struct ui *ui, const char *text, int size, enum text_weight weight, int w)
{
    char line[512];
    for (const char *p = text; p && *p; p = skip_break(p)) {
        size_t fit = line_fit(ui, p, size, weight, w);
        memcpy(line, p, fit);
        line[fit] = '\0';
        if (text_width(ui, line, size, weight) > w)
            return 0;
        p += fit;
    }
    return 1;
}

int text_draw_wrapped(struct ui *ui, const char *text, int size, enum text_weight weight,
                      SDL_Color c, int x, int y, int w, enum text_align align)
{
    int line_h = size * 13 / 10, used = 0;
    char line[512];
    if (text && *text)
        ui_log_text(ui, text); /* the whole sentence is findable too */
    for (const char *p = text; *p; p = skip_break(p)) {
        size_t fit = line_fit(ui, p, size, weight, w);
        memcpy(line, p, fit);
        line[fit] = '\0';
        if (text_width(ui, line, size, weight) > w) {
            /* one word wider than the room */
            draw_cut(ui, line, size, weight, c, x, y + used, w, align);
            ui_log_fit(ui, text, UI_FIT_CUT);
        } else {
            text_draw(ui, line, size, weight, c, x, y + used, align);
        }
        used += line_h;
        p += fit;
    }
    return used;
}
