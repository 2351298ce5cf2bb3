/* test_utf8.c: the one UTF-8 reader on a table of valid and invalid
 * sequences (RFC 3629 and the Unicode standard's table 3-7). */
#include "base/utf8.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>

struct sequence {
    const char *why;
    const char *bytes;
    size_t len;
    size_t length;      /* what utf8_decode returns: 0 when invalid */
    uint32_t cp;        /* the character, when valid */
};

#define SEQ(why, bytes, length, cp) {why, bytes, sizeof bytes - 1, length, cp}

static const struct sequence table[] = {
    /* valid, at the edges of every length */
    SEQ("NUL", "\x00", 1, 0x00),
    SEQ("ASCII A", "A", 1, 0x41),
    SEQ("last one-byte", "\x7F", 1, 0x7F),
    SEQ("first two-byte", "\xC2\x80", 2, 0x80),
    SEQ("e acute", "\xC3\xA9", 2, 0xE9),
    SEQ("last two-byte", "\xDF\xBF", 2, 0x7FF),
    SEQ("first three-byte", "\xE0\xA0\x80", 3, 0x800),
    SEQ("euro sign", "\xE2\x82\xAC", 3, 0x20AC),
    SEQ("last before surrogates", "\xED\x9F\xBF", 3, 0xD7FF),
    SEQ("first after surrogates", "\xEE\x80\x80", 3, 0xE000),
    SEQ("BOM", "\xEF\xBB\xBF", 3, 0xFEFF),
    SEQ("replacement character", "\xEF\xBF\xBD", 3, 0xFFFD),
    SEQ("last three-byte", "\xEF\xBF\xBF", 3, 0xFFFF),
    SEQ("first four-byte", "\xF0\x90\x80\x80", 4, 0x10000),
    SEQ("emoji", "\xF0\x9F\x98\x80", 4, 0x1F600),
    SEQ("max code point", "\xF4\x8F\xBF\xBF", 4, 0x10FFFF),
    /* overlong forms */
    SEQ("overlong 2-byte NUL", "\xC0\x80", 0, 0),
    SEQ("overlong 2-byte slash", "\xC0\xAF", 0, 0),
    SEQ("overlong 2-byte DEL", "\xC1\xBF", 0, 0),
    SEQ("overlong 3-byte slash", "\xE0\x80\xAF", 0, 0),
    SEQ("overlong 3-byte U+07FF", "\xE0\x9F\xBF", 0, 0),
    SEQ("overlong 4-byte slash", "\xF0\x80\x80\xAF", 0, 0),
    SEQ("overlong 4-byte U+FFFF", "\xF0\x8F\xBF\xBF", 0, 0),
    /* UTF-16 surrogates */
    SEQ("first high surrogate", "\xED\xA0\x80", 0, 0),
    SEQ("last high surrogate", "\xED\xAF\xBF", 0, 0),
    SEQ("first low surrogate", "\xED\xB0\x80", 0, 0),
    SEQ("last low surrogate", "\xED\xBF\xBF", 0, 0),
    SEQ("surrogate pair in CESU-8", "\xED\xA0\xBD\xED\xB8\x80", 0, 0),
    /* past U+10FFFF and bytes that never occur */
    SEQ("U+110000", "\xF4\x90\x80\x80", 0, 0),
    SEQ("lead F5", "\xF5\x80\x80\x80", 0, 0),
    SEQ("lead F7", "\xF7\xBF\xBF\xBF", 0, 0),
    SEQ("lead F8 (five bytes)", "\xF8\x88\x80\x80\x80", 0, 0),
    SEQ("lead FC (six bytes)", "\xFC\x84\x80\x80\x80\x80", 0, 0),
    SEQ("byte FE", "\xFE", 0, 0),
    SEQ("byte FF", "\xFF", 0, 0),
    SEQ("lone continuation 80", "\x80", 0, 0),
    SEQ("lone continuation BF", "\xBF", 0, 0),
    /* cut short */
    SEQ("two-byte without its tail", "\xC3", 0, 0),
    SEQ("three-byte cut after 1", "\xE2", 0, 0),
    SEQ("three-byte cut after 2", "\xE2\x82", 0, 0),
    SEQ("four-byte cut after 3", "\xF0\x9F\x98", 0, 0),
    SEQ("two-byte, then ASCII", "\xC3" "A", 0, 0),
    SEQ("three-byte, then ASCII", "\xE2\x82" "A", 0, 0),
    SEQ("four-byte, lead again", "\xF0\x9F\xF0\x9F", 0, 0),
};

