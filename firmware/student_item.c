/* student_item.c: answering a questionnaire, one item per screen: every
 * answer is committed as it is given; the summary, then "Opslaan" commits
 * the whole. The item's type picks the answer widget (ui/answer.h). */
#include "base/clock.h"
#include "base/log.h"
#include "firmware/student.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct student *me(struct app *a)
{
    return a->student_state;
}

static struct view_student *sv(struct app *a)
{
    return &a->view.student;
}

/* ---- answers ------------------------------------------------------------ */

void student_drop_answers(struct student *st)
{
    db_response_answers_free(st->answers, st->nanswers);
    st->answers = NULL;
    st->nanswers = 0;
}

static int load_answers(struct app *a)
{
    struct student *st = me(a);
    student_drop_answers(st);
    if (!st->response_id)
        return 0;
    int n = db_response_answers(a->db, st->response_id, &st->answers);
    if (n < 0) {
        st->answers = NULL;
        return -1;
    }
    st->nanswers = n;
    return 0;
}

const struct db_answer *student_answer_of(const struct student *st, const char *key)
{
    for (int i = 0; i < st->nanswers; i++)
        if (!strcmp(st->answers[i].key, key))
            return &st->answers[i];
    return NULL;
}

const char *student_goal_text(const struct student *st, const struct questionnaire_item *it,
                              int slot, enum questionnaire_goal_part part)
{
    char key[DB_ANSWER_KEY_MAX];
    if (questionnaire_goal_key(it->key, slot, part, key, sizeof key) != 0)
        return "";
    const struct db_answer *x = student_answer_of(st, key);
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
        n += student_goal_text(st, it, slot, QUESTIONNAIRE_GOAL_WHAT)[0] != '\0';
    return n;
}

/* 1 when the item has an answer that counts (as db_response_finish sees it). */
static int answered(const struct student *st, const struct questionnaire_item *it)
{
    const struct db_answer *x = student_answer_of(st, it->key);
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
    int64_t id = db_response_start(a->db, st->student_id, st->q->row_id,
                                     a->view.has_session ? a->session.id : 0, clock_unix());
    if (id < 0)
        return -1;
    st->response_id = id;
    log_info("student %s started %s version %d (response %lld)", st->number, st->q->id,
             st->q->version, (long long)id);
    return 0;
}

void student_say(struct app *a, const char *text, int warn)
{
    snprintf(sv(a)->message, sizeof sv(a)->message, "%s", text);
    sv(a)->message_warn = warn;
    a->dirty = 1;
}

const char *const student_save_failed = "Opslaan lukte niet. Probeer het nog een keer.";

/* Saves a number or text answer to key (text "" removes it); committed
 * before it returns. 0 or -1 (then the student is told). */
int student_save(struct app *a, const char *key, int has_num, int64_t num, const char *text)
{
    struct student *st = me(a);
    if (ensure_response(a) != 0) {
        student_say(a, student_save_failed, 1);
        return -1;
    }
    int rc;
    if (has_num)
        rc = db_response_answer_num(a->db, st->response_id, key, num, clock_unix());
    else if (text[0])
        rc = db_response_answer_text(a->db, st->response_id, key, text, clock_unix());
    else
        rc = db_response_answer_clear(a->db, st->response_id, key);
    if (rc != 0 || load_answers(a) != 0) {
        student_say(a, student_save_failed, 1);
        return -1;
    }
    return 0;
}

/* ---- showing a questionnaire -------------------------------------------- */

void student_show_text(struct app *a);
void student_show_summary(struct app *a);

void student_menu(struct app *a)
{
    me(a)->mode = SM_MENU;
    student_fill_menu(a);
    student_show(a, &screen_welcome);
}

void student_view_head(struct app *a)
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

void student_show_item(struct app *a)
{
    struct student *st = me(a);
    struct view_student *v = sv(a);
    const struct questionnaire_item *it = &st->q->items[st->item];
    if (it->type == QUESTIONNAIRE_ITEM_OPEN) {
        st->slot = 0;
        student_show_text(a);
        return;
    }
    st->mode = SM_ITEM;
    student_view_head(a);
    snprintf(v->question, sizeof v->question, "%s", it->text);
    snprintf(v->help, sizeof v->help, "%s", it->help);
    v->noptions = 0;
    v->selected = 0;
    v->ngoals = 0;
    v->can_add_goal = 0;
    const struct db_answer *x = student_answer_of(st, it->key);
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
            const char *what = student_goal_text(st, it, slot, QUESTIONNAIRE_GOAL_WHAT);
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
    student_show(a, &screen_student_item);
}

/* The first item without an answer, or -1 when all have one. */
static int first_open_item(const struct student *st)
{
    for (int i = 0; i < st->q->nitems; i++)
        if (!answered(st, &st->q->items[i]))
            return i;
    return -1;
}

void student_leave_questionnaire(struct app *a);

/* Starts questionnaire name, or goes on with the student's unfinished one
 * (the exact version they started). */
