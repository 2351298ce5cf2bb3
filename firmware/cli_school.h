/* cli_school.h: `stagekiosk school init [--admin VERBINDING]` (create or
 * migrate the school's PostgreSQL schema from the SQL files in assets/school) and
 * `stagekiosk school sync` (one sync round in the foreground, saying what
 * moved; the running kiosk syncs by itself, firmware/sync.h). Takes the
 * command's own argv (argv[0] is "school"); returns the exit status. */
#ifndef CLI_SCHOOL_H
#define CLI_SCHOOL_H

#include "firmware/config.h"

int cli_school(const struct config *cfg, const char *data_dir, int argc, char **argv);

#endif
