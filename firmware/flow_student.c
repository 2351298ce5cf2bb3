/* flow_student.c: what a student does after checking in: the zelfscan, the
 * weekcheck or the intake (one item per screen, every answer committed as
 * it is given, "Opslaan" commits the whole), and "Mijn dossier"
 * (firmware/dossier.c fills it). The questionnaire decides what each screen
 * shows (ui/view_student.h); a new questionnaire needs no new code.
 *
 * A student who walks away is logged out after [student] idle_s; what they
 * answered stays as an unfinished response, and their next scan continues
 * where they left off. */
#include "db/db_dossier.h"
#include "db/db_goal.h"
#include "db/db_questionnaire.h"
#include "firmware/app_internal.h"
#include "firmware/assets.h"
#include "base/clock.h"
#include "firmware/dossier.h"
#include "base/log.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define LIST_MAX 32                 /* questionnaires looked at for the menu */

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

static struct student *me(struct app *a)
{
    return a->student_state;
}

static struct view_student *sv(struct app *a)
{
    return &a->view.student;
}

/* ---- time --------------------------------------------------------------- */

/* The student is still here: the idle timeout starts again. */
static void busy(struct app *a)
{
    a->screen_until = clock_ms() + a->cfg.student_idle_s * 1000LL;
    a->view.seconds_left = a->cfg.student_idle_s;
    a->dirty = 1;
}

/* The screens whose idle timeout is the student's. */
static int ours(const struct screen *s)
{
    return s == &screen_student_item || s == &screen_student_text ||
           s == &screen_student_summary || s == &screen_dossier;
}

static void show(struct app *a, const struct screen *s)
{
    app_show(a, s, a->cfg.student_idle_s);
}

/* ---- the menu ----------------------------------------------------------- */

/* The first questionnaire of each kind in the store (by name). */
static void find_questionnaires(struct app *a)
{
    struct student *st = me(a);
    struct db_questionnaire_info *list = calloc(LIST_MAX, sizeof *list);
    st->zelfscan[0] = st->weekcheck[0] = st->intake[0] = '\0';
    int n = list ? db_questionnaire_list(a->db, list, LIST_MAX) : -1;
    for (int i = 0; i < n; i++) {
        char *slot = !strcmp(list[i].kind, "zelfscan")    ? st->zelfscan
                     : !strcmp(list[i].kind, "weekcheck") ? st->weekcheck
                     : !strcmp(list[i].kind, "intake")    ? st->intake
                                                          : NULL;
        if (slot && !slot[0])
            snprintf(slot, QUESTIONNAIRE_KEY_MAX, "%s", list[i].name);
    }
    free(list);
}

static void add_menu(struct view_student *v, const char *label, int action)
{
    if (v->nmenu >= VIEW_STUDENT_MENU)
        return;
    snprintf(v->menu[v->nmenu], sizeof v->menu[0], "%s", label);
    v->menu_action[v->nmenu++] = action;
}

/* What fits the session: an intake asks for the intake, other days for the
 * zelfscan and the weekcheck; the dossier always. */
static void fill_menu(struct app *a)
{
    struct student *st = me(a);
    struct view_student *v = sv(a);
    v->nmenu = 0;
    if (!a->has_student || !a->view.has_session)
        return;
    if (!strcmp(a->session.kind, "intake")) {
        if (st->intake[0])
            add_menu(v, "Intake", STUDENT_INTAKE);
    } else {
        if (st->zelfscan[0])
            add_menu(v, "Zelfscan", STUDENT_ZELFSCAN);
        if (st->weekcheck[0])
            add_menu(v, "Weekcheck", STUDENT_WEEKCHECK);
    }
    add_menu(v, "Mijn dossier", STUDENT_DOSSIER);
}

/* ---- answers ------------------------------------------------------------ */

static void drop_answers(struct student *st)
{
    db_questionnaire_answers_free(st->answers, st->nanswers);
    st->answers = NULL;
    st->nanswers = 0;
}

static int load_answers(struct app *a)
{
    struct student *st = me(a);
    drop_answers(st);
    if (!st->response_id)
        return 0;
    int n = db_questionnaire_answers(a->db, st->response_id, &st->answers);
    if (n < 0) {
        st->answers = NULL;
        return -1;
    }
    st->nanswers = n;
    return 0;
}

static const struct db_answer *answer_of(const struct student *st, const char *key)
{
    for (int i = 0; i < st->nanswers; i++)
        if (!strcmp(st->answers[i].key, key))
            return &st->answers[i];
    return NULL;
}

static const char *goal_text(const struct student *st, const struct questionnaire_item *it,
                             int slot, enum questionnaire_goal_part part)
{
    char key[DB_ANSWER_KEY_MAX];
    if (questionnaire_goal_key(it->key, slot, part, key, sizeof key) != 0)
        return "";
    const struct db_answer *x = answer_of(st, key);
    return x && !x->has_num && x->text ? x->text : "";
}

