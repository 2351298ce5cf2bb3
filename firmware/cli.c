/* cli.c: one table of admin commands; each parses its own options. */
#include "firmware/cli.h"
#include "db/db.h"
#include "db/db_import.h"
#include "db/db_session.h"
#include "db/db_student.h"
#include "firmware/card.h"
#include "firmware/cli_backup.h"
#include "firmware/cli_questionnaire.h"
#include "firmware/cli_poll.h"
#include "firmware/cli_school.h"
#include "firmware/cli_teacher.h"
#include "base/clock.h"
#include "base/log.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


struct cli_ctx {
    const struct config *cfg;
    const char *data_dir;
    struct db *db;
};

struct db *cli_open_store(const char *data_dir)
{
    char path[4096], err[512];
    snprintf(path, sizeof path, "%s/stagekiosk.db", data_dir);
    struct db *db = db_open(path, err, sizeof err);
    if (!db)
        fprintf(stderr, "%s\n", err);
    return db;
}

int cli_usage_error(const char *usage)
{
    fprintf(stderr, "Gebruik: stagekiosk %s\n", usage);
    return CLI_EXIT_USAGE;
}

int cli_options(int argc, char **argv, const struct cli_option *opts)
{
    struct option longs[CLI_OPTIONS_MAX + 1];
    int n = 0;
    for (; opts[n].name && n < CLI_OPTIONS_MAX; n++)
        longs[n] = (struct option){opts[n].name, opts[n].value ? required_argument : no_argument,
                                   NULL, n + 1};
    longs[n] = (struct option){0};
    optind = 0; /* glibc: start over */
    int o;
    while ((o = getopt_long(argc, argv, "", longs, NULL)) != -1) {
        if (o < 1 || o > n)
            return -1;
        if (opts[o - 1].value)
            *opts[o - 1].value = optarg;
        else
            *opts[o - 1].flag = 1;
    }
    return argc - optind;
}

static struct db *open_store(struct cli_ctx *c)
{
    return c->db = cli_open_store(c->data_dir);
}


/* ---- import-students ---------------------------------------------- */

static int cmd_import(struct cli_ctx *c, int argc, char **argv)
{
    const char *group = NULL;
    int dry_run = 0;
    const struct cli_option opts[] = {{"group", &group, NULL}, {"dry-run", NULL, &dry_run}, {0}};
    if (cli_options(argc, argv, opts) != 1)
        return cli_usage_error("import-students BESTAND [--group NAAM] [--dry-run]");
    if (!open_store(c))
        return CLI_EXIT_USER;
    struct db_import_result r;
    int rc = db_import_students_file(c->db, argv[optind], group, dry_run, clock_unix(), &r);
    if (r.report && *r.report) {
        /* the report's lines are separated, not ended, by '\n' */
        FILE *to = rc == 0 ? stdout : stderr;
        fputs(r.report, to);
        if (r.report[strlen(r.report) - 1] != '\n')
            fputc('\n', to);
    }
    if (rc == 0)
        printf("%s%d studenten gelezen: %d nieuw, %d bijgewerkt, %d ongewijzigd.\n",
               dry_run ? "Proefimport, er is niets opgeslagen. " : "", r.rows, r.added,
               r.updated, r.same);
    else if (rc > 0)
        fprintf(stderr, "Er is niets geïmporteerd: los eerst %s op.\n",
                r.problems == 1 ? "dit probleem" : "deze problemen");
    free(r.report);
    return rc == 0 ? 0 : CLI_EXIT_USER;
}

/* ---- card-code ------------------------------------------------------ */

