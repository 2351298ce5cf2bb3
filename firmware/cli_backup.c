/* cli_backup.c: the backup and restore commands (see cli_backup.h). */
#include "firmware/cli_backup.h"
#include "firmware/backup.h"
#include "firmware/cli.h"
#include "firmware/cli_teacher.h"
#include "base/clock.h"

#include <getopt.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

/* The passphrase from stdin: one line with --passphrase-stdin, else asked
 * (twice when confirm). 0, or -1 after saying why. */
static int read_passphrase(int once, int confirm, char *out, size_t len)
{
    char again[256];
    if (cli_teacher_read_secret("Wachtwoord van de back-up: ", out, len) != 0) {
        fprintf(stderr, "Geen wachtwoord gelezen. Er is niets veranderd.\n");
        return -1;
    }
    if (once || !confirm)
        return 0;
    int rc = 0;
    if (cli_teacher_read_secret("Typ het wachtwoord nog een keer: ", again, sizeof again) != 0 ||
        strcmp(out, again) != 0) {
        fprintf(stderr, "De twee wachtwoorden zijn niet gelijk. Er is niets opgeslagen.\n");
        rc = -1;
    }
    sodium_memzero(again, sizeof again);
    return rc;
}

int cli_backup_backup(const struct config *cfg, const char *data_dir, int argc, char **argv)
{
    static const char *usage = "backup --to MAP [--passphrase-stdin]";
    const char *to = NULL;
    int once = 0;
    const struct cli_option opts[] = {{"to", &to, NULL}, {"passphrase-stdin", NULL, &once}, {0}};
    if (cli_options(argc, argv, opts) != 0 || !to)
        return cli_usage_error(usage);
    char pass[256];
    int rc = CLI_EXIT_USER;
    if (read_passphrase(once, 1, pass, sizeof pass) != 0)
        goto done;
    struct db *db = cli_open_store(data_dir);
    if (!db)
        goto done;
    struct backup_result r;
    int ok = backup_write(db, data_dir, to, pass, clock_unix(), NULL, &r) == 0;
    db_close(db);
    if (!ok) {
        fprintf(stderr, "%s\n", r.err);
        goto done;
    }
    printf("Klaar: %s (%lld bytes). Bewaar het wachtwoord goed: zonder wachtwoord kan "
           "niemand de back-up terugzetten.\n",
           r.file, (long long)r.bytes);
    rc = 0;
done:
    sodium_memzero(pass, sizeof pass);
    return rc;
}

int cli_backup_restore(const struct config *cfg, const char *data_dir, int argc, char **argv)
{
    static const char *usage = "restore BESTAND [--passphrase-stdin] [--replace]";
    int once = 0, replace = 0;
    const struct cli_option opts[] = {
        {"passphrase-stdin", NULL, &once}, {"replace", NULL, &replace}, {0}};
    if (cli_options(argc, argv, opts) != 1)
        return cli_usage_error(usage);
    const char *file = argv[optind];
    char pass[256];
    int rc = CLI_EXIT_USER;
    if (read_passphrase(once, 0, pass, sizeof pass) != 0)
        goto done;
    struct backup_result r;
    if (backup_restore(file, data_dir, pass, replace, clock_unix(), &r) != 0) {
        fprintf(stderr, "%s\n", r.err);
        if (!replace && strstr(r.err, "al gegevens"))
            fprintf(stderr, "Weet je het zeker? Gebruik dan --replace.\n");
        goto done;
    }
    printf("De back-up is teruggezet.%s%s%s Start de kiosk opnieuw.\n",
           r.aside[0] ? " De oude gegevens staan in " : "", r.aside, r.aside[0] ? "." : "");
    rc = 0;
done:
    sodium_memzero(pass, sizeof pass);
    return rc;
}
