/* cli.h: the admin commands (import-students, card-code, session ...). They
 * share the store code with the screens and print Dutch messages.
 * Exit status: 0 success, 1 a user error, 2 a usage error. */
#ifndef CLI_H
#define CLI_H

#include "firmware/config.h"

#include <stdio.h>

/* 1 when name is a command this module runs. */
int cli_is_command(const char *name);

/* Runs argv[0] with its arguments against the store in data_dir. */
int cli_run(int argc, char **argv, const struct config *cfg, const char *data_dir);

/* The commands' usage lines, for --help. */
void cli_usage(FILE *out);

#endif
