/* widget.c: shapes are drawn with SDL_RenderGeometry triangles so corners
 * and circles stay smooth at every screen size. */
#include "ui/widget.h"
#include "ui/text.h"
#include "ui/theme.h"

#include <math.h>

#define ARC_STEPS 12

static void set_color(SDL_Renderer *r, SDL_Color c)
{
    SDL_SetRenderDrawColor(r, c.r, c.g, c.b, c.a);
}

/* A filled quarter (or whole) disc as a triangle fan. */
static void fan(SDL_Renderer *r, float cx, float cy, float rad, float a0, float a1, int steps,
                SDL_Color c)
{
    SDL_Vertex v[3 * 64];
    int n = 0;
    for (int i = 0; i < steps && n + 3 <= 3 * 64; i++) {
        float t0 = a0 + (a1 - a0) * i / steps, t1 = a0 + (a1 - a0) * (i + 1) / steps;
        v[n++] = (SDL_Vertex){{cx, cy}, c, {0, 0}};
        v[n++] = (SDL_Vertex){{cx + rad * cosf(t0), cy + rad * sinf(t0)}, c, {0, 0}};
        v[n++] = (SDL_Vertex){{cx + rad * cosf(t1), cy + rad * sinf(t1)}, c, {0, 0}};
    }
    SDL_RenderGeometry(r, NULL, v, n, NULL, 0);
}

void widget_round_rect(struct ui *ui, SDL_Rect b, int rad, SDL_Color c)
{
    SDL_Renderer *r = ui_renderer(ui);
    if (rad * 2 > b.h)
        rad = b.h / 2;
    if (rad * 2 > b.w)
        rad = b.w / 2;
    set_color(r, c);
    if (rad <= 0) { /* square corners: one fill, no fans (cheap in software) */
        SDL_RenderFillRect(r, &b);
        return;
    }
    SDL_Rect mid = {b.x + rad, b.y, b.w - 2 * rad, b.h};
    SDL_Rect left = {b.x, b.y + rad, rad, b.h - 2 * rad};
    SDL_Rect right = {b.x + b.w - rad, b.y + rad, rad, b.h - 2 * rad};
    SDL_RenderFillRect(r, &mid);
    SDL_RenderFillRect(r, &left);
    SDL_RenderFillRect(r, &right);
    const float pi = 3.14159265f;
    fan(r, b.x + rad, b.y + rad, rad, pi, 1.5f * pi, ARC_STEPS, c);
    fan(r, b.x + b.w - rad, b.y + rad, rad, 1.5f * pi, 2 * pi, ARC_STEPS, c);
    fan(r, b.x + b.w - rad, b.y + b.h - rad, rad, 0, 0.5f * pi, ARC_STEPS, c);
    fan(r, b.x + rad, b.y + b.h - rad, rad, 0.5f * pi, pi, ARC_STEPS, c);
}

void widget_circle(struct ui *ui, int cx, int cy, int radius, SDL_Color c)
{
    fan(ui_renderer(ui), cx, cy, radius, 0, 2 * 3.14159265f, 48, c);
}

void widget_line(struct ui *ui, float x0, float y0, float x1, float y1, float width, SDL_Color c)
{
    float dx = x1 - x0, dy = y1 - y0, len = sqrtf(dx * dx + dy * dy);
    if (len <= 0)
        return;
    float nx = -dy / len * width / 2, ny = dx / len * width / 2;
    SDL_Vertex v[4] = {
        {{x0 + nx, y0 + ny}, c, {0, 0}},
        {{x1 + nx, y1 + ny}, c, {0, 0}},
        {{x1 - nx, y1 - ny}, c, {0, 0}},
        {{x0 - nx, y0 - ny}, c, {0, 0}},
    };
    int idx[6] = {0, 1, 2, 0, 2, 3};
    SDL_RenderGeometry(ui_renderer(ui), NULL, v, 4, idx, 6);
    /* round caps */
    fan(ui_renderer(ui), x0, y0, width / 2, 0, 2 * 3.14159265f, 16, c);
    fan(ui_renderer(ui), x1, y1, width / 2, 0, 2 * 3.14159265f, 16, c);
}

int widget_label_fits(struct ui *ui, int w, int h, const char *label, int size,
                      enum text_weight weight)
{
    if (text_width(ui, label, size, weight) <= w)
        return size * 5 / 4 <= h;
    return text_fits_wrapped(ui, label, size, weight, w) &&
           text_count_lines(ui, label, size, weight, w) * (size * 13 / 10) <= h;
}

