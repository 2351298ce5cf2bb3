/* test_ui_widgets.c: the dossier widgets drawn headless at the panel sizes
 * the kiosk supports: the radar and trend charts, the on-screen keyboard
 * (keys big enough, typing, shift, UTF-8 backspace, Klaar) and a QR code
 * that zbarimg reads back. Frames are written as PNGs to $SK_WIDGET_SHOTS
 * (default: a fresh temporary folder) so a person can look at them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "firmware/card.h"
#include "ui/chart.h"
#include "ui/keyboard.h"
#include "ui/qr.h"
#include "ui/text.h"
#include "ui/theme.h"
#include "ui/ui.h"
#include "ui/view.h"
#include "tests/testutil_ui.h"
#include "tests/testutil.h"

#include <sys/stat.h>

static const char *shots;


static void save(struct ui *ui, const char *name)
{
    char path[512];
    const struct ui_metrics *m = ui_metrics(ui);
    snprintf(path, sizeof path, "%s/%s-%dx%d.png", shots, name, m->w, m->h);
    assert_int_equal(ui_save_png(ui, path), 0);
}

/* ---- charts ---------------------------------------------------------- */

static const char *const axes[5] = {"Communicatie", "Samenwerking", "Verantwoordelijkheid",
                                    "Integriteit", "Ontwikkeling"};
static const double first[5] = {2.5, 3.0, 2.0, 3.5, 2.0};
static const double previous[5] = {3.0, 3.5, 3.0, 4.0, 3.0};
static const double latest[5] = {4.0, 3.5, 3.67, 4.5, 4.0};

/* Counts pixels of colour c (within tol per channel) in r of the frame. */
static int count_pixels(struct ui *ui, SDL_Rect r, SDL_Color c, int tol)
{
    uint32_t *px = malloc((size_t)r.w * (size_t)r.h * 4);
    assert_non_null(px);
    assert_int_equal(SDL_RenderReadPixels(ui_renderer(ui), &r, SDL_PIXELFORMAT_ARGB8888, px,
                                          r.w * 4), 0);
    int n = 0;
    for (int i = 0; i < r.w * r.h; i++) {
        int cr = (px[i] >> 16) & 255, cg = (px[i] >> 8) & 255, cb = px[i] & 255;
        n += abs(cr - c.r) <= tol && abs(cg - c.g) <= tol && abs(cb - c.b) <= tol;
    }
    free(px);
    return n;
}

static void charts_draw_at_every_size(void **state)
{
    for (int s = 0; s < TEST_NSIZES; s++) {
        struct ui *ui = test_ui_open(test_sizes[s].w, test_sizes[s].h);
        const struct ui_metrics *m = ui_metrics(ui);
        ui_frame_begin(ui);
        int portrait = m->h > m->w;
        SDL_Rect radar = portrait ? (SDL_Rect){m->pad, m->pad, m->w - 2 * m->pad, m->h / 2}
                                  : (SDL_Rect){m->pad, m->pad, m->w * 3 / 5, m->h - 2 * m->pad};
        struct chart_series series[3] = {
            {CHART_FIRST, "Eerste scan", first},
            {CHART_PREVIOUS, "Vorige scan", previous},
            {CHART_LATEST, "Nu", latest},
        };
        chart_radar(ui, radar, axes, 5, 0, 5, series, 3);
        double week[8] = {4, 3, -1, 2, 1, 3, 4, 5};
        const char *days[8] = {"05-10", "12-10", "19-10", "26-10", "02-11", "09-11", "16-11",
                               "23-11"};
        SDL_Rect trend = portrait ? (SDL_Rect){m->pad, m->h / 2 + m->pad * 2,
                                               m->w - 2 * m->pad, m->h / 5}
                                  : (SDL_Rect){m->w * 3 / 5 + m->pad * 2, m->pad,
                                               m->w * 2 / 5 - m->pad * 3, m->h / 3};
        chart_trend(ui, trend, week, 8, 1, 5, days, CHART_BARS);
        trend.y += trend.h + m->pad * 2;
        chart_trend(ui, trend, week, 8, 1, 5, days, CHART_LINE);
        ui_frame_end(ui);
        save(ui, "charts");
        /* every axis label and legend entry is on screen */
        for (int i = 0; i < 5; i++)
            assert_true(ui_frame_has_text(ui, axes[i]));
        assert_true(ui_frame_has_text(ui, "Vorige scan"));
        /* the three series show in their own colours: blue, orange-brown, grey */
        assert_true(count_pixels(ui, radar, (SDL_Color){0x0B, 0x5C, 0xAD, 255}, 8) > 50);
        assert_true(count_pixels(ui, radar, (SDL_Color){0xA8, 0x4A, 0x00, 255}, 8) > 50);
        assert_true(count_pixels(ui, radar, (SDL_Color){0x5E, 0x67, 0x74, 255}, 8) > 50);
        ui_close(ui);
    }
}

