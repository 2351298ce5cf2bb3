/* screen_poll.c: the group poll. Each option carries the colour of its
 * arcade button and its number, so colour is never the only cue. Results
 * show as bars with count and percentage, or only n while the group is too
 * small to stay anonymous. Also the conversation cards (gesprekskaarten). */
#include "ui/screen.h"
#include "ui/chart.h"
#include "ui/text.h"
#include "ui/theme.h"
#include "ui/widget.h"

#include <stdio.h>

/* Cap colours of the five arcade buttons: red, yellow, green, blue, white. */
static const SDL_Color caps[VIEW_POLL_OPTIONS] = {
    {0xC6, 0x28, 0x28, 0xFF}, {0xF2, 0xB7, 0x05, 0xFF}, {0x2E, 0x7D, 0x32, 0xFF},
    {0x15, 0x65, 0xC0, 0xFF}, {0xFF, 0xFF, 0xFF, 0xFF},
};

SDL_Color screen_poll_color(int n)
{
    return caps[n >= 0 && n < VIEW_POLL_OPTIONS ? n : 0];
}

/* Dark digits on the light caps (yellow, white), white on the others. */
static SDL_Color ink_on(int n)
{
    return n == 1 || n == 4 ? theme_text : theme_on_accent;
}

/* The button's coloured disc with its number, at the left of r; returns
 * where the text may start. */
static int option_disc(struct ui *ui, int i, SDL_Rect r)
{
    const struct ui_metrics *m = ui_metrics(ui);
    int d = r.h - m->gap;
    if (d > m->huge)
        d = m->huge;
    int cx = r.x + m->gap / 2 + d / 2, cy = r.y + r.h / 2;
    widget_circle(ui, cx, cy, d / 2 + 2, theme_text_soft); /* a rim, so white shows */
    widget_circle(ui, cx, cy, d / 2, caps[i]);
    char num[4];
    snprintf(num, sizeof num, "%d", i + 1);
    int ns = d * 3 / 5;
    text_draw(ui, num, ns, TEXT_BOLD, ink_on(i), cx, cy - ns * 5 / 8, TEXT_CENTER);
    return r.x + m->gap / 2 + d + m->gap * 3 / 2;
}

/* How a block of option rows is laid out: one label size for all of them,
 * and with the chart one figure size and where the lanes run. */
struct rows_layout {
    int label_size;
    int chart;
    int fig_size, fig_w;        /* the widest "12  (40%)" */
    int label_w;                /* with the chart: the labels' column */
    int stacked;                /* a narrow screen: the lane under the label */
};

static void option_figure(const struct view_poll *p, int i, char *out, size_t len)
{
    snprintf(out, len, "%d  (%d%%)", p->count[i], p->percent[i]);
}

/* One option: its button's colour and number and its text; with the
 * chart, a lane of its own with the bar, and the count and percentage
 * large at the right. A control only on the touchscreen. */
static void option_row(struct ui *ui, const struct view_poll *p, int i, SDL_Rect r,
                       const struct rows_layout *l, int control)
{
    const struct ui_metrics *m = ui_metrics(ui);
    int pressed = control && ui_pressed(ui) == POLL_OPTION_0 + i;
    widget_round_rect(ui, r, m->gap, pressed ? theme_line : theme_panel);
    int tx = option_disc(ui, i, r);
    int tw = r.x + r.w - m->gap - tx;
    int ly = r.y + 2, lh = r.h - 4;
    if (l->chart) {
        char fig[48];
        option_figure(p, i, fig, sizeof fig);
        int lane_h = r.h / 2, lane_x = tx + l->label_w + m->gap;
        int lane_w = r.x + r.w - m->gap * 2 - l->fig_w - lane_x;
        int top = r.y + (r.h - l->fig_size * 5 / 4) / 2;
        if (l->stacked) {
            /* label and figures on the first line, the lane across below */
            lh = r.h / 2;
            lane_h = r.h / 3;
            lane_x = tx;
            lane_w = r.x + r.w - m->gap - tx;
            top = r.y + (lh - l->fig_size * 5 / 4) / 2 + 2;
        }
        text_draw(ui, fig, l->fig_size, TEXT_BOLD, theme_text, r.x + r.w - m->gap, top,
                  TEXT_RIGHT);
        int lane_y = l->stacked ? r.y + lh + (r.h - lh - lane_h) / 2 : r.y + (r.h - lane_h) / 2;
        chart_lane_bar(ui, (SDL_Rect){lane_x, lane_y, lane_w, lane_h}, p->percent[i] / 100.0,
                       caps[i]);
        tw = l->label_w;
    }
    widget_label(ui, (SDL_Rect){tx, ly, tw, lh}, p->options[i], l->label_size,
                 TEXT_REGULAR, theme_text, TEXT_LEFT);
    if (control)
        ui_add_control(ui, r, POLL_OPTION_0 + i, p->options[i]);
}

