/* headless.h: runs a scenario file against the real app on SDL's dummy
 * video driver with a virtual clock. */
#ifndef HEADLESS_H
#define HEADLESS_H

#include "firmware/app.h"

struct headless_env {
    const char *self;           /* this program, for `cli` steps */
    const char *data_dir;
    const char *config_path;    /* NULL when none was given */
    const char *shots_dir;      /* NULL: `shot` steps are skipped */
};

/* Runs the scenario at path. 0 when every step passed, 1 when an expect
 * failed or a step could not run (the line and what was seen go to stderr). */
int headless_run(struct app *app, const char *path, const struct headless_env *env);

#endif
