/* db_roster.c: reading a group's students. */
#include "db/db_roster.h"
#include "base/log.h"

#include <stdio.h>
#include <string.h>

int db_roster_group(struct db *db, const char *group,
                    int (*fn)(void *user, const struct db_student *s), void *user)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT " DB_STUDENT_COLUMNS " FROM students s"
                                   " JOIN groups g ON g.id = s.group_id WHERE g.name = ?1"
                                   " ORDER BY s.last_name, s.first_name, s.number");
    if (!st)
        return -1;
    sqlite3_bind_text(st, 1, group, -1, SQLITE_STATIC);
    int n = 0, rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct db_student s;
        db_student_read(st, &s);
        n++;
        if (fn(user, &s) != 0) {
            rc = SQLITE_DONE;
            break;
        }
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        log_err("db: cannot list group %s: %s", group, db_errmsg(db));
        return -1;
    }
    return n;
}

