/* card.c: making and checking card payloads with libsodium's HMAC. */
#include "firmware/card.h"
#include "base/log.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAC_BYTES 10
#define MAC_CHARS 16 /* 80 bits in base32 */
#define PREFIX "SK1."
#define SCAN_TEXT_MAX 256 /* longer scans are no code of ours */

static const char base32[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

static int read_key(const char *path, struct card_key *key)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    ssize_t n = read(fd, key->bytes, sizeof key->bytes);
    close(fd);
    return n == (ssize_t)sizeof key->bytes ? 0 : -2;
}

int card_key_load(const char *dir, struct card_key *key, char *err, size_t errlen)
{
    char path[4096], tmp[4100];
    snprintf(path, sizeof path, "%s/card.key", dir);
    if (sodium_init() < 0) {
        snprintf(err, errlen, "libsodium start niet.");
        return -1;
    }
    int rc = read_key(path, key);
    if (rc == 0)
        return 0;
    if (rc == -2 || errno != ENOENT) {
        snprintf(err, errlen, "De sleutel voor de passen (%s) is beschadigd of onleesbaar.", path);
        log_err("card: %s unreadable or wrong size", path);
        return -1;
    }
    /* First use: a new random key, written whole or not at all. */
    randombytes_buf(key->bytes, sizeof key->bytes);
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0 || write(fd, key->bytes, sizeof key->bytes) != (ssize_t)sizeof key->bytes ||
        fsync(fd) != 0 || close(fd) != 0 || rename(tmp, path) != 0) {
        snprintf(err, errlen, "De sleutel voor de passen kan niet worden opgeslagen in %s.", dir);
        log_err("card: cannot write %s: %s", path, strerror(errno));
        unlink(tmp);
        return -1;
    }
    log_info("card: new card key created in %s", path);
    return 0;
}

int card_number_valid(const char *number)
{
    size_t n = strlen(number);
    if (n == 0 || n >= CARD_NUMBER_MAX)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!isdigit((unsigned char)number[i]) && !isupper((unsigned char)number[i]) &&
            number[i] != '-')
            return 0;
    return 1;
}

static void mac_text(const struct card_key *key, const char *signed_part, char out[MAC_CHARS + 1])
{
    unsigned char mac[crypto_auth_hmacsha256_BYTES];
    crypto_auth_hmacsha256(mac, (const unsigned char *)signed_part, strlen(signed_part),
                           key->bytes);
    /* 80 bits = 16 groups of 5 bits. */
    for (int i = 0; i < MAC_CHARS; i++) {
        int bit = i * 5, byte = bit / 8, shift = bit % 8;
        unsigned v = (unsigned)mac[byte] << 8 | (byte + 1 < MAC_BYTES ? mac[byte + 1] : 0);
        out[i] = base32[(v >> (11 - shift)) & 31];
    }
    out[MAC_CHARS] = '\0';
    sodium_memzero(mac, sizeof mac);
}

/* Writes "<signed_part>.<mac>": every code and token has that form. 0, or
 * -1 when out is too small. */
static int sign(const struct card_key *key, const char *signed_part, char *out, size_t outlen)
{
    char mac[MAC_CHARS + 1];
    mac_text(key, signed_part, mac);
    int n = snprintf(out, outlen, "%s.%s", signed_part, mac);
    return n < 0 || (size_t)n >= outlen ? -1 : 0;
}

int card_code_make(const struct card_key *key, const char *number, int version, char *out,
                   size_t outlen)
{
    if (!card_number_valid(number) || version < 1 || version > 9999)
        return -1;
    char signed_part[CARD_CODE_MAX];
    snprintf(signed_part, sizeof signed_part, PREFIX "%s.%d", number, version);
    return sign(key, signed_part, out, outlen);
}

/* An upper-case copy of a scanned text: a scanner with caps lock or another
 * layout may send lower case. 0, or -1 when it is too long to be a code. */
