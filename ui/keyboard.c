/* keyboard.c: the on-screen keyboard as two tables of rows (letters, and
 * digits/symbols/accents), laid out in tenths of a key so wide keys (shift,
 * space, Klaar) line up with the letters on every screen size. */
#include "ui/keyboard.h"
#include "base/utf8.h"
#include "ui/text.h"
#include "ui/theme.h"
#include "ui/view.h"
#include "ui/widget.h"

#include <string.h>

enum key_kind { KEY_CHAR, KEY_SHIFT, KEY_BACKSPACE, KEY_SPACE, KEY_LAYER, KEY_DONE };

struct key {
    const char *lower, *upper;      /* what it types (KEY_CHAR) or shows */
    enum key_kind kind;
    int tenths;                     /* width: 10 = one letter key */
};

#define ROWS 4
#define ROW_KEYS 11
#define LAYER_ACTIONS 50            /* action = FIRST + layer * 50 + key index */

struct row {
    int indent;                     /* tenths of a key before the first */
    struct key keys[ROW_KEYS];
};

#define C(l, u) {l, u, KEY_CHAR, 10}

static const struct row layers[2][ROWS] = {
    [KEYBOARD_LETTERS] = {
        {0, {C("q", "Q"), C("w", "W"), C("e", "E"), C("r", "R"), C("t", "T"), C("y", "Y"),
             C("u", "U"), C("i", "I"), C("o", "O"), C("p", "P")}},
        {5, {C("a", "A"), C("s", "S"), C("d", "D"), C("f", "F"), C("g", "G"), C("h", "H"),
             C("j", "J"), C("k", "K"), C("l", "L")}},
        {0, {{"Shift", "Shift", KEY_SHIFT, 15}, C("z", "Z"), C("x", "X"), C("c", "C"),
             C("v", "V"), C("b", "B"), C("n", "N"), C("m", "M"),
             {"Wissen", "Wissen", KEY_BACKSPACE, 15}}},
        {0, {{"123", "123", KEY_LAYER, 15}, C(",", ","), {"spatie", "spatie", KEY_SPACE, 45},
             C(".", "."), {"Klaar", "Klaar", KEY_DONE, 20}}},
    },
    [KEYBOARD_SYMBOLS] = {
        {0, {C("1", "1"), C("2", "2"), C("3", "3"), C("4", "4"), C("5", "5"), C("6", "6"),
             C("7", "7"), C("8", "8"), C("9", "9"), C("0", "0")}},
        {0, {C("-", "-"), C("/", "/"), C(":", ":"), C(";", ";"), C("(", "("), C(")", ")"),
             C("?", "?"), C("!", "!"), C("'", "'"), C("\"", "\"")}},
        {0, {{"Shift", "Shift", KEY_SHIFT, 15}, C("é", "É"), C("ë", "Ë"), C("è", "È"),
             C("ï", "Ï"), C("ö", "Ö"), C("ü", "Ü"), C("ç", "Ç"),
             {"Wissen", "Wissen", KEY_BACKSPACE, 15}}},
        {0, {{"abc", "abc", KEY_LAYER, 15}, C(",", ","), {"spatie", "spatie", KEY_SPACE, 45},
             C(".", "."), {"Klaar", "Klaar", KEY_DONE, 20}}},
    },
};

/* ---- the text buffer ------------------------------------------------- */

void keyboard_text_init(struct keyboard_text *t, int max_chars)
{
    memset(t, 0, sizeof *t);
    t->max_chars = max_chars;
}

int keyboard_text_chars(const struct keyboard_text *t)
{
    int n = 0;
    for (size_t i = 0; i < t->len; i++)
        n += ((unsigned char)t->s[i] & 0xc0) != 0x80;
    return n;
}