/* A series with gaps (a category the older scan did not have) and an empty
 * trend must draw without crashing and leave out the missing points. */
static void charts_take_missing_values(void **state)
{
    struct ui *ui = test_ui_open(800, 480);
    ui_frame_begin(ui);
    double gaps[5] = {3, -1, 4, -1, 2};
    struct chart_series one[2] = {{CHART_PREVIOUS, "Vorige", gaps}, {CHART_LATEST, "Nu", latest}};
    chart_radar(ui, (SDL_Rect){10, 10, 460, 460}, axes, 5, 0, 5, one, 2);
    chart_trend(ui, (SDL_Rect){500, 10, 280, 200}, NULL, 0, 1, 5, NULL, CHART_BARS);
    double none[3] = {-1, -1, -1};
    chart_trend(ui, (SDL_Rect){500, 250, 280, 200}, none, 3, 1, 5, NULL, CHART_LINE);
    /* nonsense input draws nothing */
    chart_radar(ui, (SDL_Rect){0, 0, 100, 100}, axes, 2, 0, 5, one, 2);
    chart_radar(ui, (SDL_Rect){0, 0, 100, 100}, axes, 5, 5, 5, one, 2);
    ui_frame_end(ui);
    save(ui, "charts-gaps");
    ui_close(ui);
}

/* ---- keyboard -------------------------------------------------------- */

/* Extent of the control under x,y: walk outward while ui_hit stays the same. */
static SDL_Rect control_rect(struct ui *ui, int x, int y)
{
    int a = ui_hit(ui, x, y), l = x, r = x, t = y, b = y;
    while (ui_hit(ui, l - 1, y) == a && l > 0)
        l--;
    while (ui_hit(ui, r + 1, y) == a && r < ui_metrics(ui)->w)
        r++;
    while (ui_hit(ui, x, t - 1) == a && t > 0)
        t--;
    while (ui_hit(ui, x, b + 1) == a && b < ui_metrics(ui)->h)
        b++;
    return (SDL_Rect){l, t, r - l + 1, b - t + 1};
}

static const char *const letter_keys[] = {"q", "w", "e", "r", "t", "y", "u", "i", "o", "p",
                                          "a", "s", "d", "f", "g", "h", "j", "k", "l", "z",
                                          "x", "c", "v", "b", "n", "m", ",", ".", "Shift",
                                          "Wissen", "spatie", "123", "Klaar"};

static void draw_keyboard(struct ui *ui, const struct keyboard *kb)
{
    SDL_Rect box = {0, ui_metrics(ui)->h / 3, ui_metrics(ui)->w, ui_metrics(ui)->h * 2 / 3};
    ui_frame_begin(ui);
    keyboard_draw(ui, box, kb);
    ui_frame_end(ui);
}

/* Taps the key with label through the frame's controls, as a finger would. */
static enum keyboard_result tap(struct ui *ui, struct keyboard *kb, struct keyboard_text *t,
                                const char *label)
{
    int x, y;
    if (ui_find_control(ui, label, &x, &y) != 0)
        fail_msg("no key '%s' on the keyboard", label);
    int action = ui_hit(ui, x, y);
    assert_in_range(action, UI_ACTION_KEYBOARD_FIRST, UI_ACTION_KEYBOARD_LAST);
    enum keyboard_result r = keyboard_press(kb, action, t);
    draw_keyboard(ui, kb); /* as the app does after a change */
    return r;
}

