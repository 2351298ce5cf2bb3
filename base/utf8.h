/* utf8.h: the one UTF-8 reader for text from outside (files, a stick, a
 * keyboard). Strict as RFC 3629: no overlong forms, no surrogates
 * (U+D800-U+DFFF), nothing past U+10FFFF, no lead bytes C0, C1, F5-FF, no
 * character cut short. Libc only. */
#ifndef UTF8_H
#define UTF8_H

#include <stddef.h>
#include <stdint.h>

#define UTF8_BOM "\xEF\xBB\xBF"
#define UTF8_REPLACEMENT "\xEF\xBF\xBD" /* U+FFFD */
#define UTF8_CHAR_MAX 4                 /* bytes of the longest character */

/* Decodes the character at s (left bytes, at least 1). Returns its length
 * (1-4) and sets *cp when cp is not NULL; 0 when the bytes at s are not
 * UTF-8. Never reads past left. */
size_t utf8_decode(const char *s, size_t left, uint32_t *cp);

/* Writes cp (at most U+10FFFF, not a surrogate) as UTF-8 into out, which
 * has room for UTF8_CHAR_MAX bytes. Returns the length, 0 for a cp that
 * has no UTF-8 form. */
size_t utf8_encode(uint32_t cp, char *out);

/* Offset of the first byte of s that does not start a valid character;
 * len when all of s is UTF-8. */
size_t utf8_invalid_at(const char *s, size_t len);

/* 1 for a control character: U+0000-U+001F, U+007F and U+0080-U+009F. */
int utf8_is_control(uint32_t cp);

/* What utf8_text() lets through besides printable characters. */
#define UTF8_TAB 1u     /* U+0009 */

/* Checks text for a field or a line: the number of characters in s when
 * it is UTF-8 without control characters (apart from those in allow);
 * -1 when it is not UTF-8, -2 when it holds a control character. A len
 * over INT_MAX counts as not UTF-8. */
int utf8_text(const char *s, size_t len, unsigned allow);

#endif
