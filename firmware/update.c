/* update.c: see update.h. The order of the checks: the file's own shape
 * (a squashfs, as long as it says it is), RAUC's signature check, the
 * manifest (format, compatible, version), then the whole payload. */
#include "firmware/update.h"

#include "base/child.h"
#include "base/log.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define BLOCK 4096

struct update {
    struct update_paths p;
    enum update_state state;
    enum update_refusal refusal;
    int step;                      /* 0 rauc info, 1 veritysetup */
    struct child child;
    char bundle[UPDATE_PATH_MAX];
    char running[UPDATE_VERSION_MAX];
    char version[UPDATE_VERSION_MAX];
    char compatible[128];
    char salt[80], hash[80];
    long long verity_size;
    long long size, sig_size;
    int progress;
    char message[UPDATE_MESSAGE_MAX];
};

void update_paths_default(struct update_paths *p)
{
    memset(p, 0, sizeof *p);
    snprintf(p->system_conf, sizeof p->system_conf, "/etc/rauc/system.conf");
    snprintf(p->release, sizeof p->release, "/etc/stagekiosk-release");
    snprintf(p->state_dir, sizeof p->state_dir, "/data/rauc");
    snprintf(p->reboot_request, sizeof p->reboot_request, "/run/stagekiosk/reboot");
    snprintf(p->rauc, sizeof p->rauc, "rauc");
    snprintf(p->veritysetup, sizeof p->veritysetup, "veritysetup");
}

/* The first line of a small file, trimmed; 0 or -1. */
static int read_line(const char *path, char *out, size_t n)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return -1;
    int ok = fgets(out, (int)n, f) != NULL;
    fclose(f);
    if (!ok)
        return -1;
    out[strcspn(out, "\r\n")] = '\0';
    return 0;
}

/* key=value from [section] of an ini file (RAUC's system.conf). */
static int ini_get(const char *path, const char *section, const char *key, char *out, size_t n)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return -1;
    char line[512], cur[64] = "";
    int found = -1;
    size_t kl = strlen(key);
    while (found < 0 && fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = '\0';
        if (line[0] == '[') {
            snprintf(cur, sizeof cur, "%.*s", (int)strcspn(line + 1, "]"), line + 1);
        } else if (!strcmp(cur, section) && !strncmp(line, key, kl) && line[kl] == '=') {
            snprintf(out, n, "%s", line + kl + 1);
            found = 0;
        }
    }
    fclose(f);
    return found;
}

struct update *update_new(const struct update_paths *paths)
{
    struct update *u = calloc(1, sizeof *u);
    if (!u)
        return NULL;
    if (paths)
        u->p = *paths;
    else
        update_paths_default(&u->p);
    u->child.fd = -1;
    if (read_line(u->p.release, u->running, sizeof u->running) != 0 || !u->running[0])
        snprintf(u->running, sizeof u->running, "%s", u->p.fallback_version);
    return u;
}

void update_free(struct update *u)
{
    if (!u)
        return;
    child_stop(&u->child);
    free(u);
}

int update_find(const char *dir, char *out, size_t n)
{
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    char best[256] = "";
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t l = strlen(e->d_name);
        if (e->d_name[0] == '.' || l < 7 || strcasecmp(e->d_name + l - 6, ".raucb"))
            continue;
        if (!best[0] || strcmp(e->d_name, best) < 0)
            snprintf(best, sizeof best, "%s", e->d_name);
    }
    closedir(d);
    if (!best[0])
        return 0;
    snprintf(out, n, "%s/%s", dir, best);
    return 1;
}

const char *update_running(const struct update *u)
{
    return u->running;
}

