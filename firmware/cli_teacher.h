/* cli_teacher.h: the admin's side of teacher mode on the command line:
 * set-pin, export, merge, card-key, cards, purge. They share the store code
 * with the teacher screens. Each takes the command's own argv (argv[0] is
 * the command name), opens the store in data_dir itself, and returns the
 * exit status: 0 success, 1 a user error (a Dutch message says what to do),
 * 2 a usage error. cli.c lists them in its table. */
#ifndef CLI_TEACHER_H
#define CLI_TEACHER_H

#include "firmware/config.h"

#include <stddef.h>

int cli_teacher_set_pin(const struct config *cfg, const char *data_dir, int argc, char **argv);
int cli_teacher_export(const struct config *cfg, const char *data_dir, int argc, char **argv);
int cli_teacher_merge(const struct config *cfg, const char *data_dir, int argc, char **argv);
int cli_teacher_card_key(const struct config *cfg, const char *data_dir, int argc, char **argv);
int cli_teacher_cards(const struct config *cfg, const char *data_dir, int argc, char **argv);
/* teacher-card [--revoke] [--out FILE.pdf]: prints the teacher card's code
 * or writes it as a printable card; --revoke first stops all older ones. */
int cli_teacher_card(const struct config *cfg, const char *data_dir, int argc, char **argv);
/* Reads one line from stdin without its newline; without echo when stdin
 * is a terminal (prompt then goes to stderr). 0, or -1 at the end of input. */
int cli_teacher_read_secret(const char *prompt, char *out, size_t len);
int cli_teacher_purge(const struct config *cfg, const char *data_dir, int argc, char **argv);

#endif
