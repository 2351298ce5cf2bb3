/* db_school.h: the connection to the school's PostgreSQL (libpq) and its
 * schema. The schema is the numbered SQL files in assets/school
 * (001_schema.sql, ...); db_school_init runs the ones the server has not
 * seen, each in its own transaction, and records them in
 * stagekiosk.schema_version. Uses libpq and libc only. */
#ifndef DB_SCHOOL_H
#define DB_SCHOOL_H

#include <libpq-fe.h>
#include <stddef.h>

/* The schema version this build needs on the server. */
#define DB_SCHOOL_SCHEMA 2

/* Reads the first line of path into pw. Refuses (-1, a Dutch sentence in
 * err) a file that others than the kiosk user may read or write, or that
 * belongs to someone else: the password must stay the kiosk's own. */
int db_school_password(const char *path, char *pw, size_t pwlen, char *err, size_t errlen);

/* Connects with the libpq connection string conninfo; password_file may be
 * NULL or "" (then libpq's own ways: a client certificate, ~/.pgpass).
 * NULL with a Dutch sentence in err (and a log line with libpq's words). */
PGconn *db_school_connect(const char *conninfo, const char *password_file, char *err,
                          size_t errlen);

/* Brings the server's schema up to date from the *.sql files in sql_dir.
 * *applied gets how many files ran. 0, or -1 with err. */
int db_school_init(PGconn *pg, const char *sql_dir, int *applied, char *err, size_t errlen);

/* Puts in err what went wrong with result r (NULL when libpq had no
 * memory): "Geen verbinding met de schooldatabase: ..." when the line or the
 * server is gone (no SQLSTATE, class 08 or 57), else "De schooldatabase
 * weigert: ..." with the server's words. */
void db_school_failure(PGconn *pg, const PGresult *r, char *err, size_t errlen);

/* 0 when the server has schema version DB_SCHOOL_SCHEMA or newer; -1 with
 * err (e.g. "run stagekiosk school init"). */
int db_school_check(PGconn *pg, char *err, size_t errlen);

/* 1 when the connection is still good (libpq's status). */
int db_school_ok(PGconn *pg);

#endif
