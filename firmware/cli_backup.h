/* cli_backup.h: `stagekiosk backup --to DIR [--passphrase-stdin]` and
 * `stagekiosk restore FILE [--passphrase-stdin] [--replace]` (backup.h).
 * Exit status as cli_teacher.h: 0, 1 a user error (Dutch message), 2
 * usage. Without --passphrase-stdin the passphrase is asked on the
 * terminal (twice for a backup). */
#ifndef CLI_BACKUP_H
#define CLI_BACKUP_H

#include "firmware/config.h"

int cli_backup_backup(const struct config *cfg, const char *data_dir, int argc, char **argv);
int cli_backup_restore(const struct config *cfg, const char *data_dir, int argc, char **argv);

#endif
