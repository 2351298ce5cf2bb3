/* fuzz_card.c: a scanned card payload, any bytes, through the scanner as
 * keystrokes and then card_code_read, as the kiosk does on Enter.
 *
 * Promises checked (card.h, scanner.h): a code is only accepted when its
 * signature matches, and then number and version are what a card can hold;
 * nothing longer than SCANNER_MAX reaches the card reader; a real card
 * always reads back. Teacher cards (SKT1.) are read from the same text. */
#include "firmware/card.h"
#include "firmware/scanner.h"
#include "tests/fuzz/fuzz.h"

#include <ctype.h>
#include <sodium.h>

/* tests/data/scenario-card.key, so seed files may hold real codes
 * (SK1.100001.1.QXTQEUBTJRYBIWXB). */
static const struct card_key key = {{
    0x2e, 0x38, 0xf3, 0x58, 0xbd, 0xc0, 0x54, 0x2f,
    0xab, 0xaf, 0x90, 0x17, 0xf1, 0x95, 0xc8, 0xc6,
    0x5e, 0x64, 0x6b, 0x41, 0xcd, 0x00, 0x25, 0x84,
    0x97, 0xb6, 0x47, 0xc2, 0x79, 0x72, 0xd3, 0x86,
}};

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    fuzz_quiet();
    if (sodium_init() < 0)
        abort();
    return 0;
}

static void check_read(const char *text)
{
    char number[CARD_NUMBER_MAX];
    int version = -1;
    memset(number, 'x', sizeof number);
    enum card_result r = card_code_read(&key, text, number, &version);
    fuzz_check(r == CARD_OK || r == CARD_GARBLED || r == CARD_FORGED);
    if (r != CARD_OK)
        return;
    fuzz_check(card_number_valid(number));
    fuzz_check(version >= 1 && version <= 9999);
    /* accepted means: the exact card for that number and version is in it */
    char code[CARD_CODE_MAX], upper[256];
    fuzz_check(card_code_make(&key, number, version, code, sizeof code) == 0);
    size_t n = strlen(text);
    fuzz_check(n < sizeof upper);
    for (size_t i = 0; i <= n; i++)
        upper[i] = (char)toupper((unsigned char)text[i]);
    fuzz_check(strstr(upper, code));
}

/* The same for a teacher card: accepted only when the exact card for that
 * version is in the text; never both a teacher and a student card. */
static void check_teacher_read(const char *text)
{
    int version = -1;
    enum card_result r = card_teacher_read(&key, text, &version);
    fuzz_check(r == CARD_OK || r == CARD_GARBLED || r == CARD_FORGED);
    if (r != CARD_OK)
        return;
    fuzz_check(version >= 1 && version <= 9999);
    char code[CARD_CODE_MAX], upper[256];
    fuzz_check(card_teacher_make(&key, version, code, sizeof code) == 0);
    size_t n = strlen(text);
    fuzz_check(n < sizeof upper);
    for (size_t i = 0; i <= n; i++)
        upper[i] = (char)toupper((unsigned char)text[i]);
    fuzz_check(strstr(upper, code));
}

/* A real card made from the input's first bytes always reads back. */
static void check_round_trip(const uint8_t *data, size_t size)
{
    char number[CARD_NUMBER_MAX], code[CARD_CODE_MAX], back[CARD_NUMBER_MAX];
    size_t n = size < CARD_NUMBER_MAX - 1 ? size : CARD_NUMBER_MAX - 1;
    static const char alphabet[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-";
    for (size_t i = 0; i < n; i++)
        number[i] = alphabet[data[i] % (sizeof alphabet - 1)];
    number[n] = '\0';
    int version = size ? 1 + data[size - 1] * 39 % 9999 : 1;
    if (card_code_make(&key, number, version, code, sizeof code) != 0) {
        fuzz_check(!card_number_valid(number));
        return;
    }
    int v = 0;
    fuzz_check(card_code_read(&key, code, back, &v) == CARD_OK);
    fuzz_check(!strcmp(back, number) && v == version);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* 1. the bytes as one scanned text */
    char *text = fuzz_cstring(data, size);
    check_read(text);
    check_teacher_read(text);
    free(text);

    /* 2. the bytes as keystrokes: '\n' is Enter, 0x01-0x08 is a pause of
     *    that many times 100 ms, anything else arrives as typed text. */
    struct scanner s;
    scanner_init(&s);
    int64_t now = 1000;
    char key_text[2] = {0}, code[SCANNER_MAX + 1];
    for (size_t i = 0; i < size; i++) {
        uint8_t c = data[i];
        now += 2;
        if (c == '\n') {
            memset(code, 'x', sizeof code);
            enum scanner_result r = scanner_enter(&s, now, code, sizeof code);
            if (r == SCANNER_CODE) {
                fuzz_check(strlen(code) <= SCANNER_MAX && code[0]);
                for (const char *p = code; *p; p++)
                    fuzz_check((unsigned char)*p >= 0x20 && *p != 0x7f);
                check_read(code);
                check_teacher_read(code);
            }
            fuzz_check(!scanner_busy(&s));
        } else if (c >= 1 && c <= 8) {
            now += c * 100;
            scanner_tick(&s, now);
        } else {
            key_text[0] = (char)c;
            scanner_text(&s, key_text, now);
            fuzz_check(s.len <= SCANNER_MAX && s.buf[s.len] == '\0');
        }
        int64_t deadline = scanner_deadline(&s);
        fuzz_check(deadline == 0 || deadline > now - SCANNER_STALE_MS);
    }

    check_round_trip(data, size);
    return 0;
}
