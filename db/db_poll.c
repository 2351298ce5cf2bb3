/* db_poll.c: poll sets, polls and votes (see db_poll.h). Every write is one
 * committed statement or one transaction, finished before returning. */
#include "db/db_poll.h"
#include "base/log.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *source_name(enum db_vote_source s)
{
    return s == DB_VOTE_TOUCH ? "touch" : "button";
}

/* ---- sets ---------------------------------------------------------------- */

/* BLAKE2b of the set's content, so loading the same file twice is a no-op
 * and a changed file becomes a new version. Fields are NUL-separated so
 * "ab"+"c" and "a"+"bc" differ. */
static void set_hash(const struct setfile *set, char out[33])
{
    crypto_generichash_state h;
    unsigned char raw[16];
    crypto_generichash_init(&h, NULL, 0, sizeof raw);
#define PUT(s) crypto_generichash_update(&h, (const unsigned char *)(s), strlen(s) + 1)
    PUT(set->name);
    PUT(set->title);
    for (int i = 0; i < set->nblocks; i++) {
        PUT("\x01");
        PUT(set->blocks[i].text);
        for (int k = 0; k < set->blocks[i].nitems; k++)
            PUT(set->blocks[i].items[k]);
    }
#undef PUT
    crypto_generichash_final(&h, raw, sizeof raw);
    sodium_bin2hex(out, 33, raw, sizeof raw);
}

static int read_set(sqlite3_stmt *st, struct db_poll_set *out)
{
    memset(out, 0, sizeof *out);
    out->id = sqlite3_column_int64(st, 0);
    db_column_text(st, 1, out->name, sizeof out->name);
    out->version = sqlite3_column_int(st, 2);
    db_column_text(st, 3, out->title, sizeof out->title);
    out->questions = sqlite3_column_int(st, 4);
    out->loaded_at = sqlite3_column_int64(st, 5);
    return 1;
}

#define SET_COLUMNS                                                                      \
    "s.id, s.name, s.version, s.title,"                                                 \
    " (SELECT count(*) FROM poll_questions q WHERE q.set_id = s.id), s.loaded_at"

int db_poll_set_find(struct db *db, const char *name, struct db_poll_set *out)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT " SET_COLUMNS " FROM poll_sets s WHERE s.name = ?1"
                                   " ORDER BY s.version DESC LIMIT 1");
    if (!st)
        return -1;
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    int found = rc == SQLITE_ROW ? read_set(st, out) : rc == SQLITE_DONE ? 0 : -1;
    sqlite3_reset(st);
    return found;
}

int db_poll_set_list(struct db *db, struct db_poll_set *out, int max)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT " SET_COLUMNS " FROM poll_sets s"
                                   " WHERE s.version = (SELECT max(version) FROM poll_sets"
                                   "                    WHERE name = s.name)"
                                   " ORDER BY s.name");
    if (!st)
        return -1;
    int n = 0, rc;
    while (n < max && (rc = sqlite3_step(st)) == SQLITE_ROW)
        read_set(st, &out[n++]);
    sqlite3_reset(st);
    return n;
}

static int insert_question(struct db *db, int64_t set_id, int number,
                           const struct setfile_block *b)
{
    sqlite3_stmt *st = db_stmt(db, "INSERT INTO poll_questions(set_id, number, text)"
                                   " VALUES (?1, ?2, ?3)");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, set_id);
    sqlite3_bind_int(st, 2, number);
    sqlite3_bind_text(st, 3, b->text, -1, SQLITE_STATIC);
    int64_t qid = db_step_insert(db, st);
    if (qid < 0)
        return -1;
    for (int k = 0; k < b->nitems; k++) {
        st = db_stmt(db, "INSERT INTO poll_options(question_id, number, label)"
                         " VALUES (?1, ?2, ?3)");
        if (!st)
            return -1;
        sqlite3_bind_int64(st, 1, qid);
        sqlite3_bind_int(st, 2, k + 1);
        sqlite3_bind_text(st, 3, b->items[k], -1, SQLITE_STATIC);
        if (db_step_done(st) != 0)
            return -1;
    }
    return 0;
}

