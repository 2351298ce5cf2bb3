/* png.c: an RGB PNG in one pass. Each row is filtered with "Sub" (the
 * byte minus the one a pixel to its left), which turns the flat colours
 * of a kiosk screen into runs of zeros, and zlib compresses those with its
 * run-length strategy: a few instructions a byte, and files about as small
 * as the default settings give for such pictures. */
#include "ui/png.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

static void put32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}

/* One chunk: length, type, data, CRC of type and data. */
static int chunk(FILE *f, const char *type, const uint8_t *data, uint32_t len)
{
    uint8_t head[8], tail[4];
    put32(head, len);
    memcpy(head + 4, type, 4);
    uLong crc = crc32(0L, (const Bytef *)type, 4);
    if (len)
        crc = crc32(crc, data, len);
    put32(tail, (uint32_t)crc);
    return fwrite(head, 1, 8, f) == 8 && (!len || fwrite(data, 1, len, f) == len) &&
                   fwrite(tail, 1, 4, f) == 4
               ? 0
               : -1;
}

/* The filtered rows, deflated into out (cap bytes); the length or 0. */
static size_t deflate_rows(const uint32_t *px, int w, int h, int stride, uint8_t *row,
                           uint8_t *out, size_t cap)
{
    z_stream z = {0};
    if (deflateInit2(&z, 1, Z_DEFLATED, 15, 8, Z_RLE) != Z_OK)
        return 0;
    z.next_out = out;
    z.avail_out = (uInt)cap;
    int rc = Z_OK;
    for (int y = 0; y < h && rc == Z_OK; y++) {
        const uint32_t *src = (const uint32_t *)((const uint8_t *)px + (size_t)y * stride);
        uint32_t left = 0;
        uint8_t *o = row;
        *o++ = 1; /* Sub */
        for (int x = 0; x < w; x++) {
            uint32_t p = src[x];
            o[0] = (uint8_t)((p >> 16) - (left >> 16));
            o[1] = (uint8_t)((p >> 8) - (left >> 8));
            o[2] = (uint8_t)(p - left);
            o += 3;
            left = p;
        }
        z.next_in = row;
        z.avail_in = (uInt)(1 + 3 * (size_t)w);
        rc = deflate(&z, y == h - 1 ? Z_FINISH : Z_NO_FLUSH);
        if (rc == Z_OK && z.avail_in)
            rc = Z_BUF_ERROR; /* out is sized by deflateBound: never */
    }
    size_t len = rc == Z_STREAM_END ? z.total_out : 0;
    deflateEnd(&z);
    return len;
}

int png_write_argb(const char *path, const uint32_t *px, int w, int h, int stride)
{
    if (w <= 0 || h <= 0 || stride < 4 * w) {
        errno = EINVAL;
        return -1;
    }
    size_t raw = (1 + 3 * (size_t)w) * (size_t)h;
    uLong cap = compressBound((uLong)raw) + 64;
    uint8_t *row = malloc(1 + 3 * (size_t)w), *out = malloc(cap);
    size_t len = row && out ? deflate_rows(px, w, h, stride, row, out, cap) : 0;
    free(row);
    if (!len) {
        free(out);
        errno = ENOMEM;
        return -1;
    }
    static const uint8_t sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    uint8_t ihdr[13] = {0};
    put32(ihdr, (uint32_t)w);
    put32(ihdr + 4, (uint32_t)h);
    ihdr[8] = 8; /* bits per sample; colour type 2 (RGB) below */
    ihdr[9] = 2;
    /* Written beside path and renamed over it: never a half picture. */
    char tmp[4096];
    int fd = -1;
    if ((size_t)snprintf(tmp, sizeof tmp, "%s.XXXXXX", path) >= sizeof tmp)
        errno = ENAMETOOLONG;
    else
        fd = mkstemp(tmp);
    FILE *f = fd >= 0 ? fdopen(fd, "wb") : NULL;
    if (!f) {
        int err = errno;
        if (fd >= 0) {
            close(fd);
            unlink(tmp);
        }
        free(out);
        errno = err;
        return -1;
    }
    int rc = fchmod(fd, 0644) == 0 && fwrite(sig, 1, 8, f) == 8 &&
                     chunk(f, "IHDR", ihdr, 13) == 0 &&
                     chunk(f, "IDAT", out, (uint32_t)len) == 0 && chunk(f, "IEND", NULL, 0) == 0
                 ? 0
                 : -1;
    int err = errno;
    if (fclose(f) != 0 && rc == 0) {
        rc = -1;
        err = errno;
    }
    free(out);
    if (rc == 0 && rename(tmp, path) != 0) {
        rc = -1;
        err = errno;
    }
    if (rc != 0) {
        unlink(tmp);
        errno = err ? err : EIO;
    }
    return rc;
}
