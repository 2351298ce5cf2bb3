/* student.h: the student's own screens, shared by firmware/flow_student.c
 * (the flow: the menu, Mijn dossier, time and life cycle),
 * firmware/student_item.c (answering a questionnaire item by item, the
 * summary, saving) and firmware/student_text.c (typing an open answer or a
 * learning goal). Only these files include it. */
#ifndef STUDENT_H
#define STUDENT_H

#include "db/db_goal.h"
#include "db/db_questionnaire.h"
#include "db/db_response.h"
#include "firmware/app_internal.h"

enum student_mode {
    SM_MENU,                        /* the welcome screen (or nothing of ours) */
    SM_ITEM,                        /* one item of the questionnaire */
    SM_TEMPLATES,                   /* a start for a new learning goal */
    SM_TEXT,                        /* typing an open answer or a goal part */
    SM_SUMMARY,
    SM_SAVED,
    SM_DOSSIER,
};

struct student {
    int64_t student_id;             /* whose menu the view holds; 0 none */
    char number[DB_NUMBER_MAX];     /* their student number, for the log */
    enum student_mode mode;

    /* the questionnaire names the menu offers, by kind ("" none) */
    char zelfscan[QUESTIONNAIRE_KEY_MAX], weekcheck[QUESTIONNAIRE_KEY_MAX], intake[QUESTIONNAIRE_KEY_MAX];

    /* the questionnaire being answered */
    struct questionnaire *q;
    int64_t response_id;            /* 0 until the first answer is saved */
    int item;
    struct db_answer *answers;
    int nanswers;
    int goal_slot[VIEW_STUDENT_GOALS]; /* view goal i is slot goal_slot[i] (1-based) */

    /* typing */
    int slot;                       /* learning goal slot being typed, 0: an open item */
    enum questionnaire_goal_part part;
    char suffix[QUESTIONNAIRE_LABEL_MAX];    /* the end of the chosen template */
};

/* flow_student.c */
void student_busy(struct app *a);           /* the idle timeout starts again */
void student_show(struct app *a, const struct screen *s);
void student_menu(struct app *a);           /* back to the welcome menu */
void student_fill_menu(struct app *a);
void student_leave_questionnaire(struct app *a);

/* student_item.c */
void student_begin(struct app *a, const char *name);
void student_show_item(struct app *a);
void student_show_summary(struct app *a);
void student_drop_answers(struct student *st);
int student_item_action(struct app *a, int action);     /* 1: handled */
int student_save(struct app *a, const char *key, int has_num, int64_t num, const char *text);
void student_say(struct app *a, const char *text, int warn);
const struct db_answer *student_answer_of(const struct student *st, const char *key);
void student_item_next(struct app *a);
extern const char *const student_save_failed;
void student_view_head(struct app *a);
const char *student_goal_text(const struct student *st, const struct questionnaire_item *it,
                              int slot, enum questionnaire_goal_part part);
void student_next_item(struct app *a);
void student_prev_item(struct app *a);

/* student_text.c */
void student_show_text(struct app *a);
void student_start_goal(struct app *a, int slot, const char *template);
int student_commit_text(struct app *a);
void student_text_back(struct app *a);
int student_keyboard_action(struct app *a, int action);
int student_text_typed(struct app *a, const char *text);
int student_text_key(struct app *a, SDL_Keycode key);

#endif
