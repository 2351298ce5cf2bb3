/* test_db_signal.c: every signal rule on constructed histories, each with
 * its boundary: the answer that signals and the one next to it that does
 * not; a drop of exactly 1.0 and one of 0.9; one missed terugkomdag and two
 * in a row; no intake, an intake without goals. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "db/db.h"
#include "db/db_goal.h"
#include "db/db_questionnaire.h"
#include "db/db_response.h"
#include "db/db_session.h"
#include "db/db_signal.h"
#include "db/db_student.h"
#include "tests/testutil.h"

#define NOW 1764493200 /* 2025-11-30 09:00 UTC */
#define DAY 86400
#define MAX 32

struct fixture {
    struct db *db;
    struct db_student me, other;
    int64_t weekcheck, intake, fine_scan, no_goal_intake;
    struct db_signal sig[MAX];
};

/* A zelfscan with one category of ten items (averages move in steps of
 * 0.1) and one of two. */
static const char fine_scan[] =
    "id = fijn\nsoort = zelfscan\ntitel = Fijne scan\n"
    "label = 1\nlabel = 2\nlabel = 3\nlabel = 4\nlabel = 5\n"
    "[a1]\ntype = schaal\ntekst = a\ncategorie = samenwerking\n"
    "[a2]\ntype = schaal\ntekst = a\ncategorie = samenwerking\n"
    "[a3]\ntype = schaal\ntekst = a\ncategorie = samenwerking\n"
    "[a4]\ntype = schaal\ntekst = a\ncategorie = samenwerking\n"
    "[a5]\ntype = schaal\ntekst = a\ncategorie = samenwerking\n"
    "[a6]\ntype = schaal\ntekst = a\ncategorie = samenwerking\n"
    "[a7]\ntype = schaal\ntekst = a\ncategorie = samenwerking\n"
    "[a8]\ntype = schaal\ntekst = a\ncategorie = samenwerking\n"
    "[a9]\ntype = schaal\ntekst = a\ncategorie = samenwerking\n"
    "[a10]\ntype = schaal\ntekst = a\ncategorie = samenwerking\n"
    "[b1]\ntype = schaal\ntekst = b\ncategorie = integriteit\n"
    "[b2]\ntype = schaal\ntekst = b\ncategorie = integriteit\n";

/* An intake whose goals are optional. */
static const char no_goal_intake[] =
    "id = intake-kort\nsoort = intake\ntitel = Korte intake\n"
    "[doelen]\ntype = leerdoel\ntekst = Doelen\nverplicht = nee\n";

static int64_t store(struct db *db, const char *text)
{
    struct questionnaire *q = questionnaire_parse(text, strlen(text), NULL);
    if (!q || db_questionnaire_store(db, q, NOW) < 0)
        return -1;
    int64_t id = q->row_id;
    questionnaire_free(q);
    return id;
}

static int add_student(struct db *db, const char *number, const char *first, const char *group,
                       struct db_student *out)
{
    struct db_student s = {0};
    snprintf(s.number, sizeof s.number, "%s", number);
    snprintf(s.first_name, sizeof s.first_name, "%s", first);
    snprintf(s.prefix, sizeof s.prefix, "de");
    snprintf(s.last_name, sizeof s.last_name, "Vries");
    snprintf(s.group, sizeof s.group, "%s", group);
    if (db_student_upsert(db, &s, NOW) == DB_UPSERT_ERROR)
        return -1;
    return db_student_find(db, number, out) == 1 ? 0 : -1;
}

static int setup(void **state)
{
    setenv("TZ", "UTC", 1); /* dates in reasons */
    struct fixture *f = calloc(1, sizeof *f);
    char path[512], err[256], *report = NULL;
    snprintf(path, sizeof path, "%s/kiosk.db", test_tmpdir());
    f->db = db_open(path, err, sizeof err);
    if (!f->db || db_questionnaire_load_dir(f->db, "assets/questionnaires", 0, NOW, &report) != 0)
        return -1;
    struct questionnaire *q = db_questionnaire_newest(f->db, "weekcheck");
    f->weekcheck = q->row_id;
    questionnaire_free(q);
    q = db_questionnaire_newest(f->db, "intake");
    f->intake = q->row_id;
    questionnaire_free(q);
    f->fine_scan = store(f->db, fine_scan);
    f->no_goal_intake = store(f->db, no_goal_intake);
    if (add_student(f->db, "100001", "Milan", "ZW2A", &f->me) != 0 ||
        add_student(f->db, "200001", "Noor", "ZW2B", &f->other) != 0)
        return -1;
    *state = f;
    return f->fine_scan > 0 && f->no_goal_intake > 0 ? 0 : -1;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    db_close(f->db);
    free(f);
    return 0;
}

