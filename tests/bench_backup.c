/* bench_backup.c: backup and restore of a school year (tests/benchdata.h:
 * 300 students, 12,000 check-ins, 3,000 zelfscans, 20,000 votes), with
 * the kiosk's real argon2id cost, and the hostile-file bound measured on
 * the same data.
 *
 *   bench_backup [DIR]     (DIR: a scratch folder, default a new one)
 *
 * Figures: backup time and size, restore time (targets: under 10 s each on
 * this machine, a Pi 4 is some 3 times slower); the virtual-machine steps
 * per page that the check and a merge of a school year's snapshot take,
 * against the budget db_untrusted_budget() gives (must stay far below). */
#include "db/db.h"
#include "db/db_merge.h"
#include "db/db_untrusted.h"
#include "firmware/backup.h"
#include "tests/benchdata.h"
#include "tests/testutil.h"

#include <sys/stat.h>

#define T0 1800000000
#define PASS "bench-wachtwoord-2027"

static void figure(const char *what, double value, const char *unit, double target)
{
    printf("%-58s %10.3f %s  (target < %g %s)%s\n", what, value, unit, target, unit,
           value < target ? "" : "  OVER");
}

static int64_t steps_seen;

static int count_steps(void *user)
{
    steps_seen += 1000;
    return 0;
}

/* Steps a statement on the file at path takes. */
static int64_t steps_of(const char *path, const char *sql)
{
    sqlite3 *h;
    steps_seen = 0;
    if (sqlite3_open_v2(path, &h, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
        return -1;
    sqlite3_progress_handler(h, 1000, count_steps, NULL);
    sqlite3_exec(h, sql, NULL, NULL, NULL);
    sqlite3_close(h);
    return steps_seen;
}

int main(int argc, char **argv)
{
    char dir[512], err[256], store[600], stick[600], fresh[600], snap[600];
    if (argc > 1) {
        snprintf(dir, sizeof dir, "%s", argv[1]);
        mkdir(dir, 0700);
    } else {
        snprintf(dir, sizeof dir, "%s", test_tmpdir());
    }
    snprintf(store, sizeof store, "%s/old/stagekiosk.db", dir);
    snprintf(stick, sizeof stick, "%s/stick", dir);
    snprintf(fresh, sizeof fresh, "%s/new", dir);
    snprintf(snap, sizeof snap, "%s/snapshot.db", dir);
    char old_dir[600];
    snprintf(old_dir, sizeof old_dir, "%s/old", dir);
    mkdir(old_dir, 0700);
    mkdir(stick, 0700);
    struct db *db = db_open(store, err, sizeof err);
    if (!db || benchdata_school_year(db) != 0) {
        fprintf(stderr, "bench_backup: cannot fill %s: %s\n", store, err);
        return 1;
    }
    struct stat sb;
    stat(store, &sb);
    printf("store: a school year, %.1f MB\n", sb.st_size / 1e6);

    int64_t t = bench_now_ns();
    struct backup_result r;
    if (backup_write(db, old_dir, stick, PASS, T0, NULL, &r) != 0) {
        fprintf(stderr, "bench_backup: backup failed: %s\n", r.err);
        return 1;
    }
    figure("backup of a school year (argon2id 3 x 128 MiB): time", bench_ms(bench_now_ns() - t) / 1e3, "s", 10);
    printf("%-58s %10.2f MB\n", "backup of a school year: size", r.bytes / 1e6);

    t = bench_now_ns();
    struct backup_result rr;
    if (backup_restore(r.file, fresh, PASS, 0, T0, &rr) != 0) {
        fprintf(stderr, "bench_backup: restore failed: %s\n", rr.err);
        return 1;
    }
    figure("restore of that backup into a new data folder: time",
           bench_ms(bench_now_ns() - t) / 1e3, "s", 10);

    /* the hostile-file bound: steps per page against the budget */
    sqlite3_stmt *st = db_stmt(db, "VACUUM INTO ?1");
    sqlite3_bind_text(st, 1, snap, -1, SQLITE_STATIC);
    if (sqlite3_step(st) != SQLITE_DONE)
        return 1;
    sqlite3_reset(st);
    db_close(db);
    int version;
    int64_t pages;
    if (db_untrusted_check(snap, &version, &pages) != DB_UNTRUSTED_OK)
        return 1;
    int64_t check = steps_of(snap, "PRAGMA quick_check(1)");
    double budget = (double)db_untrusted_budget(pages) / (double)pages;
    printf("%-58s %10lld pages\n", "snapshot of a school year", (long long)pages);
    figure("check (quick_check) of that snapshot: steps per page", (double)check / pages,
           "steps", budget / 10);
    char other[600];
    snprintf(other, sizeof other, "%s/other.db", dir);
    struct db *o = db_open(other, err, sizeof err);
    struct db_merge_result mr;
    t = bench_now_ns();
    if (!o || db_merge_snapshot(o, snap, &mr) != 0) {
        fprintf(stderr, "bench_backup: merge failed: %s\n", o ? mr.err : err);
        return 1;
    }
    figure("merge of that snapshot into an empty store: time", bench_ms(bench_now_ns() - t) / 1e3,
           "s", 5);
    db_close(o);
    printf("%-58s %10.0f steps (x4 for the merge itself)\n", "budget per page",
           budget);
    return 0;
}
