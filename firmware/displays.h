/* displays.h: how many screens are plugged in, from the kernel's DRM
 * connectors (the status file of each /sys/class/drm/card1-HDMI-A-2 and so
 * on). On the Pi SDL's KMSDRM driver learns the displays only when it
 * starts, so the kiosk looks here itself to notice a projector plugged in
 * or out later. libc only. */
#ifndef DISPLAYS_H
#define DISPLAYS_H

#define DISPLAYS_SYSFS "/sys/class/drm"

/* The number of connectors under root (NULL: DISPLAYS_SYSFS) whose status
 * says "connected"; -1 when root cannot be read. */
int displays_connected(const char *root);

#endif
