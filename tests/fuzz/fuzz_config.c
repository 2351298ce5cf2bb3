/* fuzz_config.c: the config file (INI) on any text.
 *
 * Promises checked (config.h): whatever the file says, every setting ends
 * within its range and every string is terminated; a second load of the same
 * text finds the same number of problems (no state left behind). */
#include "firmware/config.h"
#include "tests/fuzz/fuzz.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    fuzz_quiet();
    return 0;
}

static void check_ranges(const struct config *c)
{
    fuzz_check(memchr(c->data_dir, '\0', sizeof c->data_dir));
    fuzz_check(memchr(c->font, '\0', sizeof c->font));
    fuzz_check(memchr(c->dossier_url, '\0', sizeof c->dossier_url));
    fuzz_check(c->fullscreen == 0 || c->fullscreen == 1);
    fuzz_check(c->width >= 0 && c->width <= 8192);
    fuzz_check(c->height >= 0 && c->height <= 8192);
    fuzz_check(c->rotation >= 0 && c->rotation <= 270 && c->rotation % 90 == 0);
    fuzz_check(c->return_idle_s >= 2 && c->return_idle_s <= 60);
    fuzz_check(c->late_grace_min >= 0 && c->late_grace_min <= 720);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_cstring(data, size);
    struct config a, b;
    config_defaults(&a);
    int pa = config_load_string(&a, text);
    check_ranges(&a);
    config_defaults(&b);
    int pb = config_load_string(&b, text);
    fuzz_check(pa == pb);
    fuzz_check(pa >= -1);
    fuzz_check(!memcmp(&a, &b, sizeof a));
    free(text);
    return 0;
}
