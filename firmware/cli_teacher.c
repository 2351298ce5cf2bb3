/* cli_teacher.c: set-pin, export, merge, card-key, cards and purge for
 * admins over SSH (see cli_teacher.h). Thin: the work is in db/ and in
 * ui/cards_pdf (which draws with cairo only, no SDL). */
#include "firmware/cli_teacher.h"
#include "db/db.h"
#include "firmware/cli.h"
#include "db/db_export.h"
#include "db/db_merge.h"
#include "db/db_pin.h"
#include "db/db_retention.h"
#include "firmware/card.h"
#include "firmware/card_keyfile.h"
#include "firmware/cards.h"
#include "base/clock.h"
#include "base/log.h"
#include "ui/cards_pdf.h"

#include <pwd.h>
#include <sys/stat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>




/* Who runs the command, for the export log: the person behind sudo when
 * there is one. */
static void who_am_i(char *out, size_t len)
{
    const char *sudo = getenv("SUDO_USER");
    struct passwd *pw = getpwuid(getuid());
    const char *name = sudo && *sudo ? sudo : pw ? pw->pw_name : "?";
    snprintf(out, len, "%s (opdrachtregel)", name);
}

/* ---- set-pin -------------------------------------------------------- */

int cli_teacher_read_secret(const char *prompt, char *out, size_t len)
{
    int tty = isatty(STDIN_FILENO);
    struct termios old, quiet;
    if (tty) {
        fputs(prompt, stderr);
        fflush(stderr);
        if (tcgetattr(STDIN_FILENO, &old) == 0) {
            quiet = old;
            quiet.c_lflag &= (tcflag_t)~ECHO;
            tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
        } else {
            tty = 0;
        }
    }
    char *got = fgets(out, (int)len, stdin);
    if (tty) {
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
        fputc('\n', stderr);
    }
    if (!got)
        return -1;
    out[strcspn(out, "\r\n")] = '\0';
    return 0;
}

int cli_teacher_set_pin(const struct config *cfg, const char *data_dir, int argc, char **argv)
{
    static const char *usage = "set-pin [--pin-stdin]";
    int once = 0;
    const struct cli_option opts[] = {{"pin-stdin", NULL, &once}, {0}};
    if (cli_options(argc, argv, opts) != 0)
        return cli_usage_error(usage);
    char pin[64] = "", again[64] = "";
    int rc = CLI_EXIT_USER;
    if (cli_teacher_read_secret("Nieuwe pincode (4 tot 8 cijfers): ", pin, sizeof pin) != 0) {
        fprintf(stderr, "Geen pincode gelezen. Er is niets veranderd.\n");
        goto done;
    }
    if (!db_pin_valid(pin)) {
        fprintf(stderr, "Een pincode is 4 tot 8 cijfers. Er is niets veranderd.\n");
        goto done;
    }
    if (!once) {
        if (cli_teacher_read_secret("Typ de pincode nog een keer: ", again, sizeof again) != 0 ||
            strcmp(pin, again) != 0) {
            fprintf(stderr, "De twee pincodes zijn niet gelijk. Er is niets veranderd.\n");
            goto done;
        }
    }
    struct db *db = cli_open_store(data_dir);
    if (!db)
        goto done;
    if (db_pin_set(db, pin) == 0) {
        puts("De nieuwe pincode is opgeslagen.");
        rc = 0;
    } else {
        fprintf(stderr, "De pincode kon niet worden opgeslagen. Probeer het opnieuw.\n");
    }
    db_close(db);
done:
    memset(pin, 0, sizeof pin);
    memset(again, 0, sizeof again);
    return rc;
}

/* ---- export --------------------------------------------------------- */

static int print_progress(void *user, int done, int total, const char *what)
{
    if (*(int *)user)
        fprintf(stderr, "\r%3d%%  %-24s", total ? 100 * done / total : 0, what);
    return 0;
}

int cli_teacher_export(const struct config *cfg, const char *data_dir, int argc, char **argv)
{
    static const char *usage = "export --to MAP";
    const char *to = NULL;
    const struct cli_option opts[] = {{"to", &to, NULL}, {0}};
    if (cli_options(argc, argv, opts) != 0 || !to)
        return cli_usage_error(usage);
    struct stat st;
    if (stat(to, &st) != 0 || !S_ISDIR(st.st_mode)) {
        /* a typing error, not a stick pulled out */
        fprintf(stderr, "De map %s bestaat niet. Er is niets opgeslagen.\n", to);
        return CLI_EXIT_USER;
    }
    struct db *db = cli_open_store(data_dir);
    if (!db)
        return CLI_EXIT_USER;
    char who[160];
    who_am_i(who, sizeof who);
    int tty = isatty(STDERR_FILENO);
    struct db_export_result r;
    int rc = db_export_run(db, to, who, clock_unix(), print_progress, &tty, &r);
    if (tty)
        fputs("\r                                   \r", stderr);
    db_close(db);
    if (rc != 0) {
        fprintf(stderr, "%s\n", r.err);
        return CLI_EXIT_USER;
    }
    printf("Klaar: %s (%d bestanden, %ld rijen).\n", r.folder, r.files, r.rows);
    return 0;
}

