/* db_questionnaire.h: questionnaires in the store, with versions, and the
 * answers students give (zelfscan, weekcheck, intake).
 *
 * Every distinct text of a questionnaire is kept as its own version; a
 * response points at the exact version it answered, so editing a file later
 * never changes what old answers mean. A response is unfinished until
 * db_questionnaire_finish(); each answer is committed when it is saved, so a
 * student who walks away leaves an unfinished response, never a finished
 * one. */
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

/* ---- responses ------------------------------------------------------- */

struct db_response {
    int64_t id;
    int64_t student_id;
    int64_t questionnaire_id;           /* the exact version answered */
    char name[QUESTIONNAIRE_KEY_MAX];
    int version;
    int64_t session_id;                 /* 0: not during a session */
    int64_t started_at;
    int64_t finished_at;                /* 0 while unfinished */
};

/* Starts a response of student to the version questionnaire_id (committed).
 * session_id 0 when there is none. Returns the new id, -1 on error. */
int64_t db_questionnaire_start(struct db *db, int64_t student_id, int64_t questionnaire_id,
                               int64_t session_id, int64_t now);

/* The student's newest unfinished response to any version of name (to go
 * on where they left off). 1 found, 0 none, -1 error. */
int db_questionnaire_unfinished(struct db *db, int64_t student_id, const char *name,
                                struct db_response *out);

/* Saves one answer, committed before it returns; a second save of the same
 * key replaces the first. Refused (-1, logged) when the response is finished
 * or unknown, the key is not an item of its version, or the value does not
 * fit the item:
 *   schaal, smiley: 1..5; keuze: 1..number of options   (answer_num)
 *   meerkeuze: "2,5" option numbers, at most max         (answer_text)
 *   open: at most max characters                        (answer_text)
 *   leerdoel: keys from questionnaire_goal_key(),
 *             at most DB_GOAL_TEXT_CHARS characters     (answer_text)
 * Text must be UTF-8 without control characters; it is stored trimmed. */
int db_questionnaire_answer_num(struct db *db, int64_t response_id, const char *key, int64_t value,
                                int64_t now);
int db_questionnaire_answer_text(struct db *db, int64_t response_id, const char *key,
                                 const char *text, int64_t now);

/* Removes an answer of an unfinished response (a student takes a choice
 * back, or removes a learning goal). 0 or -1. */
int db_questionnaire_answer_clear(struct db *db, int64_t response_id, const char *key);

/* Finishes a response in one committed transaction: checks that every
 * required item has an answer (else -1 and a Dutch sentence in err naming
 * the first one missing), sets finished_at, and stores the learning goals
 * of its leerdoel items (db_goal.h). 0 on success; -1 with err set. */
int db_questionnaire_finish(struct db *db, int64_t response_id, int64_t now, char *err,
                            size_t errlen);

/* One response row by id. 1 found, 0 not, -1 error. */
int db_questionnaire_response(struct db *db, int64_t response_id, struct db_response *out);

/* The student's finished responses to any version of name, newest first
 * (by finished_at). Returns the count (at most max) or -1. */
int db_questionnaire_finished(struct db *db, int64_t student_id, const char *name,
                              struct db_response *out, int max);

struct db_answer {
    char key[DB_ANSWER_KEY_MAX];
    int has_num;                        /* 1: num holds the answer, else text */
    int64_t num;
    char *text;                         /* "" when has_num; owned by the array */
    int64_t answered_at;
};

/* Every answer of a response, in the order of the items. *out is a
 * malloc'd array; free it with db_questionnaire_answers_free(). Returns the
 * count or -1. */
int db_questionnaire_answers(struct db *db, int64_t response_id, struct db_answer **out);
void db_questionnaire_answers_free(struct db_answer *answers, int n);

#endif
