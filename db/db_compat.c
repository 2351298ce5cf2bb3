/* db_compat.c: schema steps an older version can live with (see
 * db_compat.h). */
#include "db/db_compat.h"
#include "db/db_migrate.h"
#include "base/log.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Steps that pass the additive check but that older versions must not
 * use all the same (a new rule on old data, a new meaning of an old
 * column). None yet; add the step's number here with a comment. */
static const int breaking_steps[] = {0};

/* Steps the check calls breaking that were read and found harmless to an
 * older version, each with why:
 *  6 (school sync): its triggers on the older tables only note changes in
 *    its own new sync_outbox (an older version's check-ins are then sent
 *    by the newer one later); the poll triggers it replaces only gain
 *    "AND NOT applying", which an older version never sets; its INSERT
 *    fills its own new sync_state. */
static const int reviewed_steps[] = {6, 8};

#define MAX_OBJECTS 256
#define MAX_STEPS 128

struct object {
    char type[16], name[80], tbl[80];
    char *sql;
};

struct schema {
    int n;
    struct object o[MAX_OBJECTS];
};

static void schema_free(struct schema *s)
{
    for (int i = 0; i < s->n; i++)
        free(s->o[i].sql);
    s->n = 0;
}

static int schema_read(sqlite3 *h, struct schema *s)
{
    sqlite3_stmt *st;
    s->n = 0;
    if (sqlite3_prepare_v2(h, "SELECT type, name, tbl_name, coalesce(sql, '') FROM sqlite_schema",
                           -1, &st, NULL) != SQLITE_OK)
        return -1;
    while (sqlite3_step(st) == SQLITE_ROW && s->n < MAX_OBJECTS) {
        struct object *o = &s->o[s->n++];
        snprintf(o->type, sizeof o->type, "%s", (const char *)sqlite3_column_text(st, 0));
        snprintf(o->name, sizeof o->name, "%s", (const char *)sqlite3_column_text(st, 1));
        snprintf(o->tbl, sizeof o->tbl, "%s", (const char *)sqlite3_column_text(st, 2));
        o->sql = strdup((const char *)sqlite3_column_text(st, 3));
    }
    sqlite3_finalize(st);
    return 0;
}

static const struct object *find(const struct schema *s, const char *type, const char *name)
{
    for (int i = 0; i < s->n; i++)
        if (!strcmp(s->o[i].type, type) && !strcmp(s->o[i].name, name))
            return &s->o[i];
    return NULL;
}

/* 1 when after is before with columns added (ALTER TABLE ADD COLUMN puts
 * them after the last column, before the table's constraints): after is
 * before with one piece ", ..." inserted. */
static int columns_added(const char *before, const char *after)
{
    size_t lb = strlen(before), la = strlen(after), pre = 0, suf = 0;
    if (la <= lb)
        return 0;
    while (pre < lb && before[pre] == after[pre])
        pre++;
    while (suf < lb - pre && before[lb - 1 - suf] == after[la - 1 - suf])
        suf++;
    if (pre + suf != lb)
        return 0;
    /* the piece is "x INTEGER, " or ", x INTEGER": a comma at one end */
    const char *a = after + pre, *z = after + la - suf - 1;
    while (a < z && *a == ' ')
        a++;
    while (z > a && *z == ' ')
        z--;
    return *a == ',' || *z == ',';
}

/* Runs one step on h statement by statement; *writes is set when one of
 * them is not CREATE or ALTER. 0 or -1. */
static int try_step(sqlite3 *h, const char *sql, int *writes)
{
    while (sql && *sql) {
        sqlite3_stmt *st;
        const char *tail;
        if (sqlite3_prepare_v2(h, sql, -1, &st, &tail) != SQLITE_OK)
            return -1;
        if (st) {
            const char *p = sqlite3_sql(st);
            while (*p && (isspace((unsigned char)*p) || *p == '('))
                p++;
            if (strncasecmp(p, "CREATE", 6) && strncasecmp(p, "ALTER", 5))
                *writes = 1;
            int rc = sqlite3_step(st);
            sqlite3_finalize(st);
            if (rc != SQLITE_DONE && rc != SQLITE_ROW)
                return -1;
        }
        sql = tail;
    }
    return 0;
}

/* 1 additive, 0 not, per step; [0] unused. Worked out once. */
static signed char verdicts[MAX_STEPS + 2];
static const char *verdicts_for; /* the test step they were worked out with */
static int verdicts_n;

static int classify(sqlite3 *h, int v)
{
    struct schema before, after;
    int writes = 0, additive = 1;
    if (schema_read(h, &before) != 0 || try_step(h, db_migrate_step(v), &writes) != 0 ||
        schema_read(h, &after) != 0) {
        schema_free(&before);
        return -1;
    }
    for (int i = 0; i < before.n && additive; i++) {
        const struct object *o = &before.o[i], *now = find(&after, o->type, o->name);
        if (!now || (strcmp(now->sql, o->sql) &&
                     !(!strcmp(o->type, "table") && columns_added(o->sql, now->sql)))) {
            log_info("db: step %d changes or removes %s %s", v, o->type, o->name);
            additive = 0;
        }
    }
    for (int i = 0; i < after.n && additive; i++) {
        const struct object *o = &after.o[i];
        int table_is_new = !find(&before, "table", o->tbl);
        int unique = !strncmp(o->sql, "CREATE UNIQUE", 13) ||
                     !strncmp(o->name, "sqlite_autoindex_", 17);
        if (find(&before, o->type, o->name) || table_is_new || !strcmp(o->type, "view"))
            continue;
        if (!strcmp(o->type, "index") && !unique)
            continue;
        log_info("db: step %d adds %s %s to the older table %s", v, o->type, o->name, o->tbl);
        additive = 0;
    }
    for (size_t i = 0; i < sizeof reviewed_steps / sizeof reviewed_steps[0]; i++)
        if (reviewed_steps[i] == v) {
            if (!additive || writes)
                log_info("db: step %d was reviewed: older versions may use it", v);
            additive = 1, writes = 0;
        }
    for (size_t i = 0; i < sizeof breaking_steps / sizeof breaking_steps[0]; i++)
        additive &= breaking_steps[i] != v;
    schema_free(&before);
    schema_free(&after);
    return writes ? 0 : additive;
}

