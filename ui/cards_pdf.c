/* cards_pdf.c: drawing student cards into a PDF with cairo (see
 * cards_pdf.h). Units are PDF points; sizes are given in millimetres. */
#include "ui/cards_pdf.h"
#include "base/log.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <errno.h>
#include <fcntl.h>
#include <qrencode.h>
#include <stdio.h>
#include <string.h>
#include <sys/statvfs.h>
#include <unistd.h>

#define MM(x) ((x) * 72.0 / 25.4)

#define PAGE_W MM(210.0)
#define PAGE_H MM(297.0)
#define CARD_W MM(85.6)
#define CARD_H MM(54.0)
#define COLS 2
#define ROWS 5
#define LEFT ((PAGE_W - COLS * CARD_W) / 2)
#define TOP ((PAGE_H - ROWS * CARD_H) / 2)
#define PAD MM(5.0)
#define QR_SIZE MM(44.0)        /* the code and its quiet zone */
#define QR_QUIET 4              /* modules of white around the code */
#define MARK MM(5.0)            /* cut marks in the page margin */

#define INSTRUCTION "Scan deze code bij de kiosk."

struct sink {
    int fd;
    int err;
};

static cairo_status_t sink_write(void *closure, const unsigned char *data, unsigned int len)
{
    struct sink *s = closure;
    while (len > 0 && !s->err) {
        ssize_t w = write(s->fd, data, len);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            s->err = w < 0 ? errno : EIO;
            break;
        }
        data += w;
        len -= (unsigned int)w;
    }
    return s->err ? CAIRO_STATUS_WRITE_ERROR : CAIRO_STATUS_SUCCESS;
}

/* Sets the largest size up to max (down to min) at which text fits width;
 * returns 1 when it fits. */
static int fit_text(cairo_t *cr, const char *text, double width, double max, double min)
{
    cairo_text_extents_t ext;
    for (double size = max; size >= min; size -= 0.5) {
        cairo_set_font_size(cr, size);
        cairo_text_extents(cr, text, &ext);
        if (ext.x_advance <= width)
            return 1;
    }
    return 0;
}

/* Draws text at x,y (baseline) within width: shrunk to fit, and cut with an
 * ellipsis when even the smallest size is too wide. */
static void draw_line(cairo_t *cr, const char *text, double x, double y, double width,
                      double max, double min)
{
    if (fit_text(cr, text, width, max, min)) {
        cairo_move_to(cr, x, y);
        cairo_show_text(cr, text);
        return;
    }
    char cut[CARDS_PDF_TEXT_MAX + 4];
    size_t n = strlen(text);
    if (n >= CARDS_PDF_TEXT_MAX)
        n = CARDS_PDF_TEXT_MAX - 1;
    cairo_text_extents_t ext;
    while (n > 0) {
        n--;
        while (n > 0 && ((unsigned char)text[n] & 0xC0) == 0x80)
            n--; /* never split a UTF-8 character */
        snprintf(cut, sizeof cut, "%.*s\xE2\x80\xA6", (int)n, text);
        cairo_text_extents(cr, cut, &ext);
        if (ext.x_advance <= width)
            break;
    }
    cairo_move_to(cr, x, y);
    cairo_show_text(cr, cut);
}

/* The QR code with its quiet zone in a size x size square at x,y. Dark
 * modules of a row are drawn as runs, so no seams show between them. */
