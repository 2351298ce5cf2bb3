/* db_dossier.c: the numbers behind "Mijn dossier", each a few indexed
 * queries, so a student with years of scans still gets the screen at once. */
#include "db/db_dossier.h"
#include "base/log.h"

#include <stdio.h>
#include <string.h>

static void fill_none(double *v)
{
    for (int i = 0; i < DB_DOSSIER_CATEGORIES; i++)
        v[i] = -1;
}

static int category_index(struct db_dossier_scans *out, const char *cat)
{
    for (int i = 0; i < out->ncat; i++)
        if (!strcmp(out->category[i], cat))
            return i;
    if (out->ncat >= DB_DOSSIER_CATEGORIES)
        return -1;
    snprintf(out->category[out->ncat], QUESTIONNAIRE_KEY_MAX, "%s", cat);
    return out->ncat++;
}

/* Averages of one response into v[], adding categories as met. */
static int averages(struct db *db, int64_t response_id, struct db_dossier_scans *out, double *v)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT i.category, avg(a.value_num) FROM answers a"
                                   " JOIN responses r ON r.id = a.response_id"
                                   " JOIN questionnaire_items i ON i.questionnaire_id ="
                                   "  r.questionnaire_id AND i.key = a.item_key"
                                   " WHERE a.response_id = ?1 AND i.type = 'schaal'"
                                   "  AND a.value_num IS NOT NULL"
                                   " GROUP BY i.category ORDER BY min(i.position)");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, response_id);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int k = category_index(out, (const char *)sqlite3_column_text(st, 0));
        if (k >= 0)
            v[k] = sqlite3_column_double(st, 1);
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

int db_dossier_scans(struct db *db, int64_t student_id, const char *name,
                     struct db_dossier_scans *out)
{
    memset(out, 0, sizeof *out);
    fill_none(out->latest);
    fill_none(out->previous);
    fill_none(out->first);
    /* newest two, the oldest one and the count in one pass over the index */
    sqlite3_stmt *st = db_stmt(db, "SELECT r.id, r.finished_at,"
                                   " row_number() OVER (ORDER BY r.finished_at DESC, r.id DESC),"
                                   " count(*) OVER ()"
                                   " FROM responses r JOIN questionnaires q"
                                   "  ON q.id = r.questionnaire_id"
                                   " WHERE r.student_id = ?1 AND q.name = ?2"
                                   "  AND r.finished_at IS NOT NULL"
                                   " ORDER BY r.finished_at DESC, r.id DESC");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, student_id);
    sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
    int64_t id[3] = {0, 0, 0}, at[3] = {0, 0, 0};
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t row = sqlite3_column_int64(st, 2);
        out->count = sqlite3_column_int(st, 3);
        int slot = row == 1 ? 0 : row == 2 ? 1 : row == out->count ? 2 : -1;
        if (slot >= 0) {
            id[slot] = sqlite3_column_int64(st, 0);
            at[slot] = sqlite3_column_int64(st, 1);
        }
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        goto fail;
    if (id[0] && averages(db, id[0], out, out->latest) != 0)
        goto fail;
    out->latest_at = at[0];
    if (id[1] && averages(db, id[1], out, out->previous) != 0)
        goto fail;
    out->previous_at = at[1];
    if (out->count >= 3 && id[2]) {
        if (averages(db, id[2], out, out->first) != 0)
            goto fail;
        out->first_at = at[2];
    }
    return 0;
fail:
    log_err("db: cannot read zelfscans of student %lld: %s", (long long)student_id,
            db_errmsg(db));
    return -1;
}

