/* db_session.h: sessions (terugkomdag, intake, bijeenkomst) and check-ins. */
#ifndef DB_SESSION_H
#define DB_SESSION_H

#include "db/db.h"
#include "db/db_student.h"

#include <stdint.h>

#define DB_TITLE_MAX 128

struct db_session {
    int64_t id;
    char kind[16];              /* terugkomdag | intake | bijeenkomst */
    char title[DB_TITLE_MAX];
    char group[DB_NAME_MAX];
    int64_t group_id;
    int64_t started_at;         /* unix seconds */
    int64_t late_at;            /* 0: nobody is late */
    int64_t ended_at;           /* 0: still running */
};

/* 1 when kind is one of the three session kinds. */
int db_session_kind_valid(const char *kind);

/* Starts a session; refuses (returns -1, message in err) when one is running
 * or the group does not exist. Returns the new id. */
int64_t db_session_start(struct db *db, const char *kind, const char *group, const char *title,
                         int64_t now, int64_t late_at, char *err, size_t errlen);

/* Stops the running session. 1 stopped, 0 none was running, -1 error. */
int db_session_stop(struct db *db, int64_t now);

/* The running session. 1 found, 0 none, -1 error. */
int db_session_current(struct db *db, struct db_session *out);

/* Check-ins ------------------------------------------------------------ */

enum db_checkin_status { DB_CHECKIN_ERROR = -1, DB_CHECKIN_NEW, DB_CHECKIN_ALREADY };

struct db_checkin {
    int64_t at;                 /* when the (first) check-in happened */
    int late;
    int guest;                  /* student of another group */
};

/* Checks a student in to a session, committed before it returns. A second
 * check-in stores nothing and reports the first one (DB_CHECKIN_ALREADY).
 * how is "scan" or "hand"; by_whom and reason may be "". */
enum db_checkin_status db_checkin_add(struct db *db, const struct db_session *session,
                                      const struct db_student *student, int64_t now,
                                      const char *how, const char *by_whom, const char *reason,
                                      struct db_checkin *out);

/* Number of students checked in to a session. */
int db_checkin_count(struct db *db, int64_t session_id);

/* One student's line on the attendance list of a session. */
struct db_attendance_line {
    struct db_student student;
    int present, late, guest;
    int64_t at;
    char how[8];                /* "scan" or "hand" */
};

/* The session's group plus any guests who checked in: who is not in yet
 * first, then who came late, then who came in time, each by last name;
 * from offset, at most max lines. Returns the number written, or -1. */
int db_attendance_read(struct db *db, const struct db_session *s, int offset, int max,
                       struct db_attendance_line *out);

/* How many of those lines there are, and in which state. */
struct db_attendance_counts {
    int total, missing, late, in_time;
};
int db_attendance_counts(struct db *db, const struct db_session *s,
                         struct db_attendance_counts *out);

/* Names of all groups, sorted; at most max. Returns the number or -1. */
int db_group_list(struct db *db, char (*names)[DB_NAME_MAX], int max);

#endif
