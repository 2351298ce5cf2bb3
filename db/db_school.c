/* db_school.c: see db_school.h. */
#include "db/db_school.h"
#include "base/log.h"
#include "base/textfile.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int db_school_password(const char *path, char *pw, size_t pwlen, char *err, size_t errlen)
{
    int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0) {
        log_err("school: password_file %s: %s", path, strerror(errno));
        snprintf(err, errlen, "Het wachtwoordbestand %s is niet te lezen.", path);
        if (fd >= 0)
            close(fd);
        return -1;
    }
    if (!S_ISREG(st.st_mode) || st.st_uid != geteuid() || (st.st_mode & 077)) {
        log_err("school: password_file %s: owner %u mode %03o; want owner %u, mode 600 or 400",
                path, (unsigned)st.st_uid, (unsigned)(st.st_mode & 0777), (unsigned)geteuid());
        snprintf(err, errlen,
                 "Het wachtwoordbestand %s mag alleen door de kiosk zelf gelezen worden. "
                 "Maak de kiosk eigenaar en zet de rechten op 600 (chmod 600).", path);
        close(fd);
        return -1;
    }
    ssize_t n = read(fd, pw, pwlen - 1);
    close(fd);
    if (n < 0)
        n = 0;
    pw[n] = '\0';
    pw[strcspn(pw, "\r\n")] = '\0';
    if (!pw[0]) {
        snprintf(err, errlen, "Het wachtwoordbestand %s is leeg.", path);
        return -1;
    }
    return 0;
}

PGconn *db_school_connect(const char *conninfo, const char *password_file, char *err,
                          size_t errlen)
{
    char pw[512] = "";
    if (password_file && *password_file &&
        db_school_password(password_file, pw, sizeof pw, err, errlen) != 0)
        return NULL;
    /* Defaults first: the school's connection string overrides them, the
     * password from the file comes last. */
    const char *keys[] = {"connect_timeout", "application_name", "keepalives_idle",
                          "tcp_user_timeout", "dbname", pw[0] ? "password" : NULL, NULL};
    const char *vals[] = {"5", "stagekiosk", "30", "30000", conninfo, pw, NULL};
    PGconn *pg = PQconnectdbParams(keys, vals, 1);
    explicit_bzero(pw, sizeof pw);
    if (!pg) {
        snprintf(err, errlen, errno == ELIBACC
                                  ? "Het onderdeel voor de schooldatabase ontbreekt: installeer libpq5."
                                  : "Geen geheugen vrij voor de verbinding met de school.");
        return NULL;
    }
    if (PQstatus(pg) != CONNECTION_OK) {
        char msg[512];
        snprintf(msg, sizeof msg, "%s", PQerrorMessage(pg));
        msg[strcspn(msg, "\n")] = '\0';
        log_warn("school: cannot connect: %s", msg);
        snprintf(err, errlen, "Geen verbinding met de schooldatabase: %s", msg);
        PQfinish(pg);
        return NULL;
    }
    PGresult *r = PQexec(pg, "SET statement_timeout = '60s'; SET client_min_messages = warning");
    PQclear(r);
    return pg;
}

int db_school_ok(PGconn *pg)
{
    return pg && PQstatus(pg) == CONNECTION_OK;
}

/* Runs sql; 0 when it gave status want. */
static int run(PGconn *pg, const char *sql, ExecStatusType want, char *err, size_t errlen)
{
    PGresult *r = PQexec(pg, sql);
    int ok = PQresultStatus(r) == want;
    if (!ok) {
        char msg[400];
        snprintf(msg, sizeof msg, "%s", PQresultErrorMessage(r));
        msg[strcspn(msg, "\n")] = '\0';
        log_err("school: %.60s...: %s", sql, msg);
        snprintf(err, errlen, "De schooldatabase weigert: %s", msg);
    }
    PQclear(r);
    return ok ? 0 : -1;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The file names "NNN_*.sql" in dir, sorted; *n of them. */
static char **migration_files(const char *dir, int *n)
{
    DIR *d = opendir(dir);
    if (!d)
        return NULL;
    char **names = NULL;
    int count = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t len = strlen(e->d_name);
        if (len < 8 || strcmp(e->d_name + len - 4, ".sql") || e->d_name[3] != '_' ||
            strspn(e->d_name, "0123456789") != 3)
            continue;
        char **p = realloc(names, (size_t)(count + 1) * sizeof *names);
        if (!p)
            break;
        names = p;
        names[count] = strdup(e->d_name);
        if (names[count])
            count++;
    }
    closedir(d);
    qsort(names, (size_t)count, sizeof *names, by_name);
    *n = count;
    return names;
}

