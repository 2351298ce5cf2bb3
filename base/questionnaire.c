/* questionnaire.c: reads the questionnaire file format into plain
 * structs and writes its canonical form. Line-based: "[key]" starts an item,
 * "name = value" sets a field, '#' starts a comment line. Every problem is
 * collected with its line number, so a teacher fixes a file in one go. */
#include "base/questionnaire.h"
#include "base/report.h"
#include "base/utf8.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define REPORT_LINES 50

static const char *const type_names[] = {"schaal", "smiley", "keuze", "meerkeuze", "open",
                                         "leerdoel"};
#define NTYPES (int)(sizeof type_names / sizeof type_names[0])

static const char *const kinds[] = {"zelfscan", "weekcheck", "intake", "anders"};

static const char *const smiley_labels[QUESTIONNAIRE_SCALE] = {"Heel slecht", "Slecht", "Gaat wel",
                                                      "Goed", "Heel goed"};
static const char *const goal_prompts[QUESTIONNAIRE_GOAL_PARTS] = {
    "Wat wil je leren of beter doen?",
    "Wanneer wil je dat kunnen?",
    "Hoe weet je dat het gelukt is?",
};
static const char *const goal_suffix[QUESTIONNAIRE_GOAL_PARTS] = {"", ".wanneer", ".hoe"};

/* ---- the report ------------------------------------------------------ */

/* The report to hand over; a report that memory could not hold still says
 * why the file was refused. */
static char *report_take(struct report *r)
{
    char *text = report_finish(r);
    if (!text && r->count)
        text = strdup("Geen geheugen vrij.\n");
    return text;
}

/* ---- small helpers --------------------------------------------------- */

static int name_valid(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n >= QUESTIONNAIRE_KEY_MAX || !islower((unsigned char)s[0]))
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!islower((unsigned char)s[i]) && !isdigit((unsigned char)s[i]) && s[i] != '-')
            return 0;
    return 1;
}

static int parse_int(const char *s, int lo, int hi, int *out)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (end == s || *end || v < lo || v > hi)
        return -1;
    *out = (int)v;
    return 0;
}

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
        s[--n] = '\0';
    return s;
}

const char *questionnaire_type_name(enum questionnaire_item_type type)
{
    return (int)type >= 0 && (int)type < NTYPES ? type_names[type] : "?";
}

int questionnaire_type_parse(const char *name)
{
    for (int i = 0; i < NTYPES; i++)
        if (!strcmp(name, type_names[i]))
            return i;
    return -1;
}

int questionnaire_goal_key(const char *item_key, int n, enum questionnaire_goal_part part,
                           char *out, size_t outlen)
{
    if (n < 1 || n > QUESTIONNAIRE_GOALS_MAX || (int)part < 0 || part >= QUESTIONNAIRE_GOAL_PARTS)
        return -1;
    int len = snprintf(out, outlen, "%s.%d%s", item_key, n, goal_suffix[part]);
    return len < 0 || (size_t)len >= outlen ? -1 : 0;
}

const struct questionnaire_item *questionnaire_item(const struct questionnaire *q,
                                                          const char *key)
{
    for (int i = 0; i < q->nitems; i++)
        if (!strcmp(q->items[i].key, key))
            return &q->items[i];
    return NULL;
}

void questionnaire_free(struct questionnaire *q)
{
    free(q);
}

/* ---- the keys of an item --------------------------------------------- */

enum item_key {
    K_TYPE, K_TEXT, K_HELP, K_CATEGORY, K_REQUIRED, K_LABEL, K_OPTION, K_TEMPLATE,
    K_MIN, K_MAX, K_SIGNAL, K_SIGNAL_TEXT, K_ASK_WHAT, K_ASK_WHEN, K_ASK_PROOF, K_COUNT
};

#define T(t) (1u << QUESTIONNAIRE_ITEM_##t)
#define T_ALL 0x3fu

