/* test_usb.c: which mount is a USB stick. */
#include "firmware/usb.h"
#include "tests/testutil.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

static const char *write_table(const char *text)
{
    static char path[512];
    snprintf(path, sizeof path, "%s/mountinfo", test_tmpdir());
    FILE *f = fopen(path, "w");
    fputs(text, f);
    fclose(f);
    return path;
}

static void a_stick_below_media_is_found(void **state)
{
    char out[256];
    const char *t = write_table(
        "22 1 8:2 / / ro,relatime - ext4 /dev/mmcblk0p2 ro\n"
        "30 22 0:27 / /media/root-ro ro,relatime - overlay overlayroot ro\n"
        "31 22 8:17 / /media/stagekiosk\\040usb rw,nosuid,nodev - vfat /dev/sda1 rw\n");
    assert_int_equal(usb_find(t, "/media", out, sizeof out), 1);
    assert_string_equal(out, "/media/stagekiosk usb"); /* \040 is a space */
}

static void no_stick_no_match(void **state)
{
    char out[256];
    const char *t = write_table(
        "30 22 0:27 / /media/root-ro ro,relatime - overlay overlayroot ro\n"
        "31 22 8:17 / /mnt/usb rw - vfat /dev/sda1 rw\n"
        "32 22 8:18 / /media rw - vfat /dev/sdb1 rw\n");
    assert_int_equal(usb_find(t, "/media", out, sizeof out), 0);
    assert_int_equal(usb_find("/nonexistent/mountinfo", "/media", out, sizeof out), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_stick_below_media_is_found),
        cmocka_unit_test(no_stick_no_match),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
