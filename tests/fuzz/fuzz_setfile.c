/* fuzz_setfile.c: poll-set and card-set files (assets/polls/, assets/cards/
 * or a teacher's stick) on any bytes, read with both rule sets.
 *
 * Promises checked (setfile.h): a good set keeps within its rules (number
 * of blocks and items, a lower-case name) and holds readable text; a refused
 * file says why, one problem a line, capped. (A tab inside a text is
 * allowed, as in questionnaires.) */
#include "base/setfile.h"
#include "tests/fuzz/fuzz.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    fuzz_quiet();
    return 0;
}

static void check(const uint8_t *data, size_t size, const struct setfile_spec *spec)
{
    static struct setfile set; /* large: keep it off the stack */
    char *report = NULL;
    memset(&set, 0, sizeof set);
    int rc = setfile_parse((const char *)data, size, spec, &set, &report);
    fuzz_check(rc >= -1);
    if (report) {
        fuzz_check(fuzz_clean_text(report, "\n"));
        int lines = 0;
        for (const char *p = report; *p; p++)
            lines += *p == '\n';
        fuzz_check(lines <= SETFILE_REPORT_LINES + 2);
    }
    if (rc > 0)
        fuzz_check(report && report[0]);
    if (rc == 0) {
        fuzz_check(set.nblocks >= 1 && set.nblocks <= spec->max_blocks);
        fuzz_check(memchr(set.name, '\0', sizeof set.name) && set.name[0]);
        for (const char *p = set.name; *p; p++)
            fuzz_check(!(*p >= 'A' && *p <= 'Z'));
        fuzz_check(memchr(set.title, '\0', sizeof set.title));
        fuzz_check(fuzz_clean_text(set.title, "\t"));
        for (int b = 0; b < set.nblocks; b++) {
            const struct setfile_block *bl = &set.blocks[b];
            fuzz_check(bl->nitems >= spec->min_items && bl->nitems <= spec->max_items);
            fuzz_check(memchr(bl->text, '\0', sizeof bl->text) && fuzz_clean_text(bl->text, "\t"));
            for (int i = 0; i < bl->nitems; i++)
                fuzz_check(memchr(bl->items[i], '\0', sizeof bl->items[i]) &&
                           fuzz_clean_text(bl->items[i], "\t"));
        }
    }
    free(report);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    check(data, size, &setfile_polls);
    check(data, size, &setfile_cards);
    return 0;
}
