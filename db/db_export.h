/* db_export.h: the one way data leaves the kiosk. Writes a new folder on a
 * stick (or any folder), e.g. stagekiosk-export-2026-11-30-0915/, with:
 *   stagekiosk-2026-11-30-0915.xlsx  one sheet per row of db_sheet.c
 *   <sheet>.csv                      the same sheets for Dutch Excel
 *                                    (UTF-8 with BOM, ';', CRLF)
 *   stagekiosk-snapshot.db           the whole database (for a restore or a
 *                                    merge), without the PIN hash
 *   LEESMIJ.txt                      what is what, in Dutch
 *   MANIFEST.sha256                  SHA-256 of every file (sha256sum -c)
 * Every file is written under a temporary name, flushed, renamed, and the
 * folder flushed; MANIFEST.sha256 comes last, so a folder without it is
 * not complete. On a failure the new files are removed where the stick
 * still allows it; no file that looks complete is left. */
#ifndef DB_EXPORT_H
#define DB_EXPORT_H

#include "db/db.h"

#include <limits.h>
#include <stdint.h>

#define DB_EXPORT_ERR_MAX 256

/* Called before each step and at every few thousand rows; done counts up
 * to total (a fraction for a progress bar), what names the step in Dutch
 * ("Aanwezigheid"). Return 0 to go on, anything else to stop: the export
 * then fails as if the stick were pulled, with its own message. */
typedef int (*db_export_progress_fn)(void *user, int done, int total, const char *what);

struct db_export_result {
    char folder[PATH_MAX];      /* the folder that was made (full path) */
    int files;                  /* files in it, MANIFEST included */
    long rows;                  /* data rows over all sheets */
    char err[DB_EXPORT_ERR_MAX]; /* on failure: a Dutch sentence for the
                                    person, e.g. "De stick is vol. Er is
                                    niets opgeslagen." */
};

/* Exports db into a new folder under dest_dir (which must exist). who says
 * who asked, for the log ("docent", "root via ssh"); now names the folder
 * and stamps the log (local time). progress may be NULL. Scratch files go
 * to $TMPDIR (or /tmp) and are removed.
 * Returns 0 when every file is on the stick and flushed; -1 otherwise, with
 * out->err set. out must not be NULL. Logs one line per export. */
int db_export_run(struct db *db, const char *dest_dir, const char *who, int64_t now,
                  db_export_progress_fn progress, void *user, struct db_export_result *out);

/* The number of sheets (and CSV files) an export writes. */
int db_export_sheet_count(void);

#endif
