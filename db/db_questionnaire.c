/* db_questionnaire.c: questionnaire versions (responses are db_response.c).
 *
 * A version's text is stored in its canonical form (questionnaire_format)
 * and read back by parsing it; questionnaire_items repeats what queries need
 * (key, type, category, limits) so dossier and signal queries stay in SQL. */
#include "db/db_questionnaire.h"
#include "base/log.h"

#include <dirent.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- versions -------------------------------------------------------- */

static void text_hash(const char *text, char out[65])
{
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, (const unsigned char *)text, strlen(text));
    sodium_bin2hex(out, 65, h, sizeof h);
}

static int store_items(struct db *db, int64_t qid, const struct questionnaire *q)
{
    sqlite3_stmt *st = db_stmt(db, "INSERT INTO questionnaire_items(uid, questionnaire_id,"
                                   " position, key, type, category, options, required, min, max,"
                                   " signal_values) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9,"
                                   " ?10, ?11)");
    if (!st)
        return -1;
    for (int i = 0; i < q->nitems; i++) {
        const struct questionnaire_item *it = &q->items[i];
        db_bind_uid(st, 1);
        sqlite3_bind_int64(st, 2, qid);
        sqlite3_bind_int(st, 3, i + 1);
        sqlite3_bind_text(st, 4, it->key, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 5, questionnaire_type_name(it->type), -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 6, it->category, -1, SQLITE_STATIC);
        sqlite3_bind_int(st, 7, it->noptions);
        sqlite3_bind_int(st, 8, it->required);
        sqlite3_bind_int(st, 9, it->min);
        sqlite3_bind_int(st, 10, it->max);
        sqlite3_bind_int64(st, 11, it->signal_values);
        if (db_step_done(st) != 0)
            return -1;
    }
    return 0;
}

