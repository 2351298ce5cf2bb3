/* db_sync_tables.h: what travels between a kiosk and the school's
 * PostgreSQL, one row per synced table, in the order of their references
 * (a check-in after its session). Each row is fixed SQL only:
 *
 *  batch  SQLite, ?1 = limit: the next changed rows of the outbox as one
 *         JSON array (each object has "uid" and "n", the outbox entry) and
 *         their count;
 *  push   PostgreSQL, $1 = that array: idempotent upserts;
 *  pull   PostgreSQL, $1 = cursor, $2 = this kiosk's groups (JSON array),
 *         $3 = limit: the rows after the cursor in the server's order, as
 *         a JSON array, the last seq and the count;
 *  apply  SQLite, ?1 = that array: the rows stored here, matched by uid,
 *         a student by number, a questionnaire or poll set by name and hash;
 *         never over a row that still waits to be pushed (that one wins on
 *         its next push).
 * See db_sync.h for the engine and HACKING.md "School sync" for the rules. */
#ifndef DB_SYNC_TABLES_H
#define DB_SYNC_TABLES_H

#define DB_SYNC_STEPS 6

struct db_sync_table {
    const char *name;                   /* the outbox's and cursor's key */
    const char *label;                  /* Dutch, for "what moved" */
    const char *batch;
    const char *push[DB_SYNC_STEPS];
    const char *pull;
    const char *apply[DB_SYNC_STEPS];
    const char *gone;                   /* SQLite: outbox entries of deleted rows */
    const char *pushed;                 /* PostgreSQL, $1 = the batch: what the
                                           server kept (JSON), or NULL */
    const char *adopt;                  /* SQLite, ?1 = that: taken over here */
    unsigned counted;                   /* bit k: apply[k]'s changes are rows
                                           that came in ("what moved") */
};

extern const struct db_sync_table db_sync_tables[];
extern const int db_sync_table_count;

#endif