int db_poll_set_import(struct db *db, const struct setfile *set, const char *source,
                       int64_t now, struct db_poll_set *out, char *err, size_t errlen)
{
    if (set->nblocks < 1 || set->nblocks > SETFILE_BLOCKS_MAX) {
        snprintf(err, errlen, "Deze set heeft geen vragen.");
        return -1;
    }
    for (int i = 0; i < set->nblocks; i++)
        if (set->blocks[i].nitems < 2 || set->blocks[i].nitems > DB_POLL_OPTIONS_MAX) {
            snprintf(err, errlen, "Vraag %d heeft %d antwoorden. Geef er 2 tot %d.", i + 1,
                     set->blocks[i].nitems, DB_POLL_OPTIONS_MAX);
            return -1;
        }
    char hash[33], uid[33];
    set_hash(set, hash);
    if (db_begin_or_say(db, err, errlen) != 0)
        return -1;
    struct db_poll_set newest;
    int found = db_poll_set_find(db, set->name, &newest);
    if (found < 0)
        goto fail_db;
    sqlite3_stmt *st;
    if (found) {
        st = db_stmt(db, "SELECT hash FROM poll_sets WHERE id = ?1");
        if (!st)
            goto fail_db;
        sqlite3_bind_int64(st, 1, newest.id);
        int same = sqlite3_step(st) == SQLITE_ROW &&
                   !strcmp((const char *)sqlite3_column_text(st, 0), hash);
        sqlite3_reset(st);
        if (same) {
            db_rollback(db);
            *out = newest;
            return 0;
        }
    }
    st = db_stmt(db, "INSERT INTO poll_sets(uid, name, version, title, source, hash, loaded_at)"
                     " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    if (!st)
        goto fail_db;
    db_uid_new(uid);
    sqlite3_bind_text(st, 1, uid, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, set->name, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 3, found ? newest.version + 1 : 1);
    sqlite3_bind_text(st, 4, set->title, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, source ? source : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 6, hash, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 7, now);
    int64_t set_id = db_step_insert(db, st);
    if (set_id < 0)
        goto fail_db;
    for (int i = 0; i < set->nblocks; i++)
        if (insert_question(db, set_id, i + 1, &set->blocks[i]) != 0)
            goto fail_db;
    if (db_poll_set_find(db, set->name, out) != 1 || db_commit(db) != 0)
        goto fail_db;
    log_info("poll: set '%s' version %d loaded from %s (%d questions)", out->name,
             out->version, source && *source ? source : "-", out->questions);
    return 1;
fail_db:
    return db_fail(db, err, errlen);
}

int db_poll_set_defaults(struct db *db, const char *dir, int64_t now)
{
    struct db_poll_set any;
    int have = db_poll_set_list(db, &any, 1);
    if (have != 0)
        return have < 0 ? -1 : 0;
    struct setfile *sets = NULL;
    int n = 0, stored = 0;
    if (setfile_read_dir(dir, &setfile_polls, &sets, &n, NULL) != 0)
        return -1;
    for (int i = 0; i < n; i++) {
        char err[256];
        struct db_poll_set out;
        if (db_poll_set_import(db, &sets[i], dir, now, &out, err, sizeof err) > 0)
            stored++;
        else
            log_warn("poll: shipped set %s not loaded: %s", sets[i].name, err);
    }
    free(sets);
    return stored;
}

static int read_options(struct db *db, struct db_poll_question *q)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT label FROM poll_options WHERE question_id = ?1"
                                   " ORDER BY number");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, q->id);
    q->noptions = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW && q->noptions < DB_POLL_OPTIONS_MAX)
        db_column_text(st, 0, q->options[q->noptions++], DB_POLL_TEXT_MAX);
    sqlite3_reset(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

int db_poll_set_questions(struct db *db, int64_t set_id, struct db_poll_question *out, int max)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT id, number, text FROM poll_questions"
                                   " WHERE set_id = ?1 ORDER BY number");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, set_id);
    int n = 0, rc;
    while (n < max && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        memset(&out[n], 0, sizeof out[n]);
        out[n].id = sqlite3_column_int64(st, 0);
        out[n].number = sqlite3_column_int(st, 1);
        db_column_text(st, 2, out[n].text, sizeof out[n].text);
        n++;
    }
    sqlite3_reset(st);
    /* Options after the loop: db_stmt() hands out one statement per SQL,
     * and the questions' statement must be done first. */
    for (int i = 0; i < n; i++)
        if (read_options(db, &out[i]) != 0)
            return -1;
    return n;
}

