/* test_db_poll.c: poll sets, polls and votes on a real SQLite file: votes
 * are rows, the n threshold, resume after a crash, and the anonymity of
 * verified polls on the schema, on the rows and in the file's pages. */
#include "db/db.h"
#include "db/db_poll.h"
#include "base/setfile.h"
#include "tests/testutil.h"

#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#define NOW 1796000000 /* unix seconds, a Monday in 2026 */

static const char *set_text = "set: evaluatie\n"
                              "titel: Korte evaluatie\n"
                              "vraag: Hoe was de dag?\n"
                              "- Slecht\n- Gaat wel\n- Goed\n"
                              "vraag: Kom je de volgende keer?\n"
                              "- Ja\n- Nee\n";

TEST_DB_FIXTURE

static int64_t query_int(const char *sql)
{
    sqlite3_stmt *st;
    int64_t v = -1;
    if (sqlite3_prepare_v2(db_handle(db), sql, -1, &st, NULL) != SQLITE_OK)
        return -2;
    if (sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

static void load(const char *text, int expect_rc, struct db_poll_set *out)
{
    static struct setfile set;
    char *report = NULL, err[256];
    assert_int_equal(setfile_parse(text, strlen(text), &setfile_polls, &set, &report), 0);
    free(report);
    assert_int_equal(db_poll_set_import(db, &set, "test.txt", NOW, out, err, sizeof err),
                     expect_rc);
}

static int64_t open_poll(int number, int verified)
{
    struct db_poll_set s;
    load(set_text, query_int("SELECT count(*) FROM poll_sets") ? 0 : 1, &s);
    char err[256];
    int64_t id = db_poll_open(db, "evaluatie", number, verified, NOW + 60, err, sizeof err);
    assert_true(id > 0);
    return id;
}

/* Students 1..n in group ZW2A, for verified votes. */
static void add_students(int n)
{
    assert_int_equal(db_exec(db, "INSERT INTO groups(name) VALUES ('ZW2A')"), 0);
    for (int i = 1; i <= n; i++) {
        char sql[256];
        snprintf(sql, sizeof sql,
                 "INSERT INTO students(id, uid, number, first_name, last_name, group_id,"
                 " updated_at) VALUES (%d, 'u%d', '10%04d', 'S', 'T', 1, 0)",
                 i, i, i);
        assert_int_equal(db_exec(db, sql), 0);
    }
}

/* ---- sets ------------------------------------------------------------- */

static void set_import_is_versioned_and_idempotent(void **state)
{
    struct db_poll_set s;
    load(set_text, 1, &s);
    assert_string_equal(s.name, "evaluatie");
    assert_int_equal(s.version, 1);
    assert_int_equal(s.questions, 2);
    load(set_text, 0, &s); /* the same file again: nothing new */
    assert_int_equal(s.version, 1);
    assert_int_equal(query_int("SELECT count(*) FROM poll_sets"), 1);

    char changed[512];
    snprintf(changed, sizeof changed, "%s- Misschien\n", set_text);
    load(changed, 1, &s);
    assert_int_equal(s.version, 2);
    struct db_poll_set list[4];
    assert_int_equal(db_poll_set_list(db, list, 4), 1);
    assert_int_equal(list[0].version, 2);

    struct db_poll_question q[SETFILE_BLOCKS_MAX];
    assert_int_equal(db_poll_set_questions(db, list[0].id, q, SETFILE_BLOCKS_MAX), 2);
    assert_string_equal(q[0].text, "Hoe was de dag?");
    assert_int_equal(q[0].noptions, 3);
    assert_string_equal(q[0].options[2], "Goed");
    assert_int_equal(q[1].noptions, 3);
    assert_string_equal(q[1].options[2], "Misschien");
    /* The old version stays for the polls that asked it. */
    assert_int_equal(query_int("SELECT count(*) FROM poll_questions"), 4);
}

static void shipped_sets_fill_an_empty_store_only(void **state)
{
    assert_int_equal(db_poll_set_defaults(db, "assets/polls", NOW), 1);
    struct db_poll_set s;
    assert_int_equal(db_poll_set_find(db, "terugkomdag", &s), 1);
    assert_int_equal(s.questions, 5);
    assert_int_equal(db_poll_set_defaults(db, "assets/polls", NOW), 0);
    assert_int_equal(query_int("SELECT count(*) FROM poll_sets"), 1);
}

static void bad_files_among_the_defaults_are_left_out(void **state)
{
    /* tests/data/sets holds two good poll sets among broken ones. */
    assert_int_equal(db_poll_set_defaults(db, test_data("sets"), NOW), 2);
    struct db_poll_set s;
    assert_int_equal(db_poll_set_find(db, "windows", &s), 1);
    assert_int_equal(db_poll_set_find(db, "lange-vragen", &s), 1);
    assert_int_equal(db_poll_set_find(db, "latin", &s), 0);
    /* The store has a set now: the folder is not even read. */
    assert_int_equal(db_poll_set_defaults(db, "tests/data/geen-map", NOW), 0);
}

/* ---- polls -------------------------------------------------------------- */

static void open_reveal_close_lifecycle(void **state)
{
    char err[256];
    assert_true(db_poll_open(db, "bestaatniet", 1, 0, NOW, err, sizeof err) < 0);
    assert_non_null(strstr(err, "bestaat niet"));
    struct db_poll_set s;
    load(set_text, 1, &s);
    assert_true(db_poll_open(db, "evaluatie", 3, 0, NOW, err, sizeof err) < 0);
    assert_non_null(strstr(err, "geen vraag 3"));

    struct db_poll p;
    assert_int_equal(db_poll_current(db, &p), 0);
    assert_int_equal(db_poll_reveal(db, NOW), 0);
    int64_t id = db_poll_open(db, "evaluatie", 2, 0, NOW, err, sizeof err);
    assert_true(id > 0);
    assert_true(db_poll_open(db, "evaluatie", 1, 0, NOW, err, sizeof err) < 0);
    assert_non_null(strstr(err, "al een poll open"));

    assert_int_equal(db_poll_current(db, &p), 1);
    assert_int_equal(p.id, id);
    assert_string_equal(p.q.text, "Kom je de volgende keer?");
    assert_int_equal(p.q.noptions, 2);
    assert_int_equal(p.revealed_at, 0);
    assert_int_equal(db_poll_reveal(db, NOW + 5), 1);
    assert_int_equal(db_poll_reveal(db, NOW + 9), 2);
    assert_int_equal(db_poll_current(db, &p), 1);
    assert_int_equal(p.revealed_at, NOW + 5);
    assert_int_equal(db_poll_close(db, NOW + 10), 1);
    assert_int_equal(db_poll_close(db, NOW + 11), 0);
    assert_int_equal(db_poll_current(db, &p), 0);
    assert_int_equal(db_poll_last(db, &p), 1);
    assert_int_equal(p.closed_at, NOW + 10);
    /* Closed: a new poll may open. */
    assert_true(db_poll_open(db, "evaluatie", 1, 0, NOW, err, sizeof err) > 0);
}

static void poll_belongs_to_the_running_session(void **state)
{
    assert_int_equal(db_exec(db, "INSERT INTO groups(name) VALUES ('ZW2A');"
                                 "INSERT INTO sessions(uid, kind, title, group_id, started_at)"
                                 " VALUES ('s1', 'terugkomdag', 'Dag 1', 1, 0)"),
                     0);
    int64_t id = open_poll(1, 0);
    struct db_poll p;
    assert_int_equal(db_poll_get(db, id, &p), 1);
    assert_int_equal(p.session_id, query_int("SELECT id FROM sessions"));
}

/* ---- votes --------------------------------------------------------------- */

static void votes_are_rows_with_time_and_source(void **state)
{
    int64_t id = open_poll(1, 0);
    assert_int_equal(db_poll_vote(db, id, 3, DB_VOTE_BUTTON, NOW * 1000LL + 100), 0);
    assert_int_equal(db_poll_vote(db, id, 1, DB_VOTE_TOUCH, NOW * 1000LL + 2500), 0);
    assert_int_equal(db_poll_vote(db, id, 3, DB_VOTE_BUTTON, NOW * 1000LL + 5000), 0);
    assert_int_equal(query_int("SELECT count(*) FROM votes"), 3);
    assert_int_equal(query_int("SELECT at_ms FROM votes WHERE option = 1"), NOW * 1000LL + 2500);
    assert_int_equal(query_int("SELECT count(*) FROM votes WHERE source = 'touch'"), 1);
    /* No counter column anywhere: the tally is computed from the rows. */
    assert_int_equal(query_int("SELECT count(*) FROM pragma_table_info('polls')"
                               " WHERE name LIKE '%count%' OR name LIKE '%votes%'"),
                     0);
    struct db_poll_tally t;
    assert_int_equal(db_poll_tally(db, id, 0, &t), 0);
    assert_int_equal(t.n, 3);
    assert_int_equal(t.count[0], 1);
    assert_int_equal(t.count[1], 0);
    assert_int_equal(t.count[2], 2);
}

static void bad_votes_are_refused(void **state)
{
    int64_t id = open_poll(2, 0); /* two options */
    assert_int_equal(db_poll_vote(db, id, 3, DB_VOTE_BUTTON, 1), -1);
    assert_int_equal(db_poll_vote(db, id, 0, DB_VOTE_BUTTON, 1), -1);
    assert_int_equal(db_poll_vote(db, id + 99, 1, DB_VOTE_BUTTON, 1), -1);
    assert_int_equal(db_poll_vote(db, id, 2, DB_VOTE_BUTTON, 1), 0);
    assert_int_equal(db_poll_close(db, NOW + 100), 1);
    assert_int_equal(db_poll_vote(db, id, 1, DB_VOTE_BUTTON, 2), -1);
    /* Even plain SQL cannot add a vote to a closed poll. */
    assert_int_not_equal(db_exec(db, "INSERT INTO votes(poll_id, option, at_ms, source)"
                                     " SELECT id, 1, 0, 'button' FROM polls"),
                         0);
    assert_int_equal(query_int("SELECT count(*) FROM votes"), 1);
}

static void rejected_presses_are_counted(void **state)
{
    int64_t id = open_poll(1, 0);
    for (int i = 0; i < 4; i++)
        assert_int_equal(db_poll_reject(db, id), 0);
    assert_int_equal(db_poll_reject_add(db, id, 7), 0);
    assert_int_equal(db_poll_reject_add(db, id, 0), 0);
    struct db_poll p;
    assert_int_equal(db_poll_current(db, &p), 1);
    assert_int_equal(p.rejected, 11);
    /* A closed poll counts no more. */
    assert_int_equal(db_poll_close(db, NOW + 100), 1);
    assert_int_equal(db_poll_reject_add(db, id, 5), 0);
    assert_int_equal(db_poll_get(db, id, &p), 1);
    assert_int_equal(p.rejected, 11);
}

/* ---- results -------------------------------------------------------------- */

static void below_threshold_only_n_is_given(void **state)
{
    int64_t id = open_poll(1, 0);
    for (int i = 0; i < 4; i++)
        assert_int_equal(db_poll_vote(db, id, 1 + i % 2, DB_VOTE_BUTTON, i), 0);
    struct db_poll_tally t;
    assert_int_equal(db_poll_tally(db, id, 5, &t), 0);
    assert_int_equal(t.n, 4);
    assert_false(t.shown);
    for (int i = 0; i < DB_POLL_OPTIONS_MAX; i++) {
        assert_int_equal(t.count[i], 0);
        assert_int_equal(t.percent[i], 0);
    }
    assert_int_equal(db_poll_vote(db, id, 3, DB_VOTE_TOUCH, 9), 0);
    assert_int_equal(db_poll_tally(db, id, 5, &t), 0);
    assert_true(t.shown);
    assert_int_equal(t.n, 5);
    assert_int_equal(t.count[0], 2);
    assert_int_equal(t.percent[0], 40);
    assert_int_equal(t.percent[2], 20);
    /* The threshold is the caller's (config [poll] min_votes). */
    assert_int_equal(db_poll_tally(db, id, 6, &t), 0);
    assert_false(t.shown);
}

static void percentages_add_up_to_100(void **state)
{
    struct db_poll_tally t;
    int thirds[] = {1, 1, 1};
    db_poll_tally_fill(&t, thirds, 3, 0);
    assert_int_equal(t.percent[0] + t.percent[1] + t.percent[2], 100);
    assert_int_equal(t.percent[0], 34);
    int odd[] = {2, 2, 2, 1, 0};
    db_poll_tally_fill(&t, odd, 5, 5);
    assert_int_equal(t.n, 7);
    assert_int_equal(t.percent[0] + t.percent[1] + t.percent[2] + t.percent[3], 100);
    assert_int_equal(t.percent[4], 0);
    assert_int_equal(t.percent[3], 14);
    int none[] = {0, 0};
    db_poll_tally_fill(&t, none, 2, 0);
    assert_true(t.shown);
    assert_int_equal(t.percent[0] + t.percent[1], 0);
    int all[] = {0, 9};
    db_poll_tally_fill(&t, all, 2, 5);
    assert_int_equal(t.percent[1], 100);
}

/* ---- resume ------------------------------------------------------------------ */

/* A child process votes and is killed mid-poll (no close, no cleanup); the
 * next start finds the same poll open with every vote it had confirmed. */
static void crash_loses_no_committed_vote(void **state)
{
    int64_t id = open_poll(1, 0);
    db_close(db);
    db = NULL;
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        char err[256];
        struct db *child = db_open(path, err, sizeof err);
        if (!child)
            _exit(2);
        for (int i = 0; i < 7; i++)
            if (db_poll_vote(child, id, 1 + i % 3, DB_VOTE_BUTTON, i) != 0)
                _exit(3);
        raise(SIGKILL);
        _exit(4);
    }
    int status;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
    db = test_db_reopen(NULL, path);
    assert_non_null(db);
    struct db_poll p;
    assert_int_equal(db_poll_current(db, &p), 1);
    assert_int_equal(p.id, id);
    struct db_poll_tally t;
    assert_int_equal(db_poll_tally(db, id, 5, &t), 0);
    assert_int_equal(t.n, 7);
    assert_int_equal(t.count[0], 3);
    assert_int_equal(t.count[1], 2);
    assert_int_equal(t.count[2], 2);
    assert_int_equal(db_poll_vote(db, id, 2, DB_VOTE_TOUCH, 8), 0);
}

/* ---- verified polls ------------------------------------------------------------ */

static void verified_poll_one_vote_per_student(void **state)
{
    add_students(3);
    int64_t id = open_poll(1, 1);
    assert_int_equal(db_poll_has_voted(db, id, 2), 0);
    assert_int_equal(db_poll_vote_verified(db, id, 2, 3), DB_VOTE_NEW);
    assert_int_equal(db_poll_has_voted(db, id, 2), 1);
    assert_int_equal(db_poll_vote_verified(db, id, 2, 1), DB_VOTE_ALREADY);
    assert_int_equal(db_poll_vote_verified(db, id, 3, 1), DB_VOTE_NEW);
    assert_int_equal(db_poll_vote_verified(db, id, 1, 9), DB_VOTE_ERROR);
    /* The failed ballot left no voter behind: student 1 may still vote. */
    assert_int_equal(db_poll_has_voted(db, id, 1), 0);
    struct db_poll_tally t;
    assert_int_equal(db_poll_tally(db, id, 0, &t), 0);
    assert_int_equal(t.n, 2);
    assert_int_equal(t.count[0], 1);
    assert_int_equal(t.count[2], 1);
    /* A verified poll takes no timed votes, an open poll no ballots. */
    assert_int_equal(db_poll_vote(db, id, 1, DB_VOTE_BUTTON, 1), -1);
    assert_int_equal(query_int("SELECT count(*) FROM votes"), 0);
    assert_int_equal(db_poll_close(db, NOW + 100), 1);
    int64_t open_id = open_poll(2, 0);
    assert_int_equal(db_poll_vote_verified(db, open_id, 1, 1), DB_VOTE_ERROR);
    assert_int_equal(query_int("SELECT count(*) FROM poll_voters"), 2);
}

/* The schema: who (poll_voters) and what (poll_ballots) share only the
 * poll; no time, no student, no rowid order. */
static void verified_schema_has_no_link(void **state)
{
    sqlite3 *h = db_handle(db);
    const char *voters[] = {"poll_id", "student_id"};
    const char *ballots[] = {"id", "poll_id", "option"};
    sqlite3_stmt *st;
    int n = 0;
    assert_int_equal(sqlite3_prepare_v2(h, "SELECT name FROM pragma_table_info('poll_voters')"
                                           " ORDER BY cid", -1, &st, NULL), SQLITE_OK);
    while (sqlite3_step(st) == SQLITE_ROW) {
        assert_true(n < 2);
        assert_string_equal((const char *)sqlite3_column_text(st, 0), voters[n++]);
    }
    sqlite3_finalize(st);
    assert_int_equal(n, 2);
    n = 0;
    assert_int_equal(sqlite3_prepare_v2(h, "SELECT name FROM pragma_table_info('poll_ballots')"
                                           " ORDER BY cid", -1, &st, NULL), SQLITE_OK);
    while (sqlite3_step(st) == SQLITE_ROW) {
        assert_true(n < 3);
        assert_string_equal((const char *)sqlite3_column_text(st, 0), ballots[n++]);
    }
    sqlite3_finalize(st);
    assert_int_equal(n, 3);
    /* No hidden insertion order: poll_voters has no rowid ... */
    assert_int_not_equal(sqlite3_prepare_v2(h, "SELECT rowid FROM poll_voters", -1, &st, NULL),
                         SQLITE_OK);
    sqlite3_finalize(st);
    /* ... no AUTOINCREMENT counter for ballots, and nothing else refers to
     * either table (no view, trigger or foreign key joining them). */
    assert_int_equal(query_int("SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_sequence'"
                               " OR (sql LIKE '%AUTOINCREMENT%' AND name LIKE 'poll_%')"),
                     0);
    assert_int_equal(query_int("SELECT count(*) FROM sqlite_master WHERE type IN ('view',"
                               " 'trigger') AND sql LIKE '%poll_voters%'"
                               " AND sql LIKE '%poll_ballots%'"),
                     0);
    assert_int_equal(query_int("SELECT count(*) FROM pragma_foreign_key_list('poll_ballots')"
                               " WHERE \"table\" <> 'polls'"),
                     0);
    assert_int_equal(query_int("SELECT count(*) FROM pragma_foreign_key_list('poll_voters')"
                               " WHERE \"table\" NOT IN ('polls', 'students')"),
                     0);
}

/* Content offset of every cell of a table's root page, in key order. The
 * tables here fit one leaf page (type 13 table, 10 index). Reads the file
 * itself, as someone with a copy of it would. */
static int cell_offsets(const char *table, int *offs, int max)
{
    char sql[128];
    snprintf(sql, sizeof sql, "SELECT rootpage FROM sqlite_master WHERE name = '%s'", table);
    int64_t root = query_int(sql);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    unsigned char hdr[100];
    assert_int_equal(fread(hdr, 1, 100, f), 100);
    long page_size = hdr[16] << 8 | hdr[17];
    if (page_size == 1)
        page_size = 65536;
    unsigned char *page = malloc((size_t)page_size);
    assert_int_equal(fseek(f, (root - 1) * page_size, SEEK_SET), 0);
    assert_int_equal(fread(page, 1, (size_t)page_size, f), (size_t)page_size);
    fclose(f);
    assert_true(page[0] == 13 || page[0] == 10); /* a leaf: all cells here */
    int n = page[3] << 8 | page[4];
    assert_true(n <= max);
    for (int i = 0; i < n; i++)
        offs[i] = page[8 + 2 * i] << 8 | page[9 + 2 * i];
    free(page);
    return n;
}

static int descending(const int *v, int n)
{
    for (int i = 1; i < n; i++)
        if (v[i] >= v[i - 1])
            return 0;
    return 1;
}

/* The rows: 30 students vote in a known order (student 30 first, with a
 * pattern of options). Neither table shows that order, not in SQL and,
 * once the poll is closed, not in the file's pages either. */
static void verified_rows_and_pages_do_not_show_the_order(void **state)
{
    enum { N = 30 };
    add_students(N);
    int64_t id = open_poll(1, 1);
    int cast[N];
    for (int i = 0; i < N; i++) {
        cast[i] = 1 + i % 3;
        assert_int_equal(db_poll_vote_verified(db, id, N - i, cast[i]), DB_VOTE_NEW);
    }
    /* SQL: ballots come back in random-id order, not as cast. */
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db_handle(db), "SELECT option FROM poll_ballots",
                                        -1, &st, NULL), SQLITE_OK);
    int same = 1, n = 0;
    while (sqlite3_step(st) == SQLITE_ROW)
        same &= sqlite3_column_int(st, 0) == cast[n++];
    sqlite3_finalize(st);
    assert_int_equal(n, N);
    assert_false(same); /* chance of a false failure: below 1e-12 */
    /* Voters come back by student, not as they came (30 first). */
    assert_int_equal(query_int("SELECT student_id FROM poll_voters LIMIT 1"), 1);

    /* The pages, while the poll is open: the cells' places still show the
     * order of writing (that is why closing rebuilds the file). */
    assert_int_equal(sqlite3_wal_checkpoint_v2(db_handle(db), NULL,
                                               SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL),
                     SQLITE_OK);
    int offs[64];
    assert_int_equal(cell_offsets("poll_ballots", offs, 64), N);
    assert_false(descending(offs, N));

    assert_int_equal(db_poll_close(db, NOW + 600), 1);
    /* After closing: cells lie in key order, the WAL is empty. */
    assert_int_equal(cell_offsets("poll_ballots", offs, 64), N);
    assert_true(descending(offs, N));
    int64_t voters_root = query_int("SELECT rootpage FROM sqlite_master"
                                    " WHERE name = 'poll_voters'");
    assert_true(voters_root > 0);
    assert_int_equal(cell_offsets("poll_voters", offs, 64), N);
    assert_true(descending(offs, N));
    struct stat sb;
    char wal[600];
    snprintf(wal, sizeof wal, "%s-wal", path);
    assert_true(stat(wal, &sb) != 0 || sb.st_size == 0);
    /* And the result is still all there. */
    struct db_poll_tally t;
    assert_int_equal(db_poll_tally(db, id, 5, &t), 0);
    assert_int_equal(t.n, N);
    assert_int_equal(t.count[0], 10);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(set_import_is_versioned_and_idempotent, open_fresh,
                                        close_db),
        cmocka_unit_test_setup_teardown(shipped_sets_fill_an_empty_store_only, open_fresh,
                                        close_db),
        cmocka_unit_test_setup_teardown(bad_files_among_the_defaults_are_left_out, open_fresh,
                                        close_db),
        cmocka_unit_test_setup_teardown(open_reveal_close_lifecycle, open_fresh, close_db),
        cmocka_unit_test_setup_teardown(poll_belongs_to_the_running_session, open_fresh,
                                        close_db),
        cmocka_unit_test_setup_teardown(votes_are_rows_with_time_and_source, open_fresh,
                                        close_db),
        cmocka_unit_test_setup_teardown(bad_votes_are_refused, open_fresh, close_db),
        cmocka_unit_test_setup_teardown(rejected_presses_are_counted, open_fresh, close_db),
        cmocka_unit_test_setup_teardown(below_threshold_only_n_is_given, open_fresh, close_db),
        cmocka_unit_test(percentages_add_up_to_100),
        cmocka_unit_test_setup_teardown(crash_loses_no_committed_vote, open_fresh, close_db),
        cmocka_unit_test_setup_teardown(verified_poll_one_vote_per_student, open_fresh,
                                        close_db),
        cmocka_unit_test_setup_teardown(verified_schema_has_no_link, open_fresh, close_db),
        cmocka_unit_test_setup_teardown(verified_rows_and_pages_do_not_show_the_order,
                                        open_fresh, close_db),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