/* Which keys a type takes; the list keys (label, optie, sjabloon) repeat. */
static const struct {
    const char *name;
    unsigned types;
    int repeats;
} item_keys[K_COUNT] = {
    [K_TYPE] = {"type", T_ALL, 0},
    [K_TEXT] = {"tekst", T_ALL, 0},
    [K_HELP] = {"uitleg", T_ALL, 0},
    [K_CATEGORY] = {"categorie", T(SCALE), 0},
    [K_REQUIRED] = {"verplicht", T_ALL, 0},
    [K_LABEL] = {"label", T(SCALE) | T(SMILEY), 1},
    [K_OPTION] = {"optie", T(CHOICE) | T(MULTI), 1},
    [K_TEMPLATE] = {"sjabloon", T(GOAL), 1},
    [K_MIN] = {"min", T(MULTI) | T(GOAL), 0},
    [K_MAX] = {"max", T(MULTI) | T(OPEN) | T(GOAL), 0},
    [K_SIGNAL] = {"signaal", T(SCALE) | T(SMILEY) | T(CHOICE), 0},
    [K_SIGNAL_TEXT] = {"signaaltekst", T(SCALE) | T(SMILEY) | T(CHOICE), 0},
    [K_ASK_WHAT] = {"vraag_wat", T(GOAL), 0},
    [K_ASK_WHEN] = {"vraag_wanneer", T(GOAL), 0},
    [K_ASK_PROOF] = {"vraag_hoe", T(GOAL), 0},
};

/* What we know of the item being read, until its end. */
struct pending {
    int line;                       /* of [key]; 0: no item open */
    int line_of[K_COUNT];           /* first line of each key; 0 when absent */
    int list_key;                   /* K_LABEL, K_OPTION or K_TEMPLATE; -1 none */
    int list_overflow;
    char min[16], max[16], signal[128];
    int type_ok;
};

struct parser {
    struct questionnaire *q;
    struct report *r;
    struct pending p;
    int header_line[5];             /* id, soort, titel, uitleg, first label */
    int header_labels;
    char labels[QUESTIONNAIRE_SCALE][QUESTIONNAIRE_LABEL_MAX];
};

static int copy_value(struct parser *ps, int line, char *dst, size_t size, const char *value,
                      const char *what)
{
    if (!*value) {
        report_add(ps->r, line, "'%s' is leeg. Schrijf er iets achter of haal de regel weg.", what);
        return -1;
    }
    if (strlen(value) >= size) {
        report_add(ps->r, line, "'%s' is te lang: hoogstens %zu tekens.", what, size - 1);
        return -1;
    }
    memcpy(dst, value, strlen(value) + 1);
    return 0;
}

/* Checks a signal list such as "1 2" or "2,3" against 1..n. */
static unsigned parse_signal(struct parser *ps, int line, const char *text, int n)
{
    unsigned mask = 0;
    char buf[128];
    snprintf(buf, sizeof buf, "%s", text);
    for (char *tok = strtok(buf, " ,;"); tok; tok = strtok(NULL, " ,;")) {
        int v;
        if (parse_int(tok, 1, n, &v) != 0) {
            report_add(ps->r, line, "'signaal' neemt antwoorden van 1 tot en met %d; '%s' past "
                                 "daar niet bij.", n, tok);
            return 0;
        }
        mask |= 1u << v;
    }
    if (!mask)
        report_add(ps->r, line,
                   "'signaal' is leeg. Noem de antwoorden, bijvoorbeeld: signaal = 1 2");
    return mask;
}

