/* db_response.h: the answers students give to a questionnaire version
 * (db_questionnaire.h). A response is unfinished until db_response_finish();
 * each answer is committed when it is saved, so a student who walks away
 * leaves an unfinished response, never a finished one. */
#ifndef DB_RESPONSE_H
#define DB_RESPONSE_H

#include "db/db_questionnaire.h"

#include <stddef.h>
#include <stdint.h>

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
int64_t db_response_start(struct db *db, int64_t student_id, int64_t questionnaire_id,
                               int64_t session_id, int64_t now);

/* The student's newest unfinished response to any version of name (to go
 * on where they left off). 1 found, 0 none, -1 error. */
int db_response_unfinished(struct db *db, int64_t student_id, const char *name,
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
int db_response_answer_num(struct db *db, int64_t response_id, const char *key, int64_t value,
                                int64_t now);
int db_response_answer_text(struct db *db, int64_t response_id, const char *key,
                                 const char *text, int64_t now);

/* Removes an answer of an unfinished response (a student takes a choice
 * back, or removes a learning goal). 0 or -1. */
int db_response_answer_clear(struct db *db, int64_t response_id, const char *key);

/* Finishes a response in one committed transaction: checks that every
 * required item has an answer (else -1 and a Dutch sentence in err naming
 * the first one missing), sets finished_at, and stores the learning goals
 * of its leerdoel items (db_goal.h). 0 on success; -1 with err set. */
int db_response_finish(struct db *db, int64_t response_id, int64_t now, char *err,
                            size_t errlen);

/* One response row by id. 1 found, 0 not, -1 error. */
int db_response_get(struct db *db, int64_t response_id, struct db_response *out);

/* The student's finished responses to any version of name, newest first
 * (by finished_at). Returns the count (at most max) or -1. */
int db_response_finished(struct db *db, int64_t student_id, const char *name,
                              struct db_response *out, int max);

struct db_answer {
    char key[DB_ANSWER_KEY_MAX];
    int has_num;                        /* 1: num holds the answer, else text */
    int64_t num;
    char *text;                         /* "" when has_num; owned by the array */
    int64_t answered_at;
};

/* Every answer of a response, in the order of the items. *out is a
 * malloc'd array; free it with db_response_answers_free(). Returns the
 * count or -1. */
int db_response_answers(struct db *db, int64_t response_id, struct db_answer **out);
void db_response_answers_free(struct db_answer *answers, int n);

#endif
