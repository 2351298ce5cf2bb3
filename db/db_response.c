/* db_response.c: responses to a questionnaire version and their answers.
 * An answer is checked against its item (questionnaire_items in the store
 * repeats the keys, types and limits) before it is committed; finishing
 * stores the learning goals of leerdoel items (db_goal.h). */
#include "db/db_response.h"
#include "db/db_goal.h"
#include "base/log.h"
#include "base/utf8.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- responses ------------------------------------------------------- */

int64_t db_response_start(struct db *db, int64_t student_id, int64_t questionnaire_id,
                               int64_t session_id, int64_t now)
{
    sqlite3_stmt *st =
        db_stmt(db, "INSERT INTO responses(uid, student_id, questionnaire_id,"
                    " session_id, started_at) VALUES (?1, ?2, ?3, nullif(?4, 0), ?5)");
    if (!st)
        return -1;
    db_bind_uid(st, 1);
    sqlite3_bind_int64(st, 2, student_id);
    sqlite3_bind_int64(st, 3, questionnaire_id);
    sqlite3_bind_int64(st, 4, session_id);
    sqlite3_bind_int64(st, 5, now);
    int64_t id = db_step_insert(db, st);
    if (id < 0)
        log_err("db: cannot start a response of student %lld to questionnaire %lld: %s",
                (long long)student_id, (long long)questionnaire_id, db_errmsg(db));
    return id;
}

#define RESPONSE_COLUMNS                                                                    \
    "r.id, r.student_id, r.questionnaire_id, q.name, q.version, coalesce(r.session_id, 0),"   \
    " r.started_at, coalesce(r.finished_at, 0)"                                              \
    " FROM responses r JOIN questionnaires q ON q.id = r.questionnaire_id"

static void response_row(sqlite3_stmt *st, struct db_response *r)
{
    r->id = sqlite3_column_int64(st, 0);
    r->student_id = sqlite3_column_int64(st, 1);
    r->questionnaire_id = sqlite3_column_int64(st, 2);
    db_column_text(st, 3, r->name, sizeof r->name);
    r->version = sqlite3_column_int(st, 4);
    r->session_id = sqlite3_column_int64(st, 5);
    r->started_at = sqlite3_column_int64(st, 6);
    r->finished_at = sqlite3_column_int64(st, 7);
}

/* Reads up to max rows of a bound response query. Count or -1. */
static int response_rows(struct db *db, sqlite3_stmt *st, struct db_response *out, int max)
{
    int n = 0, rc = SQLITE_DONE;
    while (n < max && (rc = sqlite3_step(st)) == SQLITE_ROW)
        response_row(st, &out[n++]);
    sqlite3_reset(st);
    if (n < max && rc != SQLITE_DONE) {
        log_err("db: cannot read responses: %s", db_errmsg(db));
        return -1;
    }
    return n;
}

int db_response_get(struct db *db, int64_t response_id, struct db_response *out)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT " RESPONSE_COLUMNS " WHERE r.id = ?1");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, response_id);
    return response_rows(db, st, out, 1);
}

int db_response_unfinished(struct db *db, int64_t student_id, const char *name,
                                struct db_response *out)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT " RESPONSE_COLUMNS
                                   " WHERE r.student_id = ?1 AND q.name = ?2"
                                   " AND r.finished_at IS NULL"
                                   " ORDER BY r.started_at DESC, r.id DESC LIMIT 1");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, student_id);
    sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
    return response_rows(db, st, out, 1);
}

int db_response_finished(struct db *db, int64_t student_id, const char *name,
                              struct db_response *out, int max)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT " RESPONSE_COLUMNS
                                   " WHERE r.student_id = ?1 AND q.name = ?2"
                                   " AND r.finished_at IS NOT NULL"
                                   " ORDER BY r.finished_at DESC, r.id DESC LIMIT ?3");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, student_id);
    sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 3, max);
    return response_rows(db, st, out, max);
}

/* ---- answers --------------------------------------------------------- */

/* What an answer key refers to in the version its response answered. */
struct target {
    int type;                       /* enum questionnaire_item_type */
    int options, min, max;
    int goal_part;                  /* leerdoel keys: the part; else -1 */
};

