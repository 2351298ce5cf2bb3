/* teacher_polls.c: the teacher runs polls (choose a list and a question,
 * how the group votes, then reveal, next, close) and shows conversation
 * cards. firmware/flow_poll.c counts the votes; this page only writes the
 * poll's state to the store and tells the app (app_store_changed). */
#include "db/db_poll.h"
#include "firmware/assets.h"
#include "firmware/buttons.h"
#include "base/clock.h"
#include "firmware/teacher.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct teacher_step step_sets, step_questions, step_mode,
    step_cardsets, step_card, step_note, step_closed, step_result;

static struct view_teacher *tv(struct app *a)
{
    return &a->view.teacher;
}

static void page(struct app *a, const char *title, const char *message)
{
    teacher_page(a, title, message);
    app_show(a, &screen_poll_teacher, 0);
}

static void note(struct app *a, const char *title, const char *message)
{
    teacher_say(a, &step_note, title, message, &screen_poll_teacher);
}

/* ---- lists and questions --------------------------------------------- */

static void sets_show(struct app *a)
{
    struct teacher *t = a->teacher;
    t->nsets = db_poll_set_list(a->db, t->sets, VIEW_CHOICES - 2);
    if (t->nsets < 0)
        t->nsets = 0;
    t->nclosed = a->view.has_session
                     ? db_poll_closed(a->db, a->session.id, t->closed, VIEW_ROWS)
                     : 0;
    if (t->nclosed < 0)
        t->nclosed = 0;
    page(a, "Polls", t->nsets ? "Kies een vragenlijst, of toon gesprekskaarten."
                              : "Er zijn nog geen vragenlijsten voor polls.");
    for (int i = 0; i < t->nsets; i++)
        teacher_choice(a, t->sets[i].title);
    teacher_choice(a, "Gesprekskaarten");
    if (t->nclosed > 0)
        teacher_choice(a, "Uitslagen van vandaag");
}

static void sets_choice(struct app *a, int i)
{
    struct teacher *t = a->teacher;
    if (i > t->nsets) {
        t->page = 0;
        teacher_go(a, &step_closed);
        return;
    }
    if (i == t->nsets) {
        teacher_go(a, &step_cardsets);
        return;
    }
    snprintf(t->set_name, sizeof t->set_name, "%s", t->sets[i].name);
    t->nquestions = db_poll_set_questions(a->db, t->sets[i].id, t->questions,
                                          SETFILE_BLOCKS_MAX);
    if (t->nquestions < 0)
        t->nquestions = 0;
    t->page = 0;
    teacher_go(a, &step_questions);
}

static void questions_show(struct app *a)
{
    struct teacher *t = a->teacher;
    const char *title = "Polls";
    for (int i = 0; i < t->nsets; i++)
        if (!strcmp(t->sets[i].name, t->set_name))
            title = t->sets[i].title;
    page(a, title, "Welke vraag stel je?");
    struct view_teacher *v = tv(a);
    int first = teacher_paged(a, t->nquestions, VIEW_CHOICES);
    for (int i = first; i < t->nquestions && v->nchoices < VIEW_CHOICES; i++) {
        char label[sizeof v->choices[0]]; /* the whole question: never cut */
        snprintf(label, sizeof label, "%d. %s", t->questions[i].number, t->questions[i].text);
        teacher_choice(a, label);
    }
}

static void questions_choice(struct app *a, int i)
{
    int q = teacher_paged_at(a, i, VIEW_CHOICES, a->teacher->nquestions);
    if (q < 0)
        return;
    a->teacher->question = q;
    teacher_go(a, &step_mode);
}

static void mode_show(struct app *a)
{
    page(a, a->teacher->questions[a->teacher->question].text, "Hoe mag de groep stemmen?");
    teacher_choice(a, "Iedereen drukt op een knop");
    teacher_choice(a, "Met pas: één stem per student");
}

static void open_question(struct app *a, int index, int verified)
{
    struct teacher *t = a->teacher;
    char err[256];
    db_poll_close(a->db, clock_unix());
    int rc = db_poll_open(a->db, t->set_name, t->questions[index].number, verified, clock_unix(),
                          err, sizeof err);
    app_store_changed(a);
    if (rc < 0) {
        note(a, "Poll", err);
        return;
    }
    t->question = index;
    /* Without a projector the touchscreen is the group's screen: it shows
     * the question at once. With one, the room sees it there and the
     * teacher keeps the controls. */
    if (a->view.presenter)
        teacher_go(a, &teacher_step_poll_control);
    else
        teacher_leave(a, "poll opened: to the poll screen");
}