/* Bit i set: option i+1 is in the answer "2,5,7". */
static unsigned picks_of(const struct db_answer *x)
{
    unsigned bits = 0;
    if (!x || x->has_num || !x->text)
        return 0;
    for (const char *p = x->text; *p;) {
        char *end;
        long v = strtol(p, &end, 10);
        if (end == p)
            break;
        if (v >= 1 && v <= VIEW_STUDENT_OPTIONS)
            bits |= 1u << (v - 1);
        p = *end == ',' ? end + 1 : end;
    }
    return bits;
}

static int count_bits(unsigned v)
{
    int n = 0;
    for (; v; v &= v - 1)
        n++;
    return n;
}

static int goals_of(const struct student *st, const struct questionnaire_item *it)
{
    int n = 0;
    for (int slot = 1; slot <= it->max && slot <= VIEW_STUDENT_GOALS; slot++)
        n += goal_text(st, it, slot, QUESTIONNAIRE_GOAL_WHAT)[0] != '\0';
    return n;
}

/* 1 when the item has an answer that counts (as db_questionnaire_finish sees it). */
static int answered(const struct student *st, const struct questionnaire_item *it)
{
    const struct db_answer *x = answer_of(st, it->key);
    switch (it->type) {
    case QUESTIONNAIRE_ITEM_SCALE:
    case QUESTIONNAIRE_ITEM_SMILEY:
    case QUESTIONNAIRE_ITEM_CHOICE:
        return x && x->has_num;
    case QUESTIONNAIRE_ITEM_MULTI:
        return count_bits(picks_of(x)) >= (it->min > 0 ? it->min : 1);
    case QUESTIONNAIRE_ITEM_OPEN:
        return x && !x->has_num && x->text && x->text[0];
    case QUESTIONNAIRE_ITEM_GOAL:
        return goals_of(st, it) >= (it->min > 0 ? it->min : 1);
    }
    return 0;
}

/* The response exists from the first answer on (committed). */
static int ensure_response(struct app *a)
{
    struct student *st = me(a);
    if (st->response_id)
        return 0;
    int64_t id = db_questionnaire_start(a->db, st->student_id, st->q->row_id,
                                     a->view.has_session ? a->session.id : 0, clock_unix());
    if (id < 0)
        return -1;
    st->response_id = id;
    log_info("student %s started %s version %d (response %lld)", st->number, st->q->id,
             st->q->version, (long long)id);
    return 0;
}

static void say(struct app *a, const char *text, int warn)
{
    snprintf(sv(a)->message, sizeof sv(a)->message, "%s", text);
    sv(a)->message_warn = warn;
    a->dirty = 1;
}

static const char *const save_failed = "Opslaan lukte niet. Probeer het nog een keer.";

/* Saves a number or text answer to key (text "" removes it); committed
 * before it returns. 0 or -1 (then the student is told). */
static int save(struct app *a, const char *key, int has_num, int64_t num, const char *text)
{
    struct student *st = me(a);
    if (ensure_response(a) != 0) {
        say(a, save_failed, 1);
        return -1;
    }
    int rc;
    if (has_num)
        rc = db_questionnaire_answer_num(a->db, st->response_id, key, num, clock_unix());
    else if (text[0])
        rc = db_questionnaire_answer_text(a->db, st->response_id, key, text, clock_unix());
    else
        rc = db_questionnaire_answer_clear(a->db, st->response_id, key);
    if (rc != 0 || load_answers(a) != 0) {
        say(a, save_failed, 1);
        return -1;
    }
    return 0;
}

/* ---- showing a questionnaire -------------------------------------------- */

static void show_text(struct app *a);
static void show_summary(struct app *a);

static void show_menu(struct app *a)
{
    me(a)->mode = SM_MENU;
    fill_menu(a);
    show(a, &screen_welcome);
}

static void view_head(struct app *a)
{
    struct student *st = me(a);
    struct view_student *v = sv(a);
    snprintf(v->title, sizeof v->title, "%s", st->q->title);
    v->index = st->item;
    v->count = st->q->nitems;
    v->answered = 0;
    for (int i = 0; i < st->q->nitems; i++)
        v->answered += answered(st, &st->q->items[i]);
}

