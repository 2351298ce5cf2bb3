/* setfile.c: the parser of poll and card set files (see setfile.h). One
 * pass over the lines; every problem is collected, so a teacher fixes the
 * whole file in one go instead of one error per try. */
#include "base/setfile.h"
#include "base/report.h"
#include "base/utf8.h"
#include "base/log.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

const struct setfile_spec setfile_polls = {
    .set_key = "set", .block_key = "vraag", .block_the = "de vraag", .blocks = "vragen",
    .item_the = "het antwoord", .item_one = "antwoord", .items = "antwoorden",
    .min_items = 2, .max_items = 5, .max_blocks = SETFILE_BLOCKS_MAX,
    .block_chars = 150, .item_chars = 40,
};

const struct setfile_spec setfile_cards = {
    .set_key = "kaarten", .block_key = "kaart", .block_the = "de kop van de kaart",
    .blocks = "kaarten",
    .item_the = "de vraag", .item_one = "vraag", .items = "vragen",
    .min_items = 1, .max_items = 5, .max_blocks = SETFILE_BLOCKS_MAX,
    .block_chars = 60, .item_chars = 150,
};

#define TITLE_CHARS 100

/* ---- problems ---------------------------------------------------------- */

static int problems_finish(struct report *p, char **report)
{
    *report = report_finish(p);
    return p->out_of_memory ? -1 : p->count;
}

/* ---- text -------------------------------------------------------------- */

static const char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        s[--n] = '\0';
    return s;
}

/* Copies a checked text into dst; 0, or -1 after reporting why not. A
 * tainted text is copied as it is: its problem is known and the set will
 * be refused anyway. */
static int take_text(struct report *p, int line, const char *what, const char *value,
                     int max_chars, char *dst, int tainted)
{
    if (tainted) {
        snprintf(dst, SETFILE_TEXT_MAX, "%s", value);
        return 0;
    }
    int chars = utf8_text(value, strlen(value), UTF8_TAB);
    if (chars == 0) {
        report_add(p, line, "%s is leeg.", what);
        return -1;
    }
    if (chars > max_chars) {
        report_add(p, line, "%s is te lang: %d tekens. Hoogstens %d.", what, chars, max_chars);
        return -1;
    }
    snprintf(dst, SETFILE_TEXT_MAX, "%s", value);
    return 0;
}

static int valid_name(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n >= SETFILE_NAME_MAX)
        return 0;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
              *s == '-' || *s == '_'))
            return 0;
    return 1;
}

/* ---- the parser -------------------------------------------------------- */

struct parser {
    const struct setfile_spec *spec;
    struct setfile *out;
    struct report p;
    int set_line, title_line;
    int too_many_blocks;       /* reported once */
    struct setfile_block *cur; /* the block items go to; NULL before one */
    int tainted;               /* the current line's problem is reported */
    int cur_dropped_items;     /* items past max_items in cur */
};

/* A block is complete when the next one starts or the file ends. */
static void block_end(struct parser *ps)
{
    struct setfile_block *b = ps->cur;
    if (!b)
        return;
    int n = b->nitems + ps->cur_dropped_items;
    if (n < ps->spec->min_items || n > ps->spec->max_items)
        report_add(&ps->p, b->line, "deze %s heeft %d %s. Geef er %d tot %d.", ps->spec->block_key,
                n, n == 1 ? ps->spec->item_one : ps->spec->items, ps->spec->min_items,
                ps->spec->max_items);
    ps->cur = NULL;
    ps->cur_dropped_items = 0;
}

/* tainted: the line has a problem already reported (encoding); it is still
 * read for its shape, so one bad letter gives one message and not one more
 * for every answer below it. */