/* Finds the item behind key for an unfinished response. 0 or -1 (logged). */
static int target_find(struct db *db, int64_t response_id, const char *key, struct target *t)
{
    char base[QUESTIONNAIRE_KEY_MAX];
    size_t blen = strcspn(key, ".");
    if (blen == 0 || blen >= sizeof base || strlen(key) >= DB_ANSWER_KEY_MAX)
        goto bad_key;
    memcpy(base, key, blen);
    base[blen] = '\0';

    sqlite3_stmt *st = db_stmt(db, "SELECT r.finished_at IS NOT NULL, i.type, i.options, i.min,"
                                   " i.max FROM responses r LEFT JOIN questionnaire_items i"
                                   " ON i.questionnaire_id = r.questionnaire_id AND i.key = ?2"
                                   " WHERE r.id = ?1");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, response_id);
    sqlite3_bind_text(st, 2, base, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    int finished = 1, known = 0;
    char type[16] = "";
    if (rc == SQLITE_ROW) {
        finished = sqlite3_column_int(st, 0);
        known = sqlite3_column_type(st, 1) != SQLITE_NULL;
        if (known)
            db_column_text(st, 1, type, sizeof type);
        t->options = sqlite3_column_int(st, 2);
        t->min = sqlite3_column_int(st, 3);
        t->max = sqlite3_column_int(st, 4);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_ROW) {
        log_warn("db: answer for unknown response %lld refused", (long long)response_id);
        return -1;
    }
    if (finished) {
        log_warn("db: answer for finished response %lld refused", (long long)response_id);
        return -1;
    }
    if (!known)
        goto bad_key;
    t->type = questionnaire_type_parse(type);
    t->goal_part = -1;
    if (t->type == QUESTIONNAIRE_ITEM_GOAL) {
        /* "<key>.<n>" or "<key>.<n>.<part>", n within the item's max */
        for (int n = 1; n <= t->max; n++)
            for (int p = 0; p < QUESTIONNAIRE_GOAL_PARTS; p++) {
                char want[DB_ANSWER_KEY_MAX];
                if (questionnaire_goal_key(base, n, (enum questionnaire_goal_part)p, want,
                                              sizeof want) == 0 && !strcmp(want, key))
                    t->goal_part = p;
            }
        if (t->goal_part < 0)
            goto bad_key;
    } else if (key[blen]) {
        goto bad_key;
    }
    return 0;
bad_key:
    log_warn("db: answer key '%s' is not an item of response %lld", key, (long long)response_id);
    return -1;
}

static int answer_put(struct db *db, int64_t response_id, const char *key, int has_num,
                      int64_t num, const char *text, int64_t now)
{
    sqlite3_stmt *st = db_stmt(db, "INSERT INTO answers(uid, response_id, item_key, value_num,"
                                   " value_text, answered_at)"
                                   " SELECT ?1, ?2, ?3, ?4, ?5, ?6 WHERE EXISTS (SELECT 1 FROM"
                                   " responses WHERE id = ?2 AND finished_at IS NULL)"
                                   " ON CONFLICT(response_id, item_key) DO UPDATE SET"
                                   " value_num = excluded.value_num,"
                                   " value_text = excluded.value_text,"
                                   " answered_at = excluded.answered_at");
    if (!st)
        return -1;
    db_bind_uid(st, 1);
    sqlite3_bind_int64(st, 2, response_id);
    sqlite3_bind_text(st, 3, key, -1, SQLITE_STATIC);
    if (has_num)
        sqlite3_bind_int64(st, 4, num);
    else
        sqlite3_bind_text(st, 5, text, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 6, now);
    /* Autocommit: when step returns DONE the answer is on disk. */
    if (db_step_done(st) != 0 || sqlite3_changes(db_handle(db)) != 1) {
        log_err("db: answer %s of response %lld not stored: %s", key, (long long)response_id,
                db_errmsg(db));
        return -1;
    }
    return 0;
}

int db_response_answer_num(struct db *db, int64_t response_id, const char *key, int64_t value,
                                int64_t now)
{
    struct target t;
    if (target_find(db, response_id, key, &t) != 0)
        return -1;
    int64_t hi = t.type == QUESTIONNAIRE_ITEM_SCALE || t.type == QUESTIONNAIRE_ITEM_SMILEY
                     ? QUESTIONNAIRE_SCALE
                 : t.type == QUESTIONNAIRE_ITEM_CHOICE ? t.options
                                                       : 0;
    if (value < 1 || value > hi) {
        log_warn("db: answer %lld for %s refused (type %s)", (long long)value, key,
                 questionnaire_type_name((enum questionnaire_item_type)t.type));
        return -1;
    }
    return answer_put(db, response_id, key, 1, value, NULL, now);
}

/* "5, 2" -> "2,5": option numbers sorted, unique, each 1..options, at most
 * max of them. 0 or -1. */
static int picks_canonical(const char *text, int options, int max, char *out, size_t outlen)
{
    int picked[QUESTIONNAIRE_OPTIONS_MAX + 1] = {0}, count = 0;
    const char *p = text;
    while (*p) {
        while (*p == ' ' || *p == ',')
            p++;
        if (!*p)
            break;
        char *end;
        long v = strtol(p, &end, 10);
        if (end == p || v < 1 || v > options || v > QUESTIONNAIRE_OPTIONS_MAX)
            return -1;
        if (!picked[v]++)
            count++;
        p = end;
        if (*p && *p != ',' && *p != ' ')
            return -1;
    }
    if (count > max)
        return -1;
    size_t used = 0;
    out[0] = '\0';
    for (int v = 1; v <= QUESTIONNAIRE_OPTIONS_MAX; v++)
        if (picked[v])
            used += (size_t)snprintf(out + used, outlen - used, used ? ",%d" : "%d", v);
    return used < outlen ? 0 : -1;
}

