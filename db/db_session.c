/* db_session.c: starting and stopping sessions; checking students in. */
#include "db/db_session.h"
#include "base/log.h"

#include <stdio.h>
#include <string.h>

int db_session_kind_valid(const char *kind)
{
    return kind && (!strcmp(kind, "terugkomdag") || !strcmp(kind, "intake") ||
                    !strcmp(kind, "bijeenkomst"));
}

int64_t db_session_start(struct db *db, const char *kind, const char *group, const char *title,
                         int64_t now, int64_t late_at, char *err, size_t errlen)
{
    if (!db_session_kind_valid(kind)) {
        snprintf(err, errlen, "Soort '%s' bestaat niet. Kies terugkomdag, intake of bijeenkomst.",
                 kind ? kind : "");
        return -1;
    }
    if (db_begin_or_say(db, err, errlen) != 0)
        return -1;
    struct db_session cur;
    int running = db_session_current(db, &cur);
    if (running != 0) {
        snprintf(err, errlen,
                 running > 0 ? "Er loopt al een bijeenkomst: %s. Stop die eerst."
                             : "De database is niet te lezen%s.",
                 running > 0 ? cur.title : "");
        return db_refuse(db);
    }
    int64_t gid = db_group_id(db, group, 0);
    if (gid <= 0) {
        snprintf(err, errlen, "Groep '%s' bestaat niet. Importeer eerst de studentenlijst.",
                 group);
        return db_refuse(db);
    }
    sqlite3_stmt *st = db_stmt(db, "INSERT INTO sessions(uid, kind, title, group_id, started_at,"
                                   " late_at) VALUES (?1, ?2, ?3, ?4, ?5, nullif(?6, 0))");
    if (!st)
        return db_fail(db, err, errlen);
    db_bind_uid(st, 1);
    sqlite3_bind_text(st, 2, kind, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, title, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 4, gid);
    sqlite3_bind_int64(st, 5, now);
    sqlite3_bind_int64(st, 6, late_at);
    int64_t id = db_insert_commit(db, st, err, errlen);
    if (id < 0)
        return -1;
    log_info("session %lld started: %s '%s' for %s", (long long)id, kind, title, group);
    return id;
}

int db_session_stop(struct db *db, int64_t now)
{
    int changed = db_update_at(db, "UPDATE sessions SET ended_at = ?1 WHERE ended_at IS NULL",
                               now, "stopping the session");
    return changed < 0 ? -1 : changed > 0;
}

int db_session_current(struct db *db, struct db_session *out)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT s.id, s.kind, s.title, g.name, s.group_id,"
                                   " s.started_at, coalesce(s.late_at, 0)"
                                   " FROM sessions s JOIN groups g ON g.id = s.group_id"
                                   " WHERE s.ended_at IS NULL");
    if (!st)
        return -1;
    int found = db_step_row(db, st, "reading the running session");
    if (found == 1) {
        memset(out, 0, sizeof *out);
        out->id = sqlite3_column_int64(st, 0);
        db_column_text(st, 1, out->kind, sizeof out->kind);
        db_column_text(st, 2, out->title, sizeof out->title);
        db_column_text(st, 3, out->group, sizeof out->group);
        out->group_id = sqlite3_column_int64(st, 4);
        out->started_at = sqlite3_column_int64(st, 5);
        out->late_at = sqlite3_column_int64(st, 6);
        sqlite3_reset(st);
    }
    return found;
}

static int checkin_find(struct db *db, int64_t session_id, int64_t student_id,
                        struct db_checkin *out)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT at, late, guest FROM checkins"
                                   " WHERE session_id = ?1 AND student_id = ?2");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, session_id);
    sqlite3_bind_int64(st, 2, student_id);
    int found = db_step_row(db, st, "reading a check-in");
    if (found == 1) {
        out->at = sqlite3_column_int64(st, 0);
        out->late = sqlite3_column_int(st, 1);
        out->guest = sqlite3_column_int(st, 2);
        sqlite3_reset(st);
    }
    return found;
}

enum db_checkin_status db_checkin_add(struct db *db, const struct db_session *session,
                                      const struct db_student *student, int64_t now,
                                      const char *how, const char *by_whom, const char *reason,
                                      struct db_checkin *out)
{
    out->at = now;
    out->late = session->late_at && now > session->late_at;
    out->guest = student->group_id != session->group_id;