static void decode_table(void **state)
{
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
        const struct sequence *t = &table[i];
        uint32_t cp = 0xDEAD;
        size_t n = utf8_decode(t->bytes, t->len, &cp);
        if (n != t->length || (n && cp != t->cp))
            fail_msg("%s: length %zu cp U+%04X, expected %zu U+%04X", t->why, n, (unsigned)cp,
                     t->length, (unsigned)t->cp);
        /* valid ones come back the same through the encoder */
        if (n) {
            char out[UTF8_CHAR_MAX];
            assert_int_equal(utf8_encode(cp, out), n);
            assert_memory_equal(out, t->bytes, n);
        }
        /* an invalid one is refused wherever it stands in a text */
        char text[32];
        memcpy(text, "Ann", 3);
        memcpy(text + 3, t->bytes, t->len);
        memcpy(text + 3 + t->len, "e", 1);
        size_t len = 3 + t->len + 1;
        assert_int_equal(utf8_invalid_at(text, len), n == t->len ? len : 3);
    }
}

/* A character is not read past the bytes it is given. */
static void decode_stops_at_left(void **state)
{
    assert_int_equal(utf8_decode("\xE2\x82\xAC", 2, NULL), 0);
    assert_int_equal(utf8_decode("\xF4\x8F\xBF\xBF", 3, NULL), 0);
    assert_int_equal(utf8_decode("\xC3\xA9", 1, NULL), 0);
}

static void encode_refuses_what_has_no_form(void **state)
{
    char out[UTF8_CHAR_MAX];
    assert_int_equal(utf8_encode(0xD800, out), 0);
    assert_int_equal(utf8_encode(0xDFFF, out), 0);
    assert_int_equal(utf8_encode(0x110000, out), 0);
    assert_int_equal(utf8_encode(0xFFFFFFFF, out), 0);
}

static void text_counts_characters_and_refuses_controls(void **state)
{
    assert_int_equal(utf8_text("", 0, 0), 0);
    assert_int_equal(utf8_text("Zoë", 4, 0), 3);
    assert_int_equal(utf8_text("\xF0\x9F\x98\x80 ok", 7, 0), 4);
    assert_int_equal(utf8_text("a\tb", 3, 0), -2);
    assert_int_equal(utf8_text("a\tb", 3, UTF8_TAB), 3);
    assert_int_equal(utf8_text("a\nb", 3, UTF8_TAB), -2);
    assert_int_equal(utf8_text("a\x7F", 2, 0), -2);
    assert_int_equal(utf8_text("a\xC2\x85", 3, 0), -2);     /* C1: NEL */
    assert_int_equal(utf8_text("a\xC2\xA0", 3, 0), 2);      /* no-break space is text */
    assert_int_equal(utf8_text("a\x00", 2, 0), -2);
    assert_int_equal(utf8_text("Ann\xE0\x80\xAF" "e", 7, 0), -1);
    assert_int_equal(utf8_text("\x01\xFF", 2, 0), -2);      /* the first problem counts */
    assert_int_equal(utf8_text("\xFF\x01", 2, 0), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(decode_table),
        cmocka_unit_test(decode_stops_at_left),
        cmocka_unit_test(encode_refuses_what_has_no_form),
        cmocka_unit_test(text_counts_characters_and_refuses_controls),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
