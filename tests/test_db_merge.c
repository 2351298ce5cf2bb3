/* test_db_merge.c: two kiosks with overlapping students and sessions merge
 * into the union, a second merge changes nothing, and files that are not
 * a stagekiosk snapshot (or come from a newer one) are refused. */
#include "db/db.h"
#include "db/db_merge.h"
#include "db/db_migrate.h"
#include "db/db_session.h"
#include "db/db_signal.h"
#include "db/db_student.h"
#include "tests/testutil.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#define T0 1800000000

static char path_a[512], path_b[512];

static struct db *open_db(const char *path)
{
    char err[256];
    struct db *db = db_open(path, err, sizeof err);
    assert_non_null(db);
    return db;
}

static void add_student(struct db *db, const char *number, const char *first, const char *last,
                        const char *group, int64_t at)
{
    struct db_student s = {0};
    snprintf(s.number, sizeof s.number, "%s", number);
    snprintf(s.first_name, sizeof s.first_name, "%s", first);
    snprintf(s.last_name, sizeof s.last_name, "%s", last);
    snprintf(s.group, sizeof s.group, "%s", group);
    assert_true(db_student_upsert(db, &s, at) >= 0);
}

static void run_session(struct db *db, const char *group, const char *title, int64_t start,
                        const char *const *numbers, int stop)
{
    char err[256];
    assert_true(db_session_start(db, "terugkomdag", group, title, start, start + 900, err,
                                 sizeof err) > 0);
    struct db_session se;
    assert_int_equal(db_session_current(db, &se), 1);
    for (int i = 0; numbers[i]; i++) {
        struct db_student st;
        struct db_checkin ci;
        assert_int_equal(db_student_find(db, numbers[i], &st), 1);
        assert_int_equal(db_checkin_add(db, &se, &st, start + 60 * (i + 1), "scan", "", "", &ci),
                         DB_CHECKIN_NEW);
    }
    if (stop)
        assert_int_equal(db_session_stop(db, start + 7200), 1);
}

static void exec(struct db *db, const char *sql)
{
    assert_int_equal(db_exec(db, sql), 0);
}

/* Kiosk A and B both imported 1001 and 1002 (so each has its own uid for
 * them); A also has 1003 in a group B does not know, B has 1004. Each ran
 * its own session; A's second one still runs. */
static int setup(void **state)
{
    snprintf(path_a, sizeof path_a, "%s/a.db", test_tmpdir());
    snprintf(path_b, sizeof path_b, "%s/b.db", test_tmpdir());
    struct db *a = open_db(path_a), *b = open_db(path_b);
    add_student(a, "1001", "Sanne", "Jong", "ZW2A", T0);
    add_student(a, "1002", "Emre", "Çelik", "ZW2A", T0);
    add_student(a, "1003", "Fleur", "Bakker", "ZW2B", T0);
    add_student(b, "1001", "Sanne", "Jong", "ZW2A", T0);
    add_student(b, "1002", "Emre", "Celik", "ZW2A", T0 - 10); /* older spelling */
    add_student(b, "1004", "Daan", "Dijk", "ZW2A", T0);
    run_session(a, "ZW2A", "Terugkomdag 1 (A)", T0 + 86400, (const char *const[]){"1001", "1002", NULL}, 1);
    run_session(b, "ZW2A", "Terugkomdag 1 (B)", T0 + 86400 + 60, (const char *const[]){"1001", "1004", NULL}, 1);
    run_session(a, "ZW2B", "Bijeenkomst (A)", T0 + 2 * 86400, (const char *const[]){"1003", NULL}, 0);
    /* a zelfscan with two answers and a learning goal, on A */
    exec(a, "INSERT INTO questionnaires(uid, name, version, kind, title, source, hash, loaded_at)"
            " VALUES ('q1', 'zelfscan', 1, 'zelfscan', 'Zelfscan', 'id = zelfscan', 'h1', 1)");
    exec(a, "INSERT INTO questionnaire_items(uid, questionnaire_id, position, key, type)"
            " VALUES ('qi1', 1, 1, 'luisteren', 'schaal'), ('qi2', 1, 2, 'op-tijd', 'schaal')");
    exec(a, "INSERT INTO responses(uid, student_id, questionnaire_id, started_at, finished_at)"
            " SELECT 'r1', id, 1, 1800000100, 1800000200 FROM students WHERE number = '1002'");
    exec(a, "INSERT INTO answers(uid, response_id, item_key, value_num, answered_at)"
            " VALUES ('an1', 1, 'luisteren', 4, 1800000150), ('an2', 1, 'op-tijd', 2, 1800000160)");
    exec(a, "INSERT INTO learning_goals(uid, student_id, text, created_at, updated_at)"
            " SELECT 'g1', id, 'Ik vraag elke week om feedback.', 1800000300, 1800000300"
            " FROM students WHERE number = '1002'");
    /* B loaded the same questionnaire file: another uid, same name and hash */
    exec(b, "INSERT INTO questionnaires(uid, name, version, kind, title, source, hash, loaded_at)"
            " VALUES ('q1-b', 'zelfscan', 1, 'zelfscan', 'Zelfscan', 'id = zelfscan', 'h1', 2)");
    db_close(a);
    db_close(b);
    return 0;
}

