/* screen_student.c: the student's own screens. A questionnaire shows one
 * item per screen (its answers drawn by ui/answer.h as the item type asks),
 * typing uses the on-screen keyboard and a summary comes before "Opslaan"
 * ("Mijn dossier" is ui/screen_dossier.c). Every screen counts down its
 * last 10 seconds before logout. */
#include "ui/answer.h"
#include "ui/chart.h"
#include "ui/keyboard.h"
#include "ui/qr.h"
#include "ui/screen.h"
#include "ui/text.h"
#include "ui/theme.h"
#include "ui/widget.h"

#include <stdio.h>
#include <string.h>

/* ---- shared pieces ------------------------------------------------------ */

void screen_student_countdown(struct ui *ui, const struct view *v)
{
    if (v->seconds_left <= 0 || v->seconds_left > 10)
        return;
    const struct ui_metrics *m = ui_metrics(ui);
    char line[128];
    snprintf(line, sizeof line, "Ben je er nog? Tik op het scherm (nog %d s).", v->seconds_left);
    SDL_Rect r = {0, 0, m->w, m->bar};
    widget_round_rect(ui, r, 0, theme_warn);
    int size = m->body;
    text_draw_fit(ui, line, size, ui_metrics(ui)->small, TEXT_BOLD, theme_on_accent, r.x + r.w / 2,
                    r.y + (r.h - size * 5 / 4) / 2, r.w - 2 * m->gap, TEXT_CENTER);
}

SDL_Rect screen_student_nav_slot(const struct ui_metrics *m, int slot)
{
    int bw = (m->w - 2 * m->pad - 2 * m->gap) / 3;
    if (bw > m->target * 3)
        bw = m->target * 3;
    int y = m->h - m->pad - m->target;
    int x = slot == 0 ? m->pad : slot == 1 ? (m->w - bw) / 2 : m->w - m->pad - bw;
    return (SDL_Rect){x, y, bw, m->target};
}

/* "Zelfscan beroepshouding · Vraag 3 van 10" and a progress bar. */
static int progress_head(struct ui *ui, const struct view_student *s, int y)
{
    const struct ui_metrics *m = ui_metrics(ui);
    int w = m->w - 2 * m->pad;
    char left[192];
    snprintf(left, sizeof left, "Vraag %d van %d · %s", s->index + 1, s->count, s->title);
    int bh = m->gap > 8 ? m->gap : 8;
    int line = m->small * 13 / 10;
    double done = s->count ? (double)s->answered / s->count : 0;
    if (m->h > m->w) {
        /* portrait: the words on their own line, the bar under them */
        text_draw_fit(ui, left, m->small, ui_metrics(ui)->small, TEXT_REGULAR, theme_text_soft, m->pad, y, w,
                        TEXT_LEFT);
        widget_progress(ui, (SDL_Rect){m->pad, y + line, w, bh}, done);
        return y + line + bh + m->gap;
    }
    text_draw_fit(ui, left, m->small, ui_metrics(ui)->small, TEXT_REGULAR, theme_text_soft, m->pad, y, w * 6 / 10,
                    TEXT_LEFT);
    SDL_Rect bar = {m->pad + w * 62 / 100, y + (m->small * 5 / 4 - bh) / 2, w * 38 / 100, bh};
    widget_progress(ui, bar, done);
    return y + line + m->gap / 2;
}

/* A row of big buttons for the menu, above the result layout's bottom bar;
 * in a column on a portrait panel. */
void screen_student_menu(struct ui *ui, const struct view *v)
{
    const struct view_student *s = &v->student;
    if (s->nmenu <= 0)
        return;
    const struct ui_metrics *m = ui_metrics(ui);
    int bottom = m->h - m->pad - m->target - m->gap;
    int n = s->nmenu;
    for (int i = 0; i < n; i++) {
        SDL_Rect r;
        if (m->h > m->w) {
            r = (SDL_Rect){m->pad, bottom - (n - i) * (m->target + m->gap), m->w - 2 * m->pad,
                           m->target};
        } else {
            int w = (m->w - 2 * m->pad - (n - 1) * m->gap) / n;
            r = (SDL_Rect){m->pad + i * (w + m->gap), bottom - m->target, w, m->target};
        }
        widget_button(ui, r, s->menu[i], s->menu_action[i], WIDGET_PRIMARY);
    }
}

/* ---- one item ----------------------------------------------------------- */

