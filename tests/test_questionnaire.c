/* test_questionnaire.c: the questionnaire file format. The default Dutch set
 * loads; broken files are refused whole with every problem on its line;
 * the canonical form round-trips; and in the store an edited file becomes a
 * new version while old answers keep the version (and meaning) they had. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "db/db.h"
#include "db/db_dossier.h"
#include "db/db_questionnaire.h"
#include "db/db_response.h"
#include "base/questionnaire.h"
#include "db/db_student.h"
#include "tests/testutil.h"

#define NOW 1764493200 /* 2025-11-30 09:00 UTC */

static struct questionnaire *parse(const char *text, char **report)
{
    return questionnaire_parse(text, strlen(text), report);
}

static struct questionnaire *load_asset(const char *name)
{
    char path[256], *report = NULL;
    snprintf(path, sizeof path, "assets/questionnaires/%s.txt", name);
    struct questionnaire *q = questionnaire_load_file(path, &report);
    if (!q)
        fail_msg("%s refused:\n%s", path, report ? report : "(no report)");
    assert_null(report);
    return q;
}

/* ---- the default set ------------------------------------------------- */

static void default_zelfscan_has_ten_items_in_five_categories(void **state)
{
    struct questionnaire *q = load_asset("zelfscan-beroepshouding");
    assert_string_equal(q->id, "zelfscan-beroepshouding");
    assert_string_equal(q->kind, "zelfscan");
    assert_int_equal(q->nitems, 10);
    static const char *const cats[10] = {
        "communicatie", "communicatie", "samenwerking", "samenwerking",
        "verantwoordelijkheid", "verantwoordelijkheid", "verantwoordelijkheid",
        "integriteit", "integriteit", "ontwikkeling"};
    for (int i = 0; i < 10; i++) {
        assert_int_equal(q->items[i].type, QUESTIONNAIRE_ITEM_SCALE);
        assert_string_equal(q->items[i].category, cats[i]);
        /* the labels at the top of the file reach every item */
        assert_int_equal(q->items[i].noptions, 5);
        assert_string_equal(q->items[i].options[0], "Klopt helemaal niet");
        assert_string_equal(q->items[i].options[4], "Klopt helemaal");
    }
    assert_string_equal(q->items[6].text, "Ik volg de regels voor veiligheid en hygiëne.");
    questionnaire_free(q);
}

static void default_weekcheck_marks_its_signals(void **state)
{
    struct questionnaire *q = load_asset("weekcheck");
    assert_string_equal(q->kind, "weekcheck");
    assert_int_equal(q->nitems, 3);
    const struct questionnaire_item *smiley = questionnaire_item(q, "stage");
    const struct questionnaire_item *talk = questionnaire_item(q, "gesprek");
    assert_non_null(smiley);
    assert_non_null(talk);
    assert_int_equal(smiley->type, QUESTIONNAIRE_ITEM_SMILEY);
    assert_int_equal(smiley->signal_values, (1u << 1) | (1u << 2));
    assert_int_equal(talk->type, QUESTIONNAIRE_ITEM_CHOICE);
    assert_int_equal(talk->noptions, 3);
    assert_string_equal(talk->options[2], "Ja, snel");
    assert_int_equal(talk->signal_values, (1u << 2) | (1u << 3));
    assert_int_equal(questionnaire_item(q, "leerdoel")->signal_values, 0);
    questionnaire_free(q);
}

