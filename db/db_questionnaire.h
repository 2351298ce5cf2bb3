/* db_questionnaire.h: questionnaires (zelfscan, weekcheck, intake) are data:
 * a small text file per questionnaire, read here into plain structs. Pure
 * libc: no SQLite, no SDL. db_instrument.h stores them with versions.
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
#ifndef DB_QUESTIONNAIRE_H
#define DB_QUESTIONNAIRE_H

#include <stddef.h>
#include <stdint.h>

#define DB_Q_KEY_MAX 48         /* ids, item keys and categories */
#define DB_Q_TEXT_MAX 256       /* statements, explanations */
#define DB_Q_LABEL_MAX 96       /* answer labels, options, templates */
#define DB_Q_OPTIONS_MAX 20
#define DB_Q_ITEMS_MAX 64
#define DB_Q_SCALE 5            /* schaal and smiley run 1..5 */
#define DB_Q_GOALS_MAX 3        /* learning goals per leerdoel item */
#define DB_Q_FILE_MAX (256u * 1024)

enum db_item_type {
    DB_ITEM_SCALE,      /* "schaal": 1..5 with labels, one category */
    DB_ITEM_SMILEY,     /* "smiley": 1..5 faces, labels for screen readers and tests */
    DB_ITEM_CHOICE,     /* "keuze": one option; the answer is its number (1-based) */
    DB_ITEM_MULTI,      /* "meerkeuze": min..max options; answer text "2,5,7" */
    DB_ITEM_OPEN,       /* "open": free text, at most max characters */
    DB_ITEM_GOAL,       /* "leerdoel": min..max learning goals, each with SMART parts */
};

/* The SMART parts of a learning goal, in the order they are asked. */
enum db_goal_part { DB_GOAL_WHAT, DB_GOAL_WHEN, DB_GOAL_PROOF, DB_GOAL_PARTS };

struct db_questionnaire_item {
    char key[DB_Q_KEY_MAX];             /* [key] in the file: a-z, 0-9, '-' */
    enum db_item_type type;
    char text[DB_Q_TEXT_MAX];           /* the statement or question */
    char help[DB_Q_TEXT_MAX];           /* "uitleg", may be "" */
    char category[DB_Q_KEY_MAX];        /* schaal: the competency; else "" */
    int required;                       /* "verplicht", default 1 */
    /* schaal/smiley: the 5 labels; keuze/meerkeuze: the options;
     * leerdoel: the templates a student can start from. */
    int noptions;
    char options[DB_Q_OPTIONS_MAX][DB_Q_LABEL_MAX];
    int min, max;                       /* meerkeuze: picks; open: max chars;
                                           leerdoel: number of goals */
    unsigned signal_values;             /* bit v set: answer v raises a signal */
    char signal_text[DB_Q_TEXT_MAX];    /* why, for the teacher ("Wil een gesprek") */
    char prompts[DB_GOAL_PARTS][DB_Q_TEXT_MAX]; /* leerdoel: wat, wanneer, hoe */
};

struct db_questionnaire {
    char id[DB_Q_KEY_MAX];              /* e.g. zelfscan-beroepshouding */
    char kind[16];                      /* zelfscan | weekcheck | intake | anders */
    char title[DB_Q_TEXT_MAX];
    char intro[DB_Q_TEXT_MAX];          /* "uitleg", may be "" */
    /* Set by db_instrument when stored or read back; 0 for a parsed file. */
    int64_t row_id;                     /* the exact version's row */
    int version;                        /* 1, 2, ... per id */
    int nitems;
    struct db_questionnaire_item items[DB_Q_ITEMS_MAX];
};

/* Parses a questionnaire from text (len bytes, UTF-8, BOM and CRLF fine).
 * Returns a new questionnaire (free with db_questionnaire_free), or NULL
 * when there is any problem; then *report (when report is not NULL) is a
 * malloc'd Dutch text, one problem per line ("regel 7: ..."), to free with
 * free(). *report is NULL on success. */
struct db_questionnaire *db_questionnaire_parse(const char *text, size_t len, char **report);

/* Same for the file at path (a file over DB_Q_FILE_MAX is refused). */
struct db_questionnaire *db_questionnaire_load_file(const char *path, char **report);

void db_questionnaire_free(struct db_questionnaire *q);

/* The canonical text of q: the same format without comments, keys in a
 * fixed order. Parsing it gives q back; two files that mean the same give
 * the same text (db_instrument compares versions by it). malloc'd, free
 * with free(); NULL when memory runs out. */
char *db_questionnaire_format(const struct db_questionnaire *q);

/* The item with key, or NULL. */
const struct db_questionnaire_item *db_questionnaire_item(const struct db_questionnaire *q,
                                                          const char *key);

/* The file word of a type ("schaal", ...) and back (-1 when unknown). */
const char *db_questionnaire_type_name(enum db_item_type type);
int db_questionnaire_type_parse(const char *name);

/* Answer keys of a leerdoel item: goal n (1-based) part p is stored under
 * "<key>.<n>" (wat), "<key>.<n>.wanneer" or "<key>.<n>.hoe". Returns 0, or
 * -1 when it does not fit in out. */
int db_questionnaire_goal_key(const char *item_key, int n, enum db_goal_part part, char *out,
                              size_t outlen);

/* 1 when text is valid UTF-8 without control characters (tab allowed). */
int db_questionnaire_text_valid(const char *text, size_t len);

#endif