static void goals_draw(struct ui *ui, const struct view_student *s, SDL_Rect area)
{
    const struct ui_metrics *m = ui_metrics(ui);
    int rows = s->ngoals + (s->can_add_goal ? 1 : 0);
    if (rows == 0)
        return;
    int min = answer_min_target(ui);
    int h = (area.h - (rows - 1) * m->gap) / rows;
    if (h > m->target)
        h = m->target;
    if (h < min)
        h = min;
    int rw = m->target * 2;
    int y = area.y;
    if (s->ngoals == 0) {
        text_draw(ui, "Je hebt nog geen leerdoel.", m->body, TEXT_REGULAR, theme_text, area.x, y,
                  TEXT_LEFT);
        y += m->body * 13 / 10 + m->gap;
    }
    for (int i = 0; i < s->ngoals; i++, y += h + m->gap) {
        SDL_Rect row = {area.x, y, area.w - rw - m->gap, h};
        int pressed = ui_pressed(ui) == STUDENT_GOAL_0 + i;
        widget_round_rect(ui, row, m->gap, theme_line);
        SDL_Rect in = {row.x + 2, row.y + 2, row.w - 4, row.h - 4};
        widget_round_rect(ui, in, m->gap - 2, pressed ? theme_line : theme_panel);
        char label[360];
        snprintf(label, sizeof label, "%d. %s", i + 1, s->goals[i]);
        answer_label(ui, row, label, m->body, TEXT_REGULAR, theme_text, TEXT_LEFT);
        ui_add_control(ui, row, STUDENT_GOAL_0 + i, label);
        widget_button(ui, (SDL_Rect){area.x + area.w - rw, y, rw, h}, "Wissen",
                      STUDENT_GOAL_REMOVE_0 + i, WIDGET_SECONDARY);
    }
    if (s->can_add_goal)
        widget_button(ui, (SDL_Rect){area.x, y, area.w, h}, "Nieuw leerdoel", STUDENT_GOAL_NEW,
                      s->ngoals ? WIDGET_SECONDARY : WIDGET_PRIMARY);
}

static void item_draw(struct ui *ui, const struct view *v)
{
    const struct ui_metrics *m = ui_metrics(ui);
    const struct view_student *s = &v->student;
    screen_status_bar(ui, v);
    int w = m->w - 2 * m->pad;
    int y = progress_head(ui, s, m->bar + m->gap);
    int qs = m->body * 5 / 4;
    if (text_count_lines(ui, s->question, qs, TEXT_BOLD, w) > 2)
        qs = m->body;
    y += text_draw_wrapped(ui, s->question, qs, TEXT_BOLD, theme_text, m->pad, y, w, TEXT_LEFT);
    if (s->help[0])
        y += text_draw_wrapped(ui, s->help, m->small, TEXT_REGULAR, theme_text_soft, m->pad, y,
                               w, TEXT_LEFT);
    if (s->message[0]) {
        y += m->gap / 2;
        text_draw_fit(ui, s->message, m->body, ui_metrics(ui)->small, TEXT_BOLD, s->message_warn ? theme_warn
                                                                             : theme_ok,
                        m->pad, y, w, TEXT_LEFT);
        y += m->body * 13 / 10;
    }
    y += m->gap;
    SDL_Rect back = screen_student_nav_slot(m, 0);
    SDL_Rect area = {m->pad, y, w, back.y - m->gap - y};
    const char *labels[VIEW_STUDENT_OPTIONS];
    for (int i = 0; i < s->noptions && i < VIEW_STUDENT_OPTIONS; i++)
        labels[i] = s->options[i];
    int one = -1;
    for (int i = 0; i < s->noptions; i++)
        if ((s->selected >> i) & 1)
            one = i;
    switch (s->kind) {
    case VIEW_ITEM_SCALE:
        answer_scale(ui, area, labels, s->noptions, one, STUDENT_OPTION_0);
        break;
    case VIEW_ITEM_SMILEY:
        answer_smileys(ui, area, labels, one, STUDENT_OPTION_0);
        break;
    case VIEW_ITEM_CHOICE:
    case VIEW_ITEM_TEMPLATES:
        answer_options(ui, area, labels, s->noptions, s->selected, 0, STUDENT_OPTION_0);
        break;
    case VIEW_ITEM_MULTI:
        answer_options(ui, area, labels, s->noptions, s->selected, 1, STUDENT_OPTION_0);
        break;
    case VIEW_ITEM_GOALS:
        goals_draw(ui, s, area);
        break;
    }
    widget_button(ui, back, "Terug", STUDENT_BACK, WIDGET_SECONDARY);
    if (s->kind != VIEW_ITEM_TEMPLATES) {
        widget_button(ui, screen_student_nav_slot(m, 1), "Stoppen", STUDENT_STOP, WIDGET_SECONDARY);
        widget_button(ui, screen_student_nav_slot(m, 2), "Volgende", STUDENT_NEXT, WIDGET_PRIMARY);
    }
    screen_student_countdown(ui, v);
}

