/* db_sheet.c: the sheets of an export (see db_sheet.h): what each holds
 * and the SQL that fills it. */
#include "db/db_sheet.h"
#include "db/db_signal.h"

#include "base/log.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Excel's longest cell text, in bytes here (a safe bound for characters). */
#define XLSX_TEXT_MAX 32767

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
    "  CASE WHEN c.id IS NOT NULL THEN CASE WHEN c.late THEN 'te laat' ELSE 'aanwezig' END"
    "   WHEN se.ended_at IS NULL THEN 'nog niet binnen' ELSE 'afwezig' END,"
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
    "SELECT at, number, name, grp, kind, reason,"
    " CASE WHEN talked THEN strftime('%d-%m-%Y %H:%M', talked, 'unixepoch', 'localtime')"
    "  ELSE '' END FROM temp.export_signals ORDER BY rowid";

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
      {"Klas", DB_SHEET_TEXT, 10}, {"Signaal", DB_SHEET_TEXT, 18}, {"Waarom", DB_SHEET_TEXT, 70},
      {"Besproken", DB_SHEET_TEXT, 17}},
     NULL, signals_prepare},
};

_Static_assert(sizeof db_sheet_table / sizeof db_sheet_table[0] == DB_SHEET_COUNT,
               "DB_SHEET_COUNT is the number of rows of db_sheet_table");

/* Signals are computed (db_signal.c), not stored: compute them on the
 * snapshot into a temp table for signals_sql, with the ones a teacher
 * marked "besproken" and when. */
