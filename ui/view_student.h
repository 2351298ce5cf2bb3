/* view_student.h: what the student's own screens show (the menu after a
 * scan, a questionnaire item by item, typing, the summary, "Mijn dossier")
 * and their action ids (500-799). Filled by firmware/flow_student.c from
 * the questionnaire and the store; screens only read it. Only the scanned
 * student's own data is ever put here. */
#ifndef VIEW_STUDENT_H
#define VIEW_STUDENT_H

#include "ui/keyboard.h"

#define VIEW_STUDENT_MENU 4         /* buttons on the welcome screen */
#define VIEW_STUDENT_OPTIONS 20     /* answers or options of one item */
#define VIEW_STUDENT_GOALS 3        /* learning goals of one intake */
#define VIEW_STUDENT_ROWS 64        /* summary rows (one per item) */
#define VIEW_STUDENT_AXES 12        /* competencies on the radar */
#define VIEW_STUDENT_DAYS 16        /* terugkomdagen shown one by one */
#define VIEW_STUDENT_TREND 12       /* weekchecks in the trend */
#define VIEW_STUDENT_DGOALS 8       /* learning goals in the dossier */

enum student_action {
    STUDENT_ZELFSCAN = 500,     /* the menu: start or go on */
    STUDENT_WEEKCHECK,
    STUDENT_INTAKE,
    STUDENT_DOSSIER,
    STUDENT_LOGOUT = 510,       /* "Afmelden": back to the idle screen */
    STUDENT_STOP,               /* "Stoppen": back to the menu, answers kept */
    STUDENT_BACK,               /* "Terug" */
    STUDENT_NEXT,               /* "Volgende" */
    STUDENT_SAVE,               /* "Opslaan" */
    STUDENT_PAGE_PREV,
    STUDENT_PAGE_NEXT,
    STUDENT_GOAL_NEW,           /* "Nieuw leerdoel" */
    STUDENT_OPTION_0 = 520,     /* 520-539: an answer, option or template */
    STUDENT_GOAL_0 = 560,       /* 560-562: change learning goal n */
    STUDENT_GOAL_REMOVE_0 = 570,/* 570-572: remove learning goal n */
    STUDENT_TAB_0 = 580,        /* 580-584: a dossier tab (enum view_tab) */
};

/* How the answers of the current item are drawn: the questionnaire's item
 * type decides (a new questionnaire needs no new screen). */
enum view_item_kind {
    VIEW_ITEM_SCALE,            /* five numbered answers */
    VIEW_ITEM_SMILEY,           /* five faces */
    VIEW_ITEM_CHOICE,           /* one of the options */
    VIEW_ITEM_MULTI,            /* some of the options */
    VIEW_ITEM_GOALS,            /* the learning goals made so far */
    VIEW_ITEM_TEMPLATES,        /* a start for a new learning goal */
};

enum view_tab { VIEW_TAB_GROWTH, VIEW_TAB_GOALS, VIEW_TAB_ATTENDANCE, VIEW_TAB_WEEKCHECK,
                VIEW_TAB_PHONE, VIEW_TABS };

/* attendance at one terugkomdag */
enum view_day { VIEW_DAY_PRESENT, VIEW_DAY_LATE, VIEW_DAY_ABSENT };

struct view_student_row {
    char text[256];             /* the statement or question */
    char answer[256];           /* what the student chose or typed */
    int missing;                /* required and not answered yet */
};

struct view_student_goal {
    char text[320];             /* wat */
    char detail[320];           /* "Wanneer: ... · Gelukt als: ..." */
    char status[16];            /* open, bezig, behaald */
    int done;                   /* behaald: shown in green */
};

struct view_student {
    /* the welcome screen's menu; nmenu 0 shows none */
    int nmenu;
    char menu[VIEW_STUDENT_MENU][32];
    int menu_action[VIEW_STUDENT_MENU];

    /* a questionnaire, item index (0-based) of count */
    char title[128];
    int index, count, answered;
    enum view_item_kind kind;
    char question[320];
    char help[320];
    int noptions;
    char options[VIEW_STUDENT_OPTIONS][96];
    unsigned selected;          /* bit i: option i is chosen */
    int ngoals;                 /* VIEW_ITEM_GOALS: goals made so far */
    char goals[VIEW_STUDENT_GOALS][320];
    int can_add_goal;
    char message[256];          /* one line of feedback; "" none */
    int message_warn;

    /* typing an open answer or a part of a learning goal */
    char step[96];              /* e.g. "Leerdoel 1, vraag 2 van 3" */
    char prompt[320];
    char placeholder[160];
    struct keyboard kb;
    struct keyboard_text text;

    /* the summary before "Opslaan" */
    int nrows, page;
    struct view_student_row rows[VIEW_STUDENT_ROWS];

    /* the screen after "Opslaan" */
    char saved[160];

    /* Mijn dossier */
    char about[96];             /* "": the student looks; a first name: a
                                   teacher does, and the texts speak about them */
    enum view_tab tab;
    int has_qr;                 /* the school set a dossier URL */
    int scans;                  /* finished zelfscans */
    int naxes;
    char axes[VIEW_STUDENT_AXES][48];
    double latest[VIEW_STUDENT_AXES], previous[VIEW_STUDENT_AXES], first[VIEW_STUDENT_AXES];
    char latest_label[32], previous_label[32], first_label[32];
    int ndgoals, ndgoals_total;
    struct view_student_goal dgoals[VIEW_STUDENT_DGOALS];
    int present, late, absent;
    int ndays;
    enum view_day day[VIEW_STUDENT_DAYS];
    char day_label[VIEW_STUDENT_DAYS][8];
    int ntrend;
    double trend[VIEW_STUDENT_TREND];
    char trend_label[VIEW_STUDENT_TREND][8];
    char trend_last[96];        /* "Laatste weekcheck (30-11): Goed" */
    char qr_url[640];           /* "" when has_qr is 0 */
    int qr_minutes;
};

#endif
