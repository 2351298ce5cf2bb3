/* db_sheet.c: the sheets of an export (see db_sheet.h): what each holds
 * and the SQL that fills it. */
#include "db/db_sheet.h"
#include "db/db_signal.h"

#include <stdlib.h>

/* Which kiosk recorded a row: its name on the school database (the login
 * role) for rows that came from another kiosk, this kiosk's own name once
 * it synced, else "deze kiosk". */
#define KIOSK(origin)                                                                      \
    "coalesce(nullif(" origin ", ''), (SELECT nullif(me, '') FROM sync_state), 'deze kiosk')"

/* Attendance: for every session, every student of its group (absent when
 * there is no check-in) plus guests from other groups who checked in. */
static const char attendance_sql[] =
    "WITH roster(session_id, student_id) AS ("
    "  SELECT se.id, st.id FROM sessions se JOIN students st ON st.group_id = se.group_id"
    "  UNION SELECT session_id, student_id FROM checkins)"
    " SELECT se.title, se.kind, se.started_at, se.started_at, g.name, st.number,"
    "  st.first_name || CASE WHEN st.prefix <> '' THEN ' ' || st.prefix ELSE '' END"
    "   || ' ' || st.last_name,"
    "  coalesce(sg.name, ''),"
    "  CASE WHEN c.id IS NULL THEN 'afwezig' WHEN c.late THEN 'te laat' ELSE 'aanwezig' END,"
    "  c.at,"
    "  CASE c.how WHEN 'scan' THEN 'pas' WHEN 'hand' THEN 'met de hand' ELSE '' END,"
    "  coalesce(c.by_whom, ''), coalesce(c.reason, ''), " KIOSK("coalesce(c.origin, se.origin)")
    " FROM roster r JOIN sessions se ON se.id = r.session_id"
    " JOIN groups g ON g.id = se.group_id"
    " JOIN students st ON st.id = r.student_id"
    " LEFT JOIN groups sg ON sg.id = st.group_id"
    " LEFT JOIN checkins c ON c.session_id = r.session_id AND c.student_id = r.student_id"
    " ORDER BY se.started_at, se.id, st.last_name, st.first_name, st.number";

#define FULL_NAME                                                              \
    "st.first_name || CASE WHEN st.prefix <> '' THEN ' ' || st.prefix ELSE '' END" \
    " || ' ' || st.last_name"

/* Zelfscans and weekchecks: one row per answer; ?1 is the questionnaire's
 * soort. */
static const char answers_sql[] =
    "SELECT coalesce(r.finished_at, r.started_at), st.number, " FULL_NAME ","
    " q.title, q.version, CASE WHEN r.finished_at IS NULL THEN 'nee' ELSE 'ja' END,"
    " a.item_key, coalesce(qi.category, ''), coalesce(a.value_num, a.value_text), "
    KIOSK("r.origin") " FROM responses r JOIN questionnaires q ON q.id = r.questionnaire_id AND q.kind = ?1"
    " JOIN students st ON st.id = r.student_id JOIN answers a ON a.response_id = r.id"
    " LEFT JOIN questionnaire_items qi ON qi.questionnaire_id = q.id AND qi.key = a.item_key"
    " ORDER BY st.last_name, st.first_name, st.number, r.started_at, r.id, qi.position,"
    " a.item_key";

/* Intake answers and learning goals, per student. */
static const char intake_sql[] =
    "SELECT coalesce(r.finished_at, r.started_at), st.number, " FULL_NAME ", 'antwoord',"
    " a.item_key, coalesce(a.value_text, a.value_num), '', '',"
    " CASE WHEN r.finished_at IS NULL THEN 'niet af' ELSE 'af' END, " KIOSK("r.origin") ","
    " st.last_name, st.first_name"
    " FROM responses r JOIN questionnaires q ON q.id = r.questionnaire_id AND q.kind = 'intake'"
    " JOIN students st ON st.id = r.student_id JOIN answers a ON a.response_id = r.id"
    " UNION ALL"
    " SELECT g.created_at, st.number, " FULL_NAME ", 'leerdoel', '', g.text, g.by_when,"
    " g.proof, g.status, " KIOSK("g.origin") ", st.last_name, st.first_name"
    " FROM learning_goals g JOIN students st ON st.id = g.student_id"
    " ORDER BY 11, 12, 2, 1, 4";

