/* db_student.c: reading and writing students and groups. */
#include "db/db_student.h"
#include "base/log.h"

#include <stdio.h>
#include <string.h>

void db_student_read(sqlite3_stmt *st, struct db_student *out)
{
    memset(out, 0, sizeof *out);
    out->id = sqlite3_column_int64(st, 0);
    db_column_text(st, 1, out->number, sizeof out->number);
    db_column_text(st, 2, out->first_name, sizeof out->first_name);
    db_column_text(st, 3, out->prefix, sizeof out->prefix);
    db_column_text(st, 4, out->last_name, sizeof out->last_name);
    db_column_text(st, 5, out->initials, sizeof out->initials);
    db_column_text(st, 6, out->email, sizeof out->email);
    db_column_text(st, 7, out->programme, sizeof out->programme);
    db_column_text(st, 8, out->crebo, sizeof out->crebo);
    db_column_text(st, 9, out->group, sizeof out->group);
    out->group_id = sqlite3_column_int64(st, 10);
    out->card_version = sqlite3_column_int(st, 11);
}

int db_student_find(struct db *db, const char *number, struct db_student *out)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT " DB_STUDENT_COLUMNS " FROM students s"
                                   " LEFT JOIN groups g ON g.id = s.group_id WHERE s.number = ?1");
    if (!st)
        return -1;
    sqlite3_bind_text(st, 1, number, -1, SQLITE_STATIC);
    int found = db_step_row(db, st, "student lookup");
    if (found == 1) {
        db_student_read(st, out);
        sqlite3_reset(st);
    }
    return found;
}

int64_t db_group_id(struct db *db, const char *name, int create)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT id FROM groups WHERE name = ?1");
    if (!st)
        return -1;
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    int64_t id = db_step_int(st, 0);
    if (id || !create)
        return id;
    st = db_stmt(db, "INSERT INTO groups(name) VALUES (?1)");
    if (!st)
        return -1;
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    id = db_step_insert(db, st);
    if (id < 0)
        log_err("db: cannot add group %s: %s", name, db_errmsg(db));
    return id;
}

enum db_upsert db_student_upsert(struct db *db, const struct db_student *s, int64_t now)
{
    int64_t gid = 0;
    if (s->group[0] && (gid = db_group_id(db, s->group, 1)) < 0)
        return DB_UPSERT_ERROR;
    struct db_student old;
    int found = db_student_find(db, s->number, &old);
    if (found < 0)
        return DB_UPSERT_ERROR;
    if (found && old.group_id == gid && !strcmp(old.first_name, s->first_name) &&
        !strcmp(old.prefix, s->prefix) && !strcmp(old.last_name, s->last_name) &&
        !strcmp(old.initials, s->initials) && !strcmp(old.email, s->email) &&
        !strcmp(old.programme, s->programme) && !strcmp(old.crebo, s->crebo))
        return DB_UPSERT_SAME;

    sqlite3_stmt *st = db_stmt(
        db, "INSERT INTO students(uid, number, first_name, prefix, last_name, initials, email,"
            " programme, crebo, group_id, updated_at)"
            " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, nullif(?10, 0), ?11)"
            " ON CONFLICT(number) DO UPDATE SET first_name = excluded.first_name,"
            " prefix = excluded.prefix, last_name = excluded.last_name,"
            " initials = excluded.initials, email = excluded.email,"
            " programme = excluded.programme, crebo = excluded.crebo,"
            " group_id = excluded.group_id, updated_at = excluded.updated_at");
    if (!st)
        return DB_UPSERT_ERROR;
    char uid[33];
    db_uid_new(uid);
    const char *text[] = {uid, s->number, s->first_name, s->prefix, s->last_name,
                          s->initials, s->email, s->programme, s->crebo};
    for (int i = 0; i < 9; i++)
        sqlite3_bind_text(st, i + 1, text[i], -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 10, gid);
    sqlite3_bind_int64(st, 11, now);
    if (db_step_done(st) != 0) {
        log_err("db: cannot store student %s: %s", s->number, db_errmsg(db));
        return DB_UPSERT_ERROR;
    }
    return found ? DB_UPSERT_UPDATED : DB_UPSERT_ADDED;
}

int db_student_count(struct db *db, int64_t group_id)
{
    sqlite3_stmt *st =
        db_stmt(db, "SELECT count(*) FROM students WHERE ?1 = 0 OR group_id = ?1");
    if (!st)
        return 0;
    sqlite3_bind_int64(st, 1, group_id);
    return (int)db_step_int(st, 0);
}

int db_student_revoke_card(struct db *db, const char *number)
{
    sqlite3_stmt *st = db_stmt(db, "UPDATE students SET card_version = card_version + 1"
                                   " WHERE number = ?1 RETURNING card_version");
    if (!st)
        return -1;
    sqlite3_bind_text(st, 1, number, -1, SQLITE_STATIC);
    return (int)db_step_int(st, -1);
}

/* Length in bytes of the UTF-8 character that starts at s. */
static size_t utf8_char_len(const char *s)
{
    unsigned char c = (unsigned char)*s;
    size_t n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    for (size_t i = 1; i < n; i++)
        if (!s[i])
            return i;
    return n;
}

void db_student_short_name(const struct db_student *s, char *out, size_t len)
{
    const char *last = s->last_name;
    if (!*last) {
        snprintf(out, len, "%s", s->first_name);
        return;
    }
    snprintf(out, len, "%s %.*s.", s->first_name, (int)utf8_char_len(last), last);
}
