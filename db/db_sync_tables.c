/* db_sync_tables.c: the synced tables as fixed SQL (see db_sync_tables.h).
 * SQLite builds and reads the JSON batches itself (json_group_array,
 * json_each), PostgreSQL reads them with jsonb_to_recordset, so no value
 * ever passes through C. */
#include "db/db_sync_tables.h"

#include <stddef.h>

/* One field of the JSON object in json_each's value, named like the key. */
#define F(k) "value->>'" k "' AS " k
/* The next changed rows of tbl (join: the table, to skip what cannot go). */
#define OUTBOX(tbl, join)                                                            \
    "(SELECT o.row_uid AS uid, o.n FROM sync_outbox o JOIN " join " WHERE o.tbl = '" tbl "'" \
    " LIMIT ?1) o"
#define WAITING(tbl) "(SELECT row_uid FROM sync_outbox WHERE tbl = '" tbl "')"
#define GONE(tbl)                                                                    \
    "DELETE FROM sync_outbox WHERE tbl = '" tbl "' AND row_uid NOT IN (SELECT uid FROM " tbl ")"
#define KNOWN_GROUPS "(SELECT jsonb_array_elements_text($2::jsonb))"
#define KNOWN_STUDENTS                                                               \
    "(SELECT number FROM stagekiosk.students WHERE group_name IN " KNOWN_GROUPS ")"
/* The pull's frame: rows after the cursor, in seq order, as JSON, their
 * last seq and count, and the table's last seq (in the same snapshot: what
 * lies below it and did not come is not for this kiosk, so the cursor may
 * pass it when the batch was not full). */
#define PULL(table, cols, where)                                                     \
    "SELECT coalesce(json_agg(x ORDER BY x.seq), '[]')::text,"                        \
    " coalesce(max(x.seq), $1::bigint), count(*),"                                    \
    " (SELECT coalesce(max(seq), 0) FROM stagekiosk." table ")"                         \
    " FROM (SELECT " cols ", t.origin, t.seq FROM stagekiosk." table " t " where        \
    " AND t.seq > $1::bigint ORDER BY t.seq LIMIT $3::integer) x"
#define NEW_GROUPS(field)                                                            \
    "INSERT INTO groups(name) SELECT DISTINCT " field " FROM json_each(?1)"          \
    " WHERE " field " IS NOT NULL ON CONFLICT DO NOTHING"

#define STUDENT_COLS "first_name, prefix, last_name, initials, email, programme, crebo"
#define STUDENT_COLS_T                                                               \
    "t.first_name, t.prefix, t.last_name, t.initials, t.email, t.programme, t.crebo"
#define STUDENT_J(src)                                                               \
    "(SELECT " F("number") ", " F("uid") ", " F("first_name") ", " F("prefix") ", "    \
    F("last_name") ", " F("initials") ", " F("email") ", " F("programme") ", "        \
    F("crebo") ", " F("group_name") ", " F("card_version") ", " F("updated_at") ", "  \
    F("origin") " FROM " src ") j"
#define STUDENT_INSERT(j)                                                            \
    "INSERT INTO students(uid, number, " STUDENT_COLS ", group_id, card_version,"     \
    " updated_at, origin) SELECT j.uid, j.number, j.first_name, j.prefix, j.last_name,"\
    " j.initials, j.email, j.programme, j.crebo,"                                     \
    " (SELECT id FROM groups WHERE name = j.group_name), j.card_version, j.updated_at,"\
    " j.origin FROM " j " WHERE j.number IS NOT NULL"                                  \
    " AND j.number NOT IN (SELECT number FROM students) ON CONFLICT DO NOTHING"

#define SESSION_J                                                                    \
    "(SELECT " F("uid") ", " F("kind") ", " F("title") ", " F("group_name") ", "       \
    F("started_at") ", " F("late_at") ", " F("ended_at") ", " F("origin")             \
    " FROM json_each(?1)) j"
#define CHECKIN_J                                                                    \
    "(SELECT " F("uid") ", " F("session_uid") ", " F("student_number") ", " F("at")    \
    ", " F("how") ", " F("late") ", " F("guest") ", " F("by_whom") ", " F("reason")    \
    ", " F("origin") " FROM json_each(?1)) j"
#define RESPONSE_J                                                                   \
    "(SELECT " F("uid") ", " F("student_number") ", " F("questionnaire_name") ", "     \
    F("questionnaire_hash") ", " F("session_uid") ", " F("started_at") ", "           \
    F("finished_at") ", " F("origin") " FROM json_each(?1)) j"
#define ANSWER_J                                                                     \
    "(SELECT " F("uid") ", " F("response_uid") ", " F("item_key") ", " F("value_num")  \
    ", " F("value_text") ", " F("answered_at") ", " F("origin") " FROM json_each(?1)) j"
#define GOAL_J                                                                       \
    "(SELECT " F("uid") ", " F("student_number") ", " F("response_uid") ", " F("text") \
    ", " F("by_when") ", " F("proof") ", " F("status") ", " F("created_at") ", "       \
    F("updated_at") ", " F("origin") " FROM json_each(?1)) j"
#define TALK_J                                                                       \
    "(SELECT " F("uid") ", " F("student_number") ", " F("kind") ", " F("cause_at") ", " \
    F("at") ", " F("origin") " FROM json_each(?1)) j"
