/* test_setfile.c: the poll and card set files: the shipped sets parse,
 * good variants (BOM, CRLF, case) are read right, and broken files give no
 * set and every problem with its line number. */
#include "base/setfile.h"
#include "tests/testutil.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

static struct setfile set;

/* Parses text as a poll set; returns the problem count, report in *r. */
static int parse(const char *text, const struct setfile_spec *spec, char **r)
{
    return setfile_parse(text, strlen(text), spec, &set, r);
}

static void shipped_poll_set_parses(void **state)
{
    char *r = NULL;
    assert_int_equal(setfile_read("assets/polls/terugkomdag.txt", &setfile_polls, &set, &r), 0);
    assert_null(r);
    assert_string_equal(set.name, "terugkomdag");
    assert_int_equal(set.nblocks, 5);
    assert_string_equal(set.blocks[0].text,
                        "Hoe tevreden ben je over wat je leert op je stage?");
    for (int i = 0; i < 4; i++)
        assert_int_equal(set.blocks[i].nitems, 5);
    assert_int_equal(set.blocks[4].nitems, 4);
    assert_string_equal(set.blocks[4].items[3], "Werk na je diploma");
}

static void shipped_card_sets_parse(void **state)
{
    struct setfile *sets;
    int n;
    char *r = NULL;
    assert_int_equal(setfile_read_dir("assets/cards", &setfile_cards, &sets, &n, &r), 0);
    assert_null(r);
    assert_int_equal(n, 5);
    /* Sorted by file name: the five shipped methods (README, "Poll sets and card sets"). */
    const char *names[] = {"grow", "leary", "reflectiekaart", "starr", "waarderend"};
    for (int i = 0; i < n; i++)
        assert_string_equal(sets[i].name, names[i]);
    assert_int_equal(sets[3].nblocks, 5); /* S, T, A, R, R */
    assert_string_equal(sets[3].blocks[4].items[1], "Wat doe je de volgende keer anders?");
    free(sets);
}

static void bom_crlf_and_any_case_are_fine(void **state)
{
    char *r = NULL;
    assert_int_equal(setfile_read(test_data("sets/poll-bom-crlf.txt"), &setfile_polls, &set, &r),
                     0);
    assert_string_equal(set.name, "windows");
    assert_string_equal(set.title, "Opgeslagen in Kladblok");
    assert_int_equal(set.nblocks, 1);
    assert_string_equal(set.blocks[0].text, "Werkt dit?");
    assert_string_equal(set.blocks[0].items[0], "Ja");
    assert_string_equal(set.blocks[0].items[1], "Nee");
}

static void title_defaults_to_name_and_colons_stay_in_text(void **state)
{
    char *r = NULL;
    assert_int_equal(parse("set: kort\nvraag: Tijd: genoeg?\n- Ja: zeker\n- Nee\n",
                           &setfile_polls, &r), 0);
    assert_string_equal(set.title, "kort");
    assert_string_equal(set.blocks[0].text, "Tijd: genoeg?");
    assert_string_equal(set.blocks[0].items[0], "Ja: zeker");
}

static void every_problem_has_its_line(void **state)
{
    char *r = NULL;
    int n = setfile_read(test_data("sets/poll-problems.txt"), &setfile_polls, &set, &r);
    assert_non_null(r);
    const char *expect[] = {
        "regel 4: een regel met '-' hoort onder een 'vraag:'.",
        "regel 5: deze vraag heeft 1 antwoord. Geef er 2 tot 5.",
        "regel 8: het antwoord is te lang: 56 tekens. Hoogstens 40.",
        "regel 10: deze regel begrijpen we niet.",
        "regel 11: 'vraagje:' kennen we niet.",
        "regel 12: 'set:' staat er al op regel 2.",
        "regel 13: deze vraag heeft 6 antwoorden. Geef er 2 tot 5.",
        "regel 20: de vraag is leeg.",
    };
    for (size_t i = 0; i < sizeof expect / sizeof expect[0]; i++)
        if (!strstr(r, expect[i]))
            fail_msg("missing \"%s\" in:\n%s", expect[i], r);
    assert_int_equal(n, 8);
    free(r);
}

static void not_utf8_is_named_with_its_line(void **state)
{
    char *r = NULL;
    /* Found by fuzzing: FF is never UTF-8, also when what follows looks
     * like the rest of a character. */
    assert_int_equal(parse("set: a\nvraag: b\xff\xbb\xbf\n- Ja\n- Nee\n", &setfile_polls, &r),
                     1);
    assert_non_null(strstr(r, "regel 2: dit is geen UTF-8-tekst"));
    free(r);
    /* Overlong forms and surrogates neither. */
    assert_int_equal(parse("set: a\nvraag: \xc0\xaf \xed\xa0\x80\n- Ja\n- Nee\n",
                           &setfile_polls, &r), 1);
    free(r);
    assert_int_equal(setfile_read(test_data("sets/poll-cp1252.txt"), &setfile_polls, &set, &r),
                     1);
    assert_non_null(strstr(r, "regel 2: dit is geen UTF-8-tekst"));
    free(r);
}

