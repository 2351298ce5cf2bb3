/* screen_notice.c: a scan that did not check anyone in. Says what
 * happened and what to do, in the second person, without codes. */
#include "ui/screen.h"
#include "ui/theme.h"
#include "ui/widget.h"

static const struct {
    const char *title, *what_to_do;
} notices[] = {
    [VIEW_NOTICE_UNKNOWN] = {"Deze pas kennen we niet.", "Vraag je docent om hulp."},
    [VIEW_NOTICE_FORGED] = {"Deze pas is niet geldig.", "Vraag je docent om een nieuwe pas."},
    [VIEW_NOTICE_REVOKED] = {"Deze pas werkt niet meer.",
                             "Gebruik je nieuwe pas. Of vraag je docent om hulp."},
    [VIEW_NOTICE_GARBLED] = {"Deze code kunnen we niet lezen.",
                             "Scan je pas nog een keer. Lukt het niet? Vraag je docent."},
    [VIEW_NOTICE_NO_SESSION] = {"Er is nu geen bijeenkomst.",
                                "Je kunt nu niet inchecken. Vraag je docent."},
    [VIEW_NOTICE_STORE_FAILED] = {"Inchecken is niet gelukt.",
                                  "Probeer het nog een keer. Lukt het niet? Vraag je docent."},
};

static void notice_draw(struct ui *ui, const struct view *v)
{
    const char *lines[1] = {notices[v->notice].what_to_do};
    SDL_Color colors[1] = {theme_text};
    screen_result(ui, v, WIDGET_ICON_WARN, notices[v->notice].title, lines, colors, 1);
}

const struct screen screen_notice = {"notice", notice_draw};
