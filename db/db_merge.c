/* db_merge.c: merging a snapshot (see db_merge.h).
 *
 * The snapshot's bytes are copied to a scratch folder, checked as outside
 * input (db_untrusted.h: exactly our schema, nothing else) and migrated
 * there, so every step below can assume the current schema, and
 * then ATTACHed as "snap". The steps are one table of fixed statements in
 * the order of the foreign keys; a feature that adds a table with a uid
 * adds its row here (test_db_merge checks that none is forgotten). */
#include "db/db_merge.h"
#include "db/db_migrate.h"
#include "db/db_untrusted.h"
#include "base/log.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The local group id of the snapshot's group id s.group_id, by name. */
#define GROUP_OF(col)                                                         \
    "(SELECT mg.id FROM main.groups mg JOIN snap.groups sg ON sg.name = mg.name" \
    " WHERE sg.id = " col ")"

/* The local questionnaire of snapshot questionnaire row q: the same uid,
 * else the same name and text (hash). */
#define QUESTIONNAIRE_OF(q)                                                       \
    "coalesce((SELECT mq.id FROM main.questionnaires mq WHERE mq.uid = " q ".uid)," \
    " (SELECT mq.id FROM main.questionnaires mq WHERE mq.name = " q ".name"          \
    " AND mq.hash = " q ".hash))"

/* A student in both: details from the side updated last, the higher card
 * version from either side. */
#define NEWER(col) "CASE WHEN s.updated_at > m.updated_at THEN s." col " ELSE m." col " END"

struct merge_step {
    const char *table;      /* the table it fills, for the uid check */
    const char *sql;
    size_t count;           /* offsetof the counter in db_merge_result */
};

#define COUNT(field) offsetof(struct db_merge_result, field)

