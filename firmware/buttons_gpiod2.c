/* buttons_gpiod2.c: the buttons backend for libgpiod's v2 API (Raspberry
 * Pi OS trixie; bookworm-backports has 2.1). The only file of that build
 * that includes <gpiod.h>. Buttons are one request (both edges, pull-up,
 * monotonic stamps); LEDs a second one, so the hardware thread reading
 * edges and the main thread writing LEDs never share a libgpiod object
 * (libgpiod objects are not thread-safe). */
#include "firmware/buttons_hw.h"
#include "base/log.h"

#include <dirent.h>
#include <errno.h>
#include <gpiod.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CONSUMER "stagekiosk"

const char buttons_hw_name[] = "gpiod2";

struct buttons_hw {
    struct gpiod_chip *chip;
    struct gpiod_line_request *in, *out;
    struct gpiod_edge_event_buffer *events;
    int count;
    unsigned pins[BUTTONS_MAX];
    int leds[BUTTONS_MAX];
    unsigned long seqno[BUTTONS_MAX]; /* to notice lost edges */
    int lost_logged;
};

/* v2 opens chips by path; accept "gpiochip0", a path or a chip label. */
static struct gpiod_chip *chip_open(const char *name)
{
    char path[320];
    if (name[0] == '/')
        return gpiod_chip_open(name);
    snprintf(path, sizeof path, "/dev/%s", name);
    if (gpiod_is_gpiochip_device(path))
        return gpiod_chip_open(path);
    DIR *dir = opendir("/dev");
    if (!dir)
        return NULL;
    struct gpiod_chip *found = NULL;
    struct dirent *de;
    while (!found && (de = readdir(dir))) {
        if (strncmp(de->d_name, "gpiochip", 8))
            continue;
        snprintf(path, sizeof path, "/dev/%s", de->d_name);
        struct gpiod_chip *chip = gpiod_chip_open(path);
        if (!chip)
            continue;
        struct gpiod_chip_info *info = gpiod_chip_get_info(chip);
        if (info && !strcmp(gpiod_chip_info_get_label(info), name))
            found = chip;
        else
            gpiod_chip_close(chip);
        gpiod_chip_info_free(info);
    }
    closedir(dir);
    if (!found)
        errno = ENOENT;
    return found;
}

/* Checks a line before the request so the log can say exactly what is
 * wrong: missing or in use (and by whom). 0 when it looks free. */
static int line_check(struct gpiod_chip *chip, size_t nlines, int offset, const char *what,
                      int n, const char *chip_name)
{
    if (offset < 0 || (size_t)offset >= nlines) {
        log_err("buttons: %s of button %d: line %d does not exist on %s (it has %zu lines); "
                "check [buttons] in the config",
                what, n + 1, offset, chip_name, nlines);
        return -1;
    }
    struct gpiod_line_info *info = gpiod_chip_get_line_info(chip, (unsigned)offset);
    if (!info)
        return 0; /* the request will tell */
    int used = gpiod_line_info_is_used(info);
    if (used) {
        const char *who = gpiod_line_info_get_consumer(info);
        log_err("buttons: %s of button %d: line %d on %s is busy (used by %s)", what, n + 1,
                offset, chip_name, who && *who ? who : "the kernel or another program");
    }
    gpiod_line_info_free(info);
    return used ? -1 : 0;
}

static struct gpiod_line_request *request(struct gpiod_chip *chip,
                                          struct gpiod_line_settings *settings,
                                          const unsigned *offsets, size_t n)
{
    struct gpiod_line_request *req = NULL;
    struct gpiod_line_config *lines = gpiod_line_config_new();
    struct gpiod_request_config *rc = gpiod_request_config_new();
    if (!lines || !rc || gpiod_line_config_add_line_settings(lines, offsets, n, settings) != 0)
        goto out;
    gpiod_request_config_set_consumer(rc, CONSUMER);
    req = gpiod_chip_request_lines(chip, rc, lines);
out:
    gpiod_request_config_free(rc);
    gpiod_line_config_free(lines);
    return req;
}

struct buttons_hw *buttons_hw_open(const struct buttons_config *cfg)
{
    struct gpiod_line_settings *settings = NULL;
    struct gpiod_chip_info *info = NULL;
    struct buttons_hw *hw = calloc(1, sizeof *hw);
    if (!hw) {
        log_err("buttons: out of memory");
        return NULL;
    }
    hw->count = cfg->count;
    hw->chip = chip_open(cfg->chip);
    if (!hw->chip) {
        log_err("buttons: GPIO chip '%s' cannot be opened: %s", cfg->chip, strerror(errno));
        goto fail;
    }
    info = gpiod_chip_get_info(hw->chip);
    if (!info) {
        log_err("buttons: GPIO chip '%s' cannot be read: %s", cfg->chip, strerror(errno));
        goto fail;
    }
    size_t nlines = gpiod_chip_info_get_num_lines(info);
    const char *chip_name = gpiod_chip_info_get_name(info);
    unsigned led_offsets[BUTTONS_MAX];
    size_t nleds = 0;
    for (int i = 0; i < cfg->count; i++) {
        if (line_check(hw->chip, nlines, cfg->pins[i], "pin", i, chip_name) != 0)
            goto fail;
        hw->pins[i] = (unsigned)cfg->pins[i];
        hw->leds[i] = cfg->leds[i];
        if (cfg->leds[i] < 0)
            continue;
        if (line_check(hw->chip, nlines, cfg->leds[i], "LED", i, chip_name) != 0)
            goto fail;
        led_offsets[nleds++] = (unsigned)cfg->leds[i];
    }