static int upper_copy(const char *in, char out[SCAN_TEXT_MAX])
{
    size_t n = strlen(in);
    if (n >= SCAN_TEXT_MAX)
        return -1;
    for (size_t i = 0; i <= n; i++)
        out[i] = (char)toupper((unsigned char)in[i]);
    return 0;
}

/* The student number and its '.' at p, copied into num. The characters
 * read, 0 when there is no number. */
static size_t read_number(const char *p, char num[CARD_NUMBER_MAX])
{
    size_t len = strspn(p, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-");
    if (len == 0 || len >= CARD_NUMBER_MAX || p[len] != '.')
        return 0;
    memcpy(num, p, len);
    num[len] = '\0';
    return len + 1;
}

/* "<value>.<mac>" at p: 1 to max_digits digits without a leading zero, then
 * the 16 characters of a mac, then the end or a URL's next separator.
 * 1 read (*value and *mac set), 0 no value there, -1 no mac there. */
static int read_value_mac(const char *p, size_t max_digits, long long *value, const char **mac)
{
    size_t len = strspn(p, "0123456789");
    if (len == 0 || len > max_digits || p[len] != '.' || p[0] == '0')
        return 0;
    *value = strtoll(p, NULL, 10);
    *mac = p + len + 1;
    if (strspn(*mac, base32) != MAC_CHARS || isalnum((unsigned char)(*mac)[MAC_CHARS]))
        return -1;
    return 1;
}

/* The last place prefix starts in text, or NULL: a URL or a half scan may
 * come before the code. */
static const char *last_of(const char *text, const char *prefix)
{
    const char *last = NULL;
    for (const char *p = strstr(text, prefix); p; p = strstr(p + 1, prefix))
        last = p;
    return last;
}

/* 1 when mac is the mac of signed_part under key, compared in constant time. */
static int mac_matches(const struct card_key *key, const char *signed_part, const char *mac)
{
    char want[MAC_CHARS + 1];
    mac_text(key, signed_part, want);
    return sodium_memcmp(want, mac, MAC_CHARS) == 0;
}

/* Reads "<number>.<value>.<mac>" after prefix at start (value: at most
 * max_digits digits) and checks its mac. 1 when it holds (number and
 * *value set), 0 when it is not that shape, -1 when the mac is wrong or
 * missing. */
static int read_signed(const struct card_key *key, const char *start, const char *prefix,
                       size_t max_digits, char number[CARD_NUMBER_MAX], long long *value)
{
    const char *p = start + strlen(prefix), *mac;
    char num[CARD_NUMBER_MAX], signed_part[CARD_TOKEN_MAX];
    size_t used = read_number(p, num);
    long long v;
    int shape = used ? read_value_mac(p + used, max_digits, &v, &mac) : 0;
    if (shape <= 0)
        return shape;
    snprintf(signed_part, sizeof signed_part, "%s%s.%lld", prefix, num, v);
    if (!mac_matches(key, signed_part, mac))
        return -1;
    memcpy(number, num, sizeof num);
    *value = v;
    return 1;
}

/* Reads number.version.mac after the "SK1." at start. */
static enum card_result read_at(const struct card_key *key, const char *start,
                                char number[CARD_NUMBER_MAX], int *version)
{
    long long ver;
    int got = read_signed(key, start, PREFIX, 4, number, &ver);
    if (got <= 0)
        return got == 0 ? CARD_GARBLED : CARD_FORGED;
    *version = (int)ver;
    return CARD_OK;
}

int card_payload(const struct card_key *key, const char *number, int version,
                 const char *url_template, char *out, size_t outlen)
{
    char code[CARD_CODE_MAX];
    if (card_code_make(key, number, version, code, sizeof code) != 0)
        return -1;
    return card_url_fill(url_template ? url_template : "", code, out, outlen);
}

enum card_result card_code_read(const struct card_key *key, const char *scanned,
                                char number[CARD_NUMBER_MAX], int *version)
{
    /* Try each "SK1." from the last: a URL or a half scan may precede the
     * code, and a student number may end in "SK1" itself. */
    char text[SCAN_TEXT_MAX];
    if (upper_copy(scanned, text) != 0)
        return CARD_GARBLED;
    const char *starts[sizeof text / (sizeof PREFIX - 1) + 1];
    size_t count = 0;
    for (const char *p = strstr(text, PREFIX); p; p = strstr(p + 1, PREFIX))
        starts[count++] = p;
    enum card_result best = CARD_GARBLED;
    while (count > 0) {
        enum card_result r = read_at(key, starts[--count], number, version);
        if (r == CARD_OK)
            return CARD_OK;
        if (r == CARD_FORGED)
            best = CARD_FORGED;
    }
    return best;
}

/* ---- teacher cards --------------------------------------------------- */

#define TEACHER_PREFIX "SKT1."

int card_teacher_make(const struct card_key *key, int version, char *out, size_t outlen)
{
    if (version < 1 || version > 9999)
        return -1;
    char signed_part[CARD_CODE_MAX];
    snprintf(signed_part, sizeof signed_part, TEACHER_PREFIX "%d", version);
    return sign(key, signed_part, out, outlen);
}

enum card_result card_teacher_read(const struct card_key *key, const char *scanned,
                                   int *version)
{
    char text[SCAN_TEXT_MAX], signed_part[CARD_CODE_MAX];
    if (upper_copy(scanned, text) != 0)
        return CARD_GARBLED;
    const char *start = last_of(text, TEACHER_PREFIX), *mac;
    if (!start)
        return CARD_GARBLED;
    long long ver;
    if (read_value_mac(start + strlen(TEACHER_PREFIX), 4, &ver, &mac) <= 0)
        return CARD_FORGED;
    snprintf(signed_part, sizeof signed_part, TEACHER_PREFIX "%lld", ver);
    if (!mac_matches(key, signed_part, mac))
        return CARD_FORGED;
    *version = (int)ver;
    return CARD_OK;
}

/* ---- dossier tokens -------------------------------------------------- */

#define TOKEN_PREFIX "SKD1."

int card_token_make(const struct card_key *key, const char *number, long long expires,
                    char *out, size_t outlen)
{
    if (!card_number_valid(number) || expires <= 0)
        return -1;
    char signed_part[CARD_TOKEN_MAX];
    snprintf(signed_part, sizeof signed_part, TOKEN_PREFIX "%s.%lld", number, expires);
    return sign(key, signed_part, out, outlen);
}

enum card_token_result card_token_read(const struct card_key *key, const char *text,
                                       long long now, char number[CARD_NUMBER_MAX],
                                       long long *expires)
{
    /* Same reading rules as card codes: upper case, the last prefix counts. */
    char up[SCAN_TEXT_MAX];
    if (upper_copy(text, up) != 0)
        return CARD_TOKEN_GARBLED;
    const char *start = last_of(up, TOKEN_PREFIX);
    if (!start)
        return CARD_TOKEN_GARBLED;
    int got = read_signed(key, start, TOKEN_PREFIX, 12, number, expires);
    if (got <= 0)
        return got == 0 ? CARD_TOKEN_GARBLED : CARD_TOKEN_FORGED;
    return now > *expires ? CARD_TOKEN_EXPIRED : CARD_TOKEN_OK;
}

int card_url_fill(const char *url_template, const char *code, char *out, size_t outlen)
{
    const char *at = strstr(url_template, "{code}");
    int n = at ? snprintf(out, outlen, "%.*s%s%s", (int)(at - url_template), url_template, code,
                          at + 6)
               : snprintf(out, outlen, "%s%s", url_template, code);
    return n < 0 || (size_t)n >= outlen ? -1 : 0;
}