/* 1 when every option's label fits w x h whole at size. */
static int labels_fit(struct ui *ui, const struct view_poll *p, int w, int h, int size)
{
    for (int i = 0; i < p->noptions; i++)
        if (!widget_label_fits(ui, w, h, p->options[i], size, TEXT_REGULAR))
            return 0;
    return 1;
}

/* One size for every option's label: the largest from `most` down that
 * lets each fit its room whole (wrapped if need be). */
static int labels_size(struct ui *ui, const struct view_poll *p, int w, int h, int most)
{
    int size = most;
    while (size > ui_metrics(ui)->small && !labels_fit(ui, p, w, h, size))
        size -= 2;
    return size;
}

/* The options, from y down to bottom: one under the other, or in two
 * columns on a wide screen where one column would make them too small to
 * touch. The presenter's chart is always one column (the bars need the
 * width); two columns stack each lane under its label. */
static void options_block(struct ui *ui, const struct view_poll *p, int y, int bottom, int chart,
                          int control)
{
    const struct ui_metrics *m = ui_metrics(ui);
    int n = p->noptions > 0 ? p->noptions : 1;
    int cols = 1;
    if ((!chart || control) && (bottom - y - (n - 1) * m->gap) / n < m->target &&
        m->w > m->h && n > 2)
        cols = 2; /* on the touchscreen the rows stay big enough to touch */
    int rows = (n + cols - 1) / cols;
    int row = (bottom - y - (rows - 1) * m->gap) / rows;
    if (row > m->target * 3 / 2)
        row = m->target * 3 / 2;
    int col_w = (m->w - 2 * m->pad - (cols - 1) * m->gap) / cols;
    struct rows_layout l = {.chart = chart};
    int d = row - m->gap < m->huge ? row - m->gap : m->huge;
    int text_w = col_w - d - m->gap * 3;
    int label_h = row - 4;
    if (chart) {
        /* On the presenter the figures are as large as the row allows, to
         * be read across the room; on the touchscreen button-sized. */
        l.stacked = m->h > m->w || cols == 2;
        l.fig_size = control ? widget_button_size(ui) : row * 3 / 4;
        if (l.stacked)
            l.fig_size = l.fig_size * 3 / 5 > m->body ? l.fig_size * 3 / 5 : m->body;
        if (l.fig_size > m->title)
            l.fig_size = m->title;
        for (int i = 0; i < p->noptions; i++) {
            char fig[48];
            option_figure(p, i, fig, sizeof fig);
            int fw = text_width(ui, fig, l.fig_size, TEXT_BOLD);
            if (fw > l.fig_w)
                l.fig_w = fw;
        }
        if (l.stacked) {
            l.label_w = text_w - l.fig_w - m->gap;
            label_h = row / 2;
        } else {
            /* the labels' column: two fifths, more (up to three) for long
             * answers, so they stay whole; the lanes get the rest */
            int room = text_w - l.fig_w - m->gap * 2, most = control ? m->body * 5 / 4 : m->body;
            for (int fifths = 2; fifths <= 3; fifths++) {
                l.label_w = room * fifths / 5;
                if (labels_fit(ui, p, l.label_w, label_h, most))
                    break;
            }
        }
        text_w = l.label_w;
    }
    /* on the presenter's chart the figures lead, the labels are body type */
    l.label_size = labels_size(ui, p, text_w, label_h,
                               chart && !control ? m->body : m->body * 5 / 4);
    for (int i = 0; i < p->noptions; i++) {
        int c = i / rows, r = i % rows; /* down the first column, then the next */
        SDL_Rect box = {m->pad + c * (col_w + m->gap), y + r * (row + m->gap), col_w, row};
        option_row(ui, p, i, box, &l, control);
    }
}

