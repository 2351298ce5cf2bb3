/* main.c: reads the command line and config, then runs one of three
 * things: an admin command, a headless scenario, or the kiosk itself.
 * Start reading here; HACKING.md gives the order after this file. */
#include "firmware/app.h"
#include "firmware/cli.h"
#include "base/clock.h"
#include "firmware/config.h"
#include "firmware/headless.h"
#include "base/log.h"
#include "base/milestone.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define DEFAULT_CONFIG "/etc/stagekiosk/stagekiosk.conf"
#define SYSTEM_DATA_DIR "/var/lib/stagekiosk"
/* The virtual clock of scenarios starts on a fixed Monday morning, so the
 * same scenario draws the same frames on every run. */
#define HEADLESS_START "2026-11-30 08:55"

struct options {
    const char *config, *data, *script, *shots, *size, *presenter;
    int windowed, demo, headless;
    int cmd_argc;
    char **cmd_argv;
};

static void usage(FILE *out)
{
    fprintf(out,
            "stagekiosk %s: check-in kiosk for internship return days\n\n"
            "  stagekiosk [--config FILE] [--data DIR] [--windowed] [--demo | --demo-history]\n"
            "             [--presenter WxH]\n"
            "  stagekiosk --headless --script FILE [--shots DIR] [--size WxH]\n",
            SK_VERSION);
    cli_usage(out);
    fprintf(out, "  stagekiosk --version | --help\n\n"
                 "All of them take --data DIR and --config FILE.\n");
}

/* Global options may stand anywhere; the first other word starts a command
 * and everything after it that is not a global option belongs to it. */
static int parse_args(int argc, char **argv, struct options *o)
{
    static const char *const with_value[] = {"--config", "--data",  "--script",
                                             "--shots",  "--size",  "--presenter"};
    const char **slots[] = {&o->config, &o->data, &o->script, &o->shots, &o->size, &o->presenter};
    const size_t nvalues = sizeof slots / sizeof slots[0];
    o->cmd_argv = calloc((size_t)argc + 1, sizeof *o->cmd_argv);
    if (!o->cmd_argv)
        return -1;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        size_t k;
        for (k = 0; k < nvalues; k++)
            if (!strcmp(a, with_value[k]))
                break;
        if (k < nvalues) {
            if (i + 1 >= argc) {
                fprintf(stderr, "%s heeft een waarde nodig.\n", a);
                return -1;
            }
            *slots[k] = argv[++i];
        } else if (!strcmp(a, "--windowed")) {
            o->windowed = 1;
        } else if (!strcmp(a, "--demo")) {
            o->demo = 1;
        } else if (!strcmp(a, "--demo-history")) {
            o->demo = 2; /* the demo, with weeks of history */
        } else if (!strcmp(a, "--headless")) {
            o->headless = 1;
        } else if (!strcmp(a, "--version")) {
            printf("stagekiosk %s\n", SK_VERSION);
            exit(0);
        } else if (!strcmp(a, "--help") && o->cmd_argc == 0) {
            usage(stdout);
            exit(0);
        } else if (o->cmd_argc == 0 && a[0] == '-') {
            fprintf(stderr, "Onbekende optie %s.\n", a);
            return -1;
        } else {
            o->cmd_argv[o->cmd_argc++] = argv[i];
        }
    }
    return 0;
}

/* mkdir -p path; what names the folder in the message. 0 or -1. */
static int make_folders(const char *path, mode_t mode, const char *what)
{
    char out[PATH_MAX];
    snprintf(out, sizeof out, "%s", path);
    for (char *p = out + 1;; p++) {
        if (*p && *p != '/')
            continue;
        char c = *p;
        *p = '\0';
        int rc = mkdir(out, mode);
        *p = c;
        if (rc != 0 && errno != EEXIST) {
            fprintf(stderr, "%s %s kan niet worden gemaakt: %s\n", what, out, strerror(errno));
            return -1;
        }
        if (!c)
            return 0;
    }
}