/* Checks the item that just ended against the rules of its type. */
static void item_end(struct parser *ps)
{
    struct pending *p = &ps->p;
    if (!p->line)
        return;
    struct questionnaire_item *it = &ps->q->items[ps->q->nitems - 1];
    int l = p->line;
    if (!p->line_of[K_TYPE]) {
        report_add(ps->r, l, "vraag '%s' heeft geen 'type'. Kies schaal, smiley, keuze, "
                          "meerkeuze, open of leerdoel.", it->key);
        goto done;
    }
    if (!p->type_ok)
        goto done; /* already reported */
    unsigned bit = 1u << it->type;
    for (int k = 0; k < K_COUNT; k++)
        if (p->line_of[k] && !(item_keys[k].types & bit))
            report_add(ps->r, p->line_of[k], "'%s' hoort niet bij een vraag van type %s.",
                    item_keys[k].name, type_names[it->type]);
    if (!p->line_of[K_TEXT])
        report_add(ps->r, l, "vraag '%s' heeft geen 'tekst'.", it->key);
    if (p->list_overflow)
        report_add(ps->r, p->list_overflow, "te veel regels '%s': hoogstens %d.",
                item_keys[p->list_key].name, QUESTIONNAIRE_OPTIONS_MAX);

    switch (it->type) {
    case QUESTIONNAIRE_ITEM_SCALE:
    case QUESTIONNAIRE_ITEM_SMILEY:
        if (it->type == QUESTIONNAIRE_ITEM_SCALE && !p->line_of[K_CATEGORY])
            report_add(ps->r, l, "vraag '%s' is een schaal en heeft een 'categorie' nodig.",
                    it->key);
        if (p->list_key == K_LABEL && it->noptions != QUESTIONNAIRE_SCALE) {
            report_add(ps->r, p->line_of[K_LABEL], "een %s heeft precies %d labels; vraag '%s' "
                       "heeft er %d.", type_names[it->type], QUESTIONNAIRE_SCALE, it->key,
                       it->noptions);
        } else if (p->list_key != K_LABEL) {
            if (it->type == QUESTIONNAIRE_ITEM_SCALE && ps->header_labels != QUESTIONNAIRE_SCALE) {
                report_add(ps->r, l, "vraag '%s' heeft geen labels. Geef 5 regels 'label = ...' "
                        "bij de vraag of bovenaan het bestand.", it->key);
            } else {
                it->noptions = QUESTIONNAIRE_SCALE;
                for (int i = 0; i < QUESTIONNAIRE_SCALE; i++)
                    snprintf(it->options[i], QUESTIONNAIRE_LABEL_MAX, "%s",
                             it->type == QUESTIONNAIRE_ITEM_SCALE ? ps->labels[i]
                                                                  : smiley_labels[i]);
            }
        }
        if (p->line_of[K_SIGNAL])
            it->signal_values =
                parse_signal(ps, p->line_of[K_SIGNAL], p->signal, QUESTIONNAIRE_SCALE);
        break;
    case QUESTIONNAIRE_ITEM_CHOICE:
    case QUESTIONNAIRE_ITEM_MULTI:
        if (it->noptions < 2) {
            report_add(ps->r, l, "vraag '%s' heeft minstens 2 regels 'optie = ...' nodig.",
                       it->key);
            break;
        }
        if (it->type == QUESTIONNAIRE_ITEM_CHOICE) {
            if (p->line_of[K_SIGNAL])
                it->signal_values =
                    parse_signal(ps, p->line_of[K_SIGNAL], p->signal, it->noptions);
            break;
        }
        it->min = it->required ? 1 : 0;
        it->max = it->noptions;
        if (p->line_of[K_MIN] && parse_int(p->min, 0, it->noptions, &it->min) != 0)
            report_add(ps->r, p->line_of[K_MIN], "'min' moet een getal van 0 tot en met %d zijn.",
                    it->noptions);
        if (p->line_of[K_MAX] && parse_int(p->max, 1, it->noptions, &it->max) != 0)
            report_add(ps->r, p->line_of[K_MAX], "'max' moet een getal van 1 tot en met %d zijn.",
                    it->noptions);
        if (it->min > it->max)
            report_add(ps->r, l, "vraag '%s': 'min' is groter dan 'max'.", it->key);
        break;
    case QUESTIONNAIRE_ITEM_OPEN:
        it->max = 300;
        if (p->line_of[K_MAX] && parse_int(p->max, 1, 1000, &it->max) != 0)
            report_add(ps->r, p->line_of[K_MAX], "'max' moet een getal van 1 tot en met 1000 zijn "
                                              "(het aantal tekens).");
        break;
    case QUESTIONNAIRE_ITEM_GOAL:
        it->min = it->required ? 1 : 0;
        it->max = QUESTIONNAIRE_GOALS_MAX;
        if (p->line_of[K_MIN] && parse_int(p->min, 0, QUESTIONNAIRE_GOALS_MAX, &it->min) != 0)
            report_add(ps->r, p->line_of[K_MIN], "'min' moet een getal van 0 tot en met %d zijn.",
                    QUESTIONNAIRE_GOALS_MAX);
        if (p->line_of[K_MAX] && parse_int(p->max, 1, QUESTIONNAIRE_GOALS_MAX, &it->max) != 0)
            report_add(ps->r, p->line_of[K_MAX], "'max' moet een getal van 1 tot en met %d zijn.",
                    QUESTIONNAIRE_GOALS_MAX);
        if (it->min > it->max)
            report_add(ps->r, l, "vraag '%s': 'min' is groter dan 'max'.", it->key);
        for (int i = 0; i < QUESTIONNAIRE_GOAL_PARTS; i++)
            if (!it->prompts[i][0])
                snprintf(it->prompts[i], QUESTIONNAIRE_TEXT_MAX, "%s", goal_prompts[i]);
        break;
    }
done:
    memset(p, 0, sizeof *p);
}