/* ---- typing ------------------------------------------------------------- */

static void typing_draw(struct ui *ui, const struct view *v)
{
    const struct ui_metrics *m = ui_metrics(ui);
    const struct view_student *s = &v->student;
    screen_status_bar(ui, v);
    int w = m->w - 2 * m->pad;
    /* On a low panel a narrower keyboard (keys still 10 mm or more) leaves
     * room for the question above the field. */
    int kw = w;
    while (kw > keyboard_min_key() * 12 && keyboard_height(ui, kw) > m->h * 55 / 100)
        kw -= 8;
    int kh = keyboard_height(ui, kw);
    int kb_y = m->h - m->gap - kh;
    int top = m->bar + m->gap / 2, line = m->small * 13 / 10;
    /* under the question: what went wrong, else a hint */
    const char *hint = s->message[0] ? s->message : s->help;
    enum text_weight hint_weight = s->message[0] ? TEXT_BOLD : TEXT_REGULAR;
    int step_h = s->step[0] ? text_count_lines(ui, s->step, m->small, TEXT_REGULAR, w) * line : 0;
    int hint_h = hint[0] ? text_count_lines(ui, hint, m->small, hint_weight, w) * line : 0;
    int field_min = m->body * 2 + m->gap;
    if (field_min < answer_min_target(ui))
        field_min = answer_min_target(ui);
    /* the question as large as the room above the field allows */
    int room = kb_y - m->gap - field_min - m->gap / 2 - top - step_h - hint_h;
    int ps = m->body * 5 / 4, lines = 1;
    for (; ps > m->small; ps -= 2) {
        lines = text_count_lines(ui, s->prompt, ps, TEXT_BOLD, w);
        if (lines * ps * 13 / 10 <= room)
            break;
    }
    int y = top;
    if (s->step[0])
        text_draw_wrapped(ui, s->step, m->small, TEXT_REGULAR, theme_text_soft, m->pad, y, w,
                          TEXT_LEFT);
    y += step_h;
    if (lines * ps * 13 / 10 <= room) {
        y += text_draw_wrapped(ui, s->prompt, ps, TEXT_BOLD, theme_text, m->pad, y, w,
                               TEXT_LEFT);
    } else {
        text_draw_fit(ui, s->prompt, m->small, ui_metrics(ui)->small, TEXT_BOLD, theme_text, m->pad, y, w,
                        TEXT_LEFT);
        y += line;
    }
    if (hint[0])
        text_draw_wrapped(ui, hint, m->small, hint_weight,
                          s->message[0] ? (s->message_warn ? theme_warn : theme_ok)
                                        : theme_text_soft,
                          m->pad, y, w, TEXT_LEFT);
    y += hint_h;
    y += m->gap / 2;
    /* the field takes what is left, up to four lines */
    int fh = kb_y - m->gap - y;
    int most = (m->body * 5 / 4) * 13 / 10 * 4 + m->gap * 2;
    if (fh > most)
        fh = most;
    if (fh < field_min)
        fh = field_min;
    int bw = m->target * 2;
    SDL_Rect field = {m->pad, y, w - bw - m->gap, fh};
    keyboard_field_draw(ui, field, &s->text, s->placeholder);
    widget_button(ui, (SDL_Rect){m->pad + w - bw, y, bw, fh < m->target ? fh : m->target},
                  "Terug", STUDENT_BACK, WIDGET_SECONDARY);
    keyboard_draw(ui, (SDL_Rect){(m->w - kw) / 2, kb_y, kw, kh}, &s->kb);
    screen_student_countdown(ui, v);
}

/* ---- the summary -------------------------------------------------------- */

static void summary_layout(const struct ui_metrics *m, int *top, int *bottom, int *row_h)
{
    *top = m->bar + m->gap + m->body * 5 / 4 * 13 / 10 + m->gap / 2;
    *bottom = m->h - m->pad - m->target - m->gap;
    int line = m->small * 13 / 10;
    *row_h = m->h > m->w ? line * 2 + m->gap : line + 3;
}

int screen_student_summary_rows(struct ui *ui)
{
    int top, bottom, row_h;
    summary_layout(ui_metrics(ui), &top, &bottom, &row_h);
    int n = (bottom - top) / row_h;
    return n < 1 ? 1 : n > VIEW_STUDENT_ROWS ? VIEW_STUDENT_ROWS : n;
}

