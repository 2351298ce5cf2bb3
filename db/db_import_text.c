/* db_import_text.c: the bytes of a student list to UTF-8 text (see
 * db_import_text.h). */
#include "db/db_import_text.h"
#include "base/utf8.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Where the bytes stop being UTF-8 (len when they all are), and whether
 * there are real UTF-8 letters (2 bytes or more) elsewhere. */
static size_t utf8_scan(const unsigned char *s, size_t len, int *has_multibyte)
{
    size_t bad_at = len;
    *has_multibyte = 0;
    for (size_t i = 0; i < len;) {
        size_t n = utf8_decode((const char *)s + i, len - i, NULL);
        if (!n && bad_at == len)
            bad_at = i;
        if (n > 1)
            *has_multibyte = 1;
        i += n ? n : 1;
    }
    return bad_at;
}

/* The line (1 = first) that byte offset at is on, counted the way the
 * reader counts: LF, CRLF and a lone CR each end a line. */
static int line_of(const unsigned char *s, size_t at)
{
    int line = 1;
    for (size_t i = 0; i < at; i++)
        if (s[i] == '\n' || (s[i] == '\r' && (i + 1 >= at || s[i + 1] != '\n')))
            line++;
    return line;
}

/* Windows-1252 is Latin-1 except for 0x80-0x9F; 0 marks the five bytes it
 * leaves undefined. */
static const uint16_t cp1252_80_9f[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, /* 80-87 */
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0,      0x017D, 0,      /* 88-8F */
    0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, /* 90-97 */
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178, /* 98-9F */
};

/* Converts Windows-1252 to UTF-8 (malloc'd, NUL-terminated). Undefined
 * bytes become U+FFFD, which the field checks then refuse. */
static char *cp1252_to_utf8(const unsigned char *s, size_t len, size_t *out_len)
{
    char *out = malloc(len * 3 + 1); /* no byte needs more than 3 */
    if (!out)
        return NULL;
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        uint32_t cp = s[i];
        if (cp >= 0x80 && cp <= 0x9F)
            cp = cp1252_80_9f[cp - 0x80] ? cp1252_80_9f[cp - 0x80] : 0xFFFD;
        n += utf8_encode(cp, out + n);
    }
    out[n] = '\0';
    *out_len = n;
    return out;
}

static char *copy_bytes(const unsigned char *s, size_t len, size_t *out_len)
{
    char *out = malloc(len + 1);
    if (!out)
        return NULL;
    memcpy(out, s, len);
    out[len] = '\0';
    *out_len = len;
    return out;
}

static int is_control(unsigned char c)
{
    return (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F;
}

/* A CSV export never holds a NUL. A stray control character can occur
 * (it becomes a problem on its row), but more than one byte in twenty
 * means some other kind of file: random bytes give about one in nine. */
static int looks_like_text(const unsigned char *s, size_t len)
{
    size_t controls = 0;
    for (size_t i = 0; i < len; i++) {
        if (!s[i])
            return 0;
        controls += (size_t)is_control(s[i]);
    }
    return controls * 20 <= len;
}

static int is_blank(const unsigned char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n')
            return 0;
    return 1;
}

enum db_import_text db_import_text(const unsigned char *data, size_t len, struct report *p,
                                   char **text, size_t *text_len)
{
    *text = NULL;
    *text_len = 0;
    /* Excel's "CSV UTF-8" starts with a BOM, and then it is UTF-8. */
    int bom = len >= 3 && !memcmp(data, UTF8_BOM, 3);
    if (bom) {
        data += 3;
        len -= 3;
    }
    if (len >= 2 && (!memcmp(data, "\xFF\xFE", 2) || !memcmp(data, "\xFE\xFF", 2))) {
        report_add(p, 0, "Dit bestand is opgeslagen als Unicode-tekst (UTF-16). Sla het in Excel "
                          "op als 'CSV UTF-8'.");
        return DB_IMPORT_TEXT_REFUSED;
    }
    if (is_blank(data, len)) {
        report_add(p, 0, "Het bestand is leeg.");
        return DB_IMPORT_TEXT_REFUSED;
    }
    if (!looks_like_text(data, len)) {
        if (len >= 4 && !memcmp(data, "PK\x03\x04", 4))
            report_add(p, 0, "Dit is geen tekstbestand (CSV). Het lijkt een Excel-bestand: "
                              "sla het in Excel op als 'CSV UTF-8'.");
        else
            report_add(p, 0, "Dit is geen tekstbestand (CSV).");
        return DB_IMPORT_TEXT_REFUSED;
    }
    int has_multibyte;
    size_t bad_at = utf8_scan(data, len, &has_multibyte);
    if (bad_at < len && has_multibyte) {
        /* Read either way, some letters would come out wrong (a list
         * pasted together from two sources). */
        report_add(p, line_of(data, bad_at),
                    "het bestand is deels UTF-8 en deels een andere tekenset; sla het opnieuw "
                    "op als 'CSV UTF-8'");
        return DB_IMPORT_TEXT_REFUSED;
    }
    if (bad_at < len && bom) {
        report_add(p, line_of(data, bad_at),
                    "hier staat een teken dat geen UTF-8 is, maar het bestand zegt dat het "
                    "UTF-8 is; sla het opnieuw op als 'CSV UTF-8'");
        return DB_IMPORT_TEXT_REFUSED;
    }
    if (bad_at == len) {
        *text = copy_bytes(data, len, text_len);
        return *text ? DB_IMPORT_TEXT_UTF8 : DB_IMPORT_TEXT_NO_MEMORY;
    }
    *text = cp1252_to_utf8(data, len, text_len);
    return *text ? DB_IMPORT_TEXT_WINDOWS1252 : DB_IMPORT_TEXT_NO_MEMORY;
}
