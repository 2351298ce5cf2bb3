/* screen_common.c: pieces shared by several screens. */
#include "ui/screen.h"
#include "ui/text.h"
#include "ui/theme.h"
#include "ui/widget.h"

#include <stdio.h>

void screen_status_bar(struct ui *ui, const struct view *v)
{
    widget_status_bar(ui, v->has_session ? v->session_title : "stagekiosk", v->clock);
}

int screen_title(struct ui *ui, const char *title)
{
    const struct ui_metrics *m = ui_metrics(ui);
    int y = m->bar + m->pad / 2;
    return y + text_draw_wrapped(ui, title, m->body * 3 / 2, TEXT_BOLD, theme_text, m->pad, y,
                                 m->w - 2 * m->pad, TEXT_LEFT);
}

void screen_result(struct ui *ui, const struct view *v, enum widget_icon icon, const char *title,
                   const char *const lines[], const SDL_Color colors[], int nlines)
{
    const struct ui_metrics *m = ui_metrics(ui);
    screen_status_bar(ui, v);
    int portrait = m->h > m->w;
    int icon_d = m->title * 2;
    int x = m->pad, y = m->bar + m->pad * 2;
    if (portrait) {
        widget_icon(ui, icon, m->w / 2, y + icon_d / 2, icon_d);
        y += icon_d + m->pad;
    } else {
        widget_icon(ui, icon, m->pad + icon_d / 2, y + icon_d / 2, icon_d);
        x += icon_d + m->pad;
    }
    int w = m->w - x - m->pad;
    y += text_draw_wrapped(ui, title, m->title, TEXT_BOLD, theme_text, x, y, w, TEXT_LEFT);
    y += m->gap;
    for (int i = 0; i < nlines; i++)
        if (lines[i])
            y += text_draw_wrapped(ui, lines[i], m->body * 5 / 4, i ? TEXT_REGULAR : TEXT_BOLD,
                                   colors[i], x, y, w, TEXT_LEFT) + m->gap / 2;

    int bw = m->target * 3, bh = m->target;
    SDL_Rect done = {m->w - m->pad - bw, m->h - m->pad - bh, bw, bh};
    widget_button(ui, done, "Klaar", UI_ACTION_DONE, WIDGET_PRIMARY);
    if (v->seconds_left > 0) {
        char left[64];
        snprintf(left, sizeof left, "Terug over %d s", v->seconds_left);
        text_draw(ui, left, m->small, TEXT_REGULAR, theme_text_soft, m->pad,
                  done.y + (bh - m->small) / 2, TEXT_LEFT);
    }
}