/* "5 stemmen", or why the counts do not show. */
static void vote_count(const struct view_poll *p, char *out, size_t len)
{
    if (!p->revealed)
        snprintf(out, len, "%d %s", p->n, p->n == 1 ? "stem" : "stemmen");
    else if (!p->shown)
        snprintf(out, len, "Te weinig stemmen om te tonen (n = %d)", p->n);
    else
        snprintf(out, len, "n = %d", p->n);
}

/* The line at the bottom (what to do) and the count at its right, or above
 * it when both do not fit (the line wrapped when it is longer than the
 * screen is wide). Returns the top of what they take. */
static int bottom_lines(struct ui *ui, const char *line, SDL_Color tone, const char *count,
                        int count_size)
{
    const struct ui_metrics *m = ui_metrics(ui);
    int w = m->w - 2 * m->pad, line_size = m->body * 5 / 4, line_h = m->body * 2;
    int beside = text_width(ui, line, line_size, TEXT_BOLD) + m->gap * 2 +
                     text_width(ui, count, count_size, TEXT_BOLD) <= w;
    int lines = beside ? 1 : text_count_lines(ui, line, line_size, TEXT_BOLD, w);
    int line_y = m->h - m->pad - line_h + m->gap / 2 - (lines - 1) * (line_size * 13 / 10);
    int top = line_y - m->gap / 2 - (beside ? 0 : count_size * 3 / 2);
    text_draw_wrapped(ui, line, line_size, TEXT_BOLD, tone, m->pad, line_y, w, TEXT_LEFT);
    text_draw(ui, count, count_size, TEXT_BOLD, theme_text_soft, m->w - m->pad,
              beside ? line_y + (line_size - count_size) / 2 : top + m->gap / 2, TEXT_RIGHT);
    return top;
}

static void poll_draw(struct ui *ui, const struct view *v)
{
    const struct ui_metrics *m = ui_metrics(ui);
    const struct view_poll *p = &v->poll;
    screen_status_bar(ui, v);
    int y = screen_title(ui, p->question) + m->gap;

    /* the line at the bottom says what to do or what just happened */
    static const struct {
        const char *text;
        const SDL_Color *tone;
    } says[] = {
        [VIEW_POLL_VOTE] = {"Druk op de knop met jouw antwoord.", &theme_text},
        [VIEW_POLL_THANKS] = {"Dank je! Je stem is geteld.", &theme_ok},
        [VIEW_POLL_WAIT] = {"Even wachten...", &theme_text_soft},
        [VIEW_POLL_SCAN_FIRST] = {"Scan eerst je pas. Dan kun je stemmen.", &theme_text},
        [VIEW_POLL_ALREADY] = {"Je hebt al gestemd. Dank je!", &theme_warn},
    };
    char line[256];
    SDL_Color tone = *says[p->phase].tone;
    if (p->phase == VIEW_POLL_VOTE && p->verified && p->voter[0])
        snprintf(line, sizeof line, "%s, kies je antwoord. Nog %d s.", p->voter, p->seconds_left);
    else
        snprintf(line, sizeof line, "%s", says[p->phase].text);
    char count[64];
    vote_count(p, count, sizeof count);
    if (v->presenter && p->revealed && p->shown)
        snprintf(count, sizeof count, "De uitslag staat op het grote scherm.");
    int bottom = bottom_lines(ui, line, tone, count, m->body);
    /* with a presenter display the chart shows there, full size */
    options_block(ui, p, y, bottom, p->revealed && p->shown && !v->presenter, 1);
    if (p->phase == VIEW_POLL_THANKS) {
        /* big, so the person walking away sees it counted */
        int pw = m->w * 3 / 5, ph = m->title * 3;
        SDL_Rect panel = {(m->w - pw) / 2, y + (bottom - y - ph) / 2, pw, ph};
        widget_round_rect(ui, panel, m->gap * 2, theme_ok);
        widget_icon(ui, WIDGET_ICON_OK, panel.x + ph / 2, panel.y + ph / 2, ph * 2 / 3);
        text_draw(ui, "Dank je!", m->title, TEXT_BOLD, theme_on_accent,
                  panel.x + ph + (pw - ph) / 2 - m->gap, panel.y + (ph - m->title * 5 / 4) / 2,
                  TEXT_CENTER);
    }
}