void student_begin(struct app *a, const char *name)
{
    struct student *st = me(a);
    student_leave_questionnaire(a);
    struct db_response r;
    int found = db_response_unfinished(a->db, a->student.id, name, &r);
    if (found == 1) {
        st->q = db_questionnaire_get(a->db, r.questionnaire_id);
        st->response_id = r.id;
    } else if (found == 0) {
        st->q = db_questionnaire_newest(a->db, name);
    }
    if (!st->q || st->q->nitems <= 0 || load_answers(a) != 0) {
        student_leave_questionnaire(a);
        app_show_notice(a, VIEW_NOTICE_STORE_FAILED);
        return;
    }
    memset(sv(a)->message, 0, sizeof sv(a)->message);
    int open = first_open_item(st);
    if (found == 1) {
        log_info("student %s goes on with response %lld", a->student.number,
                 (long long)st->response_id);
        student_say(a, "Je gaat verder waar je was gebleven.", 0);
    }
    if (found == 1 && open < 0) {
        st->item = st->q->nitems - 1;
        student_show_summary(a);
        return;
    }
    st->item = open > 0 ? open : 0;
    student_show_item(a);
}

void student_next_item(struct app *a)
{
    struct student *st = me(a);
    memset(sv(a)->message, 0, sizeof sv(a)->message);
    if (st->item + 1 < st->q->nitems) {
        st->item++;
        student_show_item(a);
    } else {
        student_show_summary(a);
    }
}

void student_prev_item(struct app *a)
{
    struct student *st = me(a);
    memset(sv(a)->message, 0, sizeof sv(a)->message);
    if (st->item == 0) {
        student_menu(a);
        return;
    }
    st->item--;
    student_show_item(a);
}

/* ---- answering ---------------------------------------------------------- */

static void show_templates(struct app *a, int slot)
{
    struct student *st = me(a);
    struct view_student *v = sv(a);
    const struct questionnaire_item *it = &st->q->items[st->item];
    st->mode = SM_TEMPLATES;
    st->slot = slot;
    student_view_head(a);
    v->kind = VIEW_ITEM_TEMPLATES;
    snprintf(v->question, sizeof v->question, "Leerdoel %d: kies hoe je zin begint.", slot);
    snprintf(v->help, sizeof v->help, "Of typ je leerdoel helemaal zelf.");
    v->noptions = 0;
    v->selected = 0;
    for (int i = 0; i < it->noptions && v->noptions < VIEW_STUDENT_OPTIONS - 1; i++)
        snprintf(v->options[v->noptions++], sizeof v->options[0], "%s", it->options[i]);
    snprintf(v->options[v->noptions++], sizeof v->options[0], "Zelf typen");
    student_show(a, &screen_student_item);
}

static void pick(struct app *a, int i)
{
    struct student *st = me(a);
    const struct questionnaire_item *it = &st->q->items[st->item];
    if (st->mode == SM_TEMPLATES) {
        if (i < 0 || i >= sv(a)->noptions)
            return;
        student_start_goal(a, st->slot, i < sv(a)->noptions - 1 ? it->options[i] : NULL);
        return;
    }
    if (i < 0 || i >= it->noptions)
        return;
    if (it->type == QUESTIONNAIRE_ITEM_MULTI) {
        unsigned bits = picks_of(student_answer_of(st, it->key)) ^ (1u << i);
        int max = it->max > 0 ? it->max : it->noptions;
        if (count_bits(bits) > max) {
            char line[128];
            snprintf(line, sizeof line, "Je kunt er %d kiezen. Tik eerst een ander weg.", max);
            student_say(a, line, 1);
            return;
        }
        char text[128] = "";
        size_t n = 0;
        for (int k = 0; k < it->noptions; k++)
            if ((bits >> k) & 1)
                n += (size_t)snprintf(text + n, sizeof text - n, "%s%d", n ? "," : "", k + 1);
        if (student_save(a, it->key, 0, 0, text) == 0) {
            memset(sv(a)->message, 0, sizeof sv(a)->message);
            student_show_item(a);
        }
        return;
    }
    if (it->type != QUESTIONNAIRE_ITEM_SCALE && it->type != QUESTIONNAIRE_ITEM_SMILEY && it->type != QUESTIONNAIRE_ITEM_CHOICE)
        return;
    /* Committed, then on: one tap per statement keeps a scan quick. */
    if (student_save(a, it->key, 1, i + 1, NULL) == 0)
        student_next_item(a);
}

static void goal_new(struct app *a)
{
    struct student *st = me(a);
    const struct questionnaire_item *it = &st->q->items[st->item];
    for (int slot = 1; slot <= it->max && slot <= VIEW_STUDENT_GOALS; slot++) {
        if (student_goal_text(st, it, slot, QUESTIONNAIRE_GOAL_WHAT)[0])
            continue;
        if (it->noptions)
            show_templates(a, slot);
        else
            student_start_goal(a, slot, NULL);
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
            !student_goal_text(st, it, slot, (enum questionnaire_goal_part)p)[0])
            continue;
        if (student_save(a, key, 0, 0, "") != 0)
            return;
    }
    log_info("student %s removed learning goal %d", a->student.number, slot);
    student_show_item(a);
}