static int cmd_card_code(struct cli_ctx *c, int argc, char **argv)
{
    if (argc != 2 || argv[1][0] == '-')
        return cli_usage_error("card-code STUDENTNUMMER");
    if (!open_store(c))
        return CLI_EXIT_USER;
    struct db_student s;
    int found = db_student_find(c->db, argv[1], &s);
    if (found <= 0) {
        fprintf(stderr, "Student %s staat niet in de database. Importeer eerst de lijst.\n",
                argv[1]);
        return CLI_EXIT_USER;
    }
    struct card_key key;
    char err[512], payload[4096];
    if (card_key_load(c->data_dir, &key, err, sizeof err) != 0) {
        fprintf(stderr, "%s\n", err);
        return CLI_EXIT_USER;
    }
    if (card_payload(&key, s.number, s.card_version, c->cfg->dossier_url, payload,
                     sizeof payload) != 0) {
        fprintf(stderr,
                "Studentnummer %s past niet op een pas: alleen cijfers, hoofdletters en '-', "
                "hoogstens 20 tekens.\n",
                s.number);
        return CLI_EXIT_USER;
    }
    puts(payload);
    return 0;
}

/* ---- card-revoke --------------------------------------------------- */

static int cmd_card_revoke(struct cli_ctx *c, int argc, char **argv)
{
    if (argc != 2 || argv[1][0] == '-')
        return cli_usage_error("card-revoke STUDENTNUMMER");
    if (!open_store(c))
        return CLI_EXIT_USER;
    int version = db_student_revoke_card(c->db, argv[1]);
    if (version < 0) {
        fprintf(stderr, "Student %s staat niet in de database.\n", argv[1]);
        return CLI_EXIT_USER;
    }
    log_info("card: card of student %s revoked, new version %d", argv[1], version);
    printf("De oude pas van %s werkt niet meer. Print een nieuwe pas (versie %d).\n", argv[1],
           version);
    return 0;
}

/* ---- session ------------------------------------------------------- */

static int cmd_session(struct cli_ctx *c, int argc, char **argv)
{
    static const char *usage =
        "session start --kind terugkomdag|intake|bijeenkomst --group NAAM --title TEKST "
        "[--late-after UU:MM]\n       stagekiosk session stop";
    if (argc < 2)
        return cli_usage_error(usage);
    if (!strcmp(argv[1], "stop")) {
        if (argc != 2)
            return cli_usage_error(usage);
        if (!open_store(c))
            return CLI_EXIT_USER;
        int rc = db_session_stop(c->db, clock_unix());
        if (rc < 0)
            return CLI_EXIT_USER;
        puts(rc ? "De bijeenkomst is gestopt." : "Er liep geen bijeenkomst.");
        return 0;
    }
    if (strcmp(argv[1], "start"))
        return cli_usage_error(usage);

    const char *kind = NULL, *group = NULL, *title = NULL, *late = NULL;
    const struct cli_option opts[] = {
        {"kind", &kind, NULL}, {"group", &group, NULL}, {"title", &title, NULL},
        {"late-after", &late, NULL}, {0},
    };
    /* Parse after "start": the sub-command is argv[0] of what getopt sees. */
    int operands = cli_options(argc - 1, argv + 1, opts);
    if (!kind || !group || !title || operands != 0)
        return cli_usage_error(usage);
    if (!*title || strlen(title) >= DB_TITLE_MAX) {
        fprintf(stderr, "Geef een titel van 1 tot %d tekens.\n", DB_TITLE_MAX - 1);
        return CLI_EXIT_USER;
    }
    int64_t now = clock_unix();
    int64_t late_at = now + c->cfg->late_grace_min * 60;
    if (late && (late_at = clock_at_hhmm(now, late)) < 0) {
        fprintf(stderr, "'%s' is geen tijd. Schrijf bijvoorbeeld 09:15.\n", late);
        return CLI_EXIT_USER;
    }
    if (!open_store(c))
        return CLI_EXIT_USER;
    char err[512];
    if (db_session_start(c->db, kind, group, title, now, late_at, err, sizeof err) < 0) {
        fprintf(stderr, "%s\n", err);
        return CLI_EXIT_USER;
    }
    char hhmm[6];
    clock_hhmm(late_at, hhmm);
    printf("%s '%s' voor groep %s is gestart. Te laat na %s.\n", kind, title, group, hhmm);
    return 0;
}

/* ---- teacher mode's admin commands (firmware/cli_teacher.c) ------- */