/* The card's title and prompts, in text of size body (title bigger). */
static void card_text(struct ui *ui, const struct view_poll *p, int y, int body)
{
    const struct ui_metrics *m = ui_metrics(ui);
    y += text_draw_wrapped(ui, p->card_title, body * 2, TEXT_BOLD, theme_text, m->pad, y,
                           m->w - 2 * m->pad, TEXT_LEFT);
    y += m->gap;
    for (int i = 0; i < p->card_nprompts; i++) {
        widget_circle(ui, m->pad + body / 3, y + body * 3 / 5, body / 5, theme_accent);
        y += text_draw_wrapped(ui, p->card_prompts[i], body, TEXT_REGULAR, theme_text,
                               m->pad + body, y, m->w - 2 * m->pad - body, TEXT_LEFT);
        y += m->gap;
    }
}

/* "Kaart 2 van 5", right-aligned, ending at bottom. */
static void card_position(struct ui *ui, const struct view_poll *p, int bottom)
{
    const struct ui_metrics *m = ui_metrics(ui);
    char pos[32];
    snprintf(pos, sizeof pos, "Kaart %d van %d", p->card_index + 1, p->card_count);
    text_draw(ui, pos, m->body, TEXT_BOLD, theme_text_soft, m->w - m->pad,
              bottom - m->body * 5 / 4, TEXT_RIGHT);
}

static void card_draw(struct ui *ui, const struct view *v)
{
    const struct ui_metrics *m = ui_metrics(ui);
    const struct view_poll *p = &v->poll;
    screen_status_bar(ui, v);
    card_text(ui, p, m->bar + m->pad, m->body * 5 / 4);
    /* Stoppen left, Vorige and Volgende right; three fit on a portrait panel */
    int bw = (m->w - 2 * m->pad - 2 * m->gap) / 3, by = m->h - m->pad - m->target;
    if (bw > m->target * 3)
        bw = m->target * 3;
    widget_button(ui, (SDL_Rect){m->pad, by, bw, m->target}, "Stoppen", POLL_CARD_STOP,
                  WIDGET_SECONDARY);
    if (p->card_index > 0)
        widget_button(ui, (SDL_Rect){m->w - m->pad - 2 * bw - m->gap, by, bw, m->target},
                      "Vorige", POLL_CARD_PREV, WIDGET_SECONDARY);
    if (p->card_index + 1 < p->card_count)
        widget_button(ui, (SDL_Rect){m->w - m->pad - bw, by, bw, m->target}, "Volgende",
                      POLL_CARD_NEXT, WIDGET_PRIMARY);
    card_position(ui, p, by - m->gap);
}

/* ---- the presenter display: the same, full size, nothing to touch ---- */

static void stage_poll_draw(struct ui *ui, const struct view *v)
{
    const struct ui_metrics *m = ui_metrics(ui);
    const struct view_poll *p = &v->poll;
    screen_status_bar(ui, v);
    int y = m->bar + m->pad;
    /* with the chart the bars and figures get the room */
    int chart = p->revealed && p->shown;
    y += text_draw_wrapped(ui, p->question, chart ? m->body * 3 / 2 : m->title, TEXT_BOLD,
                           theme_text, m->pad, y, m->w - 2 * m->pad, TEXT_LEFT);
    y += m->pad;
    /* never a name here: the whole room reads this screen */
    const char *line = p->verified ? "Scan je pas bij de kiosk. Druk dan op een knop."
                                   : "Druk op de knop met jouw antwoord.";
    if (p->revealed)
        line = "De uitslag";
    char count[64];
    vote_count(p, count, sizeof count);
    int bottom = bottom_lines(ui, line, theme_text, count, m->body * 5 / 4);
    options_block(ui, p, y, bottom - m->gap, chart, 0);
}

static void stage_card_draw(struct ui *ui, const struct view *v)
{
    const struct ui_metrics *m = ui_metrics(ui);
    screen_status_bar(ui, v);
    /* which conversation this card belongs to, small above it */
    int y = m->bar + m->pad;
    y += text_draw_wrapped(ui, v->poll.card_set, m->body, TEXT_BOLD, theme_accent, m->pad, y,
                           m->w - 2 * m->pad, TEXT_LEFT);
    card_text(ui, &v->poll, y + m->gap, m->body * 3 / 2);
    card_position(ui, &v->poll, m->h - m->pad);
}

const struct screen screen_poll = {"poll", poll_draw};
const struct screen screen_poll_card = {"card", card_draw};
const struct screen screen_stage_poll = {"stage-poll", stage_poll_draw};
const struct screen screen_stage_card = {"stage-card", stage_card_draw};
