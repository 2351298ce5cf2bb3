/* chart.c: radar and trend charts. Every shape of a chart goes into one
 * vertex batch that is drawn with a few SDL_RenderGeometry calls: the
 * software renderer pays per call, and a radar has hundreds of pieces
 * (rings, dashes, dots, markers). Sizes come from ui_metrics so charts read
 * the same on every panel. */
#include "ui/chart.h"
#include "ui/text.h"
#include "ui/theme.h"
#include "ui/widget.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PI_F 3.14159265f
#define BATCH_VERTICES 3000

enum line_kind { LINE_SOLID, LINE_DASHED, LINE_DOTTED };
enum marker_kind { MARKER_CIRCLE, MARKER_TRIANGLE, MARKER_SQUARE };

struct series_style {
    SDL_Color color;
    float width;            /* times the base line width */
    enum line_kind line;
    enum marker_kind marker;
    int fill;
};

static const SDL_Color chart_grey = {0x5E, 0x67, 0x74, 0xFF}; /* 5.6:1 on white */

static const struct series_style styles[] = {
    [CHART_FIRST] = {chart_grey, 1.0f, LINE_DOTTED, MARKER_SQUARE, 0},
    [CHART_PREVIOUS] = {{0xA8, 0x4A, 0x00, 0xFF}, 1.0f, LINE_DASHED, MARKER_TRIANGLE, 0},
    [CHART_LATEST] = {{0x0B, 0x5C, 0xAD, 0xFF}, 1.6f, LINE_SOLID, MARKER_CIRCLE, 1},
};

/* Triangles waiting to be drawn, in order (later ones on top). */
struct batch {
    struct ui *ui;
    int n;
    SDL_Vertex v[BATCH_VERTICES];
};

static void flush(struct batch *b)
{
    if (b->n)
        SDL_RenderGeometry(ui_renderer(b->ui), NULL, b->v, b->n, NULL, 0);
    b->n = 0;
}

static void tri(struct batch *b, float x0, float y0, float x1, float y1, float x2, float y2,
                SDL_Color c)
{
    if (b->n + 3 > BATCH_VERTICES)
        flush(b);
    b->v[b->n++] = (SDL_Vertex){{x0, y0}, c, {0, 0}};
    b->v[b->n++] = (SDL_Vertex){{x1, y1}, c, {0, 0}};
    b->v[b->n++] = (SDL_Vertex){{x2, y2}, c, {0, 0}};
}

static void quad(struct batch *b, float x0, float y0, float x1, float y1, float x2, float y2,
                 float x3, float y3, SDL_Color c)
{
    tri(b, x0, y0, x1, y1, x2, y2, c);
    tri(b, x0, y0, x2, y2, x3, y3, c);
}

static void rect(struct batch *b, float x, float y, float w, float h, SDL_Color c)
{
    quad(b, x, y, x + w, y, x + w, y + h, x, y + h, c);
}

/* A straight piece of line with square ends. */
static void segment(struct batch *b, float x0, float y0, float x1, float y1, float width,
                    SDL_Color c)
{
    float dx = x1 - x0, dy = y1 - y0, len = sqrtf(dx * dx + dy * dy);
    if (len <= 0)
        return;
    float nx = -dy / len * width / 2, ny = dx / len * width / 2;
    quad(b, x0 + nx, y0 + ny, x1 + nx, y1 + ny, x1 - nx, y1 - ny, x0 - nx, y0 - ny, c);
}

static void disc(struct batch *b, float cx, float cy, float r, SDL_Color c)
{
    int steps = r < 6 ? 8 : r < 14 ? 14 : 20;
    for (int i = 0; i < steps; i++) {
        float a0 = 2 * PI_F * i / steps, a1 = 2 * PI_F * (i + 1) / steps;
        tri(b, cx, cy, cx + r * cosf(a0), cy + r * sinf(a0), cx + r * cosf(a1),
            cy + r * sinf(a1), c);
    }
}

static float base_width(const struct ui_metrics *m)
{
    float w = m->body / 8.0f;
    return w < 2.0f ? 2.0f : w;
}

/* A line in one of the three kinds; dashes restart on every segment so a
 * short edge never loses its pattern entirely. Ends are square: every
 * corner of a chart line gets a marker on top. */
