/* qr.c: libqrencode's module matrix drawn as filled rectangles, one run of
 * dark modules per rectangle so a frame stays a few hundred fills. */
#include "ui/qr.h"
#include "base/log.h"

#include <qrencode.h>
#include <stdlib.h>
#include <string.h>

#define QUIET 4 /* modules of white around the code (ISO/IEC 18004) */

struct qr {
    int width;
    unsigned char *dark; /* width * width, 1 = dark */
};

struct qr *qr_new(const char *text)
{
    QRcode *code = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
    if (!code) {
        log_warn("qr: cannot encode %zu bytes", strlen(text));
        return NULL;
    }
    struct qr *q = malloc(sizeof *q);
    size_t n = (size_t)code->width * (size_t)code->width;
    if (q)
        q->dark = malloc(n);
    if (!q || !q->dark) {
        free(q);
        QRcode_free(code);
        return NULL;
    }
    q->width = code->width;
    for (size_t i = 0; i < n; i++)
        q->dark[i] = code->data[i] & 1; /* bit 0: dark; the rest is libqrencode's bookkeeping */
    QRcode_free(code);
    return q;
}

void qr_free(struct qr *q)
{
    if (!q)
        return;
    free(q->dark);
    free(q);
}

int qr_side_for(const struct qr *q, int px)
{
    return (q->width + 2 * QUIET) * px;
}

int qr_draw(struct ui *ui, const struct qr *q, SDL_Rect square)
{
    SDL_Renderer *r = ui_renderer(ui);
    int side = square.w < square.h ? square.w : square.h;
    SDL_Rect white = {square.x + (square.w - side) / 2, square.y + (square.h - side) / 2, side,
                      side};
    SDL_SetRenderDrawColor(r, 255, 255, 255, 255);
    SDL_RenderFillRect(r, &white);
    int px = side / (q->width + 2 * QUIET);
    if (px < 1) {
        log_warn("qr: %d px is too small for %d modules", side, q->width);
        return -1;
    }
    int used = q->width * px;
    int x0 = white.x + (side - used) / 2, y0 = white.y + (side - used) / 2;
    SDL_Rect runs[256];
    int nruns = 0;
    SDL_SetRenderDrawColor(r, 0, 0, 0, 255);
    for (int y = 0; y < q->width; y++) {
        const unsigned char *row = q->dark + (size_t)y * (size_t)q->width;
        for (int x = 0; x < q->width;) {
            if (!row[x]) {
                x++;
                continue;
            }
            int start = x;
            while (x < q->width && row[x])
                x++;
            runs[nruns++] = (SDL_Rect){x0 + start * px, y0 + y * px, (x - start) * px, px};
            if (nruns == (int)(sizeof runs / sizeof runs[0])) {
                SDL_RenderFillRects(r, runs, nruns);
                nruns = 0;
            }
        }
    }
    if (nruns)
        SDL_RenderFillRects(r, runs, nruns);
    return px;
}

int qr_draw_text(struct ui *ui, const char *text, SDL_Rect square)
{
    struct qr *q = qr_new(text);
    if (!q)
        return -1;
    int px = qr_draw(ui, q, square);
    qr_free(q);
    return px > 0 ? 0 : -1;
}
