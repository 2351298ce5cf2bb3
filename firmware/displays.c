/* displays.c: counting connected DRM connectors. A connector is a folder
 * named card<N>-<type>-<n> (card1-HDMI-A-2) with a one-line status file:
 * "connected", "disconnected" or "unknown". */
#include "firmware/displays.h"

#include <dirent.h>
#include <stdio.h>
#include <string.h>

/* card<digits>-<something>: a connector, not the card itself. */
static int is_connector(const char *name)
{
    if (strncmp(name, "card", 4))
        return 0;
    const char *p = name + 4;
    if (*p < '0' || *p > '9')
        return 0;
    while (*p >= '0' && *p <= '9')
        p++;
    return *p == '-' && p[1];
}

static int connected(const char *root, const char *name)
{
    char path[4096], status[32] = "";
    snprintf(path, sizeof path, "%s/%s/status", root, name);
    FILE *f = fopen(path, "r");
    if (!f)
        return 0;
    if (!fgets(status, sizeof status, f))
        status[0] = '\0';
    fclose(f);
    status[strcspn(status, "\n")] = '\0';
    return !strcmp(status, "connected");
}

int displays_connected(const char *root)
{
    if (!root)
        root = DISPLAYS_SYSFS;
    DIR *d = opendir(root);
    if (!d)
        return -1;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)))
        if (is_connector(e->d_name) && connected(root, e->d_name))
            n++;
    closedir(d);
    return n;
}
