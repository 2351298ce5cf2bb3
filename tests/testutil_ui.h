/* testutil_ui.h: for the cmocka programs that draw: the four screen sizes
 * the kiosk supports, and a headless window of one of them. Include after
 * <cmocka.h>. */
#ifndef TESTUTIL_UI_H
#define TESTUTIL_UI_H

#include "ui/ui.h"

static const struct {
    int w, h;
} test_sizes[] = {{800, 480}, {1280, 800}, {1920, 1080}, {720, 1280}};
#define TEST_NSIZES (int)(sizeof test_sizes / sizeof test_sizes[0])

/* A headless window of w x h; the test fails when it does not open. */
static inline struct ui *test_ui_open(int w, int h)
{
    char err[256];
    struct ui_options opt = {.width = w, .height = h, .headless = 1, .font = "Inter"};
    struct ui *ui = ui_open(&opt, err, sizeof err);
    if (!ui)
        fail_msg("ui_open: %s", err);
    return ui;
}

#endif
