/* db_sheet.h: the sheets an export writes (db_export.h), one table row a
 * sheet: a worksheet of the workbook and a CSV each, their columns, and
 * the SQL that fills them from the snapshot. A feature that adds a table
 * adds a row here. */
#ifndef DB_SHEET_H
#define DB_SHEET_H

#include "db/db.h"

#include <stddef.h>
#include <xlsxwriter.h>

#define DB_SHEET_COUNT 6
#define DB_SHEET_COLS_MAX 16

enum db_sheet_type {
    DB_SHEET_TEXT,      /* a string; NULL is an empty cell */
    DB_SHEET_NUMBER,    /* an integer or a real */
    DB_SHEET_DATE,      /* unix seconds, shown as a local date */
    DB_SHEET_TIME,      /* unix seconds, shown as a local HH:MM */
};

struct db_sheet_col {
    const char *header;
    enum db_sheet_type type;
    int width;          /* in Excel characters */
};

struct db_sheet {
    const char *name;   /* worksheet name (at most 31 characters) */
    const char *file;   /* the CSV's name */
    const char *table;  /* rows are read only when this table exists; until
                           then the sheet has just its header row */
    const char *sql;    /* one row per result row, one column per cols[] */
    struct db_sheet_col cols[DB_SHEET_COLS_MAX];
    const char *param;  /* bound to ?1 when not NULL */
    /* Runs on the scratch snapshot before sql, for rows that C code
     * computes (it may fill a temp table that sql reads). 0 or -1. */
    int (*prepare)(struct db *snap);
};

/* The sheets, in workbook order. */
extern const struct db_sheet db_sheet_table[DB_SHEET_COUNT];

/* The number of columns of s (its cols[] up to the first without a header). */
int db_sheet_ncols(const struct db_sheet *s);

/* ---- writing a sheet ---------------------------------------------------- */

/* Where a sheet's CSV goes, and who hears how far it is. */
struct db_sheet_out {
    /* n bytes of the CSV: 0, or -1 to stop (the writer keeps its own error). */
    int (*write)(void *user, const void *data, size_t n);
    /* Every few thousand rows: 0 to go on, -1 to stop. */
    int (*rows)(void *user, const char *sheet);
    void *user;
};

/* The workbook's formats: bold headers, dd-mm-yyyy, hh:mm. */
struct db_sheet_formats {
    lxw_format *header, *date, *time;
};

/* Why a sheet was not written. */
enum db_sheet_fault {
    DB_SHEET_STOPPED,   /* out said stop (its own error, or the person's) */
    DB_SHEET_WORKBOOK,  /* the workbook (scratch space) */
    DB_SHEET_DB,        /* the snapshot could not be read */
};

/* Writes sheet s from snap as a worksheet of wb and as its CSV to out:
 * UTF-8 with a BOM, ';' between fields, CRLF, a decimal comma, quotes
 * where a field needs them, and a leading ' before a text that Excel would
 * take for a formula (what a student typed ends up here). Returns the data
 * rows, or -1 with *fault and, for the log, err (errlen bytes). */
long db_sheet_write(const struct db_sheet *s, struct db *snap, lxw_workbook *wb,
                    const struct db_sheet_formats *fmt, const struct db_sheet_out *out,
                    enum db_sheet_fault *fault, char *err, size_t errlen);

#endif
