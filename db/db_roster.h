/* db_roster.h: lists of students: a group's (for printing cards) and a
 * session's attendance (for the teacher's list, present / late / absent). */
#ifndef DB_ROSTER_H
#define DB_ROSTER_H

#include "db/db.h"
#include "db/db_student.h"

#include <stdint.h>

/* Calls fn for every student of group, ordered by last name, first name,
 * number. fn returns 0 to go on, anything else to stop. Returns the number
 * of students passed to fn, or -1 on an error (logged). An unknown group
 * has no students (0). */
int db_roster_group(struct db *db, const char *group,
                    int (*fn)(void *user, const struct db_student *s), void *user);

enum db_attendance { DB_ABSENT, DB_PRESENT, DB_LATE };

struct db_roster_entry {
    struct db_student student;
    enum db_attendance status;
    int64_t at;             /* check-in time; 0 when absent */
    int by_hand;            /* checked in by hand */
    int guest;              /* from another group */
};

/* Calls fn for every student of the session's group and every guest who
 * checked in, in the same order. Returns the number of entries or -1. */
int db_roster_session(struct db *db, int64_t session_id,
                      int (*fn)(void *user, const struct db_roster_entry *e), void *user);

#endif
