/* db_export.c: writes an export folder (see db_export.h).
 *
 * The order matters for what a pulled stick leaves behind:
 *   1. VACUUM INTO a scratch copy: one consistent snapshot. Every sheet is
 *      read from that copy, so the workbook, the CSVs and the snapshot show
 *      exactly the same data, and the live store is locked only briefly.
 *   2. The snapshot, each CSV, the workbook and LEESMIJ.txt go to the stick
 *      as NAME.tmp, each flushed (fsync) when written.
 *   3. All are renamed to their real names and the folder is flushed.
 *   4. MANIFEST.sha256 is written the same way, last.
 * A failure anywhere removes what this export wrote. Files are written with
 * plain write() calls, never O_APPEND: FAT through FUSE (fusefat) refuses
 * appends.
 *
 * The sheets are one table (db_sheet.c): a new sheet is one row. */
#include "db/db_export.h"
#include "db/db_sheet.h"
#include "db/db_student.h"
#include "base/log.h"
#include "base/safedir.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <time.h>
#include <unistd.h>
#include <xlsxwriter.h>

int db_export_sheet_count(void)
{
    return DB_SHEET_COUNT;
}

/* ---- the export's state -------------------------------------------- */

#define MAX_FILES (DB_SHEET_COUNT + 8)
#define NAME_MAX_LEN 96
#define MANIFEST "MANIFEST.sha256"
#define SNAPSHOT "stagekiosk-snapshot.db"

/* What failed, for the message. */
enum fault { FAULT_NONE, FAULT_STICK, FAULT_SCRATCH, FAULT_DB, FAULT_STOPPED };

/* A file on the stick, for the manifest. */
struct out_file {
    char name[NAME_MAX_LEN];
    unsigned char sha[crypto_hash_sha256_BYTES];
};

struct export {
    struct safedir *dir;    /* the new folder on the stick (base/safedir.h) */
    char scratch[PATH_MAX];
    struct out_file files[MAX_FILES];
    int nfiles;
    crypto_hash_sha256_state sha; /* of the file being written */
    /* progress */
    db_export_progress_fn progress;
    void *user;
    int done, total;
    /* the first failure */
    enum fault fault;
    int fault_errno;
};