static void styled_line(struct batch *b, float x0, float y0, float x1, float y1, float width,
                        enum line_kind kind, SDL_Color c)
{
    if (kind == LINE_SOLID) {
        segment(b, x0, y0, x1, y1, width, c);
        return;
    }
    float dx = x1 - x0, dy = y1 - y0, len = sqrtf(dx * dx + dy * dy);
    if (len <= 0)
        return;
    float on = kind == LINE_DASHED ? width * 4.0f : width;
    float off = kind == LINE_DASHED ? width * 2.5f : width * 1.6f;
    for (float t = 0; t < len; t += on + off) {
        float t1 = t + on > len ? len : t + on;
        segment(b, x0 + dx * t / len, y0 + dy * t / len, x0 + dx * t1 / len, y0 + dy * t1 / len,
                width, c);
    }
}

static void marker(struct batch *b, float x, float y, float r, enum marker_kind kind,
                   SDL_Color c, int halo)
{
    if (halo) /* a white rim keeps markers apart where series overlap */
        marker(b, x, y, r + 2.5f, kind, theme_panel, 0);
    switch (kind) {
    case MARKER_CIRCLE:
        disc(b, x, y, r, c);
        break;
    case MARKER_SQUARE: {
        float s = r * 0.9f;
        rect(b, x - s, y - s, 2 * s, 2 * s, c);
        break;
    }
    case MARKER_TRIANGLE: {
        float s = r * 1.25f;
        tri(b, x, y - s, x - s * 0.95f, y + s * 0.7f, x + s * 0.95f, y + s * 0.7f, c);
        break;
    }
    }
}

/* ---- radar ----------------------------------------------------------- */

