/* cli_poll.c: `stagekiosk poll ...` (see cli_poll.h). A table of
 * sub-commands over db_poll.h; every message is Dutch at B1 level. */
#include "firmware/cli_poll.h"
#include "firmware/cli.h"
#include "db/db_poll.h"
#include "firmware/assets.h"
#include "base/clock.h"
#include "base/log.h"
#include "base/setfile.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_SETS 100

static const char usage[] =
    "poll sets | poll load BESTAND | poll open SET VRAAG [--verified]\n"
    "  stagekiosk poll reveal | poll close | poll results";

static int usage_error(void)
{
    return cli_usage_error(usage);
}


/* A fresh store gets the shipped sets, as the kiosk does at start. */
static void load_defaults(struct db *db)
{
    char dir[4096];
    if (assets_path("polls", dir, sizeof dir) == 0)
        db_poll_set_defaults(db, dir, clock_unix());
}

/* ---- poll sets -------------------------------------------------------- */

static int cmd_sets(struct db *db, const struct config *cfg, int argc, char **argv)
{
    if (argc != 1)
        return usage_error();
    load_defaults(db);
    struct db_poll_set *sets = calloc(MAX_SETS, sizeof *sets);
    struct db_poll_question *q = calloc(SETFILE_BLOCKS_MAX, sizeof *q);
    int rc = CLI_EXIT_USER;
    if (!sets || !q)
        goto out;
    int n = db_poll_set_list(db, sets, MAX_SETS);
    if (n < 0)
        goto out;
    if (n == 0)
        puts("Er zijn nog geen sets. Laad er een met 'stagekiosk poll load BESTAND'.");
    for (int i = 0; i < n; i++) {
        printf("%s%s (versie %d): %s\n", i ? "\n" : "", sets[i].name, sets[i].version,
               sets[i].title);
        int nq = db_poll_set_questions(db, sets[i].id, q, SETFILE_BLOCKS_MAX);
        for (int k = 0; k < nq; k++) {
            printf("  %2d  %s\n      ", q[k].number, q[k].text);
            for (int o = 0; o < q[k].noptions; o++)
                printf("%s%d %s", o ? " · " : "", o + 1, q[k].options[o]);
            putchar('\n');
        }
    }
    if (n > 0)
        puts("\nOpen een vraag met 'stagekiosk poll open SET VRAAG'.");
    rc = 0;
out:
    free(sets);
    free(q);
    return rc;
}

/* ---- poll load --------------------------------------------------------- */

static int cmd_load(struct db *db, const struct config *cfg, int argc, char **argv)
{
    if (argc != 2 || argv[1][0] == '-')
        return usage_error();
    struct setfile *set = malloc(sizeof *set);
    if (!set)
        return CLI_EXIT_USER;
    char *report = NULL, err[512];
    int rc = CLI_EXIT_USER;
    int problems = setfile_read(argv[1], &setfile_polls, set, &report);
    if (problems != 0) {
        if (report)
            fputs(report, stderr);
        fprintf(stderr, "Er is niets geladen: los eerst %s op.\n",
                problems == 1 ? "dit probleem" : "deze problemen");
        goto out;
    }
    struct db_poll_set out;
    int stored = db_poll_set_import(db, set, argv[1], clock_unix(), &out, err, sizeof err);
    if (stored < 0) {
        fprintf(stderr, "%s\n", err);
        goto out;
    }
    if (stored)
        printf("Set '%s' versie %d is geladen: %d %s.\n", out.name, out.version, out.questions,
               out.questions == 1 ? "vraag" : "vragen");
    else
        printf("Set '%s' was al geladen (versie %d). Er is niets veranderd.\n", out.name,
               out.version);
    rc = 0;
out:
    free(report);
    free(set);
    return rc;
}

/* ---- poll open / reveal / close ------------------------------------------- */

static int cmd_open(struct db *db, const struct config *cfg, int argc, char **argv)
{
    int verified = 0;
    const struct cli_option opts[] = {{"verified", NULL, &verified}, {0}};
    if (cli_options(argc, argv, opts) != 2)
        return usage_error();
    const char *set = argv[optind];
    char *end;
    long number = strtol(argv[optind + 1], &end, 10);
    if (end == argv[optind + 1] || *end || number < 1 || number > SETFILE_BLOCKS_MAX) {
        fprintf(stderr, "'%s' is geen vraagnummer. Kijk met 'stagekiosk poll sets'.\n",
                argv[optind + 1]);
        return CLI_EXIT_USER;
    }
    load_defaults(db);
    char err[512];
    int64_t id = db_poll_open(db, set, (int)number, verified, clock_unix(), err, sizeof err);
    if (id < 0) {
        fprintf(stderr, "%s\n", err);
        return CLI_EXIT_USER;
    }
    struct db_poll p;
    if (db_poll_get(db, id, &p) != 1)
        return CLI_EXIT_USER;
    printf("Vraag %d van %s staat open: %s\n", p.q.number, p.set_name, p.q.text);
    if (verified)
        puts("Met pas: elke student scant eerst zijn pas en stemt één keer.");
    return 0;
}

