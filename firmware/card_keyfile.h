/* card_keyfile.h: moving the card key (DATA/card.key, see card.h) from one
 * kiosk to another, so all kiosks of a school accept the same cards.
 *
 * The exported file is one line of text:
 *   stagekiosk-card-key 1 <64 hex digits>
 * Import also takes a raw 32-byte card.key copied by hand. */
#ifndef CARD_KEYFILE_H
#define CARD_KEYFILE_H

#include <stddef.h>

/* Writes this kiosk's key (made first when there is none) to file, mode
 * 0600, under a temporary name, flushed, then renamed. 0 or -1 with a
 * Dutch message in err. */
int card_keyfile_export(const char *data_dir, const char *file, char *err, size_t errlen);

enum card_keyfile_import {
    CARD_KEYFILE_ERROR = -1,    /* err says why; nothing changed */
    CARD_KEYFILE_IMPORTED,      /* DATA/card.key now holds the new key */
    CARD_KEYFILE_SAME,          /* this kiosk had that key already */
    CARD_KEYFILE_DIFFERENT,     /* this kiosk has another key and force was
                                   not set: nothing changed (err says what
                                   replacing it would do) */
};

/* Reads a key from file and makes it this kiosk's key. Replacing a
 * different key makes every card printed with the old key stop working,
 * so that needs force. A running kiosk reads the key when it starts. */
enum card_keyfile_import card_keyfile_import(const char *data_dir, const char *file, int force,
                                             char *err, size_t errlen);

#endif
