/* view_teacher.h: what the teacher screens show, and their action ids
 * (100-299). Filled by firmware/flow_teacher.c and its pages
 * (firmware/teacher_*.c). */
#ifndef VIEW_TEACHER_H
#define VIEW_TEACHER_H

#define VIEW_ROWS 40        /* list rows per page (the attendance grid holds the most) */
#define VIEW_CHOICES 14     /* buttons on a choice screen (and the menu) */

enum teacher_action {
    TEACHER_DIGIT_0 = 100,  /* 100-109: keypad digits */
    TEACHER_BACKSPACE = 110,
    TEACHER_PIN_OK,
    TEACHER_CANCEL,         /* leave the keypad */
    TEACHER_LOGOUT,
    TEACHER_BACK,           /* one screen up */
    TEACHER_PAGE_PREV,
    TEACHER_PAGE_NEXT,
    TEACHER_LATE_EARLIER,
    TEACHER_LATE_LATER,
    TEACHER_UPDATE,         /* a system update on the stick (firmware/flow_update.c) */
    TEACHER_CONFIRM,        /* the page's main button */
    TEACHER_CHOICE_0 = 150, /* 150-161: choice buttons (the menu, kind, group, file, ...) */
    TEACHER_ROW_0 = 200,    /* 200-239: list rows */
};

enum view_pin_mode { VIEW_PIN_ENTER, VIEW_PIN_NEW, VIEW_PIN_REPEAT };

/* One line of a teacher list: a name and a status, tone 0 plain, 1 good,
 * 2 warning, 3 missing. */
struct view_row {
    char name[128];
    char status[64];
    int tone;
};

struct view_teacher {
    /* keypad */
    enum view_pin_mode pin_mode;
    int pin_len;
    int locked_s;               /* > 0: the keypad is locked this long */
    char pin_message[160];

    /* every other teacher screen: a title, a line of text, and either a
     * list of rows, a set of choices, or a progress bar */
    char title[128];
    char message[512];
    char summary[160];          /* attendance: the counts per state */
    struct view_row rows[VIEW_ROWS];
    int nrows, page, pages;
    char choices[VIEW_CHOICES][656]; /* whole: "12. " and a poll question (640) */
    int nchoices;
    int choice_action[VIEW_CHOICES]; /* the menu: 0, or another flow's action id */
    int chosen;                 /* highlighted choice, -1 none */
    int progress;               /* 0-100; -1 hides the bar */
    char late[6];               /* session start: late after HH:MM */
    int clock_wrong;            /* the menu warns: the clock is plainly wrong */
    int update_offer;           /* the stick holds an update: the menu offers it */
    char update_note[192];      /* the menu says: updated, or rolled back */
    int can_confirm;            /* show the screen's main button */
    char confirm_label[48];
};

#endif