#define TEACHER_CMD(name, fn)                                         \
    static int name(struct cli_ctx *c, int argc, char **argv)         \
    {                                                                 \
        return fn(c->cfg, c->data_dir, argc, argv);                   \
    }
TEACHER_CMD(cmd_set_pin, cli_teacher_set_pin)
TEACHER_CMD(cmd_export, cli_teacher_export)
TEACHER_CMD(cmd_merge, cli_teacher_merge)
TEACHER_CMD(cmd_card_key, cli_teacher_card_key)
TEACHER_CMD(cmd_cards, cli_teacher_cards)
TEACHER_CMD(cmd_purge, cli_teacher_purge)
TEACHER_CMD(cmd_teacher_card, cli_teacher_card)
TEACHER_CMD(cmd_poll, cli_poll) /* firmware/cli_poll.c */
TEACHER_CMD(cmd_questionnaire, cli_questionnaire) /* firmware/cli_questionnaire.c */
TEACHER_CMD(cmd_signals, cli_questionnaire_signals)
TEACHER_CMD(cmd_school, cli_school) /* firmware/cli_school.c */
TEACHER_CMD(cmd_backup, cli_backup_backup) /* firmware/cli_backup.c */
TEACHER_CMD(cmd_restore, cli_backup_restore)

/* ---- the table ----------------------------------------------------- */

static const struct {
    const char *name;
    int (*run)(struct cli_ctx *c, int argc, char **argv);
    const char *usage;
} commands[] = {
    {"import-students", cmd_import, "import-students BESTAND [--group NAAM] [--dry-run]"},
    {"card-code", cmd_card_code, "card-code STUDENTNUMMER"},
    {"card-revoke", cmd_card_revoke, "card-revoke STUDENTNUMMER"},
    {"session", cmd_session,
     "session start --kind terugkomdag|intake|bijeenkomst --group NAAM --title TEKST "
     "[--late-after UU:MM]\n  stagekiosk session stop"},
    {"set-pin", cmd_set_pin, "set-pin [--pin-stdin]"},
    {"export", cmd_export, "export --to MAP"},
    {"merge", cmd_merge, "merge SNAPSHOT"},
    {"card-key", cmd_card_key, "card-key export BESTAND | card-key import BESTAND [--force]"},
    {"cards", cmd_cards, "cards --group NAAM --out BESTAND.pdf"},
    {"teacher-card", cmd_teacher_card, "teacher-card [--revoke] [--out BESTAND.pdf]"},
    {"purge", cmd_purge, "purge [--months N] [--yes]"},
    {"poll", cmd_poll,
     "poll sets | poll load BESTAND | poll open SET VRAAG [--verified]\n"
     "  stagekiosk poll reveal | poll close | poll results"},
    {"questionnaire", cmd_questionnaire, "questionnaire list | questionnaire load BESTAND"},
    {"signals", cmd_signals, "signals [--group NAAM]"},
    {"school", cmd_school, "school init [--admin VERBINDING] | school sync"},
    {"backup", cmd_backup, "backup --to MAP [--passphrase-stdin]"},
    {"restore", cmd_restore, "restore BESTAND [--passphrase-stdin] [--replace]"},
};

#define NCOMMANDS (sizeof commands / sizeof commands[0])

void cli_usage(FILE *out)
{
    for (size_t i = 0; i < NCOMMANDS; i++)
        fprintf(out, "  stagekiosk %s\n", commands[i].usage);
}

int cli_run(int argc, char **argv, const struct config *cfg, const char *data_dir)
{
    struct cli_ctx c = {cfg, data_dir, NULL};
    for (size_t i = 0; i < NCOMMANDS; i++) {
        if (strcmp(argv[0], commands[i].name))
            continue;
        int rc = commands[i].run(&c, argc, argv);
        db_close(c.db);
        return rc;
    }
    fprintf(stderr, "Onbekende opdracht '%s'. Zie stagekiosk --help.\n", argv[0]);
    return CLI_EXIT_USAGE;
}