static void default_intake_has_lists_and_goals(void **state)
{
    struct questionnaire *q = load_asset("intake");
    assert_string_equal(q->kind, "intake");
    const struct questionnaire_item *strong = questionnaire_item(q, "sterk");
    assert_int_equal(strong->type, QUESTIONNAIRE_ITEM_MULTI);
    assert_true(strong->noptions >= 8);
    assert_int_equal(strong->min, 1);
    assert_int_equal(strong->max, 3);
    const struct questionnaire_item *goals = questionnaire_item(q, "leerdoelen");
    assert_int_equal(goals->type, QUESTIONNAIRE_ITEM_GOAL);
    assert_int_equal(goals->min, 1);
    assert_int_equal(goals->max, 3);
    assert_true(goals->noptions >= 3); /* templates */
    assert_string_equal(goals->prompts[QUESTIONNAIRE_GOAL_WHAT], "Wat wil je leren of beter doen?");
    assert_string_equal(goals->prompts[QUESTIONNAIRE_GOAL_WHEN], "Wanneer wil je dat kunnen?");
    assert_string_equal(goals->prompts[QUESTIONNAIRE_GOAL_PROOF], "Hoe weet je dat het gelukt is?");
    assert_int_equal(questionnaire_item(q, "verwachting")->type, QUESTIONNAIRE_ITEM_OPEN);
    assert_int_equal(questionnaire_item(q, "verwachting")->max, 400);
    questionnaire_free(q);
}

/* ---- small files ----------------------------------------------------- */

static void defaults_fill_what_a_file_leaves_out(void **state)
{
    char *report;
    struct questionnaire *q = parse("\xEF\xBB\xBFid = kort\r\nsoort = anders\r\n"
                                       "titel = Kort\r\n\r\n[blij]\r\ntype = smiley\r\n"
                                       "tekst = Hoe gaat het?\r\n\r\n[doel]\r\ntype = leerdoel\r\n"
                                       "tekst = Je doel\r\nverplicht = nee\r\n"
                                       "[wat]\ntype = open\n  tekst   =   Iets = met is-teken  \n",
                                       &report);
    if (!q)
        fail_msg("refused: %s", report);
    assert_int_equal(q->nitems, 3);
    assert_string_equal(q->items[0].options[0], "Heel slecht"); /* smiley labels */
    assert_int_equal(q->items[0].required, 1);
    assert_int_equal(q->items[1].required, 0);
    assert_int_equal(q->items[1].min, 0); /* not required: no goal needed */
    assert_int_equal(q->items[1].max, 3);
    assert_string_equal(q->items[1].prompts[QUESTIONNAIRE_GOAL_PROOF],
                        "Hoe weet je dat het gelukt is?");
    assert_string_equal(q->items[2].text, "Iets = met is-teken");
    assert_int_equal(q->items[2].max, 300);
    questionnaire_free(q);
}