static void item_begin(struct parser *ps, int line, const char *key)
{
    item_end(ps);
    struct questionnaire *q = ps->q;
    if (!name_valid(key)) {
        report_add(ps->r, line, "'[%s]' is geen goede naam voor een vraag. Gebruik kleine letters, "
                "cijfers en '-', bijvoorbeeld [op-tijd].", key);
    }
    for (int i = 0; i < q->nitems; i++)
        if (!strcmp(q->items[i].key, key))
            report_add(ps->r, line, "de vraag '[%s]' staat twee keer in het bestand.", key);
    if (q->nitems >= QUESTIONNAIRE_ITEMS_MAX) {
        report_add(ps->r, line, "te veel vragen: hoogstens %d.", QUESTIONNAIRE_ITEMS_MAX);
        return;
    }
    struct questionnaire_item *it = &q->items[q->nitems++];
    memset(it, 0, sizeof *it);
    snprintf(it->key, sizeof it->key, "%s", key);
    it->required = 1;
    memset(&ps->p, 0, sizeof ps->p);
    ps->p.line = line;
    ps->p.list_key = -1;
}

static void item_set(struct parser *ps, int line, const char *name, const char *value)
{
    struct pending *p = &ps->p;
    struct questionnaire_item *it = &ps->q->items[ps->q->nitems - 1];
    int k = -1;
    for (int i = 0; i < K_COUNT; i++)
        if (!strcasecmp(name, item_keys[i].name))
            k = i;
    if (k < 0) {
        report_add(ps->r, line, "'%s' kennen we niet bij een vraag. Kies uit type, tekst, uitleg, "
                "categorie, verplicht, label, optie, sjabloon, min, max, signaal, signaaltekst, "
                "vraag_wat, vraag_wanneer, vraag_hoe.", name);
        return;
    }
    if (!item_keys[k].repeats && p->line_of[k]) {
        report_add(ps->r, line, "'%s' staat al op regel %d in vraag '%s'.", item_keys[k].name,
                p->line_of[k], it->key);
        return;
    }
    if (!p->line_of[k])
        p->line_of[k] = line;

    switch (k) {
    case K_TYPE: {
        int t = questionnaire_type_parse(value);
        if (t < 0) {
            report_add(ps->r, line, "type '%s' kennen we niet. Kies schaal, smiley, keuze, "
                    "meerkeuze, open of leerdoel.", value);
            return;
        }
        it->type = (enum questionnaire_item_type)t;
        p->type_ok = 1;
        return;
    }
    case K_TEXT: copy_value(ps, line, it->text, sizeof it->text, value, name); return;
    case K_HELP: copy_value(ps, line, it->help, sizeof it->help, value, name); return;
    case K_SIGNAL_TEXT:
        copy_value(ps, line, it->signal_text, sizeof it->signal_text, value, name);
        return;
    case K_ASK_WHAT:
    case K_ASK_WHEN:
    case K_ASK_PROOF:
        copy_value(ps, line, it->prompts[k - K_ASK_WHAT], QUESTIONNAIRE_TEXT_MAX, value, name);
        return;
    case K_CATEGORY:
        if (!name_valid(value))
            report_add(ps->r, line, "categorie '%s' is geen goede naam. Gebruik kleine letters, "
                    "cijfers en '-', bijvoorbeeld samenwerking.", value);
        else
            snprintf(it->category, sizeof it->category, "%s", value);
        return;
    case K_REQUIRED:
        if (!strcasecmp(value, "ja"))
            it->required = 1;
        else if (!strcasecmp(value, "nee"))
            it->required = 0;
        else
            report_add(ps->r, line, "'verplicht' is ja of nee.");
        return;
    case K_LABEL:
    case K_OPTION:
    case K_TEMPLATE:
        if (p->list_key >= 0 && p->list_key != k) {
            report_add(ps->r, line, "gebruik in één vraag '%s' of '%s', niet allebei.",
                    item_keys[p->list_key].name, item_keys[k].name);
            return;
        }
        p->list_key = k;
        if (it->noptions >= QUESTIONNAIRE_OPTIONS_MAX) {
            if (!p->list_overflow)
                p->list_overflow = line;
            return;
        }
        if (copy_value(ps, line, it->options[it->noptions], QUESTIONNAIRE_LABEL_MAX, value,
                       name) == 0)
            it->noptions++;
        return;
    case K_MIN: snprintf(p->min, sizeof p->min, "%s", value); return;
    case K_MAX: snprintf(p->max, sizeof p->max, "%s", value); return;
    case K_SIGNAL: snprintf(p->signal, sizeof p->signal, "%s", value); return;
    }
}

