/* db_untrusted.h: a SQLite file from outside (another kiosk's snapshot on a
 * stick, a decrypted backup) is input like any other, and SQLite runs what
 * a file's schema says: a view or trigger in it is code. A file is only
 * used after db_untrusted_check() found it to be exactly one of our own
 * schema versions.
 *
 * The check opens the file read-only, without URI names or symlinks, with
 * SQLITE_DBCONFIG_DEFENSIVE on and TRUSTED_SCHEMA, triggers and views off,
 * and bounds its work (a progress handler counts virtual-machine steps).
 * It then compares the file's whole schema (every table, index, view and
 * trigger, with its SQL) with the schema our own migrations build for the
 * file's user_version, so an extra view or trigger, a missing or changed
 * column, or any other object refuses the file; and runs quick_check.
 * Reading sqlite_schema runs nothing of the file. */
#ifndef DB_UNTRUSTED_H
#define DB_UNTRUSTED_H

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

enum db_untrusted_verdict {
    DB_UNTRUSTED_OK,
    DB_UNTRUSTED_NOT_OURS,  /* not SQLite, or none of our tables */
    DB_UNTRUSTED_NEWER,     /* a schema version this program does not know */
    DB_UNTRUSTED_ALTERED,   /* ours, but with objects or columns that differ */
    DB_UNTRUSTED_DAMAGED,   /* quick_check failed, or SQLite calls it corrupt */
    DB_UNTRUSTED_TOO_SLOW,  /* the work bound was hit */
    DB_UNTRUSTED_IO,        /* cannot be opened or read (logged) */
};

/* Virtual-machine steps a check or a merge may take: a fixed part plus a
 * part per page of the file. Far above what a real file of that size needs
 * (tests/bench measures it), far below a minute. */
int64_t db_untrusted_budget(int64_t pages);

/* Checks the file at path. *version gets its user_version (0 when
 * unknown), *pages its size in pages (for db_untrusted_budget). Logs one
 * precise line on refusal (what differs). */
enum db_untrusted_verdict db_untrusted_check(const char *path, int *version, int64_t *pages);

/* A Dutch sentence for the person about a refused file, starting with
 * "Het bestand" ("" for DB_UNTRUSTED_OK). */
const char *db_untrusted_text(enum db_untrusted_verdict v);

/* A bound on the work of connection h: after about ops steps every running
 * statement stops with SQLITE_INTERRUPT. ops <= 0 removes the bound. The
 * bound lives in *work, which must outlive its use. */
struct db_work {
    int64_t left;
    int hit;    /* 1 once the bound stopped a statement */
};
void db_untrusted_bound(sqlite3 *h, struct db_work *work, int64_t ops);

/* Copies the bytes of the file at from into a new file to (mode 0600),
 * refusing more than max_bytes, so what SQLite reads afterwards can no
 * longer change (a stick) and no -wal or -journal beside it is read.
 * 0; -1 when it cannot be read (errno set) or is larger (errno EFBIG). */
int db_untrusted_copy(const char *from, const char *to, int64_t max_bytes);

#endif