static void show_item(struct app *a)
{
    struct student *st = me(a);
    struct view_student *v = sv(a);
    const struct questionnaire_item *it = &st->q->items[st->item];
    if (it->type == QUESTIONNAIRE_ITEM_OPEN) {
        st->slot = 0;
        show_text(a);
        return;
    }
    st->mode = SM_ITEM;
    view_head(a);
    snprintf(v->question, sizeof v->question, "%s", it->text);
    snprintf(v->help, sizeof v->help, "%s", it->help);
    v->noptions = 0;
    v->selected = 0;
    v->ngoals = 0;
    v->can_add_goal = 0;
    const struct db_answer *x = answer_of(st, it->key);
    switch (it->type) {
    case QUESTIONNAIRE_ITEM_SCALE:
    case QUESTIONNAIRE_ITEM_SMILEY:
    case QUESTIONNAIRE_ITEM_CHOICE:
    case QUESTIONNAIRE_ITEM_MULTI:
        v->kind = it->type == QUESTIONNAIRE_ITEM_SCALE    ? VIEW_ITEM_SCALE
                  : it->type == QUESTIONNAIRE_ITEM_SMILEY ? VIEW_ITEM_SMILEY
                  : it->type == QUESTIONNAIRE_ITEM_CHOICE ? VIEW_ITEM_CHOICE
                                               : VIEW_ITEM_MULTI;
        v->noptions = it->noptions < VIEW_STUDENT_OPTIONS ? it->noptions : VIEW_STUDENT_OPTIONS;
        for (int i = 0; i < v->noptions; i++)
            snprintf(v->options[i], sizeof v->options[i], "%s", it->options[i]);
        if (it->type == QUESTIONNAIRE_ITEM_MULTI)
            v->selected = picks_of(x);
        else if (x && x->has_num && x->num >= 1 && x->num <= v->noptions)
            v->selected = 1u << (x->num - 1);
        break;
    case QUESTIONNAIRE_ITEM_GOAL:
        v->kind = VIEW_ITEM_GOALS;
        for (int slot = 1; slot <= it->max && slot <= VIEW_STUDENT_GOALS; slot++) {
            const char *what = goal_text(st, it, slot, QUESTIONNAIRE_GOAL_WHAT);
            if (!what[0])
                continue;
            st->goal_slot[v->ngoals] = slot;
            snprintf(v->goals[v->ngoals++], sizeof v->goals[0], "%s", what);
        }
        v->can_add_goal = v->ngoals < it->max && v->ngoals < VIEW_STUDENT_GOALS;
        break;
    case QUESTIONNAIRE_ITEM_OPEN:
        break;
    }
    show(a, &screen_student_item);
}

/* The first item without an answer, or -1 when all have one. */
static int first_open_item(const struct student *st)
{
    for (int i = 0; i < st->q->nitems; i++)
        if (!answered(st, &st->q->items[i]))
            return i;
    return -1;
}

static void leave_questionnaire(struct app *a);

/* Starts questionnaire name, or goes on with the student's unfinished one
 * (the exact version they started). */
static void begin(struct app *a, const char *name)
{
    struct student *st = me(a);
    leave_questionnaire(a);
    struct db_response r;
    int found = db_questionnaire_unfinished(a->db, a->student.id, name, &r);
    if (found == 1) {
        st->q = db_questionnaire_get(a->db, r.questionnaire_id);
        st->response_id = r.id;
    } else if (found == 0) {
        st->q = db_questionnaire_newest(a->db, name);
    }
    if (!st->q || st->q->nitems <= 0 || load_answers(a) != 0) {
        leave_questionnaire(a);
        app_show_notice(a, VIEW_NOTICE_STORE_FAILED);
        return;
    }
    memset(sv(a)->message, 0, sizeof sv(a)->message);
    int open = first_open_item(st);
    if (found == 1) {
        log_info("student %s goes on with response %lld", a->student.number,
                 (long long)st->response_id);
        say(a, "Je gaat verder waar je was gebleven.", 0);
    }
    if (found == 1 && open < 0) {
        st->item = st->q->nitems - 1;
        show_summary(a);
        return;
    }
    st->item = open > 0 ? open : 0;
    show_item(a);
}

static void next_item(struct app *a)
{
    struct student *st = me(a);
    memset(sv(a)->message, 0, sizeof sv(a)->message);
    if (st->item + 1 < st->q->nitems) {
        st->item++;
        show_item(a);
    } else {
        show_summary(a);
    }
}

static void prev_item(struct app *a)
{
    struct student *st = me(a);
    memset(sv(a)->message, 0, sizeof sv(a)->message);
    if (st->item == 0) {
        show_menu(a);
        return;
    }
    st->item--;
    show_item(a);
}

/* ---- typing ------------------------------------------------------------- */

static const char *const part_hint[QUESTIONNAIRE_GOAL_PARTS] = {
    "Bijvoorbeeld: Ik wil leren om zelf een klant te helpen.",
    "Bijvoorbeeld: voor de kerstvakantie.",
    "Bijvoorbeeld: mijn begeleider zegt dat het goed gaat.",
};

static const char *const part_prompt[QUESTIONNAIRE_GOAL_PARTS] = {
    "Wat wil je leren of beter doen?",
    "Wanneer wil je dat kunnen?",
    "Hoe weet je dat het gelukt is?",
};

/* Opens the keyboard for the open item (st->slot 0) or for part st->part
 * of learning goal st->slot, with what was saved before in the field. */