static void header_set(struct parser *ps, int line, const char *name, const char *value)
{
    static const char *const names[] = {"id", "soort", "titel", "uitleg", "label"};
    struct questionnaire *q = ps->q;
    int k = -1;
    for (int i = 0; i < 5; i++)
        if (!strcasecmp(name, names[i]))
            k = i;
    if (k < 0) {
        report_add(ps->r, line, "'%s' kennen we niet bovenaan het bestand. Kies uit id, soort, "
                "titel, uitleg en label. Een vraag begint met [naam].", name);
        return;
    }
    if (k != 4 && ps->header_line[k]) {
        report_add(ps->r, line, "'%s' staat al op regel %d.", names[k], ps->header_line[k]);
        return;
    }
    if (!ps->header_line[k])
        ps->header_line[k] = line;
    switch (k) {
    case 0:
        if (!name_valid(value))
            report_add(ps->r, line, "id '%s' is geen goede naam. Gebruik kleine letters, cijfers "
                    "en '-', bijvoorbeeld zelfscan-beroepshouding.", value);
        else
            snprintf(q->id, sizeof q->id, "%s", value);
        return;
    case 1:
        for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
            if (!strcmp(value, kinds[i])) {
                snprintf(q->kind, sizeof q->kind, "%s", value);
                return;
            }
        report_add(ps->r, line, "soort '%s' kennen we niet. Kies zelfscan, weekcheck, intake of "
                "anders.", value);
        return;
    case 2: copy_value(ps, line, q->title, sizeof q->title, value, name); return;
    case 3: copy_value(ps, line, q->intro, sizeof q->intro, value, name); return;
    case 4:
        if (ps->header_labels >= QUESTIONNAIRE_SCALE) {
            report_add(ps->r, line, "bovenaan staan meer dan %d labels.", QUESTIONNAIRE_SCALE);
            ps->header_labels++;
            return;
        }
        if (copy_value(ps, line, ps->labels[ps->header_labels], QUESTIONNAIRE_LABEL_MAX, value,
                       name) == 0)
            ps->header_labels++;
        return;
    }
}

