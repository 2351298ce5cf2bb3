/* cairo_lazy.c: cairo, loaded the first time a sheet of cards is made.
 *
 * Linked the usual way, cairo brings pixman and two X11 libraries into
 * every start (about 1 ms of it on the host), for the cards a teacher
 * prints now and then. So the program is not linked against it: the
 * functions cards_pdf.c calls are defined here under cairo's own names (an
 * exception to this folder's prefixes) and forward to the library opened
 * on first use (base/lazylib.h). Without the library no sheet is made:
 * cairo_pdf_surface_create_for_stream returns NULL with errno ELIBACC. */
#include "base/lazylib.h"

#include <cairo-pdf.h>
#include <cairo.h>

static struct lazylib lib = {.soname = "libcairo.so.2", .what = "cards"};

#define FORWARD(ret, name, params, args, fail) LAZYLIB_FORWARD(lib, ret, name, params, args, fail)
#define FORWARD_VOID(name, params, args) LAZYLIB_FORWARD_VOID(lib, name, params, args)

FORWARD(cairo_surface_t *, cairo_pdf_surface_create_for_stream,
        (cairo_write_func_t write_func, void *closure, double width, double height),
        (write_func, closure, width, height), return NULL)
FORWARD_VOID(cairo_pdf_surface_set_metadata,
             (cairo_surface_t * surface, cairo_pdf_metadata_t metadata, const char *utf8),
             (surface, metadata, utf8))
FORWARD(cairo_status_t, cairo_surface_status, (cairo_surface_t * surface), (surface),
        return CAIRO_STATUS_NO_MEMORY)
FORWARD_VOID(cairo_surface_finish, (cairo_surface_t * surface), (surface))
FORWARD_VOID(cairo_surface_destroy, (cairo_surface_t * surface), (surface))
FORWARD(cairo_t *, cairo_create, (cairo_surface_t * target), (target), return NULL)
FORWARD(cairo_status_t, cairo_status, (cairo_t * cr), (cr), return CAIRO_STATUS_NO_MEMORY)
FORWARD(const char *, cairo_status_to_string, (cairo_status_t status), (status),
        return "cairo missing")
FORWARD_VOID(cairo_text_extents, (cairo_t * cr, const char *utf8, cairo_text_extents_t *ext),
             (cr, utf8, ext))
FORWARD_VOID(cairo_destroy, (cairo_t * cr), (cr))
FORWARD_VOID(cairo_save, (cairo_t * cr), (cr))
FORWARD_VOID(cairo_restore, (cairo_t * cr), (cr))
FORWARD_VOID(cairo_show_page, (cairo_t * cr), (cr))
FORWARD_VOID(cairo_fill, (cairo_t * cr), (cr))
FORWARD_VOID(cairo_stroke, (cairo_t * cr), (cr))
FORWARD_VOID(cairo_move_to, (cairo_t * cr, double x, double y), (cr, x, y))
FORWARD_VOID(cairo_line_to, (cairo_t * cr, double x, double y), (cr, x, y))
FORWARD_VOID(cairo_rectangle, (cairo_t * cr, double x, double y, double w, double h),
             (cr, x, y, w, h))
FORWARD_VOID(cairo_set_line_width, (cairo_t * cr, double width), (cr, width))
FORWARD_VOID(cairo_set_dash, (cairo_t * cr, const double *dashes, int n, double offset),
             (cr, dashes, n, offset))
FORWARD_VOID(cairo_set_source_rgb, (cairo_t * cr, double r, double g, double b), (cr, r, g, b))
FORWARD_VOID(cairo_select_font_face,
             (cairo_t * cr, const char *family, cairo_font_slant_t slant,
              cairo_font_weight_t weight),
             (cr, family, slant, weight))
FORWARD_VOID(cairo_set_font_size, (cairo_t * cr, double size), (cr, size))
FORWARD_VOID(cairo_show_text, (cairo_t * cr, const char *utf8), (cr, utf8))
