/* failio.c: an LD_PRELOAD shim that makes writes and syncs of chosen files
 * fail, to prove the kiosk never confirms what did not reach the disk.
 *
 *   LD_PRELOAD=build/tests/crash/failio.so FAILIO_RATE=0.05 FAILIO_SEED=7 \
 *       build/stagekiosk --headless --script ...
 *
 * Settings (environment):
 *   FAILIO_MATCH  comma-separated substrings of the file's path; only those
 *                 files fail (default "stagekiosk.db": the database, its WAL,
 *                 shared memory and journal files).
 *   FAILIO_RATE   chance that one call fails, 0 to 1 (default 0.05).
 *   FAILIO_SEED   seeds the choice, so a run replays (default 1).
 *   FAILIO_ERRNO  EIO (default) or ENOSPC (a full disk).
 *   FAILIO_LOG    when set, each injected failure writes one line
 *                 "failio: <call> <path>: <error>" to stderr.
 * Calls covered: write, pwrite, pwrite64, writev, pwritev, fsync, fdatasync.
 * A failed write writes nothing. Test code only: never ship it. */
#include <dlfcn.h>
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <unistd.h>

typedef ssize_t (*write_fn)(int, const void *, size_t);
typedef ssize_t (*pwrite_fn)(int, const void *, size_t, off_t);
typedef ssize_t (*pwrite64_fn)(int, const void *, size_t, off64_t);
typedef ssize_t (*writev_fn)(int, const struct iovec *, int);
typedef ssize_t (*pwritev_fn)(int, const struct iovec *, int, off_t);
typedef int (*sync_fn)(int);

static struct {
    int ready;
    write_fn write;
    pwrite_fn pwrite;
    pwrite64_fn pwrite64;
    writev_fn writev;
    pwritev_fn pwritev;
    sync_fn fsync, fdatasync;
    char match[1024];
    double rate;
    uint64_t state;
    int err;
    int log;
} F;

static void setup(void)
{
    if (F.ready)
        return;
    F.write = (write_fn)dlsym(RTLD_NEXT, "write");
    F.pwrite = (pwrite_fn)dlsym(RTLD_NEXT, "pwrite");
    F.pwrite64 = (pwrite64_fn)dlsym(RTLD_NEXT, "pwrite64");
    F.writev = (writev_fn)dlsym(RTLD_NEXT, "writev");
    F.pwritev = (pwritev_fn)dlsym(RTLD_NEXT, "pwritev");
    F.fsync = (sync_fn)dlsym(RTLD_NEXT, "fsync");
    F.fdatasync = (sync_fn)dlsym(RTLD_NEXT, "fdatasync");
    const char *m = getenv("FAILIO_MATCH"), *r = getenv("FAILIO_RATE"),
               *s = getenv("FAILIO_SEED"), *e = getenv("FAILIO_ERRNO");
    snprintf(F.match, sizeof F.match, "%s", m && *m ? m : "stagekiosk.db");
    F.rate = r && *r ? strtod(r, NULL) : 0.05;
    F.state = (s && *s ? strtoull(s, NULL, 10) : 1) * 0x9E3779B97F4A7C15ull + 1;
    F.err = e && !strcmp(e, "ENOSPC") ? ENOSPC : EIO;
    F.log = getenv("FAILIO_LOG") != NULL;
    F.ready = 1;
}

/* xorshift64*: the same seed gives the same failures in the same order. */
static double next_random(void)
{
    F.state ^= F.state >> 12;
    F.state ^= F.state << 25;
    F.state ^= F.state >> 27;
    return (double)((F.state * 0x2545F4914F6CDD1Dull) >> 11) / 9007199254740992.0;
}

static int path_matches(int fd, char *path, size_t len)
{
    char link[64];
    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    ssize_t n = readlink(link, path, len - 1);
    if (n <= 0)
        return 0;
    path[n] = '\0';
    char list[sizeof F.match];
    memcpy(list, F.match, sizeof list);
    for (char *save, *w = strtok_r(list, ",", &save); w; w = strtok_r(NULL, ",", &save))
        if (*w && strstr(path, w))
            return 1;
    return 0;
}

/* 1 when this call on fd is to fail (errno is then set). */
static int should_fail(int fd, const char *call)
{
    setup();
    char path[PATH_MAX];
    if (fd < 0 || !path_matches(fd, path, sizeof path) || next_random() >= F.rate)
        return 0;
    if (F.log) {
        char line[PATH_MAX + 96];
        int n = snprintf(line, sizeof line, "failio: %s %s: %s\n", call, path,
                         F.err == ENOSPC ? "ENOSPC" : "EIO");
        if (n > 0)
            F.write(2, line, (size_t)n < sizeof line ? (size_t)n : sizeof line - 1);
    }
    errno = F.err;
    return 1;
}

ssize_t write(int fd, const void *buf, size_t n)
{
    if (should_fail(fd, "write"))
        return -1;
    return F.write(fd, buf, n);
}

ssize_t pwrite(int fd, const void *buf, size_t n, off_t off)
{
    if (should_fail(fd, "pwrite"))
        return -1;
    return F.pwrite(fd, buf, n, off);
}

ssize_t pwrite64(int fd, const void *buf, size_t n, off64_t off)
{
    if (should_fail(fd, "pwrite64"))
        return -1;
    return F.pwrite64(fd, buf, n, off);
}

ssize_t writev(int fd, const struct iovec *iov, int cnt)
{
    if (should_fail(fd, "writev"))
        return -1;
    return F.writev(fd, iov, cnt);
}

ssize_t pwritev(int fd, const struct iovec *iov, int cnt, off_t off)
{
    if (should_fail(fd, "pwritev"))
        return -1;
    return F.pwritev(fd, iov, cnt, off);
}

int fsync(int fd)
{
    if (should_fail(fd, "fsync"))
        return -1;
    return F.fsync(fd);
}

int fdatasync(int fd)
{
    if (should_fail(fd, "fdatasync"))
        return -1;
    return F.fdatasync(fd);
}
