/* fuzz_script.c: scenario files on any text, and the word splitter that
 * turns a `cli` step into arguments.
 *
 * Promises checked (script.h): a parsed step has a terminated argument of
 * the right shape (a wait within a day, a button 1-5, a shot name without
 * '/'); a refusal names the line; the splitter never writes past its
 * buffer and every word it returns is terminated. */
#include "firmware/script.h"
#include "tests/fuzz/fuzz.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    fuzz_quiet();
    return 0;
}

static void check_step(const struct script_step *st)
{
    fuzz_check(st->line >= 1);
    fuzz_check(memchr(st->arg, '\0', sizeof st->arg));
    switch (st->op) {
    case SCRIPT_WAIT:
        fuzz_check(st->x >= 0 && st->x <= 24L * 3600 * 1000);
        break;
    case SCRIPT_PRESS:
        fuzz_check(st->ms >= 0 && st->ms <= 600000);
        break;
    case SCRIPT_BUTTON:
    case SCRIPT_HOLD:
        fuzz_check(st->x >= 1 && st->x <= 5 && st->ms >= 0 && st->ms <= 600000);
        break;
    case SCRIPT_SHOT:
        fuzz_check(st->arg[0] && !strpbrk(st->arg, "/\\ "));
        break;
    case SCRIPT_SCAN:
    case SCRIPT_SCAN_CARD:
    case SCRIPT_TYPE:
    case SCRIPT_KEY:
    case SCRIPT_CLI:
    case SCRIPT_EXPECT_SCREEN:
        fuzz_check(st->arg[0]);
        break;
    default:
        break;
    }
}

static void check_split(const char *arg)
{
    char buf[SCRIPT_ARG_MAX];
    char *words[48];
    snprintf(buf, sizeof buf, "%s", arg);
    int n = script_split_words(buf, words, 48);
    fuzz_check(n >= -1 && n < 48);
    for (int i = 0; i < n; i++)
        fuzz_check(words[i] >= buf && words[i] + strlen(words[i]) < buf + sizeof buf);
    if (n >= 0)
        fuzz_check(words[n] == NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_cstring(data, size);
    struct script s;
    char err[256];
    memset(err, 'x', sizeof err);
    if (script_parse(text, &s, err, sizeof err) == 0) {
        for (size_t i = 0; i < s.n; i++) {
            check_step(&s.steps[i]);
            if (s.steps[i].op == SCRIPT_CLI)
                check_split(s.steps[i].arg);
        }
        script_free(&s);
    } else {
        fuzz_check(memchr(err, '\0', sizeof err));
        fuzz_check(!strncmp(err, "line ", 5) || !strcmp(err, "out of memory"));
        fuzz_check(s.n == 0 && s.steps == NULL);
    }
    /* the splitter on the raw text too: quotes, tabs, long runs */
    check_split(text);
    free(text);
    return 0;
}