static void fail_msg(struct export *ex, enum fault fault, int errnum, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Keeps the first failure (later ones are consequences) and logs it. */
static void fail_msg(struct export *ex, enum fault fault, int errnum, const char *fmt, ...)
{
    if (ex->fault != FAULT_NONE)
        return;
    ex->fault = fault;
    ex->fault_errno = errnum;
    char line[PATH_MAX + 128];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    log_err("export: %s%s%s", line, errnum ? ": " : "", errnum ? strerror(errnum) : "");
}

/* fusefat says EPERM, not ENOSPC, when the FAT is full: ask the file
 * system how much room is left. */
static int stick_is_full(const struct export *ex)
{
    struct statvfs vfs;
    return ex->dir && statvfs(safedir_path(ex->dir), &vfs) == 0 &&
           (uint64_t)vfs.f_bavail * vfs.f_frsize < 64 * 1024;
}

/* The Dutch sentence for the person. */
static void fault_text(struct export *ex, char *out, size_t len)
{
    int e = ex->fault_errno;
    const char *text;
    switch (ex->fault) {
    case FAULT_STOPPED:
        text = "Het exporteren is gestopt. Er is niets opgeslagen.";
        break;
    case FAULT_SCRATCH:
        text = "De kiosk heeft te weinig ruimte om de export te maken. Er is niets opgeslagen. "
               "Vraag de beheerder om hulp.";
        break;
    case FAULT_DB:
        text = "De gegevens konden niet worden gelezen. Er is niets opgeslagen. "
               "Probeer het opnieuw.";
        break;
    default:
        if (e == ENOSPC || e == EDQUOT || e == EFBIG ||
            ((e == EPERM || e == EIO) && stick_is_full(ex)))
            text = "De stick is vol. Er is niets opgeslagen. "
                   "Maak ruimte vrij of gebruik een andere stick.";
        else if (e == EROFS || e == EACCES || e == EPERM)
            text = "Op deze stick kan niets worden opgeslagen: hij is alleen-lezen. "
                   "Er is niets opgeslagen. Gebruik een andere stick.";
        else if (e == ENOENT || e == ENODEV || e == ENXIO || e == ENOTCONN || e == ESTALE ||
                 e == ENOTDIR)
            text = "De stick is weg. Er is niets opgeslagen. "
                   "Steek hem er weer in en probeer het opnieuw.";
        else if (e == EIO)
            text = "De stick geeft een fout. Er is niets opgeslagen. Probeer een andere stick.";
        else
            text = "Opslaan op de stick is mislukt. Er is niets opgeslagen. "
                   "Probeer het opnieuw of gebruik een andere stick.";
    }
    snprintf(out, len, "%s", text);
}

static int stopped(const struct export *ex)
{
    return ex->fault != FAULT_NONE;
}

static void step(struct export *ex, const char *what)
{
    if (stopped(ex))
        return;
    if (ex->progress && ex->progress(ex->user, ex->done, ex->total, what) != 0)
        fail_msg(ex, FAULT_STOPPED, 0, "stopped by the user at '%s'", what);
}

/* A failure of the folder on the stick becomes the export's. Returns rc. */
static int stick(struct export *ex, int rc)
{
    if (rc != 0)
        fail_msg(ex, FAULT_STICK, safedir_errno(ex->dir), "%s", safedir_error(ex->dir));
    return rc;
}

/* ---- writing one file to the stick ---------------------------------- */

static int file_open(struct export *ex, const char *name)
{
    if (stopped(ex))
        return -1;
    if (ex->nfiles == MAX_FILES) {
        fail_msg(ex, FAULT_DB, 0, "too many files");
        return -1;
    }
    if (stick(ex, safedir_open(ex->dir, name)) != 0)
        return -1;
    struct out_file *f = &ex->files[ex->nfiles++];
    snprintf(f->name, sizeof f->name, "%s", name);
    crypto_hash_sha256_init(&ex->sha);
    return 0;
}

static int file_write(struct export *ex, const void *data, size_t n)
{
    if (stopped(ex))
        return -1;
    crypto_hash_sha256_update(&ex->sha, data, n);
    return stick(ex, safedir_write(ex->dir, data, n));
}

static int file_puts(struct export *ex, const char *s)
{
    return file_write(ex, s, strlen(s));
}

/* Flushes, fsyncs and closes the current file; it stays NAME.tmp. A
 * stopped export leaves it open for safedir_remove(). */
static int file_close(struct export *ex)
{
    if (stopped(ex) || stick(ex, safedir_close(ex->dir)) != 0)
        return -1;
    crypto_hash_sha256_final(&ex->sha, ex->files[ex->nfiles - 1].sha);
    return 0;
}

/* Copies a scratch file to the stick as name (still NAME.tmp). */
static int file_copy(struct export *ex, const char *from, const char *name)
{
    int in = open(from, O_RDONLY | O_CLOEXEC);
    if (in < 0) {
        fail_msg(ex, FAULT_SCRATCH, errno, "cannot read %s", from);
        return -1;
    }
    if (file_open(ex, name) != 0) {
        close(in);
        return -1;
    }
    unsigned char chunk[16384];
    ssize_t n;
    while ((n = read(in, chunk, sizeof chunk)) != 0) {
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            fail_msg(ex, FAULT_SCRATCH, errno, "cannot read %s", from);
            break;
        }
        if (file_write(ex, chunk, (size_t)n) != 0)
            break;
    }
    close(in);
    return file_close(ex);
}

/* ---- scratch space -------------------------------------------------- */