/* ---- polls ---------------------------------------------------------------- */

int db_poll_get(struct db *db, int64_t id, struct db_poll *out)
{
    sqlite3_stmt *st = db_stmt(
        db, "SELECT p.id, s.name, s.version, q.id, q.number, q.text, p.verified,"
            " coalesce(p.session_id, 0), p.opened_at, coalesce(p.revealed_at, 0),"
            " coalesce(p.closed_at, 0), p.rejected"
            " FROM polls p JOIN poll_questions q ON q.id = p.question_id"
            " JOIN poll_sets s ON s.id = q.set_id WHERE p.id = ?1");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        sqlite3_reset(st);
        return rc == SQLITE_DONE ? 0 : -1;
    }
    memset(out, 0, sizeof *out);
    out->id = sqlite3_column_int64(st, 0);
    db_column_text(st, 1, out->set_name, sizeof out->set_name);
    out->set_version = sqlite3_column_int(st, 2);
    out->q.id = sqlite3_column_int64(st, 3);
    out->q.number = sqlite3_column_int(st, 4);
    db_column_text(st, 5, out->q.text, sizeof out->q.text);
    out->verified = sqlite3_column_int(st, 6);
    out->session_id = sqlite3_column_int64(st, 7);
    out->opened_at = sqlite3_column_int64(st, 8);
    out->revealed_at = sqlite3_column_int64(st, 9);
    out->closed_at = sqlite3_column_int64(st, 10);
    out->rejected = sqlite3_column_int(st, 11);
    sqlite3_reset(st);
    return read_options(db, &out->q) == 0 ? 1 : -1;
}

/* The poll whose id the one-column query sql finds (a string literal, for
 * the statement cache). */
static int poll_by(struct db *db, const char *sql, struct db_poll *out)
{
    sqlite3_stmt *st = db_stmt(db, sql);
    if (!st)
        return -1;
    int rc = sqlite3_step(st);
    int64_t id = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    if (rc == SQLITE_DONE)
        return 0;
    return rc == SQLITE_ROW ? db_poll_get(db, id, out) : -1;
}

int db_poll_current(struct db *db, struct db_poll *out)
{
    return poll_by(db, "SELECT id FROM polls WHERE closed_at IS NULL", out);
}

int db_poll_last(struct db *db, struct db_poll *out)
{
    return poll_by(db, "SELECT id FROM polls ORDER BY opened_at DESC, id DESC LIMIT 1", out);
}

