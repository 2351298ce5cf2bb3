/* db_untrusted.c: checking a SQLite file from outside (see db_untrusted.h). */
#include "db/db_untrusted.h"
#include "db/db_migrate.h"
#include "base/log.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define STEPS_PER_CALL 1000

/* Measured (make bench, "hostile-file bound"): a quick_check and a merge
 * of a school year take well under 2000 steps a page. */
int64_t db_untrusted_budget(int64_t pages)
{
    return 50000000 + (pages > 0 ? pages : 0) * 20000;
}

static int on_progress(void *user)
{
    struct db_work *w = user;
    w->left -= STEPS_PER_CALL;
    if (w->left > 0)
        return 0;
    w->hit = 1;
    return 1;
}

void db_untrusted_bound(sqlite3 *h, struct db_work *work, int64_t ops)
{
    work->left = ops;
    work->hit = 0;
    sqlite3_progress_handler(h, ops > 0 ? STEPS_PER_CALL : 0, ops > 0 ? on_progress : NULL,
                             ops > 0 ? work : NULL);
}

const char *db_untrusted_text(enum db_untrusted_verdict v)
{
    switch (v) {
    case DB_UNTRUSTED_OK:
        return "";
    case DB_UNTRUSTED_NOT_OURS:
        return "Het bestand is geen stagekiosk-database.";
    case DB_UNTRUSTED_NEWER:
        return "Het bestand komt van een nieuwere stagekiosk. Installeer eerst de nieuwste "
               "stagekiosk op deze kiosk.";
    case DB_UNTRUSTED_ALTERED:
        return "Het bestand is geen gewone stagekiosk-database: er is iets aan veranderd. "
               "Gebruik alleen bestanden die een kiosk zelf heeft gemaakt.";
    case DB_UNTRUSTED_DAMAGED:
        return "Het bestand is beschadigd.";
    case DB_UNTRUSTED_TOO_SLOW:
        return "Het bestand kost te veel werk om te lezen. Het is beschadigd of aangepast.";
    case DB_UNTRUSTED_IO:
        break;
    }
    return "Het bestand is niet te lezen.";
}

/* The schema as rows "type|name|tbl_name|sql\n", sorted, in one string
 * (malloc'd; NULL on an error, with *rc the SQLite code). */
static char *schema_text(sqlite3 *h, int *rc)
{
    sqlite3_stmt *st;
    *rc = sqlite3_prepare_v2(h,
                             "SELECT type, name, tbl_name, coalesce(sql, '') FROM sqlite_schema"
                             " ORDER BY type, name",
                             -1, &st, NULL);
    if (*rc != SQLITE_OK)
        return NULL;
    size_t len = 0, cap = 4096;
    char *out = malloc(cap);
    while (out && (*rc = sqlite3_step(st)) == SQLITE_ROW) {
        size_t need = 8;
        for (int c = 0; c < 4; c++)
            need += (size_t)sqlite3_column_bytes(st, c) + 1;
        if (len + need >= cap) {
            while (len + need >= cap)
                cap *= 2;
            char *more = realloc(out, cap);
            if (!more) {
                free(out);
                out = NULL;
                break;
            }
            out = more;
        }
        len += (size_t)snprintf(out + len, cap - len, "%s|%s|%s|%s\n",
                                (const char *)sqlite3_column_text(st, 0),
                                (const char *)sqlite3_column_text(st, 1),
                                (const char *)sqlite3_column_text(st, 2),
                                (const char *)sqlite3_column_text(st, 3));
    }
    sqlite3_finalize(st);
    if (out && *rc != SQLITE_DONE) {
        free(out);
        return NULL;
    }
    return out;
}

/* The schema our migrations build for version v. */
static char *reference_schema(int v)
{
    sqlite3 *h = NULL;
    char err[256], *out = NULL;
    int rc;
    if (sqlite3_open_v2(":memory:", &h, SQLITE_OPEN_READWRITE, NULL) == SQLITE_OK &&
        db_migrate_to(h, v, err, sizeof err) == 0)
        out = schema_text(h, &rc);
    sqlite3_close(h);
    return out;
}

/* Compares the "type|name" keys of two schema lines (sorted by type, then
 * name, as SQLite's BINARY collation does). */