static int scratch_make(struct export *ex)
{
    const char *base = getenv("TMPDIR");
    snprintf(ex->scratch, sizeof ex->scratch, "%s/stagekiosk-export-XXXXXX",
             base && *base ? base : "/tmp");
    if (!mkdtemp(ex->scratch)) {
        fail_msg(ex, FAULT_SCRATCH, errno, "cannot make a scratch folder in %s",
                 base && *base ? base : "/tmp");
        ex->scratch[0] = '\0';
        return -1;
    }
    return 0;
}

static void scratch_remove(struct export *ex)
{
    if (!ex->scratch[0])
        return;
    DIR *d = opendir(ex->scratch);
    if (d) {
        struct dirent *e;
        while ((e = readdir(d))) {
            if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
                continue;
            char p[PATH_MAX + 256];
            snprintf(p, sizeof p, "%s/%s", ex->scratch, e->d_name);
            unlink(p);
        }
        closedir(d);
    }
    rmdir(ex->scratch);
}

/* ---- the snapshot --------------------------------------------------- */

/* VACUUM INTO a scratch file, then strip what must not leave the kiosk (the
 * PIN hash and lockout: a 4-digit PIN is quickly guessed from its hash) and
 * make it a plain rollback-journal file that opens on a read-only stick.
 * Returns the scratch copy, opened, for the sheets; NULL on failure. */
static struct db *snapshot_make(struct export *ex, struct db *db, char *path, size_t len)
{
    snprintf(path, len, "%s/snapshot.db", ex->scratch);
    sqlite3_stmt *st = db_stmt(db, "VACUUM INTO ?1");
    if (!st) {
        fail_msg(ex, FAULT_DB, 0, "cannot prepare the snapshot");
        return NULL;
    }
    sqlite3_bind_text(st, 1, path, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        int full = rc == SQLITE_FULL || (rc & 0xff) == SQLITE_IOERR;
        fail_msg(ex, full ? FAULT_SCRATCH : FAULT_DB, 0, "snapshot into %s failed: %s", path,
                 db_errmsg(db));
        return NULL;
    }
    char err[256];
    struct db *snap = db_open(path, err, sizeof err);
    if (!snap) {
        fail_msg(ex, FAULT_DB, 0, "cannot open the snapshot: %s", err);
        return NULL;
    }
    if (db_exec(snap, "PRAGMA secure_delete=ON") != 0 ||
        db_exec(snap, "DELETE FROM settings WHERE key LIKE 'pin.%'") != 0 ||
        db_exec(snap, "PRAGMA journal_mode=DELETE") != 0) {
        fail_msg(ex, FAULT_DB, 0, "cannot prepare the snapshot for the stick");
        db_close(snap);
        return NULL;
    }
    return snap;
}

/* ---- sheets --------------------------------------------------------- */

static void local_tm(int64_t t, struct tm *tm)
{
    time_t tt = (time_t)t;
    localtime_r(&tt, tm);
}

static int sheet_write(void *user, const void *data, size_t n)
{
    return file_write(user, data, n);
}

static int sheet_rows(void *user, const char *sheet)
{
    struct export *ex = user;
    step(ex, sheet);
    return stopped(ex) ? -1 : 0;
}

/* Writes one sheet to the workbook and its CSV to the stick; returns the
 * number of data rows or -1. */
static long write_sheet(struct export *ex, struct db *snap, lxw_workbook *wb,
                        const struct db_sheet *s, const struct db_sheet_formats *fmt)
{
    if (file_open(ex, s->file) != 0)
        return -1;
    const struct db_sheet_out out = {sheet_write, sheet_rows, ex};
    enum db_sheet_fault fault;
    char err[256];
    long rows = db_sheet_write(s, snap, wb, fmt, &out, &fault, err, sizeof err);
    if (rows < 0) {
        if (fault != DB_SHEET_STOPPED)
            fail_msg(ex, fault == DB_SHEET_DB ? FAULT_DB : FAULT_SCRATCH, 0, "%s", err);
        return -1; /* the file stays open until safedir_remove() */
    }
    return file_close(ex) != 0 ? -1 : rows;
}

/* ---- LEESMIJ and MANIFEST ------------------------------------------- */

