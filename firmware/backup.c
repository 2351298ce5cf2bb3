/* backup.c: writing and restoring a kiosk's backup (see backup.h). Uses
 * the store (db/), the card key (card.h), libsodium and libc. */
#include "firmware/backup.h"
#include "db/db_migrate.h"
#include "db/db_untrusted.h"
#include "firmware/card.h"
#include "base/log.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define MAGIC "SKBACKUP"
#define HEADER_BYTES 88
#define INNER_BYTES 48
#define ABYTES crypto_secretstream_xchacha20poly1305_ABYTES
#define CHECK_TEXT "stagekiosk backup passphrase check"
#define DB_MAX ((uint64_t)1 << 32)

const struct backup_cost backup_cost_default = {3, 128u << 20};
static const struct backup_cost cost_cap = {20, (size_t)1 << 30};

int backup_passphrase_ok(const char *passphrase)
{
    return passphrase && strlen(passphrase) >= BACKUP_PASS_MIN;
}

/* ---- little-endian fields ------------------------------------------ */

static void put_le(unsigned char *p, uint64_t v, int n)
{
    for (int i = 0; i < n; i++)
        p[i] = (unsigned char)(v >> (8 * i));
}

static uint64_t get_le(const unsigned char *p, int n)
{
    uint64_t v = 0;
    for (int i = n - 1; i >= 0; i--)
        v = v << 8 | p[i];
    return v;
}

/* ---- files ---------------------------------------------------------- */

static int write_all(int fd, const unsigned char *p, size_t n)
{
    while (n) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

/* Reads exactly n bytes: 1, 0 at the end of the file (fewer bytes), -1 on
 * an error. */
static int read_all(int fd, unsigned char *p, size_t n)
{
    while (n) {
        ssize_t r = read(fd, p, n);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            return -1;
        if (r == 0)
            return 0;
        p += r;
        n -= (size_t)r;
    }
    return 1;
}

static void sync_dir(const char *dir)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        fsync(fd); /* best effort: not every file system can */
        close(fd);
    }
}

static void remove_db(const char *path)
{
    static const char *const suffix[] = {"", "-journal", "-wal", "-shm"};
    char p[PATH_MAX + 16];
    for (size_t i = 0; i < sizeof suffix / sizeof suffix[0]; i++) {
        snprintf(p, sizeof p, "%s%s", path, suffix[i]);
        unlink(p);
    }
}

/* The key from passphrase and salt, and its check value. 0 or -1 (no
 * memory for argon2id). */
static int derive(const char *passphrase, const unsigned char *salt,
                  const struct backup_cost *cost, unsigned char key[32], unsigned char check[16])
{
    if (crypto_pwhash(key, 32, passphrase, strlen(passphrase), salt, cost->ops, cost->mem,
                      crypto_pwhash_ALG_ARGON2ID13) != 0)
        return -1;
    crypto_generichash(check, 16, (const unsigned char *)CHECK_TEXT, strlen(CHECK_TEXT), key,
                       32);
    return 0;
}

/* ---- writing -------------------------------------------------------- */

struct writer {
    int fd;
    crypto_secretstream_xchacha20poly1305_state st;
    unsigned char ad[HEADER_BYTES];
    int first;
};

static int push(struct writer *w, const unsigned char *m, size_t n, unsigned char tag)
{
    unsigned char c[BACKUP_CHUNK + ABYTES];
    crypto_secretstream_xchacha20poly1305_push(&w->st, c, NULL, m, n, w->first ? w->ad : NULL,
                                               w->first ? HEADER_BYTES : 0, tag);
    w->first = 0;
    return write_all(w->fd, c, n + ABYTES);
}