static const struct merge_step steps[] = {
    {"groups",
     "INSERT INTO main.groups(name) SELECT name FROM snap.groups"
     " WHERE name NOT IN (SELECT name FROM main.groups)",
     COUNT(groups_added)},
    {"students",
     "INSERT OR IGNORE INTO main.students(uid, number, first_name, prefix, last_name,"
     " initials, email, programme, crebo, group_id, card_version, updated_at)"
     " SELECT s.uid, s.number, s.first_name, s.prefix, s.last_name, s.initials, s.email,"
     " s.programme, s.crebo, " GROUP_OF("s.group_id") ", s.card_version, s.updated_at"
     " FROM snap.students s WHERE s.number NOT IN (SELECT number FROM main.students)",
     COUNT(students_added)},
    {"students",
     "UPDATE main.students AS m SET first_name = " NEWER("first_name") ","
     " prefix = " NEWER("prefix") ", last_name = " NEWER("last_name") ","
     " initials = " NEWER("initials") ", email = " NEWER("email") ","
     " programme = " NEWER("programme") ", crebo = " NEWER("crebo") ","
     " group_id = CASE WHEN s.updated_at > m.updated_at THEN " GROUP_OF("s.group_id")
     " ELSE m.group_id END,"
     " card_version = max(m.card_version, s.card_version),"
     " updated_at = max(m.updated_at, s.updated_at)"
     " FROM snap.students AS s WHERE s.number = m.number"
     " AND (s.updated_at > m.updated_at OR s.card_version > m.card_version)",
     COUNT(students_updated)},
    {"sessions",
     "INSERT OR IGNORE INTO main.sessions(uid, kind, title, group_id, started_at, late_at,"
     " ended_at)"
     " SELECT s.uid, s.kind, s.title, " GROUP_OF("s.group_id") ", s.started_at, s.late_at,"
     " coalesce(s.ended_at, max(s.started_at, coalesce((SELECT max(c.at) FROM snap.checkins c"
     "  WHERE c.session_id = s.id), s.started_at)))"
     " FROM snap.sessions s WHERE s.uid NOT IN (SELECT uid FROM main.sessions)",
     COUNT(sessions_added)},
    /* A session merged while it still ran gets its real end later. */
    {"sessions",
     "UPDATE main.sessions AS m SET ended_at = s.ended_at FROM snap.sessions AS s"
     " WHERE s.uid = m.uid AND s.ended_at IS NOT NULL AND m.ended_at IS NOT NULL"
     " AND s.ended_at > m.ended_at",
     COUNT(sessions_updated)},
    {"checkins",
     "INSERT OR IGNORE INTO main.checkins(uid, session_id, student_id, at, how, late, guest,"
     " by_whom, reason)"
     " SELECT c.uid, ms.id, mst.id, c.at, c.how, c.late, c.guest, c.by_whom, c.reason"
     " FROM snap.checkins c"
     " JOIN snap.sessions ss ON ss.id = c.session_id JOIN main.sessions ms ON ms.uid = ss.uid"
     " JOIN snap.students st ON st.id = c.student_id"
     " JOIN main.students mst ON mst.number = st.number"
     " WHERE c.uid NOT IN (SELECT uid FROM main.checkins)",
     COUNT(checkins_added)},
    /* Questionnaires: the same file loaded on two kiosks is the same
     * questionnaire (name and hash); another text under a taken version
     * number gets the next number here. */
    {"questionnaires",
     "INSERT INTO main.questionnaires(uid, name, version, kind, title, source, hash, loaded_at)"
     " SELECT q.uid, q.name, (SELECT coalesce(max(m.version), 0) FROM main.questionnaires m"
     "  WHERE m.name = q.name) + row_number() OVER (PARTITION BY q.name ORDER BY q.version),"
     " q.kind, q.title, q.source, q.hash, q.loaded_at FROM snap.questionnaires q"
     " WHERE q.uid NOT IN (SELECT uid FROM main.questionnaires) AND NOT EXISTS (SELECT 1"
     "  FROM main.questionnaires m WHERE m.name = q.name AND m.hash = q.hash)",
     COUNT(questionnaires_added)},
    {"questionnaire_items",
     "INSERT OR IGNORE INTO main.questionnaire_items(uid, questionnaire_id, position, key, type,"
     " category, options, required, min, max, signal_values)"
     " SELECT i.uid, " QUESTIONNAIRE_OF("q") ", i.position, i.key, i.type, i.category,"
     " i.options, i.required, i.min, i.max, i.signal_values FROM snap.questionnaire_items i"
     " JOIN snap.questionnaires q ON q.id = i.questionnaire_id"
     " WHERE i.uid NOT IN (SELECT uid FROM main.questionnaire_items)",
     COUNT(other_updated)},
    {"responses",
     "INSERT OR IGNORE INTO main.responses(uid, student_id, questionnaire_id, session_id,"
     " started_at, finished_at)"
     " SELECT r.uid, mst.id, " QUESTIONNAIRE_OF("q") ", (SELECT ms.id FROM main.sessions ms"
     "  JOIN snap.sessions ss ON ss.uid = ms.uid WHERE ss.id = r.session_id),"
     " r.started_at, r.finished_at FROM snap.responses r"
     " JOIN snap.students st ON st.id = r.student_id"
     " JOIN main.students mst ON mst.number = st.number"
     " JOIN snap.questionnaires q ON q.id = r.questionnaire_id"
     " WHERE r.uid NOT IN (SELECT uid FROM main.responses)",
     COUNT(responses_added)},
    /* a scan merged half-way and finished on the other kiosk later */
    {"responses",
     "UPDATE main.responses AS m SET finished_at = r.finished_at FROM snap.responses AS r"
     " WHERE r.uid = m.uid AND m.finished_at IS NULL AND r.finished_at IS NOT NULL",
     COUNT(other_updated)},
    {"answers",
     "INSERT OR IGNORE INTO main.answers(uid, response_id, item_key, value_num, value_text,"
     " answered_at)"
     " SELECT a.uid, mr.id, a.item_key, a.value_num, a.value_text, a.answered_at"
     " FROM snap.answers a JOIN snap.responses r ON r.id = a.response_id"
     " JOIN main.responses mr ON mr.uid = r.uid"
     " WHERE a.uid NOT IN (SELECT uid FROM main.answers)",
     COUNT(answers_added)},
    {"answers",
     "UPDATE main.answers AS m SET value_num = a.value_num, value_text = a.value_text,"
     " answered_at = a.answered_at FROM snap.answers AS a"
     " WHERE a.uid = m.uid AND a.answered_at > m.answered_at",
     COUNT(other_updated)},
    {"learning_goals",
     "INSERT OR IGNORE INTO main.learning_goals(uid, student_id, response_id, text, by_when,"
     " proof, status, created_at, updated_at)"
     " SELECT g.uid, mst.id, (SELECT mr.id FROM main.responses mr JOIN snap.responses r"
     "  ON r.uid = mr.uid WHERE r.id = g.response_id), g.text, g.by_when, g.proof, g.status,"
     " g.created_at, g.updated_at FROM snap.learning_goals g"
     " JOIN snap.students st ON st.id = g.student_id"
     " JOIN main.students mst ON mst.number = st.number"
     " WHERE g.uid NOT IN (SELECT uid FROM main.learning_goals)",
     COUNT(goals_added)},
    {"learning_goals",
     "UPDATE main.learning_goals AS m SET text = g.text, by_when = g.by_when, proof = g.proof,"
     " status = g.status, updated_at = g.updated_at FROM snap.learning_goals AS g"
     " WHERE g.uid = m.uid AND g.updated_at > m.updated_at",
     COUNT(goals_updated)},
    /* signals a teacher marked "besproken" there leave the lists here too */
    {"signal_talks",
     "INSERT OR IGNORE INTO main.signal_talks(uid, student_id, kind, cause_at, at)"
     " SELECT k.uid, mst.id, k.kind, k.cause_at, k.at FROM snap.signal_talks k"
     " JOIN snap.students st ON st.id = k.student_id"
     " JOIN main.students mst ON mst.number = st.number"
     " WHERE k.uid NOT IN (SELECT uid FROM main.signal_talks)",
     COUNT(talks_added)},
};