static int write_readme(struct export *ex, const char *workbook, const char *stamp)
{
    if (file_open(ex, "LEESMIJ.txt") != 0)
        return -1;
    char line[512];
    snprintf(line, sizeof line,
             "Export van de stagekiosk, gemaakt op %s.\r\n\r\n"
             "%s\r\n    Open dit bestand in Excel. Elk blad is een onderwerp.\r\n",
             stamp, workbook);
    file_puts(ex, line);
    file_puts(ex, "Bestanden die eindigen op .csv\r\n"
                  "    Dezelfde bladen, voor Excel of voor het leerlingvolgsysteem.\r\n"
                  SNAPSHOT "\r\n"
                  "    De hele database. Hiermee zet je de gegevens terug, of voeg je\r\n"
                  "    kiosken samen (stagekiosk merge). De pincode staat er niet in.\r\n"
                  MANIFEST "\r\n"
                  "    Hiermee controleer je of alle bestanden heel zijn\r\n"
                  "    (sha256sum -c " MANIFEST "). Zonder dit bestand is de export\r\n"
                  "    niet af.\r\n\r\n"
                  "Let op: hier staan gegevens van studenten in. Bewaar de stick op een\r\n"
                  "veilige plek. Wis de bestanden als je ze niet meer nodig hebt.\r\n");
    return file_close(ex);
}

static int write_manifest(struct export *ex)
{
    int n = ex->nfiles;
    if (file_open(ex, MANIFEST) != 0)
        return -1;
    for (int i = 0; i < n; i++) {
        char hex[crypto_hash_sha256_BYTES * 2 + 1], line[NAME_MAX_LEN + 80];
        sodium_bin2hex(hex, sizeof hex, ex->files[i].sha, sizeof ex->files[i].sha);
        /* The format of sha256sum, so `sha256sum -c` checks the folder. */
        snprintf(line, sizeof line, "%s  %s\n", hex, ex->files[i].name);
        if (file_puts(ex, line) != 0)
            break;
    }
    return file_close(ex);
}

/* ---- the whole export ----------------------------------------------- */

/* DEST/stagekiosk-export-YYYY-MM-DD-HHMM, or -2, -3 ... when an export of
 * the same minute is there already. */
static int make_folder(struct export *ex, const char *dest, const char *stamp)
{
    char name[64], err[PATH_MAX + 64];
    snprintf(name, sizeof name, "stagekiosk-export-%s", stamp);
    ex->dir = safedir_new(dest, name, err, sizeof err);
    if (!ex->dir) {
        fail_msg(ex, FAULT_STICK, errno, "%s", err);
        return -1;
    }
    return 0;
}

/* Renames what is written to its real name; the folder is flushed. */
static int rename_all(struct export *ex)
{
    return stopped(ex) ? -1 : stick(ex, safedir_commit(ex->dir));
}

