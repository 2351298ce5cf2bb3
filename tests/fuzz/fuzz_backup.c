/* fuzz_backup.c: a backup file from a stick (firmware/backup.h), any bytes,
 * read with a fixed passphrase.
 *
 * Promises checked: a refused file says why in Dutch and leaves no output
 * file behind; an accepted one left a database that passes the hostile-file
 * check (db_untrusted.h). argon2id's cost is capped low here, so inputs
 * that ask for more are refused at once (the kiosk's cap is 1 GiB).
 *
 * SK_FUZZ_BACKUP_SEED=FILE writes a valid seed (a fresh store with 512-byte
 * pages, the cheapest cost, passphrase FUZZ_PASS) to FILE and exits:
 *   SK_FUZZ_BACKUP_SEED=tests/fuzz/corpus/backup/valid.skbackup \
 *       build/tests/fuzz/replay_backup /dev/null */
#include "db/db.h"
#include "db/db_migrate.h"
#include "db/db_untrusted.h"
#include "firmware/backup.h"
#include "tests/fuzz/fuzz.h"

#include <sys/stat.h>
#include <unistd.h>

#define FUZZ_PASS "fuzz-wachtwoord"

static char in_path[256], out_path[256];
static const struct backup_cost cap = {2, 65536};

static void write_seed(const char *to)
{
    char dir[256], store[300], err[256];
    snprintf(dir, sizeof dir, "%s/sk-fuzz-seed-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    fuzz_check(mkdtemp(dir));
    snprintf(store, sizeof store, "%s/stagekiosk.db", dir);
    sqlite3 *h;
    fuzz_check(sqlite3_open(store, &h) == SQLITE_OK);
    fuzz_check(sqlite3_exec(h, "PRAGMA page_size=512", NULL, NULL, NULL) == SQLITE_OK);
    fuzz_check(db_migrate_to(h, db_migrate_latest(), err, sizeof err) == 0);
    sqlite3_close(h);
    struct db *db = db_open(store, err, sizeof err);
    fuzz_check(db);
    fuzz_check(db_exec(db, "INSERT INTO groups(name) VALUES ('ZW2A')") == 0);
    const struct backup_cost cheapest = {1, 8192};
    struct backup_result r;
    fuzz_check(backup_write(db, dir, dir, FUZZ_PASS, 1800000000, &cheapest, &r) == 0);
    db_close(db);
    fuzz_check(rename(r.file, to) == 0);
    fprintf(stderr, "seed written: %s\n", to);
    exit(0);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    fuzz_quiet();
    if (getenv("SK_FUZZ_BACKUP_SEED"))
        write_seed(getenv("SK_FUZZ_BACKUP_SEED"));
    const char *tmp = getenv("TMPDIR");
    snprintf(in_path, sizeof in_path, "%s/sk-fuzz-backup-%ld" BACKUP_SUFFIX,
             tmp && *tmp ? tmp : "/tmp", (long)getpid());
    snprintf(out_path, sizeof out_path, "%s/sk-fuzz-backup-%ld.db", tmp && *tmp ? tmp : "/tmp",
             (long)getpid());
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    FILE *f = fopen(in_path, "wb");
    fuzz_check(f);
    fuzz_check(fwrite(data, 1, size, f) == size || size == 0);
    fclose(f);
    unlink(out_path);
    unsigned char key[32];
    char err[BACKUP_ERR_MAX] = "";
    int schema = -1;
    if (backup_read(in_path, FUZZ_PASS, out_path, key, &cap, &schema, err, sizeof err) != 0) {
        fuzz_check(err[0] && fuzz_clean_text(err, ""));
        fuzz_check(access(out_path, F_OK) != 0);
    } else {
        int version;
        int64_t pages;
        fuzz_check(db_untrusted_check(out_path, &version, &pages) == DB_UNTRUSTED_OK);
        fuzz_check(version == schema);
    }
    unlink(out_path);
    unlink(in_path);
    return 0;
}
