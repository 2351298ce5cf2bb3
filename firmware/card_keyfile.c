/* card_keyfile.c: exporting and importing the card key (libsodium, libc). */
#include "firmware/card_keyfile.h"
#include "firmware/card.h"
#include "base/log.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAGIC "stagekiosk-card-key 1 "

/* Writes len bytes to path whole or not at all: path.tmp, fsync, rename,
 * then the folder is flushed. 0 or -1 (errno set). */
static int write_whole(const char *path, const void *data, size_t len)
{
    char tmp[4200];
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0)
        return -1;
    int e = 0;
    if (write(fd, data, len) != (ssize_t)len || fsync(fd) != 0)
        e = errno ? errno : EIO;
    if (close(fd) != 0 && !e)
        e = errno;
    if (!e && rename(tmp, path) != 0)
        e = errno;
    if (e) {
        unlink(tmp);
        errno = e;
        return -1;
    }
    char dir[4200];
    snprintf(dir, sizeof dir, "%s", path);
    int dfd = open(dirname(dir), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
        fsync(dfd); /* best effort: some file systems cannot */
        close(dfd);
    }
    return 0;
}

int card_keyfile_export(const char *data_dir, const char *file, char *err, size_t errlen)
{
    struct card_key key;
    if (card_key_load(data_dir, &key, err, errlen) != 0)
        return -1;
    char line[sizeof MAGIC + 2 * CARD_KEY_BYTES + 2];
    char hex[2 * CARD_KEY_BYTES + 1];
    sodium_bin2hex(hex, sizeof hex, key.bytes, sizeof key.bytes);
    int n = snprintf(line, sizeof line, MAGIC "%s\n", hex);
    sodium_memzero(&key, sizeof key);
    int rc = write_whole(file, line, (size_t)n);
    int e = errno;
    sodium_memzero(line, sizeof line);
    sodium_memzero(hex, sizeof hex);
    if (rc != 0) {
        snprintf(err, errlen, "De sleutel kan niet worden opgeslagen in %s: %s.", file,
                 strerror(e));
        log_err("card: cannot export the card key to %s: %s", file, strerror(e));
        return -1;
    }
    log_info("card: card key exported to %s", file);
    return 0;
}

/* Reads the key from file, text or raw. 0 or -1 with err. */
static int read_keyfile(const char *file, struct card_key *key, char *err, size_t errlen)
{
    unsigned char buf[256];
    int fd = open(file, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        snprintf(err, errlen, "Het bestand %s is niet te lezen.", file);
        return -1;
    }
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    int rc = -1;
    if (n == CARD_KEY_BYTES) {
        memcpy(key->bytes, buf, CARD_KEY_BYTES);
        rc = 0;
    } else if (n > 0) {
        buf[n] = '\0';
        size_t bin_len = 0;
        const char *end;
        const char *text = (const char *)buf;
        if (!strncmp(text, MAGIC, strlen(MAGIC)) &&
            sodium_hex2bin(key->bytes, sizeof key->bytes, text + strlen(MAGIC),
                           strlen(text + strlen(MAGIC)), NULL, &bin_len, &end) == 0 &&
            bin_len == CARD_KEY_BYTES && strspn(end, "\r\n") == strlen(end))
            rc = 0;
    }
    sodium_memzero(buf, sizeof buf);
    if (rc != 0)
        snprintf(err, errlen,
                 "%s is geen sleutel voor de passen. Gebruik een bestand van "
                 "'stagekiosk card-key export'.",
                 file);
    return rc;
}

enum card_keyfile_import card_keyfile_import(const char *data_dir, const char *file, int force,
                                             char *err, size_t errlen)
{
    if (sodium_init() < 0) {
        snprintf(err, errlen, "libsodium start niet.");
        return CARD_KEYFILE_ERROR;
    }
    struct card_key new_key, old_key;
    if (read_keyfile(file, &new_key, err, errlen) != 0)
        return CARD_KEYFILE_ERROR;
    char path[4096];
    snprintf(path, sizeof path, "%s/card.key", data_dir);
    enum card_keyfile_import result = CARD_KEYFILE_ERROR;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
        ssize_t n = read(fd, old_key.bytes, sizeof old_key.bytes);
        close(fd);
        if (n == CARD_KEY_BYTES && sodium_memcmp(old_key.bytes, new_key.bytes,
                                                 CARD_KEY_BYTES) == 0) {
            result = CARD_KEYFILE_SAME;
            goto done;
        }
        if (!force) {
            snprintf(err, errlen,
                     "Deze kiosk heeft al een andere sleutel. Passen die met deze kiosk "
                     "zijn gemaakt, werken daarna niet meer. Weet je het zeker? "
                     "Gebruik dan --force.");
            result = CARD_KEYFILE_DIFFERENT;
            goto done;
        }
    }
    if (write_whole(path, new_key.bytes, sizeof new_key.bytes) != 0) {
        snprintf(err, errlen, "De sleutel kan niet worden opgeslagen in %s: %s.", data_dir,
                 strerror(errno));
        log_err("card: cannot write %s: %s", path, strerror(errno));
        goto done;
    }
    log_info("card: card key imported from %s%s", file, fd >= 0 ? ", old key replaced" : "");
    result = CARD_KEYFILE_IMPORTED;
done:
    sodium_memzero(&new_key, sizeof new_key);
    sodium_memzero(&old_key, sizeof old_key);
    return result;
}