int update_version_cmp(const char *a, const char *b)
{
    const char *s[2] = {a, b};
    long v[2][4] = {{0}};
    for (int k = 0; k < 2; k++) {
        const char *p = s[k];
        for (int i = 0; i < 4; i++) {
            char *end;
            if (*p < '0' || *p > '9')
                return -2;
            errno = 0;
            v[k][i] = strtol(p, &end, 10);
            if (errno || end == p)
                return -2;
            p = end;
            if (*p == '\0')
                break;
            if (*p != '.' || i == 3)
                return -2;
            p++;
        }
    }
    for (int i = 0; i < 4; i++)
        if (v[0][i] != v[1][i])
            return v[0][i] < v[1][i] ? -1 : 1;
    return 0;
}

static const char *refusal_text(enum update_refusal r)
{
    switch (r) {
    case UPDATE_REFUSE_UNSIGNED:
        return "Dit bestand is niet ondertekend en wordt niet geïnstalleerd. Er is niets veranderd.";
    case UPDATE_REFUSE_OTHER_KEY:
        return "Dit bestand is ondertekend met een andere sleutel en wordt niet geïnstalleerd. "
               "Er is niets veranderd.";
    case UPDATE_REFUSE_DAMAGED:
        return "Het bestand is beschadigd. Zet het opnieuw op de stick. Er is niets veranderd.";
    case UPDATE_REFUSE_TRUNCATED:
        return "Het bestand is niet compleet. Zet het opnieuw op de stick. Er is niets veranderd.";
    case UPDATE_REFUSE_OTHER_SYSTEM:
        return "Deze update is voor een ander apparaat. Er is niets veranderd.";
    case UPDATE_REFUSE_UNSUPPORTED:
        return "Deze kiosk kan geen updates installeren. Er is niets veranderd.";
    default:
        return "";
    }
}

static int refuse(struct update *u, enum update_refusal r, const char *why)
{
    child_stop(&u->child);
    u->state = UPDATE_REFUSED;
    u->refusal = r;
    if (r == UPDATE_REFUSE_NOT_NEWER)
        snprintf(u->message, sizeof u->message,
                 "Versie %s is niet nieuwer dan versie %s die nu draait. Er is niets veranderd.",
                 u->version, u->running);
    else
        snprintf(u->message, sizeof u->message, "%s", refusal_text(r));
    log_warn("update: refused %s: %s", u->bundle, why);
    return -1;
}

/* The last line of a tool's output that says something, for the log. */
static const char *last_words(struct child *c)
{
    static char line[512];
    line[0] = '\0';
    char *s = c->out, *end = c->out + c->len;
    while (s < end) {
        size_t l = strcspn(s, "\n");
        if (l > 0 && strspn(s, " \t\r") < l)
            snprintf(line, sizeof line, "%.*s", (int)(l < sizeof line ? l : sizeof line - 1), s);
        s += l + 1;
    }
    return line[0] ? line : "(no output)";
}

/* The file's shape, before any tool reads it: a squashfs (a RAUC bundle
 * starts with one) whose own size fits in the file. */
