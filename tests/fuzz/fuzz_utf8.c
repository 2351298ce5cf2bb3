/* fuzz_utf8.c: the one UTF-8 reader (base/utf8.h) on any bytes.
 *
 * Promises checked: a character is never read past the bytes given; what
 * it accepts encodes back to the same bytes (so nothing overlong, no
 * surrogate, nothing past U+10FFFF passes); utf8_invalid_at stops at the
 * first byte that decode refuses; utf8_text counts what decode reads and
 * refuses exactly the control characters, whichever problem comes first. */
#include "base/utf8.h"
#include "tests/fuzz/fuzz.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    fuzz_quiet();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* A copy of exactly size bytes, so ASan sees any read past the end. */
    char *s = malloc(size ? size : 1);
    if (!s)
        abort();
    memcpy(s, data, size);
    size_t bad = size;
    int chars = 0, control = 0;
    for (size_t i = 0; i < size;) {
        uint32_t cp;
        size_t n = utf8_decode(s + i, size - i, &cp);
        fuzz_check(n <= UTF8_CHAR_MAX && n <= size - i);
        if (!n) {
            if (bad == size)
                bad = i;
            i++;
            continue;
        }
        char back[UTF8_CHAR_MAX];
        fuzz_check(cp <= 0x10FFFF && !(cp >= 0xD800 && cp <= 0xDFFF));
        fuzz_check(utf8_encode(cp, back) == n && !memcmp(back, s + i, n));
        if (bad == size) {
            chars++;
            control |= utf8_is_control(cp);
        }
        i += n;
    }
    fuzz_check(utf8_invalid_at(s, size) == bad);
    int text = utf8_text(s, size, 0);
    if (bad == size && !control)
        fuzz_check(text == chars);
    if (bad < size && !control)
        fuzz_check(text == -1);
    if (control) /* a control before the first bad byte: that is the problem */
        fuzz_check(text == -2);
    free(s);
    return 0;
}
