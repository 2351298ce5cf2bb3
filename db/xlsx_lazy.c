/* xlsx_lazy.c: libxlsxwriter, loaded the first time a workbook is made.
 *
 * Linked the usual way, libxlsxwriter brings libcrypto (its MD5) and
 * minizip into every start: about 5,000 symbol lookups bound at load time,
 * the largest single share of the dynamic linker's work before the first
 * frame, for a library only the teacher's export uses. So the program is
 * not linked against it: the functions db_export.c calls are defined here
 * under their own names (an exception to this folder's prefixes) and
 * forward to the library opened on first use (base/lazylib.h). Without the
 * library an export fails cleanly (workbook_new_opt returns NULL with
 * errno ELIBACC). */
#include "base/lazylib.h"

#include <xlsxwriter.h>

static struct lazylib lib = {.soname = "libxlsxwriter.so.4", .what = "export"};

#define FORWARD(ret, name, params, args, fail) LAZYLIB_FORWARD(lib, ret, name, params, args, fail)
#define FORWARD_VOID(name, params, args) LAZYLIB_FORWARD_VOID(lib, name, params, args)

FORWARD(lxw_workbook *, workbook_new_opt, (const char *filename, lxw_workbook_options *options),
        (filename, options), return NULL)
FORWARD(lxw_worksheet *, workbook_add_worksheet, (lxw_workbook *wb, const char *sheetname),
        (wb, sheetname), return NULL)
FORWARD(lxw_format *, workbook_add_format, (lxw_workbook *wb), (wb), return NULL)
FORWARD(lxw_error, workbook_close, (lxw_workbook *wb), (wb), return LXW_ERROR_MEMORY_MALLOC_FAILED)
FORWARD(char *, lxw_strerror, (lxw_error e), (e), return "libxlsxwriter missing")
FORWARD_VOID(format_set_bold, (lxw_format *f), (f))
FORWARD_VOID(format_set_num_format, (lxw_format *f, const char *num_format), (f, num_format))
FORWARD(lxw_error, worksheet_write_string,
        (lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, const char *s, lxw_format *f),
        (ws, row, col, s, f), return LXW_ERROR_MEMORY_MALLOC_FAILED)
FORWARD(lxw_error, worksheet_write_number,
        (lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, double n, lxw_format *f),
        (ws, row, col, n, f), return LXW_ERROR_MEMORY_MALLOC_FAILED)
FORWARD(lxw_error, worksheet_write_datetime,
        (lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, lxw_datetime *dt, lxw_format *f),
        (ws, row, col, dt, f), return LXW_ERROR_MEMORY_MALLOC_FAILED)
FORWARD(lxw_error, worksheet_set_column,
        (lxw_worksheet *ws, lxw_col_t first, lxw_col_t last, double width, lxw_format *f),
        (ws, first, last, width, f), return LXW_ERROR_MEMORY_MALLOC_FAILED)
FORWARD_VOID(worksheet_freeze_panes, (lxw_worksheet *ws, lxw_row_t row, lxw_col_t col),
             (ws, row, col))
FORWARD(lxw_error, worksheet_autofilter,
        (lxw_worksheet *ws, lxw_row_t r0, lxw_col_t c0, lxw_row_t r1, lxw_col_t c1),
        (ws, r0, c0, r1, c1), return LXW_ERROR_MEMORY_MALLOC_FAILED)
