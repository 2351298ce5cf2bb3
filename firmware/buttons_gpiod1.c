/* buttons_gpiod1.c: the buttons backend for libgpiod's v1 API (Debian 12
 * ships 1.6.3). The only file of that build that includes <gpiod.h>. Each
 * button is one line requested for both edges with pull-up; each LED one
 * output line. v1 cannot choose the event clock: kernels since 5.7 stamp
 * with CLOCK_MONOTONIC, older ones with CLOCK_REALTIME, which we detect and
 * shift so debounce.c always sees one time base. */
#include "firmware/buttons_hw.h"
#include "base/log.h"

#include <errno.h>
#include <gpiod.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define CONSUMER "stagekiosk"

const char buttons_hw_name[] = "gpiod1";

struct buttons_hw {
    struct gpiod_chip *chip;
    int count;
    struct gpiod_line *in[BUTTONS_MAX];
    struct gpiod_line *led[BUTTONS_MAX];
    int64_t shift_ns;    /* added to kernel stamps; see realtime_shift() */
    int shift_decided;
};

/* Why a line could not be requested, in words for the admin's log. */
static void log_line_problem(struct gpiod_chip *chip, int offset, const char *what, int n,
                             int err)
{
    const char *chip_name = gpiod_chip_name(chip);
    if ((unsigned)offset >= gpiod_chip_num_lines(chip)) {
        log_err("buttons: %s of button %d: line %d does not exist on %s (it has %u lines); "
                "check [buttons] in the config",
                what, n + 1, offset, chip_name, gpiod_chip_num_lines(chip));
        return;
    }
    struct gpiod_line *line = gpiod_chip_get_line(chip, offset);
    if (err == EBUSY && line && gpiod_line_update(line) == 0 && gpiod_line_is_used(line)) {
        const char *who = gpiod_line_consumer(line);
        log_err("buttons: %s of button %d: line %d on %s is busy (used by %s)", what, n + 1,
                offset, chip_name, who && *who ? who : "the kernel or another program");
        return;
    }
    log_err("buttons: %s of button %d: cannot request line %d on %s: %s", what, n + 1, offset,
            chip_name, strerror(err));
}

struct buttons_hw *buttons_hw_open(const struct buttons_config *cfg)
{
    struct buttons_hw *hw = calloc(1, sizeof *hw);
    if (!hw) {
        log_err("buttons: out of memory");
        return NULL;
    }
    hw->count = cfg->count;
    /* Accepts "gpiochip0", "/dev/gpiochip0", "0" or the chip's label. */
    hw->chip = gpiod_chip_open_lookup(cfg->chip);
    if (!hw->chip) {
        log_err("buttons: GPIO chip '%s' cannot be opened: %s", cfg->chip, strerror(errno));
        goto fail;
    }
    struct gpiod_line_request_config in_cfg = {
        .consumer = CONSUMER,
        .request_type = GPIOD_LINE_REQUEST_EVENT_BOTH_EDGES,
        .flags = cfg->active_low
                     ? GPIOD_LINE_REQUEST_FLAG_ACTIVE_LOW | GPIOD_LINE_REQUEST_FLAG_BIAS_PULL_UP
                     : GPIOD_LINE_REQUEST_FLAG_BIAS_PULL_DOWN,
    };
    for (int i = 0; i < cfg->count; i++) {
        struct gpiod_line *line = gpiod_chip_get_line(hw->chip, (unsigned)cfg->pins[i]);
        if (!line || gpiod_line_request(line, &in_cfg, 0) != 0) {
            log_line_problem(hw->chip, cfg->pins[i], "pin", i, errno);
            goto fail;
        }
        hw->in[i] = line;
        if (cfg->leds[i] < 0)
            continue;
        line = gpiod_chip_get_line(hw->chip, (unsigned)cfg->leds[i]);
        if (!line || gpiod_line_request_output(line, CONSUMER, 0) != 0) {
            log_line_problem(hw->chip, cfg->leds[i], "LED", i, errno);
            goto fail;
        }
        hw->led[i] = line;
    }
    return hw;
fail:
    buttons_hw_close(hw);
    return NULL;
}

void buttons_hw_close(struct buttons_hw *hw)
{
    if (!hw)
        return;
    /* Closing the chip releases every line requested from it. */
    if (hw->chip)
        gpiod_chip_close(hw->chip);
    free(hw);
}

int buttons_hw_fds(struct buttons_hw *hw, int *fds, int max)
{
    int n = 0;
    for (int i = 0; i < hw->count && n < max; i++)
        fds[n++] = gpiod_line_event_get_fd(hw->in[i]);
    return n;
}

static int64_t clock_ns(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* The first stamp tells which clock the kernel uses: a fresh event is a
 * few ms old, so it is near one clock and decades away from the other. */
static void realtime_shift(struct buttons_hw *hw, int64_t stamp)
{
    int64_t mono = clock_ns(CLOCK_MONOTONIC), real = clock_ns(CLOCK_REALTIME);
    int64_t to_mono = llabs(mono - stamp), to_real = llabs(real - stamp);
    hw->shift_decided = 1;
    if (to_real < to_mono) {
        hw->shift_ns = mono - real;
        log_info("buttons: the kernel stamps GPIO events with CLOCK_REALTIME; shifting them");
    }
}

int buttons_hw_read(struct buttons_hw *hw, int i, struct buttons_event *out)
{
    struct gpiod_line_event ev[BUTTONS_HW_BATCH];
    /* The fd is readable, so this returns at once with what is pending. */
    int n = gpiod_line_event_read_multiple(hw->in[i], ev, BUTTONS_HW_BATCH);
    if (n < 0) {
        log_err("buttons: reading events of button %d failed: %s; it stops working", i + 1,
                strerror(errno));
        return -1;
    }
    for (int k = 0; k < n; k++) {
        int64_t stamp = (int64_t)ev[k].ts.tv_sec * 1000000000 + ev[k].ts.tv_nsec;
        if (!hw->shift_decided)
            realtime_shift(hw, stamp);
        /* With the active-low flag the kernel reports logical edges:
         * rising = pressed. */
        out[k] = (struct buttons_event){
            .kind = ev[k].event_type == GPIOD_LINE_EVENT_RISING_EDGE ? BUTTONS_PRESS
                                                                     : BUTTONS_RELEASE,
            .button = i,
            .time_ns = stamp + hw->shift_ns,
        };
    }
    return n;
}

int buttons_hw_levels(struct buttons_hw *hw, struct buttons_event *out)
{
    int n = 0;
    int64_t now = buttons_now_ns();
    for (int i = 0; i < hw->count; i++) {
        int v = gpiod_line_get_value(hw->in[i]);
        if (v < 0)
            continue;
        out[n++] = (struct buttons_event){
            .kind = v ? BUTTONS_PRESS : BUTTONS_RELEASE, .button = i, .initial = 1,
            .time_ns = now};
    }
    return n;
}

int buttons_hw_led_set(struct buttons_hw *hw, int n, int on)
{
    if (!hw->led[n])
        return -1;
    return gpiod_line_set_value(hw->led[n], on ? 1 : 0);
}