/* ---- merge ---------------------------------------------------------- */

int cli_teacher_merge(const struct config *cfg, const char *data_dir, int argc, char **argv)
{
    if (argc != 2 || argv[1][0] == '-')
        return cli_usage_error("merge SNAPSHOT");
    struct db *db = cli_open_store(data_dir);
    if (!db)
        return CLI_EXIT_USER;
    struct db_merge_result r;
    int rc = db_merge_snapshot(db, argv[1], &r);
    db_close(db);
    if (rc != 0) {
        fprintf(stderr, "%s\n", r.err);
        return CLI_EXIT_USER;
    }
    printf("Samengevoegd: %d nieuwe studenten (%d bijgewerkt), %d nieuwe groepen, "
           "%d nieuwe bijeenkomsten, %d nieuwe check-ins.\n",
           r.students_added, r.students_updated, r.groups_added, r.sessions_added,
           r.checkins_added);
    printf("En: %d nieuwe ingevulde vragenlijsten (%d antwoorden), %d nieuwe leerdoelen "
           "(%d bijgewerkt).\n",
           r.responses_added, r.answers_added, r.goals_added, r.goals_updated);
    if (r.talks_added)
        printf("%d %s als besproken gemarkeerd.\n", r.talks_added,
               r.talks_added == 1 ? "signaal is daar" : "signalen zijn daar");
    if (r.checkins_skipped)
        printf("%d check-ins stonden hier al (op een andere manier) en zijn overgeslagen.\n",
               r.checkins_skipped);
    if (r.unmerged[0])
        fprintf(stderr, "Let op: deze gegevens zijn niet samengevoegd: %s.\n", r.unmerged);
    return 0;
}

/* ---- card-key ------------------------------------------------------- */

int cli_teacher_card_key(const struct config *cfg, const char *data_dir, int argc, char **argv)
{
    static const char *usage = "card-key export BESTAND | card-key import BESTAND [--force]";
    if (argc < 3)
        return cli_usage_error(usage);
    char err[512];
    if (!strcmp(argv[1], "export")) {
        if (argc != 3)
            return cli_usage_error(usage);
        if (card_keyfile_export(data_dir, argv[2], err, sizeof err) != 0) {
            fprintf(stderr, "%s\n", err);
            return CLI_EXIT_USER;
        }
        printf("De sleutel staat in %s. Zet hem met 'card-key import' op de andere kiosk. "
               "Bewaar het bestand veilig: wie het heeft, kan passen maken.\n",
               argv[2]);
        return 0;
    }
    if (strcmp(argv[1], "import"))
        return cli_usage_error(usage);
    int force = 0;
    const char *file = NULL;
    for (int i = 2; i < argc; i++) {
        if (!strcmp(argv[i], "--force"))
            force = 1;
        else if (!file && argv[i][0] != '-')
            file = argv[i];
        else
            return cli_usage_error(usage);
    }
    if (!file)
        return cli_usage_error(usage);
    switch (card_keyfile_import(data_dir, file, force, err, sizeof err)) {
    case CARD_KEYFILE_IMPORTED:
        puts("De sleutel is overgenomen. Binnen een seconde werken de passen van de andere "
             "kiosk hier ook.");
        return 0;
    case CARD_KEYFILE_SAME:
        puts("Deze kiosk had deze sleutel al. Er is niets veranderd.");
        return 0;
    default:
        fprintf(stderr, "%s\n", err);
        return CLI_EXIT_USER;
    }
}

/* ---- cards ---------------------------------------------------------- */

/* The card key and the store, for the commands that make cards; NULL after
 * saying what went wrong. */
static struct db *open_key_and_store(const char *data_dir, struct card_key *key)
{
    char err[512];
    if (card_key_load(data_dir, key, err, sizeof err) != 0) {
        fprintf(stderr, "%s\n", err);
        return NULL;
    }
    return cli_open_store(data_dir);
}

int cli_teacher_cards(const struct config *cfg, const char *data_dir, int argc, char **argv)
{
    static const char *usage = "cards --group NAAM --out BESTAND.pdf";
    const char *group = NULL, *out = NULL;
    const struct cli_option opts[] = {{"group", &group, NULL}, {"out", &out, NULL}, {0}};
    if (cli_options(argc, argv, opts) != 0 || !group || !out)
        return cli_usage_error(usage);
    struct card_key key;
    char err[512];
    struct db *db = open_key_and_store(data_dir, &key);
    if (!db)
        return CLI_EXIT_USER;
    struct cards_result r;
    int rc = cards_write_group(db, &key, cfg, group, out, &r, err, sizeof err);
    if (rc != 0)
        fprintf(stderr, "%s\n", err);
    else
        printf("%d passen voor klas %s staan in %s (%d %s).\n", r.written, group, out, r.pages,
               r.pages > 1 ? "bladen" : "blad");
    if (r.skipped)
        fprintf(stderr, "Let op: %d %s geen pas, bijvoorbeeld %s: het studentnummer past niet "
                        "op een pas.\n",
                r.skipped, r.skipped == 1 ? "student kreeg" : "studenten kregen",
                r.skipped_first);
    db_close(db);
    return rc == 0 ? 0 : CLI_EXIT_USER;
}