static void parse_line(struct parser *ps, int line, char *raw, int tainted)
{
    const struct setfile_spec *spec = ps->spec;
    int chars = tainted ? 0 : utf8_text(raw, strlen(raw), UTF8_TAB);
    if (chars == -1)
        report_add(&ps->p, line, "dit is geen UTF-8-tekst. Sla het bestand op als UTF-8.");
    if (chars == -2)
        report_add(&ps->p, line, "hier staat een teken dat geen tekst is.");
    ps->tainted = tainted || chars < 0;
    const char *s = trim(raw);
    if (!*s || *s == '#')
        return;

    if (*s == '-') {
        if (!ps->cur) {
            if (!ps->too_many_blocks)
                report_add(&ps->p, line, "een regel met '-' hoort onder een '%s:'.",
                        spec->block_key);
            return;
        }
        if (ps->cur->nitems == spec->max_items) {
            ps->cur_dropped_items++; /* block_end() reports the count */
            return;
        }
        char tmp[SETFILE_TEXT_MAX];
        snprintf(tmp, sizeof tmp, "%s", s + 1);
        if (take_text(&ps->p, line, spec->item_the, trim(tmp), spec->item_chars,
                      ps->cur->items[ps->cur->nitems], ps->tainted) == 0)
            ps->cur->nitems++;
        else
            ps->cur_dropped_items++;
        return;
    }

    char *colon = strchr(raw, ':');
    if (!colon) {
        report_add(&ps->p, line, "deze regel begrijpen we niet. Begin met '%s:', '- ' of '#'.",
                spec->block_key);
        return;
    }
    *colon = '\0';
    const char *key = trim((char *)s);
    const char *value = trim(colon + 1);

    if (!strcasecmp(key, spec->set_key)) {
        if (ps->set_line) {
            report_add(&ps->p, line, "'%s:' staat er al op regel %d.", spec->set_key,
                    ps->set_line);
            return;
        }
        ps->set_line = line;
        if (!valid_name(value)) {
            if (ps->tainted)
                return;
            report_add(&ps->p, line,
                    "de naam '%s' kan niet. Gebruik letters, cijfers, '-' en '_', "
                    "hoogstens %d tekens, geen spaties.",
                    value, SETFILE_NAME_MAX - 1);
            return;
        }
        /* Names are compared as typed on the command line: lower case. */
        for (size_t i = 0; value[i]; i++)
            ps->out->name[i] = (char)tolower((unsigned char)value[i]);
        ps->out->name[strlen(value)] = '\0';
    } else if (!strcasecmp(key, "titel")) {
        if (ps->title_line) {
            report_add(&ps->p, line, "'titel:' staat er al op regel %d.", ps->title_line);
            return;
        }
        ps->title_line = line;
        take_text(&ps->p, line, "de titel", value, TITLE_CHARS, ps->out->title, ps->tainted);
    } else if (!strcasecmp(key, spec->block_key)) {
        block_end(ps);
        if (ps->out->nblocks == spec->max_blocks) {
            if (!ps->too_many_blocks++)
                report_add(&ps->p, line, "meer dan %d %s in één bestand. Maak een tweede bestand.",
                        spec->max_blocks, spec->blocks);
            return;
        }
        struct setfile_block *b = &ps->out->blocks[ps->out->nblocks++];
        b->line = line;
        ps->cur = b;
        take_text(&ps->p, line, spec->block_the, value, spec->block_chars, b->text, ps->tainted);
    } else {
        report_add(&ps->p, line, "'%s:' kennen we niet. Gebruik %s:, titel:, %s: of '- '.", key,
                spec->set_key, spec->block_key);
    }
}

