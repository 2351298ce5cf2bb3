/* teacher.h: teacher mode's pages, shared by firmware/flow_teacher.c (the
 * flow: getting in, leaving, dispatching input) and the page files
 * firmware/teacher_*.c (one file per page of the menu). Only these files
 * include it.
 *
 * A page is a few steps. A step is one row of a table:
 *   {id, show, choice, back, confirm, action, live}
 * flow_teacher.c owns the current step and turns input into calls: a
 * choice button or list row i -> choice(a, i); "Terug" -> the back step;
 * the main button -> confirm(a); "<" ">" -> the page number and show again;
 * everything else -> action(a, action). No page calls another flow; a step
 * goes to another with teacher_go(). See HACKING.md, "A teacher page". */
#ifndef TEACHER_H
#define TEACHER_H

#include "db/db_poll.h"
#include "db/db_signal.h"

struct signal_line;
#include "firmware/app_internal.h"
#include "base/setfile.h"

struct teacher_step {
    const char *id;             /* for the log */
    /* Fills the view and shows the step's screen. NULL: the caller already
     * filled the view (a message; see teacher_say). */
    void (*show)(struct app *a);
    /* Choice button or list row i (0-based on the page shown). */
    void (*choice)(struct app *a, int i);
    /* Where "Terug" goes; NULL: the menu. */
    const struct teacher_step *back;
    /* The page's main button (view_teacher.can_confirm). */
    void (*confirm)(struct app *a);
    /* Any other action while this step shows: 1 when handled. */
    int (*action)(struct app *a, int action);
    /* Shown again when another process changed the store. */
    int live;
};

#define TEACHER_PIN_MAX 8       /* DB_PIN_MAX_DIGITS */

/* Teacher mode's state, one per app (a->teacher). Fields by page. */
struct teacher {
    const struct teacher_step *step;   /* NULL: not in teacher mode */
    int page;                   /* page of the list shown (paged steps) */
    int64_t hold_since;         /* clock_ms of a corner press; 0 none */

    /* teacher_pin.c */
    char pin[TEACHER_PIN_MAX + 1];
    char first_pin[TEACHER_PIN_MAX + 1];   /* while choosing a new PIN */
    int first_setup;            /* no PIN yet: no way around the keypad */

    /* teacher_usb.c */
    struct usb *usb;
    Uint32 usb_event;           /* SDL event type the watch thread pushes */
    char files[VIEW_CHOICES][256];

    /* teacher_session.c: a session being started, or cards (for_cards) */
    int for_cards;
    int kind;
    char group[DB_NAME_MAX];
    int64_t late_at;
    char (*groups)[DB_NAME_MAX];
    int ngroups;

    /* teacher_attendance.c */
    struct db_attendance_line rows[VIEW_ROWS];
    struct db_student chosen;
    int chosen_present;
    char chosen_status[64];

    /* teacher_system.c */
    int64_t clock_to;           /* the date and time being set */

    /* teacher_polls.c */
    struct db_poll_set sets[VIEW_CHOICES];
    int nsets;
    int64_t closed[VIEW_ROWS];  /* this session's closed polls */
    int nclosed;
    int closed_shown;           /* the one whose results show */
    struct db_poll_question questions[SETFILE_BLOCKS_MAX];
    int nquestions, question;
    char set_name[DB_POLL_NAME_MAX];
    struct setfile *cardsets;
    int ncardsets, cardset, card;

    /* teacher_signals.c */
    struct db_signal *signals;
    int nsignals;
    struct signal_line *lines;  /* the page: a student, or a folded reminder */
    int nlines;
    int line;                   /* the line opened */
    int student;                /* the student shown in detail (a signal's index) */
};

/* ---- flow_teacher.c: what every page uses ---------------------------- */

/* Makes s the current step and shows it. */
void teacher_go(struct app *a, const struct teacher_step *s);

/* A fresh page in the view: title, message, nothing else. */
void teacher_page(struct app *a, const char *title, const char *message);

/* The page's main button. */
void teacher_confirm(struct app *a, const char *label);

/* Adds a choice button; ignored when the page is full. */
void teacher_choice(struct app *a, const char *label);

/* A message page on screen s: step (its show is NULL) decides where
 * "Terug" goes. */
void teacher_say(struct app *a, const struct teacher_step *step, const char *title,
                 const char *message, const struct screen *s);

/* A list of n entries, per to a page: sets the view's pages, keeps the
 * page within them and returns the index of the page's first entry. */
int teacher_paged(struct app *a, int n, int per);

/* The list's index of the entry at row of this page, or -1 past the end. */
int teacher_paged_at(struct app *a, int row, int per, int n);

/* Leaves teacher mode, back to rest. */
void teacher_leave(struct app *a, const char *why);

/* The student's whole name, as the teacher sees it. */
void teacher_full_name(const struct db_student *s, char *out, size_t len);

/* ---- steps other files go to ---------------------------------------- */

extern const struct teacher_step teacher_step_pin;          /* teacher_pin.c */
extern const struct teacher_step teacher_step_menu;         /* teacher_menu.c */
extern const struct teacher_step teacher_step_stick;        /* teacher_menu.c: the stick's page */
extern const struct teacher_step teacher_step_poll_control; /* teacher_polls.c: the open poll */
extern const struct teacher_step teacher_step_attendance;   /* teacher_attendance.c */
extern const struct teacher_step teacher_step_note;         /* flow_teacher.c: a message */

/* ---- the pages' entries: the menu's buttons open them ------------------ */

void teacher_session_open(struct app *a);       /* teacher_session.c: start one */
void teacher_session_stop_open(struct app *a);
void teacher_cards_open(struct app *a);         /* the groups, for cards */
void teacher_attendance_open(struct app *a);    /* teacher_attendance.c */
void teacher_polls_open(struct app *a);         /* teacher_polls.c */
void teacher_signals_open(struct app *a);       /* teacher_signals.c */
void teacher_export(struct app *a);             /* teacher_usb.c */
void teacher_import_open(struct app *a);
void teacher_eject(struct app *a);
void teacher_purge_open(struct app *a);         /* teacher_system.c */
void teacher_clock_open(struct app *a);

/* ---- what the flow and other pages call -------------------------------- */

/* teacher_pin.c: opens the keypad (mode: enum view_pin_mode). */
void teacher_pin_show(struct app *a, enum view_pin_mode mode, const char *message);
/* teacher_pin.c: a key typed while the keypad shows: 1 when consumed. */
int teacher_pin_key(struct app *a, SDL_Keycode key);
/* teacher_pin.c: the keypad's lock countdown. */
void teacher_pin_tick(struct app *a);

/* teacher_usb.c: the stick came or went; its watch; cards of a group. */
void teacher_usb_check(struct app *a);
int teacher_usb_start(struct app *a);
void teacher_usb_stop(struct app *a);
void teacher_print_cards(struct app *a, const char *group);

/* teacher_session.c: the list of groups is read again next time. */
void teacher_groups_forget(struct app *a);

/* teacher_polls.c: card sets (assets/cards) at start; freed at stop. */
void teacher_polls_start(struct app *a);
void teacher_polls_stop(struct app *a);

/* teacher_signals.c: frees the list. */
void teacher_signals_stop(struct app *a);

#endif