static void show_text(struct app *a)
{
    struct student *st = me(a);
    struct view_student *v = sv(a);
    const struct questionnaire_item *it = &st->q->items[st->item];
    st->mode = SM_TEXT;
    view_head(a);
    if (st->slot == 0) {
        snprintf(v->step, sizeof v->step, "%s · Vraag %d van %d", st->q->title, st->item + 1,
                 st->q->nitems);
        snprintf(v->prompt, sizeof v->prompt, "%s", it->text);
        snprintf(v->help, sizeof v->help, "%s", it->help);
        snprintf(v->placeholder, sizeof v->placeholder, "Typ hier je antwoord.");
        keyboard_text_init(&v->text, it->max > 0 ? it->max : 0);
        const struct db_answer *x = answer_of(st, it->key);
        keyboard_text_set(&v->text, x && !x->has_num && x->text ? x->text : "");
    } else {
        snprintf(v->step, sizeof v->step, "Leerdoel %d · Vraag %d van 3", st->slot,
                 (int)st->part + 1);
        const char *prompt = it->prompts[st->part][0] ? it->prompts[st->part]
                                                      : part_prompt[st->part];
        snprintf(v->prompt, sizeof v->prompt, "%s", prompt);
        snprintf(v->help, sizeof v->help, "%s", part_hint[st->part]);
        snprintf(v->placeholder, sizeof v->placeholder, "Typ hier.");
        keyboard_text_init(&v->text, DB_GOAL_TEXT_CHARS);
        keyboard_text_set(&v->text, goal_text(st, it, st->slot, st->part));
    }
    keyboard_init(&v->kb, &v->text);
    show(a, &screen_student_text);
}

/* Starts typing a new goal in slot from a template: the part before "..."
 * goes in the field, the part after it is added when the student is done. */
static void start_goal(struct app *a, int slot, const char *template)
{
    struct student *st = me(a);
    st->slot = slot;
    st->part = QUESTIONNAIRE_GOAL_WHAT;
    st->suffix[0] = '\0';
    show_text(a);
    if (!template)
        return;
    struct view_student *v = sv(a);
    const char *dots = strstr(template, "...");
    if (!dots) {
        keyboard_text_set(&v->text, template);
    } else {
        char start[QUESTIONNAIRE_LABEL_MAX];
        snprintf(start, sizeof start, "%.*s", (int)(dots - template), template);
        keyboard_text_set(&v->text, start);
        snprintf(st->suffix, sizeof st->suffix, "%s", dots + 3);
        snprintf(v->help, sizeof v->help, "Maak de zin af.");
        /* the student sees how the sentence will end */
        size_t n = strlen(v->step);
        const char *end = st->suffix + strspn(st->suffix, " ");
        if (*end)
            snprintf(v->step + n, sizeof v->step - n, " · Je zin eindigt met: %s", end);
    }
    keyboard_init(&v->kb, &v->text);
    v->kb.shift = 0; /* the sentence has begun */
}

/* Saves what is in the field. 0, or -1 when it could not be saved. */
static int commit_text(struct app *a)
{
    struct student *st = me(a);
    struct view_student *v = sv(a);
    const struct questionnaire_item *it = &st->q->items[st->item];
    char text[KEYBOARD_TEXT_MAX + QUESTIONNAIRE_LABEL_MAX];
    snprintf(text, sizeof text, "%s", v->text.s);
    /* the end of the template, unless the student already wrote it */
    size_t n = strlen(text), k = strlen(st->suffix);
    if (st->slot && st->part == QUESTIONNAIRE_GOAL_WHAT && k && n && (n < k || strcmp(text + n - k,
                                                                          st->suffix))) {
        while (n && text[n - 1] == ' ' && st->suffix[0] == ' ')
            text[--n] = '\0';
        snprintf(text + n, sizeof text - n, "%s", st->suffix);
    }
    /* trailing spaces count for nothing */
    for (n = strlen(text); n && text[n - 1] == ' '; n--)
        text[n - 1] = '\0';
    if (st->slot == 0) {
        const struct db_answer *x = answer_of(st, it->key);
        const char *before = x && !x->has_num && x->text ? x->text : "";
        if (!strcmp(before, text) || (!text[0] && !st->response_id))
            return 0;
        return save(a, it->key, 0, 0, text);
    }
    char key[DB_ANSWER_KEY_MAX];
    if (questionnaire_goal_key(it->key, st->slot, st->part, key, sizeof key) != 0)
        return -1;
    if (!strcmp(goal_text(st, it, st->slot, st->part), text))
        return 0;
    if (!text[0] && !st->response_id)
        return 0;
    int rc = save(a, key, 0, 0, text);
    if (rc == 0 && st->part == QUESTIONNAIRE_GOAL_WHAT)
        st->suffix[0] = '\0';
    return rc;
}

static void text_done(struct app *a)
{
    struct student *st = me(a);
    struct view_student *v = sv(a);
    const struct questionnaire_item *it = &st->q->items[st->item];
    int empty = keyboard_text_chars(&v->text) == 0;
    if (empty && st->slot == 0 && it->required) {
        say(a, "Typ eerst je antwoord.", 1);
        return;
    }
    if (empty && st->slot && st->part == QUESTIONNAIRE_GOAL_WHAT) {
        say(a, "Typ eerst wat je wilt leren.", 1);
        return;
    }
    if (commit_text(a) != 0) {
        return; /* save() told the student */
    }
    if (st->slot == 0) {
        next_item(a);
        return;
    }
    if (st->part + 1 < QUESTIONNAIRE_GOAL_PARTS) {
        st->part++;
        show_text(a);
        return;
    }
    st->slot = 0;
    show_item(a);
}

