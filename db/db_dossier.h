/* db_dossier.h: what "Mijn dossier" shows, as plain numbers: zelfscan
 * averages per competency (first, previous, latest), attendance at
 * terugkomdagen, the weekcheck trend and the learning goals. The screens draw
 * these with ui/chart.h; nothing here knows about drawing. */
#ifndef DB_DOSSIER_H
#define DB_DOSSIER_H

#include "db/db.h"
#include "db/db_goal.h"
#include "base/questionnaire.h"

#include <stdint.h>

#define DB_DOSSIER_CATEGORIES 12
#define DB_DOSSIER_DAYS 16          /* terugkomdagen listed one by one */
#define DB_DOSSIER_TREND_MAX 52     /* weekchecks in the trend */
#define DB_DOSSIER_GOALS 8

/* Per-category averages of three finished zelfscans of one questionnaire
 * (all its versions). A value is the average of the scale answers (1..5) of
 * that category, or -1 when that scan has none. */
struct db_dossier_scans {
    int count;                      /* finished scans in all */
    int ncat;                       /* categories, in the order of the newest
                                       scan's items, then any older ones */
    char category[DB_DOSSIER_CATEGORIES][QUESTIONNAIRE_KEY_MAX];
    double latest[DB_DOSSIER_CATEGORIES];   /* set when count >= 1 */
    double previous[DB_DOSSIER_CATEGORIES]; /* set when count >= 2, else all -1 */
    double first[DB_DOSSIER_CATEGORIES];    /* set when count >= 3 (else it is
                                               the previous or the latest), else -1 */
    int64_t latest_at, previous_at, first_at; /* finished_at; 0 when not set */
};

/* Fills out for the student's finished responses to questionnaire name.
 * 0 (count may be 0) or -1. */
int db_dossier_scans(struct db *db, int64_t student_id, const char *name,
                     struct db_dossier_scans *out);

enum db_attendance { DB_ATTENDANCE_PRESENT, DB_ATTENDANCE_LATE, DB_ATTENDANCE_ABSENT };

struct db_attendance_day {
    int64_t at;                     /* the session's start */
    enum db_attendance status;
};

/* Terugkomdagen of the student's group: ended ones without a check-in are
 * absent; the running one counts only once the student checked in. */
struct db_dossier_attendance {
    int present, late, absent;      /* over every terugkomdag */
    int n;                          /* the newest n days, oldest first */
    struct db_attendance_day day[DB_DOSSIER_DAYS];
};

int db_dossier_attendance(struct db *db, int64_t student_id, struct db_dossier_attendance *out);

/* The smiley answers (1..5) of the student's newest finished weekchecks (any
 * questionnaire of soort weekcheck; its first smiley item), oldest first. */
struct db_dossier_trend {
    int n;
    double value[DB_DOSSIER_TREND_MAX];
    int64_t at[DB_DOSSIER_TREND_MAX];
};

/* The newest max (<= DB_DOSSIER_TREND_MAX) weekcheck smileys. 0 or -1. */
int db_dossier_weekcheck(struct db *db, int64_t student_id, int max,
                         struct db_dossier_trend *out);

/* Everything at once, for the dossier screen. Goals: the first
 * DB_DOSSIER_GOALS, oldest first; ngoals_total counts all. 0 or -1. */
struct db_dossier {
    struct db_dossier_scans scans;
    struct db_dossier_attendance attendance;
    struct db_dossier_trend weekcheck;
    int ngoals, ngoals_total;
    struct db_goal goals[DB_DOSSIER_GOALS];
};

int db_dossier_load(struct db *db, int64_t student_id, const char *zelfscan_name,
                    int weekchecks, struct db_dossier *out);

#endif
