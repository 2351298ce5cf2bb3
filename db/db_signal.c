/* db_signal.c: the signal rules of db_signal.h, one function per rule.
 * Computed on demand: a teacher's list for a group of 30 is a few hundred
 * indexed queries, well under a frame. */
#include "db/db_signal.h"
#include "db/db_dossier.h"
#include "db/db_goal.h"
#include "db/db_questionnaire.h"
#include "base/log.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define DROP_EPSILON 1e-9   /* averages are fractions; 4.0 - 3.0 must count */
#define MAX_ZELFSCANS 8     /* questionnaires of soort zelfscan per student */

struct collect {
    struct db *db;
    struct db_signal *out;
    int n, max;
    int all;                /* keep the discussed ones too */
    struct db_signal who;   /* student fields to copy into each signal */
};

/* When a teacher marked this kind for the student "besproken" with its
 * cause at or after at (nothing newer since), or 0. */
static int64_t discussed(struct collect *c, enum db_signal_kind kind, int64_t at)
{
    sqlite3_stmt *st = db_stmt(c->db, "SELECT max(at) FROM signal_talks"
                                      " WHERE student_id = ?1 AND kind = ?2 AND cause_at >= ?3");
    if (!st)
        return 0;
    sqlite3_bind_int64(st, 1, c->who.student_id);
    sqlite3_bind_int(st, 2, (int)kind);
    sqlite3_bind_int64(st, 3, at);
    return db_step_int(st, 0);
}

__attribute__((format(printf, 4, 5))) static void add(struct collect *c,
                                                      enum db_signal_kind kind, int64_t at,
                                                      const char *fmt, ...)
{
    if (c->n >= c->max)
        return;
    int64_t talked = discussed(c, kind, at);
    if (talked && !c->all)
        return;
    struct db_signal *s = &c->out[c->n++];
    *s = c->who;
    s->discussed_at = talked;
    s->kind = kind;
    s->at = at;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(s->reason, sizeof s->reason, fmt, ap);
    va_end(ap);
}

/* "30-11" in local time. */
static void day_month(int64_t at, char out[8])
{
    time_t t = (time_t)at;
    struct tm tm;
    localtime_r(&t, &tm);
    strftime(out, 8, "%d-%m", &tm);
}

/* "3,5": one decimal with a Dutch comma. */
static void decimal(double v, char out[16])
{
    snprintf(out, 16, "%.1f", v);
    char *dot = strchr(out, '.');
    if (dot)
        *dot = ',';
}

static int who_load(struct db *db, int64_t student_id, struct db_signal *who)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT s.number, s.first_name, s.prefix, s.last_name,"
                                   " coalesce(g.name, '') FROM students s"
                                   " LEFT JOIN groups g ON g.id = s.group_id WHERE s.id = ?1");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, student_id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        memset(who, 0, sizeof *who);
        who->student_id = student_id;
        snprintf(who->number, sizeof who->number, "%s", sqlite3_column_text(st, 0));
        const char *prefix = (const char *)sqlite3_column_text(st, 2);
        snprintf(who->name, sizeof who->name, "%s%s%s %s", sqlite3_column_text(st, 1),
                 *prefix ? " " : "", prefix, sqlite3_column_text(st, 3));
        snprintf(who->group, sizeof who->group, "%s", sqlite3_column_text(st, 4));
    }
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? 0 : -1;
}

/* ---- the rules ------------------------------------------------------- */

