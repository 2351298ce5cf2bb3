/* screen_pin.c: the teacher's keypad: big digits, dots for what was typed,
 * and what to do next (or how long the keypad stays locked). */
#include "ui/screen.h"
#include "ui/text.h"
#include "ui/theme.h"
#include "ui/widget.h"

#include <stdio.h>

static void pin_draw(struct ui *ui, const struct view *v)
{
    const struct ui_metrics *m = ui_metrics(ui);
    const struct view_teacher *t = &v->teacher;
    widget_status_bar(ui, "Docent", v->clock);

    static const char *const titles[] = {
        [VIEW_PIN_ENTER] = "Typ je pincode",
        [VIEW_PIN_NEW] = "Kies een pincode",
        [VIEW_PIN_REPEAT] = "Typ de pincode nog een keer",
    };
    int portrait = m->h > m->w;
    /* keypad: 3 columns x 4 rows, right half (landscape) or bottom (portrait) */
    int top = m->bar + m->pad;
    SDL_Rect pad = portrait ? (SDL_Rect){m->pad, m->h * 2 / 5, m->w - 2 * m->pad,
                                         m->h * 3 / 5 - m->pad}
                            : (SDL_Rect){m->w / 2, top, m->w / 2 - m->pad, m->h - top - m->pad};
    int text_w = portrait ? m->w - 2 * m->pad : m->w / 2 - 2 * m->pad;
    int y = top;
    y += text_draw_wrapped(ui, titles[t->pin_mode], m->title, TEXT_BOLD, theme_text, m->pad, y,
                           text_w, TEXT_LEFT);
    y += m->gap;

    /* dots: one per digit typed, never the digits */
    int dot = m->body * 2 / 3;
    for (int i = 0; i < t->pin_len; i++)
        widget_circle(ui, m->pad + dot / 2 + i * (dot + m->gap), y + dot / 2 + m->gap, dot / 2,
                      theme_text);
    if (t->pin_len == 0 && t->locked_s <= 0)
        text_draw(ui, "4 tot 8 cijfers", m->body, TEXT_REGULAR, theme_text_soft, m->pad, y,
                  TEXT_LEFT);
    y += dot + m->gap * 3;

    char msg[192];
    if (t->locked_s > 0)
        snprintf(msg, sizeof msg, "Te vaak een verkeerde pincode. Wacht nog %d seconden.",
                 t->locked_s);
    else
        snprintf(msg, sizeof msg, "%s", t->pin_message);
    if (msg[0])
        text_draw_wrapped(ui, msg, m->body, TEXT_BOLD,
                          t->locked_s > 0 ? theme_error : theme_warn, m->pad, y, text_w,
                          TEXT_LEFT);

    /* the first start (no PIN, no data) may bring a backup back instead
     * (firmware/flow_backup.c): above Annuleren, or above the keypad */
    if (v->backup.first_start && t->pin_mode != VIEW_PIN_ENTER) {
        int ry = portrait ? pad.y - m->target - m->gap : m->h - m->pad - 2 * m->target - m->gap;
        widget_button(ui, (SDL_Rect){m->pad, ry, text_w, m->target}, "Back-up terugzetten",
                      BACKUP_RESTORE, WIDGET_SECONDARY);
    }
    if (!portrait) {
        SDL_Rect cancel = {m->pad, m->h - m->pad - m->target, m->target * 3, m->target};
        widget_button(ui, cancel, "Annuleren", TEACHER_CANCEL, WIDGET_SECONDARY);
    }

    static const char *const keys[12] = {"1", "2", "3", "4", "5", "6",
                                         "7", "8", "9", "Wis", "0", "OK"};
    int kw = (pad.w - 2 * m->gap) / 3, kh = (pad.h - 3 * m->gap) / 4;
    if (portrait)
        kh = (pad.h - m->target - 4 * m->gap) / 4;
    for (int i = 0; i < 12; i++) {
        SDL_Rect k = {pad.x + (i % 3) * (kw + m->gap), pad.y + (i / 3) * (kh + m->gap), kw, kh};
        int action = i == 9    ? TEACHER_BACKSPACE
                     : i == 11 ? TEACHER_PIN_OK
                     : i == 10 ? TEACHER_DIGIT_0
                               : TEACHER_DIGIT_0 + i + 1;
        if (t->locked_s > 0 && i != 9)
            continue; /* locked: no digits to press */
        widget_button(ui, k, keys[i], action, i == 11 ? WIDGET_PRIMARY : WIDGET_SECONDARY);
    }
    if (portrait) {
        SDL_Rect cancel = {m->pad, m->h - m->pad - m->target, m->w - 2 * m->pad, m->target};
        widget_button(ui, cancel, "Annuleren", TEACHER_CANCEL, WIDGET_SECONDARY);
    }
}

const struct screen screen_pin = {"pin", pin_draw};
