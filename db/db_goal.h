/* db_goal.h: a student's learning goals (leerdoelen), with their SMART
 * parts and a status that the student or teacher moves along:
 * open -> bezig -> behaald. Goals come from an intake (db_response_finish
 * stores them) or are added by hand. */
#ifndef DB_GOAL_H
#define DB_GOAL_H

#include "db/db.h"

#include <stdint.h>

#define DB_GOAL_TEXT_MAX 1216   /* DB_GOAL_TEXT_CHARS characters of UTF-8 */

enum db_goal_status { DB_GOAL_OPEN, DB_GOAL_BUSY, DB_GOAL_DONE };

struct db_goal {
    int64_t id;
    int64_t response_id;            /* the intake it came from; 0 when added by hand */
    char text[DB_GOAL_TEXT_MAX];    /* wat */
    char by_when[DB_GOAL_TEXT_MAX]; /* wanneer; may be "" */
    char proof[DB_GOAL_TEXT_MAX];   /* hoe weet je dat het gelukt is; may be "" */
    enum db_goal_status status;
    int64_t created_at, updated_at;
};

/* "open", "bezig", "behaald" and back (-1 when unknown). */
const char *db_goal_status_name(enum db_goal_status status);
int db_goal_status_parse(const char *name);

/* Adds a goal (committed unless inside a transaction). by_when and proof
 * may be "" or NULL; response_id 0 when added by hand. Returns the id or
 * -1. */
int64_t db_goal_add(struct db *db, int64_t student_id, int64_t response_id, const char *text,
                    const char *by_when, const char *proof, int64_t now);

/* Moves a goal to status. 0, or -1 when there is no such goal. */
int db_goal_set_status(struct db *db, int64_t goal_id, enum db_goal_status status, int64_t now);

/* The student's goals, oldest first. Returns the count (at most max) or -1. */
int db_goal_list(struct db *db, int64_t student_id, struct db_goal *out, int max);

/* Number of goals of the student, -1 on error. */
int db_goal_count(struct db *db, int64_t student_id);

#endif
