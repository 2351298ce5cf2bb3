/* db_pin.c: the teacher PIN as an argon2id hash plus a persistent lockout,
 * all in the settings table (keys pin.hash, pin.failures, pin.locked_until).
 *
 * Hash cost: argon2id with 19 MiB and 2 passes (the OWASP minimum), not
 * libsodium's INTERACTIVE 64 MiB: 64 MiB would more than double the kiosk's
 * peak memory and take over half a second on a Pi 4, while the lockout, not
 * the hash, is what stops guessing a 4-8 digit PIN at the keypad. The
 * parameters travel inside the hash string, so a later change still checks
 * old hashes and rehashes them on the next correct PIN. */
#include "db/db_pin.h"
#include "base/log.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PIN_OPSLIMIT 2ULL
#define PIN_MEMLIMIT ((size_t)19 * 1024 * 1024)

int db_pin_valid(const char *pin)
{
    size_t n = pin ? strlen(pin) : 0;
    if (n < DB_PIN_MIN_DIGITS || n > DB_PIN_MAX_DIGITS)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (pin[i] < '0' || pin[i] > '9')
            return 0;
    return 1;
}

/* Reads a setting into out; 1 found, 0 absent, -1 error. */
static int setting_get(struct db *db, const char *key, char *out, size_t len)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT value FROM settings WHERE key = ?1");
    if (!st)
        return -1;
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    int found = db_step_row(db, st, "reading a setting");
    if (found == 1) {
        db_column_text(st, 0, out, len);
        sqlite3_reset(st);
    }
    return found;
}

static int setting_put(struct db *db, const char *key, const char *value)
{
    sqlite3_stmt *st = db_stmt(db, "INSERT INTO settings(key, value) VALUES (?1, ?2)"
                                   " ON CONFLICT(key) DO UPDATE SET value = excluded.value");
    if (!st)
        return -1;
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, value, -1, SQLITE_STATIC);
    if (db_step_done(st) != 0) {
        log_err("pin: cannot store setting %s: %s", key, db_errmsg(db));
        return -1;
    }
    return 0;
}

static int setting_put_int(struct db *db, const char *key, int64_t v)
{
    char text[24];
    snprintf(text, sizeof text, "%lld", (long long)v);
    return setting_put(db, key, text);
}

static int64_t setting_int(struct db *db, const char *key, int64_t fallback)
{
    char text[24];
    int rc = setting_get(db, key, text, sizeof text);
    if (rc < 0)
        return -1;
    if (rc == 0)
        return fallback;
    char *end;
    long long v = strtoll(text, &end, 10);
    return end == text || *end || v < 0 ? fallback : v;
}

/* Length of the lock that the n-th wrong try in a row starts (0: none). */
static int64_t lock_length(int64_t failures)
{
    if (failures < DB_PIN_FREE_TRIES)
        return 0;
    int64_t len = DB_PIN_LOCK_S;
    for (int64_t i = DB_PIN_FREE_TRIES; i < failures && len < DB_PIN_LOCK_MAX_S; i++)
        len *= 2;
    return len < DB_PIN_LOCK_MAX_S ? len : DB_PIN_LOCK_MAX_S;
}

/* Seconds left of the lock; never more than the lock's own length, so a
 * clock set back (a Pi has no battery clock) cannot lock for days. */
static int64_t seconds_left(int64_t failures, int64_t locked_until, int64_t now)
{
    int64_t left = locked_until - now;
    int64_t len = lock_length(failures);
    if (left <= 0 || len == 0)
        return 0;
    return left < len ? left : len;
}

int db_pin_is_set(struct db *db)
{
    char hash[crypto_pwhash_STRBYTES];
    return setting_get(db, "pin.hash", hash, sizeof hash);
}

int db_pin_wait(struct db *db, int64_t now)
{
    int64_t failures = setting_int(db, "pin.failures", 0);
    int64_t until = setting_int(db, "pin.locked_until", 0);
    if (failures < 0 || until < 0)
        return -1;
    return (int)seconds_left(failures, until, now);
}

