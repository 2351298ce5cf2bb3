/* screen_attendance.c: the running session's attendance at a glance. The
 * counts per state on top, then the group as a grid of cells, who is not in
 * yet first: a class of 30 on one page from 1280x800 up, two pages at
 * 800x480, every cell at least a finger high. A tap on a cell opens that
 * student (check in by hand, the dossier). */
#include "ui/screen.h"
#include "ui/text.h"
#include "ui/theme.h"

#include <string.h>

struct grid {
    int top, bottom;    /* the cells' area */
    int cols, rows;     /* rows on a full page */
    int cell_w, row_h;
    int bh;             /* the bottom buttons' height */
};

/* 10 mm on the 7" panel (theme.h), the smallest a cell or button may be. */
static int finger(void)
{
    return (int)(THEME_MIN_TARGET_MM * THEME_PX_PER_MM_7INCH + 0.5);
}

/* The grid for n students on this page (n = 0: a full page). */
static void layout(struct ui *ui, int n, struct grid *g)
{
    const struct ui_metrics *m = ui_metrics(ui);
    int mm10 = finger();
    g->bh = m->target * 2 / 3 > mm10 ? m->target * 2 / 3 : mm10;
    g->top = m->bar + m->pad / 2 + m->body * 13 / 10 + m->small * 13 / 10 + m->gap;
    g->bottom = m->h - m->pad / 2 - g->bh - m->gap;
    g->cols = m->w >= 1200 ? 4 : m->w >= 780 ? 3 : 2;
    g->cell_w = (m->w - 2 * m->pad - (g->cols - 1) * m->gap / 2) / g->cols;
    int fit = (g->bottom - g->top) / mm10;
    g->rows = fit < 1 ? 1 : fit;
    int used = n > 0 && n < g->rows * g->cols ? (n + g->cols - 1) / g->cols : g->rows;
    g->row_h = (g->bottom - g->top) / used;
    if (g->row_h > m->target)
        g->row_h = m->target;
}

int screen_attendance_per_page(struct ui *ui)
{
    struct grid g;
    layout(ui, 0, &g);
    int n = g.rows * g.cols;
    return n > VIEW_ROWS ? VIEW_ROWS : n;
}

static const SDL_Color *tone_color(int tone)
{
    static const SDL_Color *const tones[] = {&theme_text, &theme_ok, &theme_warn, &theme_error};
    return tones[tone >= 0 && tone < 4 ? tone : 0];
}

/* One student: a stripe in the state's colour, the name, the state in
 * words below it (colour is never the only cue). */
static void cell(struct ui *ui, SDL_Rect r, const struct view_row *row, int action)
{
    const struct ui_metrics *m = ui_metrics(ui);
    int size = (r.h - 8) * 10 / 26;
    if (size > m->small)
        size = m->small;
    widget_round_rect(ui, r, 6, theme_panel);
    widget_round_rect(ui, (SDL_Rect){r.x, r.y, 6, r.h}, 0, *tone_color(row->tone));
    int x = r.x + 6 + m->gap / 2, w = r.w - 6 - m->gap;
    int y = r.y + (r.h - size * 26 / 10) / 2;
    /* A very long name may be cut in its cell: the student's page shows it
     * whole. */
    text_draw_cell(ui, row->name, size, TEXT_REGULAR, theme_text, x, y, w, TEXT_LEFT);
    text_draw_cell(ui, row->status, size, TEXT_BOLD, *tone_color(row->tone), x,
                   y + size * 13 / 10, w, TEXT_LEFT);
    ui_add_control(ui, r, action, row->name);
}

/* The counts line, "Aanwezigheid: 18 binnen · 3 te laat · 9 nog niet
 * binnen", drawn word by word: after a scan only the new numbers are
 * rendered anew, not the whole line (that was most of the frame after a
 * scan, measured). Smaller when the whole line
 * does not fit. */
static void summary_draw(struct ui *ui, const struct view_teacher *t, int x, int y, int w)
{
    const struct ui_metrics *m = ui_metrics(ui);
    int size = m->body, full = text_width(ui, t->summary, size, TEXT_BOLD);
    if (full > w) {
        size = size * w / full;
        if (size < m->small * 3 / 4) {
            text_draw_fit(ui, t->summary, m->small * 3 / 4, m->small * 3 / 4, TEXT_BOLD,
                          theme_text, x, y, w, TEXT_LEFT);
            return;
        }
        ui_log_fit(ui, t->summary, UI_FIT_SHRUNK);
    }
    /* word by word, each with the space after it */
    char part[64];
    for (const char *p = t->summary; *p;) {
        const char *space = strchr(p, ' ');
        size_t n = space ? (size_t)(space - p) + 1 : strlen(p);
        if (n >= sizeof part)
            n = sizeof part - 1;
        memcpy(part, p, n);
        part[n] = '\0';
        x += text_draw(ui, part, size, TEXT_BOLD, theme_text, x, y + (m->body - size), TEXT_LEFT);
        p += n;
    }
    ui_log_text(ui, t->summary); /* scenarios find the whole line */
}

static void attendance_draw(struct ui *ui, const struct view *v)
{
    const struct ui_metrics *m = ui_metrics(ui);
    const struct view_teacher *t = &v->teacher;
    screen_teacher_bar(ui, v);
    int y = m->bar + m->pad / 2;
    summary_draw(ui, t, m->pad, y, m->w - 2 * m->pad);
    y += m->body * 13 / 10;
    text_draw_fit(ui, t->message, m->small, m->small * 3 / 4, TEXT_REGULAR, theme_text_soft,
                  m->pad, y, m->w - 2 * m->pad, TEXT_LEFT);

    struct grid g;
    layout(ui, t->nrows, &g);
    int per_col = (t->nrows + g.cols - 1) / g.cols;
    for (int i = 0; i < t->nrows; i++) {
        /* down the columns, as a list is read */
        int col = i / per_col, row = i % per_col;
        SDL_Rect r = {m->pad + col * (g.cell_w + m->gap / 2), g.top + row * g.row_h, g.cell_w,
                      g.row_h - 4};
        cell(ui, r, &t->rows[i], TEACHER_ROW_0 + i);
    }
    screen_teacher_buttons(ui, v, g.bh);
}

const struct screen screen_attendance = {"attendance", attendance_draw};
