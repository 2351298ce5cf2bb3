/* db_demo.c: 24 fictional students of group ZW2A and a running
 * terugkomdag; with a history, also the weeks before it (past sessions
 * with attendance, intakes with learning goals, three zelfscans, weekly
 * weekchecks, a closed poll), so every screen has something to show. The
 * names are made up. */
#include "db/db_demo.h"
#include "db/db_goal.h"
#include "db/db_pin.h"
#include "db/db_poll.h"
#include "db/db_questionnaire.h"
#include "db/db_response.h"
#include "db/db_session.h"
#include "db/db_student.h"
#include "base/log.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct {
    const char *number, *first, *prefix, *last;
} demo[24] = {
    {"100001", "Sanne", "", "Jansen"},     {"100002", "Daan", "", "Bakker"},
    {"100003", "Fatima", "el", "Amrani"},  {"100004", "Levi", "", "Çelik"},
    {"100005", "Noor", "van der", "Berg"}, {"100006", "Milan", "de", "Vries"},
    {"100007", "Emma", "", "Visser"},      {"100008", "Yusuf", "", "Demir"},
    {"100009", "Julia", "", "Smit"},       {"100010", "Sem", "", "Meijer"},
    {"100011", "Lotte", "de", "Boer"},     {"100012", "Finn", "", "Mulder"},
    {"100013", "Zoë", "", "Bos"},          {"100014", "Bram", "", "Vos"},
    {"100015", "Amira", "", "Haddou"},     {"100016", "Luuk", "", "Peters"},
    {"100017", "Tess", "", "Hendriks"},    {"100018", "Jayden", "van", "Dijk"},
    {"100019", "Sophie", "", "Dekker"},    {"100020", "Mohammed", "", "Aziz"},
    {"100021", "Eva", "van", "Leeuwen"},   {"100022", "Thijs", "", "Brouwer"},
    {"100023", "Lina", "", "Kaya"},        {"100024", "Ruben", "de", "Groot"},
};

const char *db_demo_number(int i)
{
    return i >= 0 && i < 24 ? demo[i].number : "";
}

#define DAY (24 * 3600)

/* A number 0..n-1 that looks random but is the same every time. */
static int pick(int student, int round, int item, int n)
{
    unsigned h = 2166136261u;
    h = (h ^ (unsigned)student) * 16777619u;
    h = (h ^ (unsigned)round) * 16777619u;
    h = (h ^ (unsigned)item) * 16777619u;
    return (int)((h >> 8) % (unsigned)n);
}

static const char *const demo_goals[] = {
    "Ik stel elke dag een vraag aan mijn begeleider.",
    "Ik schrijf na elke dienst op wat ik geleerd heb.",
    "Ik meld het op tijd als ik ziek ben of later kom.",
};

/* Answers every item of q in a new response of student i (a student who
 * grows a little each round: scores drift up with round), finished at
 * `at`. wants_talk: the weekcheck's "gesprek" item says yes. 0 or -1. */
static int answer_all(struct db *db, const struct questionnaire *q, const struct db_student *st,
                      int i, int round, int64_t session_id, int64_t at, int low, int wants_talk)
{
    int64_t r = db_response_start(db, st->id, q->row_id, session_id, at);
    if (r < 0)
        return -1;
    for (int k = 0; k < q->nitems; k++) {
        const struct questionnaire_item *it = &q->items[k];
        char key[96];
        int rc = 0;
        switch (it->type) {
        case QUESTIONNAIRE_ITEM_SCALE:
        case QUESTIONNAIRE_ITEM_SMILEY: {
            int v = 2 + pick(i, round, k, 2) + (round + pick(i, 0, k, 2)) / 2;
            v = low ? 2 : v > 5 ? 5 : v;
            rc = db_response_answer_num(db, r, it->key, v, at);
            break;
        }
        case QUESTIONNAIRE_ITEM_CHOICE:
            /* the last option of the talk question is the yes */
            rc = db_response_answer_num(
                db, r, it->key,
                !strcmp(it->key, "gesprek") ? (wants_talk ? it->noptions : 1)
                                            : 1 + pick(i, round, k, it->noptions),
                at);
            break;
        case QUESTIONNAIRE_ITEM_MULTI:
            snprintf(key, sizeof key, "%d", 1 + pick(i, round, k, it->noptions));
            rc = db_response_answer_text(db, r, it->key, key, at);
            break;
        case QUESTIONNAIRE_ITEM_OPEN:
            rc = db_response_answer_text(db, r, it->key,
                                              "Ik wil leren hoe het werk echt gaat.", at);
            break;
        case QUESTIONNAIRE_ITEM_GOAL:
            for (int g = 1; g <= (it->min > 0 ? it->min : 1) && rc == 0; g++) {
                questionnaire_goal_key(it->key, g, QUESTIONNAIRE_GOAL_WHAT, key, sizeof key);
                rc = db_response_answer_text(db, r, key,
                                                  demo_goals[pick(i, g, k, 3)], at);
                questionnaire_goal_key(it->key, g, QUESTIONNAIRE_GOAL_WHEN, key, sizeof key);
                if (rc == 0)
                    rc = db_response_answer_text(db, r, key, "Voor de kerstvakantie", at);
            }
            break;
        }
        if (rc != 0)
            return -1;
    }
    char err[256];
    if (db_response_finish(db, r, at, err, sizeof err) != 0) {
        log_err("demo: %s: %s", q->id, err);
        return -1;
    }
    return 0;
}