/* Header and stream into fd: 0, or -1 with errno (EIO for our own faults). */
static int write_stream(int fd, int dbfd, uint64_t db_bytes, const struct card_key *ck,
                        int schema, int64_t now, const char *passphrase,
                        const struct backup_cost *cost)
{
    static unsigned char buf[BACKUP_CHUNK];
    struct writer w = {.fd = fd, .first = 1};
    unsigned char key[32], check[16], inner[INNER_BYTES] = {0};
    unsigned char *h = w.ad;
    memset(h, 0, HEADER_BYTES);
    memcpy(h, MAGIC, 8);
    put_le(h + 8, BACKUP_FORMAT, 2);
    put_le(h + 10, (uint64_t)schema, 2);
    put_le(h + 16, cost->ops, 8);
    put_le(h + 24, cost->mem, 8);
    randombytes_buf(h + 32, 16);
    int rc = -1;
    if (derive(passphrase, h + 32, cost, key, check) != 0) {
        errno = ENOMEM;
        goto done;
    }
    memcpy(h + 48, check, 16);
    crypto_secretstream_xchacha20poly1305_init_push(&w.st, h + 64, key);
    memcpy(inner, ck->bytes, 32);
    put_le(inner + 32, db_bytes, 8);
    put_le(inner + 40, (uint64_t)now, 8);
    if (write_all(fd, h, HEADER_BYTES) != 0 ||
        push(&w, inner, INNER_BYTES, crypto_secretstream_xchacha20poly1305_TAG_MESSAGE) != 0)
        goto done;
    uint64_t left = db_bytes;
    do {
        size_t n = left > BACKUP_CHUNK ? BACKUP_CHUNK : (size_t)left;
        int r = read_all(dbfd, buf, n);
        if (r != 1) {
            errno = r == 0 ? EIO : errno;
            goto done;
        }
        left -= n;
        if (push(&w, buf, n,
                 left ? crypto_secretstream_xchacha20poly1305_TAG_MESSAGE
                      : crypto_secretstream_xchacha20poly1305_TAG_FINAL) != 0)
            goto done;
    } while (left);
    rc = fsync(fd);
done:
    sodium_memzero(key, sizeof key);
    sodium_memzero(inner, sizeof inner);
    sodium_memzero(&w.st, sizeof w.st);
    sodium_memzero(buf, sizeof buf);
    return rc;
}

/* A consistent copy of the store (VACUUM INTO) in a new scratch folder. */
static int snapshot(struct db *db, char *dir, size_t dirlen, char *path, size_t len)
{
    const char *base = getenv("TMPDIR");
    snprintf(dir, dirlen, "%s/stagekiosk-backup-XXXXXX", base && *base ? base : "/tmp");
    if (!mkdtemp(dir)) {
        log_err("backup: cannot make a scratch folder: %s", strerror(errno));
        dir[0] = '\0';
        return -1;
    }
    snprintf(path, len, "%s/stagekiosk.db", dir);
    sqlite3_stmt *st = db_stmt(db, "VACUUM INTO ?1");
    if (!st)
        return -1;
    sqlite3_bind_text(st, 1, path, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        log_err("backup: VACUUM INTO %s: %s", path, db_errmsg(db));
        return -1;
    }
    return 0;
}

static int schema_of(struct db *db)
{
    return (int)db_step_int(db_stmt(db, "PRAGMA user_version"), 0);
}

int backup_write(struct db *db, const char *data_dir, const char *dest_dir,
                 const char *passphrase, int64_t now, const struct backup_cost *cost,
                 struct backup_result *out)
{
    memset(out, 0, sizeof *out);
    if (!cost)
        cost = &backup_cost_default;
    if (!backup_passphrase_ok(passphrase)) {
        snprintf(out->err, sizeof out->err,
                 "Het wachtwoord is te kort: gebruik minstens %d tekens.", BACKUP_PASS_MIN);
        return -1;
    }
    if (sodium_init() < 0) {
        snprintf(out->err, sizeof out->err, "libsodium start niet.");
        return -1;
    }
    struct card_key ck;
    char err[256], scratch_dir[PATH_MAX], copy[PATH_MAX + 32], tmp[PATH_MAX + 64];
    scratch_dir[0] = tmp[0] = '\0';
    int rc = -1, dbfd = -1, fd = -1;
    if (card_key_load(data_dir, &ck, err, sizeof err) != 0) {
        snprintf(out->err, sizeof out->err, "%s", err);
        return -1;
    }
    if (snapshot(db, scratch_dir, sizeof scratch_dir, copy, sizeof copy) != 0) {
        snprintf(out->err, sizeof out->err,
                 "De kiosk heeft te weinig ruimte voor een back-up. Er is niets opgeslagen.");
        goto done;
    }
    out->schema = schema_of(db);
    struct tm tm;
    time_t t = (time_t)now;
    localtime_r(&t, &tm);
    char stamp[32];
    strftime(stamp, sizeof stamp, "%Y-%m-%d-%H%M%S", &tm);
    snprintf(out->file, sizeof out->file, "%s/stagekiosk-backup-%s" BACKUP_SUFFIX, dest_dir,
             stamp);
    snprintf(tmp, sizeof tmp, "%s/.stagekiosk-backup-%s.tmp", dest_dir, stamp);
    struct stat sb;
    dbfd = open(copy, O_RDONLY | O_CLOEXEC);
    if (dbfd < 0 || fstat(dbfd, &sb) != 0 || sb.st_size <= 0) {
        log_err("backup: cannot read %s: %s", copy, strerror(errno));
        snprintf(out->err, sizeof out->err, "De back-up is mislukt. Er is niets opgeslagen.");
        goto done;
    }
    fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    int e = 0;
    if (fd < 0 || write_stream(fd, dbfd, (uint64_t)sb.st_size, &ck, out->schema, now,
                               passphrase, cost) != 0)
        e = errno ? errno : EIO;
    if (fd >= 0 && close(fd) != 0 && !e)
        e = errno;
    fd = -1;
    if (!e && rename(tmp, out->file) != 0)
        e = errno;
    if (e) {
        log_err("backup: cannot write %s: %s", out->file, strerror(e));
        snprintf(out->err, sizeof out->err, "%s",
                 e == ENOSPC ? "De stick is vol. Er is niets opgeslagen."
                 : e == ENOMEM ? "De kiosk heeft te weinig geheugen voor de versleuteling. "
                                 "Er is niets opgeslagen."
                             : "Er kan niet op de stick worden geschreven. Er is niets "
                               "opgeslagen.");
        unlink(tmp);
        goto done;
    }
    sync_dir(dest_dir);
    if (stat(out->file, &sb) == 0)
        out->bytes = sb.st_size;
    log_info("backup: %s written (%lld bytes, schema %d)", out->file, (long long)out->bytes,
             out->schema);
    rc = 0;
done:
    sodium_memzero(&ck, sizeof ck);
    if (dbfd >= 0)
        close(dbfd);
    if (scratch_dir[0]) {
        remove_db(copy);
        rmdir(scratch_dir);
    }
    return rc;
}

