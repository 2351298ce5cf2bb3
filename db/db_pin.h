/* db_pin.h: the teacher PIN. Stored as an argon2id hash (libsodium) in the
 * settings table, with the count of wrong tries and the end of the lockout,
 * so a restart keeps a lock. No default PIN: until db_pin_set() runs, no PIN
 * works and db_pin_is_set() says 0 (the kiosk then asks for a new one). */
#ifndef DB_PIN_H
#define DB_PIN_H

#include "db/db.h"

#include <stdint.h>

#define DB_PIN_MIN_DIGITS 4
#define DB_PIN_MAX_DIGITS 8

/* Wrong tries allowed before the keypad locks; the first lock lasts
 * DB_PIN_LOCK_S and each further wrong try doubles it, up to
 * DB_PIN_LOCK_MAX_S. A correct PIN resets all of it. */
#define DB_PIN_FREE_TRIES 5
#define DB_PIN_LOCK_S 60
#define DB_PIN_LOCK_MAX_S (24 * 3600)

enum db_pin_result {
    DB_PIN_ERROR = -1, /* the store failed; logged */
    DB_PIN_OK,         /* correct; failures reset */
    DB_PIN_WRONG,      /* wrong, not locked (yet) */
    DB_PIN_LOCKED,     /* locked now: either it was locked before this try (the
                          PIN was not even checked), or this wrong try started
                          a lock; wait_s says how long */
    DB_PIN_NOT_SET,    /* no PIN yet: nothing can match */
};

/* 1 when pin is 4 to 8 digits, else 0. */
int db_pin_valid(const char *pin);

/* 1 when a PIN is set, 0 when not, -1 on a store error. */
int db_pin_is_set(struct db *db);

/* Stores pin (must be db_pin_valid) as a new hash and clears the failure
 * count and any lock. Committed before it returns. 0 or -1 (logged). */
int db_pin_set(struct db *db, const char *pin);

/* Checks pin at time now (unix seconds). The failure is stored and committed
 * before the hash is compared, so killing the process mid-check still
 * counts the try. When the result is DB_PIN_LOCKED, *wait_s (may be NULL)
 * gets the seconds left; else 0. *tries_left (may be NULL) gets the wrong
 * tries left before a lock (0 while locked). Takes about 0.1 s on a Pi:
 * the hash is meant to be slow. */
enum db_pin_result db_pin_check(struct db *db, const char *pin, int64_t now, int *wait_s,
                                int *tries_left);

/* Seconds the keypad stays locked from now: 0 when it is not locked, -1 on
 * a store error. The keypad screen calls it on entry, so a lock survives a
 * restart. A clock that went back never makes a lock longer than its own
 * length. */
int db_pin_wait(struct db *db, int64_t now);

/* The version a teacher card must carry (firmware/card.h: SKT1.<version>):
 * 1 until the first revoke; -1 on a store error. */
int db_pin_card_version(struct db *db);

/* Makes every teacher card printed so far stop working: the version goes
 * up by one, committed. The new version, or -1 (logged). */
int db_pin_card_revoke(struct db *db);

#endif
