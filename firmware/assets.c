/* assets.c: finds the assets folder for a checkout and for an install. */
#include "firmware/assets.h"

#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef SK_ASSETS
#define SK_ASSETS "/usr/share/stagekiosk"
#endif

static int is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

int assets_path(const char *sub, char *out, size_t outlen)
{
    const char *env = getenv("STAGEKIOSK_ASSETS");
    if (env && *env) {
        snprintf(out, outlen, "%s/%s", env, sub);
        return is_dir(out) ? 0 : -1;
    }
    char self[4096];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    if (n > 0) {
        self[n] = '\0';
        /* build/stagekiosk -> build -> the checkout */
        snprintf(out, outlen, "%s/../assets/%s", dirname(self), sub);
        if (is_dir(out))
            return 0;
    }
    snprintf(out, outlen, "%s/%s", SK_ASSETS, sub);
    return is_dir(out) ? 0 : -1;
}