int db_export_run(struct db *db, const char *dest_dir, const char *who, int64_t now,
                  db_export_progress_fn progress, void *user, struct db_export_result *out)
{
    memset(out, 0, sizeof *out);
    struct export *ex = calloc(1, sizeof *ex);
    if (!ex || sodium_init() < 0) {
        snprintf(out->err, sizeof out->err, "Geen geheugen vrij. Er is niets opgeslagen.");
        free(ex);
        return -1;
    }
    ex->progress = progress;
    ex->user = user;
    ex->total = DB_SHEET_COUNT + 3;

    struct tm tm;
    local_tm(now, &tm);
    char stamp[32], when[48], workbook[80], snap_path[PATH_MAX + 16];
    strftime(stamp, sizeof stamp, "%Y-%m-%d-%H%M", &tm);
    strftime(when, sizeof when, "%d-%m-%Y om %H:%M", &tm);
    snprintf(workbook, sizeof workbook, "stagekiosk-%s.xlsx", stamp);
    long rows_of[DB_SHEET_COUNT] = {0};
    struct db *snap = NULL;
    lxw_workbook *wb = NULL;

    step(ex, "Voorbereiden");
    if (stopped(ex) || make_folder(ex, dest_dir, stamp) != 0 || scratch_make(ex) != 0)
        goto fail;

    /* 1: one consistent snapshot; the stick gets a copy */
    snap = snapshot_make(ex, db, snap_path, sizeof snap_path);
    if (!snap || file_copy(ex, snap_path, SNAPSHOT) != 0)
        goto fail;
    ex->done++;

    /* 2: the sheets, each into the workbook and its own CSV */
    char wb_path[PATH_MAX + 16];
    snprintf(wb_path, sizeof wb_path, "%s/workbook.xlsx", ex->scratch);
    lxw_workbook_options opt = {.constant_memory = LXW_TRUE, .tmpdir = ex->scratch};
    wb = workbook_new_opt(wb_path, &opt);
    if (!wb) {
        fail_msg(ex, FAULT_SCRATCH, errno, "cannot start the workbook in %s", ex->scratch);
        goto fail;
    }
    struct db_sheet_formats fmt = {workbook_add_format(wb), workbook_add_format(wb),
                                   workbook_add_format(wb)};
    format_set_bold(fmt.header);
    format_set_num_format(fmt.date, "dd-mm-yyyy");
    format_set_num_format(fmt.time, "hh:mm");
    for (int i = 0; i < DB_SHEET_COUNT; i++) {
        step(ex, db_sheet_table[i].name);
        if (stopped(ex) || (rows_of[i] = write_sheet(ex, snap, wb, &db_sheet_table[i], &fmt)) < 0)
            goto fail;
        out->rows += rows_of[i];
        ex->done++;
    }
    step(ex, "Excel-bestand");
    lxw_error xe = workbook_close(wb);
    wb = NULL;
    if (stopped(ex))
        goto fail;
    if (xe != LXW_NO_ERROR) {
        fail_msg(ex, FAULT_SCRATCH, 0, "cannot finish the workbook: %s", lxw_strerror(xe));
        goto fail;
    }
    if (file_copy(ex, wb_path, workbook) != 0 || write_readme(ex, workbook, when) != 0)
        goto fail;
    ex->done++;

    /* 3, 4: real names, then the manifest that says it is complete */
    step(ex, "Afronden");
    if (stopped(ex) || rename_all(ex) != 0 || write_manifest(ex) != 0 || rename_all(ex) != 0)
        goto fail;
    ex->done++;
    step(ex, "Klaar");
    if (stopped(ex))
        goto fail;

    char summary[512] = "";
    size_t len = 0;
    for (int i = 0; i < DB_SHEET_COUNT && len < sizeof summary; i++)
        len += (size_t)snprintf(summary + len, sizeof summary - len, "%s%s %ld rows",
                                i ? ", " : "", db_sheet_table[i].name, rows_of[i]);
    char stamp_log[32];
    strftime(stamp_log, sizeof stamp_log, "%Y-%m-%d %H:%M", &tm);
    log_info("export: %s by %s to %s: %s; %d files, %llu bytes", stamp_log,
             who && *who ? who : "?", safedir_path(ex->dir), summary, ex->nfiles,
             (unsigned long long)safedir_bytes(ex->dir));
    snprintf(out->folder, sizeof out->folder, "%s", safedir_path(ex->dir));
    out->files = ex->nfiles;
    db_close(snap);
    scratch_remove(ex);
    safedir_free(ex->dir);
    free(ex);
    return 0;

fail:
    if (wb)
        workbook_close(wb);
    db_close(snap);
    if (ex->fault == FAULT_NONE)
        fail_msg(ex, FAULT_DB, 0, "failed");
    fault_text(ex, out->err, sizeof out->err);
    if (ex->dir)
        safedir_remove(ex->dir);
    safedir_free(ex->dir);
    scratch_remove(ex);
    log_warn("export by %s to %s failed; nothing kept", who && *who ? who : "?", dest_dir);
    free(ex);
    return -1;
}
