/* test_backup.c: a backup brings a kiosk back. Backup -> restore into a
 * fresh data folder gives every row of every table and the same card key,
 * and a card printed before checks in on the restored kiosk. A wrong
 * passphrase, a flipped byte, a truncated file, a newer format or schema
 * are refused and nothing is written; a kiosk with data is only replaced
 * when asked, and then its old data is kept aside. */
#include "db/db.h"
#include "db/db_migrate.h"
#include "db/db_pin.h"
#include "db/db_session.h"
#include "db/db_student.h"
#include "firmware/backup.h"
#include "firmware/card.h"
#include "tests/benchdata.h"
#include "tests/testutil.h"
#include "tests/testutil_db.h"

#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <sys/stat.h>
#include <cmocka.h>

#define T0 1800000000
#define PASS "lente-in-Utrecht-2026"

/* argon2id at its cheapest: the tests check the format, not the cost */
static const struct backup_cost cheap = {1, 8192};

static char old_dir[400], stick[400], file[PATH_MAX];

static struct db *open_store(const char *dir)
{
    char path[600], err[256];
    mkdir(dir, 0700);
    snprintf(path, sizeof path, "%s/stagekiosk.db", dir);
    struct db *db = db_open(path, err, sizeof err);
    assert_non_null(db);
    return db;
}

