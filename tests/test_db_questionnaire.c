/* test_db_questionnaire.c: responses and answers (committed one by one,
 * checked against the item they answer, never changed once finished),
 * learning goals from an intake, and the dossier numbers: zelfscan
 * averages, attendance and the weekcheck trend. On a real SQLite file. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "db/db.h"
#include "db/db_dossier.h"
#include "db/db_goal.h"
#include "db/db_questionnaire.h"
#include "db/db_response.h"
#include "db/db_session.h"
#include "db/db_student.h"
#include "tests/testutil.h"

#define NOW 1764493200 /* 2025-11-30 09:00 UTC */
#define DAY 86400

struct fixture {
    char path[512];
    struct db *db;
    int64_t student, other;
    int64_t zelfscan, weekcheck, intake; /* version rows */
};

static int64_t add_student(struct db *db, const char *number, const char *group)
{
    struct db_student s = {0};
    snprintf(s.number, sizeof s.number, "%s", number);
    snprintf(s.first_name, sizeof s.first_name, "Student");
    snprintf(s.last_name, sizeof s.last_name, "%s", number);
    snprintf(s.group, sizeof s.group, "%s", group);
    if (db_student_upsert(db, &s, NOW) == DB_UPSERT_ERROR || db_student_find(db, number, &s) != 1)
        return -1;
    return s.id;
}

static int64_t version_of(struct db *db, const char *name)
{
    struct questionnaire *q = db_questionnaire_newest(db, name);
    int64_t id = q ? q->row_id : -1;
    questionnaire_free(q);
    return id;
}

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    char err[256], *report = NULL;
    snprintf(f->path, sizeof f->path, "%s/kiosk.db", test_tmpdir());
    f->db = db_open(f->path, err, sizeof err);
    if (!f->db || db_questionnaire_load_dir(f->db, "assets/questionnaires", 0, NOW, &report) != 0)
        return -1;
    f->student = add_student(f->db, "100001", "ZW2A");
    f->other = add_student(f->db, "100002", "ZW2A");
    f->zelfscan = version_of(f->db, "zelfscan-beroepshouding");
    f->weekcheck = version_of(f->db, "weekcheck");
    f->intake = version_of(f->db, "intake");
    *state = f;
    return f->student > 0 && f->zelfscan > 0 && f->weekcheck > 0 && f->intake > 0 ? 0 : -1;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    db_close(f->db);
    free(f);
    return 0;
}