int64_t db_poll_open(struct db *db, const char *set_name, int number, int verified,
                     int64_t now, char *err, size_t errlen)
{
    if (db_begin_or_say(db, err, errlen) != 0)
        return -1;
    struct db_poll cur;
    int open = db_poll_current(db, &cur);
    if (open != 0) {
        if (open > 0)
            snprintf(err, errlen,
                     "Er staat al een poll open: vraag %d van %s. Sluit die eerst met "
                     "'stagekiosk poll close'.",
                     cur.q.number, cur.set_name);
        else
            snprintf(err, errlen, "De database is niet te lezen: %s", db_errmsg(db));
        return db_refuse(db);
    }
    struct db_poll_set set;
    int found = db_poll_set_find(db, set_name, &set);
    if (found <= 0) {
        if (found < 0)
            snprintf(err, errlen, "De database is niet te lezen: %s", db_errmsg(db));
        else
            snprintf(err, errlen,
                     "Set '%s' bestaat niet. Kijk met 'stagekiosk poll sets' welke er zijn.",
                     set_name);
        return db_refuse(db);
    }
    sqlite3_stmt *st =
        db_stmt(db, "SELECT id FROM poll_questions WHERE set_id = ?1 AND number = ?2");
    if (!st)
        return db_fail(db, err, errlen);
    sqlite3_bind_int64(st, 1, set.id);
    sqlite3_bind_int(st, 2, number);
    int64_t qid = db_step_int(st, 0);
    if (qid <= 0) {
        snprintf(err, errlen, "Set '%s' heeft geen vraag %d. Kies een vraag van 1 tot %d.",
                 set_name, number, set.questions);
        return db_refuse(db);
    }
    st = db_stmt(db, "INSERT INTO polls(uid, question_id, session_id, verified, opened_at)"
                     " VALUES (?1, ?2, (SELECT id FROM sessions WHERE ended_at IS NULL),"
                     " ?3, ?4)");
    if (!st)
        return db_fail(db, err, errlen);
    db_bind_uid(st, 1);
    sqlite3_bind_int64(st, 2, qid);
    sqlite3_bind_int(st, 3, verified ? 1 : 0);
    sqlite3_bind_int64(st, 4, now);
    int64_t id = db_insert_commit(db, st, err, errlen);
    if (id < 0)
        return -1;
    log_info("poll %lld opened: question %d of '%s' v%d%s", (long long)id, number, set_name,
             set.version, verified ? ", verified" : "");
    return id;
}

int db_poll_reveal(struct db *db, int64_t now)
{
    int changed = db_update_at(db, "UPDATE polls SET revealed_at = ?1"
                                   " WHERE closed_at IS NULL AND revealed_at IS NULL",
                               now, "revealing the poll");
    if (changed < 0)
        return -1;
    if (changed == 1) {
        log_info("poll: results revealed");
        return 1;
    }
    int64_t open = db_step_int(db_stmt(db, "SELECT count(*) FROM polls WHERE closed_at IS NULL"),
                               -1);
    return open < 0 ? -1 : open ? 2 : 0;
}

/* After a verified poll: VACUUM rewrites every table in key order, so the
 * cells of poll_voters and poll_ballots no longer sit in the order they
 * were written (SQLite fills a page's cell area from the end, in order of
 * insertion), and a TRUNCATE checkpoint empties the WAL, whose frames hold
 * each vote's transaction: voter page and ballot page together. */
static void scrub_file(struct db *db)
{
    if (db_exec(db, "VACUUM") != 0) {
        log_err("poll: VACUUM after a verified poll failed; the file may still show the "
                "order of the votes");
        return;
    }
    int log = -1, done = -1;
    if (sqlite3_wal_checkpoint_v2(db_handle(db), NULL, SQLITE_CHECKPOINT_TRUNCATE, &log,
                                  &done) != SQLITE_OK)
        log_warn("poll: the WAL could not be emptied after a verified poll: %s",
                 db_errmsg(db));
}

int db_poll_close(struct db *db, int64_t now)
{
    sqlite3_stmt *st = db_stmt(db, "UPDATE polls SET closed_at = ?1 WHERE closed_at IS NULL"
                                   " RETURNING id, verified");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, now);
    int rc = sqlite3_step(st);
    int closed = rc == SQLITE_ROW;
    int64_t id = closed ? sqlite3_column_int64(st, 0) : 0;
    int verified = closed ? sqlite3_column_int(st, 1) : 0;
    if (closed)
        rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        log_err("db: cannot close the poll: %s", db_errmsg(db));
        return -1;
    }
    if (!closed)
        return 0;
    log_info("poll %lld closed", (long long)id);
    if (verified)
        scrub_file(db);
    return 1;
}

