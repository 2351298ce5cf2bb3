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
#include "tests/benchdata.h"

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
    if (!db || benchdata_school_year(db) != 0) {
        fprintf(stderr, "bench_export: cannot fill %s: %s\n", path, err);
        return 1;
    }
    printf("store: %d students, %d sessions, %d check-ins, %d zelfscans, %d votes\n",
           count(db, "SELECT count(*) FROM students"), count(db, "SELECT count(*) FROM sessions"),
           count(db, "SELECT count(*) FROM checkins"),
           benchdata_table_exists(db, "responses") ? count(db, "SELECT count(*) FROM responses") : 0,
           benchdata_table_exists(db, "votes") ? count(db, "SELECT count(*) FROM votes") : 0);
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
