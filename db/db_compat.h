/* db_compat.h: a rollback must still start on the data. An update migrates
 * the store on its first start; when the new version does not come up,
 * the boot loader starts the old one again, on the migrated file.
 *
 * Two rules make that work (HACKING.md, "Schema steps and rollback"):
 *
 * 1. Additive steps. A step that only adds (a table, a column with a
 *    default, a plain index, an index or trigger on a table of its own) is
 *    one an older version can ignore. The file records in settings
 *    'schema.min_reader' the oldest schema version that may use it: the
 *    last step that was not additive. An older program whose own latest
 *    version is at least that opens the newer file as it is (no migration,
 *    user_version untouched) and keeps working on it.
 * 2. A snapshot before a breaking step. When a migration includes a step
 *    that is not additive (it changes or removes something, or writes
 *    rows), db_open first copies the store to stagekiosk.db.v<old> (VACUUM
 *    INTO). An older program that finds a newer file it may not use puts
 *    the newest such snapshot it can read back in place; the newer file is
 *    kept beside it as stagekiosk.db.newer-v<new>. Check-ins made on the
 *    new version after its migration are then in that kept file, not lost.
 *
 * Whether a step is additive is worked out from the step itself: it is run
 * on an empty store at the version before, its statements must all be
 * CREATE or ALTER ... ADD, and the schema before must survive unchanged
 * (columns added at the end are fine). A step that passes but still must
 * not be read by older versions is listed in breaking_steps[] in
 * db_compat.c; one that fails but was read and found harmless (a trigger
 * on an old table that only notes changes in a new one) in
 * reviewed_steps[], with the reason. */
#ifndef DB_COMPAT_H
#define DB_COMPAT_H

#include <sqlite3.h>
#include <stddef.h>

/* 1 when step v (1-based) is additive, 0 when not, -1 on an error. */
int db_compat_additive(int v);

/* The oldest schema version that may use a file at version v: the last
 * step up to v that is not additive, 0 when all are. -1 on an error. */
int db_compat_min_reader(int v);

/* Called by db_open on the store it opened, before anything else reads
 * it: the file's schema version when that is newer than this program and
 * says this program may not use it (rule 2), else 0. */
int db_compat_too_new(sqlite3 *h);

/* With the store at path (schema version have) closed: puts the newest
 * snapshot this program can read in its place and keeps the file beside it
 * (rule 2); db_open then opens it again. Logs what it did. 0, or -1 when
 * no snapshot helps (err: a Dutch sentence). */
int db_compat_put_back(const char *path, int have, char *err, size_t errlen);

/* Called by db_open on an open store before it migrates: when the steps
 * from the file's version to the latest include one that is not additive,
 * copies the store to path.v<version> (rule 1's snapshot). 0 or -1. */
int db_compat_snapshot(sqlite3 *h, const char *path);

#endif
