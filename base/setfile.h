/* setfile.h: the small text format of poll sets (assets/polls/) and
 * conversation card sets (assets/cards/), and its parser. Pure: libc
 * only, no I/O except setfile_read*(). The format (README "Poll sets and
 * card sets"):
 *
 *     # a comment
 *     set: terugkomdag            (card sets: "kaarten: starr")
 *     titel: Evaluatie terugkomdag
 *
 *     vraag: Hoe tevreden ben je over je stage?   (card sets: "kaart: ...")
 *     - Slecht
 *     - Goed
 *
 * A file with any problem gives no set; every problem is reported with its
 * line number, in Dutch, for the teacher who wrote the file. */
#ifndef SETFILE_H
#define SETFILE_H

#include <stddef.h>

#define SETFILE_NAME_MAX 33    /* 32 characters a-z 0-9 - _ */
#define SETFILE_TEXT_MAX 640   /* bytes: 150 characters of up to 4 bytes */
#define SETFILE_BLOCKS_MAX 20
#define SETFILE_ITEMS_MAX 5
#define SETFILE_MAX_BYTES (256 * 1024)
#define SETFILE_REPORT_LINES 30

/* What one kind of set allows. */
struct setfile_spec {
    const char *set_key;   /* "set" | "kaarten" */
    const char *block_key; /* "vraag" | "kaart" */
    /* Words for the messages: "de vraag", "vragen", "het antwoord",
     * "antwoord", "antwoorden" (card sets: kaart, vraag). */
    const char *block_the, *blocks, *item_the, *item_one, *items;
    int min_items, max_items;  /* per block */
    int max_blocks;
    int block_chars, item_chars; /* longest text, in characters */
};

/* Poll sets: 1-20 questions of up to 150 characters, each with 2-5 options
 * of up to 40 characters (they go on the screen next to the buttons). */
extern const struct setfile_spec setfile_polls;
/* Card sets: 1-20 cards, a heading of up to 60 characters and 1-5 prompts
 * of up to 150. */
extern const struct setfile_spec setfile_cards;

struct setfile_block {
    int line; /* where it starts, for messages */
    char text[SETFILE_TEXT_MAX];
    int nitems;
    char items[SETFILE_ITEMS_MAX][SETFILE_TEXT_MAX];
};

struct setfile {
    char name[SETFILE_NAME_MAX]; /* lower case */
    char title[SETFILE_TEXT_MAX]; /* the name when the file has no titel: */
    int nblocks;
    struct setfile_block blocks[SETFILE_BLOCKS_MAX];
};

/* Parses len bytes of text (UTF-8, a BOM and CRLF are fine) into *out.
 * Returns 0 when the set is good; else the number of problems, with
 * *report a malloc'd Dutch text, one problem per line ("regel 7: ...");
 * -1 when memory runs out. *report is NULL when there is nothing to say;
 * free it with free(). */
int setfile_parse(const char *text, size_t len, const struct setfile_spec *spec,
                  struct setfile *out, char **report);

/* Same for the file at path; a file that cannot be read or is larger than
 * SETFILE_MAX_BYTES is one problem. */
int setfile_read(const char *path, const struct setfile_spec *spec, struct setfile *out,
                 char **report);

/* Reads every *.txt in dir, sorted by file name, into *out (malloc'd array
 * of *n sets; free with free()). A bad file is left out, logged and added
 * to *report (may be NULL when not wanted). 0, or -1 when dir cannot be
 * read or memory runs out. */
int setfile_read_dir(const char *dir, const struct setfile_spec *spec, struct setfile **out,
                     int *n, char **report);

#endif
