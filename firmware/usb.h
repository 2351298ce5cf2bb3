/* usb.h: USB sticks, as the system mounts them below a media folder
 * (/media on the appliance). A small thread waits for the mount table to
 * change and says so; finding, flushing and unmounting a stick happen on
 * the caller's thread. libc only. */
#ifndef USB_H
#define USB_H

#include <stddef.h>

struct usb;

/* Starts watching /proc/self/mountinfo; notify(user) runs on the watch
 * thread after every change (keep it short: push an event). NULL when the
 * mount table cannot be watched (logged); the kiosk then has no USB. Free
 * with usb_close(). */
struct usb *usb_open(void (*notify)(void *user), void *user);
void usb_close(struct usb *usb);

/* The mount point of the first stick mounted below media_root (e.g.
 * "/media"), from the mount table at path (NULL: /proc/self/mountinfo).
 * 1 found (out set), 0 none, -1 when the table cannot be read. */
int usb_find(const char *mountinfo, const char *media_root, char *out, size_t outlen);

/* Flushes everything to the stick and unmounts it where the system lets
 * us. 0 unmounted, 1 flushed but still mounted (safe to pull after the
 * flush), -1 the flush failed. */
int usb_eject(const char *mount_point);

#endif
