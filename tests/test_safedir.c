/* test_safedir.c: the folder writer: nothing looks complete before the
 * commit, a second folder of the same name gets -2, and a failure leaves
 * nothing behind. (The export's tests pull the stick and fill it.) */
#include "base/safedir.h"
#include "tests/testutil.h"

#include <errno.h>
#include <sys/stat.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

static int exists(const char *dir, const char *name)
{
    char p[1024];
    struct stat sb;
    snprintf(p, sizeof p, "%s/%s", dir, name);
    return stat(p, &sb) == 0;
}

static void put(struct safedir *d, const char *name, const char *text)
{
    assert_int_equal(safedir_open(d, name), 0);
    assert_int_equal(safedir_write(d, text, strlen(text)), 0);
    assert_int_equal(safedir_close(d), 0);
}

static void files_get_their_names_only_at_the_commit(void **state)
{
    const char *dest = test_tmpdir();
    char err[256];
    struct safedir *d = safedir_new(dest, "uit", err, sizeof err);
    assert_non_null(d);
    put(d, "a.csv", "een;twee\r\n");
    assert_true(exists(safedir_path(d), "a.csv.tmp"));
    assert_false(exists(safedir_path(d), "a.csv"));
    assert_int_equal(safedir_commit(d), 0);
    assert_true(exists(safedir_path(d), "a.csv"));
    put(d, "MANIFEST", "x\n");
    assert_false(exists(safedir_path(d), "MANIFEST"));
    assert_int_equal(safedir_commit(d), 0);
    assert_true(exists(safedir_path(d), "MANIFEST"));
    assert_int_equal((int)safedir_bytes(d), 12);
    assert_int_equal(safedir_errno(d), 0);
    assert_string_equal(safedir_error(d), "");

    /* the same name again: a folder of its own */
    struct safedir *again = safedir_new(dest, "uit", err, sizeof err);
    assert_non_null(again);
    assert_non_null(strstr(safedir_path(again), "/uit-2"));
    safedir_free(again);
    safedir_free(d);
}

static void remove_takes_away_all_it_wrote(void **state)
{
    const char *dest = test_tmpdir();
    char err[256];
    struct safedir *d = safedir_new(dest, "uit", err, sizeof err);
    assert_non_null(d);
    put(d, "a.csv", "a");
    assert_int_equal(safedir_commit(d), 0);
    put(d, "b.csv", "b");
    assert_int_equal(safedir_open(d, "c.csv"), 0); /* left open: a pulled stick */
    safedir_remove(d);
    assert_false(exists(dest, "uit"));
    safedir_free(d);
}

static void the_first_failure_sticks(void **state)
{
    char err[256];
    errno = 0;
    assert_null(safedir_new("/nonexistent/stick", "uit", err, sizeof err));
    assert_int_equal(errno, ENOENT);
    assert_string_equal(err, "destination /nonexistent/stick");

    struct safedir *d = safedir_new(test_tmpdir(), "uit", err, sizeof err);
    assert_non_null(d);
    put(d, "a.csv", "a");
    assert_int_equal(safedir_open(d, "a.csv"), -1); /* a.csv.tmp is there */
    assert_int_equal(safedir_errno(d), EEXIST);
    assert_non_null(strstr(safedir_error(d), "cannot create "));
    assert_int_equal(safedir_open(d, "b.csv"), -1);
    assert_int_equal(safedir_commit(d), -1);
    assert_int_equal(safedir_errno(d), EEXIST);
    safedir_remove(d);
    safedir_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(files_get_their_names_only_at_the_commit),
        cmocka_unit_test(remove_takes_away_all_it_wrote),
        cmocka_unit_test(the_first_failure_sticks),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
