/* abspointer.c: see abspointer.h. One thread polls the taken devices and
 * a wake-up pipe; every 2 s it looks for new event devices in the folder. */
#include "firmware/abspointer.h"
#include "base/log.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#define MAX_DEVS 8
#define RESCAN_MS 2000
#define LONG_BITS (8 * sizeof(unsigned long))
#define NLONGS(n) ((n) / LONG_BITS + 1)

static int bit(const unsigned long *bits, int n)
{
    return (int)(bits[n / LONG_BITS] >> (n % LONG_BITS) & 1);
}

int abspointer_wanted(const unsigned long *ev_bits, const unsigned long *abs_bits,
                      const unsigned long *key_bits, const unsigned long *rel_bits)
{
    return bit(ev_bits, EV_ABS) && bit(ev_bits, EV_KEY) && bit(abs_bits, ABS_X) &&
           bit(abs_bits, ABS_Y) && bit(key_bits, BTN_LEFT) && !bit(key_bits, BTN_TOUCH) &&
           !bit(abs_bits, ABS_MT_POSITION_X) &&
           !(bit(ev_bits, EV_REL) && (bit(rel_bits, REL_X) || bit(rel_bits, REL_Y)));
}

static float scaled(const struct abspointer_dev *d, int axis)
{
    int range = d->max[axis] - d->min[axis];
    if (range <= 0)
        return 0;
    float v = (float)(d->pos[axis] - d->min[axis]) / (float)range;
    return v < 0 ? 0 : v > 1 ? 1 : v;
}

int abspointer_feed(struct abspointer_dev *d, const struct input_event *ev,
                    struct abspointer_event *out)
{
    if (ev->type == EV_ABS && (ev->code == ABS_X || ev->code == ABS_Y)) {
        d->pos[ev->code == ABS_Y] = ev->value;
        d->moved = 1;
        return 0;
    }
    if (ev->type == EV_KEY && ev->code == BTN_LEFT) {
        d->contact = ev->value != 0;
        return 0;
    }
    if (ev->type != EV_SYN || ev->code != SYN_REPORT)
        return 0;
    int changed = d->contact != d->was_contact, moved = d->moved;
    d->moved = 0;
    d->was_contact = d->contact;
    if (!changed && !(moved && d->contact))
        return 0; /* hovering: a touch screen has no pointer to move */
    out->kind = changed ? (d->contact ? ABSPOINTER_DOWN : ABSPOINTER_UP) : ABSPOINTER_MOVE;
    out->x = scaled(d, 0);
    out->y = scaled(d, 1);
    return 1;
}

struct taken {
    int fd;
    char name[64]; /* event2 */
    struct abspointer_dev dev;
};

struct abspointer {
    char dir[256];
    abspointer_fn fn;
    void *user;
    pthread_t thread;
    int wake[2];
    struct taken devs[MAX_DEVS];
    int ndevs;
};

static int have(const struct abspointer *p, const char *name)
{
    for (int i = 0; i < p->ndevs; i++)
        if (!strcmp(p->devs[i].name, name))
            return 1;
    return 0;
}

/* Opens dir/name and keeps it when it is wanted and could be grabbed. */
static void try_device(struct abspointer *p, const char *name)
{
    char path[512], label[128] = "?";
    snprintf(path, sizeof path, "%s/%s", p->dir, name);
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return; /* not ours to read (permissions): SDL will not read it either */
    unsigned long evb[NLONGS(EV_MAX)] = {0}, absb[NLONGS(ABS_MAX)] = {0},
                  keyb[NLONGS(KEY_MAX)] = {0}, relb[NLONGS(REL_MAX)] = {0};
    struct input_absinfo ax, ay;
    struct taken *t = &p->devs[p->ndevs];
    if (ioctl(fd, EVIOCGBIT(0, sizeof evb), evb) < 0 ||
        ioctl(fd, EVIOCGBIT(EV_ABS, sizeof absb), absb) < 0 ||
        ioctl(fd, EVIOCGBIT(EV_KEY, sizeof keyb), keyb) < 0 ||
        ioctl(fd, EVIOCGBIT(EV_REL, sizeof relb), relb) < 0 || !abspointer_wanted(evb, absb, keyb, relb) ||
        ioctl(fd, EVIOCGABS(ABS_X), &ax) < 0 || ioctl(fd, EVIOCGABS(ABS_Y), &ay) < 0) {
        close(fd);
        return;
    }
    ioctl(fd, EVIOCGNAME(sizeof label), label);
    if (ioctl(fd, EVIOCGRAB, (void *)1) < 0) {
        log_warn("touch: %s (%s) is taken by another program: %s", path, label, strerror(errno));
        close(fd);
        return;
    }
    memset(t, 0, sizeof *t);
    t->fd = fd;
    snprintf(t->name, sizeof t->name, "%s", name);
    t->dev.min[0] = ax.minimum;
    t->dev.max[0] = ax.maximum;
    t->dev.min[1] = ay.minimum;
    t->dev.max[1] = ay.maximum;
    t->dev.pos[0] = ax.value;
    t->dev.pos[1] = ay.value;
    p->ndevs++;
    log_info("touch: %s (%s) as a touch screen, x %d..%d, y %d..%d", path, label, ax.minimum,
             ax.maximum, ay.minimum, ay.maximum);
}

