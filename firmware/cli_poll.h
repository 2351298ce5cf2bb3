/* cli_poll.h: `stagekiosk poll ...`, the admin's side of group polls:
 * sets, load FILE, open SET QUESTION [--verified], reveal, close, results.
 * A running kiosk picks each change up within a second. Takes the
 * command's own argv (argv[0] is "poll"), opens the store in data_dir
 * itself and returns the exit status: 0 success, 1 a user error (a Dutch
 * message says what to do), 2 a usage error. cli.c lists it. */
#ifndef CLI_POLL_H
#define CLI_POLL_H

#include "firmware/config.h"

int cli_poll(const struct config *cfg, const char *data_dir, int argc, char **argv);

#endif