static void keyboard_keys_are_big_enough_at_every_size(void **state)
{
    for (int s = 0; s < TEST_NSIZES; s++) {
        struct ui *ui = test_ui_open(test_sizes[s].w, test_sizes[s].h);
        const struct ui_metrics *m = ui_metrics(ui);
        struct keyboard kb;
        struct keyboard_text t;
        keyboard_text_init(&t, 300);
        keyboard_text_set(&t, "Ik wil beter leren plannen, zodat ik mijn taken op tijd af heb.");
        keyboard_init(&kb, &t);
        int kh = keyboard_height(ui, m->w - 2 * m->pad);
        ui_frame_begin(ui);
        text_draw(ui, "Wat wil je leren of beter doen?", m->body * 5 / 4, TEXT_BOLD, theme_text,
                  m->pad, m->pad, TEXT_LEFT);
        SDL_Rect field = {m->pad, m->pad + m->body * 2, m->w - 2 * m->pad,
                          m->h - kh - 3 * m->pad - m->body * 2};
        keyboard_field_draw(ui, field, &t, "Typ hier je leerdoel");
        keyboard_draw(ui, (SDL_Rect){m->pad, m->h - m->pad - kh, m->w - 2 * m->pad, kh}, &kb);
        ui_frame_end(ui);
        save(ui, "keyboard");
        int min = keyboard_min_key();
        assert_true(min >= (int)(THEME_MIN_TARGET_MM * THEME_PX_PER_MM_7INCH));
        for (size_t k = 0; k < sizeof letter_keys / sizeof *letter_keys; k++) {
            int x, y;
            if (ui_find_control(ui, letter_keys[k], &x, &y) != 0)
                fail_msg("%dx%d: no key '%s'", m->w, m->h, letter_keys[k]);
            SDL_Rect r = control_rect(ui, x, y);
            if (r.w < min || r.h < min)
                fail_msg("%dx%d: key '%s' is %dx%d, under %d px (10 mm)", m->w, m->h,
                         letter_keys[k], r.w, r.h, min);
            /* inside the window */
            assert_true(r.x >= 0 && r.y >= 0 && r.x + r.w <= m->w && r.y + r.h <= m->h);
        }
        /* keys grow towards the comfortable target where there is room */
        int x, y;
        ui_find_control(ui, "q", &x, &y);
        SDL_Rect q = control_rect(ui, x, y);
        assert_true(q.h >= (m->target < q.w ? m->target : q.w) - 1);
        /* the field shows the whole sentence */
        assert_true(ui_frame_has_text(ui, "zodat ik mijn taken"));
        ui_close(ui);
    }
}

static void keyboard_types_with_shift_symbols_and_backspace(void **state)
{
    struct ui *ui = test_ui_open(800, 480);
    struct keyboard kb;
    struct keyboard_text t;
    keyboard_text_init(&t, 300);
    keyboard_init(&kb, &t);
    draw_keyboard(ui, &kb);
    assert_true(kb.shift); /* empty: a sentence starts with a capital */
    assert_int_equal(ui_find_control(ui, "q", &(int){0}, &(int){0}), -1); /* shows capitals */
    tap(ui, &kb, &t, "I");
    tap(ui, &kb, &t, "k");
    tap(ui, &kb, &t, "spatie");
    assert_string_equal(t.s, "Ik ");
    /* digits and accents live on the second layer */
    tap(ui, &kb, &t, "123");
    tap(ui, &kb, &t, "4");
    save(ui, "keyboard-symbols");
    tap(ui, &kb, &t, "é");
    assert_string_equal(t.s, "Ik 4é");
    /* backspace takes the whole two-byte é, then the 4 */
    tap(ui, &kb, &t, "Wissen");
    assert_string_equal(t.s, "Ik 4");
    tap(ui, &kb, &t, "Wissen");
    assert_string_equal(t.s, "Ik ");
    tap(ui, &kb, &t, "abc");
    /* shift twice: caps stays on */
    tap(ui, &kb, &t, "Shift");
    tap(ui, &kb, &t, "Shift");
    tap(ui, &kb, &t, "O");
    tap(ui, &kb, &t, "K");
    assert_string_equal(t.s, "Ik OK");
    tap(ui, &kb, &t, "Shift");
    tap(ui, &kb, &t, "a");
    assert_string_equal(t.s, "Ik OKa");
    assert_int_equal(tap(ui, &kb, &t, "Klaar"), KEYBOARD_DONE);
    /* other actions are not the keyboard's */
    assert_int_equal(keyboard_press(&kb, UI_ACTION_DONE, &t), KEYBOARD_IGNORED);
    assert_int_equal(keyboard_press(&kb, UI_ACTION_KEYBOARD_FIRST + 49, &t), KEYBOARD_IGNORED);
    ui_close(ui);
}

