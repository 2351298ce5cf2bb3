/* teacher_pin.c: the keypad that lets a teacher in, and choosing a new PIN
 * (on first start, or when none is set). */
#include "db/db_pin.h"
#include "db/db_poll.h"
#include "base/clock.h"
#include "base/log.h"
#include "firmware/teacher.h"

#include <stdio.h>
#include <string.h>

_Static_assert(TEACHER_PIN_MAX == DB_PIN_MAX_DIGITS, "the keypad holds a whole PIN");

static struct view_teacher *tv(struct app *a)
{
    return &a->view.teacher;
}

void teacher_pin_show(struct app *a, enum view_pin_mode mode, const char *message)
{
    struct teacher *t = a->teacher;
    teacher_go(a, &teacher_step_pin);
    memset(t->pin, 0, sizeof t->pin);
    tv(a)->pin_mode = mode;
    tv(a)->pin_len = 0;
    snprintf(tv(a)->pin_message, sizeof tv(a)->pin_message, "%s", message ? message : "");
    int wait = mode == VIEW_PIN_ENTER ? db_pin_wait(a->db, clock_unix()) : 0;
    tv(a)->locked_s = wait > 0 ? wait : 0;
    app_show(a, &screen_pin, 0);
    a->teacher_seen = clock_ms();
}

/* In: the menu, or during an open poll that poll's controls. */
static void let_in(struct app *a)
{
    struct db_poll poll;
    a->teacher_in = 1;
    teacher_go(a, db_poll_current(a->db, &poll) == 1 ? &teacher_step_poll_control
                                                    : &teacher_step_menu);
}

static void submit_new(struct app *a)
{
    struct teacher *t = a->teacher;
    if (tv(a)->pin_mode == VIEW_PIN_NEW) {
        if (!db_pin_valid(t->pin)) {
            teacher_pin_show(a, VIEW_PIN_NEW, "Kies 4 tot 8 cijfers.");
            return;
        }
        memcpy(t->first_pin, t->pin, sizeof t->pin);
        teacher_pin_show(a, VIEW_PIN_REPEAT, NULL);
        return;
    }
    int same = !strcmp(t->first_pin, t->pin);
    memset(t->first_pin, 0, sizeof t->first_pin);
    if (!same)
        teacher_pin_show(a, VIEW_PIN_NEW, "De twee pincodes zijn niet gelijk. Kies opnieuw.");
    else if (db_pin_set(a->db, t->pin) != 0)
        teacher_pin_show(a, VIEW_PIN_NEW, "Opslaan is niet gelukt. Probeer het opnieuw.");
    else {
        log_info("teacher: new PIN set");
        t->first_setup = 0;
        let_in(a);
    }
}

static void submit(struct app *a)
{
    struct teacher *t = a->teacher;
    if (tv(a)->pin_mode != VIEW_PIN_ENTER) {
        submit_new(a);
        return;
    }
    int wait = 0, left = 0;
    enum db_pin_result r = db_pin_check(a->db, t->pin, clock_unix(), &wait, &left);
    memset(t->pin, 0, sizeof t->pin);
    char msg[160];
    switch (r) {
    case DB_PIN_OK:
        log_info("teacher: PIN accepted");
        let_in(a);
        break;
    case DB_PIN_WRONG:
        log_warn("teacher: wrong PIN, %d tries left", left);
        snprintf(msg, sizeof msg, "Deze pincode klopt niet. Je kunt het nog %d keer proberen.",
                 left);
        teacher_pin_show(a, VIEW_PIN_ENTER, msg);
        break;
    case DB_PIN_LOCKED:
        log_warn("teacher: keypad locked for %d s", wait);
        teacher_pin_show(a, VIEW_PIN_ENTER, NULL);
        break;
    case DB_PIN_NOT_SET:
        teacher_pin_show(a, VIEW_PIN_NEW, NULL);
        break;
    case DB_PIN_ERROR:
        teacher_pin_show(a, VIEW_PIN_ENTER, "De pincode kan nu niet worden gecontroleerd.");
        break;
    }
}

static int pin_action(struct app *a, int action)
{
    struct teacher *t = a->teacher;
    size_t len = strlen(t->pin);
    if (action >= TEACHER_DIGIT_0 && action <= TEACHER_DIGIT_0 + 9) {
        if (tv(a)->locked_s > 0 || len >= TEACHER_PIN_MAX)
            return 1;
        t->pin[len] = (char)('0' + action - TEACHER_DIGIT_0);
        tv(a)->pin_len = (int)len + 1;
        tv(a)->pin_message[0] = '\0';
    } else if (action == TEACHER_BACKSPACE) {
        if (len)
            t->pin[len - 1] = '\0';
        tv(a)->pin_len = len ? (int)len - 1 : 0;
    } else if (action == TEACHER_PIN_OK) {
        if (tv(a)->locked_s <= 0)
            submit(a);
    } else if (action == TEACHER_CANCEL) {
        if (!t->first_setup)
            teacher_leave(a, "cancelled");
    } else {
        return 0;
    }
    a->dirty = 1;
    return 1;
}

int teacher_pin_key(struct app *a, SDL_Keycode key)
{
    if (key >= SDLK_0 && key <= SDLK_9)
        return pin_action(a, TEACHER_DIGIT_0 + (int)(key - SDLK_0));
    if (key >= SDLK_KP_1 && key <= SDLK_KP_9)
        return pin_action(a, TEACHER_DIGIT_0 + 1 + (int)(key - SDLK_KP_1));
    if (key == SDLK_KP_0)
        return pin_action(a, TEACHER_DIGIT_0);
    if (key == SDLK_BACKSPACE)
        return pin_action(a, TEACHER_BACKSPACE);
    if (key == SDLK_RETURN || key == SDLK_KP_ENTER)
        return pin_action(a, TEACHER_PIN_OK);
    if (key == SDLK_ESCAPE)
        return pin_action(a, TEACHER_CANCEL);
    return 1; /* nothing typed on the keypad reaches the scanner */
}

void teacher_pin_tick(struct app *a)
{
    if (tv(a)->locked_s <= 0)
        return;
    int wait = db_pin_wait(a->db, clock_unix());
    if (wait != tv(a)->locked_s) {
        tv(a)->locked_s = wait > 0 ? wait : 0;
        a->dirty = 1;
    }
}

/* Shown by teacher_pin_show (the mode decides the keypad's words). */
const struct teacher_step teacher_step_pin = {.id = "pin", .action = pin_action};
