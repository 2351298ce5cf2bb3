/* screen_teacher.c: teacher mode. The menu, and one page layout for every
 * other teacher screen: a title, a line of text, then a list, a set of
 * choices or a progress bar, and a bar with Terug and the main action. */
#include "ui/screen.h"
#include "ui/text.h"
#include "ui/theme.h"
#include "ui/widget.h"

#include <stdio.h>

void screen_teacher_bar(struct ui *ui, const struct view *v)
{
    char left[192];
    snprintf(left, sizeof left, "Docent%s%s%s", v->has_session ? " · " : "",
             v->has_session ? v->session_title : "", v->usb_present ? " · USB-stick" : "");
    widget_status_bar(ui, left, v->clock);
}

/* Lays n buttons out inside box b: tiles, or a list when a label is too
 * long for a tile (widget_choices). */
static void button_grid(struct ui *ui, SDL_Rect b, const char *const labels[],
                        const int actions[], int n, int chosen)
{
    widget_choices(ui, b, labels, actions, n, chosen);
}

/* The choice buttons' labels and actions: a button may carry another
 * flow's action (choice_action), else it is choice i. */
static void choice_labels(const struct view_teacher *t, const char *labels[], int actions[])
{
    for (int i = 0; i < t->nchoices; i++) {
        labels[i] = t->choices[i];
        actions[i] = t->choice_action[i] ? t->choice_action[i] : TEACHER_CHOICE_0 + i;
    }
}

/* The menu: the session, a warning or a few lines of text, then the
 * buttons the teacher flow put in view.teacher.choices. */
static void menu_draw(struct ui *ui, const struct view *v)
{
    const struct ui_metrics *m = ui_metrics(ui);
    const struct view_teacher *t = &v->teacher;
    screen_teacher_bar(ui, v);
    int y = m->bar + m->pad;
    /* A running session is named in the bar above; the room goes to the
     * buttons (a wrong clock and an update on the stick take two lines). */
    if (!v->has_session) {
        text_draw(ui, "Er loopt nu geen bijeenkomst.", m->body * 5 / 4, TEXT_BOLD, theme_text,
                  m->pad, y, TEXT_LEFT);
        y += m->body * 2;
    }
    if (t->clock_wrong) {
        text_draw_fit(ui, "De klok staat niet goed. Zet de datum en tijd goed.", m->body,
                      m->small, TEXT_BOLD, theme_error, m->pad, y, m->w - 2 * m->pad, TEXT_LEFT);
        y += m->body * 3 / 2;
    }
    if (t->message[0]) {
        y += text_draw_wrapped(ui, t->message, m->small, TEXT_REGULAR, theme_text_soft, m->pad, y,
                               m->w - 2 * m->pad, TEXT_LEFT);
        y += m->small;
    }
    const char *labels[VIEW_CHOICES];
    int actions[VIEW_CHOICES];
    choice_labels(t, labels, actions);
    SDL_Rect grid = {m->pad, y, m->w - 2 * m->pad, m->h - y - m->target - 2 * m->pad};
    button_grid(ui, grid, labels, actions, t->nchoices, -1);
    SDL_Rect out = {m->w - m->pad - m->target * 3, m->h - m->pad - m->target, m->target * 3,
                    m->target};
    widget_button(ui, out, "Afmelden", TEACHER_LOGOUT, WIDGET_PRIMARY);
    if (v->sync_line[0]) /* the school sync's state, beside Afmelden */
        text_draw_fit(ui, v->sync_line, m->small, m->small * 3 / 4, TEXT_REGULAR,
                      theme_text_soft, m->pad, out.y + (m->target - m->small) / 2,
                      out.x - 2 * m->pad, TEXT_LEFT);
}

/* Where a page's list starts and ends, for a message of two lines. */
static void list_area(const struct ui_metrics *m, int *top, int *bottom, int *row_h)
{
    *top = m->bar + m->pad / 2 + m->body * 2 + (m->body * 13 / 10) * 2 + m->gap;
    *bottom = m->h - m->pad - m->target - m->gap;
    int mm10 = m->target < 52 ? m->target : 52;
    *row_h = m->body * 2 > mm10 ? m->body * 2 : mm10;
}

int screen_teacher_rows(struct ui *ui)
{
    int top, bottom, row_h;
    list_area(ui_metrics(ui), &top, &bottom, &row_h);
    int n = (bottom - top) / row_h;
    return n < 1 ? 1 : n > VIEW_ROWS ? VIEW_ROWS : n;
}

static const SDL_Color *tone_color(int tone)
{
    static const SDL_Color *const tones[] = {&theme_text, &theme_ok, &theme_warn, &theme_error};
    return tones[tone >= 0 && tone < 4 ? tone : 0];
}