/* The signals of me, only those of kind. Returns their count. */
static int signals(struct fixture *f, enum db_signal_kind kind, struct db_signal *out)
{
    int n = db_signal_student(f->db, f->me.id, f->sig, MAX);
    assert_true(n >= 0);
    int k = 0;
    for (int i = 0; i < n; i++)
        if (f->sig[i].kind == kind)
            out[k++] = f->sig[i];
    return k;
}

/* Satisfies the intake rule, so other rules are seen alone. */
static void intake_with_goal(struct fixture *f, int64_t student)
{
    int64_t r = db_response_start(f->db, student, f->no_goal_intake, 0, NOW - 30 * DAY);
    char err[256];
    assert_int_equal(db_response_finish(f->db, r, NOW - 30 * DAY, err, sizeof err), 0);
    assert_true(db_goal_add(f->db, student, 0, "Plannen", "", "", NOW - 30 * DAY) > 0);
}

static void weekcheck(struct fixture *f, int smiley, int talk, int64_t at, int finish)
{
    int64_t r = db_response_start(f->db, f->me.id, f->weekcheck, 0, at);
    assert_int_equal(db_response_answer_num(f->db, r, "stage", smiley, at), 0);
    assert_int_equal(db_response_answer_num(f->db, r, "leerdoel", 1, at), 0);
    assert_int_equal(db_response_answer_num(f->db, r, "gesprek", talk, at), 0);
    char err[256];
    if (finish)
        assert_int_equal(db_response_finish(f->db, r, at + 30, err, sizeof err), 0);
}

/* ---- weekcheck ------------------------------------------------------- */

static void weekcheck_smiley_two_signals_three_does_not(void **state)
{
    struct fixture *f = *state;
    struct db_signal s[MAX];
    intake_with_goal(f, f->me.id);
    weekcheck(f, 3, 1, NOW, 1);
    assert_int_equal(signals(f, DB_SIGNAL_WEEKCHECK, s), 0);
    weekcheck(f, 2, 1, NOW + 7 * DAY, 1);
    assert_int_equal(signals(f, DB_SIGNAL_WEEKCHECK, s), 1);
    assert_string_equal(s[0].reason, "Weekcheck van 07-12: De stage ging niet goed (Slecht).");
    assert_int_equal(s[0].at, NOW + 7 * DAY + 30);
    assert_string_equal(s[0].name, "Milan de Vries");
    assert_string_equal(s[0].group, "ZW2A");
    weekcheck(f, 1, 1, NOW + 14 * DAY, 1);
    assert_int_equal(signals(f, DB_SIGNAL_WEEKCHECK, s), 1);
    assert_non_null(strstr(s[0].reason, "(Heel slecht)"));
    /* a better week after it: the signal is gone */
    weekcheck(f, 4, 1, NOW + 21 * DAY, 1);
    assert_int_equal(signals(f, DB_SIGNAL_WEEKCHECK, s), 0);
    /* and nothing else signals for this student */
    assert_int_equal(db_signal_student(f->db, f->me.id, f->sig, MAX), 0);
}

static void weekcheck_asking_for_a_talk_signals_no_does_not(void **state)
{
    struct fixture *f = *state;
    struct db_signal s[MAX];
    weekcheck(f, 4, 1, NOW, 1); /* Nee */
    assert_int_equal(signals(f, DB_SIGNAL_WEEKCHECK, s), 0);
    weekcheck(f, 4, 2, NOW + DAY, 1); /* Ja, deze week */
    assert_int_equal(signals(f, DB_SIGNAL_WEEKCHECK, s), 1);
    assert_string_equal(s[0].reason,
                        "Weekcheck van 01-12: Wil een gesprek met de begeleider (Ja, deze week).");
    weekcheck(f, 4, 3, NOW + 2 * DAY, 1); /* Ja, snel */
    assert_int_equal(signals(f, DB_SIGNAL_WEEKCHECK, s), 1);
    assert_non_null(strstr(s[0].reason, "(Ja, snel)"));
    /* both at once: two signals, each with its reason */
    weekcheck(f, 1, 3, NOW + 3 * DAY, 1);
    assert_int_equal(signals(f, DB_SIGNAL_WEEKCHECK, s), 2);
    /* an unfinished weekcheck does not count, in either direction */
    weekcheck(f, 5, 1, NOW + 4 * DAY, 0);
    assert_int_equal(signals(f, DB_SIGNAL_WEEKCHECK, s), 2);
}

