/* db_demo.h: made-up demo data, so the kiosk can be tried on a desk. */
#ifndef DB_DEMO_H
#define DB_DEMO_H

#include "db/db.h"

#include <stdint.h>

#define DB_DEMO_GROUP "ZW2A"
#define DB_DEMO_PIN "1234"   /* demo data only: a real kiosk asks for a PIN */

/* Where the default questionnaires and poll sets are (a history needs
 * them before the kiosk's flows load them). */
struct db_demo_assets {
    const char *questionnaires, *polls;
};

/* Adds one group of 24 fictional students when the store has none, and
 * starts a terugkomdag now when no session runs (late after late_at, 0 for
 * never), and sets the teacher PIN to DB_DEMO_PIN when none is set.
 * With history (not NULL), before that session starts and only once: an
 * intake ten weeks ago, two terugkomdagen with attendance, three rounds of
 * zelfscans, six weeks of weekchecks (one student asks for a talk),
 * learning goals under way, and a closed poll with results. 0 or -1. */
int db_demo_seed(struct db *db, int64_t now, int64_t late_at,
                 const struct db_demo_assets *history);

/* The studentnummer of demo student i (0..23). */
const char *db_demo_number(int i);

#endif
