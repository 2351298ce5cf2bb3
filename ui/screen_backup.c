/* screen_backup.c: the backup pages: a list of backups on the stick, the
 * passphrase with the on-screen keyboard (shown as dots), and a message.
 * A title, a line of text, and Terug; teacher pages only. */
#include "ui/screen.h"
#include "ui/text.h"
#include "ui/theme.h"
#include "ui/widget.h"

#include <stdio.h>
#include <string.h>

static int header(struct ui *ui, const struct view *v, int w)
{
    const struct ui_metrics *m = ui_metrics(ui);
    const struct view_backup *b = &v->backup;
    widget_status_bar(ui, v->usb_present ? "Docent · USB-stick" : "Docent", v->clock);
    int y = m->bar + m->gap / 2;
    text_draw_fit(ui, b->title, m->body * 5 / 4, m->body, TEXT_BOLD, theme_text, m->pad, y, w,
                  TEXT_LEFT);
    y += m->body * 5 / 4 * 13 / 10;
    if (b->message[0])
        y += text_draw_wrapped(ui, b->message, m->small, b->warn ? TEXT_BOLD : TEXT_REGULAR,
                               b->warn ? theme_warn : theme_text_soft, m->pad, y, w, TEXT_LEFT);
    return y + m->gap / 2;
}

static void passphrase_draw(struct ui *ui, const struct view *v)
{
    const struct ui_metrics *m = ui_metrics(ui);
    const struct view_backup *b = &v->backup;
    int w = m->w - 2 * m->pad, kw = w;
    while (kw > keyboard_min_key() * 12 && keyboard_height(ui, kw) > m->h * 55 / 100)
        kw -= 8;
    int kh = keyboard_height(ui, kw), kb_y = m->h - m->gap - kh;
    int bw = m->target * 2;
    int y = header(ui, v, w - bw - m->gap);
    int fh = kb_y - m->gap - y;
    if (fh > m->target * 3 / 2)
        fh = m->target * 3 / 2;
    if (fh < m->target)
        fh = m->target;
    /* dots, one per character typed */
    struct keyboard_text dots;
    keyboard_text_init(&dots, 0);
    for (int i = keyboard_text_chars(&b->pass); i > 0; i--)
        if (keyboard_text_insert(&dots, "\xe2\x80\xa2") != 0)
            break;
    keyboard_field_draw(ui, (SDL_Rect){m->pad, y, w - bw - m->gap, fh}, &dots,
                        "Typ het wachtwoord");
    widget_button(ui, (SDL_Rect){m->pad + w - bw, y, bw, m->target}, "Terug", BACKUP_BACK,
                  WIDGET_SECONDARY);
    keyboard_draw(ui, (SDL_Rect){(m->w - kw) / 2, kb_y, kw, kh}, &b->kb);
}

static void page_draw(struct ui *ui, const struct view *v)
{
    const struct ui_metrics *m = ui_metrics(ui);
    const struct view_backup *b = &v->backup;
    if (b->mode == VIEW_BACKUP_PASSPHRASE)
    {
        passphrase_draw(ui, v);
        return;
    }
    int w = m->w - 2 * m->pad;
    int y = header(ui, v, w) + m->gap / 2;
    int bottom = m->h - m->pad - m->target - m->gap;
    int bw = m->target * 3 < w / 3 ? m->target * 3 : w / 3;
    SDL_Rect back = {m->pad, m->h - m->pad - m->target, bw, m->target};
    if (b->mode == VIEW_BACKUP_FILES_LIST) {
        int row = m->target + m->gap;
        for (int i = 0; i < b->nfiles && y + m->target <= bottom; i++, y += row)
            widget_button(ui, (SDL_Rect){m->pad, y, w, m->target}, b->files[i],
                          BACKUP_FILE_0 + i, WIDGET_SECONDARY);
        widget_button(ui, back, "Terug", BACKUP_BACK, WIDGET_SECONDARY);
    } else {
        SDL_Rect ok = {m->w - m->pad - bw, back.y, bw, m->target};
        widget_button(ui, ok, "OK", BACKUP_OK, WIDGET_PRIMARY);
    }
}

const struct screen screen_backup = {"backup", page_draw};