/* ---- score drop ------------------------------------------------------ */

/* A finished "fijn" scan: the first `low` of the ten samenwerking items get
 * a-1, the others a; both integriteit items get b. */
static void fine(struct fixture *f, int a, int low, int b, int64_t at)
{
    int64_t r = db_response_start(f->db, f->me.id, f->fine_scan, 0, at);
    for (int i = 1; i <= 10; i++) {
        char key[8];
        snprintf(key, sizeof key, "a%d", i);
        assert_int_equal(db_response_answer_num(f->db, r, key, i <= low ? a - 1 : a, at), 0);
    }
    assert_int_equal(db_response_answer_num(f->db, r, "b1", b, at), 0);
    assert_int_equal(db_response_answer_num(f->db, r, "b2", b, at), 0);
    char err[256];
    assert_int_equal(db_response_finish(f->db, r, at + 60, err, sizeof err), 0);
}

static void a_drop_of_exactly_one_signals(void **state)
{
    struct fixture *f = *state;
    struct db_signal s[MAX];
    fine(f, 4, 0, 3, NOW);                /* 4.0 and 3.0 */
    assert_int_equal(signals(f, DB_SIGNAL_SCORE_DROP, s), 0); /* one scan: nothing to compare */
    fine(f, 3, 0, 3, NOW + 7 * DAY);      /* samenwerking 4.0 -> 3.0 */
    assert_int_equal(signals(f, DB_SIGNAL_SCORE_DROP, s), 1);
    assert_string_equal(s[0].reason, "Fijne scan van 07-12: samenwerking ging van 4,0 naar 3,0.");
}

static void a_drop_of_nine_tenths_does_not(void **state)
{
    struct fixture *f = *state;
    struct db_signal s[MAX];
    fine(f, 4, 0, 3, NOW);                /* 4.0 */
    fine(f, 4, 9, 3, NOW + 7 * DAY);      /* nine items 3, one 4: 3.1, a drop of 0.9 */
    assert_int_equal(signals(f, DB_SIGNAL_SCORE_DROP, s), 0);
    fine(f, 3, 1, 3, NOW + 14 * DAY);     /* 3.1 -> 2.9: a drop of 0.2 */
    assert_int_equal(signals(f, DB_SIGNAL_SCORE_DROP, s), 0);
}

static void a_drop_counts_from_the_previous_scan_not_the_first(void **state)
{
    struct fixture *f = *state;
    struct db_signal s[MAX];
    fine(f, 5, 0, 5, NOW);                /* 5.0 5.0 */
    fine(f, 4, 5, 4, NOW + 7 * DAY);      /* 3.5 4.0 */
    fine(f, 4, 1, 2, NOW + 14 * DAY);     /* 3.9 2.0: only integriteit fell by >= 1 since the previous */
    assert_int_equal(signals(f, DB_SIGNAL_SCORE_DROP, s), 1);
    assert_non_null(strstr(s[0].reason, "integriteit ging van 4,0 naar 2,0"));
    fine(f, 5, 0, 3, NOW + 21 * DAY);     /* both rise: gone */
    assert_int_equal(signals(f, DB_SIGNAL_SCORE_DROP, s), 0);
}

/* ---- terugkomdagen --------------------------------------------------- */

/* A terugkomdag of ZW2A, n days from NOW; came: 0 no, 1 on time, 2 late. */
static void day(struct fixture *f, int n, int came, int stop)
{
    char err[256];
    int64_t start = NOW + n * DAY;
    assert_true(db_session_start(f->db, "terugkomdag", "ZW2A", "Terugkomdag", start, start + 900,
                                 err, sizeof err) > 0);
    struct db_session s;
    struct db_checkin c;
    assert_int_equal(db_session_current(f->db, &s), 1);
    if (came)
        assert_int_equal(db_checkin_add(f->db, &s, &f->me, start + (came == 2 ? 1800 : 60),
                                        "scan", "", "", &c), DB_CHECKIN_NEW);
    if (stop)
        assert_int_equal(db_session_stop(f->db, start + 4 * 3600), 1);
}