int db_response_answer_text(struct db *db, int64_t response_id, const char *key,
                                 const char *text, int64_t now)
{
    struct target t;
    if (!text || target_find(db, response_id, key, &t) != 0)
        return -1;
    /* trimmed copy */
    while (*text == ' ' || *text == '\t')
        text++;
    size_t len = strlen(text);
    while (len && (text[len - 1] == ' ' || text[len - 1] == '\t'))
        len--;
    int chars = len > 4 * 1000 ? -1 : utf8_text(text, len, UTF8_TAB);
    if (chars < 0) {
        log_warn("db: answer text for %s refused: not valid UTF-8 text", key);
        return -1;
    }
    char *copy = strndup(text, len);
    if (!copy)
        return -1;
    int rc = -1;
    char picks[3 * QUESTIONNAIRE_OPTIONS_MAX + 1];
    switch (t.type) {
    case QUESTIONNAIRE_ITEM_MULTI:
        if (picks_canonical(copy, t.options, t.max, picks, sizeof picks) == 0)
            rc = answer_put(db, response_id, key, 0, 0, picks, now);
        break;
    case QUESTIONNAIRE_ITEM_OPEN:
        if (chars <= t.max)
            rc = answer_put(db, response_id, key, 0, 0, copy, now);
        break;
    case QUESTIONNAIRE_ITEM_GOAL:
        if (chars <= DB_GOAL_TEXT_CHARS)
            rc = answer_put(db, response_id, key, 0, 0, copy, now);
        break;
    default:
        break;
    }
    if (rc != 0)
        log_warn("db: answer text for %s of response %lld refused", key, (long long)response_id);
    free(copy);
    return rc;
}

int db_response_answer_clear(struct db *db, int64_t response_id, const char *key)
{
    sqlite3_stmt *st = db_stmt(db, "DELETE FROM answers WHERE response_id = ?1 AND item_key = ?2"
                                   " AND EXISTS (SELECT 1 FROM responses WHERE id = ?1"
                                   " AND finished_at IS NULL)");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, response_id);
    sqlite3_bind_text(st, 2, key, -1, SQLITE_STATIC);
    return db_step_done(st);
}

int db_response_answers(struct db *db, int64_t response_id, struct db_answer **out)
{
    *out = NULL;
    sqlite3_stmt *st = db_stmt(
        db, "SELECT a.item_key, a.value_num, coalesce(a.value_text, ''), a.answered_at"
            " FROM answers a JOIN responses r ON r.id = a.response_id"
            " LEFT JOIN questionnaire_items i ON i.questionnaire_id = r.questionnaire_id"
            "  AND i.key = CASE WHEN instr(a.item_key, '.') > 0"
            "   THEN substr(a.item_key, 1, instr(a.item_key, '.') - 1) ELSE a.item_key END"
            " WHERE a.response_id = ?1 ORDER BY i.position, a.item_key");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, response_id);
    int n = 0, cap = 0, rc;
    struct db_answer *a = NULL;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (n == cap) {
            cap = cap ? cap * 2 : 32;
            struct db_answer *b = realloc(a, (size_t)cap * sizeof *a);
            if (!b)
                goto fail;
            a = b;
        }
        struct db_answer *x = &a[n];
        db_column_text(st, 0, x->key, sizeof x->key);
        x->has_num = sqlite3_column_type(st, 1) != SQLITE_NULL;
        x->num = sqlite3_column_int64(st, 1);
        x->text = strdup(x->has_num ? "" : (const char *)sqlite3_column_text(st, 2));
        x->answered_at = sqlite3_column_int64(st, 3);
        if (!x->text)
            goto fail;
        n++;
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        log_err("db: cannot read answers of response %lld: %s", (long long)response_id,
                db_errmsg(db));
        db_response_answers_free(a, n);
        return -1;
    }
    *out = a;
    return n;
fail:
    sqlite3_reset(st);
    db_response_answers_free(a, n);
    return -1;
}

void db_response_answers_free(struct db_answer *answers, int n)
{
    for (int i = 0; answers && i < n; i++)
        free(answers[i].text);
    free(answers);
}

static const struct db_answer *answer_find(const struct db_answer *a, int n, const char *key)
{
    for (int i = 0; i < n; i++)
        if (!strcmp(a[i].key, key))
            return &a[i];
    return NULL;
}