static void empty_and_missing_files(void **state)
{
    char *r = NULL;
    assert_int_equal(setfile_read(test_data("sets/poll-empty.txt"), &setfile_polls, &set, &r), 2);
    assert_non_null(strstr(r, "geen regel 'set: NAAM'"));
    assert_non_null(strstr(r, "geen vragen"));
    free(r);
    assert_int_equal(setfile_read(test_data("sets/bestaat-niet.txt"), &setfile_polls, &set, &r),
                     1);
    assert_non_null(strstr(r, "niet te lezen"));
    free(r);
}

static void card_rules_differ_from_poll_rules(void **state)
{
    char *r = NULL;
    int n = setfile_read(test_data("sets/cards-problems.txt"), &setfile_cards, &set, &r);
    assert_non_null(r);
    assert_non_null(strstr(r, "regel 1: de naam 'te veel' kan niet."));
    assert_non_null(strstr(r, "regel 2: de kop van de kaart is te lang: 66 tekens. Hoogstens 60."));
    assert_non_null(strstr(r, "regel 4: deze kaart heeft 6 vragen. Geef er 1 tot 5."));
    assert_non_null(strstr(r, "regel 11: deze kaart heeft 0 vragen."));
    assert_int_equal(n, 4);
    free(r);
    /* One prompt is a good card, one option is not a good question. */
    assert_int_equal(parse("kaarten: een\nkaart: Kop\n- Vraag?\n", &setfile_cards, &r), 0);
    assert_int_equal(parse("set: een\nvraag: Kop\n- Ja\n", &setfile_polls, &r), 1);
    free(r);
    /* And the keys belong to their kind. */
    assert_int_equal(parse("set: een\nvraag: Kop\n- Ja\n- Nee\n", &setfile_cards, &r), 6);
    assert_non_null(strstr(r, "regel 1: 'set:' kennen we niet. Gebruik kaarten:, titel:, kaart:"));
    free(r);
}

static void control_characters_and_nul_are_refused(void **state)
{
    char *r = NULL;
    static const char text[] = "set: x\nvraag: a\x01 b\n- Ja\n- N\0ee\n";
    assert_int_equal(setfile_parse(text, sizeof text - 1, &setfile_polls, &set, &r), 2);
    assert_non_null(strstr(r, "regel 2: hier staat een teken dat geen tekst is."));
    assert_non_null(strstr(r, "regel 4: hier staat een teken dat geen tekst is."));
    free(r);
}

static void too_many_questions_is_said_once_and_report_is_capped(void **state)
{
    char text[8192] = "set: lang\n";
    for (int i = 0; i < 25; i++)
        strcat(text, "vraag: Nog een?\n- Ja\n- Nee\n");
    char *r = NULL;
    assert_int_equal(parse(text, &setfile_polls, &r), 1);
    assert_non_null(strstr(r, "regel 62: meer dan 20 vragen in één bestand."));
    free(r);

    char bad[8192] = "set: fout\nvraag: Goed?\n- Ja\n- Nee\n";
    for (int i = 0; i < 100; i++)
        strcat(bad, "?\n");
    assert_int_equal(parse(bad, &setfile_polls, &r), 100);
    int lines = 0;
    for (const char *p = r; *p; p++)
        lines += *p == '\n';
    assert_int_equal(lines, SETFILE_REPORT_LINES + 1);
    assert_non_null(strstr(r, "... en nog 70 problemen."));
    free(r);
}

static void characters_not_bytes_are_counted(void **state)
{
    /* 40 characters of which many take two bytes: still fits. */
    char *r = NULL;
    char text[256];
    char e40[81] = "", e41[83];
    for (int i = 0; i < 40; i++)
        strcat(e40, "é");
    snprintf(e41, sizeof e41, "%sé", e40);
    snprintf(text, sizeof text, "set: e\nvraag: Één?\n- %s\n- Nee\n", e40);
    assert_int_equal(parse(text, &setfile_polls, &r), 0);
    snprintf(text, sizeof text, "set: e\nvraag: Één?\n- %s\n- Nee\n", e41);
    assert_int_equal(parse(text, &setfile_polls, &r), 1);
    assert_non_null(strstr(r, "41 tekens"));
    free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(shipped_poll_set_parses),
        cmocka_unit_test(shipped_card_sets_parse),
        cmocka_unit_test(bom_crlf_and_any_case_are_fine),
        cmocka_unit_test(title_defaults_to_name_and_colons_stay_in_text),
        cmocka_unit_test(every_problem_has_its_line),
        cmocka_unit_test(not_utf8_is_named_with_its_line),
        cmocka_unit_test(empty_and_missing_files),
        cmocka_unit_test(card_rules_differ_from_poll_rules),
        cmocka_unit_test(control_characters_and_nul_are_refused),
        cmocka_unit_test(too_many_questions_is_said_once_and_report_is_capped),
        cmocka_unit_test(characters_not_bytes_are_counted),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