/* A past session of the group from `at`, with most of the students
 * checked in (a few late, a few missing), stopped two hours later. */
static int past_session(struct db *db, const char *kind, const char *title, int64_t at, int round,
                        struct db_student *st)
{
    char err[256];
    if (db_session_start(db, kind, DB_DEMO_GROUP, title, at, at + 15 * 60, err, sizeof err) < 0) {
        log_err("demo: %s", err);
        return -1;
    }
    struct db_session s;
    if (db_session_current(db, &s) != 1)
        return -1;
    for (int i = 0; i < 24; i++) {
        int late = pick(i, round, 99, 8) == 0, away = pick(i, round, 98, 10) == 0;
        struct db_checkin c;
        if (!away && db_checkin_add(db, &s, &st[i], at - 10 * 60 + i * 20 + late * 40 * 60,
                                    "scan", "", "", &c) == DB_CHECKIN_ERROR)
            return -1;
    }
    return db_session_stop(db, at + 2 * 3600) == 1 ? 0 : -1;
}

/* A closed poll of the terugkomdag set with a spread of votes. */
static int past_poll(struct db *db, int64_t at)
{
    char err[256];
    int64_t id = db_poll_open(db, "terugkomdag", 1, 0, at, err, sizeof err);
    if (id < 0) {
        log_err("demo: %s", err);
        return -1;
    }
    static const int votes[] = {5, 4, 4, 3, 5, 4, 2, 4, 3, 5, 4, 4, 1, 3, 4, 5, 4, 3};
    for (size_t i = 0; i < sizeof votes / sizeof votes[0]; i++)
        if (db_poll_vote(db, id, votes[i], DB_VOTE_BUTTON, (at + 60 + (int64_t)i * 7) * 1000) != 0)
            return -1;
    return db_poll_reveal(db, at + 300) >= 0 && db_poll_close(db, at + 400) == 1 ? 0 : -1;
}

/* The weeks before today (see the top of the file). Only on a store
 * without finished zelfscans, before today's session starts. */