/* Number of goals of a leerdoel item with their "wat" filled in. */
static int goals_given(const struct questionnaire_item *it, const struct db_answer *a, int n)
{
    int count = 0;
    for (int g = 1; g <= it->max; g++) {
        char key[DB_ANSWER_KEY_MAX];
        questionnaire_goal_key(it->key, g, QUESTIONNAIRE_GOAL_WHAT, key, sizeof key);
        const struct db_answer *x = answer_find(a, n, key);
        count += x && !x->has_num && x->text[0];
    }
    return count;
}

/* 1 when the required item has a (complete enough) answer. */
static int item_answered(const struct questionnaire_item *it, const struct db_answer *a,
                         int n)
{
    const struct db_answer *x = answer_find(a, n, it->key);
    switch (it->type) {
    case QUESTIONNAIRE_ITEM_SCALE:
    case QUESTIONNAIRE_ITEM_SMILEY:
    case QUESTIONNAIRE_ITEM_CHOICE:
        return x && x->has_num;
    case QUESTIONNAIRE_ITEM_MULTI: {
        int picks = 0;
        if (x && x->text[0])
            for (const char *p = x->text; p; p = strchr(p + 1, ','))
                picks++;
        return x && picks >= it->min;
    }
    case QUESTIONNAIRE_ITEM_OPEN:
        return x && x->text[0];
    case QUESTIONNAIRE_ITEM_GOAL:
        return goals_given(it, a, n) >= it->min;
    }
    return 0;
}

static int store_goals(struct db *db, const struct db_response *r,
                       const struct questionnaire_item *it, const struct db_answer *a, int n,
                       int64_t now)
{
    for (int g = 1; g <= it->max; g++) {
        char key[QUESTIONNAIRE_GOAL_PARTS][DB_ANSWER_KEY_MAX];
        const char *part[QUESTIONNAIRE_GOAL_PARTS];
        for (int p = 0; p < QUESTIONNAIRE_GOAL_PARTS; p++) {
            questionnaire_goal_key(it->key, g, (enum questionnaire_goal_part)p, key[p],
                                   sizeof key[p]);
            const struct db_answer *x = answer_find(a, n, key[p]);
            part[p] = x && !x->has_num ? x->text : "";
        }
        if (part[QUESTIONNAIRE_GOAL_WHAT][0] &&
            db_goal_add(db, r->student_id, r->id, part[QUESTIONNAIRE_GOAL_WHAT],
                        part[QUESTIONNAIRE_GOAL_WHEN], part[QUESTIONNAIRE_GOAL_PROOF], now) < 0)
            return -1;
    }
    return 0;
}

int db_response_finish(struct db *db, int64_t response_id, int64_t now, char *err,
                            size_t errlen)
{
    struct db_response r;
    struct questionnaire *q = NULL;
    struct db_answer *a = NULL;
    int n = 0;
    if (db_begin_or_say(db, err, errlen) != 0)
        return -1;
    int found = db_response_get(db, response_id, &r);
    if (found != 1) {
        snprintf(err, errlen, "Deze vragenlijst bestaat niet.");
        goto fail;
    }
    if (r.finished_at) {
        snprintf(err, errlen, "Deze vragenlijst is al opgeslagen.");
        goto fail;
    }
    q = db_questionnaire_get(db, r.questionnaire_id);
    n = db_response_answers(db, response_id, &a);
    if (!q || n < 0)
        goto fail_db;
    for (int i = 0; i < q->nitems; i++) {
        const struct questionnaire_item *it = &q->items[i];
        if (it->required && !item_answered(it, a, n)) {
            snprintf(err, errlen, "Vraag %d is nog niet af: %s", i + 1, it->text);
            goto fail;
        }
    }
    sqlite3_stmt *st = db_stmt(db, "UPDATE responses SET finished_at = ?2 WHERE id = ?1"
                                   " AND finished_at IS NULL");
    if (!st)
        goto fail_db;
    sqlite3_bind_int64(st, 1, response_id);
    sqlite3_bind_int64(st, 2, now);
    if (db_step_done(st) != 0)
        goto fail_db;
    for (int i = 0; i < q->nitems; i++)
        if (q->items[i].type == QUESTIONNAIRE_ITEM_GOAL &&
            store_goals(db, &r, &q->items[i], a, n, now) != 0)
            goto fail_db;
    if (db_commit(db) != 0)
        goto fail_db;
    log_info("response %lld to %s version %d finished", (long long)response_id, r.name,
             r.version);
    db_response_answers_free(a, n);
    questionnaire_free(q);
    return 0;
fail_db:
    snprintf(err, errlen, "Opslaan is niet gelukt. Probeer het opnieuw.");
    log_err("db: cannot finish response %lld: %s", (long long)response_id, db_errmsg(db));
fail:
    db_rollback(db);
    db_response_answers_free(a, n > 0 ? n : 0);
    questionnaire_free(q);
    return -1;
}
