/* db.h: the store's connection: open with the right pragmas, migrate,
 * transactions, a statement cache and change detection. Uses SQLite only. */
#ifndef DB_H
#define DB_H

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

struct db;

/* Opens (creating if needed) the database file at path and brings it to the
 * current schema. WAL, synchronous=FULL, foreign keys on. Returns NULL and a
 * Dutch sentence for the person in err (plus a log line) on failure, e.g.
 * when the file comes from a newer stagekiosk. Free with db_close(). */
struct db *db_open(const char *path, char *err, size_t errlen);
void db_close(struct db *db);

/* The raw handle, for modules of db/ only. */
sqlite3 *db_handle(struct db *db);

/* Returns a prepared statement for sql, cached by the address of sql (pass a
 * string literal), reset and with its bindings cleared. Owned by db. NULL on
 * a prepare error (logged). */
sqlite3_stmt *db_stmt(struct db *db, const char *sql);

/* Transactions: 0 on success, -1 on error (logged). BEGIN IMMEDIATE, so a
 * second writer waits (busy timeout) instead of failing half-way. */
int db_begin(struct db *db);
/* db_begin for a write a person asked for: on failure err says the store
 * is busy and -1 is returned. */
int db_begin_or_say(struct db *db, char *err, size_t errlen);
int db_commit(struct db *db);
void db_rollback(struct db *db);

/* Runs one statement without results. 0 or -1 (logged). */
int db_exec(struct db *db, const char *sql);

/* The WAL's checkpoints (copying committed pages into the file, with its
 * fsyncs): by default the connection whose commit fills the WAL runs one,
 * inside that commit. After db_checkpoints_by_hand() db never does: its
 * owner calls db_checkpoint() (PASSIVE: it never waits, nor makes a writer
 * wait) at a moment nobody waits for it. 0 or -1 (logged). */
void db_checkpoints_by_hand(struct db *db);
int db_checkpoint(struct db *db);

/* 1 when another connection committed since the last call, else 0. */
int db_changed(struct db *db);

/* Statements stepped but not yet reset. Between two steps of the loop
 * there must be none: a busy statement keeps the implicit transaction of
 * the next write open, so a "committed" check-in would not be on disk yet.
 * Returns the number; *sql (may be NULL) gets the first one's text. */
int db_busy_statements(struct db *db, const char **sql);

/* 1 when what was just written in autocommit mode is on disk (or when the
 * caller runs its own BEGIN ... COMMIT around it); 0 when a statement left
 * running keeps the write's transaction open (logged with that statement).
 * Call before telling a person "gelukt". */
int db_committed(struct db *db);

/* The last error message of the connection. */
const char *db_errmsg(struct db *db);

/* Writes a new random id, unique across kiosks (32 hex chars + NUL). */
void db_uid_new(char out[33]);

/* Binds a new random uid (db_uid_new) to parameter idx of st. */
void db_bind_uid(sqlite3_stmt *st, int idx);

/* Small readers used by every db module: first column of the first row of a
 * bound statement (the statement is reset after). */
int64_t db_step_int(sqlite3_stmt *st, int64_t fallback);

/* At a failed write inside the caller's transaction: rolls it back, puts
 * "Opslaan mislukte: <why>" in err (errlen bytes) and returns -1. */
int db_fail(struct db *db, char *err, size_t errlen);

/* Copies text column col of the current row into out (len bytes, cut to
 * fit); NULL becomes "". */
void db_column_text(sqlite3_stmt *st, int col, char *out, size_t len);

/* Runs st, a statement that returns no rows, to its end and resets it: 0
 * when it finished (SQLITE_DONE), -1 otherwise (db_errmsg() says why). */
int db_step_done(sqlite3_stmt *st);

/* The same for an INSERT: the new row's id, or -1. */
int64_t db_step_insert(struct db *db, sqlite3_stmt *st);

/* An INSERT that ends the caller's transaction: steps it and commits. The
 * new row's id, or -1 after db_fail() (a NULL st counts as a failure). */
int64_t db_insert_commit(struct db *db, sqlite3_stmt *st, char *err, size_t errlen);

/* Ends the caller's transaction for a reason already worded in err: rolls
 * it back and returns -1. */
int db_refuse(struct db *db);

/* Steps a bound statement to its first row: 1 when there is one (st stands
 * on it: read it, then sqlite3_reset), 0 when there is none, -1 on an error
 * (logged as "db: <what> failed"); on 0 and -1 st is reset already. */
int db_step_row(struct db *db, sqlite3_stmt *st, const char *what);

/* Runs an UPDATE whose ?1 is the time now (at): the number of rows it
 * changed, or -1 (logged as "db: <what> failed"). */
int db_update_at(struct db *db, const char *sql, int64_t at, const char *what);

#endif