int keyboard_text_insert(struct keyboard_text *t, const char *utf8)
{
    size_t n = strlen(utf8);
    if (!n || utf8_text(utf8, n, 0) < 0 || t->len + n >= sizeof t->s)
        return -1;
    int add = 0;
    for (size_t i = 0; i < n; i++)
        add += ((unsigned char)utf8[i] & 0xc0) != 0x80;
    if (t->max_chars && keyboard_text_chars(t) + add > t->max_chars)
        return -1;
    memcpy(t->s + t->len, utf8, n + 1);
    t->len += n;
    return 0;
}

int keyboard_text_backspace(struct keyboard_text *t)
{
    if (!t->len)
        return -1;
    /* back over continuation bytes to the first byte of the character */
    size_t i = t->len - 1;
    while (i > 0 && ((unsigned char)t->s[i] & 0xc0) == 0x80)
        i--;
    t->len = i;
    t->s[i] = '\0';
    return 0;
}

void keyboard_text_set(struct keyboard_text *t, const char *utf8)
{
    int max = t->max_chars;
    keyboard_text_init(t, max);
    size_t len = strlen(utf8);
    for (size_t i = 0; i < len;) {
        char one[UTF8_CHAR_MAX + 1] = {0};
        uint32_t cp;
        size_t k = utf8_decode(utf8 + i, len - i, &cp);
        if (!k || utf8_is_control(cp)) {
            one[0] = ' '; /* a byte that is not UTF-8, or a control: a space */
            k = k ? k : 1;
        } else {
            memcpy(one, utf8 + i, k);
        }
        if (keyboard_text_insert(t, one) != 0 && one[0] != ' ')
            return; /* full: keep what fits */
        i += k;
    }
}

/* ---- the keyboard ---------------------------------------------------- */

void keyboard_init(struct keyboard *kb, const struct keyboard_text *t)
{
    memset(kb, 0, sizeof *kb);
    kb->layer = KEYBOARD_LETTERS;
    kb->shift = !t || t->len == 0;
}

int keyboard_min_key(void)
{
    return (int)(THEME_MIN_TARGET_MM * THEME_PX_PER_MM_7INCH + 0.5);
}

struct geometry {
    int gap, key_w, key_h;
};

static struct geometry geometry(struct ui *ui, int width)
{
    const struct ui_metrics *m = ui_metrics(ui);
    struct geometry g = {m->gap, 0, 0};
    g.key_w = (width - 9 * g.gap) / 10;
    /* Narrow screens: give the keys the room of the gaps first. */
    while (g.key_w < keyboard_min_key() && g.gap > 4) {
        g.gap--;
        g.key_w = (width - 9 * g.gap) / 10;
    }
    g.key_h = g.key_w;
    if (g.key_h > m->target)
        g.key_h = m->target;
    if (g.key_h < keyboard_min_key())
        g.key_h = keyboard_min_key();
    return g;
}

int keyboard_height(struct ui *ui, int width)
{
    struct geometry g = geometry(ui, width);
    return ROWS * g.key_h + (ROWS - 1) * g.gap;
}

static const SDL_Color key_special = {0xE2, 0xE7, 0xEE, 0xFF};

static void draw_shift_icon(struct ui *ui, SDL_Rect r, SDL_Color ink, int caps)
{
    int s = (r.h < r.w ? r.h : r.w) / 3;
    float cx = r.x + r.w / 2.0f, top = r.y + (r.h - s) / 2.0f - s / 6.0f;
    SDL_Vertex v[3] = {
        {{cx, top}, ink, {0, 0}},
        {{cx - s * 0.6f, top + s * 0.55f}, ink, {0, 0}},
        {{cx + s * 0.6f, top + s * 0.55f}, ink, {0, 0}},
    };
    SDL_RenderGeometry(ui_renderer(ui), NULL, v, 3, NULL, 0);
    SDL_Rect stem = {(int)(cx - s * 0.22f), (int)(top + s * 0.5f), (int)(s * 0.44f),
                     (int)(s * 0.55f)};
    SDL_SetRenderDrawColor(ui_renderer(ui), ink.r, ink.g, ink.b, ink.a);
    SDL_RenderFillRect(ui_renderer(ui), &stem);
    if (caps) {
        SDL_Rect bar = {(int)(cx - s * 0.6f), (int)(top + s * 1.2f), (int)(s * 1.2f),
                        s / 6 > 2 ? s / 6 : 2};
        SDL_RenderFillRect(ui_renderer(ui), &bar);
    }
}