static void one_missed_terugkomdag_does_not_signal(void **state)
{
    struct fixture *f = *state;
    struct db_signal s[MAX];
    day(f, 0, 1, 1);
    day(f, 14, 0, 1);
    assert_int_equal(signals(f, DB_SIGNAL_ABSENT, s), 0);
    /* missed, came (late counts as came), missed: not in a row */
    day(f, 28, 2, 1);
    day(f, 42, 0, 1);
    assert_int_equal(signals(f, DB_SIGNAL_ABSENT, s), 0);
}

static void two_missed_terugkomdagen_in_a_row_signal(void **state)
{
    struct fixture *f = *state;
    struct db_signal s[MAX];
    day(f, 0, 1, 1);
    day(f, 14, 0, 1);
    day(f, 28, 0, 1);
    assert_int_equal(signals(f, DB_SIGNAL_ABSENT, s), 1);
    assert_string_equal(s[0].reason,
                        "Twee terugkomdagen achter elkaar niet geweest (14-12 en 28-12).");
    /* a running day not (yet) attended changes nothing; coming to it does */
    day(f, 42, 0, 0);
    assert_int_equal(signals(f, DB_SIGNAL_ABSENT, s), 1);
    struct db_session cur;
    struct db_checkin c;
    assert_int_equal(db_session_current(f->db, &cur), 1);
    assert_int_equal(db_checkin_add(f->db, &cur, &f->me, NOW + 42 * DAY + 60, "scan", "", "", &c),
                     DB_CHECKIN_NEW);
    assert_int_equal(db_session_stop(f->db, NOW + 42 * DAY + 3600), 1);
    assert_int_equal(signals(f, DB_SIGNAL_ABSENT, s), 0);
    /* another group's days and intake sessions are not the student's terugkomdagen */
    char err[256];
    for (int i = 0; i < 2; i++) {
        assert_true(db_session_start(f->db, i ? "intake" : "terugkomdag", i ? "ZW2A" : "ZW2B",
                                     "Ander", NOW + (50 + i) * DAY, 0, err, sizeof err) > 0);
        assert_int_equal(db_session_stop(f->db, NOW + (50 + i) * DAY + 3600), 1);
    }
    assert_int_equal(signals(f, DB_SIGNAL_ABSENT, s), 0);
}

/* ---- intake and goals ------------------------------------------------ */

static void no_intake_signals_until_one_is_finished(void **state)
{
    struct fixture *f = *state;
    struct db_signal s[MAX];
    assert_int_equal(signals(f, DB_SIGNAL_NO_INTAKE, s), 1);
    assert_string_equal(s[0].reason, "Nog geen intake gedaan.");
    /* started but not finished: still none */
    int64_t r = db_response_start(f->db, f->me.id, f->intake, 0, NOW);
    assert_int_equal(db_response_answer_text(f->db, r, "verwachting", "Veel", NOW), 0);
    assert_int_equal(signals(f, DB_SIGNAL_NO_INTAKE, s), 1);
    assert_int_equal(db_response_answer_text(f->db, r, "sterk", "1", NOW), 0);
    assert_int_equal(db_response_answer_text(f->db, r, "lastig", "2", NOW), 0);
    assert_int_equal(db_response_answer_text(f->db, r, "leerdoelen.1", "Plannen", NOW), 0);
    char err[256];
    assert_int_equal(db_response_finish(f->db, r, NOW + 60, err, sizeof err), 0);
    assert_int_equal(signals(f, DB_SIGNAL_NO_INTAKE, s), 0);
    assert_int_equal(signals(f, DB_SIGNAL_NO_GOALS, s), 0); /* the intake made a goal */
}