static void text_back(struct app *a)
{
    struct student *st = me(a);
    if (keyboard_text_chars(&sv(a)->text) > 0)
        commit_text(a);
    if (st->slot == 0) {
        prev_item(a);
        return;
    }
    if (st->part > QUESTIONNAIRE_GOAL_WHAT) {
        st->part--;
        show_text(a);
        return;
    }
    st->slot = 0;
    show_item(a);
}

/* ---- answering ---------------------------------------------------------- */

static void show_templates(struct app *a, int slot)
{
    struct student *st = me(a);
    struct view_student *v = sv(a);
    const struct questionnaire_item *it = &st->q->items[st->item];
    st->mode = SM_TEMPLATES;
    st->slot = slot;
    view_head(a);
    v->kind = VIEW_ITEM_TEMPLATES;
    snprintf(v->question, sizeof v->question, "Leerdoel %d: kies hoe je zin begint.", slot);
    snprintf(v->help, sizeof v->help, "Of typ je leerdoel helemaal zelf.");
    v->noptions = 0;
    v->selected = 0;
    for (int i = 0; i < it->noptions && v->noptions < VIEW_STUDENT_OPTIONS - 1; i++)
        snprintf(v->options[v->noptions++], sizeof v->options[0], "%s", it->options[i]);
    snprintf(v->options[v->noptions++], sizeof v->options[0], "Zelf typen");
    show(a, &screen_student_item);
}

static void pick(struct app *a, int i)
{
    struct student *st = me(a);
    const struct questionnaire_item *it = &st->q->items[st->item];
    if (st->mode == SM_TEMPLATES) {
        if (i < 0 || i >= sv(a)->noptions)
            return;
        start_goal(a, st->slot, i < sv(a)->noptions - 1 ? it->options[i] : NULL);
        return;
    }
    if (i < 0 || i >= it->noptions)
        return;
    if (it->type == QUESTIONNAIRE_ITEM_MULTI) {
        unsigned bits = picks_of(answer_of(st, it->key)) ^ (1u << i);
        int max = it->max > 0 ? it->max : it->noptions;
        if (count_bits(bits) > max) {
            char line[128];
            snprintf(line, sizeof line, "Je kunt er %d kiezen. Tik eerst een ander weg.", max);
            say(a, line, 1);
            return;
        }
        char text[128] = "";
        size_t n = 0;
        for (int k = 0; k < it->noptions; k++)
            if ((bits >> k) & 1)
                n += (size_t)snprintf(text + n, sizeof text - n, "%s%d", n ? "," : "", k + 1);
        if (save(a, it->key, 0, 0, text) == 0) {
            memset(sv(a)->message, 0, sizeof sv(a)->message);
            show_item(a);
        }
        return;
    }
    if (it->type != QUESTIONNAIRE_ITEM_SCALE && it->type != QUESTIONNAIRE_ITEM_SMILEY && it->type != QUESTIONNAIRE_ITEM_CHOICE)
        return;
    /* Committed, then on: one tap per statement keeps a scan quick. */
    if (save(a, it->key, 1, i + 1, NULL) == 0)
        next_item(a);
}

static void goal_new(struct app *a)
{
    struct student *st = me(a);
    const struct questionnaire_item *it = &st->q->items[st->item];
    for (int slot = 1; slot <= it->max && slot <= VIEW_STUDENT_GOALS; slot++)
        if (!goal_text(st, it, slot, QUESTIONNAIRE_GOAL_WHAT)[0]) {
            it->noptions ? show_templates(a, slot) : start_goal(a, slot, NULL);
            return;
        }
}

static void goal_remove(struct app *a, int i)
{
    struct student *st = me(a);
    const struct questionnaire_item *it = &st->q->items[st->item];
    if (i < 0 || i >= sv(a)->ngoals)
        return;
    int slot = st->goal_slot[i];
    for (int p = QUESTIONNAIRE_GOAL_PROOF; p >= QUESTIONNAIRE_GOAL_WHAT; p--) {
        char key[DB_ANSWER_KEY_MAX];
        if (questionnaire_goal_key(it->key, slot, (enum questionnaire_goal_part)p, key, sizeof key) ||
            !goal_text(st, it, slot, (enum questionnaire_goal_part)p)[0])
            continue;
        if (save(a, key, 0, 0, "") != 0)
            return;
    }
    log_info("student %s removed learning goal %d", a->student.number, slot);
    show_item(a);
}

