/* safedir.c: a folder of files written so that none looks complete before
 * it is (see safedir.h). */
#include "base/safedir.h"
#include "base/log.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define BUF_SIZE (64 * 1024)

struct file {
    char *name;
    int closed;         /* complete under NAME.tmp */
    int renamed;        /* now under NAME */
};

struct safedir {
    char path[PATH_MAX];
    struct file *files;
    int nfiles, cap;
    int fd;             /* the open file, or -1 */
    unsigned char *buf;
    size_t used;
    uint64_t bytes;
    int err;            /* the first failure */
    int failed;
    char what[PATH_MAX + 64];
};

static void fail(struct safedir *d, int errnum, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void fail(struct safedir *d, int errnum, const char *fmt, ...)
{
    if (d->failed)
        return;
    d->failed = 1;
    d->err = errnum;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(d->what, sizeof d->what, fmt, ap);
    va_end(ap);
}

static void path_of(const struct safedir *d, const char *name, const char *suffix, char *out,
                    size_t len)
{
    snprintf(out, len, "%s/%s%s", d->path, name, suffix);
}

struct safedir *safedir_new(const char *dest, const char *name, char *err, size_t errlen)
{
    struct stat sb;
    errno = 0;
    if (stat(dest, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
        if (!errno)
            errno = ENOTDIR;
        snprintf(err, errlen, "destination %s", dest);
        return NULL;
    }
    struct safedir *d = calloc(1, sizeof *d);
    if (!d || !(d->buf = malloc(BUF_SIZE))) {
        free(d);
        errno = ENOMEM;
        snprintf(err, errlen, "no memory for a folder in %s", dest);
        return NULL;
    }
    d->fd = -1;
    for (int n = 1; n < 100; n++) {
        if (n == 1)
            snprintf(d->path, sizeof d->path, "%s/%s", dest, name);
        else
            snprintf(d->path, sizeof d->path, "%s/%s-%d", dest, name, n);
        if (mkdir(d->path, 0755) == 0)
            return d;
        if (errno != EEXIST)
            break;
    }
    int e = errno;
    snprintf(err, errlen, "cannot make a folder in %s", dest);
    free(d->buf);
    free(d);
    errno = e;
    return NULL;
}

void safedir_free(struct safedir *d)
{
    if (!d)
        return;
    if (d->fd >= 0)
        close(d->fd);
    for (int i = 0; i < d->nfiles; i++)
        free(d->files[i].name);
    free(d->files);
    free(d->buf);
    free(d);
}

const char *safedir_path(const struct safedir *d)
{
    return d->path;
}

static int write_all(int fd, const unsigned char *p, size_t n)
{
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            if (w == 0)
                errno = EIO;
            return -1;
        }
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

int safedir_open(struct safedir *d, const char *name)
{
    if (d->failed || d->fd >= 0)
        return -1;
    if (d->nfiles == d->cap) {
        int cap = d->cap ? d->cap * 2 : 16;
        struct file *files = realloc(d->files, (size_t)cap * sizeof *files);
        if (!files) {
            fail(d, ENOMEM, "no memory for %s", name);
            return -1;
        }
        d->files = files;
        d->cap = cap;
    }
    struct file *f = &d->files[d->nfiles];
    memset(f, 0, sizeof *f);
    if (!(f->name = strdup(name))) {
        fail(d, ENOMEM, "no memory for %s", name);
        return -1;
    }
    char tmp[PATH_MAX + 64];
    path_of(d, name, ".tmp", tmp, sizeof tmp);
    d->fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (d->fd < 0) {
        fail(d, errno, "cannot create %s", tmp);
        free(f->name);
        return -1;
    }
    d->nfiles++; /* from here on safedir_remove() removes it */
    d->used = 0;
    return 0;
}

static int flush_buf(struct safedir *d)
{
    if (d->used == 0)
        return 0;
    if (write_all(d->fd, d->buf, d->used) != 0) {
        fail(d, errno, "cannot write %s/%s.tmp", d->path, d->files[d->nfiles - 1].name);
        return -1;
    }
    d->bytes += d->used;
    d->used = 0;
    return 0;
}

int safedir_write(struct safedir *d, const void *data, size_t n)
{
    if (d->failed || d->fd < 0)
        return -1;
    const unsigned char *p = data;
    while (n > 0) {
        size_t room = BUF_SIZE - d->used;
        size_t k = n < room ? n : room;
        memcpy(d->buf + d->used, p, k);
        d->used += k;
        p += k;
        n -= k;
        if (d->used == BUF_SIZE && flush_buf(d) != 0)
            return -1;
    }
    return 0;
}

int safedir_close(struct safedir *d)
{
    if (d->fd < 0)
        return -1;
    struct file *f = &d->files[d->nfiles - 1];
    int rc = d->failed ? -1 : flush_buf(d);
    if (rc == 0 && fsync(d->fd) != 0) {
        fail(d, errno, "cannot flush %s/%s.tmp", d->path, f->name);
        rc = -1;
    }
    if (close(d->fd) != 0 && rc == 0) {
        fail(d, errno, "cannot close %s/%s.tmp", d->path, f->name);
        rc = -1;
    }
    d->fd = -1;
    if (rc == 0)
        f->closed = 1;
    return rc;
}

static int sync_folder(struct safedir *d)
{
    int fd = open(d->path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) {
        fail(d, errno, "cannot open %s", d->path);
        return -1;
    }
    /* Some file systems cannot sync a directory (EINVAL): their renames are
     * as durable as they get. */
    int rc = fsync(fd);
    int e = errno;
    close(fd);
    if (rc != 0 && e != EINVAL && e != ENOTSUP && e != ENOSYS) {
        fail(d, e, "cannot flush the folder %s", d->path);
        return -1;
    }
    return 0;
}

int safedir_commit(struct safedir *d)
{
    for (int i = 0; i < d->nfiles && !d->failed; i++) {
        struct file *f = &d->files[i];
        if (f->renamed || !f->closed)
            continue;
        char tmp[PATH_MAX + 64], final[PATH_MAX + 64];
        path_of(d, f->name, ".tmp", tmp, sizeof tmp);
        path_of(d, f->name, "", final, sizeof final);
        if (rename(tmp, final) != 0) {
            fail(d, errno, "cannot rename %s", tmp);
            return -1;
        }
        f->renamed = 1;
    }
    return d->failed ? -1 : sync_folder(d);
}

void safedir_remove(struct safedir *d)
{
    if (d->fd >= 0) {
        close(d->fd);
        d->fd = -1;
    }
    for (int i = d->nfiles - 1; i >= 0; i--) {
        char p[PATH_MAX + 64];
        path_of(d, d->files[i].name, d->files[i].renamed ? "" : ".tmp", p, sizeof p);
        if (unlink(p) != 0 && errno != ENOENT)
            log_warn("safedir: cannot remove %s: %s", p, strerror(errno));
    }
    if (rmdir(d->path) != 0 && errno != ENOENT)
        log_warn("safedir: cannot remove the folder %s: %s", d->path, strerror(errno));
}

int safedir_errno(const struct safedir *d)
{
    return d->err;
}

const char *safedir_error(const struct safedir *d)
{
    return d->failed ? d->what : "";
}

uint64_t safedir_bytes(const struct safedir *d)
{
    return d->bytes;
}