static void summary_draw(struct ui *ui, const struct view *v)
{
    const struct ui_metrics *m = ui_metrics(ui);
    const struct view_student *s = &v->student;
    screen_status_bar(ui, v);
    int w = m->w - 2 * m->pad;
    int top, bottom, row_h;
    summary_layout(m, &top, &bottom, &row_h);
    /* the heading, or what went wrong when saving did not work */
    text_draw_fit(ui, s->message[0] ? s->message : "Kijk je antwoorden na. Klopt alles?",
                  m->body * 5 / 4, m->small, TEXT_BOLD, s->message[0] ? theme_warn : theme_text, m->pad,
                    m->bar + m->gap, w, TEXT_LEFT);
    int per = screen_student_summary_rows(ui);
    int pages = (s->nrows + per - 1) / per;
    int portrait = m->h > m->w, two = portrait;
    int shown = s->nrows - s->page * per < per ? s->nrows - s->page * per : per;
    /* A short list in larger type, and with the answer on a line of its own
     * when there is room; the page size stays what fits the small type. */
    int size = m->small, found = 0;
    for (int lines = 2; lines >= (portrait ? 2 : 1) && !found; lines--) {
        for (int big = m->body; big >= m->small && !found; big -= 2) {
            int rh = lines == 2 ? big * 13 / 10 * 2 + m->gap : big * 13 / 10 + m->gap / 2;
            if (shown * rh <= bottom - top) {
                size = big;
                row_h = rh;
                two = lines == 2;
                found = 1;
            }
        }
    }
    for (int i = s->page * per, k = 0; i < s->nrows && k < per; i++, k++) {
        const struct view_student_row *r = &s->rows[i];
        int y = top + k * row_h;
        if (k % 2 == 0)
            widget_round_rect(ui, (SDL_Rect){m->pad - m->gap / 2, y, w + m->gap, row_h - 2}, 4,
                              theme_panel);
        SDL_Color tone = r->missing ? theme_warn : theme_accent;
        const char *answer = r->missing ? "Nog niet ingevuld" : r->answer;
        char text[300];
        snprintf(text, sizeof text, "%d. %s", i + 1, r->text);
        int ty = y + (row_h - (two ? 2 : 1) * size * 13 / 10) / 2;
        /* List cells: an item or a typed answer may be longer than any
         * row. The row shows its start and its number; the student saw it
         * whole on its own page and gets there with Terug. */
        if (two) {
            text_draw_cell(ui, text, size, TEXT_REGULAR, theme_text, m->pad, ty, w, TEXT_LEFT);
            text_draw_cell(ui, answer, size, TEXT_BOLD, tone, m->pad + m->gap * 2,
                           ty + size * 13 / 10, w - m->gap * 2, TEXT_LEFT);
        } else {
            int aw = w * 4 / 10;
            text_draw_cell(ui, text, size, TEXT_REGULAR, theme_text, m->pad, ty, w - aw - m->gap,
                           TEXT_LEFT);
            text_draw_cell(ui, answer, size, TEXT_BOLD, tone, m->pad + w, ty, aw, TEXT_RIGHT);
        }
    }
    widget_button(ui, screen_student_nav_slot(m, 0), "Terug", STUDENT_BACK, WIDGET_SECONDARY);
    if (pages > 1) {
        SDL_Rect mid = screen_student_nav_slot(m, 1);
        int bw = m->target;
        char page[32];
        snprintf(page, sizeof page, "%d / %d", s->page + 1, pages);
        widget_button(ui, (SDL_Rect){mid.x, mid.y, bw, mid.h}, "<", STUDENT_PAGE_PREV,
                      WIDGET_SECONDARY);
        text_draw(ui, page, m->small, TEXT_BOLD, theme_text, mid.x + mid.w / 2,
                  mid.y + (mid.h - m->small * 5 / 4) / 2, TEXT_CENTER);
        widget_button(ui, (SDL_Rect){mid.x + mid.w - bw, mid.y, bw, mid.h}, ">",
                      STUDENT_PAGE_NEXT, WIDGET_SECONDARY);
    }
    widget_button(ui, screen_student_nav_slot(m, 2), "Opslaan", STUDENT_SAVE, WIDGET_PRIMARY);
    screen_student_countdown(ui, v);
}

/* ---- saved -------------------------------------------------------------- */

static void saved_draw(struct ui *ui, const struct view *v)
{
    const char *lines[1] = {v->student.saved};
    SDL_Color colors[1] = {theme_text};
    screen_result(ui, v, WIDGET_ICON_OK, "Opgeslagen", lines, colors, 1);
    screen_student_menu(ui, v);
}

const struct screen screen_student_item = {"student-item", item_draw};
const struct screen screen_student_text = {"student-text", typing_draw};
const struct screen screen_student_summary = {"student-summary", summary_draw};
const struct screen screen_student_saved = {"student-saved", saved_draw};