/* ---- teacher-card ----------------------------------------------------- */

int cli_teacher_card(const struct config *cfg, const char *data_dir, int argc, char **argv)
{
    static const char *usage = "teacher-card [--revoke] [--out BESTAND.pdf]";
    const char *out = NULL;
    int revoke = 0;
    const struct cli_option opts[] = {{"revoke", NULL, &revoke}, {"out", &out, NULL}, {0}};
    if (cli_options(argc, argv, opts) != 0)
        return cli_usage_error(usage);
    struct card_key key;
    char err[512], code[CARD_CODE_MAX];
    struct db *db = open_key_and_store(data_dir, &key);
    if (!db)
        return CLI_EXIT_USER;
    int version = revoke ? db_pin_card_revoke(db) : db_pin_card_version(db);
    db_close(db);
    if (version < 0 || card_teacher_make(&key, version, code, sizeof code) != 0) {
        fprintf(stderr, "De docentpas kon niet worden gemaakt. Kijk in het logboek.\n");
        return CLI_EXIT_USER;
    }
    if (revoke)
        printf("De oude docentpassen werken niet meer. Print een nieuwe (versie %d).\n",
               version);
    if (!out) {
        puts(code);
        return 0;
    }
    struct cards_pdf_card card = {.heading = "Docentpas", .first_name = "Docentmenu",
                                  .last_name = "Alleen met de pincode",
                                  .line = "Niet aan studenten geven."};
    snprintf(card.payload, sizeof card.payload, "%s", code);
    if (cards_pdf_write(out, &card, 1, cfg->font, "stagekiosk docentpas", err, sizeof err) != 0) {
        fprintf(stderr, "%s\n", err);
        return CLI_EXIT_USER;
    }
    log_info("card: teacher card version %d written to %s", version, out);
    printf("De docentpas staat in %s. Bewaar hem goed: met de pincode opent hij het "
           "docentmenu.\n", out);
    return 0;
}

/* ---- purge ---------------------------------------------------------- */

int cli_teacher_purge(const struct config *cfg, const char *data_dir, int argc, char **argv)
{
    static const char *usage = "purge [--months N] [--yes]";
    const char *months_text = NULL;
    int months = cfg->retention_months, yes = 0;
    const struct cli_option opts[] = {{"months", &months_text, NULL}, {"yes", NULL, &yes}, {0}};
    if (cli_options(argc, argv, opts) != 0)
        return cli_usage_error(usage);
    if (months_text) {
        char *end;
        long v = strtol(months_text, &end, 10);
        if (end == months_text || *end || v < 1 || v > 1200) {
            fprintf(stderr, "Geef een aantal maanden van 1 tot 1200.\n");
            return CLI_EXIT_USAGE;
        }
        months = (int)v;
    }
    struct db *db = cli_open_store(data_dir);
    if (!db)
        return CLI_EXIT_USER;
    int64_t now = clock_unix();
    int n = db_retention_count(db, months, now);
    int rc = CLI_EXIT_USER;
    if (n < 0) {
        fprintf(stderr, "De studenten konden niet worden geteld.\n");
        goto done;
    }
    time_t cutoff = (time_t)db_retention_cutoff(months, now);
    struct tm tm;
    char date[16];
    localtime_r(&cutoff, &tm);
    strftime(date, sizeof date, "%d-%m-%Y", &tm);
    printf("%d %s sinds %s niet meer actief geweest (geen check-in, geen wijziging).\n", n,
           n == 1 ? "student is" : "studenten zijn", date);
    if (n == 0 || !yes) {
        if (n > 0)
            printf("Er is niets verwijderd. Gebruik --yes om %s met al %s gegevens te "
                   "verwijderen.\n",
                   n == 1 ? "deze student" : "ze", n == 1 ? "zijn of haar" : "hun");
        rc = 0;
        goto done;
    }
    int deleted = db_retention_purge(db, months, now);
    if (deleted < 0) {
        fprintf(stderr, "Verwijderen is mislukt. Er is niets verwijderd.\n");
        goto done;
    }
    printf("%d %s met al %s gegevens verwijderd.\n", deleted,
           deleted == 1 ? "student is" : "studenten zijn", deleted == 1 ? "zijn of haar" : "hun");
    rc = 0;
done:
    db_close(db);
    return rc;
}
