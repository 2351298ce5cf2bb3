/* bench_export.c: how fast and how lean the teacher's USB export and the
 * student-list import are on a school-sized store.
 *
 *   bench_export [DIR]     (DIR: a scratch folder, default a new one in $TMPDIR)
 *
 * Fills a store with 300 students, 40 sessions and 12,000 check-ins, plus
 * 3,000 zelfscans and 20,000 poll votes where those tables exist, then:
 *   a. exports it to a folder (db_export_run) in a child process: wall time
 *      and the child's peak RSS (targets: under 3 s, under 60 MB);
 *   b. imports a 5,000-row student list (db_import_students_file) into a
 *      fresh store: wall time (target: under 0.5 s).
 * One line per figure with its target; exits 0 also when a figure is over
 * (the line says OVER), 1 when something could not be measured. */
#include "db/db.h"
#include "db/db_export.h"
#include "db/db_import.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define STUDENTS 300
#define GROUP_SIZE 25
#define SESSIONS 40
#define ZELFSCANS 3000
#define VOTES 20000
#define IMPORT_ROWS 5000
#define T0 1800000000

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static int table_exists(struct db *db, const char *name)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT count(*) FROM sqlite_master WHERE name = ?1");
    if (!st)
        return 0;
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    return db_step_int(st, 0) > 0;
}

/* Raw SQL: the bench builds its data fast, not through the kiosk's flows. */
static int populate(struct db *db)
{
    static const char *base =
        "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 11)"
        " INSERT INTO groups(name) SELECT printf('ZW%02dA', i) FROM n;"
        "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 299)"
        " INSERT INTO students(uid, number, first_name, prefix, last_name, group_id, updated_at)"
        " SELECT lower(hex(randomblob(16))), printf('%06d', 100000 + i),"
        "  CASE i % 4 WHEN 0 THEN 'Sanne' WHEN 1 THEN 'Emre' WHEN 2 THEN 'Noëlle' ELSE 'Daan' END,"
        "  CASE WHEN i % 5 = 0 THEN 'van der' ELSE '' END,"
        "  'Achternaam ' || i || CASE WHEN i % 7 = 0 THEN '; \"Çelik\"' ELSE '' END,"
        "  1 + i / 25, 1800000000 FROM n;"
        "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 39)"
        " INSERT INTO sessions(uid, kind, title, group_id, started_at, late_at, ended_at)"
        " SELECT lower(hex(randomblob(16))), 'terugkomdag', 'Terugkomdag ' || (1 + i / 12),"
        "  1 + i % 12, 1800000000 + i * 86400, 1800000000 + i * 86400 + 900,"
        "  1800000000 + i * 86400 + 7200 FROM n;"
        /* everyone at every session: 40 x 300 = 12,000 check-ins */
        "INSERT INTO checkins(uid, session_id, student_id, at, how, late, guest, by_whom, reason)"
        " SELECT lower(hex(randomblob(16))), se.id, st.id, se.started_at + (st.id * 7) % 1800,"
        "  CASE WHEN st.id % 20 = 0 THEN 'hand' ELSE 'scan' END,"
        "  (st.id * 7) % 1800 > 900, st.group_id <> se.group_id,"
        "  CASE WHEN st.id % 20 = 0 THEN 'docent' ELSE '' END,"
        "  CASE WHEN st.id % 20 = 0 THEN 'pas vergeten' ELSE '' END"
        " FROM sessions se, students st;";
    static const char *zelfscans =
        "INSERT INTO questionnaires(uid, name, version, kind, title, source, hash, loaded_at)"
        " VALUES ('bench-q', 'zelfscan-beroepshouding', 1, 'zelfscan', 'Zelfscan', '', 'h', 1);"
        "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 2999)"
        " INSERT INTO responses(uid, student_id, questionnaire_id, started_at, finished_at)"
        " SELECT lower(hex(randomblob(16))), 1 + i % 300, 1, 1800000000 + i * 600,"
        "  1800000000 + i * 600 + 300 FROM n;"
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10)"
        " INSERT INTO answers(uid, response_id, item_key, value_num, answered_at)"
        " SELECT lower(hex(randomblob(16))), r.id, 'item-' || n.i, 1 + (r.id + n.i) % 5,"
        "  r.started_at + n.i FROM responses r, n;";
    static const char *votes =
        "INSERT INTO poll_sets(uid, name, version, title, hash, loaded_at)"
        " VALUES ('bench-set', 'terugkomdag', 1, 'Terugkomdag', 'h', 1);"
        "INSERT INTO poll_questions(set_id, number, text) VALUES (1, 1, 'Hoe tevreden ben je?');"
        "INSERT INTO polls(uid, question_id, opened_at) VALUES ('bench-poll', 1, 1800000000);"
        "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 19999)"
        " INSERT INTO votes(poll_id, option, at_ms, source)"
        " SELECT 1, 1 + i % 5, 1800000000000 + i * 500, 'button' FROM n;"
        "UPDATE polls SET closed_at = 1800010000;";
    if (db_begin(db) != 0 || db_exec(db, base) != 0)
        return -1;
    if (table_exists(db, "answers") && db_exec(db, zelfscans) != 0)
        return -1;
    if (table_exists(db, "votes") && table_exists(db, "poll_questions") && db_exec(db, votes) != 0)
        return -1;
    return db_commit(db);
}