static void item_next(struct app *a)
{
    struct student *st = me(a);
    const struct questionnaire_item *it = &st->q->items[st->item];
    if (!it->required || answered(st, it)) {
        next_item(a);
        return;
    }
    char line[128];
    if (it->type == QUESTIONNAIRE_ITEM_MULTI)
        snprintf(line, sizeof line, "Kies er eerst minstens %d.", it->min > 0 ? it->min : 1);
    else if (it->type == QUESTIONNAIRE_ITEM_GOAL)
        snprintf(line, sizeof line, "Maak eerst een leerdoel. Tik op Nieuw leerdoel.");
    else
        snprintf(line, sizeof line, "Kies eerst een antwoord.");
    say(a, line, 1);
}

/* ---- the summary and saving --------------------------------------------- */

static void answer_text(const struct student *st, const struct questionnaire_item *it,
                        char *out, size_t outlen)
{
    const struct db_answer *x = answer_of(st, it->key);
    out[0] = '\0';
    size_t n = 0;
    switch (it->type) {
    case QUESTIONNAIRE_ITEM_SCALE:
    case QUESTIONNAIRE_ITEM_SMILEY:
        if (x && x->has_num && x->num >= 1 && x->num <= it->noptions)
            snprintf(out, outlen, "%d %s", (int)x->num, it->options[x->num - 1]);
        break;
    case QUESTIONNAIRE_ITEM_CHOICE:
        if (x && x->has_num && x->num >= 1 && x->num <= it->noptions)
            snprintf(out, outlen, "%s", it->options[x->num - 1]);
        break;
    case QUESTIONNAIRE_ITEM_MULTI: {
        unsigned bits = picks_of(x);
        for (int k = 0; k < it->noptions && n < outlen; k++)
            if ((bits >> k) & 1)
                n += (size_t)snprintf(out + n, outlen - n, "%s%s", n ? ", " : "", it->options[k]);
        break;
    }
    case QUESTIONNAIRE_ITEM_OPEN:
        if (x && !x->has_num && x->text)
            snprintf(out, outlen, "%s", x->text);
        break;
    case QUESTIONNAIRE_ITEM_GOAL:
        for (int slot = 1, k = 1; slot <= it->max && n < outlen; slot++) {
            const char *what = goal_text(st, it, slot, QUESTIONNAIRE_GOAL_WHAT);
            if (what[0])
                n += (size_t)snprintf(out + n, outlen - n, "%s%d. %s", n ? "  " : "", k++, what);
        }
        break;
    }
}

static void show_summary(struct app *a)
{
    struct student *st = me(a);
    struct view_student *v = sv(a);
    st->mode = SM_SUMMARY;
    view_head(a);
    v->nrows = 0;
    for (int i = 0; i < st->q->nitems && v->nrows < VIEW_STUDENT_ROWS; i++) {
        const struct questionnaire_item *it = &st->q->items[i];
        struct view_student_row *r = &v->rows[v->nrows++];
        snprintf(r->text, sizeof r->text, "%s", it->text);
        answer_text(st, it, r->answer, sizeof r->answer);
        r->missing = it->required && !answered(st, it);
        if (!r->answer[0] && !r->missing)
            snprintf(r->answer, sizeof r->answer, "-");
    }
    int per = screen_student_summary_rows(a->ui);
    int pages = (v->nrows + per - 1) / per;
    if (v->page >= pages)
        v->page = pages > 0 ? pages - 1 : 0;
    if (v->page < 0)
        v->page = 0;
    show(a, &screen_student_summary);
}

static void save_all(struct app *a)
{
    struct student *st = me(a);
    struct view_student *v = sv(a);
    char err[256];
    if (!st->response_id) {
        snprintf(v->message, sizeof v->message, "Je hebt nog niets ingevuld.");
        show_summary(a);
        return;
    }
    if (db_questionnaire_finish(a->db, st->response_id, clock_unix(), err, sizeof err) != 0) {
        snprintf(v->message, sizeof v->message, "%s", err);
        show_summary(a);
        return;
    }
    /* Committed: only now may the screen say it was saved. */
    log_info("student %s saved %s (response %lld)", a->student.number, st->q->id,
             (long long)st->response_id);
    const char *kind = st->q->kind;
    snprintf(v->saved, sizeof v->saved, "%s",
             !strcmp(kind, "zelfscan")    ? "Je zelfscan is bewaard. Je groei zie je bij Mijn "
                                            "dossier."
             : !strcmp(kind, "weekcheck") ? "Je weekcheck is bewaard. Dank je!"
             : !strcmp(kind, "intake")    ? "Je intake en je leerdoelen zijn bewaard."
                                          : "Je antwoorden zijn bewaard.");
    leave_questionnaire(a);
    st->mode = SM_SAVED;
    fill_menu(a);
    app_show(a, &screen_student_saved, a->cfg.return_idle_s);
}

static void show_dossier(struct app *a)
{
    struct student *st = me(a);
    leave_questionnaire(a);
    if (dossier_fill(a, &a->student) != 0) {
        app_show_notice(a, VIEW_NOTICE_STORE_FAILED);
        return;
    }
    st->mode = SM_DOSSIER;
    show(a, &screen_dossier);
}

/* ---- input -------------------------------------------------------------- */