/* ---- reading -------------------------------------------------------- */

#define FAIL(...)                                                                             \
    do {                                                                                      \
        snprintf(err, errlen, __VA_ARGS__);                                                   \
        goto done;                                                                            \
    } while (0)

static const char damaged[] =
    "De back-up is beschadigd of niet compleet. Er is niets veranderd. Maak een nieuwe "
    "back-up, of probeer een andere.";

int backup_read(const char *file, const char *passphrase, const char *db_out,
                unsigned char key_out[32], const struct backup_cost *max, int *schema, char *err,
                size_t errlen)
{
    if (!max)
        max = &cost_cap;
    unsigned char h[HEADER_BYTES], key[32], check[16], inner[INNER_BYTES];
    static unsigned char c[BACKUP_CHUNK + ABYTES], m[BACKUP_CHUNK];
    crypto_secretstream_xchacha20poly1305_state st;
    int rc = -1, out = -1, created = 0, in = open(file, O_RDONLY | O_CLOEXEC);
    *schema = 0;
    if (sodium_init() < 0)
        FAIL("libsodium start niet.");
    if (in < 0) {
        log_err("restore: cannot open %s: %s", file, strerror(errno));
        FAIL("Het bestand %s is niet te lezen.", file);
    }
    int r = read_all(in, h, 8);
    if (r < 0)
        FAIL("Het bestand %s is niet te lezen.", file);
    if (r == 0 || memcmp(h, MAGIC, 8))
        FAIL("%s is geen back-up van een stagekiosk.", file);
    if (read_all(in, h + 8, HEADER_BYTES - 8) != 1)
        FAIL("%s", damaged);
    uint64_t format = get_le(h + 8, 2), ops = get_le(h + 16, 8), mem = get_le(h + 24, 8);
    *schema = (int)get_le(h + 10, 2);
    if (format > BACKUP_FORMAT || *schema > db_migrate_latest()) {
        log_err("restore: %s has format %llu, schema %d; this program knows %d and %d", file,
                (unsigned long long)format, *schema, BACKUP_FORMAT, db_migrate_latest());
        FAIL("Deze back-up komt van een nieuwere stagekiosk. Installeer eerst die versie (of "
             "een nieuwere) en zet de back-up dan terug.");
    }
    if (format < 1 || *schema < 1 || get_le(h + 12, 4) != 0 ||
        ops < crypto_pwhash_OPSLIMIT_MIN || ops > max->ops ||
        mem < crypto_pwhash_MEMLIMIT_MIN || mem > max->mem) {
        log_err("restore: %s: header out of range (format %llu, schema %d, ops %llu, mem %llu)",
                file, (unsigned long long)format, *schema, (unsigned long long)ops,
                (unsigned long long)mem);
        FAIL("%s", damaged);
    }
    struct backup_cost cost = {ops, (size_t)mem};
    if (derive(passphrase, h + 32, &cost, key, check) != 0)
        FAIL("De kiosk heeft te weinig geheugen om de back-up te openen.");
    if (sodium_memcmp(check, h + 48, 16) != 0)
        FAIL("Het wachtwoord klopt niet. Er is niets veranderd.");
    if (crypto_secretstream_xchacha20poly1305_init_pull(&st, h + 64, key) != 0)
        FAIL("%s", damaged);
    unsigned char tag;
    if (read_all(in, c, INNER_BYTES + ABYTES) != 1 ||
        crypto_secretstream_xchacha20poly1305_pull(&st, inner, NULL, &tag, c,
                                                   INNER_BYTES + ABYTES, h, HEADER_BYTES) != 0 ||
        tag != crypto_secretstream_xchacha20poly1305_TAG_MESSAGE)
        FAIL("%s", damaged);
    uint64_t left = get_le(inner + 32, 8);
    if (left == 0 || left > DB_MAX)
        FAIL("%s", damaged);
    out = open(db_out, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (out < 0) {
        log_err("restore: cannot make %s: %s", db_out, strerror(errno));
        FAIL("De kiosk kan de back-up niet uitpakken: %s.", strerror(errno));
    }
    created = 1;
    while (left) {
        size_t n = left > BACKUP_CHUNK ? BACKUP_CHUNK : (size_t)left;
        left -= n;
        unsigned char want = left ? crypto_secretstream_xchacha20poly1305_TAG_MESSAGE
                                  : crypto_secretstream_xchacha20poly1305_TAG_FINAL;
        if (read_all(in, c, n + ABYTES) != 1 ||
            crypto_secretstream_xchacha20poly1305_pull(&st, m, NULL, &tag, c, n + ABYTES, NULL,
                                                       0) != 0 ||
            tag != want)
            FAIL("%s", damaged);
        if (write_all(out, m, n) != 0) {
            log_err("restore: cannot write %s: %s", db_out, strerror(errno));
            FAIL("De kiosk heeft te weinig ruimte om de back-up terug te zetten. Er is niets "
                 "veranderd.");
        }
    }
    if (read_all(in, c, 1) != 0) /* nothing after the final piece */
        FAIL("%s", damaged);
    if (fsync(out) != 0 || close(out) != 0) {
        out = -1;
        log_err("restore: cannot write %s: %s", db_out, strerror(errno));
        FAIL("De kiosk heeft te weinig ruimte om de back-up terug te zetten. Er is niets "
             "veranderd.");
    }
    out = -1;
    int version;
    int64_t pages;
    enum db_untrusted_verdict v = db_untrusted_check(db_out, &version, &pages);
    if (v != DB_UNTRUSTED_OK || version != *schema) {
        log_err("restore: the database in %s fails its check (%d, version %d of %d)", file,
                (int)v, version, *schema);
        FAIL("%s Er is niets veranderd.", db_untrusted_text(v ? v : DB_UNTRUSTED_DAMAGED));
    }
    memcpy(key_out, inner, 32);
    rc = 0;
done:
    if (out >= 0)
        close(out);
    if (in >= 0)
        close(in);
    if (rc != 0 && created)
        unlink(db_out);
    sodium_memzero(key, sizeof key);
    sodium_memzero(inner, sizeof inner);
    sodium_memzero(m, sizeof m);
    sodium_memzero(&st, sizeof st);
    return rc;
}

/* ---- restoring ------------------------------------------------------ */

int backup_has_data(const char *data_dir)
{
    char path[PATH_MAX + 32];
    snprintf(path, sizeof path, "%s/stagekiosk.db", data_dir);
    if (access(path, F_OK) != 0)
        return 0;
    sqlite3 *h = NULL;
    int64_t n = 1; /* a store we cannot read counts as data: never overwrite it */
    sqlite3_stmt *st = NULL;
    if (sqlite3_open_v2(path, &h, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
        sqlite3_prepare_v2(h,
                           "SELECT (SELECT count(*) FROM students) + (SELECT count(*) FROM groups)"
                           " + (SELECT count(*) FROM sessions)",
                           -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(h);
    return n > 0;
}

/* Moves DATA/name into aside (made on first use) when it exists. */
static int move_aside(const char *data_dir, const char *name, char *aside, size_t len,
                      int64_t now)
{
    char from[PATH_MAX + 64], to[2 * PATH_MAX];
    snprintf(from, sizeof from, "%s/%s", data_dir, name);
    if (access(from, F_OK) != 0)
        return 0;
    if (!aside[0]) {
        struct tm tm;
        time_t t = (time_t)now;
        localtime_r(&t, &tm);
        char stamp[32];
        strftime(stamp, sizeof stamp, "%Y-%m-%d-%H%M%S", &tm);
        snprintf(aside, len, "%s/oud-%s", data_dir, stamp);
        if (mkdir(aside, 0700) != 0) {
            aside[0] = '\0';
            return -1;
        }
    }
    snprintf(to, sizeof to, "%s/%s", aside, name);
    return rename(from, to);
}

/* Writes the card key as DATA/card.key (through a temporary name). */
static int put_key(const char *data_dir, const unsigned char key[32])
{
    char tmp[PATH_MAX + 32], path[PATH_MAX + 32];
    snprintf(tmp, sizeof tmp, "%s/card.key.restore", data_dir);
    snprintf(path, sizeof path, "%s/card.key", data_dir);
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0)
        return -1;
    int ok = write_all(fd, key, 32) == 0 && fsync(fd) == 0;
    if (close(fd) != 0 || !ok || rename(tmp, path) != 0) {
        unlink(tmp);
        return -1;
    }
    return 0;
}

/* 1 when another process has the store open: every SQLite connection to
 * a WAL store holds a read lock on byte 128 of its -shm file (the unix
 * VFS's "DMS" lock) for as long as it is open. Our own locks never count
 * (POSIX locks), so the kiosk itself closes the store first. */
static int store_in_use(const char *data_dir)
{
    char shm[PATH_MAX + 32];
    snprintf(shm, sizeof shm, "%s/stagekiosk.db-shm", data_dir);
    int fd = open(shm, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return 0;
    struct flock fl = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 128, .l_len = 1};
    int busy = fcntl(fd, F_GETLK, &fl) == 0 && fl.l_type != F_UNLCK;
    close(fd);
    return busy;
}

int backup_restore(const char *file, const char *data_dir, const char *passphrase,
                   int replace, int64_t now, struct backup_result *out)
{
    memset(out, 0, sizeof *out);
    snprintf(out->file, sizeof out->file, "%s", file);
    if (store_in_use(data_dir)) {
        log_err("restore: %s/stagekiosk.db is open in another process", data_dir);
        snprintf(out->err, sizeof out->err,
                 "De kiosk gebruikt de gegevens nog. Stop eerst de kiosk (systemctl stop "
                 "stagekiosk) en zet de back-up dan terug. Er is niets veranderd.");
        return -1;
    }
    if (!replace && backup_has_data(data_dir)) {
        snprintf(out->err, sizeof out->err,
                 "Deze kiosk heeft al gegevens. Terugzetten vervangt ze (de oude gegevens "
                 "blijven bewaard in een aparte map). Er is niets veranderd.");
        return -1;
    }
    int made_dir = mkdir(data_dir, 0700) == 0;
    if (!made_dir && errno != EEXIST) {
        snprintf(out->err, sizeof out->err, "De map %s kan niet worden gemaakt.", data_dir);
        return -1;
    }
    char tmp[PATH_MAX + 32], path[PATH_MAX + 32];
    unsigned char key[32];
    snprintf(tmp, sizeof tmp, "%s/stagekiosk.db.restore", data_dir);
    snprintf(path, sizeof path, "%s/stagekiosk.db", data_dir);
    remove_db(tmp); /* left by a restore that was cut off */
    if (backup_read(file, passphrase, tmp, key, NULL, &out->schema, out->err,
                    sizeof out->err) != 0) {
        log_err("restore: %s refused: %s", file, out->err);
        if (made_dir)
            rmdir(data_dir);
        return -1;
    }
    static const char *const names[] = {"stagekiosk.db", "stagekiosk.db-wal",
                                        "stagekiosk.db-shm", "stagekiosk.db-journal", "card.key"};
    int rc = -1;
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (move_aside(data_dir, names[i], out->aside, sizeof out->aside, now) != 0) {
            log_err("restore: cannot move %s/%s aside: %s", data_dir, names[i],
                    strerror(errno));
            goto fail;
        }
    if (put_key(data_dir, key) != 0 || rename(tmp, path) != 0) {
        log_err("restore: cannot put the restored files in %s: %s", data_dir, strerror(errno));
        goto fail;
    }
    sync_dir(data_dir);
    log_info("restore: %s restored into %s (schema %d)%s%s", file, data_dir, out->schema,
             out->aside[0] ? ", old data in " : "", out->aside);
    rc = 0;
    goto done;
fail:
    snprintf(out->err, sizeof out->err,
             "Terugzetten is mislukt: de datamap kan niet worden beschreven.%s%s%s",
             out->aside[0] ? " De oude gegevens staan in " : "", out->aside,
             out->aside[0] ? "." : "");
    remove_db(tmp);
done:
    sodium_memzero(key, sizeof key);
    return rc;
}