static int store_hash(struct db *db, const char *pin)
{
    char hash[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str_alg(hash, pin, strlen(pin), PIN_OPSLIMIT, PIN_MEMLIMIT,
                              crypto_pwhash_ALG_ARGON2ID13) != 0) {
        log_err("pin: hashing failed (out of memory?)");
        return -1;
    }
    return setting_put(db, "pin.hash", hash);
}

int db_pin_set(struct db *db, const char *pin)
{
    if (!db_pin_valid(pin) || sodium_init() < 0)
        return -1;
    if (db_begin(db) != 0)
        return -1;
    if (store_hash(db, pin) != 0 || setting_put_int(db, "pin.failures", 0) != 0 ||
        setting_put_int(db, "pin.locked_until", 0) != 0 || db_commit(db) != 0) {
        db_rollback(db);
        return -1;
    }
    log_info("pin: a new teacher PIN was set");
    return 0;
}

enum db_pin_result db_pin_check(struct db *db, const char *pin, int64_t now, int *wait_s,
                                int *tries_left)
{
    char hash[crypto_pwhash_STRBYTES];
    int dummy_wait, dummy_left;
    if (!wait_s)
        wait_s = &dummy_wait;
    if (!tries_left)
        tries_left = &dummy_left;
    *wait_s = 0;
    *tries_left = 0;
    if (sodium_init() < 0 || db_begin(db) != 0)
        return DB_PIN_ERROR;
    int found = setting_get(db, "pin.hash", hash, sizeof hash);
    int64_t failures = setting_int(db, "pin.failures", 0);
    int64_t until = setting_int(db, "pin.locked_until", 0);
    if (found < 0 || failures < 0 || until < 0)
        goto fail;
    if (!found) {
        db_rollback(db);
        return DB_PIN_NOT_SET;
    }
    int64_t left = seconds_left(failures, until, now);
    if (left > 0) {
        /* Locked: the PIN is not looked at, and the try costs nothing. */
        db_rollback(db);
        *wait_s = (int)left;
        return DB_PIN_LOCKED;
    }
    /* Count the try as wrong first and commit it; a correct PIN undoes it. */
    failures++;
    int64_t lock = lock_length(failures);
    if (setting_put_int(db, "pin.failures", failures) != 0 ||
        setting_put_int(db, "pin.locked_until", lock ? now + lock : 0) != 0 ||
        db_commit(db) != 0)
        goto fail;

    if (!db_pin_valid(pin) || crypto_pwhash_str_verify(hash, pin, strlen(pin)) != 0) {
        log_warn("pin: wrong PIN (%lld in a row)%s", (long long)failures,
                 lock ? ", keypad locked" : "");
        if (lock) {
            *wait_s = (int)lock;
            return DB_PIN_LOCKED;
        }
        *tries_left = (int)(DB_PIN_FREE_TRIES - failures);
        return DB_PIN_WRONG;
    }

    if (db_begin(db) != 0)
        return DB_PIN_ERROR;
    if (setting_put_int(db, "pin.failures", 0) != 0 ||
        setting_put_int(db, "pin.locked_until", 0) != 0)
        goto fail;
    if (crypto_pwhash_str_needs_rehash(hash, PIN_OPSLIMIT, PIN_MEMLIMIT) != 0 &&
        store_hash(db, pin) != 0)
        goto fail;
    if (db_commit(db) != 0)
        return DB_PIN_ERROR;
    *tries_left = DB_PIN_FREE_TRIES;
    return DB_PIN_OK;
fail:
    db_rollback(db);
    return DB_PIN_ERROR;
}

#define CARD_VERSION_KEY "pin.card_version" /* pin.*: never in an exported snapshot */

int db_pin_card_version(struct db *db)
{
    int64_t v = setting_int(db, CARD_VERSION_KEY, 1);
    if (v < 0)
        return -1;
    return v >= 1 && v <= 9999 ? (int)v : 1;
}

int db_pin_card_revoke(struct db *db)
{
    if (db_begin(db) != 0)
        return -1;
    int v = db_pin_card_version(db);
    if (v < 0 || v >= 9999 || setting_put_int(db, CARD_VERSION_KEY, v + 1) != 0 ||
        db_commit(db) != 0) {
        db_rollback(db);
        log_err("pin: teacher cards could not be revoked");
        return -1;
    }
    log_info("pin: teacher cards revoked; version %d from now on", v + 1);
    return v + 1;
}
