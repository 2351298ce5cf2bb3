/* db_demo.h: made-up demo data, so the kiosk can be tried on a desk. */
#ifndef DB_DEMO_H
#define DB_DEMO_H

#include "db/db.h"

#include <stdint.h>

#define DB_DEMO_GROUP "ZW2A"
#define DB_DEMO_PIN "1234"   /* demo data only: a real kiosk asks for a PIN */

/* Adds one group of 24 fictional students when the store has none, and
 * starts a terugkomdag now when no session runs (late after late_at, 0 for
 * never), and sets the teacher PIN to DB_DEMO_PIN when none is set.
 * 0 or -1. */
int db_demo_seed(struct db *db, int64_t now, int64_t late_at);

/* The studentnummer of demo student i (0..23). */
const char *db_demo_number(int i);

#endif
