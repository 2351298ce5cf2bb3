/* db_merge.h: merges another kiosk's snapshot (from an export folder) into
 * this store, so a school with several kiosks, or one that replaces a
 * broken kiosk, ends up with one complete database.
 *
 * Rows are matched on what is the same on every kiosk: students by
 * studentnummer, groups by name, sessions and check-ins by their uid. New
 * rows are added, nothing is duplicated, and running the same merge twice
 * changes nothing. A student known on both sides takes the other side's
 * details when those were updated later, and the higher card version (a card
 * revoked on either kiosk stops working on both). A session still running in
 * the snapshot arrives stopped at its last check-in: the other kiosk's
 * session does not run here. A signal a teacher marked "besproken" there
 * leaves the lists here too. All in one transaction. Not merged (yet): poll
 * sets and polls (the result names them). */
#ifndef DB_MERGE_H
#define DB_MERGE_H

#include "db/db.h"

#include <stddef.h>

#define DB_MERGE_ERR_MAX 256

struct db_merge_result {
    int groups_added;
    int students_added, students_updated;
    int sessions_added, sessions_updated;
    int checkins_added;
    int checkins_skipped;   /* same student, same session, other uid: kept ours */
    int questionnaires_added;   /* versions this kiosk did not have */
    int responses_added, answers_added; /* zelfscans, weekchecks, intakes */
    int goals_added, goals_updated;     /* learning goals */
    int talks_added;            /* signals marked "besproken" there */
    int other_updated;          /* questionnaire items, finished scans, changed answers */
    char unmerged[256];     /* tables of the snapshot that carry uids but that
                               this merge does not know ("" when none), for
                               the log and the admin */
    char err[DB_MERGE_ERR_MAX]; /* on failure: a Dutch sentence */
};

/* Merges the SQLite file at snapshot_path into db. Refuses (returns -1 with
 * out->err) a file that is not a stagekiosk database, is damaged, or comes
 * from a newer stagekiosk; an older one is brought up to date on a scratch
 * copy first (in $TMPDIR or /tmp), the snapshot itself is only read.
 * Returns 0 on success with the counts in out; nothing changes on failure. */
int db_merge_snapshot(struct db *db, const char *snapshot_path, struct db_merge_result *out);

/* The tables this merge knows, for the test that every table with a uid
 * column is merged: number of them and the name of table i. */
int db_merge_table_count(void);
const char *db_merge_table_name(int i);

#endif