static int count(struct db *db, const char *sql)
{
    sqlite3_stmt *st = db_stmt(db, sql);
    return st ? (int)db_step_int(st, -1) : -1;
}

static void figure(const char *what, double value, const char *unit, double target)
{
    printf("%-52s %8.3f %s  (target < %g %s)%s\n", what, value, unit, target, unit,
           value < target ? "" : "  OVER");
}

int main(int argc, char **argv)
{
    char dir[512], path[600], err[256];
    if (argc > 1) {
        snprintf(dir, sizeof dir, "%s", argv[1]);
        mkdir(dir, 0700);
    } else {
        const char *t = getenv("TMPDIR");
        snprintf(dir, sizeof dir, "%s/sk-bench-export-XXXXXX", t && *t ? t : "/tmp");
        if (!mkdtemp(dir))
            return 1;
    }
    snprintf(path, sizeof path, "%s/stagekiosk.db", dir);
    unlink(path);
    struct db *db = db_open(path, err, sizeof err);
    if (!db || populate(db) != 0) {
        fprintf(stderr, "bench_export: cannot fill %s: %s\n", path, err);
        return 1;
    }
    printf("store: %d students, %d sessions, %d check-ins, %d zelfscans, %d votes\n",
           count(db, "SELECT count(*) FROM students"), count(db, "SELECT count(*) FROM sessions"),
           count(db, "SELECT count(*) FROM checkins"),
           table_exists(db, "responses") ? count(db, "SELECT count(*) FROM responses") : 0,
           table_exists(db, "votes") ? count(db, "SELECT count(*) FROM votes") : 0);
    db_close(db);

    /* a: the export, alone in a child so its peak RSS is its own */
    char out[600];
    snprintf(out, sizeof out, "%s/stick", dir);
    mkdir(out, 0700);
    fflush(stdout);
    double t = now_s();
    pid_t pid = fork();
    if (pid == 0) {
        struct db *cdb = db_open(path, err, sizeof err);
        struct db_export_result r;
        if (!cdb || db_export_run(cdb, out, "bench", T0, NULL, NULL, &r) != 0) {
            fprintf(stderr, "bench_export: export failed: %s\n", cdb ? r.err : err);
            _exit(1);
        }
        printf("export: %ld rows in %s\n", r.rows, r.folder);
        fflush(stdout);
        db_close(cdb);
        _exit(0);
    }
    int status;
    struct rusage ru;
    if (pid < 0 || wait4(pid, &status, 0, &ru) != pid || !WIFEXITED(status) ||
        WEXITSTATUS(status) != 0)
        return 1;
    figure("export to a folder: time", now_s() - t, "s", 3.0);
    figure("export to a folder: peak RSS", ru.ru_maxrss / 1024.0, "MB", 60.0);

    /* b: the import of a 5,000-row list into a fresh store */
    char csv[600], fresh[600];
    snprintf(csv, sizeof csv, "%s/students.csv", dir);
    snprintf(fresh, sizeof fresh, "%s/fresh.db", dir);
    unlink(fresh);
    FILE *f = fopen(csv, "w");
    if (!f)
        return 1;
    fputs("\xEF\xBB\xBFstudentnummer;roepnaam;tussenvoegsel;achternaam;klas;opleiding;email\r\n", f);
    for (int i = 0; i < IMPORT_ROWS; i++)
        fprintf(f, "%06d;Naam%d;%s;Achternaam %d;ZW%03dA;Zorg en welzijn;s%d@school.nl\r\n",
                200000 + i, i, i % 5 ? "" : "van", i, i / 25, i);
    fclose(f);
    struct db *idb = db_open(fresh, err, sizeof err);
    if (!idb)
        return 1;
    struct db_import_result r;
    t = now_s();
    int rc = db_import_students_file(idb, csv, NULL, 0, T0, &r);
    double took = now_s() - t;
    free(r.report);
    db_close(idb);
    if (rc != 0 || r.added != IMPORT_ROWS) {
        fprintf(stderr, "bench_export: import failed (%d, %d added)\n", rc, r.added);
        return 1;
    }
    figure("import of a 5,000-row student list: time", took, "s", 0.5);
    if (argc <= 1) {
        char cmd[700];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
        if (system(cmd) != 0)
            fprintf(stderr, "bench_export: %s left behind\n", dir);
    }
    return 0;
}