static int rule_weekcheck(struct db *db, struct collect *c)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT r.id, r.questionnaire_id, r.finished_at"
                                   " FROM responses r JOIN questionnaires q"
                                   "  ON q.id = r.questionnaire_id"
                                   " WHERE r.student_id = ?1 AND q.kind = 'weekcheck'"
                                   "  AND r.finished_at IS NOT NULL"
                                   " ORDER BY r.finished_at DESC, r.id DESC LIMIT 1");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, c->who.student_id);
    int64_t response = 0, version = 0, at = 0;
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        response = sqlite3_column_int64(st, 0);
        version = sqlite3_column_int64(st, 1);
        at = sqlite3_column_int64(st, 2);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_ROW)
        return rc == SQLITE_DONE ? 0 : -1;

    /* Answers whose value has its bit set in the item's signal_values. */
    struct {
        char key[QUESTIONNAIRE_KEY_MAX];
        int value;
    } hit[QUESTIONNAIRE_ITEMS_MAX];
    int nhit = 0;
    st = db_stmt(db, "SELECT a.item_key, a.value_num FROM answers a"
                     " JOIN questionnaire_items i ON i.questionnaire_id = ?2"
                     "  AND i.key = a.item_key"
                     " WHERE a.response_id = ?1 AND a.value_num BETWEEN 1 AND 30"
                     "  AND (i.signal_values >> a.value_num) & 1"
                     " ORDER BY i.position");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, response);
    sqlite3_bind_int64(st, 2, version);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW && nhit < QUESTIONNAIRE_ITEMS_MAX) {
        snprintf(hit[nhit].key, sizeof hit[nhit].key, "%s", sqlite3_column_text(st, 0));
        hit[nhit].value = sqlite3_column_int(st, 1);
        nhit++;
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW)
        return -1;
    if (!nhit)
        return 0;

    /* The labels live in the version's text. */
    struct questionnaire *q = db_questionnaire_get(db, version);
    if (!q)
        return -1;
    char day[8];
    day_month(at, day);
    for (int i = 0; i < nhit; i++) {
        const struct questionnaire_item *it = questionnaire_item(q, hit[i].key);
        if (!it)
            continue;
        const char *label = hit[i].value <= it->noptions ? it->options[hit[i].value - 1] : "";
        if (it->signal_text[0])
            add(c, DB_SIGNAL_WEEKCHECK, at, "Weekcheck van %s: %s (%s).", day, it->signal_text,
                label);
        else
            add(c, DB_SIGNAL_WEEKCHECK, at, "Weekcheck van %s: '%s' kreeg '%s'.", day, it->text,
                label);
    }
    questionnaire_free(q);
    return 0;
}

static int rule_score_drop(struct db *db, struct collect *c)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT q.name, (SELECT title FROM questionnaires"
                                   "  WHERE name = q.name ORDER BY version DESC LIMIT 1)"
                                   " FROM responses r JOIN questionnaires q"
                                   "  ON q.id = r.questionnaire_id"
                                   " WHERE r.student_id = ?1 AND q.kind = 'zelfscan'"
                                   "  AND r.finished_at IS NOT NULL"
                                   " GROUP BY q.name HAVING count(*) >= 2 ORDER BY q.name");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, c->who.student_id);
    char name[MAX_ZELFSCANS][QUESTIONNAIRE_KEY_MAX], title[MAX_ZELFSCANS][QUESTIONNAIRE_TEXT_MAX];
    int n = 0, rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW && n < MAX_ZELFSCANS) {
        snprintf(name[n], sizeof name[n], "%s", sqlite3_column_text(st, 0));
        snprintf(title[n], sizeof title[n], "%s", sqlite3_column_text(st, 1));
        n++;
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW)
        return -1;
    for (int k = 0; k < n; k++) {
        struct db_dossier_scans s;
        if (db_dossier_scans(db, c->who.student_id, name[k], &s) != 0)
            return -1;
        char day[8];
        day_month(s.latest_at, day);
        for (int i = 0; i < s.ncat; i++) {
            if (s.latest[i] < 0 || s.previous[i] < 0 ||
                s.previous[i] - s.latest[i] < DB_SIGNAL_DROP - DROP_EPSILON)
                continue;
            char from[16], to[16];
            decimal(s.previous[i], from);
            decimal(s.latest[i], to);
            add(c, DB_SIGNAL_SCORE_DROP, s.latest_at, "%s van %s: %s ging van %s naar %s.",
                title[k], day, s.category[i], from, to);
        }
    }
    return 0;
}

static int rule_absent(struct db *db, struct collect *c)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT s.started_at, c.id IS NOT NULL"
                                   " FROM students st JOIN sessions s ON s.group_id = st.group_id"
                                   " LEFT JOIN checkins c ON c.session_id = s.id"
                                   "  AND c.student_id = st.id"
                                   " WHERE st.id = ?1 AND s.kind = 'terugkomdag'"
                                   "  AND s.ended_at IS NOT NULL"
                                   " ORDER BY s.started_at DESC, s.id DESC LIMIT 2");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, c->who.student_id);
    int64_t at[2];
    int missed = 0, rows = 0, rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        at[rows++] = sqlite3_column_int64(st, 0);
        missed += !sqlite3_column_int(st, 1);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return -1;
    if (rows == 2 && missed == 2) {
        char a[8], b[8];
        day_month(at[1], a);
        day_month(at[0], b);
        add(c, DB_SIGNAL_ABSENT, at[0],
            "Twee terugkomdagen achter elkaar niet geweest (%s en %s).", a, b);
    }
    return 0;
}