void student_item_next(struct app *a)
{
    struct student *st = me(a);
    const struct questionnaire_item *it = &st->q->items[st->item];
    if (!it->required || answered(st, it)) {
        student_next_item(a);
        return;
    }
    char line[128];
    if (it->type == QUESTIONNAIRE_ITEM_MULTI)
        snprintf(line, sizeof line, "Kies er eerst minstens %d.", it->min > 0 ? it->min : 1);
    else if (it->type == QUESTIONNAIRE_ITEM_GOAL)
        snprintf(line, sizeof line, "Maak eerst een leerdoel. Tik op Nieuw leerdoel.");
    else
        snprintf(line, sizeof line, "Kies eerst een antwoord.");
    student_say(a, line, 1);
}

/* ---- the summary and saving --------------------------------------------- */

static void answer_text(const struct student *st, const struct questionnaire_item *it,
                        char *out, size_t outlen)
{
    const struct db_answer *x = student_answer_of(st, it->key);
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
            const char *what = student_goal_text(st, it, slot, QUESTIONNAIRE_GOAL_WHAT);
            if (what[0])
                n += (size_t)snprintf(out + n, outlen - n, "%s%d. %s", n ? "  " : "", k++, what);
        }
        break;
    }
}

void student_show_summary(struct app *a)
{
    struct student *st = me(a);
    struct view_student *v = sv(a);
    st->mode = SM_SUMMARY;
    student_view_head(a);
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
    student_show(a, &screen_student_summary);
}

static void save_all(struct app *a)
{
    struct student *st = me(a);
    struct view_student *v = sv(a);
    char err[256];
    if (!st->response_id) {
        snprintf(v->message, sizeof v->message, "Je hebt nog niets ingevuld.");
        student_show_summary(a);
        return;
    }
    if (db_response_finish(a->db, st->response_id, clock_unix(), err, sizeof err) != 0) {
        snprintf(v->message, sizeof v->message, "%s", err);
        student_show_summary(a);
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
    student_leave_questionnaire(a);
    st->mode = SM_SAVED;
    student_fill_menu(a);
    app_show(a, &screen_student_saved, a->cfg.return_idle_s);
}

/* A tap while a questionnaire shows: 1 when handled. */
int student_item_action(struct app *a, int action)
{
    struct student *st = me(a);
    if (!st->q)
        return 1;
    if (action == STUDENT_STOP) {
        log_info("student %s stopped %s; answers kept", a->student.number, st->q->id);
        student_leave_questionnaire(a);
        student_menu(a);
        return 1;
    }
    switch (st->mode) {
    case SM_TEXT:
        if (action == STUDENT_BACK)
            student_text_back(a);
        break;
    case SM_TEMPLATES:
        if (action == STUDENT_BACK) {
            st->slot = 0;
            student_show_item(a);
        } else if (action >= STUDENT_OPTION_0 && action < STUDENT_OPTION_0 + VIEW_STUDENT_OPTIONS) {
            pick(a, action - STUDENT_OPTION_0);
        }
        break;
    case SM_ITEM:
        if (action == STUDENT_BACK)
            student_prev_item(a);
        else if (action == STUDENT_NEXT)
            student_item_next(a);
        else if (action >= STUDENT_OPTION_0 && action < STUDENT_OPTION_0 + VIEW_STUDENT_OPTIONS)
            pick(a, action - STUDENT_OPTION_0);
        else if (action == STUDENT_GOAL_NEW)
            goal_new(a);
        else if (action >= STUDENT_GOAL_0 && action < STUDENT_GOAL_0 + VIEW_STUDENT_GOALS &&
                 action - STUDENT_GOAL_0 < sv(a)->ngoals)
            student_start_goal(a, st->goal_slot[action - STUDENT_GOAL_0], NULL);
        else if (action >= STUDENT_GOAL_REMOVE_0 &&
                 action < STUDENT_GOAL_REMOVE_0 + VIEW_STUDENT_GOALS)
            goal_remove(a, action - STUDENT_GOAL_REMOVE_0);
        break;
    case SM_SUMMARY:
        if (action == STUDENT_BACK) {
            memset(sv(a)->message, 0, sizeof sv(a)->message);
            st->item = st->q->nitems - 1;
            student_show_item(a);
        } else if (action == STUDENT_SAVE) {
            save_all(a);
        } else if (action == STUDENT_PAGE_NEXT || action == STUDENT_PAGE_PREV) {
            sv(a)->page += action == STUDENT_PAGE_NEXT ? 1 : -1;
            student_show_summary(a);
        }
        break;
    default:
        break;
    }
    return 1;
}
