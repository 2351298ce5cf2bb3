/* questionnaire.h: questionnaires (zelfscan, weekcheck, intake) are data:
 * a small text file per questionnaire, read here into plain structs. Pure
 * libc: no SQLite, no SDL. db_questionnaire.h stores them with versions.
 *
 * The file format is documented in README.md ("Vragenlijsten"). In short:
 *
 *   # a comment
 *   id = weekcheck                      header: id, soort, titel, uitleg,
 *   soort = weekcheck                   label (5x: default scale labels)
 *   titel = Weekcheck
 *
 *   [stage]                             one item per [key]
 *   type = smiley                       schaal smiley keuze meerkeuze open leerdoel
 *   tekst = Hoe ging je stage deze week?
 *   signaal = 1 2                       answers that raise a signal
 *   signaaltekst = Stage ging niet goed
 *
 * A file with any problem is refused whole; the report lists every problem
 * with its line number. */
#ifndef QUESTIONNAIRE_H
#define QUESTIONNAIRE_H

#include <stddef.h>
#include <stdint.h>

#define QUESTIONNAIRE_KEY_MAX 48            /* ids, item keys and categories */
#define QUESTIONNAIRE_TEXT_MAX 256          /* statements, explanations */
#define QUESTIONNAIRE_LABEL_MAX 96          /* answer labels, options, templates */
#define QUESTIONNAIRE_OPTIONS_MAX 20
#define QUESTIONNAIRE_ITEMS_MAX 64
#define QUESTIONNAIRE_SCALE 5               /* schaal and smiley run 1..5 */
#define QUESTIONNAIRE_GOALS_MAX 3           /* learning goals per leerdoel item */
#define QUESTIONNAIRE_FILE_MAX (256u * 1024)

enum questionnaire_item_type {
    QUESTIONNAIRE_ITEM_SCALE,  /* "schaal": 1..5 with labels, one category */
    QUESTIONNAIRE_ITEM_SMILEY, /* "smiley": 1..5 faces, labels for screen readers and tests */
    QUESTIONNAIRE_ITEM_CHOICE, /* "keuze": one option; the answer is its number (1-based) */
    QUESTIONNAIRE_ITEM_MULTI,  /* "meerkeuze": min..max options; answer text "2,5,7" */
    QUESTIONNAIRE_ITEM_OPEN,   /* "open": free text, at most max characters */
    QUESTIONNAIRE_ITEM_GOAL,   /* "leerdoel": min..max learning goals, each with SMART parts */
};

/* The SMART parts of a learning goal, in the order they are asked. */
enum questionnaire_goal_part {
    QUESTIONNAIRE_GOAL_WHAT,
    QUESTIONNAIRE_GOAL_WHEN,
    QUESTIONNAIRE_GOAL_PROOF,
    QUESTIONNAIRE_GOAL_PARTS
};

struct questionnaire_item {
    char key[QUESTIONNAIRE_KEY_MAX];        /* [key] in the file: a-z, 0-9, '-' */
    enum questionnaire_item_type type;
    char text[QUESTIONNAIRE_TEXT_MAX];      /* the statement or question */
    char help[QUESTIONNAIRE_TEXT_MAX];      /* "uitleg", may be "" */
    char category[QUESTIONNAIRE_KEY_MAX];   /* schaal: the competency; else "" */
    int required;                           /* "verplicht", default 1 */
    /* schaal/smiley: the 5 labels; keuze/meerkeuze: the options;
     * leerdoel: the templates a student can start from. */
    int noptions;
    char options[QUESTIONNAIRE_OPTIONS_MAX][QUESTIONNAIRE_LABEL_MAX];
    int min, max;                           /* meerkeuze: picks; open: max chars;
                                               leerdoel: number of goals */
    unsigned signal_values;                 /* bit v set: answer v raises a signal */
    char signal_text[QUESTIONNAIRE_TEXT_MAX]; /* why, for the teacher ("Wil een gesprek") */
    /* leerdoel: the questions wat, wanneer, hoe */
    char prompts[QUESTIONNAIRE_GOAL_PARTS][QUESTIONNAIRE_TEXT_MAX];
};

struct questionnaire {
    char id[QUESTIONNAIRE_KEY_MAX];         /* e.g. zelfscan-beroepshouding */
    char kind[16];                          /* zelfscan | weekcheck | intake | anders */
    char title[QUESTIONNAIRE_TEXT_MAX];
    char intro[QUESTIONNAIRE_TEXT_MAX];     /* "uitleg", may be "" */
    /* Set by db_questionnaire when stored or read back; 0 for a parsed file. */
    int64_t row_id;                         /* the exact version's row */
    int version;                            /* 1, 2, ... per id */
    int nitems;
    struct questionnaire_item items[QUESTIONNAIRE_ITEMS_MAX];
};

/* Parses a questionnaire from text (len bytes, UTF-8, BOM and CRLF fine).
 * Returns a new questionnaire (free with questionnaire_free), or NULL
 * when there is any problem; then *report (when report is not NULL) is a
 * malloc'd Dutch text, one problem per line ("regel 7: ..."), to free with
 * free(). *report is NULL on success. */
struct questionnaire *questionnaire_parse(const char *text, size_t len, char **report);

/* Same for the file at path (a file over QUESTIONNAIRE_FILE_MAX is refused). */
struct questionnaire *questionnaire_load_file(const char *path, char **report);

void questionnaire_free(struct questionnaire *q);

/* The canonical text of q: the same format without comments, keys in a
 * fixed order. Parsing it gives q back; two files that mean the same give
 * the same text (db_questionnaire compares versions by it). malloc'd, free
 * with free(); NULL when memory runs out. */
char *questionnaire_format(const struct questionnaire *q);

/* The item with key, or NULL. */
const struct questionnaire_item *questionnaire_item(const struct questionnaire *q,
                                                          const char *key);

/* The file word of a type ("schaal", ...) and back (-1 when unknown). */
const char *questionnaire_type_name(enum questionnaire_item_type type);
int questionnaire_type_parse(const char *name);

/* Answer keys of a leerdoel item: goal n (1-based) part p is stored under
 * "<key>.<n>" (wat), "<key>.<n>.wanneer" or "<key>.<n>.hoe". Returns 0, or
 * -1 when it does not fit in out. */
int questionnaire_goal_key(const char *item_key, int n, enum questionnaire_goal_part part,
                           char *out, size_t outlen);

#endif