int setfile_parse(const char *text, size_t len, const struct setfile_spec *spec,
                  struct setfile *out, char **report)
{
    memset(out, 0, sizeof *out);
    struct parser ps = {.spec = spec, .out = out, .p = {.max = SETFILE_REPORT_LINES}};
    if (len >= 3 && !memcmp(text, "\xef\xbb\xbf", 3)) {
        text += 3;
        len -= 3;
    }
    char *buf = malloc(SETFILE_TEXT_MAX * 2);
    if (!buf)
        return -1;
    int line = 0;
    size_t at = 0;
    while (at < len) {
        line++;
        const char *nl = memchr(text + at, '\n', len - at);
        size_t n = nl ? (size_t)(nl - (text + at)) : len - at;
        size_t next = at + n + (nl ? 1 : 0);
        if (n && text[at + n - 1] == '\r')
            n--;
        if (n >= SETFILE_TEXT_MAX * 2) {
            report_add(&ps.p, line, "deze regel is te lang.");
        } else {
            memcpy(buf, text + at, n);
            buf[n] = '\0';
            int nul = memchr(buf, '\0', n) != NULL;
            if (nul) {
                report_add(&ps.p, line, "hier staat een teken dat geen tekst is.");
                for (size_t i = 0; i < n; i++)
                    buf[i] = buf[i] ? buf[i] : '?';
            }
            parse_line(&ps, line, buf, nul);
        }
        at = next;
    }
    free(buf);
    block_end(&ps);
    if (!ps.set_line)
        report_add(&ps.p, 0, "Het bestand heeft geen regel '%s: NAAM'.", spec->set_key);
    if (!out->nblocks)
        report_add(&ps.p, 0, "Het bestand heeft geen %s. Begin elke %s met '%s:'.", spec->blocks,
                spec->block_key, spec->block_key);
    if (!out->title[0])
        snprintf(out->title, sizeof out->title, "%s", out->name);
    return problems_finish(&ps.p, report);
}

int setfile_read(const char *path, const struct setfile_spec *spec, struct setfile *out,
                 char **report)
{
    memset(out, 0, sizeof *out);
    struct report p = {.max = SETFILE_REPORT_LINES};
    FILE *f = fopen(path, "rb");
    if (!f) {
        report_add(&p, 0, "Het bestand %s is niet te lezen: %s.", path, strerror(errno));
        return problems_finish(&p, report);
    }
    char *data = malloc(SETFILE_MAX_BYTES + 1);
    if (!data) {
        fclose(f);
        return -1;
    }
    size_t len = fread(data, 1, SETFILE_MAX_BYTES + 1, f);
    int read_error = ferror(f);
    fclose(f);
    if (read_error || len > SETFILE_MAX_BYTES) {
        report_add(&p, 0, read_error ? "Het bestand %s is niet te lezen."
                                  : "Het bestand %s is te groot voor een set (meer dan 256 kB).",
                path);
        free(data);
        return problems_finish(&p, report);
    }
    int rc = setfile_parse(data, len, spec, out, report);
    free(data);
    return rc;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int setfile_read_dir(const char *dir, const struct setfile_spec *spec, struct setfile **out,
                     int *n, char **report)
{
    *out = NULL;
    *n = 0;
    if (report)
        *report = NULL;
    DIR *d = opendir(dir);
    if (!d) {
        log_warn("sets: cannot read folder %s: %s", dir, strerror(errno));
        return -1;
    }
    char **names = NULL;
    size_t count = 0, cap = 0;
    struct dirent *de;
    int rc = -1;
    while ((de = readdir(d))) {
        size_t len = strlen(de->d_name);
        if (len < 5 || strcmp(de->d_name + len - 4, ".txt") || de->d_name[0] == '.')
            continue;
        if (count == cap) {
            cap = cap ? cap * 2 : 16;
            char **grown = realloc(names, cap * sizeof *names);
            if (!grown)
                goto out;
            names = grown;
        }
        if (!(names[count] = strdup(de->d_name)))
            goto out;
        count++;
    }
    qsort(names, count, sizeof *names, by_name);
    struct report all = {.max = SETFILE_REPORT_LINES};
    *out = calloc(count ? count : 1, sizeof **out);
    if (!*out)
        goto out;
    for (size_t i = 0; i < count; i++) {
        char path[4096], *r = NULL;
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        int prc = setfile_read(path, spec, &(*out)[*n], &r);
        if (prc == 0) {
            (*n)++;
        } else {
            log_warn("sets: %s is left out: %s", path, r ? strtok(r, "\n") : "out of memory");
            if (report)
                report_add(&all, 0, "%s: %d %s; niet geladen.", names[i], prc,
                        prc == 1 ? "probleem" : "problemen");
        }
        free(r);
    }
    if (report)
        problems_finish(&all, report);
    else
        free(all.text);
    rc = 0;
out:
    if (rc != 0) {
        free(*out);
        *out = NULL;
    }
    for (size_t i = 0; i < count; i++)
        free(names[i]);
    free(names);
    closedir(d);
    return rc;
}