/* Polls, counted: open votes and verified ballots together. Fewer than 5
 * votes show only the total, as on the screen, so a small group stays
 * anonymous. */
static const char polls_sql[] =
    "WITH c(poll_id, option, n) AS (SELECT poll_id, option, count(*) FROM"
    "  (SELECT poll_id, option FROM votes UNION ALL SELECT poll_id, option FROM poll_ballots)"
    "  GROUP BY poll_id, option),"
    " t(poll_id, total) AS (SELECT poll_id, sum(n) FROM c GROUP BY poll_id)"
    " SELECT p.opened_at, p.opened_at, coalesce(g.name, ''), coalesce(se.title, ''), pq.text,"
    " po.number, po.label,"
    " CASE WHEN coalesce(t.total, 0) >= 5 THEN coalesce(c.n, 0) END, coalesce(t.total, 0),"
    " CASE WHEN coalesce(t.total, 0) >= 5 THEN round(100.0 * coalesce(c.n, 0) / t.total, 1) END,"
    " " KIOSK("p.origin") " FROM polls p JOIN poll_questions pq ON pq.id = p.question_id"
    " JOIN poll_options po ON po.question_id = pq.id"
    " LEFT JOIN c ON c.poll_id = p.id AND c.option = po.number"
    " LEFT JOIN t ON t.poll_id = p.id"
    " LEFT JOIN sessions se ON se.id = p.session_id LEFT JOIN groups g ON g.id = se.group_id"
    " ORDER BY p.opened_at, p.id, po.number";

static int signals_prepare(struct db *snap);

static const char signals_sql[] =
    "SELECT at, number, name, grp, kind, reason FROM temp.export_signals ORDER BY rowid";

const struct db_sheet db_sheet_table[] = {
    {"Aanwezigheid", "aanwezigheid.csv", "checkins", attendance_sql,
     {{"Bijeenkomst", DB_SHEET_TEXT, 28}, {"Soort", DB_SHEET_TEXT, 13}, {"Datum", DB_SHEET_DATE, 11},
      {"Begin", DB_SHEET_TIME, 7}, {"Groep", DB_SHEET_TEXT, 10}, {"Studentnummer", DB_SHEET_TEXT, 14},
      {"Naam", DB_SHEET_TEXT, 28}, {"Eigen klas", DB_SHEET_TEXT, 10}, {"Status", DB_SHEET_TEXT, 10},
      {"Tijd", DB_SHEET_TIME, 7}, {"Hoe", DB_SHEET_TEXT, 12}, {"Door", DB_SHEET_TEXT, 14},
      {"Reden", DB_SHEET_TEXT, 30}, {"Kiosk", DB_SHEET_TEXT, 14}},
     NULL, NULL},
    {"Zelfscans", "zelfscans.csv", "answers", answers_sql,
     {{"Datum", DB_SHEET_DATE, 11}, {"Studentnummer", DB_SHEET_TEXT, 14}, {"Naam", DB_SHEET_TEXT, 28},
      {"Vragenlijst", DB_SHEET_TEXT, 24}, {"Versie", DB_SHEET_NUMBER, 7}, {"Afgerond", DB_SHEET_TEXT, 9},
      {"Vraag", DB_SHEET_TEXT, 20}, {"Competentie", DB_SHEET_TEXT, 20}, {"Antwoord", DB_SHEET_NUMBER, 9},
      {"Kiosk", DB_SHEET_TEXT, 14}},
     "zelfscan", NULL},
    {"Weekchecks", "weekchecks.csv", "answers", answers_sql,
     {{"Datum", DB_SHEET_DATE, 11}, {"Studentnummer", DB_SHEET_TEXT, 14}, {"Naam", DB_SHEET_TEXT, 28},
      {"Vragenlijst", DB_SHEET_TEXT, 24}, {"Versie", DB_SHEET_NUMBER, 7}, {"Afgerond", DB_SHEET_TEXT, 9},
      {"Vraag", DB_SHEET_TEXT, 20}, {"Categorie", DB_SHEET_TEXT, 14}, {"Antwoord", DB_SHEET_NUMBER, 9},
      {"Kiosk", DB_SHEET_TEXT, 14}},
     "weekcheck", NULL},
    {"Intake en leerdoelen", "intake-en-leerdoelen.csv", "learning_goals", intake_sql,
     {{"Datum", DB_SHEET_DATE, 11}, {"Studentnummer", DB_SHEET_TEXT, 14}, {"Naam", DB_SHEET_TEXT, 28},
      {"Soort", DB_SHEET_TEXT, 10}, {"Vraag", DB_SHEET_TEXT, 20}, {"Antwoord of leerdoel", DB_SHEET_TEXT, 50},
      {"Wanneer", DB_SHEET_TEXT, 16}, {"Hoe zie je dat", DB_SHEET_TEXT, 30}, {"Status", DB_SHEET_TEXT, 10},
      {"Kiosk", DB_SHEET_TEXT, 14}},
     NULL, NULL},
    {"Polls", "polls.csv", "poll_ballots", polls_sql,
     {{"Datum", DB_SHEET_DATE, 11}, {"Tijd", DB_SHEET_TIME, 7}, {"Groep", DB_SHEET_TEXT, 10},
      {"Bijeenkomst", DB_SHEET_TEXT, 24}, {"Vraag", DB_SHEET_TEXT, 44}, {"Nr", DB_SHEET_NUMBER, 4},
      {"Antwoord", DB_SHEET_TEXT, 24}, {"Stemmen", DB_SHEET_NUMBER, 9}, {"Totaal", DB_SHEET_NUMBER, 8},
      {"Procent", DB_SHEET_NUMBER, 9}, {"Kiosk", DB_SHEET_TEXT, 14}},
     NULL, NULL},
    {"Signalen", "signalen.csv", "learning_goals", signals_sql,
     {{"Datum", DB_SHEET_DATE, 11}, {"Studentnummer", DB_SHEET_TEXT, 14}, {"Naam", DB_SHEET_TEXT, 28},
      {"Klas", DB_SHEET_TEXT, 10}, {"Signaal", DB_SHEET_TEXT, 18}, {"Waarom", DB_SHEET_TEXT, 70}},
     NULL, signals_prepare},
};

