/* screen.h: one screen = one id and one draw function over the view.
 * What a tap means comes back as the action of the control hit. */
#ifndef SCREEN_H
#define SCREEN_H

#include "ui/ui.h"
#include "ui/view.h"
#include "ui/widget.h"

struct screen {
    const char *id;     /* for scenarios: `expect screen <id>` */
    void (*draw)(struct ui *ui, const struct view *v);
};

extern const struct screen screen_idle;     /* "Scan je pas" */
extern const struct screen screen_welcome;  /* checked in, or already */
extern const struct screen screen_notice;   /* a scan that did not work */

/* teacher mode (screen_pin.c, screen_teacher.c) */
extern const struct screen screen_pin;              /* keypad */
extern const struct screen screen_teacher;          /* the menu */
extern const struct screen screen_session_new;      /* start a session, step by step */
extern const struct screen screen_attendance;       /* screen_attendance.c: the group at a glance */
extern const struct screen screen_teacher_student;  /* one student: by hand, dossier */
extern const struct screen screen_usb;              /* export, import, cards */
extern const struct screen screen_teacher_page;     /* confirmations, other lists */
extern const struct screen screen_update;           /* a system update from the stick */
extern const struct screen screen_poll_teacher;     /* the teacher runs a poll */
extern const struct screen screen_signals;          /* students who need attention */
extern const struct screen screen_backup;           /* screen_backup.c: make, restore */

/* polls (screen_poll.c) */
extern const struct screen screen_poll;             /* the question, the options, the chart */
extern const struct screen screen_poll_card;        /* a conversation card */

/* the presenter display (a projector on the second HDMI): what the whole
 * room may see, never a name; nothing to touch */
extern const struct screen screen_stage_rest;       /* screen_idle.c: the session, the time */
extern const struct screen screen_stage_poll;       /* screen_poll.c: question, live chart */
extern const struct screen screen_stage_card;       /* screen_poll.c: a conversation card */

/* the student's own screens (screen_student.c) */
extern const struct screen screen_student_item;     /* one item of a questionnaire */
extern const struct screen screen_student_text;     /* typing, with the keyboard */
extern const struct screen screen_student_summary;  /* the answers, then "Opslaan" */
extern const struct screen screen_student_saved;    /* saved (committed) */
extern const struct screen screen_dossier;          /* screen_dossier.c: Mijn dossier */

/* The student's menu (view.student.menu) as a row of big buttons above
 * the result layout's bottom bar; the welcome screen calls it. */
void screen_student_menu(struct ui *ui, const struct view *v);

/* The student screens' shared pieces (screen_student.c): the warning in
 * the status bar in the last seconds before logout, and slot 0 (left),
 * 1 (middle) or 2 (right) of the bottom row of buttons. */
void screen_student_countdown(struct ui *ui, const struct view *v);
SDL_Rect screen_student_nav_slot(const struct ui_metrics *m, int slot);

/* How many summary rows one page shows at this screen size. */
int screen_student_summary_rows(struct ui *ui);

/* The colour of arcade button n (0-based), to match its cap. */
SDL_Color screen_poll_color(int n);

/* How many list rows a teacher page shows at this screen size. */
int screen_teacher_rows(struct ui *ui);

/* Teacher mode's status bar, and its bottom row of buttons bh high:
 * Terug, the page's main action and the paging (screen_teacher.c). */
void screen_teacher_bar(struct ui *ui, const struct view *v);
void screen_teacher_buttons(struct ui *ui, const struct view *v, int bh);

/* How many students one page of the attendance grid holds at this screen
 * size (screen_attendance.c). */
int screen_attendance_per_page(struct ui *ui);

/* Draws the status bar every screen shares. */
void screen_status_bar(struct ui *ui, const struct view *v);

/* A page's title (a poll's question can be long) under the bar, whole, on
 * as many lines as it takes. The y just below it. */
int screen_title(struct ui *ui, const char *title);

/* The layout of every result screen: an icon, a title, up to a few lines
 * (the first in bold) each in its colour, and a "Klaar" button with the
 * seconds left before the kiosk goes back by itself. */
void screen_result(struct ui *ui, const struct view *v, enum widget_icon icon, const char *title,
                   const char *const lines[], const SDL_Color colors[], int nlines);

#endif
