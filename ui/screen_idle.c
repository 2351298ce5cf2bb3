/* screen_idle.c: what everyone sees between scans. No names, ever: only
 * the session, the time, what to do and how many have checked in. */
#include "ui/screen.h"
#include "ui/text.h"
#include "ui/theme.h"
#include "ui/widget.h"

#include <stdio.h>

/* A card held under a scanner, drawn in the box b. */
static void draw_scan_picture(struct ui *ui, SDL_Rect b)
{
    SDL_Renderer *r = ui_renderer(ui);
    int unit = (b.w < b.h ? b.w : b.h) / 10;
    int cx = b.x + b.w / 2;

    /* the scanner head, at the top */
    SDL_Rect head = {cx - unit * 3, b.y + unit / 2, unit * 6, unit * 2};
    widget_round_rect(ui, head, unit / 2, theme_text_soft);
    SDL_Rect window = {cx - unit * 2, head.y + head.h - unit / 2, unit * 4, unit / 3};
    widget_round_rect(ui, window, unit / 6, theme_error);

    /* the beam, a soft red fan down to the card */
    SDL_Color beam = {theme_error.r, theme_error.g, theme_error.b, 60};
    float top = (float)(window.y + window.h), bottom = (float)(b.y + unit * 5);
    SDL_Vertex v[3] = {
        {{(float)cx, top}, beam, {0, 0}},
        {{(float)(cx - unit * 3), bottom}, beam, {0, 0}},
        {{(float)(cx + unit * 3), bottom}, beam, {0, 0}},
    };
    SDL_RenderGeometry(r, NULL, v, 3, NULL, 0);

    /* the card with its QR code */
    SDL_Rect card = {cx - unit * 4, b.y + unit * 5, unit * 8, unit * 5 - unit / 4};
    widget_round_rect(ui, card, unit / 2, theme_line);
    SDL_Rect inner = {card.x + 3, card.y + 3, card.w - 6, card.h - 6};
    widget_round_rect(ui, inner, unit / 2 - 2, theme_panel);
    int q = unit * 3, qx = card.x + unit / 2, qy = card.y + (card.h - q) / 2;
    static const char *const qr[7] = {"XXX.X.X", "X.X..XX", "XXX.X..", "..X.XX.",
                                      "XX..XXX", ".X.XX.X", "X.XX.XX"};
    int cell = q / 7;
    SDL_SetRenderDrawColor(r, theme_text.r, theme_text.g, theme_text.b, 255);
    for (int y = 0; y < 7; y++)
        for (int x = 0; x < 7; x++)
            if (qr[y][x] == 'X') {
                SDL_Rect c = {qx + x * cell, qy + y * cell, cell, cell};
                SDL_RenderFillRect(r, &c);
            }
    /* two text lines beside the code */
    SDL_SetRenderDrawColor(r, theme_line.r, theme_line.g, theme_line.b, 255);
    SDL_Rect l1 = {qx + q + unit / 2, qy + unit / 2, unit * 3, unit / 2};
    SDL_Rect l2 = {l1.x, l1.y + unit, unit * 2, unit / 2};
    SDL_RenderFillRect(r, &l1);
    SDL_RenderFillRect(r, &l2);
}

static void idle_draw(struct ui *ui, const struct view *v)
{
    const struct ui_metrics *m = ui_metrics(ui);
    screen_status_bar(ui, v);

    int portrait = m->h > m->w;
    int top = m->bar + m->pad;
    int text_w = portrait ? m->w - 2 * m->pad : m->w * 11 / 20 - m->pad;
    int y = top + m->pad;
    const char *title = v->has_session ? "Scan je pas" : "Welkom";
    const char *line = v->has_session ? "Houd de QR-code van je pas onder de scanner."
                                      : "Er is nu geen bijeenkomst. Inchecken kan nog niet.";
    text_draw(ui, title, m->huge, TEXT_BOLD, theme_text, m->pad, y, TEXT_LEFT);
    y += m->huge * 13 / 10 + m->gap;
    y += text_draw_wrapped(ui, line, m->body * 5 / 4, TEXT_REGULAR, theme_text_soft, m->pad, y,
                           text_w, TEXT_LEFT);

    SDL_Rect pic;
    if (portrait)
        pic = (SDL_Rect){m->pad, y + m->pad, m->w - 2 * m->pad, m->h - y - m->pad * 2 - m->bar * 2};
    else
        pic = (SDL_Rect){m->w * 11 / 20, top, m->w * 9 / 20 - m->pad, m->h - top - m->pad};
    if (v->has_session)
        draw_scan_picture(ui, pic);

    if (v->has_session) {
        char count[64];
        snprintf(count, sizeof count, "%d van %d ingecheckt", v->checked_in, v->group_size);
        int by = m->h - m->pad - m->body * 2;
        text_draw(ui, count, m->body, TEXT_BOLD, theme_text, m->pad, by - m->body * 3 / 2,
                  TEXT_LEFT);
        SDL_Rect bar = {m->pad, by, text_w, m->body / 2 > 8 ? m->body / 2 : 8};
        widget_progress(ui, bar, v->group_size ? (double)v->checked_in / v->group_size : 0);
    }
}

/* The presenter display at rest: what the room is here for, and how far
 * the check-in is. Never a name. */
static void stage_rest_draw(struct ui *ui, const struct view *v)
{
    const struct ui_metrics *m = ui_metrics(ui);
    screen_status_bar(ui, v);
    int y = m->bar + m->pad * 2;
    y += text_draw_wrapped(ui, "Welkom", m->huge, TEXT_BOLD, theme_text, m->pad, y,
                           m->w - 2 * m->pad, TEXT_LEFT);
    y += m->gap;
    const char *line = v->has_session ? "Scan je pas bij de kiosk om in te checken."
                                      : "Er is nu geen bijeenkomst.";
    y += text_draw_wrapped(ui, line, m->body * 3 / 2, TEXT_REGULAR, theme_text_soft, m->pad, y,
                           m->w - 2 * m->pad, TEXT_LEFT);
    text_draw(ui, v->clock, m->huge * 2, TEXT_BOLD, theme_text, m->w - m->pad,
              m->h - m->pad - m->huge * 5 / 2, TEXT_RIGHT);
    if (v->has_session) {
        char count[64];
        snprintf(count, sizeof count, "%d van %d ingecheckt", v->checked_in, v->group_size);
        int by = m->h - m->pad - m->body;
        text_draw(ui, count, m->body * 5 / 4, TEXT_BOLD, theme_text, m->pad,
                  by - m->body * 2, TEXT_LEFT);
        SDL_Rect bar = {m->pad, by, m->w / 2 - m->pad, m->body / 2 > 8 ? m->body / 2 : 8};
        widget_progress(ui, bar, v->group_size ? (double)v->checked_in / v->group_size : 0);
    }
}

const struct screen screen_idle = {"idle", idle_draw};
const struct screen screen_stage_rest = {"stage-rest", stage_rest_draw};
