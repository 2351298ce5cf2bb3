/* test_displays.c: counting plugged-in screens from a made-up sysfs. */
#include "firmware/displays.h"
#include "tests/testutil.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <sys/stat.h>

#include <cmocka.h>

static void connector(const char *root, const char *name, const char *status)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", root, name);
    mkdir(path, 0755);
    if (!status)
        return;
    snprintf(path, sizeof path, "%s/%s/status", root, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fprintf(f, "%s\n", status);
    fclose(f);
}

static void counts_connected_connectors_only(void **state)
{
    (void)state;
    char root[256];
    snprintf(root, sizeof root, "%s", test_tmpdir());
    connector(root, "card1", NULL);                     /* the card itself */
    connector(root, "card1-HDMI-A-1", "connected");     /* the touchscreen */
    connector(root, "card1-HDMI-A-2", "disconnected");  /* no projector yet */
    connector(root, "card1-Writeback-1", "unknown");
    connector(root, "renderD128", NULL);
    connector(root, "version", NULL);
    assert_int_equal(displays_connected(root), 1);

    connector(root, "card1-HDMI-A-2", "connected");     /* the projector */
    assert_int_equal(displays_connected(root), 2);

    connector(root, "card1-HDMI-A-1", "disconnected");
    assert_int_equal(displays_connected(root), 1);
}

static void unreadable_root_is_an_error(void **state)
{
    (void)state;
    assert_int_equal(displays_connected("/nonexistent/drm"), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(counts_connected_connectors_only),
        cmocka_unit_test(unreadable_root_is_an_error),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