struct questionnaire *questionnaire_parse(const char *text, size_t len, char **report)
{
    struct report r = {.max = REPORT_LINES};
    struct parser ps = {.r = &r};
    char *copy = NULL;
    if (report)
        *report = NULL;
    ps.q = calloc(1, sizeof *ps.q);
    copy = malloc(len + 1);
    if (!ps.q || !copy) {
        report_add(&r, 0, "Geen geheugen vrij.");
        goto fail;
    }
    if (len >= 3 && !memcmp(text, UTF8_BOM, 3)) {
        text += 3;
        len -= 3;
    }
    memcpy(copy, text, len);
    copy[len] = '\0';
    if (strlen(copy) != len) {
        report_add(&r, 0, "Dit is geen tekstbestand (er staan nul-bytes in). Sla het op als "
                       "tekst (UTF-8).");
        goto fail;
    }

    int line = 0;
    char *next = copy;
    while (next) {
        char *raw = next;
        line++;
        next = strchr(raw, '\n');
        if (next)
            *next++ = '\0';
        size_t rl = strlen(raw);
        if (rl && raw[rl - 1] == '\r')
            raw[--rl] = '\0';
        if (utf8_text(raw, rl, UTF8_TAB) < 0) {
            report_add(&r, line, "deze regel is geen goede UTF-8 tekst. Sla het bestand op als "
                              "UTF-8.");
            continue;
        }
        char *s = trim(raw);
        if (!*s || *s == '#')
            continue;
        if (*s == '[') {
            size_t n = strlen(s);
            if (s[n - 1] != ']') {
                report_add(&r, line, "een vraag begint met [naam], met ] aan het eind.");
                continue;
            }
            s[n - 1] = '\0';
            item_begin(&ps, line, trim(s + 1));
            continue;
        }
        char *eq = strchr(s, '=');
        if (!eq) {
            report_add(&r, line, "deze regel snappen we niet. Schrijf 'naam = waarde', of [naam] "
                              "voor een nieuwe vraag, of # voor uitleg.");
            continue;
        }
        *eq = '\0';
        char *name = trim(s), *value = trim(eq + 1);
        if (ps.q->nitems == 0)
            header_set(&ps, line, name, value);
        else if (ps.p.line)
            item_set(&ps, line, name, value);
        /* else: the item could not be opened (too many); already reported */
    }
    item_end(&ps);

    if (!ps.q->id[0] && !ps.header_line[0])
        report_add(&r, 0, "bovenaan ontbreekt 'id = ...' (de naam van de vragenlijst).");
    if (!ps.q->kind[0] && !ps.header_line[1])
        report_add(&r, 0,
                   "bovenaan ontbreekt 'soort = ...' (zelfscan, weekcheck, intake of anders).");
    if (!ps.q->title[0] && !ps.header_line[2])
        report_add(&r, 0, "bovenaan ontbreekt 'titel = ...'.");
    if (ps.header_labels && ps.header_labels != QUESTIONNAIRE_SCALE)
        report_add(&r, ps.header_line[4],
                   "bovenaan staan %d labels; een schaal heeft er precies %d.", ps.header_labels,
                   QUESTIONNAIRE_SCALE);
    if (ps.q->nitems == 0)
        report_add(&r, 0, "er staat geen enkele vraag in. Een vraag begint met [naam].");
    if (r.count)
        goto fail;
    free(copy);
    return ps.q;

fail:
    free(copy);
    free(ps.q);
    char *msg = report_take(&r);
    if (report)
        *report = msg;
    else
        free(msg);
    return NULL;
}

