/* test_watchdog.c: what systemd receives on the notify socket, and that
 * nothing is sent (and nothing fails) outside systemd. */
#include "firmware/watchdog.h"

#include "tests/testutil.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>

/* A datagram socket standing in for systemd's; NOTIFY_SOCKET points at it. */
static int listen_here(void)
{
    struct sockaddr_un sa = {.sun_family = AF_UNIX};
    snprintf(sa.sun_path, sizeof sa.sun_path, "%s/notify", test_tmpdir());
    int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    assert_true(fd >= 0);
    assert_int_equal(bind(fd, (struct sockaddr *)&sa, sizeof sa), 0);
    setenv("NOTIFY_SOCKET", sa.sun_path, 1);
    return fd;
}

static void received(int fd, char *buf, size_t len)
{
    struct timeval tv = {.tv_sec = 2};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    ssize_t n = recv(fd, buf, len - 1, 0);
    assert_true(n > 0);
    buf[n] = 0;
}

static void ready_is_sent_once_then_pings(void **state)
{
    int fd = listen_here();
    char buf[256];
    assert_int_equal(watchdog_ready(), 0);
    received(fd, buf, sizeof buf);
    assert_non_null(strstr(buf, "READY=1"));
    assert_int_equal(watchdog_ready(), 0); /* second call: no message */
    assert_int_equal(watchdog_ping(), 0);
    received(fd, buf, sizeof buf);
    assert_string_equal(buf, "WATCHDOG=1"); /* not a second READY */
    close(fd);
    unsetenv("NOTIFY_SOCKET");
}

static void interval_is_half_of_watchdog_sec(void **state)
{
    char pid[32];
    snprintf(pid, sizeof pid, "%ld", (long)getpid());
    setenv("WATCHDOG_PID", pid, 1);
    setenv("WATCHDOG_USEC", "15000000", 1);
    assert_int_equal(watchdog_interval_ms(), 7500);
    setenv("WATCHDOG_PID", "1", 1); /* meant for another process */
    assert_int_equal(watchdog_interval_ms(), 0);
    unsetenv("WATCHDOG_PID");
    unsetenv("WATCHDOG_USEC");
    assert_int_equal(watchdog_interval_ms(), 0);
}

static void outside_systemd_nothing_happens(void **state)
{
    unsetenv("NOTIFY_SOCKET");
    assert_int_equal(watchdog_ping(), 0);
    assert_int_equal(watchdog_ready(), 0);
}

static void unreachable_socket_is_an_error(void **state)
{
    setenv("NOTIFY_SOCKET", "/nonexistent/notify", 1);
    assert_int_equal(watchdog_ping(), -1);
    unsetenv("NOTIFY_SOCKET");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(ready_is_sent_once_then_pings),
        cmocka_unit_test(interval_is_half_of_watchdog_sec),
        cmocka_unit_test(outside_systemd_nothing_happens),
        cmocka_unit_test(unreachable_socket_is_an_error),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
