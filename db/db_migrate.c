/* db_migrate.c: the schema as an ordered list of steps; PRAGMA user_version
 * says how many have run. Never edit a step that has shipped: add one. */
#include "db/db_migrate.h"
#include "db/db_compat.h"
#include "base/log.h"

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

    /* 4: questionnaires (every version kept: an answer points at the exact
     * version it answered), responses, answers and learning goals */
    "CREATE TABLE questionnaires ("
    "  id INTEGER PRIMARY KEY,"
    "  uid TEXT NOT NULL UNIQUE,"
    "  name TEXT NOT NULL,"
    "  version INTEGER NOT NULL,"
    "  kind TEXT NOT NULL,"
    "  title TEXT NOT NULL,"
    "  source TEXT NOT NULL,"
    "  hash TEXT NOT NULL,"
    "  loaded_at INTEGER NOT NULL,"
    "  UNIQUE (name, version));"
    "CREATE TABLE questionnaire_items ("
    "  id INTEGER PRIMARY KEY,"
    "  uid TEXT NOT NULL UNIQUE,"
    "  questionnaire_id INTEGER NOT NULL REFERENCES questionnaires(id),"
    "  position INTEGER NOT NULL,"
    "  key TEXT NOT NULL,"
    "  type TEXT NOT NULL,"
    "  category TEXT NOT NULL DEFAULT '',"
    "  options INTEGER NOT NULL DEFAULT 0,"
    "  required INTEGER NOT NULL DEFAULT 1,"
    "  min INTEGER NOT NULL DEFAULT 0,"
    "  max INTEGER NOT NULL DEFAULT 0,"
    "  signal_values INTEGER NOT NULL DEFAULT 0,"
    "  UNIQUE (questionnaire_id, key));"
    "CREATE TABLE responses ("
    "  id INTEGER PRIMARY KEY,"
    "  uid TEXT NOT NULL UNIQUE,"
    "  student_id INTEGER NOT NULL REFERENCES students(id),"
    "  questionnaire_id INTEGER NOT NULL REFERENCES questionnaires(id),"
    "  session_id INTEGER REFERENCES sessions(id),"
    "  started_at INTEGER NOT NULL,"
    "  finished_at INTEGER);"
    "CREATE INDEX responses_student ON responses(student_id, finished_at);"
    "CREATE TABLE answers ("
    "  id INTEGER PRIMARY KEY,"
    "  uid TEXT NOT NULL UNIQUE,"
    "  response_id INTEGER NOT NULL REFERENCES responses(id),"
    "  item_key TEXT NOT NULL,"
    "  value_num INTEGER,"
    "  value_text TEXT,"
    "  answered_at INTEGER NOT NULL,"
    "  UNIQUE (response_id, item_key));"
    "CREATE TABLE learning_goals ("
    "  id INTEGER PRIMARY KEY,"
    "  uid TEXT NOT NULL UNIQUE,"
    "  student_id INTEGER NOT NULL REFERENCES students(id),"
    "  response_id INTEGER REFERENCES responses(id),"
    "  text TEXT NOT NULL,"
    "  by_when TEXT NOT NULL DEFAULT '',"
    "  proof TEXT NOT NULL DEFAULT '',"
    "  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','bezig','behaald')),"
    "  created_at INTEGER NOT NULL,"
    "  updated_at INTEGER NOT NULL);"
    "CREATE INDEX learning_goals_student ON learning_goals(student_id, created_at);"
    "CREATE INDEX sessions_group ON sessions(group_id, kind, started_at);",

    /* 5: polls. Sets keep every version (a poll points at the exact
     * question it asked). Open polls: one row per vote with its time.
     * Verified polls: who voted (poll_voters) and what (poll_ballots) share
     * only the poll; ballots have random ids and no time, voters are kept
     * in student order (WITHOUT ROWID): see HACKING.md "Verified polls". */
    "CREATE TABLE poll_sets ("
    "  id INTEGER PRIMARY KEY,"
    "  uid TEXT NOT NULL UNIQUE,"
    "  name TEXT NOT NULL,"
    "  version INTEGER NOT NULL,"
    "  title TEXT NOT NULL,"
    "  source TEXT NOT NULL DEFAULT '',"
    "  hash TEXT NOT NULL,"
    "  loaded_at INTEGER NOT NULL,"
    "  UNIQUE (name, version));"
    "CREATE TABLE poll_questions ("
    "  id INTEGER PRIMARY KEY,"
    "  set_id INTEGER NOT NULL REFERENCES poll_sets(id),"
    "  number INTEGER NOT NULL,"
    "  text TEXT NOT NULL,"
    "  UNIQUE (set_id, number));"
    "CREATE TABLE poll_options ("
    "  question_id INTEGER NOT NULL REFERENCES poll_questions(id),"
    "  number INTEGER NOT NULL CHECK (number BETWEEN 1 AND 5),"
    "  label TEXT NOT NULL,"
    "  PRIMARY KEY (question_id, number)) WITHOUT ROWID;"
    "CREATE TABLE polls ("
    "  id INTEGER PRIMARY KEY,"
    "  uid TEXT NOT NULL UNIQUE,"
    "  question_id INTEGER NOT NULL REFERENCES poll_questions(id),"
    "  session_id INTEGER REFERENCES sessions(id),"
    "  verified INTEGER NOT NULL DEFAULT 0 CHECK (verified IN (0, 1)),"
    "  opened_at INTEGER NOT NULL,"
    "  revealed_at INTEGER,"
    "  closed_at INTEGER,"
    "  rejected INTEGER NOT NULL DEFAULT 0);"
    "CREATE UNIQUE INDEX polls_one_open ON polls((closed_at IS NULL))"
    "  WHERE closed_at IS NULL;"
    "CREATE TABLE votes ("
    "  id INTEGER PRIMARY KEY,"
    "  poll_id INTEGER NOT NULL REFERENCES polls(id),"
    "  option INTEGER NOT NULL CHECK (option BETWEEN 1 AND 5),"
    "  at_ms INTEGER NOT NULL,"
    "  source TEXT NOT NULL CHECK (source IN ('button','touch')));"
    "CREATE INDEX votes_poll ON votes(poll_id, option);"
    "CREATE TABLE poll_voters ("
    "  poll_id INTEGER NOT NULL REFERENCES polls(id),"
    "  student_id INTEGER NOT NULL REFERENCES students(id),"
    "  PRIMARY KEY (poll_id, student_id)) WITHOUT ROWID;"
    "CREATE TABLE poll_ballots ("
    "  id INTEGER PRIMARY KEY,"
    "  poll_id INTEGER NOT NULL REFERENCES polls(id),"
    "  option INTEGER NOT NULL CHECK (option BETWEEN 1 AND 5));"
    "CREATE INDEX poll_ballots_poll ON poll_ballots(poll_id, option);"
    /* The store itself refuses a timed vote in a verified poll, a ballot
     * in an open one, and any vote in a closed poll. */
    "CREATE TRIGGER votes_only_open BEFORE INSERT ON votes"
    "  WHEN (SELECT verified OR closed_at IS NOT NULL FROM polls WHERE id = NEW.poll_id)"
    "  IS NOT 0"
    "  BEGIN SELECT RAISE(ABORT, 'votes: poll is closed or verified'); END;"
    "CREATE TRIGGER ballots_only_verified BEFORE INSERT ON poll_ballots"
    "  WHEN (SELECT NOT verified OR closed_at IS NOT NULL FROM polls WHERE id = NEW.poll_id)"
    "  IS NOT 0"
    "  BEGIN SELECT RAISE(ABORT, 'poll_ballots: poll is closed or not verified'); END;"
    "CREATE TRIGGER voters_only_verified BEFORE INSERT ON poll_voters"
    "  WHEN (SELECT NOT verified OR closed_at IS NOT NULL FROM polls WHERE id = NEW.poll_id)"
    "  IS NOT 0"
    "  BEGIN SELECT RAISE(ABORT, 'poll_voters: poll is closed or not verified'); END;",

    /* 6: school sync (db/db_sync.h). Triggers note every change of a row
     * with a uid in sync_outbox while sync is on (track) and the change is
     * not a pulled one (applying, set only inside the sync's own
     * transaction); sync_cursor is how far each table was pulled. origin
     * is the kiosk that recorded a pulled row ('' = this one). The poll
     * triggers let the sync's transaction store a closed poll's results. */
    "CREATE TABLE sync_state ("
    "  one INTEGER PRIMARY KEY CHECK (one = 1),"
    "  track INTEGER NOT NULL DEFAULT 0,"
    "  applying INTEGER NOT NULL DEFAULT 0,"
    "  groups TEXT NOT NULL DEFAULT '[]',"
    "  me TEXT NOT NULL DEFAULT '',"
    "  last_ok INTEGER NOT NULL DEFAULT 0,"
    "  failing_since INTEGER NOT NULL DEFAULT 0);"
    "INSERT INTO sync_state(one) VALUES (1);"
    "CREATE TABLE sync_outbox ("
    "  tbl TEXT NOT NULL,"
    "  row_uid TEXT NOT NULL,"
    "  n INTEGER NOT NULL DEFAULT 1,"
    "  PRIMARY KEY (tbl, row_uid)) WITHOUT ROWID;"
    "CREATE TABLE sync_cursor ("
    "  tbl TEXT PRIMARY KEY,"
    "  seq INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID;"
    "ALTER TABLE students ADD COLUMN origin TEXT NOT NULL DEFAULT '';"
    "ALTER TABLE sessions ADD COLUMN origin TEXT NOT NULL DEFAULT '';"
    "ALTER TABLE checkins ADD COLUMN origin TEXT NOT NULL DEFAULT '';"
    "ALTER TABLE responses ADD COLUMN origin TEXT NOT NULL DEFAULT '';"
    "ALTER TABLE answers ADD COLUMN origin TEXT NOT NULL DEFAULT '';"
    "ALTER TABLE learning_goals ADD COLUMN origin TEXT NOT NULL DEFAULT '';"
    "ALTER TABLE polls ADD COLUMN origin TEXT NOT NULL DEFAULT '';"
    "CREATE TRIGGER sync_students_insert AFTER INSERT ON students"
    "  WHEN (SELECT track AND NOT applying FROM sync_state)"
    "  BEGIN INSERT INTO sync_outbox(tbl, row_uid) VALUES ('students', NEW.uid)"
    "  ON CONFLICT DO UPDATE SET n = n + 1; END;"
    "CREATE TRIGGER sync_students_update AFTER UPDATE ON students"
    "  WHEN (SELECT track AND NOT applying FROM sync_state)"
    "  BEGIN INSERT INTO sync_outbox(tbl, row_uid) VALUES ('students', NEW.uid)"
    "  ON CONFLICT DO UPDATE SET n = n + 1; END;"
    "CREATE TRIGGER sync_sessions_insert AFTER INSERT ON sessions"
    "  WHEN (SELECT track AND NOT applying FROM sync_state)"
    "  BEGIN INSERT INTO sync_outbox(tbl, row_uid) VALUES ('sessions', NEW.uid)"
    "  ON CONFLICT DO UPDATE SET n = n + 1; END;"
    "CREATE TRIGGER sync_sessions_update AFTER UPDATE ON sessions"
    "  WHEN (SELECT track AND NOT applying FROM sync_state)"
    "  BEGIN INSERT INTO sync_outbox(tbl, row_uid) VALUES ('sessions', NEW.uid)"
    "  ON CONFLICT DO UPDATE SET n = n + 1; END;"
    "CREATE TRIGGER sync_checkins_insert AFTER INSERT ON checkins"
    "  WHEN (SELECT track AND NOT applying FROM sync_state)"
    "  BEGIN INSERT INTO sync_outbox(tbl, row_uid) VALUES ('checkins', NEW.uid)"
    "  ON CONFLICT DO UPDATE SET n = n + 1; END;"
    "CREATE TRIGGER sync_checkins_update AFTER UPDATE ON checkins"
    "  WHEN (SELECT track AND NOT applying FROM sync_state)"
    "  BEGIN INSERT INTO sync_outbox(tbl, row_uid) VALUES ('checkins', NEW.uid)"
    "  ON CONFLICT DO UPDATE SET n = n + 1; END;"
    "CREATE TRIGGER sync_questionnaires_insert AFTER INSERT ON questionnaires"
    "  WHEN (SELECT track AND NOT applying FROM sync_state)"
    "  BEGIN INSERT INTO sync_outbox(tbl, row_uid) VALUES ('questionnaires', NEW.uid)"
    "  ON CONFLICT DO UPDATE SET n = n + 1; END;"
    "CREATE TRIGGER sync_questionnaires_update AFTER UPDATE ON questionnaires"
    "  WHEN (SELECT track AND NOT applying FROM sync_state)"
    "  BEGIN INSERT INTO sync_outbox(tbl, row_uid) VALUES ('questionnaires', NEW.uid)"
    "  ON CONFLICT DO UPDATE SET n = n + 1; END;"
    "CREATE TRIGGER sync_responses_insert AFTER INSERT ON responses"
    "  WHEN (SELECT track AND NOT applying FROM sync_state)"
    "  BEGIN INSERT INTO sync_outbox(tbl, row_uid) VALUES ('responses', NEW.uid)"
    "  ON CONFLICT DO UPDATE SET n = n + 1; END;"
    "CREATE TRIGGER sync_responses_update AFTER UPDATE ON responses"
    "  WHEN (SELECT track AND NOT applying FROM sync_state)"
    "  BEGIN INSERT INTO sync_outbox(tbl, row_uid) VALUES ('responses', NEW.uid)"
    "  ON CONFLICT DO UPDATE SET n = n + 1; END;"
    "CREATE TRIGGER sync_answers_insert AFTER INSERT ON answers"
    "  WHEN (SELECT track AND NOT applying FROM sync_state)"
    "  BEGIN INSERT INTO sync_outbox(tbl, row_uid) VALUES ('answers', NEW.uid)"
    "  ON CONFLICT DO UPDATE SET n = n + 1; END;"
    "CREATE TRIGGER sync_answers_update AFTER UPDATE ON answers"
    "  WHEN (SELECT track AND NOT applying FROM sync_state)"
    "  BEGIN INSERT INTO sync_outbox(tbl, row_uid) VALUES ('answers', NEW.uid)"
    "  ON CONFLICT DO UPDATE SET n = n + 1; END;"
    "CREATE TRIGGER sync_learning_goals_insert AFTER INSERT ON learning_goals"
    "  WHEN (SELECT track AND NOT applying FROM sync_state)"
    "  BEGIN INSERT INTO sync_outbox(tbl, row_uid) VALUES ('learning_goals', NEW.uid)"
    "  ON CONFLICT DO UPDATE SET n = n + 1; END;"
    "CREATE TRIGGER sync_learning_goals_update AFTER UPDATE ON learning_goals"
    "  WHEN (SELECT track AND NOT applying FROM sync_state)"
    "  BEGIN INSERT INTO sync_outbox(tbl, row_uid) VALUES ('learning_goals', NEW.uid)"
    "  ON CONFLICT DO UPDATE SET n = n + 1; END;"
    "CREATE TRIGGER sync_poll_sets_insert AFTER INSERT ON poll_sets"
    "  WHEN (SELECT track AND NOT applying FROM sync_state)"
    "  BEGIN INSERT INTO sync_outbox(tbl, row_uid) VALUES ('poll_sets', NEW.uid)"
    "  ON CONFLICT DO UPDATE SET n = n + 1; END;"
    "CREATE TRIGGER sync_poll_sets_update AFTER UPDATE ON poll_sets"
    "  WHEN (SELECT track AND NOT applying FROM sync_state)"
    "  BEGIN INSERT INTO sync_outbox(tbl, row_uid) VALUES ('poll_sets', NEW.uid)"
    "  ON CONFLICT DO UPDATE SET n = n + 1; END;"
    "CREATE TRIGGER sync_polls_insert AFTER INSERT ON polls"
    "  WHEN (SELECT track AND NOT applying FROM sync_state)"
    "  BEGIN INSERT INTO sync_outbox(tbl, row_uid) VALUES ('polls', NEW.uid)"
    "  ON CONFLICT DO UPDATE SET n = n + 1; END;"
    "CREATE TRIGGER sync_polls_update AFTER UPDATE ON polls"
    "  WHEN (SELECT track AND NOT applying FROM sync_state)"
    "  BEGIN INSERT INTO sync_outbox(tbl, row_uid) VALUES ('polls', NEW.uid)"
    "  ON CONFLICT DO UPDATE SET n = n + 1; END;"
    "DROP TRIGGER votes_only_open;"
    "DROP TRIGGER ballots_only_verified;"
    "DROP TRIGGER voters_only_verified;"
    "CREATE TRIGGER votes_only_open BEFORE INSERT ON votes"
    "  WHEN (SELECT verified OR closed_at IS NOT NULL FROM polls WHERE id = NEW.poll_id)"
    "  IS NOT 0 AND NOT (SELECT applying FROM sync_state)"
    "  BEGIN SELECT RAISE(ABORT, 'votes: poll is closed or verified'); END;"
    "CREATE TRIGGER ballots_only_verified BEFORE INSERT ON poll_ballots"
    "  WHEN (SELECT NOT verified OR closed_at IS NOT NULL FROM polls WHERE id = NEW.poll_id)"
    "  IS NOT 0 AND NOT (SELECT applying FROM sync_state)"
    "  BEGIN SELECT RAISE(ABORT, 'poll_ballots: poll is closed or not verified'); END;"
    "CREATE TRIGGER voters_only_verified BEFORE INSERT ON poll_voters"
    "  WHEN (SELECT NOT verified OR closed_at IS NOT NULL FROM polls WHERE id = NEW.poll_id)"
    "  IS NOT 0 AND NOT (SELECT applying FROM sync_state)"
    "  BEGIN SELECT RAISE(ABORT, 'poll_voters: poll is closed or not verified'); END;",

    /* 7: signals a teacher has talked about ("besproken"): the student, the
     * kind of signal, when its cause happened (cause_at; 0 for something
     * missing) and when the teacher marked it. A signal stays off the list
     * while no newer cause of its kind comes (db_signal.c). Synced from
     * step 8 on, and merged from a snapshot (db_merge.c). */
    "CREATE TABLE signal_talks ("
    "  id INTEGER PRIMARY KEY,"
    "  uid TEXT NOT NULL UNIQUE,"
    "  student_id INTEGER NOT NULL REFERENCES students(id),"
    "  kind INTEGER NOT NULL,"
    "  cause_at INTEGER NOT NULL,"
    "  at INTEGER NOT NULL);"
    "CREATE INDEX signal_talks_student ON signal_talks(student_id, kind, cause_at);",

    /* 8: signals marked "besproken" travel with the school sync (step 6):
     * their origin, the trigger that notes a new one, and the ones marked
     * before this step when sync is on. */
    "ALTER TABLE signal_talks ADD COLUMN origin TEXT NOT NULL DEFAULT '';"
    "CREATE TRIGGER sync_signal_talks_insert AFTER INSERT ON signal_talks"
    "  WHEN (SELECT track AND NOT applying FROM sync_state)"
    "  BEGIN INSERT INTO sync_outbox(tbl, row_uid) VALUES ('signal_talks', NEW.uid)"
    "  ON CONFLICT DO UPDATE SET n = n + 1; END;"
    "INSERT INTO sync_outbox(tbl, row_uid, n) SELECT 'signal_talks', uid, 0 FROM signal_talks"
    "  WHERE (SELECT track FROM sync_state) ON CONFLICT DO NOTHING;",
};

