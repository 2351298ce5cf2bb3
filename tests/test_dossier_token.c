/* test_dossier_token.c: the short-lived token in the dossier QR. It
 * round-trips, expires, refuses every altered copy and another kiosk's key,
 * and can never pass for a card code (or the other way round). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "firmware/card.h"
#include "firmware/config.h"
#include "tests/testutil.h"

#include <ctype.h>

#define NOW 1764493200LL

static struct card_key key;

static int setup(void **state)
{
    char err[256];
    return card_key_load(test_tmpdir(), &key, err, sizeof err);
}

static void round_trip_until_it_expires(void **state)
{
    char token[CARD_TOKEN_MAX], number[CARD_NUMBER_MAX];
    long long expires = 0;
    assert_int_equal(card_token_make(&key, "042512", NOW + 600, token, sizeof token), 0);
    assert_int_equal(strncmp(token, "SKD1.042512.", 12), 0);
    for (const char *p = token; *p; p++)
        assert_true(isdigit((unsigned char)*p) || isupper((unsigned char)*p) || *p == '.');
    assert_int_equal(card_token_read(&key, token, NOW, number, &expires), CARD_TOKEN_OK);
    assert_string_equal(number, "042512");
    assert_true(expires == NOW + 600);
    /* valid up to and including the expiry second, not after */
    assert_int_equal(card_token_read(&key, token, NOW + 600, number, &expires), CARD_TOKEN_OK);
    assert_int_equal(card_token_read(&key, token, NOW + 601, number, &expires),
                     CARD_TOKEN_EXPIRED);
}

static void every_single_character_change_is_refused(void **state)
{
    static const char alphabet[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ.-";
    char token[CARD_TOKEN_MAX], number[CARD_NUMBER_MAX];
    long long expires;
    assert_int_equal(card_token_make(&key, "748463", NOW + 600, token, sizeof token), 0);
    size_t n = strlen(token);
    int tried = 0;
    for (size_t i = 0; i < n; i++) {
        for (const char *a = alphabet; *a; a++) {
            if (*a == token[i])
                continue;
            char altered[CARD_TOKEN_MAX];
            memcpy(altered, token, n + 1);
            altered[i] = *a;
            tried++;
            enum card_token_result r = card_token_read(&key, altered, NOW, number, &expires);
            if (r == CARD_TOKEN_OK || r == CARD_TOKEN_EXPIRED)
                fail_msg("altered token %s verified (position %zu)", altered, i);
        }
    }
    assert_true(tried > 1000);
    /* a later expiry written in by hand: forged, not extended */
    char later[CARD_TOKEN_MAX];
    snprintf(later, sizeof later, "SKD1.748463.%lld.%s", NOW + 6000, strrchr(token, '.') + 1);
    assert_int_equal(card_token_read(&key, later, NOW, number, &expires), CARD_TOKEN_FORGED);
}

static void another_key_is_refused(void **state)
{
    struct card_key other;
    char err[256], token[CARD_TOKEN_MAX], number[CARD_NUMBER_MAX];
    long long expires;
    assert_int_equal(card_key_load(test_tmpdir(), &other, err, sizeof err), 0);
    assert_int_equal(card_token_make(&other, "748463", NOW + 600, token, sizeof token), 0);
    assert_int_equal(card_token_read(&key, token, NOW, number, &expires), CARD_TOKEN_FORGED);
}

/* The prefix is part of what is signed: a card's mac cannot make a token,
 * and a token is not a card. */
static void tokens_and_card_codes_never_stand_in_for_each_other(void **state)
{
    char code[CARD_CODE_MAX], token[CARD_TOKEN_MAX], number[CARD_NUMBER_MAX], fake[128];
    long long expires;
    int version;
    assert_int_equal(card_code_make(&key, "748463", 1, code, sizeof code), 0);
    assert_int_equal(card_token_read(&key, code, NOW, number, &expires), CARD_TOKEN_GARBLED);
    assert_int_equal(card_token_make(&key, "748463", NOW + 600, token, sizeof token), 0);
    assert_int_equal(card_code_read(&key, token, number, &version), CARD_GARBLED);
    /* a card code's mac moved into a token, and a token's into a card */
    snprintf(fake, sizeof fake, "SKD1.748463.1.%s", strrchr(code, '.') + 1);
    assert_int_equal(card_token_read(&key, fake, 0, number, &expires), CARD_TOKEN_FORGED);
    snprintf(fake, sizeof fake, "SK1.748463.1.%s", strrchr(token, '.') + 1);
    assert_int_equal(card_code_read(&key, fake, number, &version), CARD_FORGED);
}

static void url_form_and_garbage(void **state)
{
    char token[CARD_TOKEN_MAX], url[256], number[CARD_NUMBER_MAX];
    long long expires;
    assert_int_equal(card_token_make(&key, "216495", NOW + 60, token, sizeof token), 0);
    assert_int_equal(card_url_fill("https://school.example/stage/{code}?bron=kiosk", token, url,
                                   sizeof url), 0);
    assert_non_null(strstr(url, "/stage/SKD1.216495."));
    assert_non_null(strstr(url, "?bron=kiosk"));
    for (char *p = url; *p; p++)
        *p = (char)tolower((unsigned char)*p);
    assert_int_equal(card_token_read(&key, url, NOW, number, &expires), CARD_TOKEN_OK);
    /* a template without {code}: the code goes at the end */
    assert_int_equal(card_url_fill("https://x.example/d/", "ABC", url, sizeof url), 0);
    assert_string_equal(url, "https://x.example/d/ABC");
    assert_int_equal(card_url_fill("https://x.example/{code}", token, url, 20), -1);

    const char *garbage[] = {"", "SKD1.", "SKD1..1.AAAAAAAAAAAAAAAA", "SKD1.123.0.AAAAAAAAAAAAAAAA",
                             "SKD1.123.abc.AAAAAAAAAAAAAAAA", "SKD1.12 3.99.AAAAAAAAAAAAAAAA"};
    for (size_t i = 0; i < sizeof garbage / sizeof *garbage; i++)
        assert_int_equal(card_token_read(&key, garbage[i], NOW, number, &expires),
                         CARD_TOKEN_GARBLED);
    assert_int_equal(card_token_make(&key, "not ok", NOW, token, sizeof token), -1);
    assert_int_equal(card_token_make(&key, "123", 0, token, sizeof token), -1);
    assert_int_equal(card_token_make(&key, "123", NOW, token, 10), -1);
}

static void config_has_token_minutes(void **state)
{
    struct config cfg;
    config_defaults(&cfg);
    assert_int_equal(cfg.dossier_token_minutes, 10);
    assert_int_equal(config_load_string(&cfg, "[dossier]\ntoken_minutes = 3\n"), 0);
    assert_int_equal(cfg.dossier_token_minutes, 3);
    assert_int_equal(config_load_string(&cfg, "[dossier]\ntoken_minutes = 0\n"), 1);
    assert_int_equal(cfg.dossier_token_minutes, 3);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(round_trip_until_it_expires),
        cmocka_unit_test(every_single_character_change_is_refused),
        cmocka_unit_test(another_key_is_refused),
        cmocka_unit_test(tokens_and_card_codes_never_stand_in_for_each_other),
        cmocka_unit_test(url_form_and_garbage),
        cmocka_unit_test(config_has_token_minutes),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
