/* db_sync.c: the sync engine (see db_sync.h); the tables and their SQL
 * are in db_sync_tables.c. */
#include "db/db_sync.h"
#include "db/db_sync_tables.h"
#include "db/db_school.h"
#include "base/log.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- the server ------------------------------------------------------- */

/* Runs sql with up to three text parameters; NULL (and err) unless it gave
 * want. The caller PQclear()s. */
static PGresult *pg_run(PGconn *pg, const char *sql, int nparams, const char *const *params,
                        ExecStatusType want, struct db_sync_result *out)
{
    PGresult *r = PQexecParams(pg, sql, nparams, NULL, params, NULL, NULL, 0);
    if (PQresultStatus(r) == want)
        return r;
    char msg[sizeof out->err];
    db_school_failure(pg, r, msg, sizeof msg);
    log_warn("sync: server: %s (%.50s...)", msg, sql);
    if (!out->err[0])
        snprintf(out->err, sizeof out->err, "%s", msg);
    PQclear(r);
    return NULL;
}

static int pg_cmd(PGconn *pg, const char *sql, struct db_sync_result *out)
{
    PGresult *r = pg_run(pg, sql, 0, NULL, PGRES_COMMAND_OK, out);
    PQclear(r);
    return r ? 0 : -1;
}

static void pg_rollback(PGconn *pg)
{
    if (PQstatus(pg) == CONNECTION_OK && PQtransactionStatus(pg) != PQTRANS_IDLE)
        PQclear(PQexec(pg, "ROLLBACK"));
}

/* ---- this kiosk --------------------------------------------------------- */

static int pause_ms;

void db_sync_set_pause(struct db *db, int ms)
{
    (void)db;
    pause_ms = ms;
}

/* After a local commit: let a waiting writer (a check-in) in first. */
static void let_others_in(void)
{
    if (pause_ms > 0) {
        struct timespec ts = {pause_ms / 1000, (long)(pause_ms % 1000) * 1000000};
        nanosleep(&ts, NULL);
    }
}

static int local_fail(struct db *db, struct db_sync_result *out, const char *what)
{
    log_err("sync: %s: %s", what, db_errmsg(db));
    if (!out->err[0])
        snprintf(out->err, sizeof out->err,
                 "De kiosk kon de gegevens van de school niet opslaan (%s).", what);
    return -1;
}