static void draw_backspace_icon(struct ui *ui, SDL_Rect r, SDL_Color ink, SDL_Color fill)
{
    int s = (r.h < r.w ? r.h : r.w) * 2 / 5;
    float cx = r.x + r.w / 2.0f, cy = r.y + r.h / 2.0f;
    float x0 = cx - s, x1 = cx + s * 0.8f, tip = x0 + s * 0.5f, h = s * 0.5f;
    SDL_Vertex v[5] = {
        {{x0, cy}, ink, {0, 0}},        {{tip, cy - h}, ink, {0, 0}},
        {{x1, cy - h}, ink, {0, 0}},    {{x1, cy + h}, ink, {0, 0}},
        {{tip, cy + h}, ink, {0, 0}},
    };
    int idx[9] = {0, 1, 4, 1, 2, 4, 2, 3, 4};
    SDL_RenderGeometry(ui_renderer(ui), NULL, v, 5, idx, 9);
    float xc = (tip + x1) / 2, d = h * 0.45f, w = s / 8.0f > 2 ? s / 8.0f : 2;
    widget_line(ui, xc - d, cy - d, xc + d, cy + d, w, fill);
    widget_line(ui, xc - d, cy + d, xc + d, cy - d, w, fill);
}

static void draw_key(struct ui *ui, SDL_Rect r, const struct key *k, const struct keyboard *kb,
                     int action)
{
    const struct ui_metrics *m = ui_metrics(ui);
    int pressed = ui_pressed(ui) == action;
    int active = k->kind == KEY_SHIFT && (kb->shift || kb->caps);
    SDL_Color fill = k->kind == KEY_CHAR || k->kind == KEY_SPACE ? theme_panel : key_special;
    SDL_Color ink = theme_text;
    if (k->kind == KEY_DONE || active) {
        fill = pressed ? theme_accent_dark : theme_accent;
        ink = theme_on_accent;
    } else if (pressed) {
        fill = theme_line;
    }
    int rad = m->gap / 2 > 4 ? m->gap / 2 : 4;
    /* a thin darker edge below, so keys read as keys on a light background */
    SDL_Rect edge = {r.x, r.y + 2, r.w, r.h};
    widget_round_rect(ui, edge, rad, theme_line);
    widget_round_rect(ui, r, rad, fill);

    const char *label = kb->shift || kb->caps ? k->upper : k->lower;
    int size = k->kind == KEY_CHAR ? m->body * 5 / 4 : m->body;
    switch (k->kind) {
    case KEY_SHIFT:
        draw_shift_icon(ui, r, ink, kb->caps);
        break;
    case KEY_BACKSPACE:
        draw_backspace_icon(ui, r, ink, fill);
        break;
    default:
        text_draw(ui, label, size, k->kind == KEY_CHAR ? TEXT_REGULAR : TEXT_BOLD,
                  k->kind == KEY_SPACE ? theme_text_soft : ink, r.x + r.w / 2,
                  r.y + (r.h - size * 6 / 5) / 2, TEXT_CENTER);
        break;
    }
    ui_add_control(ui, r, action, label);
}

