/* db_import.h: reads a school's student list (Eduarte, Magister, ...) from
 * a CSV export and stores the students, all or nothing. */
#ifndef DB_IMPORT_H
#define DB_IMPORT_H

#include "db/db.h"

#include <stddef.h>
#include <stdint.h>

/* Files bigger than this are refused: a school's list is well under 1 MB. */
#define DB_IMPORT_MAX_BYTES (20u * 1024 * 1024)

/* The report lists at most this many problems, then "... en nog N problemen". */
#define DB_IMPORT_REPORT_LINES 50

struct db_import_result {
    int rows;                 /* data rows read (blank lines not counted) */
    int added, updated, same; /* what was (or, on a dry run, would be) done */
    int problems;             /* number of problems found */
    char separator;           /* ';', ',' or '\t' as detected; 0 when not read */
    int windows1252;          /* 1 when the bytes were read as Windows-1252 */
    char *report;             /* malloc'd Dutch text, one problem per line
                                 ("regel 7: ..."); NULL when there is nothing
                                 to report. Free with free(). */
};

/* Reads the student list in data (any bytes, len of them). group may be
 * NULL or ""; when set it is the klas of every row (it replaces a klas
 * column).
 * - Any problem: nothing is changed, out->report lists every problem with
 *   its line number; returns 1.
 * - dry_run: changes nothing but fills the counts as if it had imported;
 *   returns 0.
 * - Otherwise stores every student in one transaction with
 *   db_student_upsert (now is the updated_at time); returns 0.
 * Returns -1 on a database error or when memory runs out; nothing is changed
 * and out->report says so. out is always filled in. */
int db_import_students(struct db *db, const char *data, size_t len, const char *group,
                       int dry_run, int64_t now, struct db_import_result *out);

/* Same, reading the file at path. A file that cannot be read or is over
 * DB_IMPORT_MAX_BYTES is a problem (returns 1). */
int db_import_students_file(struct db *db, const char *path, const char *group, int dry_run,
                            int64_t now, struct db_import_result *out);

#endif