/* Runs one statement, ?1 = json (may be NULL), ?2 = text2 (may be NULL). */
static int step_json(struct db *db, const char *sql, const char *json, const char *text2)
{
    sqlite3_stmt *st = db_stmt(db, sql);
    if (!st)
        return -1;
    if (json)
        sqlite3_bind_text(st, 1, json, -1, SQLITE_STATIC);
    if (text2)
        sqlite3_bind_text(st, 2, text2, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : -1;
}

/* BEGIN with the pulled rows' marker up, so the triggers note nothing. */
static int apply_begin(struct db *db)
{
    if (db_begin(db) != 0)
        return -1;
    if (db_exec(db, "UPDATE sync_state SET applying = 1") != 0) {
        db_rollback(db);
        return -1;
    }
    return 0;
}

static int apply_commit(struct db *db)
{
    if (db_exec(db, "UPDATE sync_state SET applying = 0") != 0) {
        db_rollback(db);
        return -1;
    }
    int rc = db_commit(db);
    let_others_in();
    return rc;
}

/* Copies column i of the current row (text), or NULL. */
static char *column_dup(sqlite3_stmt *st, int i)
{
    const unsigned char *t = sqlite3_column_text(st, i);
    return t ? strdup((const char *)t) : NULL;
}

static const char *const backfill[] = {
    "INSERT INTO sync_outbox(tbl, row_uid, n) SELECT 'students', uid, 0 FROM students WHERE true"
    " ON CONFLICT DO NOTHING",
    "INSERT INTO sync_outbox(tbl, row_uid, n) SELECT 'sessions', uid, 0 FROM sessions WHERE true"
    " ON CONFLICT DO NOTHING",
    "INSERT INTO sync_outbox(tbl, row_uid, n) SELECT 'checkins', uid, 0 FROM checkins WHERE true"
    " ON CONFLICT DO NOTHING",
    "INSERT INTO sync_outbox(tbl, row_uid, n) SELECT 'questionnaires', uid, 0 FROM questionnaires"
    " WHERE true ON CONFLICT DO NOTHING",
    "INSERT INTO sync_outbox(tbl, row_uid, n) SELECT 'responses', uid, 0 FROM responses WHERE true"
    " ON CONFLICT DO NOTHING",
    "INSERT INTO sync_outbox(tbl, row_uid, n) SELECT 'answers', uid, 0 FROM answers WHERE true"
    " ON CONFLICT DO NOTHING",
    "INSERT INTO sync_outbox(tbl, row_uid, n) SELECT 'learning_goals', uid, 0 FROM learning_goals"
    " WHERE true ON CONFLICT DO NOTHING",
    "INSERT INTO sync_outbox(tbl, row_uid, n) SELECT 'poll_sets', uid, 0 FROM poll_sets WHERE true"
    " ON CONFLICT DO NOTHING",
    "INSERT INTO sync_outbox(tbl, row_uid, n) SELECT 'polls', uid, 0 FROM polls WHERE true"
    " ON CONFLICT DO NOTHING",
    "INSERT INTO sync_outbox(tbl, row_uid, n) SELECT 'signal_talks', uid, 0 FROM signal_talks"
    " WHERE true ON CONFLICT DO NOTHING",
};

int db_sync_enable(struct db *db)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT track FROM sync_state");
    if (st && db_step_int(st, 0))
        return 0;
    if (db_begin(db) != 0)
        return -1;
    if (db_exec(db, "UPDATE sync_state SET track = 1") != 0)
        goto fail;
    for (size_t i = 0; i < sizeof backfill / sizeof backfill[0]; i++)
        if (db_exec(db, backfill[i]) != 0)
            goto fail;
    if (db_commit(db) != 0)
        return -1;
    log_info("sync: change tracking on; %d rows noted for the school", db_sync_waiting(db));
    return 0;
fail:
    db_rollback(db);
    return -1;
}

int db_sync_waiting(struct db *db)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT count(*) FROM sync_outbox o WHERE NOT EXISTS"
                                   " (SELECT 1 FROM polls p WHERE o.tbl = 'polls'"
                                   " AND p.uid = o.row_uid AND p.closed_at IS NULL)");
    return st ? (int)db_step_int(st, -1) : -1;
}

/* ---- push ------------------------------------------------------------- */

static int push_table(struct db *db, PGconn *pg, int t, int batch, struct db_sync_result *out)
{
    const struct db_sync_table *tb = &db_sync_tables[t];
    if (db_exec(db, tb->gone) != 0)
        return local_fail(db, out, "opruimen");
    for (;;) {
        sqlite3_stmt *st = db_stmt(db, tb->batch);
        if (!st)
            return local_fail(db, out, tb->name);
        sqlite3_bind_int(st, 1, batch);
        char *json = NULL;
        int count = 0;
        if (sqlite3_step(st) == SQLITE_ROW) {
            json = column_dup(st, 0);
            count = sqlite3_column_int(st, 1);
        }
        sqlite3_reset(st);
        if (count == 0 || !json) {
            free(json);
            return 0;
        }
        const char *params[] = {json};
        char *kept = NULL;
        int ok = pg_cmd(pg, "BEGIN", out) == 0;
        for (int k = 0; ok && k < DB_SYNC_STEPS && tb->push[k]; k++) {
            PGresult *r = pg_run(pg, tb->push[k], 1, params, PGRES_COMMAND_OK, out);
            ok = r != NULL;
            PQclear(r);
        }
        if (ok && tb->pushed) {
            PGresult *r = pg_run(pg, tb->pushed, 1, params, PGRES_TUPLES_OK, out);
            ok = r && PQntuples(r) == 1 && (kept = strdup(PQgetvalue(r, 0, 0)));
            PQclear(r);
        }
        if (!ok || pg_cmd(pg, "COMMIT", out) != 0) {
            pg_rollback(pg);
            free(json);
            free(kept);
            return -1;
        }
        /* On the server now: forget what was sent, unless it changed since. */
        ok = apply_begin(db) == 0;
        if (ok && (step_json(db,
                             "DELETE FROM sync_outbox WHERE tbl = ?2 AND (row_uid, n) IN"
                             " (SELECT value->>'uid', value->>'n' FROM json_each(?1))",
                             json, tb->name) != 0 ||
                   (kept && step_json(db, tb->adopt, kept, NULL) != 0) ||
                   apply_commit(db) != 0)) {
            db_rollback(db);
            ok = 0;
        }
        free(json);
        free(kept);
        if (!ok)
            return local_fail(db, out, tb->name);
        out->pushed += count;
        out->pushed_by[t] += count;
        log_debug("sync: pushed %d %s", count, tb->name);
        if (count < batch)
            return 0;
    }
}

