/* db_student.h: students and their groups (klassen). */
#ifndef DB_STUDENT_H
#define DB_STUDENT_H

#include "db/db.h"

#include <stdint.h>

#define DB_NUMBER_MAX 32
#define DB_NAME_MAX 96

struct db_student {
    int64_t id;
    char number[DB_NUMBER_MAX];     /* studentnummer, text: leading zeros kept */
    char first_name[DB_NAME_MAX];   /* roepnaam */
    char prefix[DB_NAME_MAX];       /* tussenvoegsel */
    char last_name[DB_NAME_MAX];
    char initials[DB_NAME_MAX];
    char email[DB_NAME_MAX];
    char programme[DB_NAME_MAX];    /* opleiding */
    char crebo[DB_NUMBER_MAX];
    char group[DB_NAME_MAX];        /* klas; "" when none */
    int64_t group_id;               /* 0 when none */
    int card_version;
};

/* The columns db_student_read() reads, in its order, over students s LEFT
 * JOIN (or JOIN) groups g: "SELECT " DB_STUDENT_COLUMNS " FROM students s ...". */
#define DB_STUDENT_COLUMNS                                                                 \
    "s.id, s.number, s.first_name, s.prefix, s.last_name, s.initials, s.email,"           \
    " s.programme, s.crebo, coalesce(g.name, ''), coalesce(s.group_id, 0), s.card_version"

/* Reads the current row of a statement that selects DB_STUDENT_COLUMNS
 * first into out. */
void db_student_read(sqlite3_stmt *st, struct db_student *out);

/* What an upsert did with a row. */
enum db_upsert { DB_UPSERT_ERROR = -1, DB_UPSERT_ADDED, DB_UPSERT_UPDATED, DB_UPSERT_SAME };

/* Finds a student by number. 1 found, 0 not found, -1 error. */
int db_student_find(struct db *db, const char *number, struct db_student *out);

/* Adds the student or updates the one with the same number (never a
 * duplicate); keeps the card version. Creates the group when needed. Call
 * inside a transaction when importing many. */
enum db_upsert db_student_upsert(struct db *db, const struct db_student *s, int64_t now);

/* Group id by name, created when create is set. 0 when absent, -1 on error. */
int64_t db_group_id(struct db *db, const char *name, int create);

/* Number of students in a group (all students when group_id is 0). */
int db_student_count(struct db *db, int64_t group_id);

/* Makes a new card version for a lost card; old cards stop working.
 * Returns the new version or -1. */
int db_student_revoke_card(struct db *db, const char *number);

/* "Sanne J.": first name and the initial of the last name, for screens
 * after a scan. Never more than that. */
void db_student_short_name(const struct db_student *s, char *out, size_t len);

#endif
