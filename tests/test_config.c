/* test_config.c: defaults, good values, and bad lines that keep defaults. */
#include "firmware/config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

static void defaults_without_a_file(void **state)
{
    struct config c;
    config_defaults(&c);
    assert_int_equal(c.fullscreen, 1);
    assert_int_equal(c.return_idle_s, 6);
    assert_int_equal(c.late_grace_min, 15);
    assert_string_equal(c.font, "Inter");
    assert_int_equal(config_load(&c, "/nonexistent/stagekiosk.conf"), -1);
    assert_int_equal(c.return_idle_s, 6);
}

static void good_values_are_read(void **state)
{
    struct config c;
    config_defaults(&c);
    int problems = config_load_string(&c, "# comment\n"
                                          "[kiosk]\n"
                                          "data_dir = /srv/kiosk\n"
                                          "fullscreen = nee\n"
                                          "[screen]\n"
                                          "width = 800\nheight=480\nrotation = 90\n"
                                          "font = /usr/share/fonts/x.ttf\n"
                                          "[checkin]\nreturn_idle_s = 10\nlate_grace_min=0\n"
                                          "[dossier]\nurl = https://school.example/d/{code}\n");
    assert_int_equal(problems, 0);
    assert_string_equal(c.data_dir, "/srv/kiosk");
    assert_int_equal(c.fullscreen, 0);
    assert_int_equal(c.width, 800);
    assert_int_equal(c.height, 480);
    assert_int_equal(c.rotation, 90);
    assert_int_equal(c.return_idle_s, 10);
    assert_int_equal(c.late_grace_min, 0);
    assert_string_equal(c.dossier_url, "https://school.example/d/{code}");
}

static void bad_values_and_unknown_keys_keep_defaults(void **state)
{
    struct config c;
    config_defaults(&c);
    int problems = config_load_string(&c, "[checkin]\n"
                                          "return_idle_s = 0\n"      /* below range */
                                          "late_grace_min = soon\n"  /* not a number */
                                          "[screen]\n"
                                          "rotation = 45\n"          /* not a right angle */
                                          "colour = blue\n"          /* unknown key */
                                          "[kiosk]\n"
                                          "fullscreen = maybe\n");
    assert_int_equal(problems, 5);
    assert_int_equal(c.return_idle_s, 6);
    assert_int_equal(c.late_grace_min, 15);
    assert_int_equal(c.rotation, 0);
    assert_int_equal(c.fullscreen, 1);
}

static void a_broken_line_is_a_problem(void **state)
{
    struct config c;
    config_defaults(&c);
    assert_true(config_load_string(&c, "[checkin]\nthis line has no equals sign\n"
                                       "return_idle_s = 9\n") >= 1);
    assert_int_equal(c.return_idle_s, 9); /* the rest is still read */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(defaults_without_a_file),
        cmocka_unit_test(good_values_are_read),
        cmocka_unit_test(bad_values_and_unknown_keys_keep_defaults),
        cmocka_unit_test(a_broken_line_is_a_problem),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