static int signals_prepare(struct db *snap)
{
    static const char *const kinds[] = {
        [DB_SIGNAL_WEEKCHECK] = "Weekcheck",     [DB_SIGNAL_SCORE_DROP] = "Score gedaald",
        [DB_SIGNAL_ABSENT] = "Afwezig",          [DB_SIGNAL_NO_INTAKE] = "Geen intake",
        [DB_SIGNAL_NO_GOALS] = "Geen leerdoelen",
    };
    if (db_exec(snap, "CREATE TEMP TABLE IF NOT EXISTS export_signals(at INTEGER,"
                      " number TEXT, name TEXT, grp TEXT, kind TEXT, reason TEXT,"
                      " talked INTEGER)") != 0)
        return -1;
    struct db_signal *list = NULL;
    int n = db_signal_list_all(snap, 0, &list);
    if (n < 0)
        return -1;
    int rc = 0;
    for (int i = 0; i < n && rc == 0; i++) {
        sqlite3_stmt *st = db_stmt(snap, "INSERT INTO temp.export_signals"
                                         " VALUES (nullif(?1, 0), ?2, ?3, ?4, ?5, ?6, ?7)");
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
        sqlite3_bind_int64(st, 7, list[i].discussed_at);
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

/* ---- writing a sheet ---------------------------------------------------- */

struct writer {
    const struct db_sheet_out *out;
    int failed;
    enum db_sheet_fault fault;
    char *err;
    size_t errlen;
};

static void fail(struct writer *w, enum db_sheet_fault fault, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Keeps the first failure; later ones are its consequences. */
static void fail(struct writer *w, enum db_sheet_fault fault, const char *fmt, ...)
{
    if (w->failed)
        return;
    w->failed = 1;
    w->fault = fault;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(w->err, w->errlen, fmt, ap);
    va_end(ap);
}

static int put(struct writer *w, const void *data, size_t n)
{
    if (w->failed)
        return -1;
    if (w->out->write(w->out->user, data, n) != 0) {
        fail(w, DB_SHEET_STOPPED, "stopped");
        return -1;
    }
    return 0;
}

static int puts_csv(struct writer *w, const char *s)
{
    return put(w, s, strlen(s));
}

static void local_tm(int64_t t, struct tm *tm)
{
    time_t tt = (time_t)t;
    localtime_r(&tt, tm);
}

/* CSV: quote a field that holds ; " CR or LF; a text that starts like a
 * formula gets a leading ' so Excel shows it instead of running it. */
static int csv_text(struct writer *w, const char *s)
{
    int formula = s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' ||
                  s[0] == '\r';
    int quote = strpbrk(s, ";\"\r\n") != NULL;
    if (!quote && !formula)
        return puts_csv(w, s);
    if (quote && puts_csv(w, "\"") != 0)
        return -1;
    if (formula && puts_csv(w, "'") != 0)
        return -1;
    for (const char *p = s; *p; p++) {
        const char *q = strchr(p, '"');
        size_t n = q ? (size_t)(q - p) : strlen(p);
        if (put(w, p, n) != 0)
            return -1;
        p += n;
        if (!q)
            break;
        if (puts_csv(w, "\"\"") != 0)
            return -1;
    }
    return quote ? puts_csv(w, "\"") : 0;
}

/* Excel refuses strings over 32,767 characters: cut at a UTF-8 boundary. */
static const char *xlsx_text(const char *s, char *buf, size_t buflen)
{
    size_t n = strlen(s);
    if (n <= XLSX_TEXT_MAX)
        return s;
    n = buflen - 1 < XLSX_TEXT_MAX ? buflen - 1 : XLSX_TEXT_MAX;
    while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
        n--;
    memcpy(buf, s, n);
    buf[n] = '\0';
    return buf;
}

static int write_header(struct writer *w, lxw_worksheet *ws, const struct db_sheet *s, int ncols,
                        const struct db_sheet_formats *fmt)
{
    for (int c = 0; c < ncols; c++) {
        worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, s->cols[c].width, NULL);
        if (worksheet_write_string(ws, 0, (lxw_col_t)c, s->cols[c].header, fmt->header) !=
            LXW_NO_ERROR) {
            fail(w, DB_SHEET_WORKBOOK, "cannot write the header of sheet %s", s->name);
            return -1;
        }
        if ((c > 0 && puts_csv(w, ";") != 0) || csv_text(w, s->cols[c].header) != 0)
            return -1;
    }
    worksheet_freeze_panes(ws, 1, 0);
    return puts_csv(w, "\r\n");
}

static int write_cell(struct writer *w, lxw_worksheet *ws, lxw_row_t row, int c,
                      enum db_sheet_type type, sqlite3_stmt *st,
                      const struct db_sheet_formats *fmt)
{
    lxw_col_t col = (lxw_col_t)c;
    int kind = sqlite3_column_type(st, c);
    if (c > 0 && puts_csv(w, ";") != 0)
        return -1;
    if (kind == SQLITE_NULL)
        return 0;
    lxw_error xe = LXW_NO_ERROR;
    char text[64];
    if (type == DB_SHEET_TEXT || (type == DB_SHEET_NUMBER && kind == SQLITE_TEXT)) {
        static char cut[XLSX_TEXT_MAX + 1];
        const char *s = (const char *)sqlite3_column_text(st, c);
        if (!*s)
            return 0;
        xe = worksheet_write_string(ws, row, col, xlsx_text(s, cut, sizeof cut), NULL);
        if (csv_text(w, s) != 0)
            return -1;
    } else if (type == DB_SHEET_NUMBER) {
        double v = sqlite3_column_double(st, c);
        xe = worksheet_write_number(ws, row, col, v, NULL);
        if (kind == SQLITE_INTEGER) {
            snprintf(text, sizeof text, "%lld", (long long)sqlite3_column_int64(st, c));
        } else {
            /* Dutch Excel reads a decimal comma. */
            snprintf(text, sizeof text, "%.2f", v);
            char *dot = strchr(text, '.');
            if (dot)
                *dot = ',';
        }
        if (puts_csv(w, text) != 0)
            return -1;
    } else {
        struct tm tm;
        local_tm(sqlite3_column_int64(st, c), &tm);
        if (type == DB_SHEET_DATE) {
            lxw_datetime dt = {tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, 0, 0, 0};
            xe = worksheet_write_datetime(ws, row, col, &dt, fmt->date);
            strftime(text, sizeof text, "%d-%m-%Y", &tm);
        } else {
            lxw_datetime dt = {0, 0, 0, tm.tm_hour, tm.tm_min, 0};
            xe = worksheet_write_datetime(ws, row, col, &dt, fmt->time);
            strftime(text, sizeof text, "%H:%M", &tm);
        }
        if (puts_csv(w, text) != 0)
            return -1;
    }
    if (xe != LXW_NO_ERROR) {
        fail(w, DB_SHEET_WORKBOOK, "workbook cell %u,%d: %s", (unsigned)row, c,
             lxw_strerror(xe));
        return -1;
    }
    return 0;
}

static int table_exists(struct db *snap, const char *table)
{
    sqlite3_stmt *st = db_stmt(snap, "SELECT count(*) FROM sqlite_master"
                                     " WHERE type IN ('table', 'view') AND name = ?1");
    if (!st)
        return -1;
    sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
    return (int)db_step_int(st, -1);
}

/* The rows of s from snap, each into the worksheet and the CSV. */
static long write_rows(struct writer *w, const struct db_sheet *s, struct db *snap,
                       lxw_worksheet *ws, int ncols, const struct db_sheet_formats *fmt)
{
    sqlite3_stmt *st = db_stmt(snap, s->sql);
    if (!st) {
        fail(w, DB_SHEET_DB, "cannot read sheet %s: %s", s->name, db_errmsg(snap));
        return -1;
    }
    if (s->param)
        sqlite3_bind_text(st, 1, s->param, -1, SQLITE_STATIC);
    long rows = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (rows + 1 >= LXW_ROW_MAX) {
            log_warn("export: sheet %s cut at %ld rows", s->name, rows);
            break;
        }
        lxw_row_t row = (lxw_row_t)(rows + 1);
        for (int c = 0; c < ncols; c++)
            if (write_cell(w, ws, row, c, s->cols[c].type, st, fmt) != 0)
                break;
        if (w->failed || puts_csv(w, "\r\n") != 0)
            break;
        if (++rows % 4096 == 0 && w->out->rows(w->out->user, s->name) != 0)
            fail(w, DB_SHEET_STOPPED, "stopped");
        if (w->failed)
            break;
    }
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        fail(w, DB_SHEET_DB, "reading sheet %s failed: %s", s->name, db_errmsg(snap));
    sqlite3_reset(st);
    return w->failed ? -1 : rows;
}

long db_sheet_write(const struct db_sheet *s, struct db *snap, lxw_workbook *wb,
                    const struct db_sheet_formats *fmt, const struct db_sheet_out *out,
                    enum db_sheet_fault *fault, char *err, size_t errlen)
{
    struct writer w = {.out = out, .err = err, .errlen = errlen};
    int ncols = db_sheet_ncols(s);
    long rows = 0;
    lxw_worksheet *ws = workbook_add_worksheet(wb, s->name);
    if (!ws) {
        fail(&w, DB_SHEET_WORKBOOK, "cannot add sheet %s", s->name);
        goto fail;
    }
    static const unsigned char bom[] = {0xEF, 0xBB, 0xBF};
    if (put(&w, bom, sizeof bom) != 0 || write_header(&w, ws, s, ncols, fmt) != 0)
        goto fail;
    int exists = s->sql && s->table ? table_exists(snap, s->table) : s->sql != NULL;
    if (exists < 0) {
        fail(&w, DB_SHEET_DB, "cannot read the schema");
        goto fail;
    }
    if (exists && s->prepare && s->prepare(snap) != 0) {
        fail(&w, DB_SHEET_DB, "cannot compute sheet %s: %s", s->name, db_errmsg(snap));
        goto fail;
    }
    if (exists && (rows = write_rows(&w, s, snap, ws, ncols, fmt)) < 0)
        goto fail;
    if (rows > 0)
        worksheet_autofilter(ws, 0, 0, (lxw_row_t)rows, (lxw_col_t)(ncols - 1));
    return rows;
fail:
    *fault = w.fault;
    return -1;
}
