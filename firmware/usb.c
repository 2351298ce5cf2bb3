/* usb.c: the mount table tells when a stick comes or goes: the kernel marks
 * /proc/self/mountinfo readable with POLLPRI on every change. */
#include "firmware/usb.h"
#include "base/log.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

struct usb {
    int fd;
    int stop_pipe[2];
    pthread_t thread;
    void (*notify)(void *user);
    void *user;
};

static void *watch(void *arg)
{
    struct usb *u = arg;
    for (;;) {
        struct pollfd p[2] = {{u->fd, POLLPRI, 0}, {u->stop_pipe[0], POLLIN, 0}};
        if (poll(p, 2, -1) < 0) {
            if (errno == EINTR)
                continue;
            log_err("usb: poll failed: %s", strerror(errno));
            return NULL;
        }
        if (p[1].revents)
            return NULL;
        if (p[0].revents & (POLLPRI | POLLERR)) {
            /* Re-arm: the change is acknowledged by reading from the start. */
            char buf[4096];
            lseek(u->fd, 0, SEEK_SET);
            while (read(u->fd, buf, sizeof buf) > 0)
                ;
            u->notify(u->user);
        }
    }
}

struct usb *usb_open(void (*notify)(void *user), void *user)
{
    struct usb *u = calloc(1, sizeof *u);
    if (!u)
        return NULL;
    u->notify = notify;
    u->user = user;
    u->fd = open("/proc/self/mountinfo", O_RDONLY | O_CLOEXEC);
    if (u->fd < 0 || pipe2(u->stop_pipe, O_CLOEXEC) != 0) {
        log_warn("usb: cannot watch the mount table: %s", strerror(errno));
        goto fail;
    }
    if (pthread_create(&u->thread, NULL, watch, u) != 0) {
        log_warn("usb: cannot start the watch thread");
        close(u->stop_pipe[0]);
        close(u->stop_pipe[1]);
        goto fail;
    }
    return u;
fail:
    if (u->fd >= 0)
        close(u->fd);
    free(u);
    return NULL;
}

void usb_close(struct usb *u)
{
    if (!u)
        return;
    if (write(u->stop_pipe[1], "x", 1) == 1)
        pthread_join(u->thread, NULL);
    close(u->stop_pipe[0]);
    close(u->stop_pipe[1]);
    close(u->fd);
    free(u);
}

/* mountinfo escapes space, tab, newline and backslash as \ooo. */
static void unescape(char *s)
{
    char *w = s;
    for (char *r = s; *r; r++) {
        if (r[0] == '\\' && r[1] >= '0' && r[1] <= '3' && r[2] >= '0' && r[2] <= '7' &&
            r[3] >= '0' && r[3] <= '7') {
            *w++ = (char)((r[1] - '0') * 64 + (r[2] - '0') * 8 + (r[3] - '0'));
            r += 3;
        } else {
            *w++ = *r;
        }
    }
    *w = '\0';
}

/* File systems a USB stick comes with (fusefat: the tests' FAT images). */
static int stick_fs(const char *type)
{
    static const char *const kinds[] = {"vfat", "exfat", "msdos", "ntfs", "ntfs3", "fuseblk",
                                        "fuse.fusefat"};
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
        if (!strcmp(type, kinds[i]))
            return 1;
    return 0;
}

int usb_find(const char *mountinfo, const char *media_root, char *out, size_t outlen)
{
    FILE *f = fopen(mountinfo ? mountinfo : "/proc/self/mountinfo", "r");
    if (!f)
        return -1;
    size_t root_len = strlen(media_root);
    while (root_len > 1 && media_root[root_len - 1] == '/')
        root_len--;
    char line[4096];
    int found = 0;
    while (!found && fgets(line, sizeof line, f)) {
        /* id parent major:minor root mountpoint options [optional...] - fstype ... */
        char mp[4096], fstype[64] = "";
        if (sscanf(line, "%*s %*s %*s %*s %4095s", mp) != 1)
            continue;
        const char *dash = strstr(line, " - ");
        if (!dash || sscanf(dash + 3, "%63s", fstype) != 1 || !stick_fs(fstype))
            continue; /* e.g. overlayroot's /media/root-ro is no stick */
        unescape(mp);
        if (strncmp(mp, media_root, root_len) || mp[root_len] != '/' || !mp[root_len + 1])
            continue;
        snprintf(out, outlen, "%s", mp);
        found = 1;
    }
    fclose(f);
    return found;
}

int usb_eject(const char *mount_point)
{
    int fd = open(mount_point, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0 || syncfs(fd) != 0) {
        log_err("usb: flushing %s failed: %s", mount_point, strerror(errno));
        if (fd >= 0)
            close(fd);
        return -1;
    }
    close(fd);
    if (umount2(mount_point, 0) == 0) {
        log_info("usb: %s unmounted", mount_point);
        return 0;
    }
    /* Not root: ask the system's mount helper, which may allow us. */
    char *argv[] = {"systemd-mount", "--umount", (char *)mount_point, NULL};
    pid_t pid;
    int status = 1;
    if (posix_spawnp(&pid, argv[0], NULL, NULL, argv, environ) == 0)
        waitpid(pid, &status, 0);
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
        log_info("usb: %s unmounted by systemd-mount", mount_point);
        return 0;
    }
    /* The appliance: a root-owned path unit unmounts every stick when this
     * file appears (image/usb-eject.sh). */
    int efd = open("/run/stagekiosk/eject", O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
    if (efd >= 0) {
        close(efd);
        log_info("usb: asked the system to unmount %s", mount_point);
        return 0;
    }
    log_info("usb: %s flushed; it stays mounted (no permission to unmount)", mount_point);
    return 1;
}