int db_dossier_attendance(struct db *db, int64_t student_id, struct db_dossier_attendance *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = db_stmt(db, "SELECT s.started_at, c.id IS NOT NULL, coalesce(c.late, 0)"
                                   " FROM students st JOIN sessions s ON s.group_id = st.group_id"
                                   " LEFT JOIN checkins c ON c.session_id = s.id"
                                   "  AND c.student_id = st.id"
                                   " WHERE st.id = ?1 AND s.kind = 'terugkomdag'"
                                   "  AND (s.ended_at IS NOT NULL OR c.id IS NOT NULL)"
                                   " ORDER BY s.started_at DESC, s.id DESC");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, student_id);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        enum db_attendance a = !sqlite3_column_int(st, 1) ? DB_ATTENDANCE_ABSENT
                               : sqlite3_column_int(st, 2) ? DB_ATTENDANCE_LATE
                                                          : DB_ATTENDANCE_PRESENT;
        if (a == DB_ATTENDANCE_PRESENT)
            out->present++;
        else if (a == DB_ATTENDANCE_LATE)
            out->late++;
        else
            out->absent++;
        if (out->n < DB_DOSSIER_DAYS) {
            out->day[out->n].at = sqlite3_column_int64(st, 0);
            out->day[out->n].status = a;
            out->n++;
        }
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        log_err("db: cannot read attendance of student %lld: %s", (long long)student_id,
                db_errmsg(db));
        return -1;
    }
    /* newest first from the query; the dossier reads left to right in time */
    for (int i = 0, j = out->n - 1; i < j; i++, j--) {
        struct db_attendance_day t = out->day[i];
        out->day[i] = out->day[j];
        out->day[j] = t;
    }
    return 0;
}

int db_dossier_weekcheck(struct db *db, int64_t student_id, int max,
                         struct db_dossier_trend *out)
{
    memset(out, 0, sizeof *out);
    if (max > DB_DOSSIER_TREND_MAX)
        max = DB_DOSSIER_TREND_MAX;
    if (max <= 0)
        return 0;
    sqlite3_stmt *st = db_stmt(db, "SELECT a.value_num, r.finished_at FROM responses r"
                                   " JOIN questionnaires q ON q.id = r.questionnaire_id"
                                   " JOIN questionnaire_items i ON i.questionnaire_id = q.id"
                                   " JOIN answers a ON a.response_id = r.id AND a.item_key = i.key"
                                   " WHERE r.student_id = ?1 AND r.finished_at IS NOT NULL"
                                   "  AND q.kind = 'weekcheck' AND i.type = 'smiley'"
                                   "  AND a.value_num IS NOT NULL"
                                   "  AND i.position = (SELECT min(position) FROM"
                                   "   questionnaire_items WHERE questionnaire_id = q.id"
                                   "   AND type = 'smiley')"
                                   " ORDER BY r.finished_at DESC, r.id DESC LIMIT ?2");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, student_id);
    sqlite3_bind_int(st, 2, max);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        out->value[out->n] = sqlite3_column_double(st, 0);
        out->at[out->n] = sqlite3_column_int64(st, 1);
        out->n++;
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        log_err("db: cannot read weekchecks of student %lld: %s", (long long)student_id,
                db_errmsg(db));
        return -1;
    }
    for (int i = 0, j = out->n - 1; i < j; i++, j--) {
        double v = out->value[i];
        int64_t t = out->at[i];
        out->value[i] = out->value[j];
        out->at[i] = out->at[j];
        out->value[j] = v;
        out->at[j] = t;
    }
    return 0;
}

int db_dossier_load(struct db *db, int64_t student_id, const char *zelfscan_name,
                    int weekchecks, struct db_dossier *out)
{
    memset(out, 0, sizeof *out);
    if (db_dossier_scans(db, student_id, zelfscan_name, &out->scans) != 0 ||
        db_dossier_attendance(db, student_id, &out->attendance) != 0 ||
        db_dossier_weekcheck(db, student_id, weekchecks, &out->weekcheck) != 0)
        return -1;
    out->ngoals = db_goal_list(db, student_id, out->goals, DB_DOSSIER_GOALS);
    out->ngoals_total = db_goal_count(db, student_id);
    return out->ngoals < 0 || out->ngoals_total < 0 ? -1 : 0;
}