static int64_t count(struct db *db, const char *sql)
{
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db_handle(db), sql, -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    int64_t v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

static const char *const scan_keys[10] = {"luisteren", "melden", "helpen", "overleggen", "op-tijd",
                                          "afmaken", "veilig", "gegevens", "eerlijk", "feedback"};

/* A finished zelfscan with these ten answers. */
static int64_t zelfscan(struct fixture *f, int64_t student, const int v[10], int64_t at)
{
    int64_t r = db_response_start(f->db, student, f->zelfscan, 0, at);
    assert_true(r > 0);
    for (int i = 0; i < 10; i++)
        assert_int_equal(db_response_answer_num(f->db, r, scan_keys[i], v[i], at), 0);
    char err[256];
    if (db_response_finish(f->db, r, at + 120, err, sizeof err) != 0)
        fail_msg("finish: %s", err);
    return r;
}

/* ---- responses and answers ------------------------------------------- */

static void an_answer_is_on_disk_before_the_scan_is_done(void **state)
{
    struct fixture *f = *state;
    int64_t r = db_response_start(f->db, f->student, f->zelfscan, 0, NOW);
    assert_int_equal(db_response_answer_num(f->db, r, "luisteren", 4, NOW), 0);
    /* a second connection (another process) already sees it */
    sqlite3 *h;
    assert_int_equal(sqlite3_open(f->path, &h), SQLITE_OK);
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(h, "SELECT value_num FROM answers WHERE item_key ="
                                           " 'luisteren'", -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(st, 0), 4);
    sqlite3_finalize(st);
    sqlite3_close(h);
    /* saved again: replaced, not doubled */
    assert_int_equal(db_response_answer_num(f->db, r, "luisteren", 2, NOW + 5), 0);
    struct db_answer *a;
    assert_int_equal(db_response_answers(f->db, r, &a), 1);
    assert_string_equal(a[0].key, "luisteren");
    assert_true(a[0].has_num);
    assert_int_equal(a[0].num, 2);
    db_response_answers_free(a, 1);
}

static void a_walked_away_scan_stays_unfinished(void **state)
{
    struct fixture *f = *state;
    int64_t r = db_response_start(f->db, f->student, f->zelfscan, 0, NOW);
    assert_int_equal(db_response_answer_num(f->db, r, "luisteren", 5, NOW), 0);
    assert_int_equal(db_response_answer_num(f->db, r, "melden", 5, NOW), 0);
    /* the screen logs out; nothing is finished */
    struct db_response list[4];
    assert_int_equal(
        db_response_finished(f->db, f->student, "zelfscan-beroepshouding", list, 4), 0);
    struct db_dossier_scans s;
    assert_int_equal(db_dossier_scans(f->db, f->student, "zelfscan-beroepshouding", &s), 0);
    assert_int_equal(s.count, 0);
    /* coming back, the kiosk finds where they left off */
    struct db_response open;
    assert_int_equal(
        db_response_unfinished(f->db, f->student, "zelfscan-beroepshouding", &open), 1);
    assert_int_equal(open.id, r);
    assert_int_equal(open.finished_at, 0);
    assert_int_equal(db_response_unfinished(f->db, f->other, "zelfscan-beroepshouding", &open),
                     0);
    /* finishing with eight answers missing is refused and names the first */
    char err[256];
    assert_int_equal(db_response_finish(f->db, r, NOW + 60, err, sizeof err), -1);
    assert_non_null(strstr(err, "Vraag 3"));
    assert_non_null(strstr(err, "Ik help collega's"));
    assert_int_equal(count(f->db, "SELECT count(*) FROM responses WHERE finished_at IS NOT NULL"),
                     0);
}

static void a_finished_response_never_changes(void **state)
{
    struct fixture *f = *state;
    int v[10] = {4, 4, 4, 4, 4, 4, 4, 4, 4, 4};
    int64_t r = zelfscan(f, f->student, v, NOW);
    assert_int_equal(db_response_answer_num(f->db, r, "luisteren", 1, NOW + 500), -1);
    assert_int_equal(db_response_answer_clear(f->db, r, "luisteren"), 0);
    char err[256];
    assert_int_equal(db_response_finish(f->db, r, NOW + 600, err, sizeof err), -1);
    assert_non_null(strstr(err, "al opgeslagen"));
    struct db_answer *a;
    int n = db_response_answers(f->db, r, &a);
    assert_int_equal(n, 10);
    /* in the order of the items */
    for (int i = 0; i < 10; i++) {
        assert_string_equal(a[i].key, scan_keys[i]);
        assert_int_equal(a[i].num, 4);
    }
    db_response_answers_free(a, n);
    struct db_response done;
    assert_int_equal(db_response_get(f->db, r, &done), 1);
    assert_int_equal(done.finished_at, NOW + 120);
}

static void answers_must_fit_their_item(void **state)
{
    struct fixture *f = *state;
    int64_t scan = db_response_start(f->db, f->student, f->zelfscan, 0, NOW);
    int64_t week = db_response_start(f->db, f->student, f->weekcheck, 0, NOW);
    int64_t in = db_response_start(f->db, f->student, f->intake, 0, NOW);
    /* scale 1..5 */
    assert_int_equal(db_response_answer_num(f->db, scan, "luisteren", 0, NOW), -1);
    assert_int_equal(db_response_answer_num(f->db, scan, "luisteren", 6, NOW), -1);
    assert_int_equal(db_response_answer_num(f->db, scan, "luisteren", 5, NOW), 0);
    assert_int_equal(db_response_answer_text(f->db, scan, "luisteren", "5", NOW), -1);
    /* not an item of this questionnaire, or of this version */
    assert_int_equal(db_response_answer_num(f->db, scan, "stage", 3, NOW), -1);
    assert_int_equal(db_response_answer_num(f->db, scan, "luisteren.1", 3, NOW), -1);
    assert_int_equal(db_response_answer_num(f->db, 99999, "luisteren", 3, NOW), -1);
    /* choice: 1..number of options */
    assert_int_equal(db_response_answer_num(f->db, week, "gesprek", 3, NOW), 0);
    assert_int_equal(db_response_answer_num(f->db, week, "gesprek", 4, NOW), -1);
    assert_int_equal(db_response_answer_num(f->db, week, "stage", 1, NOW), 0);
    /* pick-many: option numbers, stored sorted, at most max (3) */
    assert_int_equal(db_response_answer_text(f->db, in, "sterk", "7, 2,7", NOW), 0);
    assert_int_equal(db_response_answer_text(f->db, in, "sterk", "1,2,3,4", NOW), -1);
    assert_int_equal(db_response_answer_text(f->db, in, "sterk", "0", NOW), -1);
    assert_int_equal(db_response_answer_text(f->db, in, "sterk", "11", NOW), -1);
    assert_int_equal(db_response_answer_text(f->db, in, "sterk", "2;x", NOW), -1);
    assert_int_equal(db_response_answer_num(f->db, in, "sterk", 2, NOW), -1);
    /* open: at most max (400) characters, valid UTF-8, no control characters */
    char longer[1000];
    memset(longer, 'a', 401);
    longer[401] = '\0';
    assert_int_equal(db_response_answer_text(f->db, in, "verwachting", longer, NOW), -1);
    /* 400 characters of two bytes each still fit */
    char wide[1000] = "";
    for (int i = 0; i < 400; i++)
        strcat(wide, "é");
    assert_int_equal(db_response_answer_text(f->db, in, "verwachting", wide, NOW), 0);
    assert_int_equal(db_response_answer_text(f->db, in, "verwachting", "regel\neen", NOW), -1);
    assert_int_equal(db_response_answer_text(f->db, in, "verwachting", "caf\xE9", NOW), -1);
    assert_int_equal(db_response_answer_text(f->db, in, "verwachting", "  Veel leren.  ", NOW),
                     0);
    /* learning goals: <key>.<n>[.wanneer|.hoe], n up to max (3) */
    assert_int_equal(db_response_answer_text(f->db, in, "leerdoelen.1", "Plannen", NOW), 0);
    assert_int_equal(db_response_answer_text(f->db, in, "leerdoelen.3.hoe", "Lijst af", NOW),
                     0);
    assert_int_equal(db_response_answer_text(f->db, in, "leerdoelen.4", "Te veel", NOW), -1);
    assert_int_equal(db_response_answer_text(f->db, in, "leerdoelen.1.waarom", "x", NOW), -1);
    assert_int_equal(db_response_answer_text(f->db, in, "leerdoelen", "x", NOW), -1);

    struct db_answer *a;
    int n = db_response_answers(f->db, in, &a);
    assert_int_equal(n, 4);
    assert_string_equal(a[0].key, "verwachting");
    assert_string_equal(a[0].text, "Veel leren."); /* trimmed */
    assert_string_equal(a[1].key, "sterk");
    assert_string_equal(a[1].text, "2,7");
    assert_false(a[1].has_num);
    db_response_answers_free(a, n);
}

static void intake_stores_learning_goals_with_their_smart_parts(void **state)
{
    struct fixture *f = *state;
    int64_t r = db_response_start(f->db, f->student, f->intake, 0, NOW);
    assert_int_equal(db_response_answer_text(f->db, r, "verwachting", "Veel doen.", NOW), 0);
    assert_int_equal(db_response_answer_text(f->db, r, "sterk", "1,5", NOW), 0);
    char err[256];
    /* "lastig" has min 1: nothing picked is not enough */
    assert_int_equal(db_response_answer_text(f->db, r, "lastig", "", NOW), 0);
    assert_int_equal(db_response_finish(f->db, r, NOW + 60, err, sizeof err), -1);
    assert_non_null(strstr(err, "Vraag 3"));
    assert_int_equal(db_response_answer_text(f->db, r, "lastig", "3", NOW), 0);
    /* no goal yet: refused (min 1) */
    assert_int_equal(db_response_finish(f->db, r, NOW + 60, err, sizeof err), -1);
    assert_non_null(strstr(err, "Vraag 4"));
    /* goal 1 complete, goal 2 only "wat", goal 3 started and wiped */
    assert_int_equal(db_response_answer_text(f->db, r, "leerdoelen.1",
                                               "Ik wil mijn werk plannen.", NOW), 0);
    assert_int_equal(db_response_answer_text(f->db, r, "leerdoelen.1.wanneer",
                                               "Over vier weken", NOW), 0);
    assert_int_equal(db_response_answer_text(f->db, r, "leerdoelen.1.hoe",
                                               "Mijn begeleider ziet een planning.", NOW), 0);
    assert_int_equal(db_response_answer_text(f->db, r, "leerdoelen.2",
                                               "Ik wil hulp vragen.", NOW), 0);
    assert_int_equal(db_response_answer_text(f->db, r, "leerdoelen.3", "Weg", NOW), 0);
    assert_int_equal(db_response_answer_clear(f->db, r, "leerdoelen.3"), 0);
    assert_int_equal(db_response_finish(f->db, r, NOW + 60, err, sizeof err), 0);

    struct db_goal g[4];
    assert_int_equal(db_goal_list(f->db, f->student, g, 4), 2);
    assert_string_equal(g[0].text, "Ik wil mijn werk plannen.");
    assert_string_equal(g[0].by_when, "Over vier weken");
    assert_string_equal(g[0].proof, "Mijn begeleider ziet een planning.");
    assert_int_equal(g[0].status, DB_GOAL_OPEN);
    assert_int_equal(g[0].response_id, r);
    assert_string_equal(g[1].text, "Ik wil hulp vragen.");
    assert_string_equal(g[1].by_when, "");
    /* status moves on, with its time */
    assert_int_equal(db_goal_set_status(f->db, g[0].id, DB_GOAL_BUSY, NOW + DAY), 0);
    assert_int_equal(db_goal_set_status(f->db, g[1].id, DB_GOAL_DONE, NOW + 2 * DAY), 0);
    assert_int_equal(db_goal_set_status(f->db, 99999, DB_GOAL_DONE, NOW), -1);
    assert_int_equal(db_goal_list(f->db, f->student, g, 4), 2);
    assert_int_equal(g[0].status, DB_GOAL_BUSY);
    assert_int_equal(g[0].updated_at, NOW + DAY);
    assert_int_equal(g[1].status, DB_GOAL_DONE);
    assert_string_equal(db_goal_status_name(g[1].status), "behaald");
    assert_int_equal(db_goal_status_parse("bezig"), DB_GOAL_BUSY);
    assert_int_equal(db_goal_status_parse("klaar"), -1);
    /* by hand */
    assert_true(db_goal_add(f->db, f->student, 0, "Zelf bedacht", NULL, NULL, NOW) > 0);
    assert_int_equal(db_goal_add(f->db, f->student, 0, "", NULL, NULL, NOW), -1);
    assert_int_equal(db_goal_count(f->db, f->student), 3);
    assert_int_equal(db_goal_count(f->db, f->other), 0);
}

static void every_row_carries_a_uid(void **state)
{
    struct fixture *f = *state;
    int v[10] = {3, 3, 3, 3, 3, 3, 3, 3, 3, 3};
    zelfscan(f, f->student, v, NOW);
    assert_true(db_goal_add(f->db, f->student, 0, "Doel", "", "", NOW) > 0);
    static const char *const tables[] = {"questionnaires", "questionnaire_items", "responses",
                                         "answers", "learning_goals"};
    for (int i = 0; i < 5; i++) {
        char sql[256];
        snprintf(sql, sizeof sql, "SELECT count(*), count(DISTINCT uid),"
                 " sum(length(uid) = 32) FROM %s", tables[i]);
        sqlite3_stmt *st;
        assert_int_equal(sqlite3_prepare_v2(db_handle(f->db), sql, -1, &st, NULL), SQLITE_OK);
        assert_int_equal(sqlite3_step(st), SQLITE_ROW);
        int64_t rows = sqlite3_column_int64(st, 0);
        assert_true(rows > 0);
        assert_int_equal(sqlite3_column_int64(st, 1), rows);
        assert_int_equal(sqlite3_column_int64(st, 2), rows);
        sqlite3_finalize(st);
    }
}

/* ---- the dossier ----------------------------------------------------- */

static void dossier_compares_latest_previous_and_first(void **state)
{
    struct fixture *f = *state;
    struct db_dossier_scans s;
    assert_int_equal(db_dossier_scans(f->db, f->student, "zelfscan-beroepshouding", &s), 0);
    assert_int_equal(s.count, 0);
    assert_int_equal(s.ncat, 0);

    int first[10] = {2, 3, 1, 2, 3, 3, 3, 2, 2, 1};
    zelfscan(f, f->student, first, NOW);
    assert_int_equal(db_dossier_scans(f->db, f->student, "zelfscan-beroepshouding", &s), 0);
    assert_int_equal(s.count, 1);
    assert_int_equal(s.ncat, 5);
    assert_string_equal(s.category[0], "communicatie");
    assert_string_equal(s.category[4], "ontwikkeling");
    assert_true(s.latest[0] == 2.5);
    assert_true(s.previous[0] < 0 && s.first[0] < 0);

    int second[10] = {3, 3, 2, 2, 4, 4, 4, 3, 3, 2};
    zelfscan(f, f->student, second, NOW + 7 * DAY);
    assert_int_equal(db_dossier_scans(f->db, f->student, "zelfscan-beroepshouding", &s), 0);
    assert_int_equal(s.count, 2);
    assert_true(s.latest[0] == 3.0 && s.previous[0] == 2.5);
    assert_true(s.first[0] < 0); /* the first is the previous: not repeated */

    int third[10] = {5, 4, 4, 3, 5, 4, 3, 5, 4, 4};
    int fourth[10] = {5, 5, 4, 4, 5, 5, 5, 5, 5, 5};
    zelfscan(f, f->student, third, NOW + 14 * DAY);
    zelfscan(f, f->student, fourth, NOW + 21 * DAY);
    zelfscan(f, f->other, fourth, NOW + 22 * DAY); /* someone else's: never mixed in */
    assert_int_equal(db_dossier_scans(f->db, f->student, "zelfscan-beroepshouding", &s), 0);
    assert_int_equal(s.count, 4);
    double want_latest[5] = {5, 4, 5, 5, 5}, want_prev[5] = {4.5, 3.5, 4, 4.5, 4};
    double want_first[5] = {2.5, 1.5, 3, 2, 1};
    for (int i = 0; i < 5; i++) {
        assert_true(s.latest[i] == want_latest[i]);
        assert_true(s.previous[i] == want_prev[i]);
        assert_true(s.first[i] == want_first[i]);
    }
    assert_int_equal(s.latest_at, NOW + 21 * DAY + 120);
    assert_int_equal(s.previous_at, NOW + 14 * DAY + 120);
    assert_int_equal(s.first_at, NOW + 120);
}

static void dossier_counts_attendance_at_terugkomdagen(void **state)
{
    struct fixture *f = *state;
    struct db *db = f->db;
    char err[256];
    struct db_student me;
    assert_int_equal(db_student_find(db, "100001", &me), 1);
    add_student(db, "200001", "ZW2B");
    /* five terugkomdagen of ZW2A: present, late, absent, an intake (not a
     * terugkomdag), present; one of another group; and one running */
    const char *what[] = {"present", "late", "absent", "intake", "present"};
    for (int i = 0; i < 5; i++) {
        int64_t start = NOW + i * 14 * DAY;
        int64_t id = db_session_start(db, i == 3 ? "intake" : "terugkomdag", "ZW2A", "Dag", start,
                                      start + 900, err, sizeof err);
        assert_true(id > 0);
        struct db_session s;
        assert_int_equal(db_session_current(db, &s), 1);
        struct db_checkin c;
        if (!strcmp(what[i], "present"))
            assert_int_equal(db_checkin_add(db, &s, &me, start + 60, "scan", "", "", &c),
                             DB_CHECKIN_NEW);
        if (!strcmp(what[i], "late"))
            assert_int_equal(db_checkin_add(db, &s, &me, start + 1800, "scan", "", "", &c),
                             DB_CHECKIN_NEW);
        assert_int_equal(db_session_stop(db, start + 4 * 3600), 1);
    }
    assert_true(db_session_start(db, "terugkomdag", "ZW2B", "Ander", NOW + 80 * DAY, 0, err,
                                 sizeof err) > 0);
    assert_int_equal(db_session_stop(db, NOW + 80 * DAY + 3600), 1);
    assert_true(db_session_start(db, "terugkomdag", "ZW2A", "Nu", NOW + 90 * DAY, 0, err,
                                 sizeof err) > 0);

    struct db_dossier_attendance a;
    assert_int_equal(db_dossier_attendance(db, f->student, &a), 0);
    assert_int_equal(a.present, 2);
    assert_int_equal(a.late, 1);
    assert_int_equal(a.absent, 1); /* the running day is not missed (yet) */
    assert_int_equal(a.n, 4);
    assert_int_equal(a.day[0].status, DB_ATTENDANCE_PRESENT); /* oldest first */
    assert_int_equal(a.day[1].status, DB_ATTENDANCE_LATE);
    assert_int_equal(a.day[2].status, DB_ATTENDANCE_ABSENT);
    assert_int_equal(a.day[3].status, DB_ATTENDANCE_PRESENT);
    assert_int_equal(a.day[0].at, NOW);

    /* once checked in, the running day counts */
    struct db_session s;
    struct db_checkin c;
    assert_int_equal(db_session_current(db, &s), 1);
    assert_int_equal(db_checkin_add(db, &s, &me, NOW + 90 * DAY + 10, "scan", "", "", &c),
                     DB_CHECKIN_NEW);
    assert_int_equal(db_dossier_attendance(db, f->student, &a), 0);
    assert_int_equal(a.present, 3);
    assert_int_equal(a.n, 5);
}

static void dossier_weekcheck_trend_is_oldest_first(void **state)
{
    struct fixture *f = *state;
    char err[256];
    for (int i = 0; i < 10; i++) {
        int64_t r = db_response_start(f->db, f->student, f->weekcheck, 0, NOW + i * 7 * DAY);
        assert_int_equal(db_response_answer_num(f->db, r, "stage", i % 5 + 1, NOW), 0);
        assert_int_equal(db_response_answer_num(f->db, r, "leerdoel", 2, NOW), 0);
        assert_int_equal(db_response_answer_num(f->db, r, "gesprek", 1, NOW), 0);
        assert_int_equal(db_response_finish(f->db, r, NOW + i * 7 * DAY + 30, err, sizeof err),
                         0);
    }
    /* an unfinished one does not count */
    int64_t r = db_response_start(f->db, f->student, f->weekcheck, 0, NOW + 80 * DAY);
    assert_int_equal(db_response_answer_num(f->db, r, "stage", 1, NOW), 0);

    struct db_dossier_trend t;
    assert_int_equal(db_dossier_weekcheck(f->db, f->student, 4, &t), 0);
    assert_int_equal(t.n, 4);
    double want[4] = {2, 3, 4, 5}; /* weeks 6..9: i % 5 + 1 */
    for (int i = 0; i < 4; i++)
        assert_true(t.value[i] == want[i]);
    assert_true(t.at[0] < t.at[3]);
    assert_int_equal(db_dossier_weekcheck(f->db, f->other, 4, &t), 0);
    assert_int_equal(t.n, 0);
    assert_int_equal(db_dossier_weekcheck(f->db, f->student, -3, &t), 0);
    assert_int_equal(t.n, 0);

    struct db_dossier *d = malloc(sizeof *d);
    assert_int_equal(db_dossier_load(f->db, f->student, "zelfscan-beroepshouding", 8, d), 0);
    assert_int_equal(d->weekcheck.n, 8);
    assert_int_equal(d->scans.count, 0);
    assert_int_equal(d->ngoals, 0);
    free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(an_answer_is_on_disk_before_the_scan_is_done, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(a_walked_away_scan_stays_unfinished, setup, teardown),
        cmocka_unit_test_setup_teardown(a_finished_response_never_changes, setup, teardown),
        cmocka_unit_test_setup_teardown(answers_must_fit_their_item, setup, teardown),
        cmocka_unit_test_setup_teardown(intake_stores_learning_goals_with_their_smart_parts,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(every_row_carries_a_uid, setup, teardown),
        cmocka_unit_test_setup_teardown(dossier_compares_latest_previous_and_first, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(dossier_counts_attendance_at_terugkomdagen, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(dossier_weekcheck_trend_is_oldest_first, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
