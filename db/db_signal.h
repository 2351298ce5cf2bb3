/* db_signal.h: signals for the teacher, computed from what is stored (never
 * stored themselves, so they disappear when the cause does). Each says why,
 * in one short Dutch sentence. Teacher-only: never show them to a student.
 *
 * The rules:
 *  - weekcheck: the student's newest finished weekcheck has an answer that
 *    its questionnaire marks with "signaal" (default set: a smiley of 1 or 2,
 *    or "Ja, deze week" / "Ja, snel" to the question about a talk);
 *  - drop: a category average of a zelfscan fell by 1.0 or more from the
 *    previous finished scan of the same questionnaire to the newest one;
 *  - absent: the newest two ended terugkomdagen of the student's group both
 *    have no check-in of the student;
 *  - no intake: no finished questionnaire of soort intake;
 *  - no goals: an intake is finished but the student has no learning goal.
 * A signal a teacher marked "besproken" stays off the lists until a newer
 * cause of its kind comes (table signal_talks). */
#ifndef DB_SIGNAL_H
#define DB_SIGNAL_H

#include "db/db.h"
#include "db/db_student.h"

#include <stdint.h>

#define DB_SIGNAL_REASON_MAX 320
#define DB_SIGNAL_DROP 1.0          /* a fall of this much or more signals */

enum db_signal_kind {
    DB_SIGNAL_WEEKCHECK,
    DB_SIGNAL_SCORE_DROP,
    DB_SIGNAL_ABSENT,
    DB_SIGNAL_NO_INTAKE,
    DB_SIGNAL_NO_GOALS,
};

struct db_signal {
    int64_t student_id;
    char number[DB_NUMBER_MAX];
    char name[DB_NAME_MAX * 3];         /* full name: for the teacher */
    char group[DB_NAME_MAX];
    enum db_signal_kind kind;
    int64_t at;                         /* when the cause happened; 0 when it
                                           is about something missing */
    char reason[DB_SIGNAL_REASON_MAX];  /* e.g. "Weekcheck van 30-11: wil een
                                           gesprek met de begeleider (Ja, snel)." */
    int64_t discussed_at;               /* when a teacher marked it "besproken";
                                           0: not (db_signal_list_all only) */
};

/* The signals of one student into out (at most max). Returns the count or
 * -1. Dates in reasons are local time (dd-mm). */
int db_signal_student(struct db *db, int64_t student_id, struct db_signal *out, int max);

/* The signals of every student of a group (group_id 0: every student), by
 * group, then name. *out is a malloc'd array (NULL when there are none);
 * free it with free(). Returns the count or -1. */
int db_signal_list(struct db *db, int64_t group_id, struct db_signal **out);

/* The same with the signals a teacher marked "besproken" (discussed_at set),
 * which db_signal_list and db_signal_student leave out: for the export. */
int db_signal_list_all(struct db *db, int64_t group_id, struct db_signal **out);

/* Marks the n signals at s "besproken" at now: each stays off the lists
 * until a newer cause of its kind comes for its student (a new weekcheck,
 * a new drop, another missed day). Committed; 0 or -1. */
int db_signal_discuss(struct db *db, const struct db_signal *s, int n, int64_t now);

#endif
