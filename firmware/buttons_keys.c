/* buttons_keys.c: the buttons backend for a desktop (`make HW=desktop`):
 * there is no GPIO. The app turns keys 1-5 into buttons_inject() calls, so
 * this file only has to accept every configuration and remember the LEDs
 * (the log shows them at debug level). */
#include "firmware/buttons_hw.h"
#include "base/log.h"

#include <stdlib.h>

const char buttons_hw_name[] = "keys";

struct buttons_hw {
    int count;
    int led[BUTTONS_MAX];
};

struct buttons_hw *buttons_hw_open(const struct buttons_config *cfg)
{
    struct buttons_hw *hw = calloc(1, sizeof *hw);
    if (!hw) {
        log_err("buttons: out of memory");
        return NULL;
    }
    hw->count = cfg->count;
    return hw;
}

void buttons_hw_close(struct buttons_hw *hw)
{
    free(hw);
}

int buttons_hw_fds(struct buttons_hw *hw, int *fds, int max)
{
    return 0;
}

int buttons_hw_read(struct buttons_hw *hw, int i, struct buttons_event *out)
{
    return 0;
}

int buttons_hw_levels(struct buttons_hw *hw, struct buttons_event *out)
{
    return 0; /* keys start released */
}

int buttons_hw_led_set(struct buttons_hw *hw, int n, int on)
{
    if (hw->led[n] != on)
        log_debug("buttons: LED %d %s", n + 1, on ? "on" : "off");
    hw->led[n] = on;
    return 0;
}
