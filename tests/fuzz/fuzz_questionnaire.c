/* fuzz_questionnaire.c: questionnaire files (zelfscan, weekcheck, intake:
 * assets/questionnaires/ or a school's own) on any bytes.
 *
 * Promises checked (questionnaire.h): a refused file says why, one
 * problem a line; a good one holds readable text within its limits, and its
 * canonical text parses back to the same canonical text (db_questionnaire
 * compares versions by it, so a wobble would store a new version at every
 * start). */
#include "base/questionnaire.h"
#include "base/utf8.h"
#include "tests/fuzz/fuzz.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    fuzz_quiet();
    return 0;
}

static void check_text(const char *s, size_t size)
{
    fuzz_check(memchr(s, '\0', size));
    fuzz_check(utf8_text(s, strlen(s), UTF8_TAB) >= 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *report = NULL;
    struct questionnaire *q = questionnaire_parse((const char *)data, size, &report);
    if (!q) {
        fuzz_check(report && report[0] && fuzz_clean_text(report, "\n"));
        free(report);
        return 0;
    }
    fuzz_check(report == NULL);
    fuzz_check(q->id[0] && q->nitems >= 0 && q->nitems <= QUESTIONNAIRE_ITEMS_MAX);
    check_text(q->title, sizeof q->title);
    check_text(q->intro, sizeof q->intro);
    for (int i = 0; i < q->nitems; i++) {
        const struct questionnaire_item *it = &q->items[i];
        fuzz_check(it->key[0] && questionnaire_item(q, it->key) == it);
        fuzz_check(it->noptions >= 0 && it->noptions <= QUESTIONNAIRE_OPTIONS_MAX);
        check_text(it->text, sizeof it->text);
        for (int o = 0; o < it->noptions; o++)
            check_text(it->options[o], sizeof it->options[o]);
    }
    char *canon = questionnaire_format(q);
    fuzz_check(canon);
    struct questionnaire *back = questionnaire_parse(canon, strlen(canon), &report);
    if (!back)
        fprintf(stderr, "canonical text refused:\n%s\n---\n%s\n", canon, report ? report : "");
    fuzz_check(back);
    char *again = questionnaire_format(back);
    fuzz_check(again && !strcmp(canon, again));
    free(again);
    free(canon);
    questionnaire_free(back);
    questionnaire_free(q);
    return 0;
}