void keyboard_draw(struct ui *ui, SDL_Rect box, const struct keyboard *kb)
{
    struct geometry g = geometry(ui, box.w);
    int height = ROWS * g.key_h + (ROWS - 1) * g.gap;
    int y = box.y + (box.h > height ? box.h - height : 0);
    /* the letter grid, centred when the width does not divide evenly */
    int x0 = box.x + (box.w - (10 * g.key_w + 9 * g.gap)) / 2;
    const struct row *rows = layers[kb->layer];
    int index = 0;
    for (int r = 0; r < ROWS; r++, y += g.key_h + g.gap) {
        int tenths = rows[r].indent;
        for (int k = 0; k < ROW_KEYS && rows[r].keys[k].lower; k++, index++) {
            const struct key *key = &rows[r].keys[k];
            /* edges on the grid of tenths: wide keys swallow the gaps they span */
            int left = x0 + tenths * (g.key_w + g.gap) / 10;
            tenths += key->tenths;
            int right = x0 + tenths * (g.key_w + g.gap) / 10 - g.gap;
            SDL_Rect kr = {left, y, right - left, g.key_h};
            draw_key(ui, kr, key, kb, UI_ACTION_KEYBOARD_FIRST + kb->layer * LAYER_ACTIONS + index);
        }
    }
}

/* The key behind an action, or NULL. */
static const struct key *key_of(int action, enum keyboard_layer *layer)
{
    if (action < UI_ACTION_KEYBOARD_FIRST || action > UI_ACTION_KEYBOARD_LAST)
        return NULL;
    int l = (action - UI_ACTION_KEYBOARD_FIRST) / LAYER_ACTIONS;
    int index = (action - UI_ACTION_KEYBOARD_FIRST) % LAYER_ACTIONS;
    if (l > KEYBOARD_SYMBOLS)
        return NULL;
    *layer = (enum keyboard_layer)l;
    for (int r = 0; r < ROWS; r++)
        for (int k = 0; k < ROW_KEYS && layers[l][r].keys[k].lower; k++)
            if (index-- == 0)
                return &layers[l][r].keys[k];
    return NULL;
}

enum keyboard_result keyboard_press(struct keyboard *kb, int action, struct keyboard_text *t)
{
    enum keyboard_layer layer;
    const struct key *k = key_of(action, &layer);
    if (!k)
        return KEYBOARD_IGNORED;
    switch (k->kind) {
    case KEY_CHAR:
        keyboard_text_insert(t, kb->shift || kb->caps ? k->upper : k->lower);
        if (!kb->caps)
            kb->shift = 0;
        break;
    case KEY_SPACE:
        keyboard_text_insert(t, " ");
        break;
    case KEY_SHIFT:
        /* off -> once -> stays on (caps) -> off */
        if (kb->caps)
            kb->caps = kb->shift = 0;
        else if (kb->shift)
            kb->caps = 1;
        else
            kb->shift = 1;
        break;
    case KEY_BACKSPACE:
        keyboard_text_backspace(t);
        if (!t->len && !kb->caps)
            kb->shift = 1;
        break;
    case KEY_LAYER:
        kb->layer = layer == KEYBOARD_LETTERS ? KEYBOARD_SYMBOLS : KEYBOARD_LETTERS;
        break;
    case KEY_DONE:
        return KEYBOARD_DONE;
    }
    return KEYBOARD_CHANGED;
}

enum keyboard_result keyboard_handle_event(struct keyboard *kb, const SDL_Event *ev,
                                           struct keyboard_text *t)
{
    if (ev->type == SDL_TEXTINPUT) {
        keyboard_text_insert(t, ev->text.text);
        if (!kb->caps)
            kb->shift = 0;
        return KEYBOARD_CHANGED;
    }
    if (ev->type != SDL_KEYDOWN)
        return KEYBOARD_IGNORED;
    switch (ev->key.keysym.sym) {
    case SDLK_BACKSPACE:
        keyboard_text_backspace(t);
        return KEYBOARD_CHANGED;
    case SDLK_RETURN:
    case SDLK_KP_ENTER:
        return KEYBOARD_DONE;
    default:
        return KEYBOARD_IGNORED;
    }
}

/* ---- the text field -------------------------------------------------- */

#define FIELD_LINES 16

