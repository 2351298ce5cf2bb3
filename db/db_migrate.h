/* db_migrate.h: brings any older database up to the current schema. */
#ifndef DB_MIGRATE_H
#define DB_MIGRATE_H

#include <sqlite3.h>
#include <stddef.h>

/* The schema version this program writes. */
int db_migrate_latest(void);

/* Runs every missing step inside one transaction, up to version target
 * (db_migrate_latest() for the real program; lower in tests, to build an
 * older file). Refuses a file newer than this program knows.
 * 0 on success; -1 with a message in err. */
int db_migrate_to(sqlite3 *h, int target, char *err, size_t errlen);

#endif
