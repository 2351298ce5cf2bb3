/* scanner.h: turns keystrokes into finished scanned codes. Pure: no I/O,
 * time comes in as milliseconds, so tests feed it any timeline.
 *
 * A USB scanner "types" its code within tens of milliseconds and ends with
 * Enter; a person types the same by hand, slower. A scan that breaks off
 * half-way must not mix into the next code: a burst that stops and is
 * followed, after a pause, by new keystrokes is dropped, and any unfinished
 * input goes stale after SCANNER_STALE_MS. */
#ifndef SCANNER_H
#define SCANNER_H

#include <stddef.h>
#include <stdint.h>

#define SCANNER_MAX 200         /* longer input is garbage, not a code */
#define SCANNER_BURST_MS 40     /* keys closer than this come from a scanner */
#define SCANNER_PAUSE_MS 300    /* a burst that pauses this long has broken off */
#define SCANNER_STALE_MS 15000  /* unfinished typing is forgotten after this */

struct scanner {
    char buf[SCANNER_MAX + 1];
    size_t len;
    int too_long;
    int64_t first_ms, last_ms;  /* times of the first and last key */
};

enum scanner_result {
    SCANNER_NOTHING,    /* Enter on empty input */
    SCANNER_CODE,       /* a finished code */
    SCANNER_TOO_LONG,   /* input longer than SCANNER_MAX */
};

void scanner_init(struct scanner *s);

/* Adds typed UTF-8 text at time now_ms. Control characters are ignored. */
void scanner_text(struct scanner *s, const char *text, int64_t now_ms);

/* Enter at now_ms: finishes the input. On SCANNER_CODE out holds the code.
 * The scanner is empty afterwards, whatever the result. */
enum scanner_result scanner_enter(struct scanner *s, int64_t now_ms, char *out, size_t outlen);

/* When unfinished input will go stale (0 when empty); after that time,
 * scanner_tick() drops it. */
int64_t scanner_deadline(const struct scanner *s);
void scanner_tick(struct scanner *s, int64_t now_ms);

/* 1 while a code is being typed. */
int scanner_busy(const struct scanner *s);

/* 1 while a scanner is typing now: input is waiting and its last key came
 * less than SCANNER_BURST_MS ago, as a scanner's next key does. A digit
 * left over from a person's typing is not that, so keys 1-5 still vote. */
int scanner_typing(const struct scanner *s, int64_t now_ms);

#endif
