/* db_roster.h: a group's students, in order (for printing cards). */
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

#endif