/* ---- pull ------------------------------------------------------------- */

/* The groups this kiosk itself has students or sessions of, as a JSON
 * array; when they changed since the last pull, every cursor starts over
 * (what is here already changes nothing), so a newly imported group gets
 * its history. */
static char *known_groups(struct db *db, struct db_sync_result *out)
{
    sqlite3_stmt *st = db_stmt(
        db, "SELECT json_group_array(name), (SELECT groups FROM sync_state) FROM (SELECT g.name"
            " FROM groups g WHERE EXISTS (SELECT 1 FROM students s WHERE s.group_id = g.id"
            " AND s.origin = '') OR EXISTS (SELECT 1 FROM sessions s WHERE s.group_id = g.id"
            " AND s.origin = '') ORDER BY g.name)");
    if (!st) {
        local_fail(db, out, "groepen");
        return NULL;
    }
    char *groups = NULL;
    int same = 0;
    if (sqlite3_step(st) == SQLITE_ROW) {
        groups = column_dup(st, 0);
        const unsigned char *before = sqlite3_column_text(st, 1);
        same = groups && before && !strcmp(groups, (const char *)before);
    }
    sqlite3_reset(st);
    if (!groups || same)
        return groups;
    if (db_begin(db) != 0 || db_exec(db, "DELETE FROM sync_cursor") != 0 ||
        step_json(db, "UPDATE sync_state SET groups = ?1", groups, NULL) != 0 ||
        db_commit(db) != 0) {
        db_rollback(db);
        free(groups);
        local_fail(db, out, "groepen");
        return NULL;
    }
    log_info("sync: this kiosk's groups are now %s; pulling them from the start", groups);
    return groups;
}

static int pull_table(struct db *db, PGconn *pg, int t, const char *groups, int batch,
                      struct db_sync_result *out)
{
    const struct db_sync_table *tb = &db_sync_tables[t];
    char limit[16];
    snprintf(limit, sizeof limit, "%d", batch);
    for (;;) {
        sqlite3_stmt *st = db_stmt(db, "SELECT coalesce((SELECT seq FROM sync_cursor"
                                       " WHERE tbl = ?1), 0)");
        if (!st)
            return local_fail(db, out, tb->name);
        sqlite3_bind_text(st, 1, tb->name, -1, SQLITE_STATIC);
        char cursor[24];
        snprintf(cursor, sizeof cursor, "%lld", (long long)db_step_int(st, 0));
        const char *params[] = {cursor, groups, limit};
        PGresult *r = pg_run(pg, tb->pull, 3, params, PGRES_TUPLES_OK, out);
        if (!r)
            return -1;
        int count = atoi(PQgetvalue(r, 0, 2));
        const char *json = PQgetvalue(r, 0, 0);
        long long last = atoll(PQgetvalue(r, 0, 1)), table_last = atoll(PQgetvalue(r, 0, 3));
        /* Not full: nothing else up to the table's last seq is ours. */
        if (count < batch && table_last > last)
            last = table_last;
        if (count == 0 && last <= atoll(cursor)) {
            PQclear(r);
            return 0;
        }
        int ok = apply_begin(db) == 0, changed = 0;
        for (int k = 0; ok && k < DB_SYNC_STEPS && tb->apply[k]; k++) {
            ok = step_json(db, tb->apply[k], json, NULL) == 0;
            if (ok && (tb->counted >> k & 1))
                changed += sqlite3_changes(db_handle(db));
        }
        if (ok) {
            st = db_stmt(db, "INSERT INTO sync_cursor(tbl, seq) VALUES (?1, ?2)"
                             " ON CONFLICT DO UPDATE SET seq = excluded.seq");
            ok = st != NULL;
            if (ok) {
                sqlite3_bind_text(st, 1, tb->name, -1, SQLITE_STATIC);
                sqlite3_bind_int64(st, 2, last);
                ok = sqlite3_step(st) == SQLITE_DONE;
                sqlite3_reset(st);
            }
        }
        if (ok)
            ok = apply_commit(db) == 0;
        else
            db_rollback(db);
        PQclear(r);
        if (!ok)
            return local_fail(db, out, tb->name);
        out->pulled += changed;
        out->pulled_by[t] += changed;
        if (count < batch)
            return 0;
    }
}

