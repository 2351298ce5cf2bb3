/* cards.h: a group's student cards as a printable PDF, for the command
 * line (`stagekiosk cards`) and the teacher's "Passen printen" alike. */
#ifndef CARDS_H
#define CARDS_H

#include "db/db.h"
#include "firmware/card.h"
#include "firmware/config.h"

#include <stddef.h>

struct cards_result {
    int written;        /* cards in the PDF */
    int skipped;        /* students whose number cannot go on a card */
    int pages;
    char skipped_first[256]; /* "Naam (nummer)" of the first one skipped */
};

/* Writes the cards of every student in group to the PDF at path (written
 * under a temporary name and renamed). 0, or -1 with a Dutch sentence in
 * err (no students, no memory, the file cannot be written). */
int cards_write_group(struct db *db, const struct card_key *key, const struct config *cfg,
                      const char *group, const char *path, struct cards_result *out, char *err,
                      size_t errlen);

#endif
