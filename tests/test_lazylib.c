/* test_lazylib.c: libraries the kiosk opens on first use (base/lazylib.h):
 * libpq (like libxlsxwriter, cairo and fontconfig) is not in the process
 * until the school sync calls it, then its calls go through; a missing
 * library makes a call fail cleanly, every time, without taking the
 * program down. */
#include "base/lazylib.h"

#include <dlfcn.h>
#include <errno.h>
#include <libpq-fe.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>

static int loaded(const char *soname)
{
    void *h = dlopen(soname, RTLD_NOW | RTLD_NOLOAD);
    if (h)
        dlclose(h);
    return h != NULL;
}

/* The kiosk is linked as this test is: what it opens on first use must
 * not come with it. */
static void libpq_waits_for_the_first_call(void **state)
{
    (void)state;
    static const char *const lazy[] = {"libpq.so.5", "libxlsxwriter.so.4", "libcairo.so.2",
                                       "libfontconfig.so.1"};
    for (size_t i = 0; i < sizeof lazy / sizeof lazy[0]; i++)
        if (loaded(lazy[i]))
            fail_msg("%s is in the process before its first use", lazy[i]);
    /* Nothing listens on port 1: a real libpq says why it failed. */
    const char *keys[] = {"host", "port", "connect_timeout", NULL};
    const char *vals[] = {"127.0.0.1", "1", "2", NULL};
    PGconn *pg = PQconnectdbParams(keys, vals, 0);
    assert_non_null(pg);
    assert_true(loaded("libpq.so.5"));
    assert_int_equal(PQstatus(pg), CONNECTION_BAD);
    assert_non_null(strstr(PQerrorMessage(pg), "127.0.0.1"));
    PQfinish(pg);
}

static struct lazylib missing = {.soname = "libstagekiosk-not-there.so.0", .what = "test"};
static LAZYLIB_FORWARD(missing, int, sk_missing_add, (int a, int b), (a, b), return -1)
static LAZYLIB_FORWARD_VOID(missing, sk_missing_note, (int a), (a))

static void a_missing_library_fails_each_call(void **state)
{
    (void)state;
    for (int i = 0; i < 3; i++) {
        errno = 0;
        assert_int_equal(sk_missing_add(1, 2), -1);
        assert_int_equal(errno, ELIBACC);
        sk_missing_note(i); /* returns, does nothing */
    }
}

/* Two threads make the first calls at once (the sync worker and the
 * kiosk's check of the school database): both get the function. */
static struct lazylib libz = {.soname = "libz.so.1", .what = "test"};
static LAZYLIB_FORWARD(libz, unsigned long, crc32, (unsigned long crc, const unsigned char *buf,
                                                    unsigned len), (crc, buf, len), return 0)

static void *sum_crc(void *arg)
{
    unsigned long *crc = arg;
    for (int i = 0; i < 1000; i++)
        *crc = crc32(0, (const unsigned char *)"stagekiosk", 10);
    return NULL;
}

static void first_calls_from_two_threads(void **state)
{
    (void)state;
    unsigned long a = 0, b = 0;
    pthread_t t;
    assert_int_equal(pthread_create(&t, NULL, sum_crc, &a), 0);
    sum_crc(&b);
    pthread_join(t, NULL);
    assert_int_equal(a, 0x6ce768beul); /* CRC-32 of "stagekiosk" */
    assert_int_equal(b, a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(libpq_waits_for_the_first_call),
        cmocka_unit_test(a_missing_library_fails_each_call),
        cmocka_unit_test(first_calls_from_two_threads),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
