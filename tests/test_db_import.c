/* test_db_import.c: the student-list importer against real export shapes
 * (the files in tests/data) and broken files (tests/data/broken/), on a real
 * SQLite file. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "db/db.h"
#include "db/db_import.h"
#include "db/db_student.h"
#include "tests/testutil.h"

#define NOW 1700000000

static int setup(void **state)
{
    char path[320], err[256];
    snprintf(path, sizeof path, "%s/kiosk.db", test_tmpdir());
    struct db *db = db_open(path, err, sizeof err);
    if (!db) {
        fprintf(stderr, "db_open: %s\n", err);
        return -1;
    }
    *state = db;
    return 0;
}

static int teardown(void **state)
{
    db_close(*state);
    return 0;
}

/* Everything stored about students and groups as one string: equal
 * snapshots mean the import changed nothing. */
static char *snapshot(struct db *db)
{
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(
        db_handle(db),
        "SELECT (SELECT count(*) FROM students) || ' students, ' ||"
        " (SELECT count(*) FROM groups) || ' groups' || char(10) ||"
        " coalesce((SELECT group_concat(row, char(10)) FROM (SELECT uid || '|' || number || '|' ||"
        " first_name || '|' || prefix || '|' || last_name || '|' || initials || '|' || email ||"
        " '|' || programme || '|' || crebo || '|' || coalesce(group_id, '-') || '|' ||"
        " card_version || '|' || updated_at AS row FROM students ORDER BY number)), '') ||"
        " coalesce((SELECT group_concat(id || '=' || name, ',') FROM groups), '')",
        -1, &st, NULL);
    assert_int_equal(rc, SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    char *copy = strdup((const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    return copy;
}

static int import_file(struct db *db, const char *name, const char *group, int dry_run,
                       struct db_import_result *r)
{
    return db_import_students_file(db, test_data(name), group, dry_run, NOW, r);
}

static int import_text(struct db *db, const char *text, const char *group, int dry_run,
                       struct db_import_result *r)
{
    return db_import_students(db, text, strlen(text), group, dry_run, NOW, r);
}

static struct db_student find(struct db *db, const char *number)
{
    struct db_student s;
    assert_int_equal(db_student_find(db, number, &s), 1);
    return s;
}

static void assert_absent(struct db *db, const char *number)
{
    struct db_student s;
    assert_int_equal(db_student_find(db, number, &s), 0);
}

static void assert_report_has(const struct db_import_result *r, const char *text)
{
    assert_non_null(r->report);
    if (!strstr(r->report, text))
        fail_msg("report lacks \"%s\"; it is:\n%s", text, r->report);
}

static void test_eduarte_utf8_bom(void **state)
{
    struct db *db = *state;
    struct db_import_result r;
    assert_int_equal(import_file(db, "eduarte-deelnemers.csv", NULL, 0, &r), 0);
    assert_null(r.report);
    assert_int_equal(r.problems, 0);
    assert_int_equal(r.rows, 24);
    assert_int_equal(r.added, 24);
    assert_int_equal(r.updated + r.same, 0);
    assert_int_equal(r.separator, ';');
    assert_int_equal(r.windows1252, 0);
    assert_int_equal(db_student_count(db, 0), 24);

    struct db_student s = find(db, "042512"); /* the leading zero stays */
    assert_string_equal(s.first_name, "Finn");
    assert_string_equal(s.prefix, "ter");
    assert_string_equal(s.last_name, "Peters");
    assert_string_equal(s.group, "ZW2B");
    assert_string_equal(s.programme, "Verzorgende-IG");
    assert_string_equal(s.crebo, "25498");
    assert_string_equal(s.initials, "");
    assert_string_equal(s.email, "");
    assert_absent(db, "42512");

    s = find(db, "748463"); /* first data row: right after the BOM'd header */
    assert_string_equal(s.first_name, "Levi");
    assert_string_equal(s.prefix, "");
    assert_string_equal(s.last_name, "Çelik");
    assert_string_equal(s.programme, "Helpende Zorg en Welzijn");
    assert_string_equal(find(db, "165900").last_name, "Yılmaz");
    assert_string_equal(find(db, "201383").first_name, "Jesse"); /* last row */
    assert_int_equal(db_student_count(db, db_group_id(db, "ZW2A", 0)), 11);
}

static void test_magister_windows1252(void **state)
{
    struct db *db = *state;
    struct db_import_result r;
    assert_int_equal(import_file(db, "magister-leerlingen.csv", NULL, 0, &r), 0);
    assert_int_equal(r.rows, 30);
    assert_int_equal(r.added, 30);
    assert_int_equal(r.windows1252, 1);

    struct db_student s = find(db, "691629");
    assert_string_equal(s.initials, "F.");
    assert_string_equal(s.first_name, "Fatima");
    assert_string_equal(s.prefix, "ter");
    assert_string_equal(s.last_name, "Çelik");
    assert_string_equal(s.email, "fatima.çelik@student.example.nl");
    assert_string_equal(s.group, "ZW2A");
    assert_string_equal(s.programme, "Verzorgende-IG");
    s = find(db, "456123");
    assert_string_equal(s.first_name, "Özlem");
    assert_string_equal(s.initials, "Ö.");
    assert_string_equal(s.prefix, "van 't");
    free(r.report);
}

static void test_windows1252_letters(void **state)
{
    struct db *db = *state;
    struct db_import_result r;
    assert_int_equal(import_file(db, "windows1252.csv", NULL, 0, &r), 0);
    assert_int_equal(r.added, 4);
    assert_int_equal(r.windows1252, 1);
    assert_string_equal(find(db, "700001").last_name, "Çelik");
    assert_string_equal(find(db, "700002").first_name, "Hélène");
    assert_string_equal(find(db, "700003").first_name, "Noël");
    assert_string_equal(find(db, "700004").first_name, "Šaban"); /* 0x8A: only in 1252 */
    assert_string_equal(find(db, "700004").last_name, "Kovaš");
}

static void test_utf8_without_bom(void **state)
{
    struct db *db = *state;
    struct db_import_result r;
    assert_int_equal(import_file(db, "utf8-nobom.csv", NULL, 0, &r), 0);
    assert_int_equal(r.added, 3);
    assert_int_equal(r.windows1252, 0);
    struct db_student s = find(db, "500001");
    assert_string_equal(s.first_name, "Anna"); /* first word of voornamen */
    assert_string_equal(s.last_name, "Žižek");
    assert_string_equal(s.group, "ZW2A");               /* plaatsingsgroep */
    assert_string_equal(s.programme, "Verzorgende-IG"); /* opleidingsnaam */
    assert_string_equal(s.crebo, "25498");              /* opleidingscode */
    assert_string_equal(s.email, "anna@example.nl");    /* e-mailadres */
    assert_string_equal(find(db, "500002").first_name, "Jan"); /* roepnaam beats voornamen */
    assert_string_equal(find(db, "500003").first_name, "Zoë");
    assert_string_equal(find(db, "500003").last_name, "Dubois-Renée");
}

static void test_comma_quoted_newlines(void **state)
{
    struct db *db = *state;
    struct db_import_result r;
    assert_int_equal(import_file(db, "comma-quoted.csv", NULL, 0, &r), 0);
    assert_int_equal(r.separator, ',');
    assert_int_equal(r.rows, 4);
    assert_int_equal(r.added, 4);
    struct db_student s = find(db, "301001");
    assert_string_equal(s.first_name, "Sanne");
    assert_string_equal(s.programme, "Zorg, Welzijn en Sport");
    assert_string_equal(find(db, "301002").prefix, "van");
    assert_string_equal(find(db, "301003").last_name, "de Vries");
    s = find(db, "301004"); /* after two multi-line records */
    assert_string_equal(s.last_name, "Visser");
    assert_string_equal(s.group, "ZW2B");
    assert_string_equal(s.programme, "Helpende; Zorg");
}

static void test_tab_odd_headers_spaces(void **state)
{
    struct db *db = *state;
    struct db_import_result r;
    assert_int_equal(import_file(db, "tab-odd-headers.csv", NULL, 0, &r), 0);
    assert_int_equal(r.separator, '\t');
    assert_int_equal(r.rows, 3); /* blank and all-empty lines are skipped */
    assert_int_equal(r.added, 3);
    struct db_student s = find(db, "000123");
    assert_string_equal(s.first_name, "Emma");
    assert_string_equal(s.prefix, "van den");
    assert_string_equal(s.last_name, "Berg");
    assert_string_equal(s.email, "emma.berg@student.example.nl");
    assert_string_equal(s.group, "ZW3A");
    assert_string_equal(s.initials, "E.");
    assert_string_equal(s.crebo, "25498");
    s = find(db, "000125");
    assert_string_equal(s.first_name, "Sam"); /* spaces inside quotes trimmed too */
    assert_string_equal(s.last_name, "El Idrissi");
    assert_string_equal(s.group, "ZW3B");
}

static void test_reimport_same_then_updated(void **state)
{
    struct db *db = *state;
    struct db_import_result r;
    assert_int_equal(import_file(db, "eduarte-deelnemers.csv", NULL, 0, &r), 0);
    assert_int_equal(import_file(db, "eduarte-deelnemers.csv", NULL, 0, &r), 0);
    assert_int_equal(r.added, 0);
    assert_int_equal(r.updated, 0);
    assert_int_equal(r.same, 24);

    /* Finn moves to VZ4A and gets a new programme; one new student. */
    const char *next = "deelnemernummer;roepnaam;voorvoegsel;achternaam;groep;opleiding;crebo\n"
                       "042512;Finn;ter;Peters;VZ4A;Helpende Zorg en Welzijn;25491\n"
                       "748463;Levi;;Çelik;ZW2A;Helpende Zorg en Welzijn;25491\n"
                       "999001;Nieuw;;Student;VZ4A;Verzorgende-IG;25498\n";
    assert_int_equal(import_text(db, next, NULL, 0, &r), 0);
    assert_int_equal(r.added, 1);
    assert_int_equal(r.updated, 1);
    assert_int_equal(r.same, 1);
    struct db_student s = find(db, "042512");
    assert_string_equal(s.group, "VZ4A");
    assert_string_equal(s.crebo, "25491");
    assert_int_equal(db_student_count(db, 0), 25); /* nobody is removed */
}

static void test_dry_run_changes_nothing(void **state)
{
    struct db *db = *state;
    struct db_import_result r;
    char *before = snapshot(db);
    assert_int_equal(import_file(db, "eduarte-deelnemers.csv", NULL, 1, &r), 0);
    assert_int_equal(r.rows, 24);
    assert_int_equal(r.added, 24);
    char *after = snapshot(db);
    assert_string_equal(before, after); /* not even a group was made */
    free(before);
    free(after);

    assert_int_equal(import_file(db, "eduarte-deelnemers.csv", NULL, 0, &r), 0);
    before = snapshot(db);
    const char *next = "deelnemernummer;roepnaam;achternaam;groep\n"
                       "042512;Finn;Pieters;ZW2B\n"
                       "999002;Nieuw;Student;ZW9X\n";
    assert_int_equal(import_text(db, next, NULL, 1, &r), 0);
    assert_int_equal(r.added, 1);
    assert_int_equal(r.updated, 1);
    assert_int_equal(r.same, 0);
    after = snapshot(db);
    assert_string_equal(before, after);
    free(before);
    free(after);
}

static void test_group_overrides_klas(void **state)
{
    struct db *db = *state;
    struct db_import_result r;
    assert_int_equal(import_file(db, "eduarte-deelnemers.csv", " ZW9Z ", 0, &r), 0);
    assert_int_equal(r.added, 24);
    int64_t gid = db_group_id(db, "ZW9Z", 0);
    assert_true(gid > 0);
    assert_int_equal(db_student_count(db, gid), 24);
    assert_int_equal(db_group_id(db, "ZW2A", 0), 0); /* the file's klas is not used */

    /* Without a klas column the import needs a group. */
    assert_int_equal(import_file(db, "broken/no-klas-column.csv", NULL, 0, &r), 1);
    assert_report_has(&r, "Er is geen kolom met de klas. Geef --group op");
    free(r.report);
    assert_int_equal(import_file(db, "broken/no-klas-column.csv", "ZW1A", 0, &r), 0);
    assert_int_equal(r.added, 2);
    assert_string_equal(find(db, "123").group, "ZW1A");

    /* An empty klas in one row: a problem unless a group is given. */
    const char *rows = "stamnr;roepnaam;achternaam;klas\n"
                       "601;Sanne;Jansen;ZW2A\n"
                       "602;Daan;Bakker; \n";
    assert_int_equal(import_text(db, rows, NULL, 0, &r), 1);
    assert_string_equal(r.report, "regel 3: geen klas; geef --group op of vul de kolom klas");
    free(r.report);
    assert_int_equal(import_text(db, rows, "ZW2C", 0, &r), 0);
    assert_string_equal(find(db, "602").group, "ZW2C");
    assert_string_equal(find(db, "601").group, "ZW2C");
}

/* Each broken file: refused, the right message, nothing changed. */
static void test_broken_files_refused(void **state)
{
    struct db *db = *state;
    struct db_import_result r;
    static const struct {
        const char *file;
        int problems;
        const char *expect[3];
    } cases[] = {
        {"broken/empty.csv", 1, {"Het bestand is leeg."}},
        {"broken/header-only.csv", 1, {"Er staan geen studenten in het bestand."}},
        {"broken/missing-studentnummer.csv", 1,
         {"Er is geen kolom met het studentnummer. Verwacht: studentnummer, deelnemernummer of "
          "stamnr."}},
        {"broken/duplicate-number.csv", 1, {"regel 3: studentnummer 123456 staat ook op regel 2"}},
        {"broken/unterminated-quote.csv", 1, {"regel 2: een aanhalingsteken (\") wordt nergens"}},
        {"broken/binary.csv", 1, {"Dit is geen tekstbestand (CSV)."}},
        {"broken/utf16.csv", 1, {"UTF-16"}},
        {"broken/no-klas-column.csv", 1, {"Er is geen kolom met de klas."}},
        {"broken/windows1252-undefined-byte.csv", 1,
         {"regel 2: achternaam bevat een onleesbaar teken"}},
        {"broken/multiline-then-bad.csv", 2,
         {"regel 8: geen achternaam", "regel 9: studentnummer '30.1005' mag alleen"}},
        {"broken/quote-in-field.csv", 2,
         {"regel 3: een aanhalingsteken (\") staat midden in een veld",
          "regel 5: geen achternaam"}},
    };

    struct db_import_result first;
    assert_int_equal(import_file(db, "eduarte-deelnemers.csv", NULL, 0, &first), 0);
    char *before = snapshot(db);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int rc = import_file(db, cases[i].file, NULL, 0, &r);
        if (rc != 1 || r.problems != cases[i].problems)
            fail_msg("%s: rc %d, %d problems:\n%s", cases[i].file, rc, r.problems,
                     r.report ? r.report : "(no report)");
        assert_int_equal(r.added + r.updated + r.same, 0);
        for (int k = 0; k < 3 && cases[i].expect[k]; k++)
            assert_report_has(&r, cases[i].expect[k]);
        free(r.report);
        char *after = snapshot(db);
        assert_string_equal(before, after);
        free(after);
    }
    free(before);
}

static void test_every_row_problem_listed(void **state)
{
    struct db *db = *state;
    struct db_import_result r;
    char *before = snapshot(db);
    assert_int_equal(import_file(db, "broken/row-problems.csv", NULL, 0, &r), 1);
    assert_int_equal(r.rows, 12);
    assert_string_equal(
        r.report,
        "regel 3: geen studentnummer\n"
        "regel 4: studentnummer '100 003' mag alleen cijfers, letters en '-' bevatten\n"
        "regel 5: geen roepnaam\n"
        "regel 6: geen achternaam\n"
        "regel 7: 3 velden, maar de kopregel (regel 1) heeft er 4; staat er een puntkomma te "
        "veel of te weinig?\n"
        "regel 8: geen klas; geef --group op of vul de kolom klas\n"
        "regel 9: studentnummer is te lang (21 tekens, hoogstens 20)\n"
        "regel 10: studentnummer 100001 staat ook op regel 2\n"
        "regel 11: achternaam is te lang (114 tekens, hoogstens 95)\n"
        "regel 12: roepnaam bevat een onzichtbaar stuurteken (bijvoorbeeld een regeleinde)\n"
        "regel 13: studentnummer '1.00013E+5' mag alleen cijfers, letters en '-' bevatten");
    assert_int_equal(r.problems, 11);
    free(r.report);
    char *after = snapshot(db); /* the good row 100001 was not stored either */
    assert_string_equal(before, after);
    free(before);
    free(after);
}

static void test_line_numbers_with_blank_lines_and_cr(void **state)
{
    struct db *db = *state;
    struct db_import_result r;
    /* Blank lines still count as lines; so does a lone CR (old Mac files). */
    assert_int_equal(import_text(db, "\nstamnr;roepnaam;achternaam;klas\n\n   \n1;A;;K\n", NULL,
                                 0, &r),
                     1);
    assert_string_equal(r.report, "regel 5: geen achternaam");
    free(r.report);
    assert_int_equal(import_text(db, "stamnr;roepnaam;achternaam;klas\r1;A;B;K\r2;C;;K\r", NULL,
                                 0, &r),
                     1);
    assert_string_equal(r.report, "regel 3: geen achternaam");
    free(r.report);
    /* The line is where a record starts, even when a quoted field breaks. */
    assert_int_equal(import_text(db, "stamnr;roepnaam;achternaam;klas\n1;A;\"B\nC\";K\n2;;D;K\n",
                                 NULL, 0, &r),
                     1);
    assert_string_equal(r.report, "regel 2: achternaam bevat een onzichtbaar stuurteken "
                                  "(bijvoorbeeld een regeleinde)\nregel 4: geen roepnaam");
    free(r.report);
    /* ... also when the first field of the record is the one that breaks. */
    const char *first_breaks = "opmerking;stamnr;roepnaam;achternaam;klas\n"
                               "\"twee\nregels\";1;A;;K\n"
                               "\"\";2;B;;K\n";
    assert_int_equal(import_text(db, first_breaks, NULL, 0, &r), 1);
    assert_string_equal(r.report, "regel 2: geen achternaam\nregel 4: geen achternaam");
    free(r.report);
    assert_int_equal(db_student_count(db, 0), 0);
}

static void test_header_columns(void **state)
{
    struct db *db = *state;
    struct db_import_result r;
    /* Two columns for one field: the one with the field's own name wins,
     * else the left-most. Unknown columns are ignored. */
    assert_int_equal(import_text(db,
                                 "Stamnr;Voornaam;Roepnaam;Achternaam;Groep;KLAS;Class;Mentor\n"
                                 "0815;Johannes;Jan;Smit;G1;K1;C1;mevr. Bos\n",
                                 NULL, 0, &r),
                     0);
    struct db_student s = find(db, "0815");
    assert_string_equal(s.first_name, "Jan");
    assert_string_equal(s.group, "K1");

    /* A quote error in the header: the first row is not taken for it. */
    const char *bad_header = "stamnr;\"roepnaam\"x;achternaam;klas\n1;A;B;K\n";
    assert_int_equal(import_text(db, bad_header, NULL, 0, &r), 1);
    assert_int_equal(r.problems, 1);
    assert_report_has(&r, "regel 1: een aanhalingsteken");
    free(r.report);

    /* Without the needed columns, every missing one is named. */
    assert_int_equal(import_text(db, "nummer,naam\n1,Jan\n", NULL, 0, &r), 1);
    assert_int_equal(r.separator, ',');
    assert_int_equal(r.problems, 4);
    assert_report_has(&r, "geen kolom met het studentnummer");
    assert_report_has(&r, "geen kolom met de achternaam");
    assert_report_has(&r, "geen kolom met de roepnaam");
    assert_report_has(&r, "geen kolom met de klas");
    free(r.report);
}

static void test_report_is_capped(void **state)
{
    struct db *db = *state;
    struct db_import_result r;
    char text[8192] = "stamnr;roepnaam;achternaam;klas\n";
    for (int i = 0; i < 60; i++)
        snprintf(text + strlen(text), sizeof text - strlen(text), "%d;Naam;;K\n", 1000 + i);
    assert_int_equal(import_text(db, text, NULL, 0, &r), 1);
    assert_int_equal(r.problems, 60);
    assert_int_equal(r.rows, 60);
    int lines = 1;
    for (const char *c = r.report; *c; c++)
        lines += *c == '\n';
    assert_int_equal(lines, DB_IMPORT_REPORT_LINES + 1);
    assert_true(strncmp(r.report, "regel 2: geen achternaam\n", 25) == 0);
    assert_report_has(&r, "regel 51: geen achternaam\n... en nog 10 problemen");
    free(r.report);
}

static void test_file_problems(void **state)
{
    struct db *db = *state;
    struct db_import_result r;
    char path[320];
    snprintf(path, sizeof path, "%s/big.csv", test_tmpdir());
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    assert_int_equal(ftruncate(fileno(f), DB_IMPORT_MAX_BYTES + 1), 0);
    fclose(f);
    assert_int_equal(db_import_students_file(db, path, NULL, 0, NOW, &r), 1);
    assert_report_has(&r, "groter dan 20 MB");
    free(r.report);

    assert_int_equal(db_import_students_file(db, "tests/data/geen-bestand.csv", NULL, 0, NOW, &r),
                     1);
    assert_int_equal(r.problems, 1);
    assert_report_has(&r, "bestaat niet");
    free(r.report);

    assert_int_equal(db_import_students_file(db, "tests/data", NULL, 0, NOW, &r), 1);
    assert_report_has(&r, "geen bestand");
    free(r.report);

    /* Whitespace only counts as empty; a BOM alone too. */
    assert_int_equal(import_text(db, "\xEF\xBB\xBF \r\n\r\n", NULL, 0, &r), 1);
    assert_string_equal(r.report, "Het bestand is leeg.");
    free(r.report);

    /* UTF-8 and Windows-1252 mixed: either reading garbles some names. */
    const char *mixed = "stamnr;roepnaam;achternaam;klas\r\n1;Zo\xC3\xAB;Smit;K\r\n"
                        "2;No\xEBl;Bos;K\r\n";
    assert_int_equal(import_text(db, mixed, NULL, 0, &r), 1);
    assert_report_has(&r, "regel 3: het bestand is deels UTF-8");
    free(r.report);
    assert_int_equal(db_student_count(db, 0), 0);

    /* A BOM says UTF-8: then an overlong form (Ann, E0 80 AF, e) or a
     * surrogate is refused with its line, never read as Windows-1252
     * ("Annà€¯e"). Without the BOM the same bytes are Windows-1252. */
    const char *overlong = "\xEF\xBB\xBFstamnr;roepnaam;achternaam;klas\r\n1;Bo;Smit;K\r\n"
                           "2;Ann\xE0\x80\xAF" "e;Bos;K\r\n";
    assert_int_equal(import_text(db, overlong, NULL, 0, &r), 1);
    assert_report_has(&r, "regel 3: hier staat een teken dat geen UTF-8 is");
    free(r.report);
    const char *surrogate = "\xEF\xBB\xBFstamnr;roepnaam;achternaam;klas\r\n"
                            "1;Ann\xED\xA0\x80;Smit;K\r\n";
    assert_int_equal(import_text(db, surrogate, NULL, 0, &r), 1);
    assert_report_has(&r, "regel 2: hier staat een teken dat geen UTF-8 is");
    free(r.report);
    assert_int_equal(db_student_count(db, 0), 0);
    assert_int_equal(import_text(db, overlong + 3, NULL, 0, &r), 0);
    assert_int_equal(r.windows1252, 1);
    free(r.report);
}

static void test_database_error(void **state)
{
    struct db *db = *state;
    struct db_import_result r;
    /* A transaction already open makes db_begin fail. */
    assert_int_equal(db_exec(db, "BEGIN"), 0);
    assert_int_equal(import_file(db, "eduarte-deelnemers.csv", NULL, 0, &r), -1);
    assert_int_equal(r.added, 0);
    assert_report_has(&r, "De database gaf een fout");
    free(r.report);
    db_rollback(db);
    assert_int_equal(db_student_count(db, 0), 0);
}

#define TEST(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        TEST(test_eduarte_utf8_bom),
        TEST(test_magister_windows1252),
        TEST(test_windows1252_letters),
        TEST(test_utf8_without_bom),
        TEST(test_comma_quoted_newlines),
        TEST(test_tab_odd_headers_spaces),
        TEST(test_reimport_same_then_updated),
        TEST(test_dry_run_changes_nothing),
        TEST(test_group_overrides_klas),
        TEST(test_broken_files_refused),
        TEST(test_every_row_problem_listed),
        TEST(test_line_numbers_with_blank_lines_and_cr),
        TEST(test_header_columns),
        TEST(test_report_is_capped),
        TEST(test_file_problems),
        TEST(test_database_error),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