static void page_draw(struct ui *ui, const struct view *v)
{
    const struct ui_metrics *m = ui_metrics(ui);
    const struct view_teacher *t = &v->teacher;
    screen_teacher_bar(ui, v);
    int y = screen_title(ui, t->title);
    y += m->body * 2 - m->body * 3 / 2 * 13 / 10;
    if (t->message[0]) {
        y += text_draw_wrapped(ui, t->message, m->body, TEXT_REGULAR, theme_text_soft, m->pad, y,
                               m->w - 2 * m->pad, TEXT_LEFT);
        y += m->gap;
    }
    int bottom = m->h - m->pad - m->target - m->gap;

    if (t->nrows > 0) {
        int top, row_h;
        list_area(m, &top, &bottom, &row_h);
        if (y < top)
            y = top;
        for (int i = 0; i < t->nrows; i++) {
            SDL_Rect r = {m->pad, y + i * row_h, m->w - 2 * m->pad, row_h - 4};
            if (r.y + r.h > bottom)
                break;
            widget_round_rect(ui, r, 6, theme_panel);
            int ty = r.y + (r.h - m->body * 5 / 4) / 2;
            /* The status at the right takes at most three fifths; a long
             * name or a student's many reasons may be cut in their cells
             * (the next page shows them whole). */
            int room = r.w - 3 * m->gap;
            int sw = text_width(ui, t->rows[i].status, m->body, TEXT_BOLD);
            if (sw > room * 3 / 5)
                sw = room * 3 / 5;
            text_draw_cell(ui, t->rows[i].name, m->body, TEXT_REGULAR, theme_text, r.x + m->gap,
                           ty, room - sw, TEXT_LEFT);
            text_draw_cell(ui, t->rows[i].status, m->body, TEXT_BOLD,
                           *tone_color(t->rows[i].tone), r.x + r.w - m->gap, ty, sw, TEXT_RIGHT);
            ui_add_control(ui, r, TEACHER_ROW_0 + i, t->rows[i].name);
        }
    } else if (t->nchoices > 0) {
        const char *labels[VIEW_CHOICES];
        int actions[VIEW_CHOICES];
        choice_labels(t, labels, actions);
        SDL_Rect grid = {m->pad, y, m->w - 2 * m->pad, bottom - y};
        button_grid(ui, grid, labels, actions, t->nchoices, t->chosen);
    } else if (t->late[0]) {
        /* late threshold: - HH:MM + */
        int bw = m->target * 2;
        SDL_Rect minus = {m->pad, y, bw, m->target};
        SDL_Rect plus = {m->pad + bw + m->gap * 2 + m->title * 3, y, bw, m->target};
        widget_button(ui, minus, "- 5 min", TEACHER_LATE_EARLIER, WIDGET_SECONDARY);
        text_draw(ui, t->late, m->title, TEXT_BOLD, theme_text,
                  minus.x + bw + m->gap + m->title * 3 / 2 + m->gap / 2,
                  y + (m->target - m->title * 5 / 4) / 2, TEXT_CENTER);
        widget_button(ui, plus, "+ 5 min", TEACHER_LATE_LATER, WIDGET_SECONDARY);
    }
    if (t->progress >= 0) {
        SDL_Rect bar = {m->pad, y + m->gap, m->w - 2 * m->pad, m->body};
        widget_progress(ui, bar, t->progress / 100.0);
    }

    screen_teacher_buttons(ui, v, m->target);
}

void screen_teacher_buttons(struct ui *ui, const struct view *v, int bh)
{
    const struct ui_metrics *m = ui_metrics(ui);
    const struct view_teacher *t = &v->teacher;
    /* Terug on the left, the main action on the right, paging between. */
    int bw = m->target * 3 < (m->w - 2 * m->pad) / 3 ? m->target * 3 : (m->w - 2 * m->pad) / 3;
    SDL_Rect back = {m->pad, m->h - m->pad - bh, bw, bh};
    widget_button(ui, back, "Terug", TEACHER_BACK, WIDGET_SECONDARY);
    int right = m->w - m->pad;
    if (t->can_confirm) {
        SDL_Rect ok = {m->w - m->pad - bw, back.y, bw, bh};
        widget_button(ui, ok, t->confirm_label, TEACHER_CONFIRM, WIDGET_PRIMARY);
        right = ok.x;
    }
    if (t->pages > 1) {
        char page[32];
        snprintf(page, sizeof page, "%d / %d", t->page + 1, t->pages);
        int left = back.x + back.w + m->gap, cx = (left + right) / 2;
        int side = bh, tw = text_width(ui, page, m->body, TEXT_BOLD) / 2 + m->gap;
        if (cx - tw - side < left)
            side = cx - tw - left > 52 ? cx - tw - left : 52;
        SDL_Rect prev = {cx - tw - side, back.y, side, bh};
        SDL_Rect next = {cx + tw, back.y, side, bh};
        widget_button(ui, prev, "<", TEACHER_PAGE_PREV, WIDGET_SECONDARY);
        text_draw(ui, page, m->body, TEXT_BOLD, theme_text, cx,
                  back.y + (bh - m->body * 5 / 4) / 2, TEXT_CENTER);
        widget_button(ui, next, ">", TEACHER_PAGE_NEXT, WIDGET_SECONDARY);
    }
}

const struct screen screen_teacher = {"teacher", menu_draw};
const struct screen screen_session_new = {"session-new", page_draw};
const struct screen screen_teacher_student = {"teacher-student", page_draw};
const struct screen screen_usb = {"usb", page_draw};
const struct screen screen_teacher_page = {"teacher-page", page_draw};
const struct screen screen_update = {"update", page_draw};
const struct screen screen_poll_teacher = {"poll-teacher", page_draw};
const struct screen screen_signals = {"signals", page_draw};
