/* child.h: one program run as a child process, its output (stdout and
 * stderr together) collected without ever blocking the caller: the kiosk's
 * loop polls it. Used for the updater's tools (firmware/update.c). libc
 * only. */
#ifndef CHILD_H
#define CHILD_H

#include <stddef.h>
#include <sys/types.h>

#define CHILD_OUT_MAX 8192

struct child {
    pid_t pid;                 /* 0: none running */
    int fd;                    /* read end of its output, -1 when closed */
    char out[CHILD_OUT_MAX];   /* what it printed; the newest part when long */
    size_t len;
    size_t seen;               /* first byte not yet taken by child_line */
    int status;                /* exit status once done; -1 killed or not run */
};

/* Runs argv[0] (searched in PATH) with argv, stdin from /dev/null.
 * 0 started, -1 not (logged). */
int child_start(struct child *c, char *const argv[]);

/* Reads what arrived and reaps the child when it ended: 1 still running,
 * 0 done (status set). Never blocks. */
int child_poll(struct child *c);

/* The next complete line printed since the last call (carriage returns
 * count as line ends), copied into line: 1 when there was one. */
int child_line(struct child *c, char *line, size_t n);

/* Stops a running child (SIGTERM, then SIGKILL) and reaps it. */
void child_stop(struct child *c);

#endif