static void an_intake_without_goals_signals(void **state)
{
    struct fixture *f = *state;
    struct db_signal s[MAX];
    int64_t r = db_response_start(f->db, f->me.id, f->no_goal_intake, 0, NOW);
    char err[256];
    assert_int_equal(db_response_finish(f->db, r, NOW + 60, err, sizeof err), 0);
    assert_int_equal(signals(f, DB_SIGNAL_NO_INTAKE, s), 0);
    assert_int_equal(signals(f, DB_SIGNAL_NO_GOALS, s), 1);
    assert_string_equal(s[0].reason, "Intake gedaan op 30-11, maar nog geen leerdoelen.");
    /* one goal, even added by hand, is enough */
    assert_true(db_goal_add(f->db, f->me.id, 0, "Hulp vragen", "", "", NOW) > 0);
    assert_int_equal(signals(f, DB_SIGNAL_NO_GOALS, s), 0);
}

/* ---- lists ----------------------------------------------------------- */

static void list_by_group_or_all(void **state)
{
    struct fixture *f = *state;
    struct db_student third;
    assert_int_equal(add_student(f->db, "100002", "Anna", "ZW2A", &third), 0);
    intake_with_goal(f, third.id);
    weekcheck(f, 1, 3, NOW, 1); /* me: two weekcheck signals + no intake */
    struct db_signal *all = NULL;
    int n = db_signal_list(f->db, 0, &all);
    assert_int_equal(n, 4); /* + Noor (ZW2B): no intake; Anna: none */
    /* by group, then name */
    assert_string_equal(all[0].name, "Milan de Vries");
    assert_string_equal(all[3].name, "Noor de Vries");
    assert_int_equal(all[3].kind, DB_SIGNAL_NO_INTAKE);
    free(all);
    n = db_signal_list(f->db, f->me.group_id, &all);
    assert_int_equal(n, 3);
    for (int i = 0; i < n; i++)
        assert_int_equal(all[i].student_id, f->me.id);
    free(all);
    /* a group without signals: none, and no array */
    n = db_signal_list(f->db, 99999, &all);
    assert_int_equal(n, 0);
    assert_null(all);
}

/* ---- besproken --------------------------------------------------------- */

static void besproken_hides_until_a_newer_cause(void **state)
{
    struct fixture *f = *state;
    struct db_signal s[MAX];
    intake_with_goal(f, f->me.id);
    weekcheck(f, 2, 1, NOW, 1);
    assert_int_equal(signals(f, DB_SIGNAL_WEEKCHECK, s), 1);
    assert_int_equal(s[0].discussed_at, 0);
    assert_int_equal(db_signal_discuss(f->db, s, 1, NOW + 3600), 0);
    /* off the lists; in the export's, with when */
    assert_int_equal(signals(f, DB_SIGNAL_WEEKCHECK, s), 0);
    struct db_signal *all = NULL;
    int n = db_signal_list_all(f->db, f->me.group_id, &all);
    int found = 0;
    for (int i = 0; i < n; i++)
        if (all[i].student_id == f->me.id && all[i].kind == DB_SIGNAL_WEEKCHECK)
            found = 1, assert_int_equal(all[i].discussed_at, NOW + 3600);
    free(all);
    assert_int_equal(found, 1);
    n = db_signal_list(f->db, f->me.group_id, &all);
    for (int i = 0; i < n; i++)
        assert_false(all[i].student_id == f->me.id && all[i].kind == DB_SIGNAL_WEEKCHECK);
    free(all);
    /* a new low week: back, and not marked */
    weekcheck(f, 1, 1, NOW + 7 * DAY, 1);
    assert_int_equal(signals(f, DB_SIGNAL_WEEKCHECK, s), 1);
    assert_int_equal(s[0].discussed_at, 0);
    /* another student's signals are not touched by it */
    assert_true(db_signal_student(f->db, f->other.id, f->sig, MAX) > 0);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(weekcheck_smiley_two_signals_three_does_not),
        T(weekcheck_asking_for_a_talk_signals_no_does_not),
        T(a_drop_of_exactly_one_signals),
        T(a_drop_of_nine_tenths_does_not),
        T(a_drop_counts_from_the_previous_scan_not_the_first),
        T(one_missed_terugkomdag_does_not_signal),
        T(two_missed_terugkomdagen_in_a_row_signal),
        T(no_intake_signals_until_one_is_finished),
        T(an_intake_without_goals_signals),
        T(list_by_group_or_all),
        T(besproken_hides_until_a_newer_cause),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