/* Splits text into lines that fit width: whole words where possible, a
 * word longer than a line is cut between characters. Returns the count;
 * start[i], len[i] in bytes. */
static int wrap(struct ui *ui, const char *text, int size, int width, int *start, int *len,
                int max)
{
    int n = 0;
    size_t p = 0, total = strlen(text);
    char buf[KEYBOARD_TEXT_MAX];
    while (p < total && n < max) {
        size_t fit = 0, i = p;
        for (;;) {
            while (i < total && text[i] != ' ')
                i++;
            memcpy(buf, text + p, i - p);
            buf[i - p] = '\0';
            if (text_width(ui, buf, size, TEXT_REGULAR) > width)
                break;
            fit = i - p;
            if (i >= total)
                break;
            i++;
        }
        if (!fit) {
            /* one long word: as many whole characters as fit, at least one */
            size_t c = p, last = p;
            while (c < total && text[c] != ' ') {
                size_t k = utf8_decode(text + c, total - c, NULL);
                size_t next = c + (k ? k : 1);
                memcpy(buf, text + p, next - p);
                buf[next - p] = '\0';
                if (last > p && text_width(ui, buf, size, TEXT_REGULAR) > width)
                    break;
                last = c = next;
            }
            fit = last > p ? last - p : 1;
        }
        /* keep a trailing space on the last line: the caret goes after it */
        if (p + fit + 1 == total && text[p + fit] == ' ')
            fit++;
        start[n] = (int)p;
        len[n] = (int)fit;
        n++;
        p += fit;
        if (p < total && text[p] == ' ' && p + 1 < total)
            p++;
    }
    return n;
}

void keyboard_field_draw(struct ui *ui, SDL_Rect r, const struct keyboard_text *t,
                         const char *placeholder)
{
    const struct ui_metrics *m = ui_metrics(ui);
    int rad = m->gap / 2 > 4 ? m->gap / 2 : 4;
    widget_round_rect(ui, r, rad, theme_accent);
    SDL_Rect in = {r.x + 3, r.y + 3, r.w - 6, r.h - 6};
    widget_round_rect(ui, in, rad - 2 > 2 ? rad - 2 : 2, theme_panel);

    int size = m->body * 5 / 4, line_h = size * 13 / 10, pad = m->gap;
    int width = in.w - 2 * pad - size / 4;
    int fits = (in.h - pad) / line_h;
    if (fits < 1)
        fits = 1;
    int x = in.x + pad, y = in.y + pad / 2 + (in.h - pad - fits * line_h) / 2;
    int caret_x = x, caret_y = y;
    if (!t->len) {
        if (placeholder)
            text_draw(ui, placeholder, size, TEXT_REGULAR, theme_text_soft, x + size / 3, y,
                      TEXT_LEFT);
    } else {
        int start[FIELD_LINES], len[FIELD_LINES];
        int n = wrap(ui, t->s, size, width, start, len, FIELD_LINES);
        int first = n > fits ? n - fits : 0;
        char line[KEYBOARD_TEXT_MAX];
        for (int i = first; i < n; i++, y += line_h) {
            memcpy(line, t->s + start[i], (size_t)len[i]);
            line[len[i]] = '\0';
            text_draw(ui, line, size, TEXT_REGULAR, theme_text, x, y, TEXT_LEFT);
            if (i == n - 1) {
                /* measured, not drawn width: a trailing space moves the caret */
                caret_x = x + text_width(ui, line, size, TEXT_REGULAR);
                caret_y = y;
            }
        }
        ui_log_text(ui, t->s); /* the whole text is findable for scenarios */
    }
    SDL_Rect caret = {caret_x + 1, caret_y + size / 10, size / 10 > 2 ? size / 10 : 2,
                      size * 11 / 10};
    SDL_SetRenderDrawColor(ui_renderer(ui), theme_accent.r, theme_accent.g, theme_accent.b, 255);
    SDL_RenderFillRect(ui_renderer(ui), &caret);
}
