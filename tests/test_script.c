/* test_script.c: the scenario file parser. */
#include "firmware/script.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

static void every_step_kind_parses(void **state)
{
    struct script s;
    char err[128];
    const char *text = "# a comment\n"
                       "\n"
                       "scan SK1.100001.1.X\n"
                       "scan-card 100001\n"
                       "type hallo daar\n"
                       "key Return\n"
                       "tap \"Klaar\"\n"
                       "tap 10 20\n"
                       "wait 7000\n"
                       "clock 2026-11-30 09:00\n"
                       "cli session start --title \"Dag 1\"\n"
                       "shot idle\n"
                       "expect screen idle\n"
                       "expect text \"Scan je pas\"\n"
                       "   expect no-text \"Sanne\"   \n";
    assert_int_equal(script_parse(text, &s, err, sizeof err), 0);
    assert_int_equal(s.n, 13);
    enum script_op want[] = {SCRIPT_SCAN, SCRIPT_SCAN_CARD, SCRIPT_TYPE, SCRIPT_KEY,
                             SCRIPT_TAP_LABEL, SCRIPT_TAP_XY, SCRIPT_WAIT, SCRIPT_CLOCK,
                             SCRIPT_CLI, SCRIPT_SHOT, SCRIPT_EXPECT_SCREEN, SCRIPT_EXPECT_TEXT,
                             SCRIPT_EXPECT_NO_TEXT};
    for (size_t i = 0; i < s.n; i++)
        assert_int_equal(s.steps[i].op, want[i]);
    assert_string_equal(s.steps[2].arg, "hallo daar");
    assert_string_equal(s.steps[4].arg, "Klaar");
    assert_int_equal(s.steps[5].x, 10);
    assert_int_equal(s.steps[5].y, 20);
    assert_int_equal(s.steps[6].x, 7000);
    assert_int_equal(s.steps[0].line, 3);
    assert_string_equal(s.steps[12].arg, "Sanne");
    script_free(&s);
}

static void presenter_steps_parse(void **state)
{
    (void)state;
    struct script s;
    char err[128];
    const char *text = "presenter 1920x1080\n"
                       "expect presenter stage-poll\n"
                       "expect presenter-text \"Hoe tevreden\"\n"
                       "expect presenter-no-text \"Sanne\"\n"
                       "expect text \"Dank je\"\n"
                       "presenter off\n";
    assert_int_equal(script_parse(text, &s, err, sizeof err), 0);
    assert_int_equal(s.n, 6);
    assert_int_equal(s.steps[0].op, SCRIPT_PRESENTER);
    assert_int_equal(s.steps[0].x, 1920);
    assert_int_equal(s.steps[0].y, 1080);
    assert_int_equal(s.steps[1].op, SCRIPT_EXPECT_SCREEN);
    assert_true(s.steps[1].on_presenter);
    assert_string_equal(s.steps[1].arg, "stage-poll");
    assert_int_equal(s.steps[2].op, SCRIPT_EXPECT_TEXT);
    assert_true(s.steps[2].on_presenter);
    assert_string_equal(s.steps[2].arg, "Hoe tevreden");
    assert_int_equal(s.steps[3].op, SCRIPT_EXPECT_NO_TEXT);
    assert_true(s.steps[3].on_presenter);
    assert_false(s.steps[4].on_presenter);
    assert_int_equal(s.steps[5].op, SCRIPT_PRESENTER);
    assert_int_equal(s.steps[5].x, 0);
    script_free(&s);
}

static void bad_lines_name_their_line(void **state)
{
    const char *bad[] = {"scan\n", "wait soon\n", "wait -5\n", "tap \"Klaar\n", "tap 10\n", "press 1 2\n",
                         "dance now\n", "button 9\n", "hold 2\n", "expect colour red\n", "expect text Klaar\n",
                         "clock tomorrow\n", "shot ../x\n", "presenter big\n",
                         "presenter 100x100\n", "expect presenter-screen x\n"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        struct script s;
        char err[128], text[64];
        snprintf(text, sizeof text, "# ok\n%s", bad[i]);
        assert_int_equal(script_parse(text, &s, err, sizeof err), -1);
        assert_non_null(strstr(err, "line 2"));
        assert_null(s.steps);
    }
}

static void cli_words_split_with_quotes(void **state)
{
    char buf[128] = "session start --title \"Dag 1\" --group ZW2A";
    char *argv[8];
    assert_int_equal(script_split_words(buf, argv, 8), 6);
    assert_string_equal(argv[3], "Dag 1");
    assert_string_equal(argv[5], "ZW2A");
    assert_null(argv[6]);
    char open[] = "a \"b c";
    assert_int_equal(script_split_words(open, argv, 8), -1);
    char many[] = "a b c d e f g h i";
    assert_int_equal(script_split_words(many, argv, 8), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_step_kind_parses),
        cmocka_unit_test(presenter_steps_parse),
        cmocka_unit_test(bad_lines_name_their_line),
        cmocka_unit_test(cli_words_split_with_quotes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
