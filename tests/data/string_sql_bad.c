/* string_sql_bad.c: NOT compiled. tests/sh/no_string_sql.sh must find four
 * problems here, one of each kind, to prove it can fail. */
static void bad(struct db *db, sqlite3 *h, const char *name)
{
    char sql[256];
    char *q = sqlite3_mprintf("SELECT id FROM students WHERE number = '%q'", name);
    snprintf(sql, sizeof sql,
             "SELECT id FROM students "
             "WHERE last_name = '%s'", name);
    sqlite3_exec(h, sql, NULL, NULL, NULL);
    db_stmt(db, q);
    /* fine: a literal with a bound parameter */
    db_stmt(db, "SELECT id FROM students WHERE number = ?1");
}