static void mode_choice(struct app *a, int i)
{
    open_question(a, a->teacher->question, i == 1);
}

/* ---- the open poll --------------------------------------------------- */

static void control_show(struct app *a)
{
    struct db_poll poll;
    if (db_poll_current(a->db, &poll) != 1) {
        teacher_go(a, &step_sets);
        return;
    }
    const struct view_poll *v = &a->view.poll;
    char msg[512];
    int n = snprintf(msg, sizeof msg, "%d %s%s.", v->n, v->n == 1 ? "stem" : "stemmen",
                     poll.verified ? ", één per student" : "");
    for (int i = 0; i < BUTTONS_MAX; i++)
        if (v->stuck >> i & 1)
            n += snprintf(msg + n, sizeof msg - (size_t)n, " Knop %d zit vast.", i + 1);
    page(a, poll.q.text, msg);
    teacher_choice(a, poll.revealed_at ? "Resultaat getoond" : "Resultaat tonen");
    teacher_choice(a, "Volgende vraag");
    teacher_choice(a, "Poll sluiten");
    teacher_choice(a, "Naar het pollscherm");
}

static void control_choice(struct app *a, int i)
{
    struct teacher *t = a->teacher;
    struct db_poll poll;
    int open = db_poll_current(a->db, &poll) == 1;
    if (i == 0) {
        db_poll_reveal(a->db, clock_unix());
        app_store_changed(a);
        control_show(a);
    } else if (i == 1) {
        if (t->nquestions == 0 || t->question + 1 >= t->nquestions)
            note(a, "Poll", "Dit was de laatste vraag van de lijst.");
        else
            open_question(a, t->question + 1, open && poll.verified);
    } else if (i == 2) {
        db_poll_close(a->db, clock_unix());
        app_store_changed(a);
        teacher_go(a, &step_sets);
    } else {
        teacher_leave(a, "to the poll screen");
    }
}

/* ---- the results of this session's closed polls --------------------------- */

static void closed_show(struct app *a)
{
    struct teacher *t = a->teacher;
    struct view_teacher *v = tv(a);
    page(a, "Uitslagen van vandaag", "Tik op een vraag om de uitslag te zien.");
    int per = screen_teacher_rows(a->ui);
    for (int i = teacher_paged(a, t->nclosed, per); i < t->nclosed && v->nrows < per; i++) {
        struct db_poll poll;
        struct db_poll_tally tally;
        if (db_poll_get(a->db, t->closed[i], &poll) != 1 ||
            db_poll_tally(a->db, poll.id, a->cfg.poll_min_votes, &tally) != 0)
            continue;
        struct view_row *r = &v->rows[v->nrows++];
        snprintf(r->name, sizeof r->name, "%d. %s", poll.q.number, poll.q.text);
        snprintf(r->status, sizeof r->status, "%d %s", tally.n, tally.n == 1 ? "stem" : "stemmen");
        r->tone = 0;
    }
}

static void closed_choice(struct app *a, int row)
{
    struct teacher *t = a->teacher;
    int i = teacher_paged_at(a, row, screen_teacher_rows(a->ui), t->nclosed);
    if (i < 0)
        return;
    t->closed_shown = i;
    teacher_go(a, &step_result);
}

/* One closed poll's figures, as the chart had them: below the minimum
 * number of votes only n, so a small group stays anonymous. */
static void result_show(struct app *a)
{
    struct teacher *t = a->teacher;
    struct db_poll poll;
    struct db_poll_tally tally;
    if (t->closed_shown >= t->nclosed ||
        db_poll_get(a->db, t->closed[t->closed_shown], &poll) != 1 ||
        db_poll_tally(a->db, poll.id, a->cfg.poll_min_votes, &tally) != 0) {
        note(a, "Uitslag", "De uitslag kan nu niet worden gelezen.");
        return;
    }
    char msg[sizeof tv(a)->message];
    size_t n = 0;
    if (!tally.shown)
        n += (size_t)snprintf(msg, sizeof msg, "Te weinig stemmen om te tonen (n = %d).",
                              tally.n);
    for (int i = 0; tally.shown && i < tally.noptions && n < sizeof msg; i++)
        n += (size_t)snprintf(msg + n, sizeof msg - n, "%s%s: %d (%d%%)", i ? "\n" : "",
                              poll.q.options[i], tally.count[i], tally.percent[i]);
    if (tally.shown && n < sizeof msg)
        snprintf(msg + n, sizeof msg - n, "\nn = %d", tally.n);
    page(a, poll.q.text, msg);
}

