/* answer.h: the answer widgets of a questionnaire, for any screen: five
 * numbered scale buttons, five smiley faces (drawn, not emoji), a grid of
 * options to pick one or several from, and text that always fits its box.
 *
 * Like widget_button, each answer registers itself as a control with an
 * action (first_action + its index) and its label, so a finger and a
 * scenario (`tap "Soms"`) find it. Every answer is at least
 * answer_min_target() high and wide where the box allows it. The chosen
 * answers are filled in the accent colour AND carry a mark (a ring, a
 * check), so colour is never the only cue. */
#ifndef ANSWER_H
#define ANSWER_H

#include "ui/text.h"
#include "ui/ui.h"

#include <SDL.h>

/* The smallest side of a touch target here: 10 mm on the reference panel,
 * or two thirds of ui_metrics()->target when that is more. */
int answer_min_target(struct ui *ui);

/* Draws label inside r: one line from size down, else wrapped on as many
 * lines as r holds, centred (align TEXT_CENTER) or from the left edge. */
void answer_label(struct ui *ui, SDL_Rect r, const char *label, int size,
                  enum text_weight weight, SDL_Color c, enum text_align align);

/* A scale of n (usually 5) answers, numbered 1..n, labels[i] under its
 * number: in a row in a wide box, in a column in a tall one. selected is
 * the chosen index or -1. */
void answer_scale(struct ui *ui, SDL_Rect box, const char *const labels[], int n, int selected,
                  int first_action);

/* Five faces from very sad (1) to very happy (5) in a row, labels[i]
 * under face i. selected is the chosen index or -1. */
void answer_smileys(struct ui *ui, SDL_Rect box, const char *const labels[], int selected,
                    int first_action);

/* One face of value 1..5 with its centre at cx, cy. */
void answer_face(struct ui *ui, int cx, int cy, int radius, int value);

/* n options in as few columns (1-4) as let every row be a full target;
 * bit i of selected marks option i as chosen; check draws a check box on
 * each (several may be chosen) instead of a plain button. */
void answer_options(struct ui *ui, SDL_Rect box, const char *const labels[], int n,
                    unsigned selected, int check, int first_action);

#endif