int db_questionnaire_store(struct db *db, struct questionnaire *q, int64_t now)
{
    char *text = questionnaire_format(q);
    if (!text)
        return -1;
    char hash[65];
    text_hash(text, hash);
    int result = -1;
    if (db_begin(db) != 0)
        goto out;
    sqlite3_stmt *st = db_stmt(db, "SELECT id, version, hash FROM questionnaires WHERE name = ?1"
                                   " ORDER BY version DESC LIMIT 1");
    if (!st)
        goto fail;
    sqlite3_bind_text(st, 1, q->id, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    int64_t newest_id = 0;
    int newest_version = 0, same = 0;
    if (rc == SQLITE_ROW) {
        newest_id = sqlite3_column_int64(st, 0);
        newest_version = sqlite3_column_int(st, 1);
        same = !strcmp((const char *)sqlite3_column_text(st, 2), hash);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        goto fail;
    if (same) {
        db_rollback(db);
        q->row_id = newest_id;
        q->version = newest_version;
        result = 0;
        goto out;
    }
    st = db_stmt(db, "INSERT INTO questionnaires(uid, name, version, kind, title, source, hash,"
                     " loaded_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
    if (!st)
        goto fail;
    db_bind_uid(st, 1);
    sqlite3_bind_text(st, 2, q->id, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 3, newest_version + 1);
    sqlite3_bind_text(st, 4, q->kind, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, q->title, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 6, text, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 7, hash, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 8, now);
    int64_t id = db_step_insert(db, st);
    if (id < 0)
        goto fail;
    if (store_items(db, id, q) != 0 || db_commit(db) != 0)
        goto fail;
    q->row_id = id;
    q->version = newest_version + 1;
    log_info("questionnaire %s: version %d stored", q->id, q->version);
    result = 1;
    goto out;
fail:
    log_err("db: cannot store questionnaire %s: %s", q->id, db_errmsg(db));
    db_rollback(db);
out:
    free(text);
    return result;
}

int db_questionnaire_load_file(struct db *db, const char *path, int64_t now,
                               struct questionnaire **out, char **report)
{
    if (out)
        *out = NULL;
    struct questionnaire *q = questionnaire_load_file(path, report);
    if (!q)
        return -1;
    int rc = db_questionnaire_store(db, q, now);
    if (rc < 0) {
        if (report)
            *report = strdup("De vragenlijst kon niet worden opgeslagen in de database.\n");
        questionnaire_free(q);
        return -1;
    }
    if (out)
        *out = q;
    else
        questionnaire_free(q);
    return rc;
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Appends each line of text to *all, prefixed with "name: ". */
static void report_append(char **all, const char *name, const char *text)
{
    size_t have = *all ? strlen(*all) : 0, add = 0;
    for (const char *p = text; *p;) {
        size_t n = strcspn(p, "\n");
        add += strlen(name) + 2 + n + 1;
        p += n + (p[n] == '\n');
    }
    char *b = realloc(*all, have + add + 1);
    if (!b)
        return;
    *all = b;
    for (const char *p = text; *p;) {
        size_t n = strcspn(p, "\n");
        have += (size_t)sprintf(b + have, "%s: %.*s\n", name, (int)n, p);
        p += n + (p[n] == '\n');
    }
}

/* 1 when the store has any version of name, 0 when not, -1 on error. */
static int name_known(struct db *db, const char *name)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT count(*) FROM questionnaires WHERE name = ?1");
    if (!st)
        return -1;
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    int64_t n = db_step_int(st, -1);
    return n < 0 ? -1 : n > 0;
}

/* One file of a folder: 0 loaded or skipped, -1 refused (msg says why). */
static int load_one(struct db *db, const char *path, int only_missing, int64_t now, char **msg)
{
    struct questionnaire *q = questionnaire_load_file(path, msg);
    if (!q)
        return -1;
    int rc = only_missing ? name_known(db, q->id) : 0;
    if (rc == 0 && db_questionnaire_store(db, q, now) < 0)
        rc = -1;
    if (rc < 0 && !*msg)
        *msg = strdup("De vragenlijst kon niet worden opgeslagen in de database.\n");
    questionnaire_free(q);
    return rc < 0 ? -1 : 0;
}

int db_questionnaire_load_dir(struct db *db, const char *dir, int only_missing, int64_t now,
                              char **report)
{
    *report = NULL;
    DIR *d = opendir(dir);
    if (!d) {
        log_err("questionnaires: cannot read folder %s", dir);
        return -1;
    }
    char *names[256];
    int n = 0, refused = 0;
    struct dirent *e;
    while ((e = readdir(d)) && n < 256) {
        size_t len = strlen(e->d_name);
        if (len > 4 && e->d_name[0] != '.' && !strcmp(e->d_name + len - 4, ".txt") &&
            (names[n] = strdup(e->d_name)))
            n++;
    }
    closedir(d);
    qsort(names, (size_t)n, sizeof *names, compare_names);
    for (int i = 0; i < n; i++) {
        char path[4096], *msg = NULL;
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        if (load_one(db, path, only_missing, now, &msg) < 0) {
            refused++;
            log_warn("questionnaires: %s refused", path);
            report_append(report, names[i], msg ? msg : "niet geladen\n");
        }
        free(msg);
        free(names[i]);
    }
    return refused;
}

struct questionnaire *db_questionnaire_get(struct db *db, int64_t questionnaire_id)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT version, source FROM questionnaires WHERE id = ?1");
    if (!st)
        return NULL;
    sqlite3_bind_int64(st, 1, questionnaire_id);
    struct questionnaire *q = NULL;
    if (sqlite3_step(st) == SQLITE_ROW) {
        const char *src = (const char *)sqlite3_column_text(st, 1);
        char *report = NULL;
        q = questionnaire_parse(src, strlen(src), &report);
        if (q) {
            q->row_id = questionnaire_id;
            q->version = sqlite3_column_int(st, 0);
        } else {
            log_err("db: stored questionnaire %lld does not parse: %s",
                    (long long)questionnaire_id, report ? report : "");
        }
        free(report);
    }
    sqlite3_reset(st);
    return q;
}

struct questionnaire *db_questionnaire_newest(struct db *db, const char *name)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT id FROM questionnaires WHERE name = ?1"
                                   " ORDER BY version DESC LIMIT 1");
    if (!st)
        return NULL;
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    int64_t id = db_step_int(st, 0);
    return id > 0 ? db_questionnaire_get(db, id) : NULL;
}

int db_questionnaire_list(struct db *db, struct db_questionnaire_info *out, int max)
{
    sqlite3_stmt *st = db_stmt(
        db, "SELECT q.id, q.name, q.kind, q.title, q.version, q.loaded_at,"
            " (SELECT count(*) FROM responses r JOIN questionnaires v ON v.id = r.questionnaire_id"
            "  WHERE v.name = q.name AND r.finished_at IS NOT NULL)"
            " FROM questionnaires q"
            " WHERE q.version = (SELECT max(version) FROM questionnaires WHERE name = q.name)"
            " ORDER BY q.name");
    if (!st)
        return -1;
    int n = 0, rc = SQLITE_DONE;
    while (n < max && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct db_questionnaire_info *i = &out[n++];
        i->row_id = sqlite3_column_int64(st, 0);
        db_column_text(st, 1, i->name, sizeof i->name);
        db_column_text(st, 2, i->kind, sizeof i->kind);
        db_column_text(st, 3, i->title, sizeof i->title);
        i->version = sqlite3_column_int(st, 4);
        i->loaded_at = sqlite3_column_int64(st, 5);
        i->finished = sqlite3_column_int(st, 6);
    }
    sqlite3_reset(st);
    if (n < max && rc != SQLITE_DONE)
        return -1;
    return n;
}