static void usb_keyboard_types_into_the_same_buffer(void **state)
{
    struct keyboard kb;
    struct keyboard_text t;
    keyboard_text_init(&t, 0);
    keyboard_init(&kb, &t);
    SDL_Event ev = {.type = SDL_TEXTINPUT};
    snprintf(ev.text.text, sizeof ev.text.text, "%s", "Café");
    assert_int_equal(keyboard_handle_event(&kb, &ev, &t), KEYBOARD_CHANGED);
    ev = (SDL_Event){.type = SDL_KEYDOWN};
    ev.key.keysym.sym = SDLK_BACKSPACE;
    assert_int_equal(keyboard_handle_event(&kb, &ev, &t), KEYBOARD_CHANGED);
    assert_string_equal(t.s, "Caf");
    ev.key.keysym.sym = SDLK_RETURN;
    assert_int_equal(keyboard_handle_event(&kb, &ev, &t), KEYBOARD_DONE);
    ev.key.keysym.sym = SDLK_F1;
    assert_int_equal(keyboard_handle_event(&kb, &ev, &t), KEYBOARD_IGNORED);
}

static void text_buffer_keeps_whole_characters(void **state)
{
    struct keyboard_text t;
    keyboard_text_init(&t, 5);
    assert_int_equal(keyboard_text_insert(&t, "ë€"), 0);     /* 2 + 3 bytes, 2 characters */
    assert_int_equal(keyboard_text_chars(&t), 2);
    assert_int_equal(keyboard_text_insert(&t, "😀"), 0);       /* 4 bytes, 1 character */
    assert_int_equal(keyboard_text_insert(&t, "abc"), -1);     /* would be 6 characters */
    assert_string_equal(t.s, "ë€😀");
    assert_int_equal(keyboard_text_insert(&t, "\xC3"), -1);    /* half a character */
    assert_int_equal(keyboard_text_insert(&t, "\xC0\xAF"), -1); /* overlong '/' */
    assert_int_equal(keyboard_text_insert(&t, "\xE0\x80\xAF"), -1); /* overlong, 3 bytes */
    assert_int_equal(keyboard_text_insert(&t, "\xED\xA0\x80"), -1); /* a surrogate */
    assert_int_equal(keyboard_text_insert(&t, "\xF4\x90\x80\x80"), -1); /* past U+10FFFF */
    assert_int_equal(keyboard_text_insert(&t, "a\nb"), -1);    /* control character */
    assert_string_equal(t.s, "ë€😀");
    assert_int_equal(keyboard_text_backspace(&t), 0);
    assert_string_equal(t.s, "ë€");
    assert_int_equal(keyboard_text_backspace(&t), 0);
    assert_string_equal(t.s, "ë");
    assert_int_equal(keyboard_text_backspace(&t), 0);
    assert_string_equal(t.s, "");
    assert_int_equal(t.len, 0);
    assert_int_equal(keyboard_text_backspace(&t), -1);
    /* set: cut at a character boundary, controls become spaces */
    keyboard_text_set(&t, "ab\tcdéfg");
    assert_string_equal(t.s, "ab cd");
    /* the byte buffer never overflows, even without a character limit */
    keyboard_text_init(&t, 0);
    int n = 0;
    while (keyboard_text_insert(&t, "€") == 0)
        n++;
    assert_true(t.len < sizeof t.s);
    assert_int_equal(n, (KEYBOARD_TEXT_MAX - 1) / 3);
}