void widget_label(struct ui *ui, SDL_Rect in, const char *label, int size,
                  enum text_weight weight, SDL_Color c, enum text_align align)
{
    int x = align == TEXT_CENTER ? in.x + in.w / 2 : align == TEXT_RIGHT ? in.x + in.w : in.x;
    if (text_width(ui, label, size, weight) <= in.w) {
        text_draw(ui, label, size, weight, c, x, in.y + (in.h - size * 5 / 4) / 2, align);
        return;
    }
    int n = text_count_lines(ui, label, size, weight, in.w), lh = size * 13 / 10;
    if (n * lh > in.h || !text_fits_wrapped(ui, label, size, weight, in.w)) {
        /* no room for it whole: cut, and the frame is told (a scenario
         * fails on it) */
        text_draw_fit(ui, label, size, size, weight, c, x, in.y + (in.h - size * 5 / 4) / 2,
                      in.w, align);
        return;
    }
    text_draw_wrapped(ui, label, size, weight, c, x, in.y + (in.h - n * lh) / 2 + size / 10,
                      in.w, align);
}

int widget_button_size(const struct ui *ui)
{
    /* a portrait panel's buttons are narrow: its width sets the size */
    const struct ui_metrics *m = ui_metrics(ui);
    int size = m->body * 5 / 4;
    return size < m->w / 20 ? size : m->w / 20;
}

/* The room a button's label has inside r. */
static SDL_Rect label_room(const struct ui_metrics *m, SDL_Rect r)
{
    return (SDL_Rect){r.x + m->gap, r.y + 4, r.w - 2 * m->gap, r.h - 8};
}

void widget_button(struct ui *ui, SDL_Rect r, const char *label, int action,
                   enum widget_style style)
{
    const struct ui_metrics *m = ui_metrics(ui);
    int pressed = ui_pressed(ui) == action;
    SDL_Color fill = style == WIDGET_PRIMARY ? (pressed ? theme_accent_dark : theme_accent)
                                             : (pressed ? theme_line : theme_panel);
    SDL_Color ink = style == WIDGET_PRIMARY ? theme_on_accent : theme_accent;
    int rad = m->gap;
    if (style == WIDGET_SECONDARY) {
        widget_round_rect(ui, r, rad, theme_accent);
        SDL_Rect in = {r.x + 3, r.y + 3, r.w - 6, r.h - 6};
        widget_round_rect(ui, in, rad - 2, fill);
    } else {
        widget_round_rect(ui, r, rad, fill);
    }
    /* Every button's label has one size: on two lines before it would
     * ever be drawn smaller or cut. */
    widget_label(ui, label_room(m, r), label, widget_button_size(ui), TEXT_BOLD, ink,
                 TEXT_CENTER);
    ui_add_control(ui, r, action, label);
}

/* A row of a choice list: the whole label wrapped at size, left-aligned. */
static void choice_row(struct ui *ui, SDL_Rect r, const char *label, int size, int action,
                       int chosen)
{
    const struct ui_metrics *m = ui_metrics(ui);
    int pressed = ui_pressed(ui) == action;
    SDL_Color fill = chosen ? (pressed ? theme_accent_dark : theme_accent)
                            : (pressed ? theme_line : theme_panel);
    widget_round_rect(ui, r, m->gap, chosen ? fill : theme_accent);
    if (!chosen)
        widget_round_rect(ui, (SDL_Rect){r.x + 3, r.y + 3, r.w - 6, r.h - 6}, m->gap - 2, fill);
    SDL_Rect in = {r.x + m->gap, r.y + 3, r.w - m->gap * 2, r.h - 6};
    widget_label(ui, in, label, size, TEXT_BOLD, chosen ? theme_on_accent : theme_accent,
                 TEXT_LEFT);
    ui_add_control(ui, r, action, label);
}

/* The height of a list of n labels at size in cols columns of width cw:
 * each line of rows as high as its tallest label, 10 mm at least. */
static int list_height(struct ui *ui, const char *const labels[], int n, int size, int cols,
                       int cw, int heights[])
{
    const struct ui_metrics *m = ui_metrics(ui);
    int least = m->target * 2 / 3 > 52 ? m->target * 2 / 3 : 52, total = 0;
    for (int i = 0; i < n; i += cols) {
        int h = least;
        for (int k = i; k < i + cols && k < n; k++) {
            int need = text_count_lines(ui, labels[k], size, TEXT_BOLD, cw - m->gap * 2) *
                           (size * 13 / 10) + m->gap * 3 / 2;
            if (need > h)
                h = need;
        }
        heights[i / cols] = h;
        total += h + (i ? m->gap : 0);
    }
    return total;
}