static int keyboard_action(struct app *a, int action)
{
    struct view_student *v = sv(a);
    switch (keyboard_press(&v->kb, action, &v->text)) {
    case KEYBOARD_IGNORED:
        return 0;
    case KEYBOARD_CHANGED:
        v->message[0] = '\0';
        a->dirty = 1;
        return 1;
    case KEYBOARD_DONE:
        text_done(a);
        return 1;
    }
    return 1;
}

static int student_action(struct app *a, int action)
{
    struct student *st = me(a);
    if (!a->has_student)
        return 0;
    if (a->screen == &screen_student_text && action >= UI_ACTION_KEYBOARD_FIRST &&
        action <= UI_ACTION_KEYBOARD_LAST) {
        busy(a);
        return keyboard_action(a, action);
    }
    if (action < STUDENT_ZELFSCAN || action > 799)
        return 0;
    if (ours(a->screen))
        busy(a);
    /* a message answers the last tap only */
    memset(sv(a)->message, 0, sizeof sv(a)->message);
    switch (action) {
    case STUDENT_ZELFSCAN:
        begin(a, st->zelfscan);
        return 1;
    case STUDENT_WEEKCHECK:
        begin(a, st->weekcheck);
        return 1;
    case STUDENT_INTAKE:
        begin(a, st->intake);
        return 1;
    case STUDENT_DOSSIER:
        show_dossier(a);
        return 1;
    case STUDENT_BACK:
    case STUDENT_LOGOUT:
        if (action == STUDENT_BACK)
            break;
        log_info("student %s logged out", a->student.number);
        app_show_idle(a);
        return 1;
    default:
        break;
    }
    if (st->mode == SM_DOSSIER) {
        if (action == STUDENT_BACK)
            show_menu(a);
        else if (action >= STUDENT_TAB_0 && action < STUDENT_TAB_0 + VIEW_TABS &&
                 (action - STUDENT_TAB_0 != VIEW_TAB_PHONE || sv(a)->has_qr))
            sv(a)->tab = (enum view_tab)(action - STUDENT_TAB_0);
        return 1;
    }
    if (!st->q)
        return 1;
    if (action == STUDENT_STOP) {
        log_info("student %s stopped %s; answers kept", a->student.number, st->q->id);
        leave_questionnaire(a);
        show_menu(a);
        return 1;
    }
    switch (st->mode) {
    case SM_TEXT:
        if (action == STUDENT_BACK)
            text_back(a);
        break;
    case SM_TEMPLATES:
        if (action == STUDENT_BACK) {
            st->slot = 0;
            show_item(a);
        } else if (action >= STUDENT_OPTION_0 && action < STUDENT_OPTION_0 + VIEW_STUDENT_OPTIONS) {
            pick(a, action - STUDENT_OPTION_0);
        }
        break;
    case SM_ITEM:
        if (action == STUDENT_BACK)
            prev_item(a);
        else if (action == STUDENT_NEXT)
            item_next(a);
        else if (action >= STUDENT_OPTION_0 && action < STUDENT_OPTION_0 + VIEW_STUDENT_OPTIONS)
            pick(a, action - STUDENT_OPTION_0);
        else if (action == STUDENT_GOAL_NEW)
            goal_new(a);
        else if (action >= STUDENT_GOAL_0 && action < STUDENT_GOAL_0 + VIEW_STUDENT_GOALS &&
                 action - STUDENT_GOAL_0 < sv(a)->ngoals)
            start_goal(a, st->goal_slot[action - STUDENT_GOAL_0], NULL);
        else if (action >= STUDENT_GOAL_REMOVE_0 &&
                 action < STUDENT_GOAL_REMOVE_0 + VIEW_STUDENT_GOALS)
            goal_remove(a, action - STUDENT_GOAL_REMOVE_0);
        break;
    case SM_SUMMARY:
        if (action == STUDENT_BACK) {
            memset(sv(a)->message, 0, sizeof sv(a)->message);
            st->item = st->q->nitems - 1;
            show_item(a);
        } else if (action == STUDENT_SAVE) {
            save_all(a);
        } else if (action == STUDENT_PAGE_NEXT || action == STUDENT_PAGE_PREV) {
            sv(a)->page += action == STUDENT_PAGE_NEXT ? 1 : -1;
            show_summary(a);
        }
        break;
    default:
        break;
    }
    return 1;
}

/* While the keyboard shows, typed text goes into the field, never to the
 * scanner. */
static int student_text(struct app *a, const char *text)
{
    if (a->screen != &screen_student_text || !a->has_student)
        return 0;
    SDL_Event ev = {.type = SDL_TEXTINPUT};
    snprintf(ev.text.text, sizeof ev.text.text, "%s", text);
    busy(a);
    if (keyboard_handle_event(&sv(a)->kb, &ev, &sv(a)->text) != KEYBOARD_IGNORED) {
        sv(a)->message[0] = '\0';
        a->dirty = 1;
    }
    return 1;
}