static int draw_qr(cairo_t *cr, const char *payload, double x, double y, double size)
{
    /* QR_MODE_8 as the hint: libqrencode still picks alphanumeric mode for
     * runs of digits, capitals and '.', i.e. for the whole card code. */
    QRcode *qr = QRcode_encodeString(payload, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
    if (!qr)
        return -1;
    int total = qr->width + 2 * QR_QUIET;
    double m = size / total;
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_rectangle(cr, x, y, size, size);
    cairo_fill(cr);
    cairo_set_source_rgb(cr, 0, 0, 0);
    for (int row = 0; row < qr->width; row++) {
        int run = -1;
        for (int col = 0; col <= qr->width; col++) {
            int dark = col < qr->width && (qr->data[row * qr->width + col] & 1);
            if (dark && run < 0)
                run = col;
            if (!dark && run >= 0) {
                cairo_rectangle(cr, x + (QR_QUIET + run) * m, y + (QR_QUIET + row) * m,
                                (col - run) * m, m);
                run = -1;
            }
        }
    }
    cairo_fill(cr);
    QRcode_free(qr);
    return 0;
}

static int draw_card(cairo_t *cr, const char *font, const struct cards_pdf_card *c, double x,
                     double y)
{
    /* the card's edge: a light dashed line to cut along */
    static const double dash[] = {MM(1.5), MM(1.0)};
    cairo_save(cr);
    cairo_set_source_rgb(cr, 0.65, 0.65, 0.65);
    cairo_set_line_width(cr, 0.4);
    cairo_set_dash(cr, dash, 2, 0);
    cairo_rectangle(cr, x, y, CARD_W, CARD_H);
    cairo_stroke(cr);
    cairo_restore(cr);

    double qr_x = x + CARD_W - QR_SIZE - MM(2.0), qr_y = y + (CARD_H - QR_SIZE) / 2;
    if (draw_qr(cr, c->payload, qr_x, qr_y, QR_SIZE) != 0)
        return -1;

    double tx = x + PAD, tw = qr_x - tx; /* the quiet zone is the gap */
    cairo_set_source_rgb(cr, 0.35, 0.35, 0.35);
    cairo_select_font_face(cr, font, CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
    draw_line(cr, c->heading[0] ? c->heading : "Studentenpas", tx, y + MM(9.0), tw, 7.5, 6);

    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_select_font_face(cr, font, CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
    draw_line(cr, c->first_name, tx, y + MM(20.0), tw, 15, 7);
    cairo_select_font_face(cr, font, CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
    draw_line(cr, c->last_name, tx, y + MM(26.5), tw, 11.5, 6);
    char group[CARDS_PDF_TEXT_MAX + 8];
    snprintf(group, sizeof group, "Klas %s", c->group[0] ? c->group : "-");
    draw_line(cr, c->line[0] ? c->line : group, tx, y + MM(34.0), tw, 10, 6);

    /* The instruction in two short lines when one does not fit. */
    cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
    if (fit_text(cr, INSTRUCTION, tw, 8, 7)) {
        cairo_move_to(cr, tx, y + CARD_H - MM(6.0));
        cairo_show_text(cr, INSTRUCTION);
    } else {
        draw_line(cr, "Scan deze code", tx, y + CARD_H - MM(9.5), tw, 8, 6);
        draw_line(cr, "bij de kiosk.", tx, y + CARD_H - MM(6.0), tw, 8, 6);
    }
    return 0;
}

/* Short lines in the margins where the cutter goes. */
static void draw_cut_marks(cairo_t *cr)
{
    cairo_save(cr);
    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_set_line_width(cr, 0.3);
    for (int c = 0; c <= COLS; c++) {
        double x = LEFT + c * CARD_W;
        cairo_move_to(cr, x, TOP - MM(1.0) - MARK);
        cairo_line_to(cr, x, TOP - MM(1.0));
        cairo_move_to(cr, x, TOP + ROWS * CARD_H + MM(1.0));
        cairo_line_to(cr, x, TOP + ROWS * CARD_H + MM(1.0) + MARK);
    }
    for (int r = 0; r <= ROWS; r++) {
        double y = TOP + r * CARD_H;
        cairo_move_to(cr, LEFT - MM(1.0) - MARK, y);
        cairo_line_to(cr, LEFT - MM(1.0), y);
        cairo_move_to(cr, LEFT + COLS * CARD_W + MM(1.0), y);
        cairo_line_to(cr, LEFT + COLS * CARD_W + MM(1.0) + MARK, y);
    }
    cairo_stroke(cr);
    cairo_restore(cr);
}

/* Flushes the folder that holds path, so the rename lasts; best effort. */
static void sync_parent(const char *path)
{
    char dir[4096];
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    if (slash)
        *slash = '\0';
    int fd = open(slash ? dir : ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
}

static void write_error(const char *path, int e, char *err, size_t errlen)
{
    char dir[4096];
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    if (slash)
        *slash = '\0';
    else
        snprintf(dir, sizeof dir, ".");
    struct statvfs vfs;
    int full = e == ENOSPC || e == EDQUOT ||
               ((e == EPERM || e == EIO) && statvfs(dir, &vfs) == 0 && vfs.f_bavail == 0);
    if (full)
        snprintf(err, errlen, "De stick of schijf is vol. Er is geen PDF gemaakt.");
    else if (e == EROFS || e == EACCES || e == EPERM)
        snprintf(err, errlen, "In %s kan niets worden opgeslagen. Er is geen PDF gemaakt.",
                 dir);
    else if (e == ENOENT || e == ENOTDIR)
        snprintf(err, errlen, "De map %s bestaat niet. Er is geen PDF gemaakt.", dir);
    else
        snprintf(err, errlen, "De PDF kan niet worden opgeslagen in %s. Er is geen PDF gemaakt.",
                 dir);
    log_err("cards: cannot write %s: %s", path, strerror(e));
}

int cards_pdf_write(const char *path, const struct cards_pdf_card *cards, size_t n,
                    const char *font, const char *title, char *err, size_t errlen)
{
    if (n == 0) {
        snprintf(err, errlen, "Er zijn geen passen om te maken.");
        return -1;
    }
    if (!font || !*font || strchr(font, '/'))
        font = "Sans";
    char tmp[4200];
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    struct sink sink = {open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644), 0};
    if (sink.fd < 0) {
        write_error(path, errno, err, errlen);
        return -1;
    }
    cairo_surface_t *pdf = cairo_pdf_surface_create_for_stream(sink_write, &sink, PAGE_W, PAGE_H);
    if (!pdf) { /* cairo_lazy.c: the library is missing (logged) */
        snprintf(err, errlen, "Het onderdeel voor passen ontbreekt: installeer libcairo2.");
        close(sink.fd);
        unlink(tmp);
        return -1;
    }
    cairo_pdf_surface_set_metadata(pdf, CAIRO_PDF_METADATA_TITLE, title ? title : "Passen");
    cairo_pdf_surface_set_metadata(pdf, CAIRO_PDF_METADATA_CREATOR, "stagekiosk");
    cairo_t *cr = cairo_create(pdf);
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++) {
        size_t slot = i % CARDS_PDF_PER_PAGE;
        if (slot == 0 && i > 0)
            cairo_show_page(cr);
        if (slot == 0)
            draw_cut_marks(cr);
        double x = LEFT + (double)(slot % COLS) * CARD_W;
        double y = TOP + (double)(slot / COLS) * CARD_H;
        if (draw_card(cr, font, &cards[i], x, y) != 0) {
            snprintf(err, errlen, "De QR-code voor %s %s past niet op een pas.",
                     cards[i].first_name, cards[i].last_name);
            rc = -1;
        }
    }
    cairo_show_page(cr);
    cairo_status_t cs = cairo_status(cr);
    cairo_destroy(cr);
    cairo_surface_finish(pdf);
    if (cs == CAIRO_STATUS_SUCCESS)
        cs = cairo_surface_status(pdf);
    cairo_surface_destroy(pdf);

    int e = sink.err;
    if (rc == 0 && !e && cs != CAIRO_STATUS_SUCCESS) {
        log_err("cards: cairo: %s", cairo_status_to_string(cs));
        e = EIO;
    }
    if (rc == 0 && !e && fsync(sink.fd) != 0)
        e = errno;
    if (close(sink.fd) != 0 && !e)
        e = errno;
    if (rc == 0 && !e && rename(tmp, path) != 0)
        e = errno;
    if (rc == 0 && e)
        write_error(path, e, err, errlen);
    if (rc != 0 || e) {
        unlink(tmp);
        return -1;
    }
    sync_parent(path);
    log_info("cards: %zu cards written to %s", n, path);
    return 0;
}
