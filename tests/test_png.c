/* test_png.c: the PNG writer's files decode (zlib, the PNG chunk rules)
 * to exactly the pixels given, whatever the colours; a failed write
 * leaves nothing behind. */
#include "ui/png.h"

#include "tests/testutil.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

static uint32_t get32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Decodes an 8-bit RGB PNG of w x h written by png_write_argb into rgb;
 * checks the signature, every chunk's CRC and the chunk order. */
static void decode(const char *path, int w, int h, uint8_t *rgb)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    static uint8_t file[1 << 20];
    size_t n = fread(file, 1, sizeof file, f);
    fclose(f);
    assert_memory_equal(file, "\x89PNG\r\n\x1a\n", 8);
    size_t at = 8;
    uint8_t *idat = malloc(n);
    size_t idat_len = 0;
    int seen_end = 0, seen_hdr = 0;
    while (at + 12 <= n && !seen_end) {
        uint32_t len = get32(file + at);
        const uint8_t *type = file + at + 4;
        assert_true(at + 12 + len <= n);
        uLong crc = crc32(crc32(0L, type, 4), type + 4, len);
        assert_int_equal(get32(type + 4 + len), (uint32_t)crc);
        if (!memcmp(type, "IHDR", 4)) {
            assert_int_equal(get32(type + 4), (uint32_t)w);
            assert_int_equal(get32(type + 8), (uint32_t)h);
            assert_int_equal(type[12], 8); /* depth */
            assert_int_equal(type[13], 2); /* RGB */
            seen_hdr = 1;
        } else if (!memcmp(type, "IDAT", 4)) {
            assert_true(seen_hdr);
            memcpy(idat + idat_len, type + 4, len);
            idat_len += len;
        } else if (!memcmp(type, "IEND", 4)) {
            seen_end = 1;
        }
        at += 12 + len;
    }
    assert_true(seen_end);
    assert_int_equal(at, n);
    uLongf raw_len = (uLongf)(1 + 3 * w) * (uLongf)h;
    uint8_t *raw = malloc(raw_len);
    uLongf got = raw_len;
    assert_int_equal(uncompress(raw, &got, idat, idat_len), Z_OK);
    assert_int_equal(got, raw_len);
    for (int y = 0; y < h; y++) {
        const uint8_t *r = raw + (size_t)y * (1 + 3 * (size_t)w);
        assert_int_equal(r[0], 1); /* Sub */
        for (int x = 0; x < 3 * w; x++) {
            uint8_t left = x >= 3 ? rgb[(size_t)y * 3 * w + x - 3] : 0;
            rgb[(size_t)y * 3 * w + x] = (uint8_t)(r[1 + x] + left);
        }
    }
    free(raw);
    free(idat);
}

static void pixels_survive_the_round_trip(void **state)
{
    enum { W = 97, H = 31, STRIDE = W * 4 + 12 };
    static uint8_t buf[STRIDE * H];
    srand(7);
    for (int y = 0; y < H; y++) {
        uint32_t *row = (uint32_t *)(buf + y * STRIDE);
        for (int x = 0; x < W; x++)
            row[x] = y < 10 ? 0xff203040u                      /* flat */
                     : y < 20 ? (uint32_t)(x * 2654435761u) /* every colour */
                              : (uint32_t)rand();           /* noise, alpha too */
    }
    char path[4096];
    snprintf(path, sizeof path, "%s/t.png", test_tmpdir());
    assert_int_equal(png_write_argb(path, (const uint32_t *)buf, W, H, STRIDE), 0);
    static uint8_t rgb[W * H * 3];
    decode(path, W, H, rgb);
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++) {
            uint32_t p = ((const uint32_t *)(buf + y * STRIDE))[x];
            const uint8_t *q = rgb + (y * W + x) * 3;
            assert_int_equal(q[0], (p >> 16) & 0xff);
            assert_int_equal(q[1], (p >> 8) & 0xff);
            assert_int_equal(q[2], p & 0xff);
        }
}

static void a_failed_write_leaves_no_file(void **state)
{
    uint32_t px[4] = {0};
    char dir[4096];
    snprintf(dir, sizeof dir, "%s", test_tmpdir());
    char path[4096];
    snprintf(path, sizeof path, "%s/no/such/dir/t.png", test_tmpdir());
    assert_int_equal(png_write_argb(path, px, 2, 2, 8), -1);
    snprintf(path, sizeof path, "%s/bad.png", test_tmpdir());
    assert_int_equal(png_write_argb(path, px, 0, 2, 8), -1); /* no pixels */
    assert_int_equal(access(path, F_OK), -1);
    /* Only the picture itself is in the folder afterwards. */
    snprintf(path, sizeof path, "%s/ok.png", dir);
    assert_int_equal(png_write_argb(path, px, 2, 2, 8), 0);
    char cmd[4200];
    snprintf(cmd, sizeof cmd, "test \"$(ls '%s')\" = ok.png", dir);
    assert_int_equal(system(cmd), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(pixels_survive_the_round_trip),
        cmocka_unit_test(a_failed_write_leaves_no_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
