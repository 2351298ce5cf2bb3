/* cli_school.c: see cli_school.h. */
#include "firmware/cli_school.h"
#include "db/db_school.h"
#include "db/db_sync.h"
#include "db/db_sync_tables.h"
#include "firmware/assets.h"
#include "firmware/cli.h"
#include "base/clock.h"

#include <stdio.h>
#include <string.h>

static const char usage[] = "school init [--admin VERBINDING] | school sync";

static int no_school(void)
{
    fprintf(stderr, "Deze kiosk heeft geen schooldatabase. Zet in de configuratie onder "
                    "[school] een regel database = ... (zie image/README.md).\n");
    return CLI_EXIT_USER;
}

static int school_init(const struct config *cfg, int argc, char **argv)
{
    const char *admin = NULL;
    const struct cli_option opts[] = {{"admin", &admin, NULL}, {0}};
    if (cli_options(argc, argv, opts) != 0)
        return cli_usage_error(usage);
    if (!admin && !cfg->school_database[0])
        return no_school();
    char dir[4096], err[512];
    if (assets_path("school", dir, sizeof dir) != 0) {
        fprintf(stderr, "De schema-bestanden (assets/school) zijn niet gevonden.\n");
        return CLI_EXIT_USER;
    }
    /* The admin's own connection: libpq's ways for the password (PGPASSWORD,
     * ~/.pgpass), never the kiosk's file. */
    PGconn *pg = db_school_connect(admin ? admin : cfg->school_database,
                                   admin ? NULL : cfg->school_password_file, err, sizeof err);
    if (!pg) {
        fprintf(stderr, "%s\n", err);
        return CLI_EXIT_USER;
    }
    int applied = 0, rc = db_school_init(pg, dir, &applied, err, sizeof err);
    PQfinish(pg);
    if (rc != 0) {
        fprintf(stderr, "%s\n", err);
        return CLI_EXIT_USER;
    }
    if (applied)
        printf("De schooldatabase is bijgewerkt (%d stap%s). Geef elke kiosk een eigen "
               "login in de rol stagekiosk_kiosk.\n", applied, applied == 1 ? "" : "pen");
    else
        printf("De schooldatabase was al bij.\n");
    return 0;
}

static void print_moved(const char *what, int total, const int *by)
{
    printf("%s: %d", what, total);
    const char *sep = " (";
    for (int t = 0; t < db_sync_table_count; t++) {
        if (!by[t])
            continue;
        printf("%s%s %d", sep, db_sync_tables[t].label, by[t]);
        sep = ", ";
    }
    printf("%s\n", total ? ")" : "");
}

static int school_sync(const struct config *cfg, const char *data_dir, int argc)
{
    if (argc != 1)
        return cli_usage_error(usage);
    if (!cfg->school_database[0])
        return no_school();
    char err[512];
    PGconn *pg = db_school_connect(cfg->school_database, cfg->school_password_file, err,
                                   sizeof err);
    if (!pg) {
        fprintf(stderr, "%s\n", err);
        return CLI_EXIT_USER;
    }
    if (db_school_check(pg, err, sizeof err) != 0) {
        PQfinish(pg);
        fprintf(stderr, "%s\n", err);
        return CLI_EXIT_USER;
    }
    struct db *db = cli_open_store(data_dir);
    if (!db) {
        PQfinish(pg);
        return CLI_EXIT_USER;
    }
    struct db_sync_result r;
    int rc = db_sync_round(db, pg, DB_SYNC_BATCH, &r);
    db_sync_note(db, rc == 0, clock_unix());
    print_moved("Verstuurd", r.pushed, r.pushed_by);
    print_moved("Opgehaald van andere kiosks", r.pulled, r.pulled_by);
    if (rc != 0)
        fprintf(stderr, "%s\nWat al verstuurd of opgehaald was, blijft bewaard. "
                        "Probeer het later opnieuw.\n", r.err);
    else
        printf("Wachten nog: %d\n", r.waiting);
    db_close(db);
    PQfinish(pg);
    return rc == 0 ? 0 : CLI_EXIT_USER;
}

int cli_school(const struct config *cfg, const char *data_dir, int argc, char **argv)
{
    if (argc < 2)
        return cli_usage_error(usage);
    if (!strcmp(argv[1], "init"))
        return school_init(cfg, argc - 1, argv + 1);
    if (!strcmp(argv[1], "sync"))
        return school_sync(cfg, data_dir, argc - 1);
    return cli_usage_error(usage);
}
