/* answer.c: answer widgets drawn from ui_metrics, so the same questionnaire
 * reads well on the 7" panel and on a large monitor. Labels shrink and wrap
 * before they would ever run out of their button. */
#include "ui/answer.h"
#include "ui/keyboard.h"
#include "ui/theme.h"
#include "ui/widget.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* A light tint of the accent, behind chosen options of a multiple choice. */
static const SDL_Color tint = {0xDC, 0xE9, 0xF7, 0xFF};

int answer_min_target(struct ui *ui)
{
    int t = ui_metrics(ui)->target * 2 / 3;
    return t > keyboard_min_key() ? t : keyboard_min_key();
}

/* The room a label has inside its box r. */
static SDL_Rect label_room(struct ui *ui, SDL_Rect r)
{
    int pad = ui_metrics(ui)->gap / 2 + 2;
    return (SDL_Rect){r.x + pad, r.y + 2, r.w - 2 * pad, r.h - 4};
}

/* 1 when label fits r (less its padding) at size s, on one or more lines. */
static int label_fits(struct ui *ui, SDL_Rect r, const char *label, int s,
                      enum text_weight weight)
{
    SDL_Rect in = label_room(ui, r);
    return widget_label_fits(ui, in.w, in.h, label, s, weight);
}

/* The largest size from size down at which every label fits its box. */
static int common_size(struct ui *ui, const SDL_Rect *boxes, const char *const labels[], int n,
                       int size, enum text_weight weight)
{
    const struct ui_metrics *m = ui_metrics(ui);
    int s = size;
    for (; s > m->small * 4 / 5; s -= 2) {
        int ok = 1;
        for (int i = 0; i < n && ok; i++)
            ok = label_fits(ui, boxes[i], labels[i], s, weight);
        if (ok)
            break;
    }
    return s;
}

void answer_label(struct ui *ui, SDL_Rect r, const char *label, int size,
                  enum text_weight weight, SDL_Color c, enum text_align align)
{
    const char *const one[1] = {label};
    widget_label(ui, label_room(ui, r), label, common_size(ui, &r, one, 1, size, weight), weight,
                 c, align);
}

/* ---- shared pieces ------------------------------------------------------ */

/* A check mark in a box of side d with its top left at x, y. */
static void check_mark(struct ui *ui, float x, float y, float d, SDL_Color c)
{
    float w = d / 7 > 2 ? d / 7 : 2;
    widget_line(ui, x + d * 0.18f, y + d * 0.52f, x + d * 0.42f, y + d * 0.76f, w, c);
    widget_line(ui, x + d * 0.42f, y + d * 0.76f, x + d * 0.84f, y + d * 0.26f, w, c);
}

/* A button face: outlined when free, filled when chosen, darker pressed. */
static void face_rect(struct ui *ui, SDL_Rect r, int chosen, int pressed, SDL_Color fill_chosen)
{
    const struct ui_metrics *m = ui_metrics(ui);
    int rad = m->gap;
    widget_round_rect(ui, r, rad, theme_accent);
    if (chosen && !pressed) {
        if (fill_chosen.r != theme_accent.r || fill_chosen.g != theme_accent.g) {
            SDL_Rect in = {r.x + 4, r.y + 4, r.w - 8, r.h - 8};
            widget_round_rect(ui, in, rad - 3 > 2 ? rad - 3 : 2, fill_chosen);
        }
        return;
    }
    SDL_Rect in = {r.x + 3, r.y + 3, r.w - 6, r.h - 6};
    widget_round_rect(ui, in, rad - 2 > 2 ? rad - 2 : 2, pressed ? theme_line : theme_panel);
}

/* ---- the scale ---------------------------------------------------------- */

#define MAX_ANSWERS 20

