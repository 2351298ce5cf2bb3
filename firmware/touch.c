/* touch.c: see touch.h. */
#include "firmware/touch.h"
#include "firmware/abspointer.h"
#include "base/log.h"

static void push(void *user, const struct abspointer_event *e)
{
    (void)user;
    SDL_Event ev = {0};
    ev.type = e->kind == ABSPOINTER_DOWN ? SDL_FINGERDOWN
              : e->kind == ABSPOINTER_UP ? SDL_FINGERUP
                                         : SDL_FINGERMOTION;
    ev.tfinger.touchId = TOUCH_ABS_ID;
    ev.tfinger.fingerId = 0;
    ev.tfinger.x = e->x;
    ev.tfinger.y = e->y;
    ev.tfinger.pressure = 1;
    if (SDL_PushEvent(&ev) < 0)
        log_warn("touch: event lost: %s", SDL_GetError());
}

void touch_start(struct touch *t)
{
    if (ui_on_kmsdrm() && !t->abs)
        t->abs = abspointer_start("/dev/input", push, NULL);
}

void touch_stop(struct touch *t)
{
    abspointer_stop(t->abs);
    t->abs = NULL;
}

int touch_finger(struct touch *t, const struct ui *ui, const SDL_Event *ev, int *x, int *y,
                 int *down)
{
    const SDL_TouchFingerEvent *f = &ev->tfinger;
    if ((ev->type != SDL_FINGERDOWN && ev->type != SDL_FINGERUP) || f->touchId == SDL_MOUSE_TOUCHID)
        return 0;
    if (ev->type == SDL_FINGERDOWN) {
        if (t->active)
            return 0;
        t->active = 1;
        t->touch_id = f->touchId;
        t->finger_id = f->fingerId;
    } else {
        if (!t->active || f->touchId != t->touch_id || f->fingerId != t->finger_id)
            return 0;
        t->active = 0;
    }
    ui_from_touch(ui, f->x, f->y, x, y);
    *down = ev->type == SDL_FINGERDOWN;
    return 1;
}

void touch_inject_abs(float nx, float ny, int down)
{
    static struct abspointer_dev dev = {.max = {32767, 32767}};
    struct input_event evs[4];
    int n = 0;
    if (down) {
        evs[n++] = (struct input_event){.type = EV_ABS, .code = ABS_X, .value = (int)(nx * 32767)};
        evs[n++] = (struct input_event){.type = EV_ABS, .code = ABS_Y, .value = (int)(ny * 32767)};
        evs[n++] = (struct input_event){.type = EV_SYN, .code = SYN_REPORT};
    }
    struct input_event btn[2] = {{.type = EV_KEY, .code = BTN_LEFT, .value = down},
                                 {.type = EV_SYN, .code = SYN_REPORT}};
    for (int pass = 0; pass < 2; pass++) {
        const struct input_event *e = pass ? btn : evs;
        for (int i = 0; i < (pass ? 2 : n); i++) {
            struct abspointer_event out;
            if (abspointer_feed(&dev, &e[i], &out))
                push(NULL, &out);
        }
    }
}
