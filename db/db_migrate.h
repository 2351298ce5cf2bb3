/* db_migrate.h: brings any older database up to the current schema. */
#ifndef DB_MIGRATE_H
#define DB_MIGRATE_H

#include <sqlite3.h>
#include <stddef.h>

/* The schema version this program writes. */
int db_migrate_latest(void);

/* Runs every missing step inside one transaction, up to version target
 * (db_migrate_latest() for the real program; lower in tests, to build an
 * older file), and records the oldest version that may use the file
 * (db_compat.h). A file newer than this program knows is left as it is
 * when that record allows this program (0), else refused.
 * 0 on success; -1 with a message in err. */
int db_migrate_to(sqlite3 *h, int target, char *err, size_t errlen);

/* The oldest version that may use the open file h, as its settings record
 * it; -1 when they do not (an older file). */
int db_migrate_min_reader(sqlite3 *h);

/* Step v's SQL (1-based), NULL past the end. */
const char *db_migrate_step(int v);

/* For tests only: a step N+1 that this build does not have, as the next
 * version would add it (NULL removes it). While set, this program behaves
 * as that next version; without it, as this one (db_compat.h). */
void db_migrate_test_step(const char *sql);

#endif
