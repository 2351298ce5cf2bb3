/* widget.h: the drawing pieces every screen uses: rounded panels, buttons
 * (which register themselves for touch), icons, a status bar, a bar. */
#ifndef WIDGET_H
#define WIDGET_H

#include "ui/ui.h"

#include <SDL.h>

enum widget_style { WIDGET_PRIMARY, WIDGET_SECONDARY };
enum widget_icon { WIDGET_ICON_OK, WIDGET_ICON_INFO, WIDGET_ICON_WARN };

void widget_round_rect(struct ui *ui, SDL_Rect r, int radius, SDL_Color c);
void widget_circle(struct ui *ui, int cx, int cy, int radius, SDL_Color c);
/* A straight line of the given thickness. */
void widget_line(struct ui *ui, float x0, float y0, float x1, float y1, float width, SDL_Color c);

/* A button that answers to touch with action; drawn pressed while it is. */
void widget_button(struct ui *ui, SDL_Rect r, const char *label, int action,
                   enum widget_style style);

/* A round icon of diameter d centred at cx, cy. */
void widget_icon(struct ui *ui, enum widget_icon icon, int cx, int cy, int d);

/* The thin line at the top: left text (session), right text (clock). */
void widget_status_bar(struct ui *ui, const char *left, const char *right);

/* A horizontal progress bar, fraction 0..1. */
void widget_progress(struct ui *ui, SDL_Rect r, double fraction);

#endif
