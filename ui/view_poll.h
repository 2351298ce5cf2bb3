/* view_poll.h: what the poll screens show, and their action ids (300-499).
 * Filled by firmware/flow_poll.c. */
#ifndef VIEW_POLL_H
#define VIEW_POLL_H

#define VIEW_POLL_OPTIONS 5

enum poll_action {
    POLL_OPTION_0 = 300,    /* 300-304: tap on an option */
    POLL_TEACHER_FIRST = 320,
    POLL_CARD_NEXT = 320,
    POLL_CARD_PREV,
    POLL_CARD_STOP,
    POLL_TEACHER_LAST = 399,
};

enum view_poll_phase {
    VIEW_POLL_VOTE,         /* press a button or tap an option */
    VIEW_POLL_THANKS,       /* "Dank je!" right after a vote */
    VIEW_POLL_WAIT,         /* the lock runs: LEDs dark */
    VIEW_POLL_SCAN_FIRST,   /* verified: scan your card first */
    VIEW_POLL_ALREADY,      /* verified: this student has voted */
};

struct view_poll {
    char question[640];
    int noptions;
    char options[VIEW_POLL_OPTIONS][160];
    enum view_poll_phase phase;
    int verified;
    char voter[128];            /* verified: "Sanne J.", while it may vote */
    int seconds_left;           /* verified: time left to press */

    int revealed;               /* the chart shows counts */
    int n;                      /* votes so far */
    int shown;                  /* n is large enough to show counts */
    int count[VIEW_POLL_OPTIONS];
    int percent[VIEW_POLL_OPTIONS];

    /* a conversation card (gesprekskaart) */
    char card_set[160];         /* the set's name: "STARR: vertel over één situatie" */
    char card_title[640];
    int card_nprompts;
    char card_prompts[5][640];
    int card_index, card_count;

    unsigned stuck;             /* bit n: arcade button n is stuck (the teacher sees it) */
};

#endif