static int version_done(PGconn *pg, int version)
{
    char v[16];
    snprintf(v, sizeof v, "%d", version);
    const char *params[] = {v};
    PGresult *r = PQexecParams(pg, "SELECT 1 FROM stagekiosk.schema_version WHERE version = $1",
                               1, NULL, params, NULL, NULL, 0);
    int done = PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) > 0;
    PQclear(r);
    return done;
}

int db_school_init(PGconn *pg, const char *sql_dir, int *applied, char *err, size_t errlen)
{
    *applied = 0;
    int n = 0, rc = -1;
    char **files = migration_files(sql_dir, &n);
    if (!files || n == 0) {
        snprintf(err, errlen, "Geen schema-bestanden gevonden in %s.", sql_dir);
        free(files);
        return -1;
    }
    /* One init at a time; the bookkeeping table exists before any file. */
    if (run(pg, "SELECT pg_advisory_lock(4215016)", PGRES_TUPLES_OK, err, errlen) != 0 ||
        run(pg, "CREATE SCHEMA IF NOT EXISTS stagekiosk;"
                "CREATE TABLE IF NOT EXISTS stagekiosk.schema_version ("
                " version integer PRIMARY KEY, file text NOT NULL,"
                " applied_at timestamptz NOT NULL DEFAULT now())",
            PGRES_COMMAND_OK, err, errlen) != 0)
        goto out;
    for (int i = 0; i < n; i++) {
        int version = atoi(files[i]);
        if (version_done(pg, version))
            continue;
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", sql_dir, files[i]);
        char *sql = textfile_read(path);
        if (!sql) {
            snprintf(err, errlen, "Het schema-bestand %s is niet te lezen.", path);
            goto out;
        }
        char v[16];
        snprintf(v, sizeof v, "%d", version);
        const char *params[] = {v, files[i]};
        int ok = run(pg, "BEGIN", PGRES_COMMAND_OK, err, errlen) == 0 &&
                 run(pg, sql, PGRES_COMMAND_OK, err, errlen) == 0;
        free(sql);
        if (ok) {
            PGresult *r = PQexecParams(pg, "INSERT INTO stagekiosk.schema_version(version, file)"
                                           " VALUES ($1::integer, $2)",
                                       2, NULL, params, NULL, NULL, 0);
            ok = PQresultStatus(r) == PGRES_COMMAND_OK;
            PQclear(r);
        }
        if (!ok || run(pg, "COMMIT", PGRES_COMMAND_OK, err, errlen) != 0) {
            PQclear(PQexec(pg, "ROLLBACK"));
            log_err("school: %s failed; nothing of it was kept", files[i]);
            goto out;
        }
        log_info("school: schema step %s applied", files[i]);
        (*applied)++;
    }
    rc = 0;
out:
    PQclear(PQexec(pg, "SELECT pg_advisory_unlock(4215016)"));
    for (int i = 0; i < n; i++)
        free(files[i]);
    free(files);
    return rc;
}

void db_school_failure(PGconn *pg, const PGresult *r, char *err, size_t errlen)
{
    char msg[300];
    snprintf(msg, sizeof msg, "%s",
             PQstatus(pg) != CONNECTION_OK ? PQerrorMessage(pg) : PQresultErrorMessage(r));
    msg[strcspn(msg, "\n")] = '\0';
    /* No SQLSTATE, or class 08 (connection) or 57 (shut down): the line. */
    const char *state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
    int gone = PQstatus(pg) != CONNECTION_OK || !state || !strncmp(state, "08", 2) ||
               !strncmp(state, "57", 2);
    snprintf(err, errlen, "%s: %s",
             gone ? "Geen verbinding met de schooldatabase" : "De schooldatabase weigert", msg);
}

int db_school_check(PGconn *pg, char *err, size_t errlen)
{
    PGresult *r = PQexec(pg, "SELECT max(version) FROM stagekiosk.schema_version");
    int version = 0;
    if (PQresultStatus(r) == PGRES_TUPLES_OK) {
        if (PQntuples(r) == 1 && !PQgetisnull(r, 0, 0))
            version = atoi(PQgetvalue(r, 0, 0));
    } else {
        /* Only a missing table means "not set up"; anything else is the
         * line or the server refusing, and init would not help. */
        const char *state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
        if (!state || strcmp(state, "42P01") != 0) {
            db_school_failure(pg, r, err, errlen);
            log_warn("school: cannot read the schema version: %s", err);
            PQclear(r);
            return -1;
        }
    }
    PQclear(r);
    if (version >= DB_SCHOOL_SCHEMA)
        return 0;
    log_err("school: server schema version %d, this kiosk needs %d", version, DB_SCHOOL_SCHEMA);
    snprintf(err, errlen,
             "De schooldatabase is nog niet ingericht voor deze kiosk. Laat de beheerder "
             "'stagekiosk school init' draaien.");
    return -1;
}
