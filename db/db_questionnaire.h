/* db_questionnaire.h: questionnaires in the store (zelfscan, weekcheck,
 * intake), with versions. The answers students give are db_response.h.
 *
 * Every distinct text of a questionnaire is kept as its own version; a
 * response points at the exact version it answered, so editing a file later
 * never changes what old answers mean. */
#ifndef DB_QUESTIONNAIRE_H
#define DB_QUESTIONNAIRE_H

#include "db/db.h"
#include "base/questionnaire.h"

#include <stddef.h>
#include <stdint.h>

#define DB_ANSWER_KEY_MAX (QUESTIONNAIRE_KEY_MAX + 16)   /* item key + ".3.wanneer" */
#define DB_GOAL_TEXT_CHARS 300                  /* a learning goal part, in characters */

/* Stores q as the newest version of q->id, unless the newest version has the
 * same content (compared by its canonical text). Sets q->row_id and
 * q->version either way. Returns 1 when a new version was stored, 0 when the
 * newest was the same, -1 on a database error (logged). */
int db_questionnaire_store(struct db *db, struct questionnaire *q, int64_t now);

/* Reads, checks and stores the file at path. 1 new version, 0 unchanged,
 * -1 refused: then nothing changed and *report (malloc'd Dutch text, one
 * problem per line with its line number; free with free()) says why.
 * *report is NULL on success. When out is not NULL, *out receives the
 * stored questionnaire (free with questionnaire_free), else it is freed. */
int db_questionnaire_load_file(struct db *db, const char *path, int64_t now,
                               struct questionnaire **out, char **report);

/* Loads every "*.txt" file in dir (the shipped set: assets/questionnaires).
 * A bad file is skipped (the others still load) and reported in *report as
 * "<file>: regel N: ...". With only_missing set, a file whose id the store
 * already has is skipped: the kiosk loads the shipped set at every start
 * that way, and a school's own edit of a default questionnaire (loaded with
 * `stagekiosk questionnaire load`) stays the newest version. Returns the
 * number of files refused, or -1 when dir cannot be read. *report is NULL
 * when there is nothing to say. */
int db_questionnaire_load_dir(struct db *db, const char *dir, int only_missing, int64_t now,
                              char **report);

/* The exact version with row id questionnaire_id, or the newest version of
 * name. NULL when there is none (or on an error, logged). Free with
 * questionnaire_free(). */
struct questionnaire *db_questionnaire_get(struct db *db, int64_t questionnaire_id);
struct questionnaire *db_questionnaire_newest(struct db *db, const char *name);

struct db_questionnaire_info {
    int64_t row_id;                     /* the newest version */
    char name[QUESTIONNAIRE_KEY_MAX];
    char kind[16];
    char title[QUESTIONNAIRE_TEXT_MAX];
    int version;
    int64_t loaded_at;
    int finished;                       /* finished responses, all versions */
};

/* The newest version of every questionnaire, by name. Returns the count
 * (at most max) or -1. */
int db_questionnaire_list(struct db *db, struct db_questionnaire_info *out, int max);

#endif
