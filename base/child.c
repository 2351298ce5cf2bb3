/* child.c: see child.h. */
#include "base/child.h"

#include "base/log.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int child_start(struct child *c, char *const argv[])
{
    int p[2];
    memset(c, 0, sizeof *c);
    c->fd = -1;
    c->status = -1;
    if (pipe2(p, O_CLOEXEC) != 0) {
        log_err("child: pipe for %s: %s", argv[0], strerror(errno));
        return -1;
    }
    pid_t pid = fork();
    if (pid < 0) {
        log_err("child: fork for %s: %s", argv[0], strerror(errno));
        close(p[0]);
        close(p[1]);
        return -1;
    }
    if (pid == 0) {
        int null = open("/dev/null", O_RDONLY);
        if (null >= 0)
            dup2(null, 0);
        dup2(p[1], 1);
        dup2(p[1], 2);
        execvp(argv[0], argv);
        /* Only async-signal-safe calls here: say why, then leave. */
        static const char msg[] = "child: cannot run the program\n";
        if (write(2, msg, sizeof msg - 1) < 0) {
            /* nothing else to do */
        }
        _exit(127);
    }
    close(p[1]);
    fcntl(p[0], F_SETFL, O_NONBLOCK);
    c->pid = pid;
    c->fd = p[0];
    return 0;
}

static void drain(struct child *c)
{
    char buf[2048];
    while (c->fd >= 0) {
        ssize_t n = read(c->fd, buf, sizeof buf);
        if (n > 0) {
            /* Keep the newest CHILD_OUT_MAX - 1 bytes. */
            size_t room = sizeof c->out - 1;
            if ((size_t)n > room)
                n = (ssize_t)room;
            if (c->len + (size_t)n > room) {
                size_t drop = c->len + (size_t)n - room;
                memmove(c->out, c->out + drop, c->len - drop);
                c->len -= drop;
                c->seen = c->seen > drop ? c->seen - drop : 0;
            }
            memcpy(c->out + c->len, buf, (size_t)n);
            c->len += (size_t)n;
            c->out[c->len] = '\0';
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && errno == EAGAIN)
            return;
        close(c->fd); /* end of output (or an error reading it) */
        c->fd = -1;
    }
}

int child_poll(struct child *c)
{
    if (c->pid <= 0)
        return 0;
    drain(c);
    int st;
    pid_t r = waitpid(c->pid, &st, WNOHANG);
    if (r == 0)
        return 1;
    if (r == c->pid) {
        c->status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    } else {
        log_err("child: waitpid %d: %s", (int)c->pid, strerror(errno));
        c->status = -1;
    }
    c->pid = 0;
    /* What it wrote just before ending is already in the pipe. */
    drain(c);
    if (c->fd >= 0)
        close(c->fd);
    c->fd = -1;
    return 0;
}

int child_line(struct child *c, char *line, size_t n)
{
    for (size_t i = c->seen; i < c->len; i++) {
        if (c->out[i] != '\n' && c->out[i] != '\r')
            continue;
        size_t k = i - c->seen;
        if (k >= n)
            k = n - 1;
        memcpy(line, c->out + c->seen, k);
        line[k] = '\0';
        c->seen = i + 1;
        return 1;
    }
    return 0;
}

void child_stop(struct child *c)
{
    if (c->pid > 0) {
        kill(c->pid, SIGTERM);
        for (int i = 0; i < 50 && child_poll(c); i++) {
            struct timespec ts = {0, 20 * 1000 * 1000};
            nanosleep(&ts, NULL);
        }
        if (c->pid > 0) {
            kill(c->pid, SIGKILL);
            int st;
            waitpid(c->pid, &st, 0);
            c->pid = 0;
        }
    }
    if (c->fd >= 0)
        close(c->fd);
    c->fd = -1;
}
