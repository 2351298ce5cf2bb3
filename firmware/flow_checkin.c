/* flow_checkin.c: a scanned card becomes a committed check-in and a
 * welcome; every other scan gets a notice that says what to do. */
#include "db/db_student.h"
#include "firmware/app_internal.h"
#include "base/clock.h"
#include "base/log.h"

#include <stdio.h>
#include <string.h>

enum view_notice flow_checkin_owner(struct app *a, const char *code, struct db_student *s)
{
    char number[CARD_NUMBER_MAX];
    int version;
    switch (card_code_read(&a->key, code, number, &version)) {
    case CARD_GARBLED:
        log_warn("scan: not a card code (%zu characters)", strlen(code));
        return VIEW_NOTICE_GARBLED;
    case CARD_FORGED:
        log_warn("scan: card code with a wrong signature: refused");
        return VIEW_NOTICE_FORGED;
    case CARD_OK:
        break;
    }
    int found = db_student_find(a->db, number, s);
    if (found < 0)
        return VIEW_NOTICE_STORE_FAILED;
    if (!found) {
        log_warn("scan: valid card of unknown student %s", number);
        return VIEW_NOTICE_UNKNOWN;
    }
    if (version != s->card_version) {
        log_warn("scan: card version %d of student %s refused (current %d)", version, number,
                 s->card_version);
        return version < s->card_version ? VIEW_NOTICE_REVOKED : VIEW_NOTICE_UNKNOWN;
    }
    return VIEW_NOTICE_NONE;
}

enum view_notice flow_checkin_card(struct app *a, const char *code, struct db_student *s,
                                   struct db_checkin *c, int *already)
{
    enum view_notice n = flow_checkin_owner(a, code, s);
    if (n != VIEW_NOTICE_NONE)
        return n;
    app_refresh_session(a);
    if (!a->view.has_session) {
        log_info("scan: student %s scanned while no session runs", s->number);
        return VIEW_NOTICE_NO_SESSION;
    }
    enum db_checkin_status st =
        db_checkin_add(a->db, &a->session, s, clock_unix(), "scan", "", "", c);
    if (st == DB_CHECKIN_ERROR)
        return VIEW_NOTICE_STORE_FAILED;
    /* Committed: from here on the person may be told. */
    log_info("checkin: student %s, session %lld%s%s%s", s->number, (long long)a->session.id,
             st == DB_CHECKIN_ALREADY ? ", already" : "", c->late ? ", late" : "",
             c->guest ? ", guest" : "");
    *already = st == DB_CHECKIN_ALREADY;
    app_refresh_session(a);
    return VIEW_NOTICE_NONE;
}

static int checkin_scan(struct app *a, const char *code)
{
    struct db_student s;
    struct db_checkin c;
    int already = 0;
    enum view_notice n = flow_checkin_card(a, code, &s, &c, &already);
    if (n != VIEW_NOTICE_NONE) {
        app_show_notice(a, n);
        return 1;
    }
    struct view *v = &a->view;
    a->student = s;
    a->has_student = 1;
    db_student_short_name(&s, v->name, sizeof v->name);
    clock_hhmm(c.at, v->checkin_time);
    v->late = c.late;
    v->guest = c.guest;
    v->already = already;
    app_show(a, &screen_welcome, a->cfg.return_idle_s);
    return 1;
}

static int checkin_action(struct app *a, int action)
{
    if (action != UI_ACTION_DONE)
        return 0;
    app_show_idle(a);
    return 1;
}

const struct flow flow_checkin = {
    .name = "checkin",
    .action = checkin_action, .scan = checkin_scan,
};
