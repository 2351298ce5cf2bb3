/* widget.h: the drawing pieces every screen uses: rounded panels, buttons
 * (which register themselves for touch), icons, a status bar, a bar. */
#ifndef WIDGET_H
#define WIDGET_H

#include "ui/text.h"
#include "ui/ui.h"

#include <SDL.h>

enum widget_style { WIDGET_PRIMARY, WIDGET_SECONDARY };
enum widget_icon { WIDGET_ICON_OK, WIDGET_ICON_INFO, WIDGET_ICON_WARN };

void widget_round_rect(struct ui *ui, SDL_Rect r, int radius, SDL_Color c);
void widget_circle(struct ui *ui, int cx, int cy, int radius, SDL_Color c);
/* A straight line of the given thickness. */
void widget_line(struct ui *ui, float x0, float y0, float x1, float y1, float width, SDL_Color c);

/* A button that answers to touch with action; drawn pressed while it is.
 * Its label has one size for every button (widget_button_size), on two
 * lines when one is too narrow; never smaller. */
void widget_button(struct ui *ui, SDL_Rect r, const char *label, int action,
                   enum widget_style style);
int widget_button_size(const struct ui *ui);

/* n choices (labels, actions) in box b, choice `chosen` highlighted (-1
 * none): tiles in up to three columns when every label fits a tile whole,
 * else a list with one row a choice and its whole label wrapped. Returns
 * the height used. */
int widget_choices(struct ui *ui, SDL_Rect b, const char *const labels[], const int actions[],
                   int n, int chosen);

/* A label drawn whole inside the room `in`, at size: on one line, or
 * wrapped over as many as the room holds (centred in height); cut, and
 * the frame told, only when even that does not fit. widget_label_fits
 * says whether it would fit whole. */
void widget_label(struct ui *ui, SDL_Rect in, const char *label, int size,
                  enum text_weight weight, SDL_Color c, enum text_align align);
int widget_label_fits(struct ui *ui, int w, int h, const char *label, int size,
                      enum text_weight weight);

/* A round icon of diameter d centred at cx, cy. */
void widget_icon(struct ui *ui, enum widget_icon icon, int cx, int cy, int d);

/* The thin line at the top: left text (session), right text (clock). */
void widget_status_bar(struct ui *ui, const char *left, const char *right);

/* A horizontal progress bar, fraction 0..1. */
void widget_progress(struct ui *ui, SDL_Rect r, double fraction);

#endif