static float clampf(float v, float lo, float hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

/* The legend: per series a sample of its line and marker, then its label;
 * in a column, or in one row when horizontal. Measures only when draw is
 * 0: *w_out, *h_out get the size it takes. */
static void legend(struct ui *ui, int x, int y, const struct chart_series *series, int nseries,
                   int horizontal, int draw, int *w_out, int *h_out)
{
    const struct ui_metrics *m = ui_metrics(ui);
    int size = m->small, row = size * 16 / 10, sample = size * 5 / 2, space = size * 3 / 2;
    float bw = base_width(m);
    int w = 0, at = x;
    struct batch *b = draw ? malloc(sizeof *b) : NULL;
    if (b) {
        b->ui = ui;
        b->n = 0;
    }
    int text_x[CHART_SERIES_MAX], text_y[CHART_SERIES_MAX];
    for (int i = 0; i < nseries; i++) {
        const struct series_style *st = &styles[series[i].style];
        const char *label = series[i].label ? series[i].label : "";
        int entry = sample + size / 2 + text_width(ui, label, size, TEXT_REGULAR);
        if (horizontal)
            w += entry + (i ? space : 0);
        else if (entry > w)
            w = entry;
        float cy = y + (horizontal ? 0 : i * row) + row / 2.0f;
        text_x[i] = at + sample + size / 2;
        text_y[i] = (int)(cy - size * 0.6f);
        if (b) {
            styled_line(b, at, cy, at + sample, cy, bw * st->width, st->line, st->color);
            marker(b, at + sample / 2.0f, cy, size * 0.32f, st->marker, st->color, 1);
        }
        if (horizontal)
            at += entry + space;
    }
    if (b) {
        flush(b);
        free(b);
        for (int i = 0; i < nseries; i++)
            text_draw(ui, series[i].label ? series[i].label : "", size, TEXT_REGULAR, theme_text,
                      text_x[i], text_y[i], TEXT_LEFT);
    }
    if (w_out)
        *w_out = w;
    if (h_out)
        *h_out = horizontal ? row : nseries * row;
}

struct radar_layout {
    float ux[CHART_AXES_MAX], uy[CHART_AXES_MAX];
    int tw[CHART_AXES_MAX];
    int naxes, lh, gap;
};

/* The bounding box, around the centre, of a radar of radius r with its labels. */
static void radar_extent(const struct radar_layout *l, float r, float *x0, float *x1, float *y0,
                         float *y1)
{
    *x0 = *y0 = -r;
    *x1 = *y1 = r;
    for (int i = 0; i < l->naxes; i++) {
        float ax = l->ux[i] * (r + l->gap), ay = l->uy[i] * (r + l->gap);
        float lx = l->ux[i] > 0.25f ? ax : l->ux[i] < -0.25f ? ax - l->tw[i] : ax - l->tw[i] / 2.0f;
        float ly = l->uy[i] < -0.25f ? ay - l->lh : l->uy[i] > 0.25f ? ay : ay - l->lh / 2.0f;
        *x0 = fminf(*x0, lx);
        *x1 = fmaxf(*x1, lx + l->tw[i]);
        *y0 = fminf(*y0, ly);
        *y1 = fmaxf(*y1, ly + l->lh);
    }
}

void chart_radar(struct ui *ui, SDL_Rect box, const char *const axes[], int naxes, double lo,
                 double hi, const struct chart_series *series, int nseries)
{
    if (naxes < 3 || naxes > CHART_AXES_MAX || hi <= lo)
        return;
    if (nseries > CHART_SERIES_MAX)
        nseries = CHART_SERIES_MAX;
    const struct ui_metrics *m = ui_metrics(ui);
    int size = m->small, g = m->gap;

    /* legend to the right of a wide box, else below in one row if it fits */
    int lw = 0, lhgt = 0, horizontal = 0;
    SDL_Rect area = box;
    int legend_right = nseries > 0 && box.w > box.h * 13 / 10;
    if (nseries > 0) {
        legend(ui, 0, 0, series, nseries, 0, 0, &lw, &lhgt);
        if (legend_right) {
            area.w -= lw + g * 2;
        } else {
            legend(ui, 0, 0, series, nseries, 1, 0, &lw, &lhgt);
            horizontal = lw <= box.w;
            if (!horizontal)
                legend(ui, 0, 0, series, nseries, 0, 0, &lw, &lhgt);
            area.h -= lhgt + g;
        }
    }

    /* The largest radius at which chart and labels fit in area; the centre
     * moves off the middle when the labels on one side are longer. */
    struct radar_layout l = {.naxes = naxes, .lh = size * 6 / 5, .gap = g};
    for (int i = 0; i < naxes; i++) {
        float a = -PI_F / 2 + 2 * PI_F * i / naxes;
        l.ux[i] = cosf(a);
        l.uy[i] = sinf(a);
        l.tw[i] = text_width(ui, axes[i], size, TEXT_BOLD);
    }
    float lo_r = size * 2, hi_r = (area.w < area.h ? area.w : area.h) / 2.0f, x0, x1, y0, y1;
    for (int step = 0; step < 20; step++) {
        float r = (lo_r + hi_r) / 2;
        radar_extent(&l, r, &x0, &x1, &y0, &y1);
        if (x1 - x0 <= area.w && y1 - y0 <= area.h)
            lo_r = r;
        else
            hi_r = r;
    }
    float radius = lo_r;
    radar_extent(&l, radius, &x0, &x1, &y0, &y1);
    float cx = area.x + (area.w - (x1 - x0)) / 2 - x0;
    float cy = area.y + (area.h - (y1 - y0)) / 2 - y0;
    const float *ux = l.ux, *uy = l.uy;

    struct batch *b = malloc(sizeof *b);
    if (!b)
        return;
    b->ui = ui;
    b->n = 0;

    /* rings and spokes */
    float bw = base_width(m);
    for (int step = (int)floor(lo) + 1; step <= (int)floor(hi); step++) {
        float r = radius * (float)((step - lo) / (hi - lo));
        for (int i = 0; i < naxes; i++) {
            int j = (i + 1) % naxes;
            segment(b, cx + ux[i] * r, cy + uy[i] * r, cx + ux[j] * r, cy + uy[j] * r,
                    step == (int)floor(hi) ? 2.0f : 1.5f, theme_line);
        }
    }
    for (int i = 0; i < naxes; i++)
        segment(b, cx, cy, cx + ux[i] * radius, cy + uy[i] * radius, 1.5f, theme_line);
    flush(b);
    /* ring numbers when there is room between the rings */
    if (radius / (hi - lo) >= size * 1.6f)
        for (int step = (int)floor(lo) + 1; step <= (int)floor(hi); step++) {
            float r = radius * (float)((step - lo) / (hi - lo));
            char num[8];
            snprintf(num, sizeof num, "%d", step);
            text_draw(ui, num, size * 4 / 5, TEXT_REGULAR, theme_text_soft,
                      (int)(cx - size / 3), (int)(cy - r - size * 0.45f), TEXT_RIGHT);
        }

    /* axis labels just outside the outer ring */
    for (int i = 0; i < naxes; i++) {
        float px = cx + ux[i] * (radius + g), py = cy + uy[i] * (radius + g);
        enum text_align align = ux[i] > 0.25f ? TEXT_LEFT : ux[i] < -0.25f ? TEXT_RIGHT
                                                                           : TEXT_CENTER;
        float ty = uy[i] < -0.25f ? py - l.lh : uy[i] > 0.25f ? py : py - l.lh / 2.0f;
        text_draw(ui, axes[i], size, TEXT_BOLD, theme_text, (int)px, (int)ty, align);
    }

    /* series, oldest first so the latest is on top */
    for (int s = 0; s < nseries; s++) {
        const struct series_style *st = &styles[series[s].style];
        const double *v = series[s].values;
        if (!v)
            continue;
        float px[CHART_AXES_MAX], py[CHART_AXES_MAX];
        int have[CHART_AXES_MAX], all = 1;
        for (int i = 0; i < naxes; i++) {
            have[i] = v[i] >= 0;
            all &= have[i];
            float f = have[i] ? clampf((float)((v[i] - lo) / (hi - lo)), 0, 1) : 0;
            px[i] = cx + ux[i] * radius * f;
            py[i] = cy + uy[i] * radius * f;
        }
        if (st->fill && all) {
            SDL_Color c = st->color;
            c.a = 46;
            for (int i = 0; i < naxes; i++) {
                int j = (i + 1) % naxes;
                tri(b, cx, cy, px[i], py[i], px[j], py[j], c);
            }
        }
        for (int i = 0; i < naxes; i++) {
            int j = (i + 1) % naxes;
            if (have[i] && have[j])
                styled_line(b, px[i], py[i], px[j], py[j], bw * st->width, st->line, st->color);
        }
        for (int i = 0; i < naxes; i++)
            if (have[i])
                marker(b, px[i], py[i], size * 0.32f * (st->fill ? 1.15f : 1.0f), st->marker,
                       st->color, 1);
    }
    flush(b);
    free(b);

    if (nseries > 0) {
        if (legend_right)
            legend(ui, area.x + area.w + g * 2, box.y + (box.h - lhgt) / 2, series, nseries, 0,
                   1, NULL, NULL);
        else
            legend(ui, box.x + (box.w - lw) / 2, area.y + area.h + g, series, nseries,
                   horizontal, 1, NULL, NULL);
    }
}

/* ---- trend ----------------------------------------------------------- */

static void value_text(double v, char out[16])
{
    if (fabs(v - round(v)) < 1e-6)
        snprintf(out, 16, "%.0f", v);
    else {
        snprintf(out, 16, "%.1f", v);
        char *dot = strchr(out, '.');
        if (dot)
            *dot = ',';
    }
}

/* The pixel row of value v in plot, for values from base to hi. */
static float y_at(SDL_Rect plot, double v, double base, double hi)
{
    return plot.y + plot.h - clampf((float)((v - base) / (hi - base)), 0, 1) * plot.h;
}

void chart_trend(struct ui *ui, SDL_Rect box, const double *values, int n, double lo, double hi,
                 const char *const *labels, enum chart_trend_style style)
{
    if (hi <= lo || box.w <= 0 || box.h <= 0)
        return;
    const struct ui_metrics *m = ui_metrics(ui);
    int size = m->small, lh = size * 6 / 5;
    int axis_w = text_width(ui, "5", size, TEXT_REGULAR) + m->gap;
    SDL_Rect plot = {box.x + axis_w, box.y + lh + 4, box.w - axis_w, box.h - lh - 4};
    if (labels)
        plot.h -= lh + m->gap / 2;
    if (plot.w <= 0 || plot.h <= 0)
        return;
    /* Bars stand on a base one step below lo, so the lowest answer (a
     * smiley of 1) is still a bar and not nothing. */
    double base = style == CHART_BARS ? lo - 1 : lo;

    struct batch *b = malloc(sizeof *b);
    if (!b)
        return;
    b->ui = ui;
    b->n = 0;

    /* a faint line per whole step, numbered at the left; the base darker */
    segment(b, plot.x, plot.y + plot.h, plot.x + plot.w, plot.y + plot.h, 2.0f, theme_line);
    for (int step = (int)ceil(lo); step <= (int)floor(hi); step++) {
        float y = y_at(plot, step, base, hi);
        if (step > base)
            segment(b, plot.x, y, plot.x + plot.w, y, 1.0f, theme_line);
    }
    flush(b);
    for (int step = (int)ceil(lo); step <= (int)floor(hi); step++) {
        char num[8];
        snprintf(num, sizeof num, "%d", step);
        text_draw(ui, num, size * 4 / 5, TEXT_REGULAR, theme_text_soft, box.x + axis_w - m->gap,
                  (int)(y_at(plot, step, base, hi) - size * 0.5f), TEXT_RIGHT);
    }
    if (n <= 0 || !values) {
        free(b);
        return;
    }

    float slot = (float)plot.w / n;
    float bar = slot * 0.62f;
    if (bar > m->target * 0.8f)
        bar = m->target * 0.8f;
    float bw = base_width(m);
    float prev_x = 0, prev_y = 0;
    int have_prev = 0;
    for (int i = 0; i < n; i++) {
        float cx = plot.x + slot * (i + 0.5f);
        if (values[i] < 0) {
            have_prev = 0;
            continue;
        }
        float top = y_at(plot, values[i], base, hi);
        if (style == CHART_BARS) {
            SDL_Color c = values[i] <= lo + (hi - lo) * 0.3 ? theme_warn
                          : values[i] >= lo + (hi - lo) * 0.7 ? theme_ok
                                                              : chart_grey;
            float h = plot.y + plot.h - top;
            rect(b, cx - bar / 2, top, bar, h > 2 ? h : 2, c);
        } else if (have_prev) {
            styled_line(b, prev_x, prev_y, cx, top, bw * 1.4f, LINE_SOLID, theme_accent);
        }
        prev_x = cx;
        prev_y = top;
        have_prev = 1;
    }
    if (style == CHART_LINE)
        for (int i = 0; i < n; i++)
            if (values[i] >= 0)
                marker(b, plot.x + slot * (i + 0.5f), y_at(plot, values[i], base, hi),
                       size * 0.3f, MARKER_CIRCLE, theme_accent, 1);
    flush(b);
    free(b);

    /* labels: leave some out when they would touch; the newest always shows */
    int every = 1;
    if (labels) {
        int widest = 0;
        for (int i = 0; i < n; i++) {
            int w = labels[i] ? text_width(ui, labels[i], size * 4 / 5, TEXT_REGULAR) : 0;
            widest = w > widest ? w : widest;
        }
        while (every < n && slot * every < widest + m->gap)
            every++;
    }
    /* numbers on bars; a line's markers sit on the numbered grid instead */
    int show_values = style == CHART_BARS && slot >= text_width(ui, "5", size, TEXT_BOLD) * 2;
    for (int i = 0; i < n; i++) {
        float cx = plot.x + slot * (i + 0.5f);
        if (labels && labels[i] && (n - 1 - i) % every == 0)
            text_draw(ui, labels[i], size * 4 / 5, TEXT_REGULAR, theme_text_soft, (int)cx,
                      plot.y + plot.h + m->gap / 2, TEXT_CENTER);
        if (show_values && values[i] >= 0) {
            char num[16];
            value_text(values[i], num);
            text_draw(ui, num, size, TEXT_BOLD, theme_text, (int)cx,
                      (int)(y_at(plot, values[i], base, hi) - lh - 2), TEXT_CENTER);
        }
    }
}

void chart_lane_bar(struct ui *ui, SDL_Rect lane, double fraction, SDL_Color c)
{
    if (fraction < 0)
        fraction = 0;
    if (fraction > 1)
        fraction = 1;
    int rad = lane.h / 4;
    widget_round_rect(ui, lane, rad, theme_line);
    int w = (int)(lane.w * fraction + 0.5);
    if (w <= 0)
        return;
    if (w < rad * 2)
        w = rad * 2; /* a sliver still reads as a bar, not as nothing */
    SDL_Rect bar = {lane.x, lane.y, w, lane.h};
    /* a dark rim, so a white or yellow bar stands out from the lane */
    widget_round_rect(ui, bar, rad, theme_text_soft);
    widget_round_rect(ui, (SDL_Rect){bar.x + 2, bar.y + 2, bar.w - 4, bar.h - 4}, rad - 2, c);
}
