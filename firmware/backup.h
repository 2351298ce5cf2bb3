/* backup.h: one encrypted file that brings a kiosk back after its SD card
 * died: the whole database (every row, the PIN hash and the school-sync
 * state included) and the card key, so old printed cards keep working.
 *
 * The file (stagekiosk-backup-2026-12-03-0915.skbackup) is:
 *   header, 88 bytes, little-endian, readable without the passphrase:
 *     0  "SKBACKUP"            magic
 *     8  u16 format            BACKUP_FORMAT (1)
 *    10  u16 schema            the database's schema version (user_version)
 *    12  u32 reserved          0
 *    16  u64 opslimit          argon2id cost (crypto_pwhash)
 *    24  u64 memlimit          argon2id memory in bytes
 *    32  salt[16]
 *    48  check[16]             keyed BLAKE2b of a fixed text under the key:
 *                              tells a wrong passphrase from a damaged file
 *    64  stream header[24]     crypto_secretstream_xchacha20poly1305
 *   then secretstream messages, each BACKUP_CHUNK bytes of plaintext or
 *   less plus 17 bytes:
 *     first: card key (32), database size (u64), made at (i64 unix), with
 *            the 88 header bytes as additional data (so no header field
 *            can be changed unnoticed)
 *     then:  the database file (a VACUUM INTO copy) in BACKUP_CHUNK
 *            pieces; the last one carries TAG_FINAL, and nothing may
 *            follow it (a truncated file never ends with it).
 * The key is argon2id(passphrase, salt); a lost stick leaks nothing
 * without the passphrase. */
#ifndef BACKUP_H
#define BACKUP_H

#include "db/db.h"

#include <limits.h>
#include <stdint.h>

#define BACKUP_FORMAT 1
#define BACKUP_CHUNK 65536
#define BACKUP_SUFFIX ".skbackup"
#define BACKUP_ERR_MAX 320
#define BACKUP_PASS_MIN 8 /* characters (bytes) a passphrase needs at least */

/* argon2id's cost. backup_cost_default is what a kiosk writes (3 passes,
 * 128 MiB: about a second on a Pi 4, and still fits beside the kiosk on
 * a 1 GB Pi 3); tests pass a cheap one. */
struct backup_cost {
    unsigned long long ops;
    size_t mem;
};
extern const struct backup_cost backup_cost_default;

struct backup_result {
    char file[PATH_MAX];    /* backup: the file written; restore: the file read */
    char aside[PATH_MAX];   /* restore: where the old data went ("" when none) */
    int64_t bytes;          /* backup: size of the file */
    int schema;             /* schema version of the database in it */
    char err[BACKUP_ERR_MAX]; /* on failure: a Dutch sentence for the person */
};

/* 1 when the passphrase is long enough (BACKUP_PASS_MIN), else 0. */
int backup_passphrase_ok(const char *passphrase);

/* Writes a new backup of db and the card key in data_dir (made first when
 * there is none) into dest_dir (which must exist), named after now (local
 * time). Under a temporary name, flushed, renamed, folder flushed: a file
 * with the final name is complete. cost NULL: backup_cost_default.
 * 0, or -1 with out->err (nothing left on the stick). Logs one line. */
int backup_write(struct db *db, const char *data_dir, const char *dest_dir,
                 const char *passphrase, int64_t now, const struct backup_cost *cost,
                 struct backup_result *out);

/* Decrypts and verifies the backup in file: the database goes to db_out
 * (mode 0600; removed again on any failure), the card key to key. Refuses
 * a wrong passphrase, a damaged or truncated file, a newer format or
 * schema, a cost above max (NULL: 1 GiB, 20 passes), and a database that
 * is not exactly ours (db_untrusted.h). 0, or -1 with a Dutch err. */
int backup_read(const char *file, const char *passphrase, const char *db_out,
                unsigned char key[32], const struct backup_cost *max, int *schema, char *err,
                size_t errlen);

/* 1 when data_dir's store holds students, groups or sessions, 0 when it
 * is new or holds only what a kiosk loads by itself (its questionnaires). */
int backup_has_data(const char *data_dir);

/* Brings the backup in file back into data_dir: backup_read into a
 * temporary file beside the store, then the old store and card key (if
 * any) move into a new folder data_dir/oud-<time>/ (out->aside), then the
 * key and the database take their places. Refused when data_dir has data
 * and replace is 0, and while another process (a running kiosk) has the
 * store open; this process closes its own first. Nothing of data_dir
 * changes on a refusal.
 * 0, or -1 with out->err. Logs one line. */
int backup_restore(const char *file, const char *data_dir, const char *passphrase,
                   int replace, int64_t now, struct backup_result *out);

#endif
