/* test_font.c: which font files the kiosk opens. A family with known files
 * skips fontconfig at start; those files must be the ones fontconfig would
 * pick, else the quick path would change what the screens look like. */
#include "ui/font.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>
#include <unistd.h>

static void known_family_matches_fontconfig(void **state)
{
    (void)state;
    char quick[2][1024], fc[2][1024];
    /* fonts-inter is in make deps: without it the kiosk's default is gone. */
    assert_int_equal(font_files("Inter", FONT_FILES_KNOWN, quick), 0);
    assert_int_equal(font_files("Inter", FONT_FILES_FONTCONFIG, fc), 0);
    assert_string_equal(quick[0], fc[0]);
    assert_string_equal(quick[1], fc[1]);
    assert_string_not_equal(quick[0], quick[1]); /* a real bold */
    assert_int_equal(font_files("inter", FONT_FILES_KNOWN, quick), 0);
    assert_string_equal(quick[0], fc[0]);
}

static void a_path_is_used_as_given(void **state)
{
    (void)state;
    char p[2][1024];
    assert_int_equal(font_files("/nowhere/x.ttf", FONT_FILES_ANY, p), 0);
    assert_string_equal(p[0], "/nowhere/x.ttf");
    assert_string_equal(p[1], "/nowhere/x.ttf");
}

static void other_families_go_through_fontconfig(void **state)
{
    (void)state;
    char p[2][1024];
    assert_int_equal(font_files("DejaVu Sans", FONT_FILES_KNOWN, p), -1);
    assert_int_equal(font_files("DejaVu Sans", FONT_FILES_ANY, p), 0);
    assert_int_equal(access(p[0], R_OK), 0);
    assert_int_equal(access(p[1], R_OK), 0);
    /* An unknown name still finds a sans font. */
    assert_int_equal(font_files("No Such Font 123", FONT_FILES_ANY, p), 0);
    assert_int_equal(access(p[0], R_OK), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(known_family_matches_fontconfig),
        cmocka_unit_test(a_path_is_used_as_given),
        cmocka_unit_test(other_families_go_through_fontconfig),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
