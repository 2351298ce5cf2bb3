/* screen_welcome.c: "Welkom, Sanne J." after a good scan, or "Je bent al
 * ingecheckt" after a second one. First name and initial only. */
#include "ui/screen.h"
#include "ui/text.h"
#include "ui/theme.h"
#include "ui/widget.h"

#include <stdio.h>

static void welcome_draw(struct ui *ui, const struct view *v)
{
    char title[192], when[96];
    const char *lines[3] = {when, NULL, NULL};
    SDL_Color colors[3] = {theme_text, theme_text_soft, theme_text_soft};
    if (v->already) {
        snprintf(title, sizeof title, "Hallo %s", v->name);
        snprintf(when, sizeof when, "Je bent al ingecheckt om %s.", v->checkin_time);
        lines[1] = v->student.nmenu ? "Kies hieronder wat je wilt doen."
                                    : "Je hoeft niets meer te doen.";
    } else {
        snprintf(title, sizeof title, "Welkom, %s", v->name);
        snprintf(when, sizeof when, "Je bent ingecheckt om %s.", v->checkin_time);
    }
    int n = 1;
    if (v->late) {
        lines[n] = "Je bent te laat.";
        colors[n++] = theme_warn;
    }
    if (v->guest)
        lines[n++] = "Je bent te gast bij deze groep.";
    screen_result(ui, v, v->already ? WIDGET_ICON_INFO : WIDGET_ICON_OK, title, lines, colors,
                  n > 1 ? n : 2);
    screen_student_menu(ui, v); /* Zelfscan, Weekcheck, ... when the session offers them */
}

const struct screen screen_welcome = {"welcome", welcome_draw};
