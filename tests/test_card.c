/* test_card.c: card payloads round-trip, and every altered one is refused. */
#include "firmware/card.h"
#include "tests/testutil.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <ctype.h>
#include <sys/stat.h>

static struct card_key key;

static int setup(void **state)
{
    char err[256];
    return card_key_load(test_tmpdir(), &key, err, sizeof err);
}

static void round_trip(void **state)
{
    char code[CARD_CODE_MAX], number[CARD_NUMBER_MAX];
    int version = 0;
    assert_int_equal(card_code_make(&key, "042512", 3, code, sizeof code), 0);
    assert_int_equal(card_code_read(&key, code, number, &version), CARD_OK);
    assert_string_equal(number, "042512"); /* leading zero kept */
    assert_int_equal(version, 3);
    /* only digits, A-Z and '.': survives any keyboard layout */
    for (const char *p = code; *p; p++)
        assert_true((*p >= '0' && *p <= '9') || (*p >= 'A' && *p <= 'Z') || *p == '.');
}

static void every_single_character_change_is_refused(void **state)
{
    static const char alphabet[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ.-:";
    char code[CARD_CODE_MAX], number[CARD_NUMBER_MAX];
    int version, tried = 0;
    assert_int_equal(card_code_make(&key, "748463", 1, code, sizeof code), 0);
    size_t n = strlen(code);
    for (size_t i = 0; i < n; i++) {
        for (const char *a = alphabet; *a; a++) {
            if (*a == code[i])
                continue;
            char altered[CARD_CODE_MAX];
            memcpy(altered, code, n + 1);
            altered[i] = *a;
            tried++;
            if (card_code_read(&key, altered, number, &version) == CARD_OK)
                fail_msg("altered code %s verified (position %zu)", altered, i);
        }
        /* a character dropped */
        char shorter[CARD_CODE_MAX];
        memcpy(shorter, code, i);
        memcpy(shorter + i, code + i + 1, n - i);
        assert_int_not_equal(card_code_read(&key, shorter, number, &version), CARD_OK);
    }
    assert_true(tried > 500);
    /* a character added at the end */
    char longer[CARD_CODE_MAX];
    snprintf(longer, sizeof longer, "%sA", code);
    assert_int_not_equal(card_code_read(&key, longer, number, &version), CARD_OK);
}

static void another_kiosks_key_is_refused(void **state)
{
    struct card_key other;
    char err[256], code[CARD_CODE_MAX], number[CARD_NUMBER_MAX];
    int version;
    assert_int_equal(card_key_load(test_tmpdir(), &other, err, sizeof err), 0);
    assert_int_equal(card_code_make(&other, "748463", 1, code, sizeof code), 0);
    assert_int_equal(card_code_read(&key, code, number, &version), CARD_FORGED);
}

static void garbage_is_not_a_card(void **state)
{
    char number[CARD_NUMBER_MAX];
    int version;
    const char *garbage[] = {"", "hallo", "SK1.", "SK1..1.AAAAAAAAAAAAAAAA", "748463",
                             "SK1.748463.0.AAAAAAAAAAAAAAAA", "SK1.7484 63.1.AAAAAAAAAAAAAAAA"};
    for (size_t i = 0; i < sizeof garbage / sizeof *garbage; i++)
        assert_int_equal(card_code_read(&key, garbage[i], number, &version), CARD_GARBLED);
    assert_int_equal(card_code_read(&key, "SK1.748463.1.AAAAAAAAAAAAAAAA", number, &version),
                     CARD_FORGED);
}

static void url_form_and_lower_case_are_read(void **state)
{
    char code[CARD_CODE_MAX], scanned[256], number[CARD_NUMBER_MAX];
    int version;
    assert_int_equal(card_code_make(&key, "216495", 2, code, sizeof code), 0);
    snprintf(scanned, sizeof scanned, "https://school.example/stage/%s?x=1", code);
    assert_int_equal(card_code_read(&key, scanned, number, &version), CARD_OK);
    assert_string_equal(number, "216495");
    for (char *p = scanned; *p; p++)
        *p = (char)tolower((unsigned char)*p);
    assert_int_equal(card_code_read(&key, scanned, number, &version), CARD_OK);
    /* a half scan in front of a whole one: the last code counts */
    snprintf(scanned, sizeof scanned, "SK1.2164%s", code);
    assert_int_equal(card_code_read(&key, scanned, number, &version), CARD_OK);
}

static void numbers_that_cannot_go_on_a_card(void **state)
{
    char code[CARD_CODE_MAX];
    assert_int_equal(card_code_make(&key, "", 1, code, sizeof code), -1);
    assert_int_equal(card_code_make(&key, "12.34", 1, code, sizeof code), -1);
    assert_int_equal(card_code_make(&key, "abc", 1, code, sizeof code), -1);
    assert_int_equal(card_code_make(&key, "123456789012345678901", 1, code, sizeof code), -1);
    assert_int_equal(card_code_make(&key, "123", 0, code, sizeof code), -1);
}

/* A teacher card opens the keypad: it must not be forgeable, must not be
 * taken for a student card (or the other way round), and a revoked version
 * is told apart by its number. */
static void teacher_cards(void **state)
{
    char code[CARD_CODE_MAX], student[CARD_CODE_MAX], number[CARD_NUMBER_MAX];
    int version = 0;
    assert_int_equal(card_teacher_make(&key, 2, code, sizeof code), 0);
    assert_int_equal(strncmp(code, "SKT1.2.", 7), 0);
    assert_int_equal(card_teacher_read(&key, code, &version), CARD_OK);
    assert_int_equal(version, 2);
    for (char *p = code; *p; p++)
        *p = (char)tolower((unsigned char)*p);
    assert_int_equal(card_teacher_read(&key, code, &version), CARD_OK);

    assert_int_equal(card_teacher_make(&key, 2, code, sizeof code), 0);
    size_t n = strlen(code);
    static const char alphabet[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ.";
    for (size_t i = 0; i < n; i++)
        for (const char *a = alphabet; *a; a++) {
            char altered[CARD_CODE_MAX];
            memcpy(altered, code, n + 1);
            if (*a == code[i])
                continue;
            altered[i] = *a;
            if (card_teacher_read(&key, altered, &version) == CARD_OK)
                fail_msg("altered teacher card %s verified", altered);
        }
    struct card_key other;
    char err[256];
    assert_int_equal(card_key_load(test_tmpdir(), &other, err, sizeof err), 0);
    assert_int_equal(card_teacher_make(&other, 2, code, sizeof code), 0);
    assert_int_equal(card_teacher_read(&key, code, &version), CARD_FORGED);

    /* neither kind stands in for the other */
    assert_int_equal(card_teacher_make(&key, 1, code, sizeof code), 0);
    assert_int_equal(card_code_read(&key, code, number, &version), CARD_GARBLED);
    assert_int_equal(card_code_make(&key, "1", 1, student, sizeof student), 0);
    assert_int_equal(card_teacher_read(&key, student, &version), CARD_GARBLED);
    assert_int_equal(card_teacher_make(&key, 0, code, sizeof code), -1);
}

static void key_is_kept_and_private(void **state)
{
    const char *dir = test_tmpdir();
    struct card_key a, b;
    char err[256], path[512];
    assert_int_equal(card_key_load(dir, &a, err, sizeof err), 0);
    assert_int_equal(card_key_load(dir, &b, err, sizeof err), 0);
    assert_memory_equal(a.bytes, b.bytes, sizeof a.bytes);
    snprintf(path, sizeof path, "%s/card.key", dir);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 077, 0);
    /* a damaged key file is refused, not silently replaced */
    FILE *f = fopen(path, "w");
    fputs("short", f);
    fclose(f);
    assert_int_equal(card_key_load(dir, &a, err, sizeof err), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(round_trip),
        cmocka_unit_test(every_single_character_change_is_refused),
        cmocka_unit_test(another_kiosks_key_is_refused),
        cmocka_unit_test(garbage_is_not_a_card),
        cmocka_unit_test(url_form_and_lower_case_are_read),
        cmocka_unit_test(numbers_that_cannot_go_on_a_card),
        cmocka_unit_test(teacher_cards),
        cmocka_unit_test(key_is_kept_and_private),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