/* --data, else the config's data_dir, else the system or the user's folder. */
static int data_dir(const struct options *o, const struct config *cfg, char *out, size_t len)
{
    const char *xdg = getenv("XDG_DATA_HOME"), *home = getenv("HOME");
    if (o->data)
        snprintf(out, len, "%s", o->data);
    else if (cfg->data_dir[0])
        snprintf(out, len, "%s", cfg->data_dir);
    else if (geteuid() == 0 || access(SYSTEM_DATA_DIR, W_OK) == 0)
        snprintf(out, len, "%s", SYSTEM_DATA_DIR);
    else if (xdg && *xdg)
        snprintf(out, len, "%s/stagekiosk", xdg);
    else
        snprintf(out, len, "%s/.local/share/stagekiosk", home ? home : ".");
    return make_folders(out, 0700, "De datamap");
}

/* "800x480" into w, h. 0, or -1 when it is not a sensible screen size. */
static int parse_size(const char *s, int *w, int *h)
{
    char end;
    if (sscanf(s, "%dx%d%c", w, h, &end) != 2)
        return -1;
    return *w < 200 || *h < 200 || *w > 8192 || *h > 8192 ? -1 : 0;
}

static void start_virtual_clock(void)
{
    if (clock_is_virtual())
        return; /* STAGEKIOSK_NOW */
    struct tm tm = {0};
    strptime(HEADLESS_START, "%Y-%m-%d %H:%M", &tm);
    tm.tm_isdst = -1;
    clock_set_virtual((int64_t)mktime(&tm) * 1000);
}

int main(int argc, char **argv)
{
    milestone("libraries"); /* exec to main: the dynamic linker */
    struct options o = {0};
    if (parse_args(argc, argv, &o) != 0) {
        free(o.cmd_argv);
        usage(stderr);
        return 2;
    }
    struct config cfg;
    config_defaults(&cfg);
    const char *cfg_path = o.config ? o.config : DEFAULT_CONFIG;
    char dir[PATH_MAX];
    int rc = 1;
    if (config_load(&cfg, cfg_path) < 0 && o.config)
        fprintf(stderr, "Het configuratiebestand %s is niet te lezen.\n", o.config);
    else if (data_dir(&o, &cfg, dir, sizeof dir) == 0)
        rc = o.cmd_argc > 0 ? cli_run(o.cmd_argc, o.cmd_argv, &cfg, dir) : -1;
    free(o.cmd_argv);
    if (rc != -1)
        return rc; /* an admin command, or an error before the kiosk */

    struct ui_options uo = {.width = cfg.width, .height = cfg.height,
                            .fullscreen = cfg.fullscreen && !o.windowed,
                            .headless = o.headless, .software = cfg.software_render,
                            .rotation = cfg.rotation,
                            .font = cfg.font};
    int pw = 0, ph = 0;
    if ((o.size && parse_size(o.size, &uo.width, &uo.height) != 0) ||
        (o.presenter && parse_size(o.presenter, &pw, &ph) != 0)) {
        fprintf(stderr, "--size en --presenter verwachten BREEDTExHOOGTE, bijvoorbeeld 800x480.\n");
        return 2;
    }
    if (o.headless && !o.script) {
        fprintf(stderr, "--headless heeft --script BESTAND nodig.\n");
        return 2;
    }
    if (o.headless)
        start_virtual_clock();
    if (o.shots && make_folders(o.shots, 0755, "De map voor schermafdrukken") != 0)
        return 1;

    char err[512];
    struct app *app = app_open(&cfg, dir, &uo, o.demo, err, sizeof err);
    if (!app) {
        fprintf(stderr, "%s\n", err);
        return 1;
    }
    if (pw)
        app_presenter(app, pw, ph); /* a desktop shows the projector's picture in a window */
    if (o.headless) {
        char self[PATH_MAX];
        ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
        self[n > 0 ? n : 0] = '\0';
        struct headless_env env = {self, dir, o.config, o.shots};
        rc = headless_run(app, o.script, &env);
    } else {
        rc = app_run(app);
    }
    app_close(app);
    return rc;
}