#define NSTEPS ((int)(sizeof steps / sizeof steps[0]))

static const char *test_step; /* db_migrate_test_step */

int db_migrate_latest(void)
{
    return NSTEPS + (test_step != NULL);
}

const char *db_migrate_step(int v)
{
    return v >= 1 && v <= NSTEPS ? steps[v - 1] : v == NSTEPS + 1 ? test_step : NULL;
}

void db_migrate_test_step(const char *sql)
{
    test_step = sql;
}

/* The oldest version that may use the file, as recorded (0 when none is:
 * the file predates the record, or has no settings table yet). */
static int recorded_min_reader(sqlite3 *h)
{
    sqlite3_stmt *st;
    int v = -1;
    if (sqlite3_prepare_v2(h, "SELECT CAST(value AS INTEGER) FROM settings"
                              " WHERE key = 'schema.min_reader'",
                           -1, &st, NULL) != SQLITE_OK)
        return -1;
    v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
    sqlite3_finalize(st);
    return v;
}

int db_migrate_min_reader(sqlite3 *h)
{
    return recorded_min_reader(h);
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
        int min = recorded_min_reader(h);
        if (min >= 0 && min <= db_migrate_latest()) {
            /* a newer version added only what this one may ignore */
            log_info("db: schema version %d is newer than this program's %d, and version %d"
                     " may use it: opened as it is", have, db_migrate_latest(), min);
            sqlite3_exec(h, "COMMIT", NULL, NULL, NULL);
            return 0;
        }
        snprintf(err, errlen,
                 "Dit databasebestand komt van een nieuwere stagekiosk (versie %d, "
                 "deze kent %d). Installeer de nieuwste stagekiosk.",
                 have, db_migrate_latest());
        goto fail_rollback;
    }
    for (int v = have; v < target; v++) {
        if (sqlite3_exec(h, db_migrate_step(v + 1), NULL, NULL, &msg) != SQLITE_OK) {
            snprintf(err, errlen, "Stap %d van de database mislukte: %s", v + 1, msg);
            goto fail_rollback;
        }
    }
    if (have < target) {
        char sql[48];
        snprintf(sql, sizeof sql, "PRAGMA user_version=%d", target);
        if (sqlite3_exec(h, sql, NULL, NULL, &msg) != SQLITE_OK)
            goto fail;
        int min = db_compat_min_reader(target);
        if (min < 0) {
            snprintf(err, errlen, "De database kan niet worden bijgewerkt.");
            goto fail_rollback;
        }
        /* settings came with step 3 */
        sqlite3_stmt *st = NULL;
        if (target >= 3 && (sqlite3_prepare_v2(h, "INSERT OR REPLACE INTO settings(key, value)"
                                                  " VALUES ('schema.min_reader', ?1)",
                                               -1, &st, NULL) != SQLITE_OK ||
                            sqlite3_bind_int(st, 1, min) != SQLITE_OK ||
                            sqlite3_step(st) != SQLITE_DONE)) {
            sqlite3_finalize(st);
            goto fail;
        }
        sqlite3_finalize(st);
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
