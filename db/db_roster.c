/* db_roster.c: reading a group's students. */
#include "db/db_roster.h"
#include "base/log.h"

#include <stdio.h>
#include <string.h>

#define STUDENT_COLS                                                           \
    "s.id, s.number, s.first_name, s.prefix, s.last_name, s.initials, s.email," \
    " s.programme, s.crebo, coalesce(g.name, ''), coalesce(s.group_id, 0), s.card_version"

static void copy_col(sqlite3_stmt *st, int col, char *out, size_t len)
{
    const unsigned char *t = sqlite3_column_text(st, col);
    snprintf(out, len, "%s", t ? (const char *)t : "");
}

static void read_student(sqlite3_stmt *st, struct db_student *s)
{
    memset(s, 0, sizeof *s);
    s->id = sqlite3_column_int64(st, 0);
    copy_col(st, 1, s->number, sizeof s->number);
    copy_col(st, 2, s->first_name, sizeof s->first_name);
    copy_col(st, 3, s->prefix, sizeof s->prefix);
    copy_col(st, 4, s->last_name, sizeof s->last_name);
    copy_col(st, 5, s->initials, sizeof s->initials);
    copy_col(st, 6, s->email, sizeof s->email);
    copy_col(st, 7, s->programme, sizeof s->programme);
    copy_col(st, 8, s->crebo, sizeof s->crebo);
    copy_col(st, 9, s->group, sizeof s->group);
    s->group_id = sqlite3_column_int64(st, 10);
    s->card_version = sqlite3_column_int(st, 11);
}

int db_roster_group(struct db *db, const char *group,
                    int (*fn)(void *user, const struct db_student *s), void *user)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT " STUDENT_COLS " FROM students s"
                                   " JOIN groups g ON g.id = s.group_id WHERE g.name = ?1"
                                   " ORDER BY s.last_name, s.first_name, s.number");
    if (!st)
        return -1;
    sqlite3_bind_text(st, 1, group, -1, SQLITE_STATIC);
    int n = 0, rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct db_student s;
        read_student(st, &s);
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