static int check_shape(struct update *u)
{
    int fd = open(u->bundle, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return refuse(u, UPDATE_REFUSE_DAMAGED, strerror(errno));
    struct stat st;
    unsigned char sb[96], tail[8];
    int ok = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && pread(fd, sb, sizeof sb, 0) == (ssize_t)sizeof sb;
    ok = ok && st.st_size >= BLOCK + 8 && pread(fd, tail, 8, st.st_size - 8) == 8;
    close(fd);
    if (!ok)
        return refuse(u, UPDATE_REFUSE_DAMAGED, "too short or unreadable for a bundle");
    if (memcmp(sb, "hsqs", 4) != 0)
        return refuse(u, UPDATE_REFUSE_DAMAGED, "no squashfs at the start: not a RAUC bundle");
    uint64_t used = 0, sig = 0;
    for (int i = 7; i >= 0; i--)
        used = used << 8 | sb[40 + i];
    for (int i = 0; i < 8; i++)
        sig = sig << 8 | tail[i];
    u->size = st.st_size;
    if (used > (uint64_t)st.st_size) {
        char why[160];
        snprintf(why, sizeof why, "squashfs says %llu bytes, the file has %lld: truncated",
                 (unsigned long long)used, (long long)st.st_size);
        return refuse(u, UPDATE_REFUSE_TRUNCATED, why);
    }
    if (sig == 0 || (uint64_t)st.st_size == ((used + BLOCK - 1) / BLOCK) * BLOCK)
        return refuse(u, UPDATE_REFUSE_UNSIGNED, "no signature after the squashfs");
    if (sig > (uint64_t)st.st_size - 8)
        return refuse(u, UPDATE_REFUSE_TRUNCATED, "signature size beyond the end of the file: truncated");
    u->sig_size = (long long)sig;
    return 0;
}

int update_check(struct update *u, const char *bundle)
{
    child_stop(&u->child);
    u->state = UPDATE_CHECKING;
    u->refusal = UPDATE_REFUSE_NONE;
    u->version[0] = u->compatible[0] = u->salt[0] = u->hash[0] = '\0';
    u->verity_size = -1;
    u->progress = 0;
    snprintf(u->bundle, sizeof u->bundle, "%s", bundle);
    snprintf(u->message, sizeof u->message, "De update wordt gecontroleerd.");

    char keyring[UPDATE_PATH_MAX], conf_compat[128];
    if (ini_get(u->p.system_conf, "keyring", "path", keyring, sizeof keyring) != 0 ||
        ini_get(u->p.system_conf, "system", "compatible", conf_compat, sizeof conf_compat) != 0)
        return refuse(u, UPDATE_REFUSE_UNSUPPORTED, "no RAUC system.conf with a keyring and compatible");
    if (keyring[0] != '/') { /* relative to the config's folder, as RAUC reads it */
        char tmp[UPDATE_PATH_MAX];
        snprintf(tmp, sizeof tmp, "%s", u->p.system_conf);
        char *slash = strrchr(tmp, '/');
        if (slash)
            *slash = '\0';
        char rel[UPDATE_PATH_MAX];
        snprintf(rel, sizeof rel, "%s", keyring);
        snprintf(keyring, sizeof keyring, "%s/%s", slash ? tmp : ".", rel);
    }
    if (check_shape(u) != 0)
        return -1;

    char conf_arg[UPDATE_PATH_MAX + 8], key_arg[UPDATE_PATH_MAX + 12];
    snprintf(conf_arg, sizeof conf_arg, "--conf=%s", u->p.system_conf);
    snprintf(key_arg, sizeof key_arg, "--keyring=%s", keyring);
    char *argv[] = {u->p.rauc, conf_arg, key_arg, "info", u->bundle, NULL};
    u->step = 0;
    if (child_start(&u->child, argv) != 0)
        return refuse(u, UPDATE_REFUSE_UNSUPPORTED, "rauc could not be started");
    log_info("update: checking %s", u->bundle);
    return 0;
}

/* 'value' after "label:" on a line of rauc info's readable output. */
static void info_value(const char *out, const char *label, char *v, size_t n)
{
    const char *p = strstr(out, label);
    v[0] = '\0';
    if (!p)
        return;
    p += strlen(label);
    p += strspn(p, " \t");
    size_t l = strcspn(p, "\n");
    if (l >= 2 && p[0] == '\'' && p[l - 1] == '\'') {
        p++;
        l -= 2;
    }
    snprintf(v, n, "%.*s", (int)l, p);
}

static void info_done(struct update *u)
{
    const char *out = u->child.out;
    if (u->child.status != 0) {
        char why[600];
        snprintf(why, sizeof why, "rauc info: %s", last_words(&u->child));
        if (u->child.status == 127)
            refuse(u, UPDATE_REFUSE_UNSUPPORTED, why);
        else if (strstr(out, "Signature size is 0"))
            refuse(u, UPDATE_REFUSE_UNSIGNED, why);
        else if (strstr(out, "exceeds bundle size"))
            refuse(u, UPDATE_REFUSE_TRUNCATED, why);
        else if (strstr(out, "Verify error") || strstr(out, "unable to get local issuer") ||
                 strstr(out, "self-signed certificate") || strstr(out, "self signed certificate"))
            refuse(u, UPDATE_REFUSE_OTHER_KEY, why);
        else
            refuse(u, UPDATE_REFUSE_DAMAGED, why);
        return;
    }
    char format[32], size[32], conf_compat[128];
    info_value(out, "Compatible:", u->compatible, sizeof u->compatible);
    info_value(out, "Version:", u->version, sizeof u->version);
    info_value(out, "Bundle Format:", format, sizeof format);
    info_value(out, "Verity Salt:", u->salt, sizeof u->salt);
    info_value(out, "Verity Hash:", u->hash, sizeof u->hash);
    info_value(out, "Verity Size:", size, sizeof size);
    u->verity_size = atoll(size);
    if (ini_get(u->p.system_conf, "system", "compatible", conf_compat, sizeof conf_compat) != 0)
        conf_compat[0] = '\0';
    char why[400];
    if (strcmp(u->compatible, conf_compat) != 0) {
        snprintf(why, sizeof why, "compatible '%s', this system is '%s'", u->compatible, conf_compat);
        refuse(u, UPDATE_REFUSE_OTHER_SYSTEM, why);
        return;
    }
    if (strcmp(format, "verity") != 0 || strlen(u->salt) != 64 || strlen(u->hash) != 64 ||
        u->verity_size <= 0 || u->verity_size % BLOCK) {
        snprintf(why, sizeof why, "bundle format '%s' (only verity bundles are installed here)", format);
        refuse(u, UPDATE_REFUSE_DAMAGED, why);
        return;
    }
    int cmp = update_version_cmp(u->version, u->running);
    if (cmp == -2 || cmp <= 0) {
        snprintf(why, sizeof why, "version '%s', running '%s': not newer", u->version, u->running);
        refuse(u, UPDATE_REFUSE_NOT_NEWER, why);
        return;
    }
    /* The payload: squashfs and hash tree before the signature. */
    long long data = u->size - 8 - u->sig_size - u->verity_size;
    if (data <= 0 || data % BLOCK) {
        snprintf(why, sizeof why, "sizes do not add up (file %lld, signature %lld, hash tree %lld)",
                 u->size, u->sig_size, u->verity_size);
        refuse(u, UPDATE_REFUSE_DAMAGED, why);
        return;
    }
    char blocks[48], offset[48], salt[96];
    snprintf(blocks, sizeof blocks, "--data-blocks=%lld", data / BLOCK);
    snprintf(offset, sizeof offset, "--hash-offset=%lld", data);
    snprintf(salt, sizeof salt, "--salt=%s", u->salt);
    char *argv[] = {u->p.veritysetup, "verify", "--no-superblock", "--format=1", "--hash=sha256",
                    "--data-block-size=4096", "--hash-block-size=4096", blocks, offset, salt,
                    u->bundle, u->bundle, u->hash, NULL};
    u->step = 1;
    if (child_start(&u->child, argv) != 0)
        refuse(u, UPDATE_REFUSE_UNSUPPORTED, "veritysetup could not be started");
}

static void verify_done(struct update *u)
{
    if (u->child.status != 0) {
        char why[600];
        snprintf(why, sizeof why, "veritysetup verify: %s", last_words(&u->child));
        refuse(u, u->child.status == 127 ? UPDATE_REFUSE_UNSUPPORTED : UPDATE_REFUSE_DAMAGED, why);
        return;
    }
    u->state = UPDATE_READY;
    snprintf(u->message, sizeof u->message, "Nieuwe versie %s \xe2\x80\x94 nu %s", u->version, u->running);
    log_info("update: %s checked: version %s for %s, signature and payload good", u->bundle,
             u->version, u->compatible);
}

int update_install(struct update *u)
{
    if (u->state != UPDATE_READY)
        return -1;
    char *argv[] = {u->p.rauc, "install", u->bundle, NULL};
    if (child_start(&u->child, argv) != 0) {
        u->state = UPDATE_FAILED;
        snprintf(u->message, sizeof u->message, "De installatie kon niet starten. Versie %s blijft.",
                 u->running);
        return -1;
    }
    u->state = UPDATE_INSTALLING;
    u->progress = 0;
    snprintf(u->message, sizeof u->message, "Versie %s wordt geïnstalleerd. Haal de stick er niet uit.",
             u->version);
    log_info("update: installing %s (version %s over %s)", u->bundle, u->version, u->running);
    return 0;
}

static void install_lines(struct update *u)
{
    char line[512];
    while (child_line(&u->child, line, sizeof line)) {
        char *p = line + strspn(line, " ");
        char *end;
        long pct = strtol(p, &end, 10);
        if (end != p && *end == '%' && pct >= 0 && pct <= 100 && pct >= u->progress)
            u->progress = (int)pct;
    }
}

enum update_state update_poll(struct update *u)
{
    if (u->state != UPDATE_CHECKING && u->state != UPDATE_INSTALLING)
        return u->state;
    int running = child_poll(&u->child);
    if (u->state == UPDATE_INSTALLING)
        install_lines(u);
    if (running)
        return u->state;
    if (u->state == UPDATE_CHECKING) {
        if (u->step == 0)
            info_done(u);
        else
            verify_done(u);
    } else if (u->child.status == 0) {
        u->state = UPDATE_INSTALLED;
        u->progress = 100;
        snprintf(u->message, sizeof u->message, "Versie %s is geïnstalleerd. De kiosk start opnieuw.",
                 u->version);
        log_info("update: %s installed; the other slot boots next", u->bundle);
    } else {
        u->state = UPDATE_FAILED;
        snprintf(u->message, sizeof u->message,
                 "De installatie is mislukt. De kiosk blijft op versie %s.", u->running);
        log_err("update: rauc install %s failed (%d): %s", u->bundle, u->child.status,
                last_words(&u->child));
    }
    return u->state;
}

enum update_state update_state(const struct update *u)
{
    return u->state;
}

enum update_refusal update_refusal(const struct update *u)
{
    return u->refusal;
}

int update_progress(const struct update *u)
{
    return u->progress;
}

const char *update_bundle_version(const struct update *u)
{
    return u->version;
}

const char *update_message(const struct update *u)
{
    return u->message;
}

void update_cancel(struct update *u)
{
    if (u->state == UPDATE_INSTALLING)
        return;
    child_stop(&u->child);
    u->state = UPDATE_IDLE;
    u->message[0] = '\0';
}

int update_request_reboot(const struct update *u)
{
    int fd = open(u->p.reboot_request, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) {
        log_err("update: cannot ask for a restart (%s): %s", u->p.reboot_request, strerror(errno));
        return -1;
    }
    close(fd);
    log_info("update: restart requested");
    return 0;
}

int update_status(const struct update *u, char *out, size_t n)
{
    char path[UPDATE_PATH_MAX + 16], v[UPDATE_VERSION_MAX];
    snprintf(path, sizeof path, "%s/rolledback", u->p.state_dir);
    if (read_line(path, v, sizeof v) == 0 && v[0]) {
        snprintf(out, n, "De update naar %s is teruggedraaid. Versie %s draait.", v, u->running);
        return 2;
    }
    snprintf(path, sizeof path, "%s/updated", u->p.state_dir);
    if (read_line(path, v, sizeof v) == 0 && !strcmp(v, u->running)) {
        snprintf(out, n, "Bijgewerkt: versie %s draait.", u->running);
        return 1;
    }
    snprintf(out, n, "Versie %s draait.", u->running);
    return 0;
}
