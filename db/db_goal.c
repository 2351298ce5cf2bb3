/* db_goal.c: learning goals and their status. */
#include "db/db_goal.h"
#include "base/log.h"

#include <stdio.h>
#include <string.h>

static const char *const status_names[] = {"open", "bezig", "behaald"};

const char *db_goal_status_name(enum db_goal_status status)
{
    return (int)status >= 0 && status <= DB_GOAL_DONE ? status_names[status] : "open";
}

int db_goal_status_parse(const char *name)
{
    for (int i = 0; i <= DB_GOAL_DONE; i++)
        if (name && !strcmp(name, status_names[i]))
            return i;
    return -1;
}

int64_t db_goal_add(struct db *db, int64_t student_id, int64_t response_id, const char *text,
                    const char *by_when, const char *proof, int64_t now)
{
    if (!text || !*text)
        return -1;
    sqlite3_stmt *st = db_stmt(db, "INSERT INTO learning_goals(uid, student_id, response_id,"
                                   " text, by_when, proof, status, created_at, updated_at)"
                                   " VALUES (?1, ?2, nullif(?3, 0), ?4, ?5, ?6, 'open', ?7, ?7)");
    if (!st)
        return -1;
    db_bind_uid(st, 1);
    sqlite3_bind_int64(st, 2, student_id);
    sqlite3_bind_int64(st, 3, response_id);
    sqlite3_bind_text(st, 4, text, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, by_when ? by_when : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 6, proof ? proof : "", -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 7, now);
    int64_t id = db_step_insert(db, st);
    if (id < 0)
        log_err("db: cannot add a learning goal for student %lld: %s", (long long)student_id,
                db_errmsg(db));
    return id;
}

int db_goal_set_status(struct db *db, int64_t goal_id, enum db_goal_status status, int64_t now)
{
    if ((int)status < 0 || status > DB_GOAL_DONE)
        return -1;
    sqlite3_stmt *st = db_stmt(db, "UPDATE learning_goals SET status = ?2, updated_at = ?3"
                                   " WHERE id = ?1");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, goal_id);
    sqlite3_bind_text(st, 2, status_names[status], -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 3, now);
    if (db_step_done(st) != 0) {
        log_err("db: cannot set learning goal %lld: %s", (long long)goal_id, db_errmsg(db));
        return -1;
    }
    return sqlite3_changes(db_handle(db)) == 1 ? 0 : -1;
}

int db_goal_list(struct db *db, int64_t student_id, struct db_goal *out, int max)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT id, coalesce(response_id, 0), text, by_when, proof,"
                                   " status, created_at, updated_at FROM learning_goals"
                                   " WHERE student_id = ?1 ORDER BY created_at, id");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, student_id);
    int n = 0, rc = SQLITE_DONE;
    while (n < max && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct db_goal *g = &out[n++];
        g->id = sqlite3_column_int64(st, 0);
        g->response_id = sqlite3_column_int64(st, 1);
        db_column_text(st, 2, g->text, sizeof g->text);
        db_column_text(st, 3, g->by_when, sizeof g->by_when);
        db_column_text(st, 4, g->proof, sizeof g->proof);
        int s = db_goal_status_parse((const char *)sqlite3_column_text(st, 5));
        g->status = s < 0 ? DB_GOAL_OPEN : (enum db_goal_status)s;
        g->created_at = sqlite3_column_int64(st, 6);
        g->updated_at = sqlite3_column_int64(st, 7);
    }
    if (n < max && rc != SQLITE_DONE) {
        sqlite3_reset(st);
        log_err("db: cannot read learning goals: %s", db_errmsg(db));
        return -1;
    }
    sqlite3_reset(st);
    return n;
}

int db_goal_count(struct db *db, int64_t student_id)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT count(*) FROM learning_goals WHERE student_id = ?1");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, student_id);
    return (int)db_step_int(st, -1);
}