#define NSTEPS (sizeof steps / sizeof steps[0])

/* Distinct table names, in order. */
static const char *const tables[] = {"groups",         "students",       "sessions",
                                     "checkins",       "questionnaires", "questionnaire_items",
                                     "responses",      "answers",        "learning_goals",
                                     "signal_talks"};

int db_merge_table_count(void)
{
    return (int)(sizeof tables / sizeof tables[0]);
}

const char *db_merge_table_name(int i)
{
    return i >= 0 && i < db_merge_table_count() ? tables[i] : NULL;
}

/* The largest snapshot a merge takes: a school year is some 6 MB, and the
 * copy goes to $TMPDIR, which may be memory. */
#define SNAPSHOT_MAX_BYTES ((int64_t)256 << 20)

/* Copies the snapshot's bytes into the scratch folder, checks the copy as
 * outside input (db_untrusted.h) and brings it up to date there. Sets
 * *pages for the work bound. 0 or -1 with out->err. */
static int prepare_copy(const char *snapshot, const char *scratch, int64_t *pages,
                        struct db_merge_result *out)
{
    sqlite3 *dst = NULL;
    int rc = -1, version = 0;
    char err[256];
    if (db_untrusted_copy(snapshot, scratch, SNAPSHOT_MAX_BYTES) != 0) {
        int e = errno;
        log_err("merge: cannot copy %s to %s: %s", snapshot, scratch, strerror(e));
        if (e == ENOSPC || e == EDQUOT)
            goto scratch_fail;
        snprintf(out->err, sizeof out->err, "%s",
                 e == EFBIG ? "Het bestand is te groot voor een snapshot."
                            : "Het bestand is niet te lezen.");
        goto done;
    }
    enum db_untrusted_verdict v = db_untrusted_check(scratch, &version, pages);
    if (v == DB_UNTRUSTED_NOT_OURS || (v == DB_UNTRUSTED_OK && version < 2)) {
        /* Version 2 brought sessions and check-ins. */
        snprintf(out->err, sizeof out->err,
                 "%s is geen stagekiosk-database. Kies het bestand stagekiosk-snapshot.db "
                 "uit een export.",
                 snapshot);
        goto done;
    }
    if (v == DB_UNTRUSTED_NEWER) {
        snprintf(out->err, sizeof out->err,
                 "Deze snapshot komt van een nieuwere stagekiosk. Installeer eerst de "
                 "nieuwste stagekiosk op deze kiosk.");
        goto done;
    }
    if (v != DB_UNTRUSTED_OK) {
        snprintf(out->err, sizeof out->err, "%s Er is niets samengevoegd.",
                 db_untrusted_text(v));
        goto done;
    }
    if (sqlite3_open_v2(scratch, &dst, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
        goto scratch_fail;
    if (db_migrate_to(dst, db_migrate_latest(), err, sizeof err) != 0) {
        log_err("merge: cannot bring %s up to date: %s", snapshot, err);
        snprintf(out->err, sizeof out->err,
                 "De snapshot %s is beschadigd. Maak een nieuwe export op de andere kiosk.",
                 snapshot);
        goto done;
    }
    rc = 0;
    goto done;
scratch_fail:
    log_err("merge: scratch copy %s: %s", scratch, dst ? sqlite3_errmsg(dst) : strerror(errno));
    snprintf(out->err, sizeof out->err,
             "De kiosk heeft te weinig ruimte om samen te voegen. Er is niets veranderd.");
done:
    sqlite3_close(dst);
    return rc;
}

/* Tables of the snapshot with a uid column that no step knows. */
static void find_unmerged(struct db *db, struct db_merge_result *out)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT m.name FROM snap.sqlite_master m"
                                   " WHERE m.type = 'table' AND EXISTS (SELECT 1 FROM"
                                   " pragma_table_info(m.name, 'snap') WHERE name = 'uid')"
                                   " ORDER BY m.name");
    if (!st)
        return;
    size_t len = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *name = (const char *)sqlite3_column_text(st, 0);
        int known = 0;
        for (int i = 0; i < db_merge_table_count(); i++)
            known |= !strcmp(name, tables[i]);
        if (!known && len < sizeof out->unmerged)
            len += (size_t)snprintf(out->unmerged + len, sizeof out->unmerged - len, "%s%s",
                                    len ? ", " : "", name);
    }
    sqlite3_reset(st);
}