/* ---- conversation cards ---------------------------------------------- */

static void cardsets_show(struct app *a)
{
    struct teacher *t = a->teacher;
    page(a, "Gesprekskaarten", t->ncardsets ? "Kies een set kaarten voor het gesprek."
                                            : "Er zijn geen gesprekskaarten gevonden.");
    for (int i = 0; i < t->ncardsets && i < VIEW_CHOICES; i++)
        teacher_choice(a, t->cardsets[i].title);
}

static void cardsets_choice(struct app *a, int i)
{
    a->teacher->cardset = i;
    a->teacher->card = 0;
    teacher_go(a, &step_card);
}

static void card_show(struct app *a)
{
    struct teacher *t = a->teacher;
    const struct setfile *set = &t->cardsets[t->cardset];
    const struct setfile_block *c = &set->blocks[t->card];
    struct view_poll *v = &a->view.poll;
    snprintf(v->card_set, sizeof v->card_set, "%s", set->title);
    snprintf(v->card_title, sizeof v->card_title, "%s", c->text);
    v->card_nprompts = c->nitems < 5 ? c->nitems : 5;
    for (int i = 0; i < v->card_nprompts; i++)
        snprintf(v->card_prompts[i], sizeof v->card_prompts[i], "%s", c->items[i]);
    v->card_index = t->card;
    v->card_count = set->nblocks;
    app_show(a, &screen_poll_card, 0);
}

static int card_action(struct app *a, int action)
{
    struct teacher *t = a->teacher;
    if (action == POLL_CARD_STOP) {
        teacher_go(a, &step_cardsets);
        return 1;
    }
    if (action == POLL_CARD_NEXT && t->card + 1 < t->cardsets[t->cardset].nblocks)
        t->card++;
    else if (action == POLL_CARD_PREV && t->card > 0)
        t->card--;
    card_show(a);
    return 1;
}

/* ---- the steps ------------------------------------------------------- */

static const struct teacher_step step_sets = {
    .id = "polls", .show = sets_show, .choice = sets_choice,
};
static const struct teacher_step step_questions = {
    .id = "poll-questions", .show = questions_show, .choice = questions_choice,
    .back = &step_sets,
};
static const struct teacher_step step_mode = {
    .id = "poll-mode", .show = mode_show, .choice = mode_choice, .back = &step_questions,
};
const struct teacher_step teacher_step_poll_control = {
    .id = "poll-control", .show = control_show, .choice = control_choice, .back = &step_sets,
    .live = 1,
};
static const struct teacher_step step_cardsets = {
    .id = "cardsets", .show = cardsets_show, .choice = cardsets_choice, .back = &step_sets,
};
static const struct teacher_step step_card = {
    .id = "card", .show = card_show, .back = &step_cardsets, .action = card_action,
};
static const struct teacher_step step_note = {.id = "poll-note", .back = &step_sets};
static const struct teacher_step step_closed = {
    .id = "poll-results", .show = closed_show, .choice = closed_choice, .back = &step_sets,
};
static const struct teacher_step step_result = {
    .id = "poll-result", .show = result_show, .back = &step_closed,
};

void teacher_polls_open(struct app *a)
{
    struct db_poll poll;
    teacher_go(a, db_poll_current(a->db, &poll) == 1 ? &teacher_step_poll_control : &step_sets);
}

void teacher_polls_start(struct app *a)
{
    char dir[4096];
    struct teacher *t = a->teacher;
    if (assets_path("cards", dir, sizeof dir) == 0)
        setfile_read_dir(dir, &setfile_cards, &t->cardsets, &t->ncardsets, NULL);
}

void teacher_polls_stop(struct app *a)
{
    free(a->teacher->cardsets);
    a->teacher->cardsets = NULL;
    a->teacher->ncardsets = 0;
}