static int work_out(void)
{
    int latest = db_migrate_latest();
    if (verdicts_n == latest && verdicts_for == db_migrate_step(latest))
        return 0;
    if (latest > MAX_STEPS)
        return -1;
    sqlite3 *h;
    if (sqlite3_open_v2(":memory:", &h, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
        sqlite3_close(h);
        return -1;
    }
    int rc = 0;
    for (int v = 1; v <= latest && rc == 0; v++) {
        int a = classify(h, v);
        if (a < 0) {
            log_err("db: cannot try step %d: %s", v, sqlite3_errmsg(h));
            rc = -1;
        }
        verdicts[v] = (signed char)a;
    }
    sqlite3_close(h);
    if (rc == 0) {
        verdicts_n = latest;
        verdicts_for = db_migrate_step(latest);
    }
    return rc;
}

int db_compat_additive(int v)
{
    if (work_out() != 0 || v < 1 || v > db_migrate_latest())
        return -1;
    return verdicts[v];
}

int db_compat_min_reader(int v)
{
    if (work_out() != 0 || v > db_migrate_latest())
        return -1;
    for (; v >= 1; v--)
        if (!verdicts[v])
            return v;
    return 0;
}

/* ---- the snapshot ---------------------------------------------------- */

static int user_version(sqlite3 *h)
{
    sqlite3_stmt *st;
    int v = -1;
    if (sqlite3_prepare_v2(h, "PRAGMA user_version", -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return v;
}

int db_compat_snapshot(sqlite3 *h, const char *path)
{
    int have = user_version(h), latest = db_migrate_latest();
    if (have < 1 || have >= latest || !path || !*path || !strcmp(path, ":memory:"))
        return 0;
    int breaking = 0;
    for (int v = have + 1; v <= latest; v++)
        breaking |= db_compat_additive(v) != 1;
    if (!breaking)
        return 0;
    char snap[4200];
    snprintf(snap, sizeof snap, "%s.v%d", path, have);
    unlink(snap);
    sqlite3_stmt *st;
    int rc = -1;
    if (sqlite3_prepare_v2(h, "VACUUM INTO ?1", -1, &st, NULL) == SQLITE_OK) {
        sqlite3_bind_text(st, 1, snap, -1, SQLITE_STATIC);
        rc = sqlite3_step(st) == SQLITE_DONE ? 0 : -1;
        sqlite3_finalize(st);
    }
    if (rc != 0)
        log_err("db: cannot keep a copy of version %d in %s: %s", have, snap, sqlite3_errmsg(h));
    else
        log_info("db: version %d kept in %s before steps an older version cannot use", have,
                 snap);
    return rc;
}

/* Moves path (and its -wal and -shm) to to. 0 or -1. */
static int move_store(const char *path, const char *to)
{
    static const char *const suffix[] = {"-wal", "-shm", ""};
    char a[4300], b[4300];
    for (size_t i = 0; i < sizeof suffix / sizeof suffix[0]; i++) {
        snprintf(a, sizeof a, "%s%s", path, suffix[i]);
        snprintf(b, sizeof b, "%s%s", to, suffix[i]);
        if (rename(a, b) != 0 && errno != ENOENT)
            return -1;
    }
    return 0;
}

int db_compat_too_new(sqlite3 *h)
{
    int have = user_version(h), latest = db_migrate_latest();
    if (have <= latest)
        return 0; /* ours, older, or unreadable (db_open says so) */
    int min = db_migrate_min_reader(h);
    return min >= 0 && min <= latest ? 0 : have; /* newer but fine, or not */
}

int db_compat_put_back(const char *path, int have, char *err, size_t errlen)
{
    int latest = db_migrate_latest();
    char snap[4200], kept[4200];
    int found = 0;
    for (int v = latest; v >= 1 && !found; v--) {
        snprintf(snap, sizeof snap, "%s.v%d", path, v);
        found = access(snap, F_OK) == 0;
    }
    if (!found) {
        snprintf(err, errlen,
                 "Dit databasebestand komt van een nieuwere stagekiosk (versie %d, deze kent "
                 "%d). Installeer de nieuwste stagekiosk.",
                 have, latest);
        return -1;
    }
    snprintf(kept, sizeof kept, "%s.newer-v%d", path, have);
    if (move_store(path, kept) != 0 || rename(snap, path) != 0) {
        log_err("db: cannot put %s back in place of %s: %s", snap, path, strerror(errno));
        snprintf(err, errlen, "De database kan niet terug naar de vorige versie: %s.",
                 strerror(errno));
        return -1;
    }
    log_warn("db: %s has schema version %d, which this program (version %d) may not use;"
             " the copy %s from before that update is back in place, the newer file is kept"
             " as %s",
             path, have, latest, snap, kept);
    return 0;
}