static int rule_intake(struct db *db, struct collect *c)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT max(r.finished_at) FROM responses r"
                                   " JOIN questionnaires q ON q.id = r.questionnaire_id"
                                   " WHERE r.student_id = ?1 AND q.kind = 'intake'"
                                   "  AND r.finished_at IS NOT NULL");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, c->who.student_id);
    int64_t done = db_step_int(st, 0);
    if (!done) {
        add(c, DB_SIGNAL_NO_INTAKE, 0, "Nog geen intake gedaan.");
        return 0;
    }
    int goals = db_goal_count(db, c->who.student_id);
    if (goals < 0)
        return -1;
    if (goals == 0) {
        char day[8];
        day_month(done, day);
        add(c, DB_SIGNAL_NO_GOALS, done, "Intake gedaan op %s, maar nog geen leerdoelen.", day);
    }
    return 0;
}

static int (*const rules[])(struct db *, struct collect *) = {
    rule_weekcheck, rule_score_drop, rule_absent, rule_intake,
};

static int collect_student(struct db *db, int64_t student_id, struct collect *c)
{
    if (who_load(db, student_id, &c->who) != 0)
        return -1;
    for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++)
        if (rules[i](db, c) != 0) {
            log_err("db: signal rule %zu failed for student %lld: %s", i,
                    (long long)student_id, db_errmsg(db));
            return -1;
        }
    return 0;
}

int db_signal_student(struct db *db, int64_t student_id, struct db_signal *out, int max)
{
    struct collect c = {.db = db, .out = out, .max = max};
    return collect_student(db, student_id, &c) == 0 ? c.n : -1;
}

static int list(struct db *db, int64_t group_id, int all, struct db_signal **out)
{
    *out = NULL;
    sqlite3_stmt *st = db_stmt(db, "SELECT s.id FROM students s"
                                   " LEFT JOIN groups g ON g.id = s.group_id"
                                   " WHERE ?1 = 0 OR s.group_id = ?1"
                                   " ORDER BY g.name, s.first_name, s.last_name, s.id");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, group_id);
    int64_t *ids = NULL;
    int nids = 0, cap = 0, rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (nids == cap) {
            cap = cap ? cap * 2 : 64;
            int64_t *b = realloc(ids, (size_t)cap * sizeof *ids);
            if (!b) {
                sqlite3_reset(st);
                free(ids);
                return -1;
            }
            ids = b;
        }
        ids[nids++] = sqlite3_column_int64(st, 0);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        free(ids);
        return -1;
    }

    /* Every rule gives at most a handful per student; grow as needed. */
    struct collect c = {.db = db, .all = all};
    int result = -1;
    for (int i = 0; i < nids; i++) {
        if (c.max - c.n < QUESTIONNAIRE_ITEMS_MAX + DB_DOSSIER_CATEGORIES * MAX_ZELFSCANS + 4) {
            int max = c.max ? c.max * 2 : 256;
            struct db_signal *b = realloc(c.out, (size_t)max * sizeof *b);
            if (!b)
                goto out;
            c.out = b;
            c.max = max;
        }
        if (collect_student(db, ids[i], &c) != 0)
            goto out;
    }
    result = c.n;
out:
    free(ids);
    if (result < 0 || result == 0) {
        free(c.out);
        c.out = NULL;
    }
    *out = c.out;
    return result;
}

int db_signal_list(struct db *db, int64_t group_id, struct db_signal **out)
{
    return list(db, group_id, 0, out);
}

int db_signal_list_all(struct db *db, int64_t group_id, struct db_signal **out)
{
    return list(db, group_id, 1, out);
}

int db_signal_discuss(struct db *db, const struct db_signal *s, int n, int64_t now)
{
    if (db_begin(db) != 0)
        return -1;
    for (int i = 0; i < n; i++) {
        sqlite3_stmt *st = db_stmt(db, "INSERT INTO signal_talks(uid, student_id, kind,"
                                       " cause_at, at) VALUES (?1, ?2, ?3, ?4, ?5)");
        if (!st)
            goto fail;
        db_bind_uid(st, 1);
        sqlite3_bind_int64(st, 2, s[i].student_id);
        sqlite3_bind_int(st, 3, (int)s[i].kind);
        sqlite3_bind_int64(st, 4, s[i].at);
        sqlite3_bind_int64(st, 5, now);
        if (db_step_done(st) != 0)
            goto fail;
    }
    if (db_commit(db) != 0)
        goto fail;
    log_info("signals: %d of student %s marked besproken", n, n ? s[0].number : "");
    return 0;
fail:
    log_err("db: cannot mark signals besproken: %s", db_errmsg(db));
    db_rollback(db);
    return -1;
}
