/* script.h: scenario files, to drive the real kiosk without hands.
 *
 * One step per line, '#' starts a comment:
 *   scan <text>          a scanner types <text> and Enter, 2 ms a key
 *   scan-card <number>   scan the valid card of that student
 *   type <text>          a person types <text>, 150 ms a key
 *   key <name>           a key by SDL name (Return, Escape, F1)
 *   tap "<label>"        press and release the visible control <label>
 *   tap <x> <y>          a touch at pixel x,y (negative: from the right/bottom)
 *   where "<label>"      prints where a touch lands on it: panel fractions x y
 *   press <x> <y> <ms>   a finger held at x,y for ms (e.g. the teacher corner)
 *   button <n>           arcade button n (1-based) pressed and released
 *   hold <n> <ms>        arcade button n held for ms
 *   wait <ms>            advance the (virtual) clock
 *   clock <YYYY-MM-DD HH:MM>  set the virtual clock (local time)
 *   cli <args>           run `stagekiosk <args>` on the same data
 *   presenter <W>x<H> | presenter off   a projector is connected, or pulled out
 *   shot <name>          save the frame as <name>.png in the shots folder (and
 *                        the presenter's as <name>.presenter.png)
 *   expect screen <id> | expect text "<t>" | expect no-text "<t>"
 *   expect presenter <id> | expect presenter-text "<t>" | expect presenter-no-text "<t>"
 * A failed expect prints its line and what was seen; the run exits 1. */
#ifndef SCRIPT_H
#define SCRIPT_H

#include <stddef.h>

enum script_op {
    SCRIPT_SCAN, SCRIPT_SCAN_CARD, SCRIPT_TYPE, SCRIPT_KEY, SCRIPT_TAP_LABEL, SCRIPT_TAP_XY,
    SCRIPT_PRESS, SCRIPT_BUTTON, SCRIPT_HOLD, SCRIPT_PRESENTER,
    SCRIPT_WAIT, SCRIPT_CLOCK, SCRIPT_CLI, SCRIPT_SHOT, SCRIPT_EXPECT_SCREEN,
    SCRIPT_EXPECT_TEXT, SCRIPT_EXPECT_NO_TEXT, SCRIPT_WHERE,
};

#define SCRIPT_ARG_MAX 512

struct script_step {
    enum script_op op;
    int line;
    char arg[SCRIPT_ARG_MAX];
    long x, y, ms;          /* tap/press x y, press ms, wait ms, clock unix seconds,
                               presenter width and height (0: off) */
    int on_presenter;       /* an expect about the presenter display */
};

struct script {
    struct script_step *steps;
    size_t n;
};

/* Parses scenario text. 0, or -1 with "line N: ..." in err. Free with
 * script_free(). */
int script_parse(const char *text, struct script *out, char *err, size_t errlen);
void script_free(struct script *s);

/* Splits a `cli` argument string into words (double quotes group words).
 * Returns the number of words put in argv (at most max - 1; argv[n] = NULL);
 * the words point into buf, which is modified. -1 on an open quote. */
int script_split_words(char *buf, char **argv, int max);

#endif
