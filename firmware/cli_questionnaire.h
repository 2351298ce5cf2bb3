/* cli_questionnaire.h: `stagekiosk questionnaire ...` and `stagekiosk
 * signals`, the admin's side of zelfscan, weekcheck and intake:
 *   questionnaire list            every questionnaire, its newest version
 *   questionnaire load FILE       a school's own file (or an edit): a new
 *                                 version; a bad file changes nothing
 *   signals [--group NAAM]        the teacher's signals, with their reasons
 * Each takes the command's own argv (argv[0] is the command), opens the
 * store in data_dir itself and returns the exit status: 0 success, 1 a user
 * error (a Dutch message says what to do), 2 a usage error. cli.c lists
 * them. */
#ifndef CLI_QUESTIONNAIRE_H
#define CLI_QUESTIONNAIRE_H

#include "db/db.h"
#include "firmware/config.h"

#include <stdint.h>

int cli_questionnaire(const struct config *cfg, const char *data_dir, int argc, char **argv);
int cli_questionnaire_signals(const struct config *cfg, const char *data_dir, int argc,
                              char **argv);

#endif