struct questionnaire *questionnaire_load_file(const char *path, char **report)
{
    if (report)
        *report = NULL;
    char msg[1200];
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(msg, sizeof msg, "Het bestand %s gaat niet open.\n", path);
        goto fail;
    }
    char *buf = malloc(QUESTIONNAIRE_FILE_MAX + 1);
    if (!buf) {
        fclose(f);
        snprintf(msg, sizeof msg, "Geen geheugen vrij.\n");
        goto fail;
    }
    size_t n = fread(buf, 1, QUESTIONNAIRE_FILE_MAX + 1, f);
    int bad = ferror(f);
    fclose(f);
    if (bad || n > QUESTIONNAIRE_FILE_MAX) {
        free(buf);
        snprintf(msg, sizeof msg, bad ? "Het bestand %s is niet te lezen.\n"
                                      : "Het bestand %s is te groot voor een vragenlijst.\n",
                 path);
        goto fail;
    }
    struct questionnaire *q = questionnaire_parse(buf, n, report);
    free(buf);
    return q;
fail:
    if (report)
        *report = strdup(msg);
    return NULL;
}

/* ---- the canonical text ---------------------------------------------- */

struct out {
    char *buf;
    size_t len, cap;
    int failed;
};

__attribute__((format(printf, 2, 3))) static void put(struct out *o, const char *fmt, ...)
{
    if (o->failed)
        return;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (o->len + (size_t)n + 1 > o->cap) {
        size_t cap = (o->cap ? o->cap * 2 : 4096) + (size_t)n;
        char *b = realloc(o->buf, cap);
        if (!b) {
            o->failed = 1;
            return;
        }
        o->buf = b;
        o->cap = cap;
    }
    va_start(ap, fmt);
    vsnprintf(o->buf + o->len, o->cap - o->len, fmt, ap);
    va_end(ap);
    o->len += (size_t)n;
}

char *questionnaire_format(const struct questionnaire *q)
{
    struct out o = {0};
    put(&o, "id = %s\nsoort = %s\ntitel = %s\n", q->id, q->kind, q->title);
    if (q->intro[0])
        put(&o, "uitleg = %s\n", q->intro);
    for (int i = 0; i < q->nitems; i++) {
        const struct questionnaire_item *it = &q->items[i];
        put(&o, "\n[%s]\ntype = %s\ntekst = %s\n", it->key, type_names[it->type], it->text);
        if (it->help[0])
            put(&o, "uitleg = %s\n", it->help);
        if (it->category[0])
            put(&o, "categorie = %s\n", it->category);
        if (!it->required)
            put(&o, "verplicht = nee\n");
        const char *list =
            it->type == QUESTIONNAIRE_ITEM_SCALE || it->type == QUESTIONNAIRE_ITEM_SMILEY ? "label"
            : it->type == QUESTIONNAIRE_ITEM_GOAL ? "sjabloon"
                                                  : "optie";
        for (int k = 0; k < it->noptions; k++)
            put(&o, "%s = %s\n", list, it->options[k]);
        if (it->type == QUESTIONNAIRE_ITEM_MULTI || it->type == QUESTIONNAIRE_ITEM_GOAL)
            put(&o, "min = %d\n", it->min);
        if (it->type == QUESTIONNAIRE_ITEM_MULTI || it->type == QUESTIONNAIRE_ITEM_OPEN ||
            it->type == QUESTIONNAIRE_ITEM_GOAL)
            put(&o, "max = %d\n", it->max);
        if (it->signal_values) {
            put(&o, "signaal =");
            for (int v = 1; v <= QUESTIONNAIRE_OPTIONS_MAX; v++)
                if (it->signal_values & (1u << v))
                    put(&o, " %d", v);
            put(&o, "\n");
        }
        if (it->signal_text[0])
            put(&o, "signaaltekst = %s\n", it->signal_text);
        if (it->type == QUESTIONNAIRE_ITEM_GOAL)
            put(&o, "vraag_wat = %s\nvraag_wanneer = %s\nvraag_hoe = %s\n",
                it->prompts[QUESTIONNAIRE_GOAL_WHAT], it->prompts[QUESTIONNAIRE_GOAL_WHEN],
                it->prompts[QUESTIONNAIRE_GOAL_PROOF]);
    }
    if (o.failed) {
        free(o.buf);
        return NULL;
    }
    return o.buf;
}