_Static_assert(sizeof db_sheet_table / sizeof db_sheet_table[0] == DB_SHEET_COUNT,
               "DB_SHEET_COUNT is the number of rows of db_sheet_table");

/* Signals are computed (db_signal.c), not stored: compute them on the
 * snapshot into a temp table for signals_sql. */
static int signals_prepare(struct db *snap)
{
    static const char *const kinds[] = {
        [DB_SIGNAL_WEEKCHECK] = "Weekcheck",     [DB_SIGNAL_SCORE_DROP] = "Score gedaald",
        [DB_SIGNAL_ABSENT] = "Afwezig",          [DB_SIGNAL_NO_INTAKE] = "Geen intake",
        [DB_SIGNAL_NO_GOALS] = "Geen leerdoelen",
    };
    if (db_exec(snap, "CREATE TEMP TABLE IF NOT EXISTS export_signals(at INTEGER,"
                      " number TEXT, name TEXT, grp TEXT, kind TEXT, reason TEXT)") != 0)
        return -1;
    struct db_signal *list = NULL;
    int n = db_signal_list(snap, 0, &list);
    if (n < 0)
        return -1;
    int rc = 0;
    for (int i = 0; i < n && rc == 0; i++) {
        sqlite3_stmt *st = db_stmt(snap, "INSERT INTO temp.export_signals"
                                         " VALUES (nullif(?1, 0), ?2, ?3, ?4, ?5, ?6)");
        if (!st) {
            rc = -1;
            break;
        }
        unsigned k = (unsigned)list[i].kind;
        sqlite3_bind_int64(st, 1, list[i].at);
        sqlite3_bind_text(st, 2, list[i].number, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 3, list[i].name, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 4, list[i].group, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 5, k < sizeof kinds / sizeof kinds[0] && kinds[k] ? kinds[k] : "",
                          -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 6, list[i].reason, -1, SQLITE_STATIC);
        rc = db_step_done(st);
    }
    free(list);
    return rc;
}

int db_sheet_ncols(const struct db_sheet *s)
{
    int n = 0;
    while (n < DB_SHEET_COLS_MAX && s->cols[n].header)
        n++;
    return n;
}
