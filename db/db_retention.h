/* db_retention.h: forgetting students who left. A student whose last
 * activity (last check-in, or the last change to their details) is older
 * than a number of months is deleted with every row about them. The
 * teacher sees the count first and confirms (README.md, "Retention"; the
 * period is [privacy] retention_months in the config, default 24). */
#ifndef DB_RETENTION_H
#define DB_RETENTION_H

#include "db/db.h"

#include <stdint.h>

/* The moment `months` calendar months before now (local time): students
 * last active before it are due. -1 when months is out of 1..1200. */
int64_t db_retention_cutoff(int months, int64_t now);

/* Number of students due, or -1 on an error (logged). */
int db_retention_count(struct db *db, int months, int64_t now);

/* Deletes the students due and all their rows (check-ins and every other
 * table that points at a student) in one transaction, with SQLite's
 * secure_delete on so the bytes are overwritten, then checkpoints the WAL.
 * Returns the number of students deleted, or -1 (nothing deleted). */
int db_retention_purge(struct db *db, int months, int64_t now);

/* The tables purged besides students, for the test that every table with a
 * student_id is covered: number of them and the name of table i. */
int db_retention_table_count(void);
const char *db_retention_table_name(int i);

#endif
