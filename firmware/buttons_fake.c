/* buttons_fake.c: the test backend (see buttons_fake.h). Edges go through
 * a pipe, so the hardware thread of buttons.c blocks on an fd and wakes up
 * exactly as it does on a GPIO line request. */
#include "firmware/buttons_fake.h"
#include "firmware/buttons_hw.h"
#include "base/log.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const char buttons_hw_name[] = "fake";

struct buttons_hw {
    int pipe[2];
    int count;
    int leds[BUTTONS_MAX];
};

static struct {
    int busy[BUTTONS_FAKE_LINES];
    int held[BUTTONS_MAX];
    int led[BUTTONS_MAX];
    uint64_t led_writes;
    struct buttons_hw *open; /* the one open instance */
} chip;

void buttons_fake_reset(void)
{
    struct buttons_hw *open = chip.open;
    memset(&chip, 0, sizeof chip);
    chip.open = open;
}

void buttons_fake_set_busy(int offset)
{
    if (offset >= 0 && offset < BUTTONS_FAKE_LINES)
        chip.busy[offset] = 1;
}

void buttons_fake_set_held(int n, int held)
{
    if (n >= 0 && n < BUTTONS_MAX)
        chip.held[n] = held;
}

int buttons_fake_led(int n)
{
    return n >= 0 && n < BUTTONS_MAX ? chip.led[n] : 0;
}

uint64_t buttons_fake_led_writes(void)
{
    return chip.led_writes;
}

static int line_check(int offset, const char *what, int n)
{
    if (offset < 0 || offset >= BUTTONS_FAKE_LINES) {
        log_err("buttons: %s of button %d: line %d does not exist on gpiochip0 (it has %d "
                "lines); check [buttons] in the config",
                what, n + 1, offset, BUTTONS_FAKE_LINES);
        return -1;
    }
    if (chip.busy[offset]) {
        log_err("buttons: %s of button %d: line %d on gpiochip0 is busy (used by gpio-keys)",
                what, n + 1, offset);
        return -1;
    }
    return 0;
}

struct buttons_hw *buttons_hw_open(const struct buttons_config *cfg)
{
    if (strcmp(cfg->chip, "gpiochip0") && strcmp(cfg->chip, "fake")) {
        log_err("buttons: GPIO chip '%s' cannot be opened: %s", cfg->chip, strerror(ENOENT));
        return NULL;
    }
    if (chip.open) {
        log_err("buttons: the fake chip is already open");
        return NULL;
    }
    for (int i = 0; i < cfg->count; i++)
        if (line_check(cfg->pins[i], "pin", i) != 0 ||
            (cfg->leds[i] >= 0 && line_check(cfg->leds[i], "LED", i) != 0))
            return NULL;
    struct buttons_hw *hw = calloc(1, sizeof *hw);
    if (!hw)
        return NULL;
    if (pipe2(hw->pipe, O_CLOEXEC) != 0) {
        log_err("buttons: pipe: %s", strerror(errno));
        free(hw);
        return NULL;
    }
    hw->count = cfg->count;
    memcpy(hw->leds, cfg->leds, sizeof hw->leds);
    chip.open = hw;
    return hw;
}

void buttons_hw_close(struct buttons_hw *hw)
{
    if (!hw)
        return;
    close(hw->pipe[0]);
    close(hw->pipe[1]);
    if (chip.open == hw)
        chip.open = NULL;
    free(hw);
}

int buttons_fake_edge(int n, enum buttons_kind kind, int64_t t_ns)
{
    struct buttons_hw *hw = chip.open;
    if (!hw || n < 0 || n >= hw->count)
        return -1;
    struct buttons_event ev = {.kind = kind, .button = n, .time_ns = t_ns};
    return buttons_fake_edges(&ev, 1);
}

int buttons_fake_edges(const struct buttons_event *ev, int n)
{
    struct buttons_hw *hw = chip.open;
    if (!hw || n < 1 || n > BUTTONS_HW_BATCH)
        return -1;
    for (int i = 0; i < n; i++)
        if (ev[i].button < 0 || ev[i].button >= hw->count)
            return -1;
    /* Copied field by field: struct padding is never written to the pipe
     * uninitialised. One write under PIPE_BUF: one read gets them all. */
    struct buttons_event copy[BUTTONS_HW_BATCH];
    memset(copy, 0, sizeof copy);
    for (int i = 0; i < n; i++) {
        copy[i].kind = ev[i].kind;
        copy[i].button = ev[i].button;
        copy[i].time_ns = ev[i].time_ns;
    }
    ssize_t len = (ssize_t)(n * (int)sizeof *ev);
    return write(hw->pipe[1], copy, (size_t)len) == len ? 0 : -1;
}

int buttons_hw_fds(struct buttons_hw *hw, int *fds, int max)
{
    if (max < 1)
        return 0;
    fds[0] = hw->pipe[0];
    return 1;
}

int buttons_hw_read(struct buttons_hw *hw, int i, struct buttons_event *out)
{
    ssize_t got = read(hw->pipe[0], out, BUTTONS_HW_BATCH * sizeof *out);
    if (got < 0)
        return errno == EINTR ? 0 : -1;
    /* Whole events only: writes are atomic and reads take whole multiples
     * of what was written, as long as every write is one event. */
    return (int)(got / (ssize_t)sizeof *out);
}

int buttons_hw_levels(struct buttons_hw *hw, struct buttons_event *out)
{
    int64_t now = buttons_now_ns();
    for (int i = 0; i < hw->count; i++)
        out[i] = (struct buttons_event){.kind = chip.held[i] ? BUTTONS_PRESS : BUTTONS_RELEASE,
                                        .button = i, .initial = 1, .time_ns = now};
    return hw->count;
}

int buttons_hw_led_set(struct buttons_hw *hw, int n, int on)
{
    chip.led[n] = on ? 1 : 0;
    chip.led_writes++;
    return 0;
}