static int student_key(struct app *a, SDL_Keycode key)
{
    if (a->screen != &screen_student_text || !a->has_student)
        return 0;
    busy(a);
    if (key == SDLK_ESCAPE) {
        text_back(a);
        return 1;
    }
    SDL_Event ev = {.type = SDL_KEYDOWN};
    ev.key.keysym.sym = key;
    enum keyboard_result r = keyboard_handle_event(&sv(a)->kb, &ev, &sv(a)->text);
    if (r == KEYBOARD_DONE)
        text_done(a);
    else if (r == KEYBOARD_CHANGED)
        a->dirty = 1;
    return 1;
}

/* Any touch on our screens means the student is still here. */
static int student_touch(struct app *a, int x, int y, int down)
{
    if (down && a->has_student && ours(a->screen))
        busy(a);
    return 0;
}

/* ---- rest, time and changes --------------------------------------------- */

static void leave_questionnaire(struct app *a)
{
    struct student *st = me(a);
    questionnaire_free(st->q);
    st->q = NULL;
    st->response_id = 0;
    st->item = 0;
    st->slot = 0;
    st->suffix[0] = '\0';
    drop_answers(st);
}

/* The student left (logged out, timed out, or someone else scanned): what
 * was typed is kept as an (unfinished) answer, then nothing of them stays. */
static void forget(struct app *a)
{
    struct student *st = me(a);
    if (st->mode == SM_TEXT && st->q && keyboard_text_chars(&sv(a)->text) > 0 &&
        commit_text(a) == 0)
        log_info("student %s left while typing; the text is kept", st->number);
    leave_questionnaire(a);
    st->mode = SM_MENU;
    st->student_id = 0;
    st->number[0] = '\0';
    memset(sv(a), 0, sizeof *sv(a));
}

/* The countdown shows the whole seconds left before logout; it changes
 * exactly when the number does (the app's own refresh keeps to the clock's
 * seconds, up to a second late). */
static int seconds_left(const struct app *a, int64_t now)
{
    return (int)((a->screen_until - now + 999) / 1000);
}

static int64_t student_deadline(const struct app *a)
{
    if (!ours(a->screen) || !a->screen_until)
        return 0;
    int64_t now = clock_ms();
    int left = seconds_left(a, now);
    return left > 1 ? a->screen_until - (left - 1) * 1000LL : a->screen_until;
}

static void student_tick(struct app *a, int64_t now)
{
    struct student *st = me(a);
    if (ours(a->screen) && a->screen_until && seconds_left(a, now) != a->view.seconds_left) {
        a->view.seconds_left = seconds_left(a, now);
        a->dirty = 1;
    }
    if (!a->has_student) {
        if (st->student_id)
            forget(a);
        return;
    }
    if (a->student.id != st->student_id) {
        /* Another student scanned while the last one was busy. */
        if (st->student_id) {
            forget(a);
            ui_forget_texts(a->ui);
        }
        st->student_id = a->student.id;
        snprintf(st->number, sizeof st->number, "%s", a->student.number);
        fill_menu(a);
        /* A welcome with choices stays long enough to choose. */
        if (a->screen == &screen_welcome && a->view.student.nmenu &&
            a->cfg.student_menu_s > a->cfg.return_idle_s)
            app_show(a, &screen_welcome, a->cfg.student_menu_s);
        a->dirty = 1;
    }
    if (a->screen == &screen_welcome && st->mode != SM_MENU) {
        /* scanned again in the middle of something: back to the menu */
        if (st->mode == SM_TEXT && st->q)
            commit_text(a);
        leave_questionnaire(a);
        st->mode = SM_MENU;
        fill_menu(a);
        a->dirty = 1;
    }
}

static void student_store_changed(struct app *a)
{
    find_questionnaires(a);
    if (a->has_student && (a->screen == &screen_welcome || a->screen == &screen_student_saved))
        fill_menu(a);
}

/* ---- life cycle --------------------------------------------------------- */

static int student_start(struct app *a)
{
    struct student *st = calloc(1, sizeof *st);
    if (!st)
        return -1;
    a->student_state = st;
    char dir[4096], *report = NULL;
    if (assets_path("questionnaires", dir, sizeof dir) == 0) {
        int refused = db_questionnaire_load_dir(a->db, dir, 1, clock_unix(), &report);
        if (refused < 0)
            log_warn("questionnaires: cannot read %s", dir);
        else if (refused > 0)
            log_warn("questionnaires: %d refused: %s", refused, report ? report : "");
        free(report);
    } else {
        log_warn("questionnaires: no default questionnaires found");
    }
    find_questionnaires(a);
    return 0;
}

static void student_stop(struct app *a)
{
    struct student *st = me(a);
    if (!st)
        return;
    leave_questionnaire(a);
    free(st);
    a->student_state = NULL;
}

const struct flow flow_student = {
    .name = "student",
    .start = student_start,
    .stop = student_stop,
    .action = student_action,
    .key = student_key,
    .text = student_text,
    .touch = student_touch,
    .tick = student_tick,
    .deadline = student_deadline,
    .store_changed = student_store_changed,
};
