/* db_sync.h: two-way sync of this kiosk's store with the school's
 * PostgreSQL (db_school.h), offline first.
 *
 * Push: triggers note every change of a row with a uid in sync_outbox
 * (same transaction as the change, so nothing waits in memory); a round
 * sends them in batches as idempotent upserts (by uid; a student by
 * number) and then clears just the entries it sent, unless the row changed
 * again meanwhile. A kill between the server's commit and ours sends the
 * batch again, which changes nothing.
 * Pull: the server numbers every change it keeps (seq, one sequence, in
 * commit order); a round fetches per table the rows after its cursor for
 * the groups this kiosk knows and stores them together with the new cursor
 * in one transaction. No network call ever runs inside a local
 * transaction, so a check-in never waits for the network.
 * Libc, libpq and SQLite only; one thread per struct db. */
#ifndef DB_SYNC_H
#define DB_SYNC_H

#include "db/db.h"

#include <libpq-fe.h>
#include <stdint.h>

#define DB_SYNC_BATCH 500          /* rows per batch for the command line */

struct db_sync_result {
    int pushed, pulled;          /* rows, all tables */
    int pushed_by[16], pulled_by[16]; /* per db_sync_tables[] row */
    int waiting;                 /* still in the outbox after the round */
    char err[256];               /* Dutch, when the round failed */
};

/* Turns change tracking on (idempotent). The first time, every row that
 * exists is noted for pushing, so the kiosk's history goes up once. */
int db_sync_enable(struct db *db);

/* One round: push everything waiting, then pull, batch rows at a time (a
 * local write transaction per batch: smaller batches keep the store's
 * write lock shorter for a check-in). 0, or -1 with out->err (the server
 * went away, refused, ...): what was done stays done. */
int db_sync_round(struct db *db, PGconn *pg, int batch, struct db_sync_result *out);

/* Milliseconds the round sleeps after each local commit, so that a
 * check-in waiting for the write lock gets it before the next batch
 * (SQLite's busy wait is not a queue). 0 for the command line. */
void db_sync_set_pause(struct db *db, int ms);

/* Rows waiting to be pushed; -1 on error. */
int db_sync_waiting(struct db *db);

/* The last round's outcome as the teacher sees it: records now (unix
 * seconds) as the last success, or as the start of a failure streak. */
void db_sync_note(struct db *db, int ok, int64_t now);

struct db_sync_state {
    int enabled;
    int64_t last_ok;             /* 0: never */
    int64_t failing_since;       /* 0: not failing */
    int waiting;
    char me[64];                 /* this kiosk's name on the server */
};
int db_sync_state(struct db *db, struct db_sync_state *out);

#endif
