/* db_retention.c: deleting students who are long gone (see db_retention.h).
 *
 * The students are deleted first with foreign keys deferred, then the rows
 * that pointed at them: the set of doomed students is fixed by the first
 * statement (deleting check-ins first would change who counts as active).
 * A table with a student_id that is not in orphans[] leaves a dangling
 * row, the deferred foreign key check fails at COMMIT and nothing is
 * deleted: never a half purge. test_db_retention checks that every such
 * table has its row. */
#include "db/db_retention.h"
#include "base/log.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

/* Last activity per student: their own update or their last check-in. */
#define DUE_STUDENTS                                                          \
    "SELECT s.id FROM students s LEFT JOIN (SELECT student_id, max(at) AS last" \
    " FROM checkins GROUP BY student_id) c ON c.student_id = s.id"              \
    " WHERE max(s.updated_at, coalesce(c.last, 0)) < ?1"

static const struct {
    const char *table;
    const char *sql;
} orphans[] = {
    {"checkins", "DELETE FROM checkins WHERE student_id NOT IN (SELECT id FROM students)"},
    {"learning_goals",
     "DELETE FROM learning_goals WHERE student_id NOT IN (SELECT id FROM students)"},
    /* answers before their responses: they are found through them */
    {"answers", "DELETE FROM answers WHERE response_id IN (SELECT id FROM responses"
                " WHERE student_id NOT IN (SELECT id FROM students))"},
    {"responses", "DELETE FROM responses WHERE student_id NOT IN (SELECT id FROM students)"},
    /* who voted in a verified poll; what they voted is not theirs to delete
     * (nothing links a ballot to a voter) */
    {"poll_voters", "DELETE FROM poll_voters WHERE student_id NOT IN (SELECT id FROM students)"},
    /* what a teacher marked "besproken" about them */
    {"signal_talks",
     "DELETE FROM signal_talks WHERE student_id NOT IN (SELECT id FROM students)"},
};

#define NORPHANS (sizeof orphans / sizeof orphans[0])

int db_retention_table_count(void)
{
    return (int)NORPHANS;
}

const char *db_retention_table_name(int i)
{
    return i >= 0 && i < (int)NORPHANS ? orphans[i].table : NULL;
}

int64_t db_retention_cutoff(int months, int64_t now)
{
    if (months < 1 || months > 1200)
        return -1;
    time_t t = (time_t)now;
    struct tm tm;
    localtime_r(&t, &tm);
    tm.tm_mon -= months;
    tm.tm_isdst = -1;
    return (int64_t)mktime(&tm);
}

int db_retention_count(struct db *db, int months, int64_t now)
{
    int64_t cutoff = db_retention_cutoff(months, now);
    sqlite3_stmt *st = db_stmt(db, "SELECT count(*) FROM (" DUE_STUDENTS ")");
    if (cutoff < 0 || !st)
        return -1;
    sqlite3_bind_int64(st, 1, cutoff);
    return (int)db_step_int(st, -1);
}

int db_retention_purge(struct db *db, int months, int64_t now)
{
    int64_t cutoff = db_retention_cutoff(months, now);
    if (cutoff < 0)
        return -1;
    /* Overwrite what is deleted: a purge that leaves the names in free
     * pages of the file is no purge. */
    if (db_exec(db, "PRAGMA secure_delete=ON") != 0)
        return -1;
    int deleted = -1;
    if (db_begin(db) != 0)
        goto done;
    if (db_exec(db, "PRAGMA defer_foreign_keys=ON") != 0)
        goto fail;
    sqlite3_stmt *st = db_stmt(db, "DELETE FROM students WHERE id IN (" DUE_STUDENTS ")");
    if (!st)
        goto fail;
    sqlite3_bind_int64(st, 1, cutoff);
    if (db_step_done(st) != 0)
        goto fail;
    int students = sqlite3_changes(db_handle(db));
    int rows = 0;
    for (size_t i = 0; i < NORPHANS; i++) {
        st = db_stmt(db, orphans[i].sql);
        if (!st)
            goto fail;
        if (db_step_done(st) != 0)
            goto fail;
        rows += sqlite3_changes(db_handle(db));
    }
    if (db_commit(db) != 0) {
        log_err("retention: purge refused, rows still point at deleted students "
                "(a table missing from db_retention.c?)");
        goto done;
    }
    deleted = students;
    log_info("retention: %d students inactive for %d months deleted, with %d other rows",
             students, months, rows);
    /* Old page images in the WAL go too. */
    db_exec(db, "PRAGMA wal_checkpoint(TRUNCATE)");
    goto done;
fail:
    log_err("retention: purge failed: %s", db_errmsg(db));
    db_rollback(db);
done:
    db_exec(db, "PRAGMA secure_delete=OFF");
    return deleted;
}