/* Each broken file is refused with its problem on the right line. */
static void broken_files_are_refused_with_line_numbers(void **state)
{
    static const struct {
        const char *text, *want;
    } cases[] = {
        {"soort = anders\ntitel = T\n[a]\ntype = open\ntekst = x\n", "ontbreekt 'id"},
        {"id = x\nsoort = wekelijks\ntitel = T\n[a]\ntype = open\ntekst = x\n",
         "regel 2: soort 'wekelijks'"},
        {"id = x\nsoort = anders\ntitel = T\n", "geen enkele vraag"},
        {"id = x\nsoort = anders\ntitel = T\n[a]\ntype = slider\ntekst = x\n",
         "regel 5: type 'slider'"},
        {"id = x\nsoort = anders\ntitel = T\n[a]\ntekst = x\n",
         "regel 4: vraag 'a' heeft geen 'type'"},
        {"id = x\nsoort = anders\ntitel = T\n[a]\ntype = open\n",
         "regel 4: vraag 'a' heeft geen 'tekst'"},
        {"id = x\nsoort = anders\ntitel = T\n[a]\ntype = open\ntekst = x\n[a]\ntype = open\ntekst "
         "= y\n",
         "regel 7: de vraag '[a]' staat twee keer"},
        {"id = x\nsoort = anders\ntitel = T\n[a]\ntype = schaal\ntekst = x\ncategorie = c\n",
         "regel 4: vraag 'a' heeft geen labels"},
        {"id = x\nsoort = anders\ntitel = T\n[a]\ntype = schaal\ntekst = x\n"
         "label = 1\nlabel = 2\nlabel = 3\nlabel = 4\nlabel = 5\n",
         "regel 4: vraag 'a' is een schaal en heeft een 'categorie' nodig"},
        {"id = x\nsoort = anders\ntitel = T\nlabel = a\nlabel = b\n[a]\ntype = open\ntekst = x\n",
         "regel 4: bovenaan staan 2 labels"},
        {"id = x\nsoort = anders\ntitel = T\n[a]\ntype = smiley\ntekst = x\nlabel = a\nlabel = b\n",
         "regel 7: een smiley heeft precies 5 labels"},
        {"id = x\nsoort = anders\ntitel = T\n[a]\ntype = keuze\ntekst = x\noptie = een\n",
         "regel 4: vraag 'a' heeft minstens 2 regels 'optie"},
        {"id = x\nsoort = anders\ntitel = T\n[a]\ntype = keuze\ntekst = x\noptie = a\noptie = b\n"
         "signaal = 3\n",
         "regel 9: 'signaal' neemt antwoorden van 1 tot en met 2"},
        {"id = x\nsoort = anders\ntitel = T\n[a]\ntype = open\ntekst = x\ncategorie = c\n",
         "regel 7: 'categorie' hoort niet bij een vraag van type open"},
        {"id = x\nsoort = anders\ntitel = T\n[a]\ntype = open\ntekst = x\ntekst = y\n",
         "regel 7: 'tekst' staat al op regel 6"},
        {"id = x\nsoort = anders\ntitel = T\n[a]\ntype = open\ntekst = x\nkleur = rood\n",
         "regel 7: 'kleur' kennen we niet"},
        {"id = x\nsoort = anders\ntitel = T\n[a]\ntype = open\ntekst = x\ndit is geen sleutel\n",
         "regel 7: deze regel snappen we niet"},
        {"id = x\nsoort = anders\ntitel = T\n[Groot Woord]\ntype = open\ntekst = x\n",
         "regel 4: '[Groot Woord]' is geen goede naam"},
        {"id = x\nsoort = anders\ntitel = T\n[a]\ntype = meerkeuze\ntekst = x\noptie = a\n"
         "optie = b\nmin = 2\nmax = 1\n",
         "vraag 'a': 'min' is groter dan 'max'"},
        {"id = x\nsoort = anders\ntitel = T\n[a]\ntype = leerdoel\ntekst = x\nmax = 4\n",
         "regel 7: 'max' moet een getal van 1 tot en met 3"},
        {"id = x\nsoort = anders\ntitel = T\n[a]\ntype = open\ntekst = caf\xE9\n",
         "regel 6: deze regel is geen goede UTF-8"},
        {"id = x\nsoort = anders\ntitel = \n[a]\ntype = open\ntekst = x\n",
         "regel 3: 'titel' is leeg"},
        {"id = x\nsoort = anders\ntitel = T\n[a]\ntype = open\ntekst = x\nverplicht = misschien\n",
         "regel 7: 'verplicht' is ja of nee"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *report = NULL;
        struct questionnaire *q = parse(cases[i].text, &report);
        if (q)
            fail_msg("case %zu was accepted", i);
        if (!report || !strstr(report, cases[i].want))
            fail_msg("case %zu: want \"%s\" in:\n%s", i, cases[i].want, report ? report : "");
        free(report);
    }
}

/* A file with many problems lists each of them, not just the first. */
static void every_problem_is_listed(void **state)
{
    char *report = NULL;
    struct questionnaire *q = parse("id = Niet Goed\nsoort = anders\ntitel = T\n"
                                       "[a]\ntype = schaal\ntekst = x\n"
                                       "[b]\ntype = wat\ntekst = y\n"
                                       "[c]\ntekst = z\n",
                                       &report);
    assert_null(q);
    assert_non_null(report);
    assert_non_null(strstr(report, "regel 1: id 'Niet Goed'"));
    assert_non_null(strstr(report, "regel 4: vraag 'a' is een schaal"));
    assert_non_null(strstr(report, "regel 8: type 'wat'"));
    assert_non_null(strstr(report, "regel 10: vraag 'c' heeft geen 'type'"));
    free(report);
    /* a file that is not there, or not text */
    q = questionnaire_load_file("tests/data/does-not-exist.txt", &report);
    assert_null(q);
    assert_non_null(strstr(report, "gaat niet open"));
    free(report);
    q = questionnaire_parse("id = x\0", 7, &report);
    assert_null(q);
    assert_non_null(strstr(report, "nul-bytes"));
    free(report);
}

static void canonical_text_round_trips(void **state)
{
    const char *names[] = {"zelfscan-beroepshouding", "weekcheck", "intake"};
    for (int i = 0; i < 3; i++) {
        struct questionnaire *q = load_asset(names[i]);
        char *text = questionnaire_format(q), *report = NULL;
        assert_non_null(text);
        assert_null(strchr(text, '#')); /* comments are not part of the meaning */
        struct questionnaire *again = parse(text, &report);
        if (!again)
            fail_msg("%s: canonical text refused:\n%s\n%s", names[i], report, text);
        assert_memory_equal(q, again, sizeof *q);
        char *text2 = questionnaire_format(again);
        assert_string_equal(text, text2);
        free(text);
        free(text2);
        questionnaire_free(q);
        questionnaire_free(again);
    }
}

/* ---- versions in the store ------------------------------------------- */

static const char *write_file(const char *dir, const char *name, const char *text)
{
    static char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    return path;
}

static int64_t count(struct db *db, const char *sql)
{
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db_handle(db), sql, -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    int64_t v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

static struct db *open_db(void)
{
    char path[512], err[256];
    snprintf(path, sizeof path, "%s/kiosk.db", test_tmpdir());
    struct db *db = db_open(path, err, sizeof err);
    if (!db)
        fail_msg("db_open: %s", err);
    return db;
}

static int64_t add_student(struct db *db, const char *number)
{
    struct db_student s = {0};
    snprintf(s.number, sizeof s.number, "%s", number);
    snprintf(s.first_name, sizeof s.first_name, "Sanne");
    snprintf(s.last_name, sizeof s.last_name, "Jansen");
    snprintf(s.group, sizeof s.group, "ZW2A");
    assert_int_not_equal(db_student_upsert(db, &s, NOW), DB_UPSERT_ERROR);
    assert_int_equal(db_student_find(db, number, &s), 1);
    return s.id;
}

#define SCAN_V1                                                                            \
    "id = mini\nsoort = zelfscan\ntitel = Mini\n"                                          \
    "label = nee\nlabel = eerder niet\nlabel = soms\nlabel = eerder wel\nlabel = ja\n"     \
    "[a]\ntype = schaal\ntekst = Ik luister.\ncategorie = communicatie\n"                  \
    "[b]\ntype = schaal\ntekst = Ik help.\ncategorie = samenwerking\n"

/* v2 moves item b to another category and rewrites a's text */
#define SCAN_V2                                                                            \
    "id = mini\nsoort = zelfscan\ntitel = Mini\n"                                          \
    "label = nee\nlabel = eerder niet\nlabel = soms\nlabel = eerder wel\nlabel = ja\n"     \
    "[a]\ntype = schaal\ntekst = Ik luister goed.\ncategorie = communicatie\n"             \
    "[b]\ntype = schaal\ntekst = Ik help.\ncategorie = communicatie\n"

static void an_edit_makes_a_new_version_and_old_answers_keep_theirs(void **state)
{
    struct db *db = open_db();
    const char *dir = test_tmpdir();
    int64_t student = add_student(db, "100001");
    struct questionnaire *q;
    char *report;

    assert_int_equal(db_questionnaire_load_file(db, write_file(dir, "mini.txt", SCAN_V1), NOW, &q,
                                             &report), 1);
    assert_int_equal(q->version, 1);
    int64_t v1 = q->row_id;
    questionnaire_free(q);
    int64_t r1 = db_response_start(db, student, v1, 0, NOW);
    assert_int_equal(db_response_answer_num(db, r1, "a", 4, NOW), 0);
    assert_int_equal(db_response_answer_num(db, r1, "b", 2, NOW), 0);
    char err[256];
    assert_int_equal(db_response_finish(db, r1, NOW + 60, err, sizeof err), 0);

    /* the same file again, or with only comments added: no new version */
    assert_int_equal(db_questionnaire_load_file(db, write_file(dir, "mini.txt", SCAN_V1), NOW + 1,
                                             NULL, &report), 0);
    assert_int_equal(db_questionnaire_load_file(
                         db, write_file(dir, "mini.txt", "# een opmerking\n" SCAN_V1 "\n# eind\n"),
                         NOW + 2, NULL, &report),
                     0);
    assert_int_equal(count(db, "SELECT count(*) FROM questionnaires"), 1);

    /* the edit: version 2 */
    assert_int_equal(
        db_questionnaire_load_file(db, write_file(dir, "mini.txt", SCAN_V2), NOW + 3, &q, &report),
        1);
    assert_int_equal(q->version, 2);
    int64_t v2 = q->row_id;
    assert_int_not_equal(v1, v2);
    questionnaire_free(q);
    q = db_questionnaire_newest(db, "mini");
    assert_int_equal(q->row_id, v2);
    assert_string_equal(q->items[0].text, "Ik luister goed.");
    questionnaire_free(q);

    /* the old response still points at version 1, with version 1's text */
    struct db_response r;
    assert_int_equal(db_response_get(db, r1, &r), 1);
    assert_int_equal(r.questionnaire_id, v1);
    assert_int_equal(r.version, 1);
    q = db_questionnaire_get(db, r.questionnaire_id);
    assert_string_equal(q->items[0].text, "Ik luister.");
    assert_string_equal(questionnaire_item(q, "b")->category, "samenwerking");
    questionnaire_free(q);

    /* and its averages use version 1's categories: b stays samenwerking */
    struct db_dossier_scans s;
    assert_int_equal(db_dossier_scans(db, student, "mini", &s), 0);
    assert_int_equal(s.count, 1);
    assert_int_equal(s.ncat, 2);
    assert_string_equal(s.category[0], "communicatie");
    assert_string_equal(s.category[1], "samenwerking");
    assert_true(s.latest[0] == 4.0 && s.latest[1] == 2.0);

    /* a new scan on version 2 puts b under communicatie */
    int64_t r2 = db_response_start(db, student, v2, 0, NOW + 100);
    assert_int_equal(db_response_answer_num(db, r2, "a", 5, NOW + 100), 0);
    assert_int_equal(db_response_answer_num(db, r2, "b", 3, NOW + 100), 0);
    assert_int_equal(db_response_finish(db, r2, NOW + 160, err, sizeof err), 0);
    assert_int_equal(db_dossier_scans(db, student, "mini", &s), 0);
    assert_int_equal(s.count, 2);
    assert_true(s.latest[0] == 4.0);   /* (5 + 3) / 2 */
    assert_true(s.latest[1] < 0);      /* no samenwerking in version 2 */
    assert_true(s.previous[0] == 4.0 && s.previous[1] == 2.0);
    db_close(db);
}

static void a_bad_file_changes_nothing(void **state)
{
    struct db *db = open_db();
    const char *dir = test_tmpdir();
    char *report = NULL;
    assert_int_equal(db_questionnaire_load_file(db, write_file(dir, "mini.txt", SCAN_V1), NOW, NULL,
                                             &report), 1);
    int64_t before = count(db, "SELECT count(*) FROM questionnaires") * 1000 +
                     count(db, "SELECT count(*) FROM questionnaire_items");
    /* version 2 with a typo in one key: refused, version 1 stays the newest */
    const char *bad = write_file(dir, "mini.txt", SCAN_V2 "[c]\ntype = schaal\ntekts = x\n");
    assert_int_equal(db_questionnaire_load_file(db, bad, NOW + 1, NULL, &report), -1);
    assert_non_null(report);
    assert_non_null(strstr(report, "regel 19: 'tekts' kennen we niet"));
    free(report);
    assert_int_equal(count(db, "SELECT count(*) FROM questionnaires") * 1000 +
                         count(db, "SELECT count(*) FROM questionnaire_items"),
                     before);
    struct questionnaire *q = db_questionnaire_newest(db, "mini");
    assert_int_equal(q->version, 1);
    questionnaire_free(q);
    db_close(db);
}

static void a_folder_loads_good_files_and_reports_bad_ones(void **state)
{
    struct db *db = open_db();
    char *report = NULL;
    /* the shipped set */
    assert_int_equal(db_questionnaire_load_dir(db, "assets/questionnaires", 0, NOW, &report), 0);
    assert_null(report);
    struct db_questionnaire_info info[8];
    int n = db_questionnaire_list(db, info, 8);
    assert_int_equal(n, 3);
    assert_string_equal(info[0].name, "intake");
    assert_string_equal(info[1].name, "weekcheck");
    assert_string_equal(info[2].name, "zelfscan-beroepshouding");
    assert_string_equal(info[2].kind, "zelfscan");
    /* loading it again at the next start changes nothing */
    assert_int_equal(db_questionnaire_load_dir(db, "assets/questionnaires", 0, NOW + 9, &report),
                     0);
    assert_int_equal(count(db, "SELECT count(*) FROM questionnaires"), 3);

    const char *dir = test_tmpdir();
    write_file(dir, "goed.txt", SCAN_V1);
    write_file(dir, "kapot.txt", "id = kapot\nsoort = anders\n");
    write_file(dir, "notitie.md", "not a questionnaire");
    assert_int_equal(db_questionnaire_load_dir(db, dir, 0, NOW, &report), 1);
    assert_non_null(report);
    assert_non_null(strstr(report, "kapot.txt: bovenaan ontbreekt 'titel"));
    assert_null(strstr(report, "notitie"));
    free(report);
    struct questionnaire *q = db_questionnaire_newest(db, "mini");
    assert_non_null(q);
    questionnaire_free(q);
    assert_int_equal(db_questionnaire_load_dir(db, "tests/data/no-such-folder", 0, NOW, &report),
                     -1);
    db_close(db);
}

/* The kiosk loads the shipped set at every start (only_missing): that must
 * not undo a school's own edit of a default questionnaire. */
static void a_schools_edit_survives_the_next_start(void **state)
{
    struct db *db = open_db();
    char *report = NULL;
    assert_int_equal(db_questionnaire_load_dir(db, "assets/questionnaires", 1, NOW, &report), 0);
    assert_int_equal(count(db, "SELECT count(*) FROM questionnaires"), 3);
    const char *edit = write_file(test_tmpdir(), "weekcheck.txt",
                                  "id = weekcheck\nsoort = weekcheck\ntitel = Onze weekcheck\n"
                                  "[stage]\ntype = smiley\ntekst = Hoe ging het?\nsignaal = 1\n");
    assert_int_equal(db_questionnaire_load_file(db, edit, NOW + 1, NULL, &report), 1);
    assert_int_equal(db_questionnaire_load_dir(db, "assets/questionnaires", 1, NOW + 2, &report),
                     0);
    struct questionnaire *q = db_questionnaire_newest(db, "weekcheck");
    assert_int_equal(q->version, 2);
    assert_string_equal(q->title, "Onze weekcheck");
    questionnaire_free(q);
    assert_int_equal(count(db, "SELECT count(*) FROM questionnaires"), 4);
    db_close(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(default_zelfscan_has_ten_items_in_five_categories),
        cmocka_unit_test(default_weekcheck_marks_its_signals),
        cmocka_unit_test(default_intake_has_lists_and_goals),
        cmocka_unit_test(defaults_fill_what_a_file_leaves_out),
        cmocka_unit_test(broken_files_are_refused_with_line_numbers),
        cmocka_unit_test(every_problem_is_listed),
        cmocka_unit_test(canonical_text_round_trips),
        cmocka_unit_test(an_edit_makes_a_new_version_and_old_answers_keep_theirs),
        cmocka_unit_test(a_bad_file_changes_nothing),
        cmocka_unit_test(a_folder_loads_good_files_and_reports_bad_ones),
        cmocka_unit_test(a_schools_edit_survives_the_next_start),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
