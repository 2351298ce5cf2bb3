/* cli_questionnaire.c: `stagekiosk questionnaire ...` and `stagekiosk signals`
 * (see cli_questionnaire.h), over db_questionnaire.h and db_signal.h. */
#include "firmware/cli_questionnaire.h"
#include "firmware/cli.h"
#include "db/db_questionnaire.h"
#include "db/db_signal.h"
#include "db/db_student.h"
#include "base/clock.h"
#include "base/log.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_LIST 200

static const char usage_questionnaire[] = "questionnaire list | questionnaire load BESTAND";
static const char usage_signals[] = "signals [--group NAAM]";

static int questionnaire_list(struct db *db)
{
    struct db_questionnaire_info *list = calloc(MAX_LIST, sizeof *list);
    if (!list)
        return CLI_EXIT_USER;
    int n = db_questionnaire_list(db, list, MAX_LIST);
    if (n < 0) {
        fprintf(stderr, "De database is niet te lezen.\n");
        free(list);
        return CLI_EXIT_USER;
    }
    if (n == 0)
        puts("Er zijn nog geen vragenlijsten. Laad er een met: stagekiosk questionnaire load "
             "BESTAND");
    for (int i = 0; i < n; i++)
        printf("%-28s %-10s versie %-3d %5d keer ingevuld  %s\n", list[i].name, list[i].kind,
               list[i].version, list[i].finished, list[i].title);
    free(list);
    return 0;
}

static int questionnaire_load(struct db *db, const char *path)
{
    struct questionnaire *q = NULL;
    char *report = NULL;
    int rc = db_questionnaire_load_file(db, path, clock_unix(), &q, &report);
    if (rc < 0) {
        fprintf(stderr, "%sDe vragenlijst is niet geladen: los eerst %s op.\n",
                report ? report : "", report && strchr(report, '\n') != strrchr(report, '\n')
                                          ? "deze problemen" : "dit probleem");
        free(report);
        return CLI_EXIT_USER;
    }
    if (rc == 1)
        printf("Vragenlijst '%s' is opgeslagen als versie %d. Oude antwoorden blijven bij hun "
               "eigen versie.\n", q->id, q->version);
    else
        printf("Vragenlijst '%s' is niet veranderd (versie %d).\n", q->id, q->version);
    questionnaire_free(q);
    return 0;
}

int cli_questionnaire(const struct config *cfg, const char *data_dir, int argc, char **argv)
{
    int list = argc == 2 && !strcmp(argv[1], "list");
    int load = argc == 3 && !strcmp(argv[1], "load") && argv[2][0] != '-';
    if (!list && !load)
        return cli_usage_error(usage_questionnaire);
    struct db *db = cli_open_store(data_dir);
    if (!db)
        return CLI_EXIT_USER;
    int rc = list ? questionnaire_list(db) : questionnaire_load(db, argv[2]);
    db_close(db);
    return rc;
}

int cli_questionnaire_signals(const struct config *cfg, const char *data_dir, int argc, char **argv)
{
    const char *group = NULL;
    const struct cli_option opts[] = {{"group", &group, NULL}, {0}};
    if (cli_options(argc, argv, opts) != 0)
        return cli_usage_error(usage_signals);
    struct db *db = cli_open_store(data_dir);
    if (!db)
        return CLI_EXIT_USER;
    int rc = CLI_EXIT_USER;
    int64_t gid = 0;
    if (group && (gid = db_group_id(db, group, 0)) <= 0) {
        fprintf(stderr, "Groep '%s' bestaat niet.\n", group);
        goto out;
    }
    struct db_signal *sig = NULL;
    int n = db_signal_list(db, gid, &sig);
    if (n < 0) {
        fprintf(stderr, "De signalen zijn niet te lezen.\n");
        goto out;
    }
    if (n == 0)
        puts("Geen signalen.");
    for (int i = 0; i < n; i++)
        printf("%-8s %s (%s): %s\n", sig[i].group, sig[i].name, sig[i].number, sig[i].reason);
    free(sig);
    rc = 0;
out:
    db_close(db);
    return rc;
}