static char *dump_dir(const char *dir, long *rows)
{
    char path[600];
    snprintf(path, sizeof path, "%s/stagekiosk.db", dir);
    sqlite3 *h;
    assert_int_equal(sqlite3_open_v2(path, &h, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    char *d = test_db_dump(h, rows);
    assert_non_null(d);
    sqlite3_close(h);
    return d;
}

static void read_key(const char *dir, unsigned char key[CARD_KEY_BYTES])
{
    char path[600];
    snprintf(path, sizeof path, "%s/card.key", dir);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    assert_int_equal(fread(key, 1, CARD_KEY_BYTES, f), CARD_KEY_BYTES);
    fclose(f);
}

/* Names, sizes and bytes of every file under dir, as one string, to see
 * that nothing was written ("-" when dir does not exist). */
static char *listing(const char *dir)
{
    char *out = NULL;
    size_t len = 0, cap = 0;
    DIR *d = opendir(dir);
    testutil_append(&out, &len, &cap, d ? "" : "-");
    struct dirent *e;
    while (d && (e = readdir(d))) {
        char p[700], line[800];
        snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
        struct stat sb;
        if (e->d_name[0] == '.' || stat(p, &sb) != 0)
            continue;
        unsigned long sum = 0;
        FILE *f = S_ISREG(sb.st_mode) ? fopen(p, "rb") : NULL;
        for (int c; f && (c = fgetc(f)) != EOF;)
            sum = sum * 31 + (unsigned)c;
        if (f)
            fclose(f);
        snprintf(line, sizeof line, "%s %lld %lu\n", e->d_name, (long long)sb.st_size, sum);
        testutil_append(&out, &len, &cap, line);
    }
    if (d)
        closedir(d);
    return out;
}

/* A school year, a learning goal, a verified poll, a PIN; backed up once. */
static int setup(void **state)
{
    snprintf(old_dir, sizeof old_dir, "%s", test_tmpdir());
    snprintf(stick, sizeof stick, "%s", test_tmpdir());
    struct db *db = open_store(old_dir);
    assert_int_equal(benchdata_school_year(db), 0);
    assert_int_equal(db_exec(db, "INSERT INTO learning_goals(uid, student_id, text, created_at,"
                                 " updated_at) VALUES ('g1', 1, 'Ik vraag om feedback.', 1, 1);"
                                 "INSERT INTO polls(uid, question_id, verified, opened_at)"
                                 " VALUES ('vp', 1, 1, 1800020000);"
                                 "INSERT INTO poll_voters VALUES (2, 7);"
                                 "INSERT INTO poll_ballots(id, poll_id, option) VALUES (99, 2, 3);"
                                 "UPDATE polls SET closed_at = 1800030000 WHERE id = 2;"),
                     0);
    assert_int_equal(db_pin_set(db, "2468"), 0);
    struct backup_result r;
    assert_int_equal(backup_write(db, old_dir, stick, PASS, T0, &cheap, &r), 0);
    assert_int_equal(r.schema, db_migrate_latest());
    assert_true(r.bytes > 100000);
    snprintf(file, sizeof file, "%s", r.file);
    db_close(db);
    return 0;
}

static void restore_gives_every_row_and_the_key(void **state)
{
    char fresh[600];
    snprintf(fresh, sizeof fresh, "%s/new-card", test_tmpdir());
    struct backup_result r;
    assert_int_equal(backup_restore(file, fresh, PASS, 0, T0 + 60, &r), 0);
    assert_string_equal(r.aside, "");
    long rows_old, rows_new;
    char *a = dump_dir(old_dir, &rows_old), *b = dump_dir(fresh, &rows_new);
    assert_true(rows_old > 60000);
    assert_int_equal(rows_old, rows_new);
    assert_string_equal(a, b);
    free(a);
    free(b);
    unsigned char k1[CARD_KEY_BYTES], k2[CARD_KEY_BYTES];
    read_key(old_dir, k1);
    read_key(fresh, k2);
    assert_memory_equal(k1, k2, CARD_KEY_BYTES);
    /* the same PIN opens teacher mode */
    struct db *db = open_store(fresh);
    assert_int_equal(db_pin_check(db, "2468", T0 + 120, NULL, NULL), DB_PIN_OK);
    db_close(db);
}

/* A card printed on the old kiosk checks in on the restored one. */
static void an_old_card_checks_in(void **state)
{
    struct card_key old_key, new_key;
    char err[256], code[CARD_CODE_MAX], number[CARD_NUMBER_MAX];
    assert_int_equal(card_key_load(old_dir, &old_key, err, sizeof err), 0);
    assert_int_equal(card_code_make(&old_key, "100042", 1, code, sizeof code), 0);

    char fresh[600];
    snprintf(fresh, sizeof fresh, "%s/new-card", test_tmpdir());
    struct backup_result r;
    assert_int_equal(backup_restore(file, fresh, PASS, 0, T0 + 60, &r), 0);
    assert_int_equal(card_key_load(fresh, &new_key, err, sizeof err), 0);
    int version = 0;
    assert_int_equal(card_code_read(&new_key, code, number, &version), CARD_OK);
    struct db *db = open_store(fresh);
    struct db_student st;
    assert_int_equal(db_student_find(db, number, &st), 1);
    assert_int_equal(st.card_version, version);
    assert_true(db_session_start(db, "terugkomdag", st.group, "Na het terugzetten", T0 + 86400,
                                 T0 + 86400 + 900, err, sizeof err) > 0);
    struct db_session se;
    struct db_checkin ci;
    assert_int_equal(db_session_current(db, &se), 1);
    assert_int_equal(db_checkin_add(db, &se, &st, T0 + 86400 + 60, "scan", "", "", &ci),
                     DB_CHECKIN_NEW);
    db_close(db);
}

/* restore must fail with a message containing want, and leave dir as it was */
static void refused(const char *backup, const char *pass, const char *dir, const char *want)
{
    char *before = listing(dir);
    struct backup_result r;
    assert_int_equal(backup_restore(backup, dir, pass, 1, T0 + 60, &r), -1);
    if (!strstr(r.err, want))
        fail_msg("expected \"%s\" in \"%s\"", want, r.err);
    char *after = listing(dir);
    assert_string_equal(before, after);
    free(before);
    free(after);
}

static void copy_with(const char *to, long cut, long flip_at, int patch_at, int patch_value)
{
    FILE *in = fopen(file, "rb"), *out = fopen(to, "wb");
    assert_non_null(in);
    assert_non_null(out);
    long i = 0;
    for (int c; (c = fgetc(in)) != EOF && (cut < 0 || i < cut); i++) {
        if (i == flip_at)
            c ^= 0x01;
        if (i == patch_at)
            c = patch_value;
        fputc(c, out);
    }
    fclose(in);
    fclose(out);
}

static void bad_files_are_refused_and_nothing_is_written(void **state)
{
    struct stat sb;
    assert_int_equal(stat(file, &sb), 0);
    const long size = (long)sb.st_size;
    char bad[600], fresh[600], kept[600];
    snprintf(bad, sizeof bad, "%s/bad" BACKUP_SUFFIX, test_tmpdir());
    snprintf(fresh, sizeof fresh, "%s/none", test_tmpdir());
    snprintf(kept, sizeof kept, "%s", old_dir); /* a kiosk with data, --replace */

    refused(file, "verkeerd-wachtwoord", fresh, "wachtwoord klopt niet");
    refused(file, "verkeerd-wachtwoord", kept, "wachtwoord klopt niet");

    /* a flipped bit anywhere: header fields, salt, check, stream, last byte */
    const long flips[] = {3, 12, 20, 40, 50, 70, 88, 100, 200, 5000, size / 2, size - 1};
    for (size_t i = 0; i < sizeof flips / sizeof flips[0]; i++) {
        copy_with(bad, -1, flips[i], -1, 0);
        char *before = listing(kept);
        struct backup_result r;
        assert_int_equal(backup_restore(bad, kept, PASS, 1, T0 + 60, &r), -1);
        char *after = listing(kept);
        assert_string_equal(before, after);
        free(before);
        free(after);
        refused(bad, PASS, fresh, "");
    }
    /* cut off: in the header, in the first piece, mid-stream, one byte short */
    const long cuts[] = {0, 10, 87, 88, 120, 152, size / 3, size - 17, size - 1};
    for (size_t i = 0; i < sizeof cuts / sizeof cuts[0]; i++) {
        copy_with(bad, cuts[i], -1, -1, 0);
        refused(bad, PASS, kept, cuts[i] < 8 ? "geen back-up" : "beschadigd");
    }
    /* a byte too many after the end */
    copy_with(bad, -1, -1, -1, 0);
    FILE *f = fopen(bad, "ab");
    fputc(0, f);
    fclose(f);
    refused(bad, PASS, kept, "beschadigd");

    /* a newer format, a newer schema */
    copy_with(bad, -1, -1, 8, BACKUP_FORMAT + 1);
    refused(bad, PASS, kept, "nieuwere stagekiosk");
    copy_with(bad, -1, -1, 10, db_migrate_latest() + 1);
    refused(bad, PASS, fresh, "nieuwere stagekiosk");

    /* not a backup at all */
    f = fopen(bad, "w");
    fputs("studentnummer;naam\n", f);
    fclose(f);
    refused(bad, PASS, fresh, "geen back-up");
}

/* A kiosk with data is replaced only when asked; the old data is kept. */
static void replace_keeps_the_old_data_aside(void **state)
{
    char other[600];
    snprintf(other, sizeof other, "%s", test_tmpdir());
    struct db *db = open_store(other);
    struct db_student s = {0};
    snprintf(s.number, sizeof s.number, "777");
    snprintf(s.first_name, sizeof s.first_name, "Alleen");
    snprintf(s.last_name, sizeof s.last_name, "Hier");
    assert_true(db_student_upsert(db, &s, T0) >= 0);
    db_close(db);
    char err[256];
    struct card_key own;
    assert_int_equal(card_key_load(other, &own, err, sizeof err), 0);
    char *old = dump_dir(other, NULL);

    struct backup_result r;
    char *before = listing(other);
    assert_int_equal(backup_restore(file, other, PASS, 0, T0 + 60, &r), -1);
    assert_non_null(strstr(r.err, "al gegevens"));
    char *after = listing(other);
    assert_string_equal(before, after);

    assert_int_equal(backup_restore(file, other, PASS, 1, T0 + 60, &r), 0);
    assert_non_null(strstr(r.aside, "/oud-"));
    char *kept = dump_dir(r.aside, NULL), *now = dump_dir(other, NULL), *want = dump_dir(old_dir, NULL);
    assert_string_equal(kept, old);
    assert_string_equal(now, want);
    unsigned char k[CARD_KEY_BYTES];
    read_key(r.aside, k);
    assert_memory_equal(k, own.bytes, CARD_KEY_BYTES);
    free(old);
    free(before);
    free(after);
    free(kept);
    free(now);
    free(want);
}

static void short_passphrase_writes_nothing(void **state)
{
    char dest[600];
    snprintf(dest, sizeof dest, "%s", test_tmpdir());
    struct db *db = open_store(old_dir);
    struct backup_result r;
    assert_int_equal(backup_write(db, old_dir, dest, "kort", T0, &cheap, &r), -1);
    assert_non_null(strstr(r.err, "te kort"));
    char *l = listing(dest);
    assert_string_equal(l, "");
    free(l);
    db_close(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(restore_gives_every_row_and_the_key),
        cmocka_unit_test(an_old_card_checks_in),
        cmocka_unit_test(bad_files_are_refused_and_nothing_is_written),
        cmocka_unit_test(replace_keeps_the_old_data_aside),
        cmocka_unit_test(short_passphrase_writes_nothing),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