/* Everything a person would compare, by natural keys, as one string. */
static char *digest(struct db *db)
{
    static const char *sql =
        "SELECT group_concat(line, '|') FROM ("
        " SELECT 'g:' || name AS line FROM groups"
        " UNION ALL SELECT 's:' || s.number || ',' || s.first_name || ',' || s.last_name || ','"
        "  || coalesce(g.name, '') || ',' || s.card_version FROM students s"
        "  LEFT JOIN groups g ON g.id = s.group_id"
        " UNION ALL SELECT 'e:' || se.uid || ',' || se.title || ',' || g.name || ','"
        "  || coalesce(se.ended_at, 'running') FROM sessions se JOIN groups g ON g.id = se.group_id"
        " UNION ALL SELECT 'c:' || c.uid || ',' || se.uid || ',' || st.number || ',' || c.at"
        "  FROM checkins c JOIN sessions se ON se.id = c.session_id"
        "  JOIN students st ON st.id = c.student_id"
        " UNION ALL SELECT 'q:' || name || ',' || version || ',' || hash FROM questionnaires"
        " UNION ALL SELECT 'r:' || r.uid || ',' || st.number || ',' || q.hash FROM responses r"
        "  JOIN students st ON st.id = r.student_id JOIN questionnaires q ON q.id = r.questionnaire_id"
        " UNION ALL SELECT 'a:' || a.uid || ',' || r.uid || ',' || a.value_num FROM answers a"
        "  JOIN responses r ON r.id = a.response_id"
        " UNION ALL SELECT 'l:' || l.uid || ',' || st.number || ',' || l.status"
        "  FROM learning_goals l JOIN students st ON st.id = l.student_id"
        " UNION ALL SELECT 't:' || k.uid || ',' || st.number || ',' || k.kind || ',' || k.at"
        "  FROM signal_talks k JOIN students st ON st.id = k.student_id"
        " ORDER BY line)";
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db_handle(db), sql, -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    char *out = strdup((const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    return out;
}

static int64_t query_int(struct db *db, const char *sql)
{
    sqlite3_stmt *st;
    int64_t v = -1;
    assert_int_equal(sqlite3_prepare_v2(db_handle(db), sql, -1, &st, NULL), SQLITE_OK);
    if (sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

static void merge_gives_the_union_and_twice_changes_nothing(void **state)
{
    struct db *b = open_db(path_b);
    struct db_merge_result r;
    assert_int_equal(db_merge_snapshot(b, path_a, &r), 0);
    assert_int_equal(r.groups_added, 1);      /* ZW2B */
    assert_int_equal(r.students_added, 1);    /* 1003 */
    assert_int_equal(r.students_updated, 1);  /* 1002: A's spelling is newer */
    assert_int_equal(r.sessions_added, 2);
    assert_int_equal(r.checkins_added, 3);
    assert_int_equal(r.questionnaires_added, 0); /* same file as B's */
    assert_int_equal(r.responses_added, 1);
    assert_int_equal(r.answers_added, 2);
    assert_int_equal(r.goals_added, 1);
    assert_int_equal(query_int(b, "SELECT count(*) FROM students"), 4);
    assert_int_equal(query_int(b, "SELECT count(*) FROM checkins"), 5);
    assert_int_equal(query_int(b, "SELECT count(*) FROM students WHERE last_name = 'Çelik'"), 1);
    /* A's response points at B's copy of the same questionnaire */
    assert_int_equal(query_int(b, "SELECT q.uid = 'q1-b' FROM responses r"
                                  " JOIN questionnaires q ON q.id = r.questionnaire_id"),
                     1);
    /* The session that still ran on A does not run here. */
    assert_int_equal(query_int(b, "SELECT count(*) FROM sessions WHERE ended_at IS NULL"), 0);
    assert_int_equal(query_int(b, "SELECT ended_at FROM sessions WHERE title = 'Bijeenkomst (A)'"),
                     T0 + 2 * 86400 + 60);

    char *first = digest(b);
    assert_int_equal(db_merge_snapshot(b, path_a, &r), 0);
    assert_int_equal(r.groups_added + r.students_added + r.students_updated + r.sessions_added +
                         r.sessions_updated + r.checkins_added + r.questionnaires_added +
                         r.responses_added + r.answers_added + r.goals_added + r.goals_updated +
                         r.other_updated,
                     0);
    char *second = digest(b);
    assert_string_equal(first, second);

    /* The other way round, A ends up with the same data as B. */
    db_close(b);
    struct db *a = open_db(path_a);
    /* A's own running session must end before it can hold B's data as B does. */
    assert_int_equal(db_session_stop(a, T0 + 2 * 86400 + 60), 1);
    assert_int_equal(db_merge_snapshot(a, path_b, &r), 0);
    char *from_a = digest(a);
    assert_string_equal(from_a, first);
    db_close(a);
    free(first);
    free(second);
    free(from_a);
}

/* A card revoked on one kiosk stops working on both. */
static void higher_card_version_wins(void **state)
{
    struct db *a = open_db(path_a);
    assert_int_equal(db_student_revoke_card(a, "1001"), 2);
    db_close(a);
    struct db *b = open_db(path_b);
    struct db_merge_result r;
    assert_int_equal(db_merge_snapshot(b, path_a, &r), 0);
    struct db_student s;
    assert_int_equal(db_student_find(b, "1001", &s), 1);
    assert_int_equal(s.card_version, 2);
    db_close(b);
}

/* Later on, the other kiosk finished its session and got one more check-in:
 * a new merge adds that and the real end. */
static void later_snapshot_adds_only_what_is_new(void **state)
{
    struct db *b = open_db(path_b);
    struct db_merge_result r;
    assert_int_equal(db_merge_snapshot(b, path_a, &r), 0);
    db_close(b);
    struct db *a = open_db(path_a);
    struct db_session se;
    struct db_student st;
    struct db_checkin ci;
    assert_int_equal(db_session_current(a, &se), 1);
    assert_int_equal(db_student_find(a, "1001", &st), 1);
    assert_int_equal(db_checkin_add(a, &se, &st, T0 + 2 * 86400 + 600, "hand", "docent", "",
                                    &ci),
                     DB_CHECKIN_NEW);
    assert_int_equal(db_session_stop(a, T0 + 2 * 86400 + 3600), 1);
    db_close(a);
    b = open_db(path_b);
    assert_int_equal(db_merge_snapshot(b, path_a, &r), 0);
    assert_int_equal(r.checkins_added, 1);
    assert_int_equal(r.sessions_added, 0);
    assert_int_equal(r.sessions_updated, 1);
    assert_int_equal(query_int(b, "SELECT ended_at FROM sessions WHERE title = 'Bijeenkomst (A)'"),
                     T0 + 2 * 86400 + 3600);
    db_close(b);
}

static void refuses_what_is_no_snapshot(void **state)
{
    struct db *b = open_db(path_b);
    char *before = digest(b);
    struct db_merge_result r;
    char p[600];

    /* not SQLite at all */
    snprintf(p, sizeof p, "%s/notes.txt", test_tmpdir());
    FILE *f = fopen(p, "w");
    fputs("studentnummer;naam\n1001;Sanne\n", f);
    fclose(f);
    assert_int_equal(db_merge_snapshot(b, p, &r), -1);
    assert_non_null(strstr(r.err, "geen stagekiosk-database"));

    /* SQLite, but someone else's */
    snprintf(p, sizeof p, "%s/other.db", test_tmpdir());
    sqlite3 *h;
    assert_int_equal(sqlite3_open(p, &h), SQLITE_OK);
    assert_int_equal(sqlite3_exec(h, "CREATE TABLE students(x); PRAGMA user_version=3", NULL, NULL,
                                  NULL),
                     SQLITE_OK);
    sqlite3_close(h);
    assert_int_equal(db_merge_snapshot(b, p, &r), -1);
    assert_non_null(strstr(r.err, "geen stagekiosk-database"));

    /* ours, from a newer stagekiosk */
    snprintf(p, sizeof p, "%s/newer.db", test_tmpdir());
    struct db *n = open_db(p);
    char sql[64];
    snprintf(sql, sizeof sql, "PRAGMA user_version=%d", db_migrate_latest() + 1);
    exec(n, sql);
    db_close(n);
    assert_int_equal(db_merge_snapshot(b, p, &r), -1);
    assert_non_null(strstr(r.err, "nieuwere stagekiosk"));

    /* a file that does not exist */
    snprintf(p, sizeof p, "%s/none.db", test_tmpdir());
    assert_int_equal(db_merge_snapshot(b, p, &r), -1);
    assert_int_equal(access(p, F_OK), -1); /* and it was not created */

    /* itself */
    assert_int_equal(db_merge_snapshot(b, path_b, &r), -1);
    assert_non_null(strstr(r.err, "deze kiosk zelf"));

    char *after = digest(b);
    assert_string_equal(before, after);
    free(before);
    free(after);
    db_close(b);
}

/* An older snapshot (schema version 3, before questionnaires) merges too. */
static void older_snapshot_is_brought_up_to_date(void **state)
{
    char p[600], err[256];
    snprintf(p, sizeof p, "%s/old.db", test_tmpdir());
    sqlite3 *h;
    assert_int_equal(sqlite3_open(p, &h), SQLITE_OK);
    assert_int_equal(db_migrate_to(h, 3, err, sizeof err), 0);
    assert_int_equal(sqlite3_exec(h,
                                  "INSERT INTO groups(name) VALUES ('OLD1');"
                                  "INSERT INTO students(uid, number, first_name, last_name,"
                                  " group_id, updated_at) VALUES ('u9', '9009', 'Oud', 'Student',"
                                  " 1, 1700000000);",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    sqlite3_close(h);
    struct db *b = open_db(path_b);
    struct db_merge_result r;
    assert_int_equal(db_merge_snapshot(b, p, &r), 0);
    assert_int_equal(r.students_added, 1);
    db_close(b);
}

static int64_t student_id(struct db *db, const char *number)
{
    struct db_student s;
    assert_int_equal(db_student_find(db, number, &s), 1);
    return s.id;
}

static int has_kind(const struct db_signal *s, int n, enum db_signal_kind kind)
{
    for (int i = 0; i < n; i++)
        if (s[i].kind == kind)
            return 1;
    return 0;
}

/* A teacher on A talked with 1002 about the missing intake: after the
 * merge B's list leaves it out too, and a second merge adds nothing. */
static void discussed_signals_travel(void **state)
{
    struct db_signal sig[8];
    struct db *a = open_db(path_a);
    int n = db_signal_student(a, student_id(a, "1002"), sig, 8);
    assert_true(has_kind(sig, n, DB_SIGNAL_NO_INTAKE));
    assert_int_equal(db_signal_discuss(a, sig, n, T0 + 5 * 86400), 0);
    assert_int_equal(db_signal_student(a, student_id(a, "1002"), sig, 8), 0);
    db_close(a);

    struct db *b = open_db(path_b);
    n = db_signal_student(b, student_id(b, "1002"), sig, 8);
    assert_true(has_kind(sig, n, DB_SIGNAL_NO_INTAKE));
    struct db_merge_result r;
    assert_int_equal(db_merge_snapshot(b, path_a, &r), 0);
    assert_true(r.talks_added >= 1);
    n = db_signal_student(b, student_id(b, "1002"), sig, 8);
    assert_false(has_kind(sig, n, DB_SIGNAL_NO_INTAKE));
    assert_int_equal(db_merge_snapshot(b, path_a, &r), 0);
    assert_int_equal(r.talks_added, 0);
    db_close(b);
}

/* Every table with a uid column (rows that travel between kiosks) has a
 * merge step, or is listed here as known not to merge yet. A feature that
 * adds a table must add its step to db_merge.c. */
static void every_table_with_a_uid_is_merged(void **state)
{
    static const char *const not_yet[] = {"poll_sets", "polls"}; /* db_merge.h */
    struct db *b = open_db(path_b);
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db_handle(b),
                                        "SELECT m.name FROM sqlite_master m WHERE m.type = 'table'"
                                        " AND EXISTS (SELECT 1 FROM pragma_table_info(m.name)"
                                        " WHERE name = 'uid')",
                                        -1, &st, NULL),
                     SQLITE_OK);
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *name = (const char *)sqlite3_column_text(st, 0);
        int known = 0;
        for (int i = 0; i < db_merge_table_count(); i++)
            known |= !strcmp(name, db_merge_table_name(i));
        for (size_t i = 0; i < sizeof not_yet / sizeof not_yet[0]; i++)
            known |= !strcmp(name, not_yet[i]);
        if (!known)
            fail_msg("table %s has uids but no merge step in db/db_merge.c", name);
    }
    sqlite3_finalize(st);
    db_close(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(merge_gives_the_union_and_twice_changes_nothing, setup),
        cmocka_unit_test_setup(higher_card_version_wins, setup),
        cmocka_unit_test_setup(later_snapshot_adds_only_what_is_new, setup),
        cmocka_unit_test_setup(refuses_what_is_no_snapshot, setup),
        cmocka_unit_test_setup(older_snapshot_is_brought_up_to_date, setup),
        cmocka_unit_test_setup(every_table_with_a_uid_is_merged, setup),
        cmocka_unit_test_setup(discussed_signals_travel, setup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