static int key_cmp(const char *a, const char *b)
{
    for (int part = 0; part < 2; part++) {
        size_t la = strcspn(a, "|\n"), lb = strcspn(b, "|\n");
        int c = memcmp(a, b, la < lb ? la : lb);
        if (c || la != lb)
            return c ? c : la < lb ? -1 : 1;
        a += la + 1;
        b += lb + 1;
    }
    return 0;
}

/* The first object that differs between the file's schema and ours, for
 * the log: extra, missing, or changed. */
static void first_difference(const char *have, const char *want, char *out, size_t len)
{
    while (*have || *want) {
        size_t lh = strcspn(have, "\n"), lw = strcspn(want, "\n");
        int c = !*have ? 1 : !*want ? -1 : key_cmp(have, want);
        if (c < 0) {
            snprintf(out, len, "extra object \"%.*s\"", (int)(lh > 160 ? 160 : lh), have);
            return;
        }
        if (c > 0) {
            snprintf(out, len, "missing object \"%.*s\"", (int)(lw > 160 ? 160 : lw), want);
            return;
        }
        if (lh != lw || memcmp(have, want, lh)) {
            snprintf(out, len, "changed object \"%.*s\"", (int)(lh > 160 ? 160 : lh), have);
            return;
        }
        have += lh + (have[lh] == '\n');
        want += lw + (want[lw] == '\n');
    }
    snprintf(out, len, "no difference");
}

static int pragma_int(sqlite3 *h, const char *sql, int64_t *out)
{
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(h, sql, -1, &st, NULL);
    if (rc != SQLITE_OK)
        return rc;
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *out = sqlite3_column_int64(st, 0);
        rc = SQLITE_OK;
    }
    sqlite3_finalize(st);
    return rc;
}

static enum db_untrusted_verdict verdict_of(int rc, struct db_work *work)
{
    if (work->hit || rc == SQLITE_INTERRUPT)
        return DB_UNTRUSTED_TOO_SLOW;
    if ((rc & 0xff) == SQLITE_NOTADB)
        return DB_UNTRUSTED_NOT_OURS;
    if ((rc & 0xff) == SQLITE_CORRUPT || (rc & 0xff) == SQLITE_ERROR)
        return DB_UNTRUSTED_DAMAGED; /* "malformed database schema" is an error */
    return DB_UNTRUSTED_IO;
}

/* One of our tables that every version has. */
static int has_our_tables(sqlite3 *h)
{
    int64_t n = 0;
    return pragma_int(h, "SELECT count(*) FROM sqlite_schema WHERE type = 'table'"
                         " AND name IN ('groups', 'students')", &n) == SQLITE_OK && n == 2;
}

enum db_untrusted_verdict db_untrusted_check(const char *path, int *version, int64_t *pages)
{
    *version = 0;
    *pages = 0;
    /* A relative name that starts with "file:" would be a URI in builds
     * where URIs are on by default. */
    char name[4200];
    snprintf(name, sizeof name, "%s%s", path[0] == '/' ? "" : "./", path);
    sqlite3 *h = NULL;
    struct db_work work = {0};
    char *have = NULL, *want = NULL;
    enum db_untrusted_verdict v = DB_UNTRUSTED_IO;
    int rc = sqlite3_open_v2(name, &h, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOFOLLOW, NULL);
    if (rc != SQLITE_OK) {
        log_err("untrusted: cannot open %s: %s", path, h ? sqlite3_errmsg(h) : "no memory");
        goto done;
    }
    int off = 0, on = 1;
    if (sqlite3_db_config(h, SQLITE_DBCONFIG_DEFENSIVE, on, NULL) != SQLITE_OK ||
        sqlite3_db_config(h, SQLITE_DBCONFIG_TRUSTED_SCHEMA, off, NULL) != SQLITE_OK ||
        sqlite3_db_config(h, SQLITE_DBCONFIG_ENABLE_TRIGGER, off, NULL) != SQLITE_OK ||
        sqlite3_db_config(h, SQLITE_DBCONFIG_ENABLE_VIEW, off, NULL) != SQLITE_OK) {
        log_err("untrusted: cannot make %s's connection defensive", path);
        goto done;
    }
    sqlite3_limit(h, SQLITE_LIMIT_ATTACHED, 0);
    sqlite3_extended_result_codes(h, 1);
    db_untrusted_bound(h, &work, db_untrusted_budget(0));