static int same_file(struct db *db, const char *path)
{
    const char *mine = sqlite3_db_filename(db_handle(db), "main");
    struct stat a, b;
    return mine && *mine && stat(mine, &a) == 0 && stat(path, &b) == 0 &&
           a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

int db_merge_snapshot(struct db *db, const char *snapshot_path, struct db_merge_result *out)
{
    memset(out, 0, sizeof *out);
    if (same_file(db, snapshot_path)) {
        snprintf(out->err, sizeof out->err,
                 "Dit is de database van deze kiosk zelf. Kies de snapshot van een andere "
                 "kiosk.");
        return -1;
    }
    const char *base = getenv("TMPDIR");
    char dir[4096], scratch[4200];
    snprintf(dir, sizeof dir, "%s/stagekiosk-merge-XXXXXX", base && *base ? base : "/tmp");
    if (!mkdtemp(dir)) {
        log_err("merge: cannot make a scratch folder in %s: %s", base ? base : "/tmp",
                strerror(errno));
        snprintf(out->err, sizeof out->err,
                 "De kiosk heeft te weinig ruimte om samen te voegen. Er is niets veranderd.");
        return -1;
    }
    snprintf(scratch, sizeof scratch, "%s/snapshot.db", dir);
    int rc = -1, attached = 0;
    int64_t pages = 0;
    struct db_work work = {0};
    if (prepare_copy(snapshot_path, scratch, &pages, out) != 0)
        goto done;

    sqlite3_stmt *st = db_stmt(db, "ATTACH DATABASE ?1 AS snap");
    if (!st)
        goto db_fail;
    sqlite3_bind_text(st, 1, scratch, -1, SQLITE_STATIC);
    int arc = sqlite3_step(st);
    sqlite3_reset(st);
    if (arc != SQLITE_DONE)
        goto db_fail;
    attached = 1;

    /* Our schema now, but the rows are still outside input: bound the
     * work of the merge by the snapshot's size. */
    db_untrusted_bound(db_handle(db), &work, db_untrusted_budget(pages) * 4);
    if (db_begin(db) != 0)
        goto db_fail;
    st = db_stmt(db, "SELECT count(*) FROM snap.checkins"
                     " WHERE uid NOT IN (SELECT uid FROM main.checkins)");
    int candidates = st ? (int)db_step_int(st, 0) : 0;
    for (size_t i = 0; i < NSTEPS; i++) {
        st = db_stmt(db, steps[i].sql);
        if (!st || sqlite3_step(st) != SQLITE_DONE) {
            if (st)
                sqlite3_reset(st);
            goto db_fail_rollback;
        }
        sqlite3_reset(st);
        *(int *)((char *)out + steps[i].count) += sqlite3_changes(db_handle(db));
    }
    out->checkins_skipped = candidates - out->checkins_added;
    find_unmerged(db, out);
    if (db_commit(db) != 0)
        goto db_fail;
    log_info("merge: %s: groups +%d, students +%d (~%d), sessions +%d (~%d), check-ins +%d"
             " (%d kept ours), questionnaires +%d, responses +%d, answers +%d, goals +%d (~%d),"
             " besproken +%d%s%s",
             snapshot_path, out->groups_added, out->students_added, out->students_updated,
             out->sessions_added, out->sessions_updated, out->checkins_added,
             out->checkins_skipped, out->questionnaires_added, out->responses_added,
             out->answers_added, out->goals_added, out->goals_updated, out->talks_added,
             out->unmerged[0] ? "; not merged: " : "", out->unmerged);
    rc = 0;
    goto done;

db_fail_rollback:
    log_err("merge: %s failed: %s%s", snapshot_path, db_errmsg(db),
            work.hit ? " (work bound hit)" : "");
    db_rollback(db);
db_fail:
    if (!out->err[0] && attached && work.hit) {
        snprintf(out->err, sizeof out->err, "%s Er is niets veranderd.",
                 db_untrusted_text(DB_UNTRUSTED_TOO_SLOW));
    } else if (!out->err[0]) {
        log_err("merge: %s failed: %s", snapshot_path, db_errmsg(db));
        snprintf(out->err, sizeof out->err,
                 "Samenvoegen is mislukt. Er is niets veranderd. Probeer het opnieuw.");
    }
done:
    if (attached) {
        db_untrusted_bound(db_handle(db), &work, 0);
        db_exec(db, "DETACH DATABASE snap");
    }
    static const char *const suffix[] = {"", "-journal", "-wal", "-shm"};
    for (size_t i = 0; i < sizeof suffix / sizeof suffix[0]; i++) {
        char p[4300];
        snprintf(p, sizeof p, "%s%s", scratch, suffix[i]);
        unlink(p);
    }
    rmdir(dir);
    return rc;
}
