/* qr.h: QR codes on screen (libqrencode): black modules on white with the
 * quiet zone of 4 modules that scanners need, scaled to whole pixels per
 * module so phones read it from the panel. */
#ifndef QR_H
#define QR_H

#include "ui/ui.h"

#include <SDL.h>

struct qr;

/* Encodes text (UTF-8, error correction M). NULL when it does not fit a QR
 * code or memory runs out. Free with qr_free(). Encode once and draw every
 * frame: encoding costs more than drawing. */
struct qr *qr_new(const char *text);
void qr_free(struct qr *q);

/* The smallest square side in pixels that draws q with px pixels per
 * module, quiet zone included. */
int qr_side_for(const struct qr *q, int px);

/* Draws q in the square (the shorter side of square counts): a white square
 * filling it, the code centred with whole pixels per module. Returns the
 * pixels per module (>= 1), or -1 when the square is too small for even one
 * pixel per module (then only the white square is drawn). */
int qr_draw(struct ui *ui, const struct qr *q, SDL_Rect square);

/* Encodes and draws in one call, for a screen drawn once. 0 or -1. */
int qr_draw_text(struct ui *ui, const char *text, SDL_Rect square);

#endif
