/* db.c: the one connection to the SQLite file, its pragmas and a small
 * cache of prepared statements. */
#include "db/db.h"
#include "db/db_compat.h"
#include "db/db_migrate.h"
#include "base/log.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define STMT_CACHE 256

struct db {
    sqlite3 *h;
    int data_version;
    struct {
        const char *sql;
        sqlite3_stmt *st;
    } cache[STMT_CACHE];
};

/* Another connection holds the write lock (the school sync worker's short
 * batch, an admin command). SQLite's own busy timeout sleeps 1, 2, 5, 10 ...
 * ms between tries, so a check-in that meets a batch of a few hundred
 * microseconds would wait a millisecond or more. This tries again every
 * 100 us for the first 20 ms, then every 10 ms: about 5 s in all. */
#define BUSY_FAST_TRIES 200
#define BUSY_SLOW_TRIES 498

static int busy_wait(void *unused, int tries)
{
    (void)unused;
    if (tries >= BUSY_FAST_TRIES + BUSY_SLOW_TRIES)
        return 0;
    struct timespec pause = {0, tries < BUSY_FAST_TRIES ? 100000 : 10000000};
    nanosleep(&pause, NULL);
    return 1;
}

static int pragma_int(sqlite3 *h, const char *sql)
{
    sqlite3_stmt *st;
    int v = -1;
    if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) != SQLITE_OK)
        return -1;
    if (sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return v;
}

/* Opens path as SQLite in WAL mode into db->h. 0, or -1 with a sentence
 * the person can act on (not SQLite's English) in err. */
static int open_file(struct db *db, const char *path, char *err, size_t errlen)
{
    if (sqlite3_open_v2(path, &db->h, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) !=
        SQLITE_OK) {
        snprintf(err, errlen, "De database %s gaat niet open: %s", path,
                 db->h ? sqlite3_errmsg(db->h) : "geen geheugen");
        return -1;
    }
    sqlite3_busy_handler(db->h, busy_wait, NULL);
    sqlite3_extended_result_codes(db->h, 1);
    /* WAL first: it is the one pragma that fails on a file that is not ours. */
    if (sqlite3_exec(db->h, "PRAGMA journal_mode=WAL", NULL, NULL, NULL) == SQLITE_OK)
        return 0;
    int code = sqlite3_errcode(db->h) & 0xff;
    if (code == SQLITE_READONLY || code == SQLITE_CANTOPEN || code == SQLITE_PERM)
        snprintf(err, errlen,
                 "De database %s kan niet worden beschreven: de map is alleen-lezen. "
                 "Geef de kiosk schrijfrechten op zijn datamap.", path);
    else if (code == SQLITE_IOERR || code == SQLITE_FULL)
        snprintf(err, errlen, "De schijf met %s geeft een fout of is vol. Kijk de opslag na.",
                 path);
    else
        snprintf(err, errlen, "%s is geen stagekiosk-database: %s", path, sqlite3_errmsg(db->h));
    return -1;
}

struct db *db_open(const char *path, char *err, size_t errlen)
{
    struct db *db = calloc(1, sizeof *db);
    if (!db) {
        snprintf(err, errlen, "Geen geheugen vrij.");
        return NULL;
    }
    if (open_file(db, path, err, errlen) != 0)
        goto fail;
    /* a rollback to an older version: see db_compat.h */
    int newer = db_compat_too_new(db->h);
    if (newer) {
        sqlite3_close(db->h);
        db->h = NULL;
        if (db_compat_put_back(path, newer, err, errlen) != 0 ||
            open_file(db, path, err, errlen) != 0)
            goto fail;
    }
    sqlite3_exec(db->h, "PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;", NULL, NULL, NULL);
    if (db_compat_snapshot(db->h, path) != 0) {
        snprintf(err, errlen, "De kiosk kan geen kopie maken voor de update van de database. "
                              "Is de opslag vol?");
        goto fail;
    }
    if (db_migrate_to(db->h, db_migrate_latest(), err, errlen) != 0)
        goto fail;
    db->data_version = pragma_int(db->h, "PRAGMA data_version");
    if (sodium_init() < 0) {
        snprintf(err, errlen, "libsodium start niet.");
        goto fail;
    }
    return db;
fail:
    log_err("db: %s", err);
    db_close(db);
    return NULL;
}

void db_close(struct db *db)
{
    if (!db)
        return;
    for (int i = 0; i < STMT_CACHE; i++)
        sqlite3_finalize(db->cache[i].st);
    sqlite3_close(db->h);
    free(db);
}

sqlite3 *db_handle(struct db *db)
{
    return db->h;
}