/* ---- QR -------------------------------------------------------------- */

/* zbarimg's reading of png, or "" when it finds no code. */
static void zbar(const char *png, char *out, size_t outlen)
{
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "zbarimg -q --raw '%s' 2>/dev/null", png);
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    size_t n = fread(out, 1, outlen - 1, p);
    out[n] = '\0';
    pclose(p);
    while (n && (out[n - 1] == '\n' || out[n - 1] == '\r'))
        out[--n] = '\0';
}

static void qr_decodes_to_the_dossier_url_with_a_valid_token(void **state)
{
    struct card_key key;
    char err[256], token[CARD_TOKEN_MAX], url[512];
    assert_int_equal(card_key_load(test_tmpdir(), &key, err, sizeof err), 0);
    long long now = 1764493200; /* 2025-11-30 09:00 UTC */
    assert_int_equal(card_token_make(&key, "042512", now + 600, token, sizeof token), 0);
    assert_int_equal(card_url_fill("https://school.example/stage/{code}", token, url, sizeof url),
                     0);
    for (int s = 0; s < TEST_NSIZES; s++) {
        struct ui *ui = test_ui_open(test_sizes[s].w, test_sizes[s].h);
        const struct ui_metrics *m = ui_metrics(ui);
        struct qr *q = qr_new(url);
        assert_non_null(q);
        /* a third of the short side, as a dossier screen would give it */
        int side = (m->w < m->h ? m->w : m->h) / 3;
        ui_frame_begin(ui);
        int px = qr_draw(ui, q, (SDL_Rect){m->w - side - m->pad, m->h - side - m->pad, side, side});
        ui_frame_end(ui);
        assert_true(px >= 2);
        assert_true(qr_side_for(q, px) <= side);
        char path[512], got[600];
        snprintf(path, sizeof path, "%s/qr-%dx%d.png", shots, m->w, m->h);
        assert_int_equal(ui_save_png(ui, path), 0);
        zbar(path, got, sizeof got);
        assert_string_equal(got, url);
        /* and the token in it verifies */
        char number[CARD_NUMBER_MAX];
        long long expires;
        assert_int_equal(card_token_read(&key, got, now + 60, number, &expires), CARD_TOKEN_OK);
        assert_string_equal(number, "042512");
        qr_free(q);
        ui_close(ui);
    }
}

static void qr_too_small_is_refused(void **state)
{
    struct ui *ui = test_ui_open(800, 480);
    struct qr *q = qr_new("https://school.example/stage/SKD1.042512.1764493800.AAAAAAAAAAAAAAAA");
    assert_non_null(q);
    ui_frame_begin(ui);
    assert_int_equal(qr_draw(ui, q, (SDL_Rect){0, 0, 20, 20}), -1);
    assert_int_equal(qr_draw_text(ui, "kort", (SDL_Rect){0, 0, 200, 200}), 0);
    ui_frame_end(ui);
    qr_free(q);
    /* more than a QR code holds */
    char *big = malloc(8000);
    memset(big, 'x', 7999);
    big[7999] = '\0';
    assert_null(qr_new(big));
    free(big);
    ui_close(ui);
}

int main(void)
{
    shots = getenv("SK_WIDGET_SHOTS");
    if (!shots || !*shots)
        shots = strdup(test_tmpdir());
    else
        mkdir(shots, 0755);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(charts_draw_at_every_size),
        cmocka_unit_test(charts_take_missing_values),
        cmocka_unit_test(keyboard_keys_are_big_enough_at_every_size),
        cmocka_unit_test(keyboard_types_with_shift_symbols_and_backspace),
        cmocka_unit_test(usb_keyboard_types_into_the_same_buffer),
        cmocka_unit_test(text_buffer_keeps_whole_characters),
        cmocka_unit_test(qr_decodes_to_the_dossier_url_with_a_valid_token),
        cmocka_unit_test(qr_too_small_is_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
