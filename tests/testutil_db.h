/* testutil_db.h: every row of every table of a SQLite file as one string,
 * to compare two stores whole. Tables in name order, rows in the order of
 * all their columns; values quoted as SQL literals. */
#ifndef TESTUTIL_DB_H
#define TESTUTIL_DB_H

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static inline void testutil_append(char **buf, size_t *len, size_t *cap, const char *s)
{
    size_t n = strlen(s);
    if (*len + n + 1 > *cap) {
        while (*len + n + 1 > *cap)
            *cap = *cap ? *cap * 2 : 4096;
        *buf = realloc(*buf, *cap);
        if (!*buf)
            abort();
    }
    memcpy(*buf + *len, s, n + 1);
    *len += n;
}

/* malloc'd; NULL when a statement fails. Also counts the rows in *rows. */
static inline char *test_db_dump(sqlite3 *h, long *rows)
{
    char *out = NULL, sql[600];
    size_t len = 0, cap = 0;
    long n = 0;
    sqlite3_stmt *tables, *st;
    if (sqlite3_prepare_v2(h, "SELECT name FROM sqlite_schema WHERE type = 'table'"
                              " AND name NOT LIKE 'sqlite_%' ORDER BY name", -1, &tables,
                           NULL) != SQLITE_OK)
        return NULL;
    testutil_append(&out, &len, &cap, "");
    while (sqlite3_step(tables) == SQLITE_ROW) {
        const char *name = (const char *)sqlite3_column_text(tables, 0);
        /* every column quoted, in column order, so ORDER BY 1 sorts whole rows */
        snprintf(sql, sizeof sql,
                 "SELECT 'SELECT ' || group_concat('quote(\"' || name || '\")', \" || ',' || \")"
                 " || ' FROM \"%s\" ORDER BY 1' FROM pragma_table_info('%s')",
                 name, name);
        if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) != SQLITE_OK ||
            sqlite3_step(st) != SQLITE_ROW) {
            sqlite3_finalize(st);
            goto fail;
        }
        char *select = strdup((const char *)sqlite3_column_text(st, 0));
        sqlite3_finalize(st);
        testutil_append(&out, &len, &cap, "== ");
        testutil_append(&out, &len, &cap, name);
        testutil_append(&out, &len, &cap, "\n");
        int rc = sqlite3_prepare_v2(h, select, -1, &st, NULL);
        free(select);
        if (rc != SQLITE_OK)
            goto fail;
        while (sqlite3_step(st) == SQLITE_ROW) {
            testutil_append(&out, &len, &cap, (const char *)sqlite3_column_text(st, 0));
            testutil_append(&out, &len, &cap, "\n");
            n++;
        }
        sqlite3_finalize(st);
    }
    sqlite3_finalize(tables);
    if (rows)
        *rows = n;
    return out;
fail:
    sqlite3_finalize(tables);
    free(out);
    return NULL;
}

#endif
