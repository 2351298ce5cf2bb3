/* test_card_keyfile.c: the card key moves to a second kiosk, which then
 * accepts the first kiosk's cards; replacing a different key needs force;
 * a file that is no key changes nothing. */
#include "firmware/card.h"
#include "firmware/card_keyfile.h"
#include "tests/testutil.h"

#include <sys/stat.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

static void second_kiosk_accepts_the_first_kiosks_cards(void **state)
{
    char a[256], b[256], file[300], err[512];
    snprintf(a, sizeof a, "%s", test_tmpdir());
    snprintf(b, sizeof b, "%s", test_tmpdir());
    snprintf(file, sizeof file, "%s/card-key.txt", a);
    assert_int_equal(card_keyfile_export(a, file, err, sizeof err), 0);
    struct stat sb;
    assert_int_equal(stat(file, &sb), 0);
    assert_int_equal(sb.st_mode & 0777, 0600);

    assert_int_equal(card_keyfile_import(b, file, 0, err, sizeof err), CARD_KEYFILE_IMPORTED);
    struct card_key ka, kb;
    assert_int_equal(card_key_load(a, &ka, err, sizeof err), 0);
    assert_int_equal(card_key_load(b, &kb, err, sizeof err), 0);
    char code[CARD_CODE_MAX], number[CARD_NUMBER_MAX];
    int version;
    assert_int_equal(card_code_make(&ka, "001234", 1, code, sizeof code), 0);
    assert_int_equal(card_code_read(&kb, code, number, &version), CARD_OK);
    assert_string_equal(number, "001234");
    /* again: nothing to do */
    assert_int_equal(card_keyfile_import(b, file, 0, err, sizeof err), CARD_KEYFILE_SAME);
}

static void replacing_another_key_needs_force(void **state)
{
    char a[256], c[256], file[300], err[512];
    snprintf(a, sizeof a, "%s", test_tmpdir());
    snprintf(c, sizeof c, "%s", test_tmpdir());
    snprintf(file, sizeof file, "%s/card-key.txt", a);
    assert_int_equal(card_keyfile_export(a, file, err, sizeof err), 0);
    struct card_key kc, before, after;
    assert_int_equal(card_key_load(c, &kc, err, sizeof err), 0); /* c has its own */
    before = kc;
    assert_int_equal(card_keyfile_import(c, file, 0, err, sizeof err), CARD_KEYFILE_DIFFERENT);
    assert_non_null(strstr(err, "--force"));
    assert_int_equal(card_key_load(c, &after, err, sizeof err), 0);
    assert_memory_equal(before.bytes, after.bytes, CARD_KEY_BYTES);
    assert_int_equal(card_keyfile_import(c, file, 1, err, sizeof err), CARD_KEYFILE_IMPORTED);
    struct card_key ka;
    assert_int_equal(card_key_load(a, &ka, err, sizeof err), 0);
    assert_int_equal(card_key_load(c, &after, err, sizeof err), 0);
    assert_memory_equal(ka.bytes, after.bytes, CARD_KEY_BYTES);
}

static void raw_card_key_copied_by_hand_also_imports(void **state)
{
    char a[256], b[256], raw[300], err[512];
    snprintf(a, sizeof a, "%s", test_tmpdir());
    snprintf(b, sizeof b, "%s", test_tmpdir());
    struct card_key ka, kb;
    assert_int_equal(card_key_load(a, &ka, err, sizeof err), 0);
    snprintf(raw, sizeof raw, "%s/card.key", a);
    assert_int_equal(card_keyfile_import(b, raw, 0, err, sizeof err), CARD_KEYFILE_IMPORTED);
    assert_int_equal(card_key_load(b, &kb, err, sizeof err), 0);
    assert_memory_equal(ka.bytes, kb.bytes, CARD_KEY_BYTES);
}

static void a_file_that_is_no_key_changes_nothing(void **state)
{
    char b[256], file[300], err[512];
    snprintf(b, sizeof b, "%s", test_tmpdir());
    static const char *const bad[] = {
        "hallo\n",
        "stagekiosk-card-key 1 00112233\n",                      /* too short */
        "stagekiosk-card-key 2 "
        "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff\n", /* other version */
        "stagekiosk-card-key 1 "
        "00112233445566778899aabbccddeeff00112233445566778899aabbccddeefg\n", /* not hex */
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        snprintf(file, sizeof file, "%s/bad%zu.txt", b, i);
        FILE *f = fopen(file, "w");
        fputs(bad[i], f);
        fclose(f);
        assert_int_equal(card_keyfile_import(b, file, 1, err, sizeof err), CARD_KEYFILE_ERROR);
        assert_non_null(strstr(err, "geen sleutel"));
    }
    char key[300];
    snprintf(key, sizeof key, "%s/card.key", b);
    assert_int_equal(access(key, F_OK), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(second_kiosk_accepts_the_first_kiosks_cards),
        cmocka_unit_test(replacing_another_key_needs_force),
        cmocka_unit_test(raw_card_key_copied_by_hand_also_imports),
        cmocka_unit_test(a_file_that_is_no_key_changes_nothing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