void answer_scale(struct ui *ui, SDL_Rect box, const char *const labels[], int n, int selected,
                  int first_action)
{
    const struct ui_metrics *m = ui_metrics(ui);
    if (n <= 0)
        return;
    if (n > MAX_ANSWERS)
        n = MAX_ANSWERS;
    int column = box.h > box.w; /* a portrait panel: one answer per row */
    SDL_Rect r[MAX_ANSWERS], label[MAX_ANSWERS];
    int d = 0;
    for (int i = 0; i < n; i++) {
        if (column) {
            int h = (box.h - (n - 1) * m->gap) / n;
            if (h > m->target * 13 / 10)
                h = m->target * 13 / 10;
            r[i] = (SDL_Rect){box.x, box.y + i * (h + m->gap), box.w, h};
            d = h * 7 / 10;
            label[i] = (SDL_Rect){r[i].x + d + m->gap * 2, r[i].y, r[i].w - d - m->gap * 3, h};
        } else {
            int w = (box.w - (n - 1) * m->gap) / n;
            int h = box.h < m->target * 5 / 2 ? box.h : m->target * 5 / 2;
            r[i] = (SDL_Rect){box.x + i * (w + m->gap), box.y, w, h};
            int top = h * 45 / 100;
            d = top * 8 / 10 < w * 6 / 10 ? top * 8 / 10 : w * 6 / 10;
            if (d > m->target * 3 / 4)
                d = m->target * 3 / 4;
            label[i] = (SDL_Rect){r[i].x, r[i].y + top, w, h - top - m->gap / 2};
        }
    }
    /* one size for all five, so no answer looks more important */
    int size = common_size(ui, label, labels, n, column ? m->body * 5 / 4 : m->body, TEXT_BOLD);
    for (int i = 0; i < n; i++) {
        int action = first_action + i;
        int chosen = i == selected, pressed = ui_pressed(ui) == action;
        face_rect(ui, r[i], chosen, pressed, theme_accent);
        SDL_Color ink = chosen && !pressed ? theme_on_accent : theme_text;
        SDL_Color disc = chosen && !pressed ? theme_on_accent : theme_accent;
        SDL_Color digit = chosen && !pressed ? theme_accent : theme_on_accent;
        int cx = column ? r[i].x + m->gap + d / 2 : r[i].x + r[i].w / 2;
        int cy = column ? r[i].y + r[i].h / 2 : r[i].y + (label[i].y - r[i].y) / 2 + m->gap / 4;
        widget_circle(ui, cx, cy, d / 2, disc);
        char num[8];
        snprintf(num, sizeof num, "%d", i + 1);
        int ns = d * 6 / 10;
        text_draw(ui, num, ns, TEXT_BOLD, digit, cx, cy - ns * 5 / 8, TEXT_CENTER);
        widget_label(ui, label_room(ui, label[i]), labels[i], size, TEXT_BOLD, ink,
                     column ? TEXT_LEFT : TEXT_CENTER);
        if (chosen) {
            int k = m->body;
            check_mark(ui, r[i].x + r[i].w - k - m->gap / 2, r[i].y + m->gap / 2, k, ink);
        }
        ui_add_control(ui, r[i], action, labels[i]);
    }
}

/* ---- smileys ------------------------------------------------------------ */

/* Light tints from red to green, behind dark features (contrast > 7:1);
 * the mouth, not the colour, says how it went. */
static const SDL_Color face_fill[5] = {
    {0xF6, 0xB9, 0xAE, 0xFF}, {0xF9, 0xD3, 0xA5, 0xFF}, {0xF4, 0xE4, 0x9E, 0xFF},
    {0xCD, 0xE8, 0xAB, 0xFF}, {0xA9, 0xDD, 0xA3, 0xFF},
};

void answer_face(struct ui *ui, int cx, int cy, int radius, int value)
{
    if (value < 1)
        value = 1;
    if (value > 5)
        value = 5;
    float r = (float)radius, lw = r / 11 > 2 ? r / 11 : 2;
    widget_circle(ui, cx, cy, radius, theme_text);
    widget_circle(ui, cx, cy, (int)(r - lw), face_fill[value - 1]);
    int eye = (int)(r * 0.1f) > 2 ? (int)(r * 0.1f) : 2;
    widget_circle(ui, (int)(cx - r * 0.33f), (int)(cy - r * 0.2f), eye, theme_text);
    widget_circle(ui, (int)(cx + r * 0.33f), (int)(cy - r * 0.2f), eye, theme_text);
    /* the mouth: a parabola from a deep frown (1) to a broad smile (5) */
    float bend = (value - 3) / 2.0f;
    float px = 0, py = 0;
    for (int i = 0; i <= 10; i++) {
        float t = -1 + i / 5.0f;
        float x = cx + t * r * 0.45f;
        float y = cy + r * 0.36f + bend * r * 0.2f * (1 - t * t) - bend * r * 0.1f;
        if (i)
            widget_line(ui, px, py, x, y, lw * 1.3f, theme_text);
        px = x;
        py = y;
    }
}

