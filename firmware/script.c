/* script.c: parsing scenario files into steps; pure, no I/O. */
#include "firmware/script.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const struct {
    const char *word;
    enum script_op op;
} words[] = {
    {"scan", SCRIPT_SCAN},   {"scan-card", SCRIPT_SCAN_CARD}, {"type", SCRIPT_TYPE},
    {"key", SCRIPT_KEY},     {"tap", SCRIPT_TAP_LABEL},       {"wait", SCRIPT_WAIT},
    {"press", SCRIPT_PRESS}, {"button", SCRIPT_BUTTON}, {"hold", SCRIPT_HOLD},
    {"clock", SCRIPT_CLOCK}, {"cli", SCRIPT_CLI},             {"shot", SCRIPT_SHOT},
    {"presenter", SCRIPT_PRESENTER}, {"expect", SCRIPT_EXPECT_TEXT},
    {"where", SCRIPT_WHERE},
};

/* Reads "<text>" from p into out. 0 or -1. */
static int quoted(const char *p, char *out, size_t len)
{
    size_t n = strlen(p);
    if (n < 2 || p[0] != '"' || p[n - 1] != '"' || n - 2 >= len)
        return -1;
    memcpy(out, p + 1, n - 2);
    out[n - 2] = '\0';
    return 0;
}

static int parse_number(const char *p, long *out)
{
    char *end;
    *out = strtol(p, &end, 10);
    while (isspace((unsigned char)*end))
        end++;
    return end == p || *end ? -1 : 0;
}

/* Fills step from the words after the command. 0, or -1 with a reason. */
static int parse_args(struct script_step *st, const char *rest, const char **why)
{
    switch (st->op) {
    case SCRIPT_SCAN:
    case SCRIPT_SCAN_CARD:
    case SCRIPT_TYPE:
    case SCRIPT_KEY:
    case SCRIPT_CLI:
    case SCRIPT_SHOT:
        if (!*rest || strlen(rest) >= SCRIPT_ARG_MAX)
            return *why = "needs an argument (shorter than 512 characters)", -1;
        snprintf(st->arg, sizeof st->arg, "%s", rest);
        if (st->op == SCRIPT_SHOT && strpbrk(rest, "/\\ "))
            return *why = "a shot name has no '/', '\\' or spaces", -1;
        return 0;
    case SCRIPT_WHERE:
        return quoted(rest, st->arg, sizeof st->arg) ? (*why = "where needs \"<label>\"", -1) : 0;
    case SCRIPT_TAP_LABEL:
        if (*rest == '"')
            return quoted(rest, st->arg, sizeof st->arg) ? (*why = "unclosed quote", -1) : 0;
        st->op = SCRIPT_TAP_XY;
        if (sscanf(rest, "%ld %ld", &st->x, &st->y) != 2)
            return *why = "tap needs \"<label>\" or <x> <y>", -1;
        return 0;
    case SCRIPT_PRESS:
        if (sscanf(rest, "%ld %ld %ld", &st->x, &st->y, &st->ms) != 3 || st->ms < 0 ||
            st->ms > 600000)
            return *why = "press needs <x> <y> <ms>", -1;
        return 0;
    case SCRIPT_BUTTON:
        st->ms = 120;
        if (parse_number(rest, &st->x) || st->x < 1 || st->x > 5)
            return *why = "button needs a number 1-5", -1;
        return 0;
    case SCRIPT_HOLD:
        if (sscanf(rest, "%ld %ld", &st->x, &st->ms) != 2 || st->x < 1 || st->x > 5 ||
            st->ms < 0 || st->ms > 600000)
            return *why = "hold needs <button 1-5> <ms>", -1;
        return 0;
    case SCRIPT_WAIT:
        if (parse_number(rest, &st->x) || st->x < 0 || st->x > 24L * 3600 * 1000)
            return *why = "wait needs milliseconds (0 to one day)", -1;
        return 0;
    case SCRIPT_CLOCK: {
        struct tm tm = {0};
        char *end = strptime(rest, "%Y-%m-%d %H:%M", &tm);
        if (!end || *end)
            return *why = "clock needs YYYY-MM-DD HH:MM", -1;
        tm.tm_isdst = -1;
        st->x = (long)mktime(&tm);
        return 0;
    }
    case SCRIPT_PRESENTER:
        if (!strcmp(rest, "off"))
            return 0;
        if (sscanf(rest, "%ldx%ld", &st->x, &st->y) != 2 || st->x < 200 || st->y < 200 ||
            st->x > 8192 || st->y > 8192)
            return *why = "presenter needs <width>x<height> (200-8192) or off", -1;
        return 0;
    case SCRIPT_EXPECT_TEXT:
        if (!strncmp(rest, "presenter ", 10)) {
            st->on_presenter = 1;
            st->op = SCRIPT_EXPECT_SCREEN;
            snprintf(st->arg, sizeof st->arg, "%s", rest + 10);
            return st->arg[0] ? 0 : (*why = "expect presenter needs an id", -1);
        }
        if (!strncmp(rest, "presenter-", 10)) {
            st->on_presenter = 1;
            rest += 10;
        }
        if (!st->on_presenter && !strncmp(rest, "screen ", 7)) {
            st->op = SCRIPT_EXPECT_SCREEN;
            snprintf(st->arg, sizeof st->arg, "%s", rest + 7);
            return st->arg[0] ? 0 : (*why = "expect screen needs an id", -1);
        }
        if (!strncmp(rest, "no-text ", 8)) {
            st->op = SCRIPT_EXPECT_NO_TEXT;
            rest += 8;
        } else if (!strncmp(rest, "text ", 5)) {
            rest += 5;
        } else {
            return *why = "expect screen|text|no-text|presenter|presenter-text|presenter-no-text",
                   -1;
        }
        return quoted(rest, st->arg, sizeof st->arg) ? (*why = "needs \"<text>\"", -1) : 0;
    default:
        return *why = "unknown step", -1;
    }
}

