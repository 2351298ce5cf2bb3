/* db_sheet.h: the sheets an export writes (db_export.h), one table row a
 * sheet: a worksheet of the workbook and a CSV each, their columns, and
 * the SQL that fills them from the snapshot. A feature that adds a table
 * adds a row here. */
#ifndef DB_SHEET_H
#define DB_SHEET_H

#include "db/db.h"

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

#endif