int widget_choices(struct ui *ui, SDL_Rect b, const char *const labels[], const int actions[],
                   int n, int chosen)
{
    const struct ui_metrics *m = ui_metrics(ui);
    if (n <= 0)
        return 0;
    if (n > 64)
        n = 64;
    /* As many columns as the width holds, fewer when a label needs the
     * room; at least two, or it is a list. */
    for (int cols = b.w > m->target * 9 ? 3 : b.w > m->target * 5 ? 2 : 1; cols >= 2; cols--) {
        int rows = (n + cols - 1) / cols;
        int bw = (b.w - (cols - 1) * m->gap) / cols;
        int bh = (b.h - (rows - 1) * m->gap) / rows;
        if (bh > m->target * 3 / 2)
            bh = m->target * 3 / 2;
        SDL_Rect room = label_room(m, (SDL_Rect){0, 0, bw, bh});
        int fits = 1;
        for (int i = 0; i < n && fits; i++)
            fits = widget_label_fits(ui, room.w, room.h, labels[i], widget_button_size(ui),
                                     TEXT_BOLD);
        if (!fits)
            continue;
        for (int i = 0; i < n; i++) {
            SDL_Rect r = {b.x + (i % cols) * (bw + m->gap), b.y + (i / cols) * (bh + m->gap),
                          bw, bh};
            widget_button(ui, r, labels[i], actions[i],
                          i == chosen ? WIDGET_PRIMARY : WIDGET_SECONDARY);
        }
        return rows * bh + (rows - 1) * m->gap;
    }
    /* A label too long for a tile: a list of whole labels, in body type,
     * else (all of it) in small type, in two columns when one is too
     * long for the room. What still does not fit is not drawn, and the
     * frame is told (a scenario fails on it). */
    int heights[64], size = m->body, cols = 1, total = 0;
    int two = b.w >= m->target * 7 ? 2 : 1;
    for (int k = 0; k < 4; k++) {
        size = k < 2 ? m->body : m->small;
        cols = k % 2 ? two : 1;
        total = list_height(ui, labels, n, size, cols, (b.w - (cols - 1) * m->gap) / cols,
                            heights);
        if (total <= b.h)
            break;
    }
    int cw = (b.w - (cols - 1) * m->gap) / cols, y = b.y, full = 0;
    for (int i = 0; i < n; i++) {
        int h = heights[i / cols];
        if (full || y + h > b.y + b.h) {
            full = 1;
            ui_log_fit(ui, labels[i], UI_FIT_CUT);
            continue;
        }
        SDL_Rect r = {b.x + (i % cols) * (cw + m->gap), y, cw, h};
        choice_row(ui, r, labels[i], size, actions[i], i == chosen);
        if (i % cols == cols - 1)
            y += h + m->gap;
    }
    return total < b.h ? total : b.h;
}

void widget_icon(struct ui *ui, enum widget_icon icon, int cx, int cy, int d)
{
    SDL_Color c = icon == WIDGET_ICON_OK ? theme_ok : icon == WIDGET_ICON_INFO ? theme_accent
                                                                                : theme_warn;
    widget_circle(ui, cx, cy, d / 2, c);
    float s = d / 100.0f, w = 9 * s;
    if (icon == WIDGET_ICON_OK) {
        widget_line(ui, cx - 22 * s, cy + 2 * s, cx - 6 * s, cy + 18 * s, w, theme_on_accent);
        widget_line(ui, cx - 6 * s, cy + 18 * s, cx + 24 * s, cy - 16 * s, w, theme_on_accent);
    } else if (icon == WIDGET_ICON_INFO) {
        widget_circle(ui, cx, cy - 22 * s, (int)(6 * s), theme_on_accent);
        widget_line(ui, cx, cy - 4 * s, cx, cy + 26 * s, w, theme_on_accent);
    } else {
        widget_line(ui, cx, cy - 26 * s, cx, cy + 6 * s, w, theme_on_accent);
        widget_circle(ui, cx, cy + 24 * s, (int)(6 * s), theme_on_accent);
    }
}

void widget_status_bar(struct ui *ui, const char *left, const char *right)
{
    const struct ui_metrics *m = ui_metrics(ui);
    SDL_Renderer *r = ui_renderer(ui);
    SDL_Rect bar = {0, 0, m->w, m->bar};
    set_color(r, theme_panel);
    SDL_RenderFillRect(r, &bar);
    SDL_Rect line = {0, m->bar - 2, m->w, 2};
    set_color(r, theme_line);
    SDL_RenderFillRect(r, &line);
    int y = (m->bar - m->body * 5 / 4) / 2;
    int rw = text_draw(ui, right, m->body, TEXT_BOLD, theme_text, m->w - m->pad, y, TEXT_RIGHT);
    text_draw_fit(ui, left, m->body, m->small, TEXT_BOLD, theme_text, m->pad, y,
                  m->w - 2 * m->pad - rw - m->gap * 2, TEXT_LEFT);
}

void widget_progress(struct ui *ui, SDL_Rect r, double fraction)
{
    if (fraction < 0)
        fraction = 0;
    if (fraction > 1)
        fraction = 1;
    widget_round_rect(ui, r, r.h / 2, theme_line);
    SDL_Rect done = {r.x, r.y, (int)(r.w * fraction), r.h};
    if (done.w >= r.h)
        widget_round_rect(ui, done, r.h / 2, theme_ok);
}