    sqlite3_stmt *st = db_stmt(db, "INSERT INTO checkins(uid, session_id, student_id, at, how,"
                                   " late, guest, by_whom, reason)"
                                   " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"
                                   " ON CONFLICT(session_id, student_id) DO NOTHING");
    if (!st)
        return DB_CHECKIN_ERROR;
    db_bind_uid(st, 1);
    sqlite3_bind_int64(st, 2, session->id);
    sqlite3_bind_int64(st, 3, student->id);
    sqlite3_bind_int64(st, 4, now);
    sqlite3_bind_text(st, 5, how, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 6, out->late);
    sqlite3_bind_int(st, 7, out->guest);
    sqlite3_bind_text(st, 8, by_whom, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 9, reason, -1, SQLITE_STATIC);
    /* Autocommit: when step returns DONE the row is on disk (synchronous=FULL). */
    if (db_step_done(st) != 0) {
        log_err("db: check-in of %s in session %lld failed: %s", student->number,
                (long long)session->id, db_errmsg(db));
        return DB_CHECKIN_ERROR;
    }
    int added = sqlite3_changes(db_handle(db)) == 1;
    if (!db_committed(db))
        return DB_CHECKIN_ERROR;
    if (added)
        return DB_CHECKIN_NEW;
    if (checkin_find(db, session->id, student->id, out) != 1)
        return DB_CHECKIN_ERROR;
    return DB_CHECKIN_ALREADY;
}

int db_checkin_count(struct db *db, int64_t session_id)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT count(*) FROM checkins WHERE session_id = ?1");
    if (!st)
        return 0;
    sqlite3_bind_int64(st, 1, session_id);
    return (int)db_step_int(st, 0);
}

#define ATTENDANCE_FROM                                                                  \
    " FROM students s LEFT JOIN checkins c ON c.student_id = s.id AND c.session_id = ?1" \
    " WHERE s.group_id = ?2 OR c.id IS NOT NULL"

int db_attendance_read(struct db *db, const struct db_session *s, int offset, int max,
                       struct db_attendance_line *out)
{
    sqlite3_stmt *st = db_stmt(
        db, "SELECT s.number, s.first_name, s.prefix, s.last_name, c.at, c.late, c.guest,"
            " coalesce(c.how, '')" ATTENDANCE_FROM
            " ORDER BY CASE WHEN c.id IS NULL THEN 0 WHEN c.late THEN 1 ELSE 2 END,"
            "  s.last_name COLLATE NOCASE, s.first_name COLLATE NOCASE"
            " LIMIT ?3 OFFSET ?4");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, s->id);
    sqlite3_bind_int64(st, 2, s->group_id);
    sqlite3_bind_int(st, 3, max);
    sqlite3_bind_int(st, 4, offset);
    int n = 0, rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW && n < max) {
        struct db_attendance_line *a = &out[n++];
        memset(a, 0, sizeof *a);
        db_column_text(st, 0, a->student.number, sizeof a->student.number);
        db_column_text(st, 1, a->student.first_name, sizeof a->student.first_name);
        db_column_text(st, 2, a->student.prefix, sizeof a->student.prefix);
        db_column_text(st, 3, a->student.last_name, sizeof a->student.last_name);
        a->present = sqlite3_column_type(st, 4) != SQLITE_NULL;
        a->at = sqlite3_column_int64(st, 4);
        a->late = sqlite3_column_int(st, 5);
        a->guest = sqlite3_column_int(st, 6);
        db_column_text(st, 7, a->how, sizeof a->how);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        log_err("db: attendance list failed: %s", db_errmsg(db));
        return -1;
    }
    return n;
}

int db_attendance_counts(struct db *db, const struct db_session *s,
                         struct db_attendance_counts *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = db_stmt(db, "SELECT count(*), coalesce(sum(c.id IS NULL), 0),"
                                   " coalesce(sum(c.late), 0)" ATTENDANCE_FROM);
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, s->id);
    sqlite3_bind_int64(st, 2, s->group_id);
    if (db_step_row(db, st, "counting attendance") != 1)
        return -1;
    out->total = sqlite3_column_int(st, 0);
    out->missing = sqlite3_column_int(st, 1);
    out->late = sqlite3_column_int(st, 2);
    out->in_time = out->total - out->missing - out->late;
    sqlite3_reset(st);
    return 0;
}

int db_group_list(struct db *db, char (*names)[DB_NAME_MAX], int max)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT name FROM groups ORDER BY name COLLATE NOCASE");
    if (!st)
        return -1;
    int n = 0;
    while (n < max && sqlite3_step(st) == SQLITE_ROW)
        db_column_text(st, 0, names[n++], DB_NAME_MAX);
    sqlite3_reset(st);
    return n;
}