static int seed_history(struct db *db, int64_t now)
{
    struct db_student st[24];
    for (int i = 0; i < 24; i++)
        if (db_student_find(db, demo[i].number, &st[i]) != 1)
            return -1;
    struct db_response seen;
    if (db_response_finished(db, st[0].id, "zelfscan-beroepshouding", &seen, 1) != 0)
        return 0; /* there is a history already */
    struct questionnaire *scan = db_questionnaire_newest(db, "zelfscan-beroepshouding");
    struct questionnaire *week = db_questionnaire_newest(db, "weekcheck");
    struct questionnaire *intake = db_questionnaire_newest(db, "intake");
    int rc = -1;
    if (!scan || !week || !intake) {
        log_err("demo: the questionnaires are not loaded; no history");
        goto out;
    }
    /* an intake ten weeks ago (four students missed it), terugkomdagen
     * six and three weeks ago with a zelfscan each, and one yesterday */
    int64_t start = now - 70 * DAY;
    if (past_session(db, "intake", "Intake stage", start, 0, st) != 0)
        goto out;
    for (int i = 0; i < 20; i++)
        if (answer_all(db, intake, &st[i], i, 0, 0, start + 3600, 0, 0) != 0)
            goto out;
    for (int round = 1; round <= 2; round++) {
        int64_t at = now - (63 - round * 21) * DAY;
        if (past_session(db, "terugkomdag", round == 1 ? "Terugkomdag 1a" : "Terugkomdag 1b",
                         at, round, st) != 0)
            goto out;
        for (int i = 0; i < 18; i++)
            if (answer_all(db, scan, &st[i], i, round, 0, at + 3600 + i * 60, 0, 0) != 0)
                goto out;
        if (round == 2 && past_poll(db, at + 5400) != 0)
            goto out;
    }
    for (int i = 0; i < 12; i++)
        if (answer_all(db, scan, &st[i], i, 3, 0, now - DAY + i * 60, 0, 0) != 0)
            goto out;
    /* weekchecks every week; Mohammed (19) had a bad week and asks for a
     * talk, Sem (9) had two bad weeks in a row */
    for (int w = 6; w >= 1; w--) {
        for (int i = 0; i < 24; i++) {
            if (pick(i, w, 97, 4) == 0 && i != 19 && i != 9)
                continue;
            int low = (i == 19 && w == 1) || (i == 9 && w <= 2);
            if (answer_all(db, week, &st[i], i, 6 - w, 0, now - w * 7 * DAY + i * 300, low,
                           i == 19 && w == 1) != 0)
                goto out;
        }
    }
    /* some learning goals under way or reached */
    for (int i = 0; i < 20; i += 3) {
        struct db_goal g[4];
        int n = db_goal_list(db, st[i].id, g, 4);
        if (n > 0 && db_goal_set_status(db, g[0].id, i % 2 ? DB_GOAL_DONE : DB_GOAL_BUSY,
                                        now - 10 * DAY) != 0)
            goto out;
    }
    log_info("demo: a history of five weeks added (sessions, intakes, zelfscans, weekchecks, "
             "a closed poll)");
    rc = 0;
out:
    questionnaire_free(scan);
    questionnaire_free(week);
    questionnaire_free(intake);
    return rc;
}

int db_demo_seed(struct db *db, int64_t now, int64_t late_at, const struct db_demo_assets *history)
{
    if (db_student_count(db, 0) == 0) {
        if (db_begin(db) != 0)
            return -1;
        for (int i = 0; i < 24; i++) {
            struct db_student s = {0};
            snprintf(s.number, sizeof s.number, "%s", demo[i].number);
            snprintf(s.first_name, sizeof s.first_name, "%s", demo[i].first);
            snprintf(s.prefix, sizeof s.prefix, "%s", demo[i].prefix);
            snprintf(s.last_name, sizeof s.last_name, "%s", demo[i].last);
            snprintf(s.group, sizeof s.group, "%s", DB_DEMO_GROUP);
            snprintf(s.programme, sizeof s.programme, "Helpende Zorg en Welzijn");
            snprintf(s.crebo, sizeof s.crebo, "25491");
            if (db_student_upsert(db, &s, now) == DB_UPSERT_ERROR) {
                db_rollback(db);
                return -1;
            }
        }
        if (db_commit(db) != 0)
            return -1;
        log_info("demo: 24 demo students added to group %s", DB_DEMO_GROUP);
    }
    if (db_pin_is_set(db) == 0) {
        if (db_pin_set(db, DB_DEMO_PIN) != 0)
            return -1;
        log_info("demo: teacher PIN is %s", DB_DEMO_PIN);
    }
    struct db_session cur;
    int running = db_session_current(db, &cur);
    if (running < 0)
        return -1;
    if (history && running == 0) {
        char *report = NULL;
        db_questionnaire_load_dir(db, history->questionnaires, 1, now, &report);
        free(report);
        db_poll_set_defaults(db, history->polls, now);
        if (seed_history(db, now) != 0)
            return -1;
    }
    if (running == 0 && db_group_id(db, DB_DEMO_GROUP, 0) > 0) {
        char err[256];
        if (db_session_start(db, "terugkomdag", DB_DEMO_GROUP, "Terugkomdag 2", now, late_at, err,
                             sizeof err) < 0) {
            log_err("demo: %s", err);
            return -1;
        }
    }
    return 0;
}