    int64_t user_version = 0, page_count = 0;
    rc = pragma_int(h, "PRAGMA user_version", &user_version);
    if (rc == SQLITE_OK)
        rc = pragma_int(h, "PRAGMA page_count", &page_count);
    if (rc != SQLITE_OK) {
        v = verdict_of(rc, &work);
        log_err("untrusted: %s: %s", path, sqlite3_errmsg(h));
        goto done;
    }
    *pages = page_count;
    *version = user_version > 0 && user_version < 1000000 ? (int)user_version : 0;
    if (!has_our_tables(h) || user_version < 1) {
        v = DB_UNTRUSTED_NOT_OURS;
        log_err("untrusted: %s has none of our tables (user_version %lld)", path,
                (long long)user_version);
        goto done;
    }
    if (user_version > db_migrate_latest()) {
        v = DB_UNTRUSTED_NEWER;
        log_err("untrusted: %s has schema version %lld, this program knows %d", path,
                (long long)user_version, db_migrate_latest());
        goto done;
    }
    int64_t utf8 = 0;
    if (pragma_int(h, "SELECT \"encoding\" = 'UTF-8' FROM pragma_encoding", &utf8) !=
            SQLITE_OK || !utf8) {
        v = DB_UNTRUSTED_ALTERED;
        log_err("untrusted: %s is not UTF-8", path);
        goto done;
    }
    have = schema_text(h, &rc);
    want = reference_schema(*version);
    if (!have) {
        v = verdict_of(rc, &work);
        log_err("untrusted: cannot read the schema of %s: %s", path, sqlite3_errmsg(h));
        goto done;
    }
    if (!want) {
        log_err("untrusted: cannot build schema version %d", *version);
        goto done;
    }
    if (strcmp(have, want)) {
        char diff[400];
        first_difference(have, want, diff, sizeof diff);
        v = DB_UNTRUSTED_ALTERED;
        log_err("untrusted: %s is not our schema version %d: %s", path, *version, diff);
        goto done;
    }
    db_untrusted_bound(h, &work, db_untrusted_budget(page_count));
    sqlite3_stmt *st;
    rc = sqlite3_prepare_v2(h, "PRAGMA quick_check(1)", -1, &st, NULL);
    if (rc == SQLITE_OK) {
        rc = sqlite3_step(st);
        int ok = rc == SQLITE_ROW && sqlite3_column_text(st, 0) &&
                 !strcmp((const char *)sqlite3_column_text(st, 0), "ok");
        if (rc == SQLITE_ROW)
            rc = ok ? SQLITE_OK : SQLITE_CORRUPT;
        if (!ok && rc == SQLITE_CORRUPT)
            log_err("untrusted: %s: quick_check: %s", path, sqlite3_column_text(st, 0));
        sqlite3_finalize(st);
    }
    if (rc != SQLITE_OK) {
        v = verdict_of(rc, &work);
        log_err("untrusted: %s fails its check: %s%s", path, sqlite3_errmsg(h),
                work.hit ? " (work bound hit)" : "");
        goto done;
    }
    v = DB_UNTRUSTED_OK;
done:
    free(have);
    free(want);
    sqlite3_close(h);
    return v;
}

int db_untrusted_copy(const char *from, const char *to, int64_t max_bytes)
{
    int in = open(from, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (in < 0)
        return -1;
    int out = open(to, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (out < 0) {
        int e = errno;
        close(in);
        errno = e;
        return -1;
    }
    char buf[65536];
    int64_t total = 0;
    int e = 0;
    for (;;) {
        ssize_t n = read(in, buf, sizeof buf);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            e = n < 0 ? errno : 0;
            break;
        }
        total += n;
        if (total > max_bytes) {
            e = EFBIG;
            break;
        }
        for (ssize_t done = 0; done < n;) {
            ssize_t w = write(out, buf + done, (size_t)(n - done));
            if (w < 0 && errno == EINTR)
                continue;
            if (w < 0) {
                e = errno;
                break;
            }
            done += w;
        }
        if (e)
            break;
    }
    close(in);
    if (close(out) != 0 && !e)
        e = errno;
    if (e) {
        unlink(to);
        errno = e;
        return -1;
    }
    return 0;
}
