/* db_poll.h: group polls. Poll sets (questions with 2-5 options, imported
 * from set files, every version kept), polls (one question opened, maybe
 * revealed, closed), and the votes.
 *
 * Open polls store every vote as a row (poll, option, time, source), so an
 * export can show the timeline. Verified polls (one vote per student) keep
 * WHO voted (poll_voters) apart from WHAT was voted (poll_ballots), with no
 * column, order or time that links the two: see HACKING.md "Verified polls"
 * for how the schema and db_poll_close() guarantee it.
 *
 * Every write is committed before the function returns (a power cut loses
 * no vote that was confirmed), and an open poll is simply open again after
 * a restart, with the same counts. */
#ifndef DB_POLL_H
#define DB_POLL_H

#include "db/db.h"
#include "base/setfile.h"

#include <stddef.h>
#include <stdint.h>

#define DB_POLL_OPTIONS_MAX SETFILE_ITEMS_MAX
#define DB_POLL_TEXT_MAX SETFILE_TEXT_MAX
#define DB_POLL_NAME_MAX SETFILE_NAME_MAX

struct db_poll_set {
    int64_t id;
    char name[DB_POLL_NAME_MAX];
    int version;                 /* 1, 2, ...: a changed file adds one */
    char title[DB_POLL_TEXT_MAX];
    int questions;
    int64_t loaded_at;           /* unix seconds */
};

struct db_poll_question {
    int64_t id;
    int number;                  /* 1-based, within its set */
    char text[DB_POLL_TEXT_MAX];
    int noptions;                /* 2..DB_POLL_OPTIONS_MAX */
    char options[DB_POLL_OPTIONS_MAX][DB_POLL_TEXT_MAX];
};

struct db_poll {
    int64_t id;
    char set_name[DB_POLL_NAME_MAX];
    int set_version;
    struct db_poll_question q;
    int verified;                /* one vote per student, by card */
    int64_t session_id;          /* the session running at opening; 0: none */
    int64_t opened_at;           /* unix seconds */
    int64_t revealed_at;         /* 0: results still hidden */
    int64_t closed_at;           /* 0: still open */
    int rejected;                /* presses during the lock */
};

enum db_vote_source { DB_VOTE_BUTTON, DB_VOTE_TOUCH };

enum db_vote_status { DB_VOTE_ERROR = -1, DB_VOTE_NEW, DB_VOTE_ALREADY };

/* Sets ---------------------------------------------------------------- */

/* Stores a parsed poll set (setfile_polls) as a new version of its name;
 * source is the file it came from (for the admin). When the newest stored
 * version has the same content, nothing is stored. Returns 1 stored, 0
 * unchanged (both fill *out with that version), -1 error (Dutch in err). */
int db_poll_set_import(struct db *db, const struct setfile *set, const char *source,
                       int64_t now, struct db_poll_set *out, char *err, size_t errlen);

/* When the store has no poll set at all, imports every set file in dir
 * (the shipped ones: assets_path("polls")), so a fresh kiosk has the
 * terugkomdag set. A bad file is logged and left out. Returns how many sets
 * were stored; 0 when the store already had sets; -1 on error. */
int db_poll_set_defaults(struct db *db, const char *dir, int64_t now);

/* The newest version of every set, by name, up to max. Count or -1. */
int db_poll_set_list(struct db *db, struct db_poll_set *out, int max);

/* The newest version of set name. 1 found, 0 not, -1 error. */
int db_poll_set_find(struct db *db, const char *name, struct db_poll_set *out);

/* The questions of a set (by id), in order, up to max. Count or -1. */
int db_poll_set_questions(struct db *db, int64_t set_id, struct db_poll_question *out,
                          int max);

/* Polls ----------------------------------------------------------------- */

/* Opens question number (1-based) of the newest version of set name, in
 * the running session if there is one. Only one poll is open at a time.
 * Returns the poll's id, or -1 with a Dutch message in err. */
int64_t db_poll_open(struct db *db, const char *set_name, int number, int verified,
                     int64_t now, char *err, size_t errlen);

/* The open poll: 1 (filled in), 0 none open, -1 error. */
int db_poll_current(struct db *db, struct db_poll *out);

/* The poll opened last, open or closed: 1, 0 there is none, -1 error. */
int db_poll_last(struct db *db, struct db_poll *out);

/* A poll by id: 1, 0 no such poll, -1 error. */
int db_poll_get(struct db *db, int64_t id, struct db_poll *out);

/* Shows the open poll's results. 1 revealed now, 2 already revealed,
 * 0 no poll is open, -1 error. */
int db_poll_reveal(struct db *db, int64_t now);

/* Closes the open poll: 1 closed, 0 none was open, -1 error. After a
 * verified poll the file is rebuilt (VACUUM) and the WAL emptied, so no
 * trace of the order in which ballots were written is left on disk. */
int db_poll_close(struct db *db, int64_t now);

/* Votes ------------------------------------------------------------------- */

/* One vote for option (1-based) in open, unverified poll poll_id at
 * now_ms (unix ms). Committed on return. 0, or -1 when the poll is not
 * open, verified, or has no such option (logged). */
int db_poll_vote(struct db *db, int64_t poll_id, int option, enum db_vote_source source,
                 int64_t now_ms);

/* One vote of student_id in open verified poll poll_id, committed on
 * return: the voter and the ballot in one transaction, nothing that ties
 * them. DB_VOTE_ALREADY (nothing stored) when the student has voted. */
enum db_vote_status db_poll_vote_verified(struct db *db, int64_t poll_id, int64_t student_id,
                                          int option);

/* 1 when student_id has voted in poll_id, 0 not, -1 error. */
int db_poll_has_voted(struct db *db, int64_t poll_id, int64_t student_id);

/* Counts presses during the lock against poll_id (open polls only):
 * db_poll_reject one, db_poll_reject_add n at once (e.g. a lock's
 * DEBOUNCE_UNLOCKED count: one commit, not one per press). 0 or -1. */
int db_poll_reject(struct db *db, int64_t poll_id);
int db_poll_reject_add(struct db *db, int64_t poll_id, int n);

/* Results ------------------------------------------------------------------- */

struct db_poll_tally {
    int noptions;
    int n;                             /* votes in all */
    int shown;                         /* n >= min_votes: counts are given */
    int count[DB_POLL_OPTIONS_MAX];    /* 0 when !shown */
    int percent[DB_POLL_OPTIONS_MAX];  /* whole percents adding up to 100
                                          (0 when n == 0 or !shown) */
};

/* Pure: the chart's figures from the counts per option. Below min_votes
 * only n is given, so a small group stays anonymous. */
void db_poll_tally_fill(struct db_poll_tally *t, const int *counts, int noptions,
                        int min_votes);

/* The closed polls of a session, first opened first: their ids into ids
 * (at most max). The count, or -1. */
int db_poll_closed(struct db *db, int64_t session_id, int64_t *ids, int max);

/* The figures of poll_id (its noptions from the question). 0 or -1. */
int db_poll_tally(struct db *db, int64_t poll_id, int min_votes, struct db_poll_tally *out);

#endif
