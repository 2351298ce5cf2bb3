/* db_migrate.c: the schema as an ordered list of steps; PRAGMA user_version
 * says how many have run. Never edit a step that has shipped: add one. */
#include "db/db_migrate.h"

#include <stdio.h>

static const char *const steps[] = {
    /* 1: who is who */
    "CREATE TABLE groups ("
    "  id INTEGER PRIMARY KEY,"
    "  name TEXT NOT NULL UNIQUE);"
    "CREATE TABLE students ("
    "  id INTEGER PRIMARY KEY,"
    "  uid TEXT NOT NULL UNIQUE,"
    "  number TEXT NOT NULL UNIQUE,"
    "  first_name TEXT NOT NULL,"
    "  prefix TEXT NOT NULL DEFAULT '',"
    "  last_name TEXT NOT NULL,"
    "  initials TEXT NOT NULL DEFAULT '',"
    "  email TEXT NOT NULL DEFAULT '',"
    "  programme TEXT NOT NULL DEFAULT '',"
    "  crebo TEXT NOT NULL DEFAULT '',"
    "  group_id INTEGER REFERENCES groups(id),"
    "  card_version INTEGER NOT NULL DEFAULT 1,"
    "  updated_at INTEGER NOT NULL);"
    "CREATE INDEX students_group ON students(group_id);",

    /* 2: sessions and who came */
    "CREATE TABLE sessions ("
    "  id INTEGER PRIMARY KEY,"
    "  uid TEXT NOT NULL UNIQUE,"
    "  kind TEXT NOT NULL CHECK (kind IN ('terugkomdag','intake','bijeenkomst')),"
    "  title TEXT NOT NULL,"
    "  group_id INTEGER NOT NULL REFERENCES groups(id),"
    "  started_at INTEGER NOT NULL,"
    "  late_at INTEGER,"
    "  ended_at INTEGER);"
    "CREATE UNIQUE INDEX sessions_one_running ON sessions((ended_at IS NULL))"
    "  WHERE ended_at IS NULL;"
    "CREATE TABLE checkins ("
    "  id INTEGER PRIMARY KEY,"
    "  uid TEXT NOT NULL UNIQUE,"
    "  session_id INTEGER NOT NULL REFERENCES sessions(id),"
    "  student_id INTEGER NOT NULL REFERENCES students(id),"
    "  at INTEGER NOT NULL,"
    "  how TEXT NOT NULL CHECK (how IN ('scan','hand')),"
    "  late INTEGER NOT NULL DEFAULT 0,"
    "  guest INTEGER NOT NULL DEFAULT 0,"
    "  by_whom TEXT NOT NULL DEFAULT '',"
    "  reason TEXT NOT NULL DEFAULT '',"
    "  UNIQUE (session_id, student_id));",

    /* 3: kiosk-wide settings (kiosk id, PIN hash, lockout state, ...) */
    "CREATE TABLE settings ("
    "  key TEXT PRIMARY KEY,"
    "  value TEXT NOT NULL);",
};

int db_migrate_latest(void)
{
    return (int)(sizeof steps / sizeof steps[0]);
}

static int user_version(sqlite3 *h)
{
    sqlite3_stmt *st;
    int v = -1;
    if (sqlite3_prepare_v2(h, "PRAGMA user_version", -1, &st, NULL) != SQLITE_OK)
        return -1;
    if (sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return v;
}

int db_migrate_to(sqlite3 *h, int target, char *err, size_t errlen)
{
    char *msg = NULL;
    if (sqlite3_exec(h, "BEGIN IMMEDIATE", NULL, NULL, &msg) != SQLITE_OK)
        goto fail;
    int have = user_version(h);
    if (have < 0) {
        snprintf(err, errlen, "Het databasebestand is niet te lezen.");
        goto fail_rollback;
    }
    if (have > db_migrate_latest()) {
        snprintf(err, errlen,
                 "Dit databasebestand komt van een nieuwere stagekiosk (versie %d, "
                 "deze kent %d). Installeer de nieuwste stagekiosk.",
                 have, db_migrate_latest());
        goto fail_rollback;
    }
    for (int v = have; v < target; v++) {
        if (sqlite3_exec(h, steps[v], NULL, NULL, &msg) != SQLITE_OK) {
            snprintf(err, errlen, "Stap %d van de database mislukte: %s", v + 1, msg);
            goto fail_rollback;
        }
    }
    if (have < target) {
        char sql[48];
        snprintf(sql, sizeof sql, "PRAGMA user_version=%d", target);
        if (sqlite3_exec(h, sql, NULL, NULL, &msg) != SQLITE_OK)
            goto fail;
    }
    if (sqlite3_exec(h, "COMMIT", NULL, NULL, &msg) != SQLITE_OK)
        goto fail;
    return 0;

fail:
    snprintf(err, errlen, "Database fout: %s", msg ? msg : sqlite3_errmsg(h));
fail_rollback:
    sqlite3_free(msg);
    sqlite3_exec(h, "ROLLBACK", NULL, NULL, NULL);
    return -1;
}