void answer_smileys(struct ui *ui, SDL_Rect box, const char *const labels[], int selected,
                    int first_action)
{
    const struct ui_metrics *m = ui_metrics(ui);
    enum { N = 5 };
    int column = box.h > box.w; /* a portrait panel: one face per row */
    SDL_Rect r[N], label[N];
    int radius;
    if (column) {
        int h = (box.h - (N - 1) * m->gap) / N;
        if (h > m->target * 13 / 10)
            h = m->target * 13 / 10;
        radius = h * 38 / 100;
        for (int i = 0; i < N; i++) {
            r[i] = (SDL_Rect){box.x, box.y + i * (h + m->gap), box.w, h};
            int left = m->gap + radius * 2 + m->gap;
            label[i] = (SDL_Rect){r[i].x + left, r[i].y, r[i].w - left - m->gap, h};
        }
    } else {
        int w = (box.w - (N - 1) * m->gap) / N;
        int h = box.h < w * 2 ? box.h : w * 2;
        int label_h = m->small * 13 / 10 * 2 + m->gap / 2;
        radius = (h - label_h - m->gap * 3 / 2) / 2;
        if (radius > w * 4 / 10)
            radius = w * 4 / 10;
        int top = m->gap + radius * 2 + m->gap / 2;
        for (int i = 0; i < N; i++) {
            r[i] = (SDL_Rect){box.x + i * (w + m->gap), box.y, w, h};
            label[i] = (SDL_Rect){r[i].x, r[i].y + top, w, h - top - m->gap / 2};
        }
    }
    if (radius < 8)
        radius = 8;
    int size = common_size(ui, label, labels, N, column ? m->body * 5 / 4 : m->body, TEXT_BOLD);
    for (int i = 0; i < N; i++) {
        int action = first_action + i;
        int chosen = i == selected, pressed = ui_pressed(ui) == action;
        face_rect(ui, r[i], chosen, pressed, theme_accent);
        int cx = column ? r[i].x + m->gap + radius : r[i].x + r[i].w / 2;
        int cy = column ? r[i].y + r[i].h / 2 : r[i].y + m->gap + radius;
        if (chosen && !pressed)
            widget_circle(ui, cx, cy, radius + m->gap / 2, theme_on_accent); /* a ring */
        answer_face(ui, cx, cy, radius, i + 1);
        widget_label(ui, label_room(ui, label[i]), labels[i], size, TEXT_BOLD,
                     chosen && !pressed ? theme_on_accent : theme_text,
                     column ? TEXT_LEFT : TEXT_CENTER);
        ui_add_control(ui, r[i], action, labels[i]);
    }
}

/* ---- options ------------------------------------------------------------ */

void answer_options(struct ui *ui, SDL_Rect box, const char *const labels[], int n,
                    unsigned selected, int check, int first_action)
{
    const struct ui_metrics *m = ui_metrics(ui);
    if (n <= 0)
        return;
    if (n > MAX_ANSWERS)
        n = MAX_ANSWERS;
    int min = answer_min_target(ui);
    int cols = 1, rows = n, h = 0;
    for (cols = 1; cols <= 4; cols++) {
        rows = (n + cols - 1) / cols;
        h = (box.h - (rows - 1) * m->gap) / rows;
        if (h >= min)
            break;
    }
    if (cols > 4) {
        cols = 4;
        rows = (n + cols - 1) / cols;
        h = (box.h - (rows - 1) * m->gap) / rows;
    }
    if (h > m->target * 12 / 10)
        h = m->target * 12 / 10;
    int w = (box.w - (cols - 1) * m->gap) / cols;
    /* the mark (a check box, or a check when chosen) has its room always,
     * so a label never moves when it is tapped */
    int d = h * 45 / 100 < m->body * 5 / 4 ? h * 45 / 100 : m->body * 5 / 4;
    SDL_Rect r[MAX_ANSWERS], label[MAX_ANSWERS];
    for (int i = 0; i < n; i++) {
        /* down the columns, so the list reads top to bottom */
        int col = i / rows, row = i % rows;
        r[i] = (SDL_Rect){box.x + col * (w + m->gap), box.y + row * (h + m->gap), w, h};
        label[i] = r[i];
        if (check)
            label[i].x += d + m->gap;
        label[i].w -= d + m->gap;
    }
    enum text_weight weight = check ? TEXT_REGULAR : TEXT_BOLD;
    int size = common_size(ui, label, labels, n, m->body * 5 / 4, weight);
    for (int i = 0; i < n; i++) {
        int action = first_action + i;
        int chosen = (selected >> i) & 1, pressed = ui_pressed(ui) == action;
        SDL_Color ink = theme_text;
        if (check) {
            face_rect(ui, r[i], chosen, pressed, tint);
            SDL_Rect boxr = {r[i].x + m->gap, r[i].y + (h - d) / 2, d, d};
            widget_round_rect(ui, boxr, d / 6, theme_accent);
            if (!chosen) {
                SDL_Rect in = {boxr.x + 3, boxr.y + 3, d - 6, d - 6};
                widget_round_rect(ui, in, d / 8, theme_panel);
            } else {
                check_mark(ui, boxr.x, boxr.y, d, theme_on_accent);
            }
        } else {
            face_rect(ui, r[i], chosen, pressed, theme_accent);
            if (chosen && !pressed) {
                ink = theme_on_accent;
                check_mark(ui, r[i].x + r[i].w - d - m->gap / 2, r[i].y + (h - d) / 2, d, ink);
            }
        }
        widget_label(ui, label_room(ui, label[i]), labels[i], size, weight, ink,
                     check ? TEXT_LEFT : TEXT_CENTER);
        ui_add_control(ui, r[i], action, labels[i]);
    }
}