int script_parse(const char *text, struct script *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    size_t cap = 0;
    int lineno = 0;
    const char *p = text;
    while (*p) {
        lineno++;
        size_t n = strcspn(p, "\n");
        char line[SCRIPT_ARG_MAX + 64];
        if (n >= sizeof line) {
            snprintf(err, errlen, "line %d: too long", lineno);
            goto fail;
        }
        memcpy(line, p, n);
        line[n] = '\0';
        p += n + (p[n] == '\n');
        /* trim; skip blank lines and comments */
        char *s = line, *e = line + strlen(line);
        while (isspace((unsigned char)*s))
            s++;
        while (e > s && isspace((unsigned char)e[-1]))
            *--e = '\0';
        if (!*s || *s == '#')
            continue;
        char *rest = s + strcspn(s, " \t");
        if (*rest)
            *rest++ = '\0';
        while (isspace((unsigned char)*rest))
            rest++;
        struct script_step st = {.line = lineno};
        size_t i;
        for (i = 0; i < sizeof words / sizeof words[0]; i++)
            if (!strcmp(s, words[i].word))
                break;
        const char *why = "unknown step";
        if (i == sizeof words / sizeof words[0] || (st.op = words[i].op, parse_args(&st, rest, &why))) {
            snprintf(err, errlen, "line %d: %s: %s", lineno, s, why);
            goto fail;
        }
        if (out->n == cap) {
            cap = cap ? cap * 2 : 32;
            struct script_step *grown = realloc(out->steps, cap * sizeof *grown);
            if (!grown) {
                snprintf(err, errlen, "out of memory");
                goto fail;
            }
            out->steps = grown;
        }
        out->steps[out->n++] = st;
    }
    return 0;
fail:
    script_free(out);
    return -1;
}

void script_free(struct script *s)
{
    free(s->steps);
    s->steps = NULL;
    s->n = 0;
}

int script_split_words(char *buf, char **argv, int max)
{
    int n = 0;
    char *r = buf, *w = buf;
    while (*r) {
        while (*r == ' ' || *r == '\t')
            r++;
        if (!*r)
            break;
        if (n >= max - 1)
            return -1;
        argv[n++] = w;
        int in_quote = 0;
        while (*r && (in_quote || (*r != ' ' && *r != '\t'))) {
            if (*r == '"')
                in_quote = !in_quote, r++;
            else
                *w++ = *r++;
        }
        if (in_quote)
            return -1;
        if (*r)
            r++;
        *w++ = '\0';
    }
    argv[n] = NULL;
    return n;
}
