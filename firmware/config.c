/* config.c: one table of keys with type, range and default; inih reads the
 * file and each key is checked against the table. */
#include "firmware/config.h"
#include "base/log.h"

#include <ini.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum config_type { CFG_INT, CFG_BOOL, CFG_STR };

struct config_key {
    const char *section, *name;
    enum config_type type;
    size_t offset;
    int min, max, def_int;
    const char *def_str;
};

#define INT_KEY(sec, key, field, lo, hi, def) \
    {sec, key, CFG_INT, offsetof(struct config, field), lo, hi, def, NULL}
#define BOOL_KEY(sec, key, field, def) \
    {sec, key, CFG_BOOL, offsetof(struct config, field), 0, 1, def, NULL}
#define STR_KEY(sec, key, field, def) \
    {sec, key, CFG_STR, offsetof(struct config, field), 0, 0, 0, def}

static const struct config_key keys[] = {
    STR_KEY("kiosk", "data_dir", data_dir, ""),
    BOOL_KEY("kiosk", "fullscreen", fullscreen, 1),
    INT_KEY("screen", "width", width, 0, 8192, 0),
    INT_KEY("screen", "height", height, 0, 8192, 0),
    INT_KEY("screen", "rotation", rotation, 0, 270, 0),
    STR_KEY("screen", "font", font, "Inter"),
    BOOL_KEY("screen", "software_render", software_render, 0),
    BOOL_KEY("screen", "presenter", presenter, 1),
    STR_KEY("usb", "media_root", media_root, "/media"),
    INT_KEY("teacher", "idle_s", teacher_idle_s, 30, 3600, 300),
    INT_KEY("privacy", "retention_months", retention_months, 1, 1200, 24),
    INT_KEY("checkin", "return_idle_s", return_idle_s, 2, 60, 6),
    INT_KEY("checkin", "late_grace_min", late_grace_min, 0, 720, 15),
    STR_KEY("dossier", "url", dossier_url, ""),
    INT_KEY("dossier", "token_minutes", dossier_token_minutes, 1, 1440, 10),
    INT_KEY("student", "idle_s", student_idle_s, 10, 3600, 60),
    INT_KEY("student", "menu_s", student_menu_s, 5, 300, 20),
    STR_KEY("buttons", "chip", buttons_chip, "gpiochip0"),
    STR_KEY("buttons", "pins", buttons_pins, "17,27,22,23,24"),
    STR_KEY("buttons", "leds", buttons_leds, "5,6,13,19,26"),
    BOOL_KEY("buttons", "active_low", buttons_active_low, 1),
    INT_KEY("buttons", "debounce_ms", debounce_ms, 1, 500, 30),
    INT_KEY("buttons", "lockout_ms", lockout_ms, 0, 60000, 2000),
    INT_KEY("buttons", "stuck_ms", stuck_ms, 1000, 600000, 10000),
    INT_KEY("poll", "min_votes", poll_min_votes, 0, 1000, 5),
    BOOL_KEY("poll", "hide_results", poll_hide_results, 1),
    INT_KEY("poll", "verified_press_s", poll_verified_s, 2, 120, 10),
    STR_KEY("school", "database", school_database, ""),
    STR_KEY("school", "password_file", school_password_file, ""),
    INT_KEY("school", "interval_s", school_interval_s, 2, 3600, 30),
};

#define NKEYS (sizeof keys / sizeof keys[0])

void config_defaults(struct config *cfg)
{
    memset(cfg, 0, sizeof *cfg);
    for (size_t i = 0; i < NKEYS; i++) {
        char *field = (char *)cfg + keys[i].offset;
        if (keys[i].type == CFG_STR)
            snprintf(field, CONFIG_STR_MAX, "%s", keys[i].def_str);
        else
            *(int *)field = keys[i].def_int;
    }
}

struct parse_state {
    struct config *cfg;
    int line;               /* counted by our reader: inih reads line by line */
    int problems;
    const char *text;       /* for config_load_string */
    FILE *file;
};

static int parse_bool(const char *v, int *out)
{
    static const char *const yes[] = {"1", "true", "yes", "ja", "aan", "on"};
    static const char *const no[] = {"0", "false", "no", "nee", "uit", "off"};
    for (size_t i = 0; i < 6; i++) {
        if (!strcasecmp(v, yes[i]))
            return *out = 1, 0;
        if (!strcasecmp(v, no[i]))
            return *out = 0, 0;
    }
    return -1;
}

static int set_key(const struct config_key *k, struct config *cfg, const char *value)
{
    char *field = (char *)cfg + k->offset;
    if (k->type == CFG_STR) {
        if (strlen(value) >= CONFIG_STR_MAX)
            return -1;
        snprintf(field, CONFIG_STR_MAX, "%s", value);
        return 0;
    }
    if (k->type == CFG_BOOL)
        return parse_bool(value, (int *)field);
    char *end;
    long v = strtol(value, &end, 10);
    if (end == value || *end || v < k->min || v > k->max)
        return -1;
    if (k->offset == offsetof(struct config, rotation) && v % 90)
        return -1;
    *(int *)field = (int)v;
    return 0;
}

static int on_key(void *user, const char *section, const char *name, const char *value)
{
    struct parse_state *ps = user;
    for (size_t i = 0; i < NKEYS; i++) {
        if (strcasecmp(section, keys[i].section) || strcasecmp(name, keys[i].name))
            continue;
        if (set_key(&keys[i], ps->cfg, value) == 0)
            return 1;
        log_warn("config: line %d: bad value '%s' for [%s] %s; using the default", ps->line,
                 value, section, name);
        ps->problems++;
        return 1;
    }
    log_warn("config: line %d: unknown key [%s] %s; ignored", ps->line, section, name);
    ps->problems++;
    return 1;
}

/* inih calls the reader once per line and the handler right after, so the
 * reader's count is the line of the key being handled. */
static char *read_line(char *buf, int size, void *stream)
{
    struct parse_state *ps = stream;
    ps->line++;
    if (ps->file)
        return fgets(buf, size, ps->file);
    if (!*ps->text)
        return NULL;
    size_t n = strcspn(ps->text, "\n");
    if (n >= (size_t)size - 1)
        n = (size_t)size - 2;
    memcpy(buf, ps->text, n);
    ps->text += n;
    if (*ps->text == '\n')
        buf[n++] = *ps->text++;
    buf[n] = '\0';
    return buf;
}

static int parse(struct parse_state *ps)
{
    int rc = ini_parse_stream(read_line, ps, on_key, ps);
    if (rc > 0) {
        /* A syntax error (a line that is no key, section or comment). */
        log_warn("config: line %d: not understood; ignored", rc);
        ps->problems++;
    }
    return rc < 0 ? -1 : ps->problems;
}

int config_load(struct config *cfg, const char *path)
{
    struct parse_state ps = {.cfg = cfg};
    ps.file = fopen(path, "r");
    if (!ps.file)
        return -1;
    int rc = parse(&ps);
    fclose(ps.file);
    return rc;
}

int config_load_string(struct config *cfg, const char *text)
{
    struct parse_state ps = {.cfg = cfg, .text = text};
    return parse(&ps);
}
