/* sync.h: the kiosk's sync worker, a thread of its own that runs
 * db_sync_round() (db/db_sync.h) against the school's PostgreSQL with its
 * own SQLite connection and its own libpq connection, every
 * [school] interval_s while the server answers, and backs off (5 s,
 * doubling, at most 5 min) while it does not. Nothing of it waits in
 * memory: what is not on the server yet is in the store's outbox. The UI
 * thread never waits for it: it only reads the state line from the store.
 * No SDL. */
#ifndef SYNC_H
#define SYNC_H

#include "firmware/config.h"

#include <stddef.h>
#include <stdint.h>

struct db;
struct sync_worker;

/* Starts the worker for the store at db_path; NULL when [school] has no
 * database (sync off) or the thread cannot start (logged). */
struct sync_worker *sync_start(const struct config *cfg, const char *db_path);

/* Asks for a round now (e.g. after the teacher imported a list). */
void sync_wake(struct sync_worker *w);

/* Stops the worker: a round in the middle of a network call is cancelled.
 * Waits at most about two seconds; NULL is fine. */
void sync_stop(struct sync_worker *w);

/* The teacher's state line, from the store: "Bijgewerkt om 10:42",
 * "3 wachten", "Geen verbinding sinds 09:10" (combined with " · " when two
 * hold). "" when sync is off. */
void sync_state_line(struct db *db, char *out, size_t len);

#endif