static int cmd_reveal(struct db *db, const struct config *cfg, int argc, char **argv)
{
    if (argc != 1)
        return usage_error();
    int rc = db_poll_reveal(db, clock_unix());
    if (rc < 0)
        return CLI_EXIT_USER;
    puts(rc == 1   ? "De uitslag staat nu op het scherm."
         : rc == 2 ? "De uitslag stond al op het scherm."
                   : "Er staat geen poll open.");
    return 0;
}

static int cmd_close(struct db *db, const struct config *cfg, int argc, char **argv)
{
    if (argc != 1)
        return usage_error();
    int rc = db_poll_close(db, clock_unix());
    if (rc < 0)
        return CLI_EXIT_USER;
    puts(rc ? "De poll is gesloten." : "Er stond geen poll open.");
    return 0;
}

/* ---- poll results ------------------------------------------------------------ */

static int cmd_results(struct db *db, const struct config *cfg, int argc, char **argv)
{
    if (argc != 1)
        return usage_error();
    struct db_poll *p = malloc(sizeof *p);
    if (!p)
        return CLI_EXIT_USER;
    int rc = CLI_EXIT_USER;
    int found = db_poll_current(db, p);
    if (found == 0)
        found = db_poll_last(db, p);
    if (found <= 0) {
        if (found == 0)
            fprintf(stderr, "Er is nog geen poll geweest. Open er een met 'stagekiosk poll "
                            "open SET VRAAG'.\n");
        goto out;
    }
    struct db_poll_tally t;
    if (db_poll_tally(db, p->id, cfg->poll_min_votes, &t) != 0)
        goto out;
    char opened[6], closed[6];
    clock_hhmm(p->opened_at, opened);
    clock_hhmm(p->closed_at, closed);
    printf("Vraag %d van %s (versie %d)%s\n%s\n", p->q.number, p->set_name, p->set_version,
           p->verified ? ", met pas" : "", p->q.text);
    if (p->closed_at)
        printf("Open van %s tot %s.\n", opened, closed);
    else
        printf("Open sinds %s; de uitslag is %s.\n", opened,
               p->revealed_at || !cfg->poll_hide_results ? "zichtbaar" : "nog verborgen");
    for (int i = 0; i < t.noptions; i++) {
        if (!t.shown) {
            printf("  %d  %s\n", i + 1, p->q.options[i]);
            continue;
        }
        char bar[21];
        int len = t.percent[i] / 5;
        memset(bar, '#', (size_t)len);
        bar[len] = '\0';
        printf("  %d  %-40s %4d  %3d%%  %s\n", i + 1, p->q.options[i], t.count[i],
               t.percent[i], bar);
    }
    printf("n = %d", t.n);
    if (p->rejected)
        printf(" (en %d keer gedrukt tijdens de wachttijd)", p->rejected);
    putchar('\n');
    if (!t.shown)
        printf("Bij minder dan %d stemmen tonen we alleen het aantal.\n", cfg->poll_min_votes);
    rc = 0;
out:
    free(p);
    return rc;
}

/* ---- the table ------------------------------------------------------------------ */

int cli_poll(const struct config *cfg, const char *data_dir, int argc, char **argv)
{
    static const struct {
        const char *name;
        int (*run)(struct db *db, const struct config *cfg, int argc, char **argv);
    } subs[] = {
        {"sets", cmd_sets},     {"load", cmd_load},   {"open", cmd_open},
        {"reveal", cmd_reveal}, {"close", cmd_close}, {"results", cmd_results},
    };
    if (argc < 2)
        return usage_error();
    for (size_t i = 0; i < sizeof subs / sizeof subs[0]; i++) {
        if (strcmp(argv[1], subs[i].name))
            continue;
        struct db *db = cli_open_store(data_dir);
        if (!db)
            return CLI_EXIT_USER;
        /* The sub-command is argv[0] of what it sees. */
        int rc = subs[i].run(db, cfg, argc - 1, argv + 1);
        db_close(db);
        return rc;
    }
    return usage_error();
}
