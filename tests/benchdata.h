/* benchdata.h: a school year of data for the benches and tests: 300
 * students in 12 groups, 40 sessions with everyone checked in (12,000
 * check-ins), 3,000 zelfscans of 10 answers, and a poll with 20,000 votes
 * (the last two where those tables exist). Raw SQL: built fast, not through
 * the kiosk's flows. 0 or -1. */
#ifndef BENCHDATA_H
#define BENCHDATA_H

#include "db/db.h"

static inline int benchdata_table_exists(struct db *db, const char *name)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT count(*) FROM sqlite_master WHERE name = ?1");
    if (!st)
        return 0;
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    return db_step_int(st, 0) > 0;
}

static inline int benchdata_school_year(struct db *db)
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
    if (benchdata_table_exists(db, "answers") && db_exec(db, zelfscans) != 0)
        return -1;
    if (benchdata_table_exists(db, "votes") && benchdata_table_exists(db, "poll_questions") && db_exec(db, votes) != 0)
        return -1;
    return db_commit(db);
}

#endif