#define POLL_J                                                                       \
    "(SELECT " F("uid") ", " F("set_name") ", " F("set_hash") ", " F("question_number") \
    ", " F("session_uid") ", " F("verified") ", " F("opened_at") ", " F("revealed_at")  \
    ", " F("closed_at") ", " F("rejected") ", " F("origin") " FROM json_each(?1)) j"
#define NEW_POLLS "(SELECT uid FROM temp.sync_new)"
/* A pulled closed poll's count per option, one row per vote (k counts down). */
#define POLL_VOTES(verified)                                                         \
    "WITH RECURSIVE r(poll_id, option, k) AS (SELECT p.id, e.value->>'option',"      \
    " e.value->>'votes' FROM json_each(?1) j JOIN polls p ON p.uid = j.value->>'uid',"  \
    " json_each(j.value->'results') e WHERE p.uid IN " NEW_POLLS " AND p.verified = "   \
    verified " AND e.value->>'votes' > 0"                                              \
    " UNION ALL SELECT poll_id, option, k - 1 FROM r WHERE k > 1)"

const struct db_sync_table db_sync_tables[] = {
    /* Students: one row per student number in the whole school. */
    {"students", "studenten",
     "SELECT json_group_array(json_object('uid', s.uid, 'n', o.n, 'number', s.number,"
     " 'first_name', s.first_name, 'prefix', s.prefix, 'last_name', s.last_name,"
     " 'initials', s.initials, 'email', s.email, 'programme', s.programme, 'crebo', s.crebo,"
     " 'group_name', g.name, 'card_version', s.card_version, 'updated_at', s.updated_at)),"
     " count(*) FROM " OUTBOX("students", "students s ON s.uid = o.row_uid")
     " JOIN students s ON s.uid = o.uid LEFT JOIN groups g ON g.id = s.group_id",
     {"INSERT INTO stagekiosk.students AS t (number, uid, " STUDENT_COLS ", group_name,"
      " card_version, updated_at) SELECT number, uid, " STUDENT_COLS ", group_name,"
      " card_version, updated_at FROM jsonb_to_recordset($1::jsonb) AS x(number text,"
      " uid text, first_name text, prefix text, last_name text, initials text, email text,"
      " programme text, crebo text, group_name text, card_version integer, updated_at bigint, n integer) WHERE x.n > 0"
      " ON CONFLICT (number) DO UPDATE SET first_name = excluded.first_name,"
      " prefix = excluded.prefix, last_name = excluded.last_name,"
      " initials = excluded.initials, email = excluded.email,"
      " programme = excluded.programme, crebo = excluded.crebo,"
      " group_name = coalesce(excluded.group_name, t.group_name),"
      " card_version = greatest(t.card_version, excluded.card_version),"
      " updated_at = greatest(t.updated_at, excluded.updated_at)"
      " WHERE (t.first_name, t.prefix, t.last_name, t.initials, t.email, t.programme,"
      " t.crebo, t.group_name, t.card_version) IS DISTINCT FROM (excluded.first_name,"
      " excluded.prefix, excluded.last_name, excluded.initials, excluded.email,"
      " excluded.programme, excluded.crebo, coalesce(excluded.group_name, t.group_name),"
      " greatest(t.card_version, excluded.card_version))",
      /* noted when sync was switched on: only what the server lacks */
      "INSERT INTO stagekiosk.students AS t (number, uid, " STUDENT_COLS ", group_name,"
      " card_version, updated_at) SELECT number, uid, " STUDENT_COLS ", group_name,"
      " card_version, updated_at FROM jsonb_to_recordset($1::jsonb) AS x(number text,"
      " uid text, first_name text, prefix text, last_name text, initials text, email text,"
      " programme text, crebo text, group_name text, card_version integer, updated_at bigint, n integer) WHERE x.n = 0 ON CONFLICT DO NOTHING"},
     PULL("students", "t.number, t.uid, " STUDENT_COLS_T ", t.group_name, t.card_version, t.updated_at",
          "WHERE t.group_name IN " KNOWN_GROUPS),
     {NEW_GROUPS("value->>'group_name'"),
      "UPDATE students SET uid = j.uid, first_name = j.first_name, prefix = j.prefix,"
      " last_name = j.last_name, initials = j.initials, email = j.email,"
      " programme = j.programme, crebo = j.crebo,"
      " group_id = coalesce((SELECT id FROM groups WHERE name = j.group_name),"
      " students.group_id), card_version = max(students.card_version, j.card_version),"
      " updated_at = max(students.updated_at, j.updated_at)"
      " FROM " STUDENT_J("json_each(?1)") " WHERE students.number = j.number"
      " AND students.uid NOT IN " WAITING("students") " AND (students.uid,"
      " students.first_name, students.prefix, students.last_name, students.initials,"
      " students.email, students.programme, students.crebo, students.card_version) IS NOT"
      " (j.uid, j.first_name, j.prefix, j.last_name, j.initials, j.email, j.programme,"
      " j.crebo, max(students.card_version, j.card_version))",
      STUDENT_INSERT(STUDENT_J("json_each(?1)"))},
     GONE("students"),
     /* the first kiosk's uid for a number becomes everybody's */
     "SELECT coalesce(json_agg(json_build_object('number', number, 'uid', uid)), '[]')::text"
     " FROM stagekiosk.students WHERE number IN"
     " (SELECT x->>'number' FROM jsonb_array_elements($1::jsonb) x)",
     "UPDATE students SET uid = j.uid FROM (SELECT " F("number") ", " F("uid")
     " FROM json_each(?1)) j WHERE students.number = j.number AND students.uid <> j.uid"
     " AND students.uid NOT IN " WAITING("students"), 0x6},

    {"sessions", "bijeenkomsten",
     "SELECT json_group_array(json_object('uid', s.uid, 'n', o.n, 'kind', s.kind,"
     " 'title', s.title, 'group_name', g.name, 'started_at', s.started_at,"
     " 'late_at', s.late_at, 'ended_at', s.ended_at)), count(*)"
     " FROM " OUTBOX("sessions", "sessions s ON s.uid = o.row_uid")
     " JOIN sessions s ON s.uid = o.uid JOIN groups g ON g.id = s.group_id",
     {"INSERT INTO stagekiosk.sessions AS t (uid, kind, title, group_name, started_at,"
      " late_at, ended_at) SELECT uid, kind, title, group_name, started_at, late_at, ended_at"
      " FROM jsonb_to_recordset($1::jsonb) AS x(uid text, kind text, title text,"
      " group_name text, started_at bigint, late_at bigint, ended_at bigint, n integer) WHERE x.n > 0"
      " ON CONFLICT (uid) DO UPDATE SET title = excluded.title, late_at = excluded.late_at,"
      " ended_at = coalesce(excluded.ended_at, t.ended_at)"
      " WHERE (t.title, t.late_at, t.ended_at) IS DISTINCT FROM"
      " (excluded.title, excluded.late_at, coalesce(excluded.ended_at, t.ended_at))",
      /* noted when sync was switched on: only what the server lacks */
      "INSERT INTO stagekiosk.sessions AS t (uid, kind, title, group_name, started_at,"
      " late_at, ended_at) SELECT uid, kind, title, group_name, started_at, late_at, ended_at"
      " FROM jsonb_to_recordset($1::jsonb) AS x(uid text, kind text, title text,"
      " group_name text, started_at bigint, late_at bigint, ended_at bigint, n integer) WHERE x.n = 0 ON CONFLICT DO NOTHING"},
     PULL("sessions", "t.uid, t.kind, t.title, t.group_name, t.started_at, t.late_at, t.ended_at",
          "WHERE t.group_name IN " KNOWN_GROUPS),
     {NEW_GROUPS("value->>'group_name'"),
      "UPDATE sessions SET title = j.title, late_at = j.late_at,"
      " ended_at = coalesce(j.ended_at, sessions.ended_at) FROM " SESSION_J
      " WHERE sessions.uid = j.uid AND sessions.uid NOT IN " WAITING("sessions")
      " AND (sessions.title, sessions.late_at, sessions.ended_at) IS NOT"
      " (j.title, j.late_at, coalesce(j.ended_at, sessions.ended_at))",
      /* Another kiosk's session that still runs is stored as ended at its
       * start here (one running session per kiosk); its end comes later. */
      "INSERT INTO sessions(uid, kind, title, group_id, started_at, late_at, ended_at, origin)"
      " SELECT j.uid, j.kind, j.title, (SELECT id FROM groups WHERE name = j.group_name),"
      " j.started_at, j.late_at, coalesce(j.ended_at, j.started_at), j.origin FROM " SESSION_J
      " WHERE j.uid NOT IN (SELECT uid FROM sessions) ON CONFLICT DO NOTHING"},
     GONE("sessions"), NULL, NULL, 0x6},

    {"checkins", "aanmeldingen",
     "SELECT json_group_array(json_object('uid', c.uid, 'n', o.n, 'session_uid', s.uid,"
     " 'student_number', st.number, 'at', c.at, 'how', c.how, 'late', c.late,"
     " 'guest', c.guest, 'by_whom', c.by_whom, 'reason', c.reason)), count(*)"
     " FROM " OUTBOX("checkins", "checkins c ON c.uid = o.row_uid")
     " JOIN checkins c ON c.uid = o.uid JOIN sessions s ON s.id = c.session_id"
     " JOIN students st ON st.id = c.student_id",
     {"INSERT INTO stagekiosk.checkins AS t (uid, session_uid, student_number, at, how, late,"
      " guest, by_whom, reason) SELECT uid, session_uid, student_number, at, how, late, guest,"
      " by_whom, reason FROM jsonb_to_recordset($1::jsonb) AS x(uid text, session_uid text,"
      " student_number text, at bigint, how text, late integer, guest integer, by_whom text,"
      " reason text, n integer) WHERE x.n > 0 ON CONFLICT (uid) DO UPDATE SET at = excluded.at, how = excluded.how,"
      " late = excluded.late, guest = excluded.guest, by_whom = excluded.by_whom,"
      " reason = excluded.reason WHERE (t.at, t.how, t.late, t.guest, t.by_whom, t.reason)"
      " IS DISTINCT FROM (excluded.at, excluded.how, excluded.late, excluded.guest,"
      " excluded.by_whom, excluded.reason)",
      /* noted when sync was switched on: only what the server lacks */
      "INSERT INTO stagekiosk.checkins AS t (uid, session_uid, student_number, at, how, late,"
      " guest, by_whom, reason) SELECT uid, session_uid, student_number, at, how, late, guest,"
      " by_whom, reason FROM jsonb_to_recordset($1::jsonb) AS x(uid text, session_uid text,"
      " student_number text, at bigint, how text, late integer, guest integer, by_whom text,"
      " reason text, n integer) WHERE x.n = 0 ON CONFLICT DO NOTHING"},
     /* A guest from another group comes with their student row. */
     PULL("checkins", "t.uid, t.session_uid, t.student_number, t.at, t.how, t.late, t.guest, t.by_whom,"
          " t.reason, (SELECT row_to_json(st) FROM stagekiosk.students st"
          " WHERE st.number = t.student_number) AS student",
          "JOIN stagekiosk.sessions s ON s.uid = t.session_uid"
          " WHERE s.group_name IN " KNOWN_GROUPS),
     {NEW_GROUPS("value->'student'->>'group_name'"),
      STUDENT_INSERT(STUDENT_J("(SELECT value->'student' AS value FROM json_each(?1))")),
      "UPDATE checkins SET at = j.at, how = j.how, late = j.late, guest = j.guest,"
      " by_whom = j.by_whom, reason = j.reason FROM " CHECKIN_J
      " WHERE checkins.uid = j.uid AND checkins.uid NOT IN " WAITING("checkins")
      " AND (checkins.at, checkins.how, checkins.late, checkins.guest, checkins.by_whom,"
      " checkins.reason) IS NOT (j.at, j.how, j.late, j.guest, j.by_whom, j.reason)",
      "INSERT INTO checkins(uid, session_id, student_id, at, how, late, guest, by_whom, reason,"
      " origin) SELECT j.uid, s.id, st.id, j.at, j.how, j.late, j.guest, j.by_whom, j.reason,"
      " j.origin FROM " CHECKIN_J " JOIN sessions s ON s.uid = j.session_uid"
      " JOIN students st ON st.number = j.student_number"
      " WHERE j.uid NOT IN (SELECT uid FROM checkins) ON CONFLICT DO NOTHING"},
     GONE("checkins"), NULL, NULL, 0xc},

    /* A questionnaire version is its name and text (hash); items ride along. */
    {"questionnaires", "vragenlijsten",
     "SELECT json_group_array(json_object('uid', q.uid, 'n', o.n, 'name', q.name,"
     " 'hash', q.hash, 'kind', q.kind, 'title', q.title, 'source', q.source,"
     " 'loaded_at', q.loaded_at, 'items', json((SELECT json_group_array(json_object("
     " 'position', i.position, 'key', i.key, 'type', i.type, 'category', i.category,"
     " 'options', i.options, 'required', i.required, 'min', i.min, 'max', i.max,"
     " 'signal_values', i.signal_values)) FROM (SELECT * FROM questionnaire_items"
     " WHERE questionnaire_id = q.id ORDER BY position) i)))), count(*)"
     " FROM " OUTBOX("questionnaires", "questionnaires q ON q.uid = o.row_uid")
     " JOIN questionnaires q ON q.uid = o.uid",
     {"INSERT INTO stagekiosk.questionnaires (name, hash, kind, title, source, loaded_at, items)"
      " SELECT name, hash, kind, title, source, loaded_at, items FROM"
      " jsonb_to_recordset($1::jsonb) AS x(name text, hash text, kind text, title text,"
      " source text, loaded_at bigint, items jsonb) ON CONFLICT DO NOTHING"},
     PULL("questionnaires", "t.name, t.hash, t.kind, t.title, t.source, t.loaded_at, t.items",
          "WHERE $2::jsonb IS NOT NULL"),
     /* a text this kiosk lacks becomes its next version of that name */
     {"INSERT INTO questionnaires(uid, name, version, kind, title, source, hash, loaded_at)"
      " SELECT lower(hex(randomblob(16))), j.name, (SELECT coalesce(max(m.version), 0)"
      " FROM questionnaires m WHERE m.name = j.name) + row_number() OVER"
      " (PARTITION BY j.name ORDER BY j.seq), j.kind, j.title, j.source, j.hash, j.loaded_at"
      " FROM (SELECT " F("name") ", " F("hash") ", " F("kind") ", " F("title") ", "
      F("source") ", " F("loaded_at") ", " F("seq") " FROM json_each(?1)) j"
      " WHERE NOT EXISTS (SELECT 1 FROM questionnaires m WHERE m.name = j.name"
      " AND m.hash = j.hash)",
      "INSERT INTO questionnaire_items(uid, questionnaire_id, position, key, type, category,"
      " options, required, min, max, signal_values) SELECT lower(hex(randomblob(16))), q.id,"
      " i.value->>'position', i.value->>'key', i.value->>'type', i.value->>'category',"
      " i.value->>'options', i.value->>'required', i.value->>'min', i.value->>'max',"
      " i.value->>'signal_values' FROM json_each(?1) j JOIN questionnaires q"
      " ON q.name = j.value->>'name' AND q.hash = j.value->>'hash',"
      " json_each(j.value->'items') i WHERE true ON CONFLICT DO NOTHING"},
     GONE("questionnaires"), NULL, NULL, 0x1},

    {"responses", "vragenlijsten ingevuld",
     "SELECT json_group_array(json_object('uid', r.uid, 'n', o.n, 'student_number', st.number,"
     " 'questionnaire_name', q.name, 'questionnaire_hash', q.hash, 'session_uid', s.uid,"
     " 'started_at', r.started_at, 'finished_at', r.finished_at)), count(*)"
     " FROM " OUTBOX("responses", "responses r ON r.uid = o.row_uid")
     " JOIN responses r ON r.uid = o.uid JOIN students st ON st.id = r.student_id"
     " JOIN questionnaires q ON q.id = r.questionnaire_id"
     " LEFT JOIN sessions s ON s.id = r.session_id",
     {"INSERT INTO stagekiosk.responses AS t (uid, student_number, questionnaire_name,"
      " questionnaire_hash, session_uid, started_at, finished_at) SELECT uid, student_number,"
      " questionnaire_name, questionnaire_hash, session_uid, started_at, finished_at FROM"
      " jsonb_to_recordset($1::jsonb) AS x(uid text, student_number text,"
      " questionnaire_name text, questionnaire_hash text, session_uid text, started_at bigint,"
      " finished_at bigint, n integer) WHERE x.n > 0 ON CONFLICT (uid) DO UPDATE"
      " SET finished_at = coalesce(excluded.finished_at, t.finished_at)"
      " WHERE t.finished_at IS DISTINCT FROM coalesce(excluded.finished_at, t.finished_at)",
      /* noted when sync was switched on: only what the server lacks */
      "INSERT INTO stagekiosk.responses AS t (uid, student_number, questionnaire_name,"
      " questionnaire_hash, session_uid, started_at, finished_at) SELECT uid, student_number,"
      " questionnaire_name, questionnaire_hash, session_uid, started_at, finished_at FROM"
      " jsonb_to_recordset($1::jsonb) AS x(uid text, student_number text,"
      " questionnaire_name text, questionnaire_hash text, session_uid text, started_at bigint,"
      " finished_at bigint, n integer) WHERE x.n = 0 ON CONFLICT DO NOTHING"},
     PULL("responses", "t.uid, t.student_number, t.questionnaire_name, t.questionnaire_hash,"
          " t.session_uid, t.started_at, t.finished_at",
          "WHERE t.student_number IN " KNOWN_STUDENTS),
     {"UPDATE responses SET finished_at = coalesce(j.finished_at, responses.finished_at)"
      " FROM " RESPONSE_J " WHERE responses.uid = j.uid AND j.finished_at IS NOT NULL"
      " AND responses.finished_at IS NULL AND responses.uid NOT IN " WAITING("responses"),
      "INSERT INTO responses(uid, student_id, questionnaire_id, session_id, started_at,"
      " finished_at, origin) SELECT j.uid, st.id, (SELECT q.id FROM questionnaires q"
      " WHERE q.name = j.questionnaire_name AND q.hash = j.questionnaire_hash"
      " ORDER BY q.version LIMIT 1), (SELECT id FROM sessions WHERE uid = j.session_uid),"
      " j.started_at, j.finished_at, j.origin FROM " RESPONSE_J
      " JOIN students st ON st.number = j.student_number"
      " WHERE j.uid NOT IN (SELECT uid FROM responses) ON CONFLICT DO NOTHING"},
     GONE("responses"), NULL, NULL, 0x3},

    /* One answer per (response, item) everywhere; the newest push wins. */
    {"answers", "antwoorden",
     "SELECT json_group_array(json_object('uid', a.uid, 'n', o.n, 'response_uid', r.uid,"
     " 'item_key', a.item_key, 'value_num', a.value_num, 'value_text', a.value_text,"
     " 'answered_at', a.answered_at)), count(*)"
     " FROM " OUTBOX("answers", "answers a ON a.uid = o.row_uid")
     " JOIN answers a ON a.uid = o.uid JOIN responses r ON r.id = a.response_id",
     {"INSERT INTO stagekiosk.answers AS t (response_uid, item_key, uid, value_num, value_text,"
      " answered_at) SELECT response_uid, item_key, uid, value_num, value_text, answered_at"
      " FROM jsonb_to_recordset($1::jsonb) AS x(uid text, response_uid text, item_key text,"
      " value_num bigint, value_text text, answered_at bigint, n integer) WHERE x.n > 0"
      " ON CONFLICT (response_uid, item_key) DO UPDATE SET uid = excluded.uid,"
      " value_num = excluded.value_num, value_text = excluded.value_text,"
      " answered_at = excluded.answered_at WHERE (t.uid, t.value_num, t.value_text,"
      " t.answered_at) IS DISTINCT FROM (excluded.uid, excluded.value_num,"
      " excluded.value_text, excluded.answered_at)",
      /* noted when sync was switched on: only what the server lacks */
      "INSERT INTO stagekiosk.answers AS t (response_uid, item_key, uid, value_num, value_text,"
      " answered_at) SELECT response_uid, item_key, uid, value_num, value_text, answered_at"
      " FROM jsonb_to_recordset($1::jsonb) AS x(uid text, response_uid text, item_key text,"
      " value_num bigint, value_text text, answered_at bigint, n integer) WHERE x.n = 0 ON CONFLICT DO NOTHING"},
     PULL("answers", "t.uid, t.response_uid, t.item_key, t.value_num, t.value_text, t.answered_at",
          "JOIN stagekiosk.responses r ON r.uid = t.response_uid"
          " WHERE r.student_number IN " KNOWN_STUDENTS),
     {"UPDATE answers SET uid = j.uid, value_num = j.value_num, value_text = j.value_text,"
      " answered_at = j.answered_at FROM " ANSWER_J " JOIN responses r ON r.uid = j.response_uid"
      " WHERE answers.response_id = r.id AND answers.item_key = j.item_key"
      " AND answers.uid NOT IN " WAITING("answers") " AND (answers.uid, answers.value_num,"
      " answers.value_text, answers.answered_at) IS NOT (j.uid, j.value_num, j.value_text,"
      " j.answered_at)",
      "INSERT INTO answers(uid, response_id, item_key, value_num, value_text, answered_at,"
      " origin) SELECT j.uid, r.id, j.item_key, j.value_num, j.value_text, j.answered_at,"
      " j.origin FROM " ANSWER_J " JOIN responses r ON r.uid = j.response_uid"
      " WHERE true ON CONFLICT DO NOTHING"},
     GONE("answers"), NULL, NULL, 0x3},

    {"learning_goals", "leerdoelen",
     "SELECT json_group_array(json_object('uid', g.uid, 'n', o.n, 'student_number', st.number,"
     " 'response_uid', r.uid, 'text', g.text, 'by_when', g.by_when, 'proof', g.proof,"
     " 'status', g.status, 'created_at', g.created_at, 'updated_at', g.updated_at)), count(*)"
     " FROM " OUTBOX("learning_goals", "learning_goals g ON g.uid = o.row_uid")
     " JOIN learning_goals g ON g.uid = o.uid JOIN students st ON st.id = g.student_id"
     " LEFT JOIN responses r ON r.id = g.response_id",
     {"INSERT INTO stagekiosk.learning_goals AS t (uid, student_number, response_uid, text,"
      " by_when, proof, status, created_at, updated_at) SELECT uid, student_number,"
      " response_uid, text, by_when, proof, status, created_at, updated_at FROM"
      " jsonb_to_recordset($1::jsonb) AS x(uid text, student_number text, response_uid text,"
      " text text, by_when text, proof text, status text, created_at bigint, updated_at bigint, n integer) WHERE x.n > 0"
      " ON CONFLICT (uid) DO UPDATE SET text = excluded.text, by_when = excluded.by_when,"
      " proof = excluded.proof, status = excluded.status, updated_at = excluded.updated_at"
      " WHERE (t.text, t.by_when, t.proof, t.status, t.updated_at) IS DISTINCT FROM"
      " (excluded.text, excluded.by_when, excluded.proof, excluded.status, excluded.updated_at)",
      /* noted when sync was switched on: only what the server lacks */
      "INSERT INTO stagekiosk.learning_goals AS t (uid, student_number, response_uid, text,"
      " by_when, proof, status, created_at, updated_at) SELECT uid, student_number,"
      " response_uid, text, by_when, proof, status, created_at, updated_at FROM"
      " jsonb_to_recordset($1::jsonb) AS x(uid text, student_number text, response_uid text,"
      " text text, by_when text, proof text, status text, created_at bigint, updated_at bigint, n integer) WHERE x.n = 0 ON CONFLICT DO NOTHING"},
     PULL("learning_goals", "t.uid, t.student_number, t.response_uid, t.text, t.by_when, t.proof, t.status,"
          " t.created_at, t.updated_at",
          "WHERE t.student_number IN " KNOWN_STUDENTS),
     {"UPDATE learning_goals SET text = j.text, by_when = j.by_when, proof = j.proof,"
      " status = j.status, updated_at = j.updated_at FROM " GOAL_J
      " WHERE learning_goals.uid = j.uid AND learning_goals.uid NOT IN "
      WAITING("learning_goals") " AND (learning_goals.text, learning_goals.by_when,"
      " learning_goals.proof, learning_goals.status, learning_goals.updated_at) IS NOT"
      " (j.text, j.by_when, j.proof, j.status, j.updated_at)",
      "INSERT INTO learning_goals(uid, student_id, response_id, text, by_when, proof, status,"
      " created_at, updated_at, origin) SELECT j.uid, st.id, (SELECT id FROM responses"
      " WHERE uid = j.response_uid), j.text, j.by_when, j.proof, j.status, j.created_at,"
      " j.updated_at, j.origin FROM " GOAL_J " JOIN students st ON st.number = j.student_number"
      " WHERE j.uid NOT IN (SELECT uid FROM learning_goals) ON CONFLICT DO NOTHING"},
     GONE("learning_goals"), NULL, NULL, 0x3},

    /* A signal marked "besproken": one row per mark, never changed. */
    {"signal_talks", "besproken signalen",
     "SELECT json_group_array(json_object('uid', k.uid, 'n', o.n, 'student_number', st.number,"
     " 'kind', k.kind, 'cause_at', k.cause_at, 'at', k.at)), count(*)"
     " FROM " OUTBOX("signal_talks", "signal_talks k ON k.uid = o.row_uid")
     " JOIN signal_talks k ON k.uid = o.uid JOIN students st ON st.id = k.student_id",
     {"INSERT INTO stagekiosk.signal_talks (uid, student_number, kind, cause_at, at)"
      " SELECT uid, student_number, kind, cause_at, at FROM jsonb_to_recordset($1::jsonb)"
      " AS x(uid text, student_number text, kind integer, cause_at bigint, at bigint, n integer)"
      " ON CONFLICT (uid) DO NOTHING"},
     PULL("signal_talks", "t.uid, t.student_number, t.kind, t.cause_at, t.at",
          "WHERE t.student_number IN " KNOWN_STUDENTS),
     {"INSERT INTO signal_talks(uid, student_id, kind, cause_at, at, origin) SELECT j.uid,"
      " st.id, j.kind, j.cause_at, j.at, j.origin FROM " TALK_J
      " JOIN students st ON st.number = j.student_number"
      " WHERE j.uid NOT IN (SELECT uid FROM signal_talks) ON CONFLICT DO NOTHING"},
     GONE("signal_talks"), NULL, NULL, 0x1},

    /* A poll set version is its name and content (hash); questions ride along. */
    {"poll_sets", "pollsets",
     "SELECT json_group_array(json_object('uid', ps.uid, 'n', o.n, 'name', ps.name,"
     " 'hash', ps.hash, 'title', ps.title, 'loaded_at', ps.loaded_at,"
     " 'questions', json((SELECT json_group_array(json_object('number', q.number,"
     " 'text', q.text, 'options', json((SELECT json_group_array(json_object("
     " 'number', op.number, 'label', op.label)) FROM (SELECT * FROM poll_options"
     " WHERE question_id = q.id ORDER BY number) op)))) FROM (SELECT * FROM poll_questions"
     " WHERE set_id = ps.id ORDER BY number) q)))), count(*)"
     " FROM " OUTBOX("poll_sets", "poll_sets ps ON ps.uid = o.row_uid")
     " JOIN poll_sets ps ON ps.uid = o.uid",
     {"INSERT INTO stagekiosk.poll_sets (name, hash, title, loaded_at, questions)"
      " SELECT name, hash, title, loaded_at, questions FROM jsonb_to_recordset($1::jsonb)"
      " AS x(name text, hash text, title text, loaded_at bigint, questions jsonb)"
      " ON CONFLICT DO NOTHING"},
     PULL("poll_sets", "t.name, t.hash, t.title, t.loaded_at, t.questions",
          "WHERE $2::jsonb IS NOT NULL"),
     {"INSERT INTO poll_sets(uid, name, version, title, source, hash, loaded_at)"
      " SELECT lower(hex(randomblob(16))), j.name, (SELECT coalesce(max(m.version), 0)"
      " FROM poll_sets m WHERE m.name = j.name) + row_number() OVER"
      " (PARTITION BY j.name ORDER BY j.seq), j.title, '', j.hash, j.loaded_at"
      " FROM (SELECT " F("name") ", " F("hash") ", " F("title") ", " F("loaded_at") ", "
      F("seq") " FROM json_each(?1)) j WHERE NOT EXISTS (SELECT 1 FROM poll_sets m"
      " WHERE m.name = j.name AND m.hash = j.hash)",
      "INSERT INTO poll_questions(set_id, number, text) SELECT ps.id, q.value->>'number',"
      " q.value->>'text' FROM json_each(?1) j JOIN poll_sets ps ON ps.name = j.value->>'name'"
      " AND ps.hash = j.value->>'hash', json_each(j.value->'questions') q"
      " WHERE true ON CONFLICT DO NOTHING",
      "INSERT INTO poll_options(question_id, number, label) SELECT pq.id, op.value->>'number',"
      " op.value->>'label' FROM json_each(?1) j JOIN poll_sets ps"
      " ON ps.name = j.value->>'name' AND ps.hash = j.value->>'hash',"
      " json_each(j.value->'questions') q JOIN poll_questions pq ON pq.set_id = ps.id"
      " AND pq.number = q.value->>'number', json_each(q.value->'options') op"
      " WHERE true ON CONFLICT DO NOTHING"},
     GONE("poll_sets"), NULL, NULL, 0x1},

    /* A poll travels once it is closed: its result as votes per option,
     * a verified poll's voters apart, in student-number order (HACKING.md
     * "Verified polls"); never single votes or ballots. */
    {"polls", "polls",
     "SELECT json_group_array(json_object('uid', p.uid, 'n', o.n, 'set_name', ps.name,"
     " 'set_hash', ps.hash, 'question_number', q.number, 'session_uid', s.uid,"
     " 'verified', p.verified, 'opened_at', p.opened_at, 'revealed_at', p.revealed_at,"
     " 'closed_at', p.closed_at, 'rejected', p.rejected,"
     " 'results', json((SELECT json_group_array(json_object('option', option, 'votes', c))"
     " FROM (SELECT option, count(*) AS c FROM (SELECT option FROM votes WHERE poll_id = p.id"
     " UNION ALL SELECT option FROM poll_ballots WHERE poll_id = p.id) GROUP BY option))),"
     " 'voters', json((SELECT json_group_array(number) FROM (SELECT st.number"
     " FROM poll_voters v JOIN students st ON st.id = v.student_id WHERE v.poll_id = p.id"
     " ORDER BY st.number))))), count(*)"
     " FROM " OUTBOX("polls", "polls p ON p.uid = o.row_uid AND p.closed_at IS NOT NULL")
     " JOIN polls p ON p.uid = o.uid JOIN poll_questions q ON q.id = p.question_id"
     " JOIN poll_sets ps ON ps.id = q.set_id LEFT JOIN sessions s ON s.id = p.session_id",
     {"INSERT INTO stagekiosk.polls AS t (uid, set_name, set_hash, question_number,"
      " session_uid, verified, opened_at, revealed_at, closed_at, rejected) SELECT uid,"
      " set_name, set_hash, question_number, session_uid, verified, opened_at, revealed_at,"
      " closed_at, rejected FROM jsonb_to_recordset($1::jsonb) AS x(uid text, set_name text,"
      " set_hash text, question_number integer, session_uid text, verified integer,"
      " opened_at bigint, revealed_at bigint, closed_at bigint, rejected integer, n integer) WHERE x.n > 0"
      " ON CONFLICT (uid) DO UPDATE SET revealed_at = excluded.revealed_at,"
      " rejected = excluded.rejected WHERE (t.revealed_at, t.rejected) IS DISTINCT FROM"
      " (excluded.revealed_at, excluded.rejected)",
      /* noted when sync was switched on: only what the server lacks */
      "INSERT INTO stagekiosk.polls AS t (uid, set_name, set_hash, question_number,"
      " session_uid, verified, opened_at, revealed_at, closed_at, rejected) SELECT uid,"
      " set_name, set_hash, question_number, session_uid, verified, opened_at, revealed_at,"
      " closed_at, rejected FROM jsonb_to_recordset($1::jsonb) AS x(uid text, set_name text,"
      " set_hash text, question_number integer, session_uid text, verified integer,"
      " opened_at bigint, revealed_at bigint, closed_at bigint, rejected integer, n integer) WHERE x.n = 0 ON CONFLICT DO NOTHING",
      "INSERT INTO stagekiosk.poll_results (poll_uid, option, votes)"
      " SELECT x.uid, (e->>'option')::integer, (e->>'votes')::integer"
      " FROM jsonb_to_recordset($1::jsonb) AS x(uid text, results jsonb),"
      " jsonb_array_elements(x.results) e ORDER BY 1, 2 ON CONFLICT DO NOTHING",
      "INSERT INTO stagekiosk.poll_voters (poll_uid, student_number)"
      " SELECT x.uid, v FROM jsonb_to_recordset($1::jsonb) AS x(uid text, voters jsonb),"
      " jsonb_array_elements_text(x.voters) v ORDER BY 1, 2 ON CONFLICT DO NOTHING"},
     PULL("polls", "t.uid, t.set_name, t.set_hash, t.question_number, t.session_uid, t.verified,"
          " t.opened_at, t.revealed_at, t.closed_at, t.rejected,"
          " (SELECT coalesce(jsonb_agg(jsonb_build_object('option', r.option, 'votes', r.votes)),"
          " '[]') FROM stagekiosk.poll_results r WHERE r.poll_uid = t.uid) AS results,"
          " (SELECT coalesce(jsonb_agg(v.student_number ORDER BY v.student_number), '[]')"
          " FROM stagekiosk.poll_voters v WHERE v.poll_uid = t.uid) AS voters",
          "WHERE (t.session_uid IS NULL OR t.session_uid IN"
          " (SELECT uid FROM stagekiosk.sessions WHERE group_name IN " KNOWN_GROUPS "))"),
     {"DELETE FROM temp.sync_new",
      "INSERT INTO temp.sync_new(uid) SELECT value->>'uid' FROM json_each(?1)"
      " WHERE value->>'uid' NOT IN (SELECT uid FROM polls)",
      "INSERT INTO polls(uid, question_id, session_id, verified, opened_at, revealed_at,"
      " closed_at, rejected, origin) SELECT j.uid, (SELECT q.id FROM poll_questions q"
      " JOIN poll_sets s ON s.id = q.set_id WHERE s.name = j.set_name AND s.hash = j.set_hash"
      " AND q.number = j.question_number ORDER BY s.version LIMIT 1),"
      " (SELECT id FROM sessions WHERE uid = j.session_uid), j.verified, j.opened_at,"
      " j.revealed_at, j.closed_at, j.rejected, j.origin FROM " POLL_J
      " WHERE j.uid IN " NEW_POLLS,
      POLL_VOTES("0") " INSERT INTO votes(poll_id, option, at_ms, source)"
      " SELECT r.poll_id, r.option, p.closed_at * 1000, 'button' FROM r"
      " JOIN polls p ON p.id = r.poll_id",
      POLL_VOTES("1") " INSERT INTO poll_ballots(id, poll_id, option)"
      " SELECT abs(random() % 9223372036854775807), poll_id, option FROM r",
      "INSERT INTO poll_voters(poll_id, student_id) SELECT p.id, st.id FROM json_each(?1) j"
      " JOIN polls p ON p.uid = j.value->>'uid', json_each(j.value->'voters') v"
      " JOIN students st ON st.number = v.value WHERE p.uid IN " NEW_POLLS
      " ORDER BY st.number ON CONFLICT DO NOTHING"},
     GONE("polls"), NULL, NULL, 0x4},
};

const int db_sync_table_count = (int)(sizeof db_sync_tables / sizeof db_sync_tables[0]);