    settings = gpiod_line_settings_new();
    if (!settings)
        goto fail_errno;
    gpiod_line_settings_set_direction(settings, GPIOD_LINE_DIRECTION_INPUT);
    gpiod_line_settings_set_edge_detection(settings, GPIOD_LINE_EDGE_BOTH);
    gpiod_line_settings_set_bias(settings, cfg->active_low ? GPIOD_LINE_BIAS_PULL_UP
                                                           : GPIOD_LINE_BIAS_PULL_DOWN);
    gpiod_line_settings_set_active_low(settings, cfg->active_low);
    /* Same base as clock_ms(); debounce.c compares them. */
    gpiod_line_settings_set_event_clock(settings, GPIOD_LINE_CLOCK_MONOTONIC);
    hw->in = request(hw->chip, settings, hw->pins, (size_t)cfg->count);
    if (!hw->in) {
        log_err("buttons: cannot request the button lines on %s: %s", chip_name,
                strerror(errno));
        goto fail;
    }
    if (nleds) {
        gpiod_line_settings_reset(settings);
        gpiod_line_settings_set_direction(settings, GPIOD_LINE_DIRECTION_OUTPUT);
        gpiod_line_settings_set_output_value(settings, GPIOD_LINE_VALUE_INACTIVE);
        hw->out = request(hw->chip, settings, led_offsets, nleds);
        if (!hw->out) {
            log_err("buttons: cannot request the LED lines on %s: %s", chip_name,
                    strerror(errno));
            goto fail;
        }
    }
    hw->events = gpiod_edge_event_buffer_new(BUTTONS_HW_BATCH);
    if (!hw->events)
        goto fail_errno;
    gpiod_line_settings_free(settings);
    gpiod_chip_info_free(info);
    return hw;

fail_errno:
    log_err("buttons: %s", strerror(errno));
fail:
    gpiod_line_settings_free(settings);
    gpiod_chip_info_free(info);
    buttons_hw_close(hw);
    return NULL;
}

void buttons_hw_close(struct buttons_hw *hw)
{
    if (!hw)
        return;
    if (hw->events)
        gpiod_edge_event_buffer_free(hw->events);
    if (hw->out)
        gpiod_line_request_release(hw->out);
    if (hw->in)
        gpiod_line_request_release(hw->in);
    if (hw->chip)
        gpiod_chip_close(hw->chip);
    free(hw);
}

int buttons_hw_fds(struct buttons_hw *hw, int *fds, int max)
{
    if (max < 1)
        return 0;
    fds[0] = gpiod_line_request_get_fd(hw->in);
    return 1;
}

static int button_of(const struct buttons_hw *hw, unsigned offset)
{
    for (int i = 0; i < hw->count; i++)
        if (hw->pins[i] == offset)
            return i;
    return -1;
}

int buttons_hw_read(struct buttons_hw *hw, int i, struct buttons_event *out)
{
    int n = gpiod_line_request_read_edge_events(hw->in, hw->events, BUTTONS_HW_BATCH);
    if (n < 0) {
        log_err("buttons: reading button events failed: %s; buttons stop working",
                strerror(errno));
        return -1;
    }
    int k = 0;
    for (int e = 0; e < n; e++) {
        struct gpiod_edge_event *ev =
            gpiod_edge_event_buffer_get_event(hw->events, (unsigned long)e);
        int b = button_of(hw, gpiod_edge_event_get_line_offset(ev));
        if (b < 0)
            continue;
        unsigned long seq = gpiod_edge_event_get_line_seqno(ev);
        if (hw->seqno[b] && seq != hw->seqno[b] + 1 && !hw->lost_logged++)
            log_warn("buttons: the kernel dropped edges of button %d (too many at once)",
                     b + 1);
        hw->seqno[b] = seq;
        /* Active-low lines report logical edges: rising = pressed. */
        out[k++] = (struct buttons_event){
            .kind = gpiod_edge_event_get_event_type(ev) == GPIOD_EDGE_EVENT_RISING_EDGE
                        ? BUTTONS_PRESS
                        : BUTTONS_RELEASE,
            .button = b,
            .time_ns = (int64_t)gpiod_edge_event_get_timestamp_ns(ev),
        };
    }
    return k;
}

int buttons_hw_levels(struct buttons_hw *hw, struct buttons_event *out)
{
    int n = 0;
    int64_t now = buttons_now_ns();
    for (int i = 0; i < hw->count; i++) {
        enum gpiod_line_value v = gpiod_line_request_get_value(hw->in, hw->pins[i]);
        if (v == GPIOD_LINE_VALUE_ERROR)
            continue;
        out[n++] = (struct buttons_event){
            .kind = v == GPIOD_LINE_VALUE_ACTIVE ? BUTTONS_PRESS : BUTTONS_RELEASE,
            .button = i, .initial = 1, .time_ns = now};
    }
    return n;
}

int buttons_hw_led_set(struct buttons_hw *hw, int n, int on)
{
    if (!hw->out || hw->leds[n] < 0)
        return -1;
    return gpiod_line_request_set_value(hw->out, (unsigned)hw->leds[n],
                                        on ? GPIOD_LINE_VALUE_ACTIVE : GPIOD_LINE_VALUE_INACTIVE);
}
