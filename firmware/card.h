/* card.h: the signed code on a student's card.
 *
 * Payload: SK1.<studentnummer>.<cardversion>.<mac>, e.g.
 * SK1.042512.1.KQ4M2A7ZC3XBT6PE. Only digits, A-Z and '.', so it survives any
 * scanner keyboard layout and fits a QR code's alphanumeric mode. The mac is
 * HMAC-SHA-256 over "SK1.<number>.<version>" with the kiosk's key, cut to 80
 * bits and written in base32. A dossier URL may wrap the payload: the reader
 * finds the last "SK1." in whatever was scanned. */
#ifndef CARD_H
#define CARD_H

#include <stddef.h>

#define CARD_KEY_BYTES 32
#define CARD_CODE_MAX 64
#define CARD_NUMBER_MAX 21

struct card_key {
    unsigned char bytes[CARD_KEY_BYTES];
};

/* Loads the key from DIR/card.key, creating it (random, mode 0600) when the
 * file does not exist yet. 0 or -1 with a message in err. */
int card_key_load(const char *dir, struct card_key *key, char *err, size_t errlen);

/* 1 when number can go on a card: 1-20 of 0-9, A-Z, '-'. */
int card_number_valid(const char *number);

/* Writes the payload for a card. 0, or -1 when the number cannot go on a
 * card. */
int card_code_make(const struct card_key *key, const char *number, int version, char *out,
                   size_t outlen);

/* The text printed in a card's QR code: the code alone, or the school's
 * dossier URL with the code in place of "{code}" (appended when the URL
 * has no placeholder). 0, or -1 when the number cannot go on a card or out
 * is too small. */
int card_payload(const struct card_key *key, const char *number, int version,
                 const char *url_template, char *out, size_t outlen);

enum card_result {
    CARD_OK,        /* ours and unaltered: number and version are set */
    CARD_GARBLED,   /* not a card code at all */
    CARD_FORGED,    /* looks like a card code but the mac does not match */
};

/* Reads a scanned text (case-insensitive). Does not know about revoked
 * versions: the caller compares version with the student's current one. */
enum card_result card_code_read(const struct card_key *key, const char *scanned,
                                char number[CARD_NUMBER_MAX], int *version);

/* ---- teacher cards ----------------------------------------------------
 * A teacher card opens the PIN keypad, as holding the corner does; the PIN
 * is still needed. Payload SKT1.<version>.<mac>: the mac is HMAC-SHA-256
 * with the card key over "SKT1.<version>", 80 bits in base32. The prefix
 * keeps it apart from student cards and dossier tokens. The version lives
 * in the store (db_pin.h): a revoke makes every older teacher card stop. */

/* Writes the payload of teacher card version (1-9999). 0 or -1. */
int card_teacher_make(const struct card_key *key, int version, char *out, size_t outlen);

/* Reads a scanned text (case-insensitive): CARD_OK with *version set,
 * CARD_FORGED for an altered or foreign one, CARD_GARBLED when it is no
 * teacher card at all (then it may be a student's card). */
enum card_result card_teacher_read(const struct card_key *key, const char *scanned,
                                   int *version);

/* ---- dossier tokens --------------------------------------------------
 * The dossier QR on screen carries a short-lived token, not a card code:
 * SKD1.<studentnummer>.<expires>.<mac>, e.g. SKD1.042512.1764493500.7QK2..
 * expires is unix seconds; the mac is HMAC-SHA-256 with the card key over
 * "SKD1.<number>.<expires>" (the prefix separates it from card codes, so
 * neither can stand in for the other), 80 bits in base32. Only digits, A-Z
 * and '.', like a card code. */

#define CARD_TOKEN_MAX 64

/* Writes the token for number, valid until expires (unix seconds). 0, or -1
 * when the number cannot go on a card or out is too small. */
int card_token_make(const struct card_key *key, const char *number, long long expires,
                    char *out, size_t outlen);

enum card_token_result {
    CARD_TOKEN_OK,          /* ours, unaltered and not expired */
    CARD_TOKEN_GARBLED,     /* not a token */
    CARD_TOKEN_FORGED,      /* altered, or made with another key */
    CARD_TOKEN_EXPIRED,     /* ours and unaltered, but now > expires */
};

/* Checks a token (or a URL that ends in one; case-insensitive) at time now.
 * On CARD_TOKEN_OK and CARD_TOKEN_EXPIRED, number and *expires are set. */
enum card_token_result card_token_read(const struct card_key *key, const char *text,
                                       long long now, char number[CARD_NUMBER_MAX],
                                       long long *expires);

/* Fills a dossier URL template: "{code}" is replaced by code (appended when
 * the template has no "{code}"). 0, or -1 when out is too small. */
int card_url_fill(const char *url_template, const char *code, char *out, size_t outlen);

#endif