/* ---- votes ---------------------------------------------------------------- */

int db_poll_vote(struct db *db, int64_t poll_id, int option, enum db_vote_source source,
                 int64_t now_ms)
{
    /* One statement, so one commit; the option must exist in the poll's
     * question, and the trigger refuses closed and verified polls. */
    sqlite3_stmt *st = db_stmt(
        db, "INSERT INTO votes(poll_id, option, at_ms, source)"
            " SELECT p.id, ?2, ?3, ?4 FROM polls p"
            " WHERE p.id = ?1 AND EXISTS (SELECT 1 FROM poll_options o"
            "   WHERE o.question_id = p.question_id AND o.number = ?2)");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, poll_id);
    sqlite3_bind_int(st, 2, option);
    sqlite3_bind_int64(st, 3, now_ms);
    sqlite3_bind_text(st, 4, source_name(source), -1, SQLITE_STATIC);
    int done = db_step_done(st) == 0;
    if (!done || sqlite3_changes(db_handle(db)) != 1) {
        log_err("poll %lld: vote for option %d not stored: %s", (long long)poll_id, option,
                done ? "no such poll or option" : db_errmsg(db));
        return -1;
    }
    return 0;
}

/* A random positive 63-bit id: the ballots' key order says nothing about
 * when each was written. */
static int64_t random_id(void)
{
    uint64_t v;
    do {
        randombytes_buf(&v, sizeof v);
        v &= INT64_MAX;
    } while (v == 0);
    return (int64_t)v;
}

enum db_vote_status db_poll_vote_verified(struct db *db, int64_t poll_id, int64_t student_id,
                                          int option)
{
    if (db_begin(db) != 0)
        return DB_VOTE_ERROR;
    int rc = SQLITE_ERROR;
    sqlite3_stmt *st = db_stmt(db, "INSERT INTO poll_voters(poll_id, student_id) VALUES (?1, ?2)"
                                   " ON CONFLICT DO NOTHING");
    if (!st)
        goto fail;
    sqlite3_bind_int64(st, 1, poll_id);
    sqlite3_bind_int64(st, 2, student_id);
    if (db_step_done(st) != 0)
        goto fail;
    if (sqlite3_changes(db_handle(db)) == 0) {
        db_rollback(db);
        return DB_VOTE_ALREADY;
    }
    st = db_stmt(db, "INSERT INTO poll_ballots(id, poll_id, option)"
                     " SELECT ?1, p.id, ?3 FROM polls p"
                     " WHERE p.id = ?2 AND EXISTS (SELECT 1 FROM poll_options o"
                     "   WHERE o.question_id = p.question_id AND o.number = ?3)");
    if (!st)
        goto fail;
    /* A clash of two random 63-bit ids will not happen in practice; a
     * retry keeps it harmless if it ever does. */
    for (int attempt = 0; attempt < 3; attempt++) {
        sqlite3_bind_int64(st, 1, random_id());
        sqlite3_bind_int64(st, 2, poll_id);
        sqlite3_bind_int(st, 3, option);
        rc = sqlite3_step(st);
        sqlite3_reset(st);
        if (rc != SQLITE_CONSTRAINT_PRIMARYKEY)
            break;
    }
    if (rc != SQLITE_DONE || sqlite3_changes(db_handle(db)) != 1)
        goto fail;
    if (db_commit(db) != 0)
        goto fail;
    /* The log says that a vote came, never which one or whose. */
    log_debug("poll %lld: verified vote stored", (long long)poll_id);
    return DB_VOTE_NEW;
fail:
    log_err("poll %lld: verified vote not stored: %s", (long long)poll_id,
            rc == SQLITE_DONE ? "no such poll or option" : db_errmsg(db));
    db_rollback(db);
    return DB_VOTE_ERROR;
}