static void rescan(struct abspointer *p)
{
    DIR *d = opendir(p->dir);
    if (!d)
        return;
    struct dirent *e;
    while (p->ndevs < MAX_DEVS && (e = readdir(d)))
        if (!strncmp(e->d_name, "event", 5) && !have(p, e->d_name))
            try_device(p, e->d_name);
    closedir(d);
}

static void drop(struct abspointer *p, int i)
{
    log_info("touch: %s/%s is gone", p->dir, p->devs[i].name);
    close(p->devs[i].fd);
    p->devs[i] = p->devs[--p->ndevs];
}

/* Reads what one device has; 0, or -1 when it is gone. */
static int drain(struct abspointer *p, struct taken *t)
{
    struct input_event evs[32];
    for (;;) {
        ssize_t n = read(t->fd, evs, sizeof evs);
        if (n < 0)
            return errno == EAGAIN || errno == EINTR ? 0 : -1;
        if (n == 0)
            return -1;
        for (size_t k = 0; k < (size_t)n / sizeof evs[0]; k++) {
            struct abspointer_event out;
            if (abspointer_feed(&t->dev, &evs[k], &out))
                p->fn(p->user, &out);
        }
    }
}

static void *run(void *arg)
{
    struct abspointer *p = arg;
    for (;;) {
        rescan(p);
        struct pollfd pfd[MAX_DEVS + 1];
        pfd[0] = (struct pollfd){p->wake[0], POLLIN, 0};
        for (int i = 0; i < p->ndevs; i++)
            pfd[i + 1] = (struct pollfd){p->devs[i].fd, POLLIN, 0};
        int n = p->ndevs;
        if (poll(pfd, (nfds_t)n + 1, RESCAN_MS) < 0 && errno != EINTR) {
            log_err("touch: poll: %s", strerror(errno));
            return NULL;
        }
        if (pfd[0].revents)
            return NULL;
        for (int i = n - 1; i >= 0; i--)
            if (pfd[i + 1].revents && drain(p, &p->devs[i]) != 0)
                drop(p, i);
    }
}

struct abspointer *abspointer_start(const char *dir, abspointer_fn fn, void *user)
{
    struct abspointer *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    snprintf(p->dir, sizeof p->dir, "%s", dir);
    p->fn = fn;
    p->user = user;
    if (pipe2(p->wake, O_CLOEXEC) != 0) {
        log_err("touch: pipe: %s", strerror(errno));
        free(p);
        return NULL;
    }
    int rc = pthread_create(&p->thread, NULL, run, p);
    if (rc != 0) {
        log_err("touch: cannot start the reader: %s", strerror(rc));
        close(p->wake[0]);
        close(p->wake[1]);
        free(p);
        return NULL;
    }
    return p;
}

void abspointer_stop(struct abspointer *p)
{
    if (!p)
        return;
    char c = 0;
    if (write(p->wake[1], &c, 1) == 1)
        pthread_join(p->thread, NULL);
    else
        pthread_detach(p->thread);
    for (int i = 0; i < p->ndevs; i++)
        close(p->devs[i].fd);
    close(p->wake[0]);
    close(p->wake[1]);
    free(p);
}