sqlite3_stmt *db_stmt(struct db *db, const char *sql)
{
    int free_slot = -1;
    for (int i = 0; i < STMT_CACHE; i++) {
        if (db->cache[i].sql == sql) {
            sqlite3_reset(db->cache[i].st);
            sqlite3_clear_bindings(db->cache[i].st);
            return db->cache[i].st;
        }
        if (!db->cache[i].sql && free_slot < 0)
            free_slot = i;
    }
    sqlite3_stmt *st;
    if (sqlite3_prepare_v3(db->h, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK) {
        log_err("db: prepare failed: %s: %s", sqlite3_errmsg(db->h), sql);
        return NULL;
    }
    if (free_slot < 0) {
        /* Full: the cache is sized for the program's fixed set of queries,
         * so this is a programming error; evict slot 0 and carry on. */
        log_warn("db: statement cache full");
        sqlite3_finalize(db->cache[0].st);
        free_slot = 0;
    }
    db->cache[free_slot].sql = sql;
    db->cache[free_slot].st = st;
    return st;
}

int db_exec(struct db *db, const char *sql)
{
    char *msg = NULL;
    if (sqlite3_exec(db->h, sql, NULL, NULL, &msg) != SQLITE_OK) {
        log_err("db: %s: %s", sql, msg ? msg : sqlite3_errmsg(db->h));
        sqlite3_free(msg);
        return -1;
    }
    return 0;
}

int db_begin(struct db *db)
{
    return db_exec(db, "BEGIN IMMEDIATE");
}

void db_checkpoints_by_hand(struct db *db)
{
    sqlite3_wal_autocheckpoint(db->h, 0);
}

int db_checkpoint(struct db *db)
{
    int rc = sqlite3_wal_checkpoint_v2(db->h, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
    if (rc != SQLITE_OK && rc != SQLITE_BUSY) {
        log_warn("db: checkpoint failed: %s", db_errmsg(db));
        return -1;
    }
    return 0;
}

int db_begin_or_say(struct db *db, char *err, size_t errlen)
{
    if (db_begin(db) == 0)
        return 0;
    snprintf(err, errlen, "De database is bezet. Probeer het opnieuw.");
    return -1;
}

int db_commit(struct db *db)
{
    if (db_exec(db, "COMMIT") != 0) {
        db_rollback(db);
        return -1;
    }
    return 0;
}

void db_rollback(struct db *db)
{
    if (!sqlite3_get_autocommit(db->h))
        sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
}

int db_changed(struct db *db)
{
    int v = pragma_int(db->h, "PRAGMA data_version");
    if (v == db->data_version)
        return 0;
    db->data_version = v;
    return 1;
}

const char *db_errmsg(struct db *db)
{
    return sqlite3_errmsg(db->h);
}

void db_uid_new(char out[33])
{
    unsigned char raw[16];
    randombytes_buf(raw, sizeof raw);
    sodium_bin2hex(out, 33, raw, sizeof raw);
}

int64_t db_step_int(sqlite3_stmt *st, int64_t fallback)
{
    int64_t v = fallback;
    if (st && sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
        v = sqlite3_column_int64(st, 0);
    if (st)
        sqlite3_reset(st);
    return v;
}

void db_bind_uid(sqlite3_stmt *st, int idx)
{
    char uid[33];
    db_uid_new(uid);
    sqlite3_bind_text(st, idx, uid, -1, SQLITE_TRANSIENT);
}

int db_fail(struct db *db, char *err, size_t errlen)
{
    snprintf(err, errlen, "Opslaan mislukte: %s", db_errmsg(db));
    db_rollback(db);
    return -1;
}

void db_column_text(sqlite3_stmt *st, int col, char *out, size_t len)
{
    const unsigned char *t = sqlite3_column_text(st, col);
    snprintf(out, len, "%s", t ? (const char *)t : "");
}

int db_step_done(sqlite3_stmt *st)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

int64_t db_step_insert(struct db *db, sqlite3_stmt *st)
{
    return db_step_done(st) == 0 ? sqlite3_last_insert_rowid(db->h) : -1;
}

int64_t db_insert_commit(struct db *db, sqlite3_stmt *st, char *err, size_t errlen)
{
    int64_t id = st ? db_step_insert(db, st) : -1;
    if (id < 0 || db_commit(db) != 0)
        return db_fail(db, err, errlen);
    return id;
}

int db_refuse(struct db *db)
{
    db_rollback(db);
    return -1;
}

int db_step_row(struct db *db, sqlite3_stmt *st, const char *what)
{
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        return 1;
    if (rc != SQLITE_DONE)
        log_err("db: %s failed: %s", what, db_errmsg(db));
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

int db_update_at(struct db *db, const char *sql, int64_t at, const char *what)
{
    sqlite3_stmt *st = db_stmt(db, sql);
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, at);
    if (db_step_done(st) != 0) {
        log_err("db: %s failed: %s", what, db_errmsg(db));
        return -1;
    }
    return sqlite3_changes(db->h);
}

int db_busy_statements(struct db *db, const char **sql)
{
    int n = 0;
    for (sqlite3_stmt *st = sqlite3_next_stmt(db->h, NULL); st; st = sqlite3_next_stmt(db->h, st))
        if (sqlite3_stmt_busy(st)) {
            if (sql && !n)
                *sql = sqlite3_sql(st);
            n++;
        }
    return n;
}

int db_committed(struct db *db)
{
    /* Inside the caller's own BEGIN the caller commits; otherwise nothing
     * may be pending once the statement is done. */
    if (!sqlite3_get_autocommit(db->h) || sqlite3_txn_state(db->h, NULL) == SQLITE_TXN_NONE)
        return 1;
    const char *sql = "?";
    int busy = db_busy_statements(db, &sql);
    log_err("db: a write is not committed yet (transaction open, %d statement(s) running, "
            "first: %s)", busy, sql);
    return 0;
}
