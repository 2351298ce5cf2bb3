/* scanner.c: keystrokes to codes; see scanner.h for the rules. */
#include "firmware/scanner.h"

#include <stdio.h>
#include <string.h>

void scanner_init(struct scanner *s)
{
    memset(s, 0, sizeof *s);
}

/* A buffer typed as one fast burst, as a scanner does. */
static int is_burst(const struct scanner *s)
{
    return s->len >= 4 && (s->last_ms - s->first_ms) <= (int64_t)(s->len - 1) * SCANNER_BURST_MS;
}

void scanner_text(struct scanner *s, const char *text, int64_t now_ms)
{
    scanner_tick(s, now_ms);
    if (s->len && is_burst(s) && now_ms - s->last_ms > SCANNER_PAUSE_MS)
        scanner_init(s); /* a scan broke off; this is a new one */
    for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
        if (*p < 0x20 || *p == 0x7f)
            continue;
        if (s->len == 0 && !s->too_long)
            s->first_ms = now_ms;
        if (s->len < SCANNER_MAX)
            s->buf[s->len++] = (char)*p;
        else
            s->too_long = 1;
    }
    s->buf[s->len] = '\0';
    s->last_ms = now_ms;
}

enum scanner_result scanner_enter(struct scanner *s, int64_t now_ms, char *out, size_t outlen)
{
    scanner_tick(s, now_ms);
    enum scanner_result r = s->too_long ? SCANNER_TOO_LONG
                            : s->len    ? SCANNER_CODE
                                        : SCANNER_NOTHING;
    if (r == SCANNER_CODE)
        snprintf(out, outlen, "%s", s->buf);
    scanner_init(s);
    return r;
}

int64_t scanner_deadline(const struct scanner *s)
{
    return scanner_busy(s) ? s->last_ms + SCANNER_STALE_MS : 0;
}

void scanner_tick(struct scanner *s, int64_t now_ms)
{
    if (scanner_busy(s) && now_ms >= s->last_ms + SCANNER_STALE_MS)
        scanner_init(s);
}

int scanner_busy(const struct scanner *s)
{
    return s->len > 0 || s->too_long;
}

int scanner_typing(const struct scanner *s, int64_t now_ms)
{
    return scanner_busy(s) && now_ms - s->last_ms < SCANNER_BURST_MS;
}