int db_poll_has_voted(struct db *db, int64_t poll_id, int64_t student_id)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT count(*) FROM poll_voters"
                                   " WHERE poll_id = ?1 AND student_id = ?2");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, poll_id);
    sqlite3_bind_int64(st, 2, student_id);
    int64_t n = db_step_int(st, -1);
    return n < 0 ? -1 : n > 0;
}

int db_poll_reject(struct db *db, int64_t poll_id)
{
    return db_poll_reject_add(db, poll_id, 1);
}

int db_poll_reject_add(struct db *db, int64_t poll_id, int n)
{
    if (n <= 0)
        return n == 0 ? 0 : -1;
    sqlite3_stmt *st = db_stmt(db, "UPDATE polls SET rejected = rejected + ?2"
                                   " WHERE id = ?1 AND closed_at IS NULL");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, poll_id);
    sqlite3_bind_int(st, 2, n);
    return db_step_done(st);
}

/* ---- results ---------------------------------------------------------------- */

void db_poll_tally_fill(struct db_poll_tally *t, const int *counts, int noptions, int min_votes)
{
    memset(t, 0, sizeof *t);
    if (noptions < 0)
        noptions = 0;
    if (noptions > DB_POLL_OPTIONS_MAX)
        noptions = DB_POLL_OPTIONS_MAX;
    t->noptions = noptions;
    for (int i = 0; i < noptions; i++)
        t->n += counts[i] > 0 ? counts[i] : 0;
    t->shown = t->n >= min_votes;
    if (!t->shown)
        return;
    for (int i = 0; i < noptions; i++)
        t->count[i] = counts[i] > 0 ? counts[i] : 0;
    if (t->n == 0)
        return;
    /* Largest remainder: floor every share, then give the points left over
     * to the largest remainders (the lower option on a tie), so the bars'
     * labels always add up to 100. */
    int given = 0, rest[DB_POLL_OPTIONS_MAX];
    for (int i = 0; i < noptions; i++) {
        t->percent[i] = t->count[i] * 100 / t->n;
        rest[i] = t->count[i] * 100 % t->n;
        given += t->percent[i];
    }
    while (given < 100) {
        int best = 0;
        for (int i = 1; i < noptions; i++)
            if (rest[i] > rest[best])
                best = i;
        t->percent[best]++;
        rest[best] = -1;
        given++;
    }
}

int db_poll_tally(struct db *db, int64_t poll_id, int min_votes, struct db_poll_tally *out)
{
    struct db_poll p;
    if (db_poll_get(db, poll_id, &p) != 1)
        return -1;
    int counts[DB_POLL_OPTIONS_MAX] = {0};
    sqlite3_stmt *st = db_stmt(db, "SELECT option, count(*) FROM votes WHERE poll_id = ?1"
                                   " GROUP BY option"
                                   " UNION ALL"
                                   " SELECT option, count(*) FROM poll_ballots WHERE poll_id = ?1"
                                   " GROUP BY option");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, poll_id);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int option = sqlite3_column_int(st, 0);
        if (option >= 1 && option <= p.q.noptions)
            counts[option - 1] += sqlite3_column_int(st, 1);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return -1;
    db_poll_tally_fill(out, counts, p.q.noptions, min_votes);
    return 0;
}

int db_poll_closed(struct db *db, int64_t session_id, int64_t *ids, int max)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT id FROM polls WHERE session_id = ?1"
                                   " AND closed_at IS NOT NULL ORDER BY opened_at, id LIMIT ?2");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, session_id);
    sqlite3_bind_int(st, 2, max);
    int n = 0, rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW && n < max)
        ids[n++] = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
        log_err("db: cannot list the closed polls: %s", db_errmsg(db));
        return -1;
    }
    return n;
}