/* ---- a round ---------------------------------------------------------- */

/* This kiosk's name on the server (its login role), kept for the export. */
static int learn_me(struct db *db, PGconn *pg, char *me, size_t len, struct db_sync_result *out)
{
    PGresult *r = pg_run(pg, "SELECT session_user", 0, NULL, PGRES_TUPLES_OK, out);
    if (!r)
        return -1;
    snprintf(me, len, "%s", PQgetvalue(r, 0, 0));
    PQclear(r);
    if (step_json(db, "UPDATE sync_state SET me = ?1 WHERE me IS NOT ?1", me, NULL) != 0)
        return local_fail(db, out, "naam");
    return 0;
}

int db_sync_round(struct db *db, PGconn *pg, int batch, struct db_sync_result *out)
{
    memset(out, 0, sizeof *out);
    if (batch <= 0)
        batch = DB_SYNC_BATCH;
    char me[64];
    if (db_sync_enable(db) != 0)
        return local_fail(db, out, "bijhouden");
    if (db_exec(db, "CREATE TEMP TABLE IF NOT EXISTS sync_new(uid TEXT PRIMARY KEY)") != 0)
        return local_fail(db, out, "tijdelijke tabel");
    if (learn_me(db, pg, me, sizeof me, out) != 0)
        return -1;
    for (int t = 0; t < db_sync_table_count; t++)
        if (push_table(db, pg, t, batch, out) != 0)
            return -1;
    char *groups = known_groups(db, out);
    if (!groups)
        return -1;
    int rc = pg_cmd(pg, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", out);
    for (int t = 0; rc == 0 && t < db_sync_table_count; t++)
        rc = pull_table(db, pg, t, groups, batch, out);
    if (rc == 0)
        rc = pg_cmd(pg, "COMMIT", out);
    else
        pg_rollback(pg);
    free(groups);
    out->waiting = db_sync_waiting(db);
    if (rc == 0) /* the caller says what moved: the worker in its log, the CLI on screen */
        log_debug("sync: pushed %d, pulled %d, %d waiting", out->pushed, out->pulled,
                  out->waiting);
    return rc;
}

/* ---- the state line ------------------------------------------------------ */

void db_sync_note(struct db *db, int ok, int64_t now)
{
    sqlite3_stmt *st =
        ok ? db_stmt(db, "UPDATE sync_state SET last_ok = ?1, failing_since = 0"
                         " WHERE last_ok / 60 <> ?1 / 60 OR failing_since <> 0")
           : db_stmt(db, "UPDATE sync_state SET failing_since = ?1 WHERE failing_since = 0");
    if (!st)
        return;
    sqlite3_bind_int64(st, 1, now);
    if (sqlite3_step(st) != SQLITE_DONE)
        log_warn("sync: cannot note the state: %s", db_errmsg(db));
    sqlite3_reset(st);
}

int db_sync_state(struct db *db, struct db_sync_state *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = db_stmt(db, "SELECT track, last_ok, failing_since, me FROM sync_state");
    if (!st)
        return -1;
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        out->enabled = sqlite3_column_int(st, 0);
        out->last_ok = sqlite3_column_int64(st, 1);
        out->failing_since = sqlite3_column_int64(st, 2);
        const unsigned char *me = sqlite3_column_text(st, 3);
        snprintf(out->me, sizeof out->me, "%s", me ? (const char *)me : "");
    }
    sqlite3_reset(st);
    out->waiting = db_sync_waiting(db);
    return rc == SQLITE_ROW ? 0 : -1;
}
