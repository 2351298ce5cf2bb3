/* fuzz_merge.c: another kiosk's snapshot (a SQLite file from a USB stick),
 * any bytes, merged into a fresh store.
 *
 * Promises checked (db_merge.h): a file that is refused changes nothing and
 * says why in Dutch; a merge keeps the store intact (integrity_check,
 * foreign keys); running the same merge twice adds nothing the second time.
 * Each input is written to a scratch file first: the merge reads a path. */
#include "db/db.h"
#include "db/db_merge.h"
#include "tests/fuzz/fuzz.h"

#include <unistd.h>

static char path[256];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    fuzz_quiet();
    const char *tmp = getenv("TMPDIR");
    snprintf(path, sizeof path, "%s/sk-fuzz-merge-%ld.db", tmp && *tmp ? tmp : "/tmp",
             (long)getpid());
    return 0;
}

static void remove_snapshot(void)
{
    static const char *const suffix[] = {"", "-wal", "-shm", "-journal"};
    char p[300];
    for (size_t i = 0; i < 4; i++) {
        snprintf(p, sizeof p, "%s%s", path, suffix[i]);
        unlink(p);
    }
}

/* Everything a merge may touch, as one number per table. */
static int64_t fingerprint(struct db *db)
{
    return db_step_int(db_stmt(db, "SELECT (SELECT count(*) FROM groups) * 1000003"
                                   " + (SELECT count(*) FROM students) * 10007"
                                   " + (SELECT count(*) FROM sessions) * 101"
                                   " + (SELECT count(*) FROM checkins)"
                                   " + (SELECT total(card_version) FROM students)"),
                       -1);
}

static int added(const struct db_merge_result *r)
{
    return r->groups_added + r->students_added + r->sessions_added + r->checkins_added +
           r->questionnaires_added + r->responses_added + r->answers_added + r->goals_added;
}

static void check_intact(struct db *db)
{
    sqlite3_stmt *st = db_stmt(db, "PRAGMA integrity_check");
    fuzz_check(st && sqlite3_step(st) == SQLITE_ROW);
    fuzz_check(!strcmp((const char *)sqlite3_column_text(st, 0), "ok"));
    sqlite3_reset(st);
    st = db_stmt(db, "PRAGMA foreign_key_check");
    fuzz_check(st && sqlite3_step(st) == SQLITE_DONE);
    sqlite3_reset(st);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    remove_snapshot();
    FILE *f = fopen(path, "wb");
    fuzz_check(f);
    fuzz_check(fwrite(data, 1, size, f) == size || size == 0);
    fclose(f);

    char err[256];
    struct db *db = db_open(":memory:", err, sizeof err);
    fuzz_check(db);
    int64_t before = fingerprint(db);
    struct db_merge_result r;
    memset(&r, 0, sizeof r);
    if (db_merge_snapshot(db, path, &r) != 0) {
        fuzz_check(r.err[0] && fuzz_clean_text(r.err, ""));
        fuzz_check(fingerprint(db) == before);
    } else {
        check_intact(db);
        int64_t after = fingerprint(db);
        struct db_merge_result again;
        memset(&again, 0, sizeof again);
        fuzz_check(db_merge_snapshot(db, path, &again) == 0);
        fuzz_check(added(&again) == 0);
        fuzz_check(fingerprint(db) == after);
    }
    db_close(db);
    remove_snapshot();
    return 0;
}
