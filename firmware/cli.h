/* cli.h: the admin commands (import-students, card-code, session ...). They
 * share the store code with the screens and print Dutch messages.
 * Exit status: 0 success, 1 a user error, 2 a usage error. */
#ifndef CLI_H
#define CLI_H

#include "firmware/config.h"

#include <stdio.h>

struct db;

/* Exit statuses of every command. */
#define CLI_EXIT_USER 1
#define CLI_EXIT_USAGE 2

/* Opens the store in data_dir for a command; NULL after printing why.
 * Close with db_close(). */
struct db *cli_open_store(const char *data_dir);

/* Prints "Gebruik: stagekiosk <usage>" and returns CLI_EXIT_USAGE. */
int cli_usage_error(const char *usage);

/* One option of a command, --name: with value set it takes a value, stored
 * in *value; else it is a flag that sets *flag to 1. */
struct cli_option {
    const char *name;
    const char **value;
    int *flag;
};

#define CLI_OPTIONS_MAX 8

/* Reads the options in argv[1..] (argv[0] is the command) into opts, a list
 * ended by {0}; the operands are left in argv from optind on. Returns how
 * many operands there are, or -1 on an unknown option or a missing value
 * (getopt has said which). */
int cli_options(int argc, char **argv, const struct cli_option *opts);

/* Runs argv[0] with its arguments against the store in data_dir. */
int cli_run(int argc, char **argv, const struct config *cfg, const char *data_dir);

/* The commands' usage lines, for --help. */
void cli_usage(FILE *out);

#endif
