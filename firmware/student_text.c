/* student_text.c: typing an open answer or one part of a learning goal,
 * with the on-screen keyboard (ui/keyboard.h) or a real one. */
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
void student_show_text(struct app *a)
{
    struct student *st = me(a);
    struct view_student *v = sv(a);
    const struct questionnaire_item *it = &st->q->items[st->item];
    st->mode = SM_TEXT;
    student_view_head(a);
    if (st->slot == 0) {
        snprintf(v->step, sizeof v->step, "%s · Vraag %d van %d", st->q->title, st->item + 1,
                 st->q->nitems);
        snprintf(v->prompt, sizeof v->prompt, "%s", it->text);
        snprintf(v->help, sizeof v->help, "%s", it->help);
        snprintf(v->placeholder, sizeof v->placeholder, "Typ hier je antwoord.");
        keyboard_text_init(&v->text, it->max > 0 ? it->max : 0);
        const struct db_answer *x = student_answer_of(st, it->key);
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
        keyboard_text_set(&v->text, student_goal_text(st, it, st->slot, st->part));
    }
    keyboard_init(&v->kb, &v->text);
    student_show(a, &screen_student_text);
}

/* Starts typing a new goal in slot from a template: the part before "..."
 * goes in the field, the part after it is added when the student is done. */
void student_start_goal(struct app *a, int slot, const char *template)
{
    struct student *st = me(a);
    st->slot = slot;
    st->part = QUESTIONNAIRE_GOAL_WHAT;
    st->suffix[0] = '\0';
    student_show_text(a);
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
int student_commit_text(struct app *a)
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
        const struct db_answer *x = student_answer_of(st, it->key);
        const char *before = x && !x->has_num && x->text ? x->text : "";
        if (!strcmp(before, text) || (!text[0] && !st->response_id))
            return 0;
        return student_save(a, it->key, 0, 0, text);
    }
    char key[DB_ANSWER_KEY_MAX];
    if (questionnaire_goal_key(it->key, st->slot, st->part, key, sizeof key) != 0)
        return -1;
    if (!strcmp(student_goal_text(st, it, st->slot, st->part), text))
        return 0;
    if (!text[0] && !st->response_id)
        return 0;
    int rc = student_save(a, key, 0, 0, text);
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
        student_say(a, "Typ eerst je antwoord.", 1);
        return;
    }
    if (empty && st->slot && st->part == QUESTIONNAIRE_GOAL_WHAT) {
        student_say(a, "Typ eerst wat je wilt leren.", 1);
        return;
    }
    if (student_commit_text(a) != 0)
        return; /* student_save() told the student */
    if (st->slot == 0) {
        student_next_item(a);
        return;
    }
    if (st->part + 1 < QUESTIONNAIRE_GOAL_PARTS) {
        st->part++;
        student_show_text(a);
        return;
    }
    st->slot = 0;
    student_show_item(a);
}

void student_text_back(struct app *a)
{
    struct student *st = me(a);
    if (keyboard_text_chars(&sv(a)->text) > 0)
        student_commit_text(a);
    if (st->slot == 0) {
        student_prev_item(a);
        return;
    }
    if (st->part > QUESTIONNAIRE_GOAL_WHAT) {
        st->part--;
        student_show_text(a);
        return;
    }
    st->slot = 0;
    student_show_item(a);
}

int student_keyboard_action(struct app *a, int action)
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

/* While the keyboard shows, typed text goes into the field, never to the
 * scanner. */
int student_text_typed(struct app *a, const char *text)
{
    if (a->screen != &screen_student_text || !a->has_student)
        return 0;
    SDL_Event ev = {.type = SDL_TEXTINPUT};
    snprintf(ev.text.text, sizeof ev.text.text, "%s", text);
    student_busy(a);
    if (keyboard_handle_event(&sv(a)->kb, &ev, &sv(a)->text) != KEYBOARD_IGNORED) {
        sv(a)->message[0] = '\0';
        a->dirty = 1;
    }
    return 1;
}

int student_text_key(struct app *a, SDL_Keycode key)
{
    if (a->screen != &screen_student_text || !a->has_student)
        return 0;
    student_busy(a);
    if (key == SDLK_ESCAPE) {
        student_text_back(a);
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
