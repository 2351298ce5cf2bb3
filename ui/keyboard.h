/* keyboard.h: an on-screen QWERTY keyboard for typing learning goals on a
 * touchscreen, and the text buffer it types into.
 *
 * The keyboard is a widget like a button: keyboard_draw() places its keys as
 * controls (actions UI_ACTION_KEYBOARD_FIRST..LAST of ui/view.h, with labels
 * such as "q", "Shift", "Wissen", "spatie", "123", "Klaar" for scenarios),
 * and the app passes the action of a tap to keyboard_press(). Keys are never
 * smaller than 10 mm and grow towards ui_metrics()->target when there is
 * room. A USB keyboard types into the same buffer (keyboard_handle_event). */
#ifndef KEYBOARD_H
#define KEYBOARD_H

#include "ui/ui.h"

#include <SDL.h>
#include <stddef.h>

#define KEYBOARD_TEXT_MAX 1216  /* bytes with the NUL: 300 characters of any script */

/* A line of UTF-8 text that only grows or shrinks by whole characters. */
struct keyboard_text {
    char s[KEYBOARD_TEXT_MAX];
    size_t len;                 /* bytes, without the NUL */
    int max_chars;              /* 0: as many as fit in s */
};

/* Empties t; max_chars 0 means no limit but the buffer. */
void keyboard_text_init(struct keyboard_text *t, int max_chars);
/* Replaces the text (a template, an answer read back), cut at a character
 * boundary when too long; control characters become spaces. */
void keyboard_text_set(struct keyboard_text *t, const char *utf8);
/* Appends utf8 (one key or a pasted word). 0, or -1 and nothing changed
 * when it is not valid UTF-8, holds a control character or does not fit. */
int keyboard_text_insert(struct keyboard_text *t, const char *utf8);
/* Removes the last character (all bytes of it). 0, or -1 when empty. */
int keyboard_text_backspace(struct keyboard_text *t);
/* Number of characters (code points). */
int keyboard_text_chars(const struct keyboard_text *t);

enum keyboard_layer { KEYBOARD_LETTERS, KEYBOARD_SYMBOLS };

/* The keyboard's own state; set up with keyboard_init, changed only by
 * keyboard_press and keyboard_handle_event. */
struct keyboard {
    enum keyboard_layer layer;
    int shift;                  /* the next letter is a capital */
    int caps;                   /* shift stays on (shift tapped twice) */
};

/* Letters, with shift on when t is NULL or empty: a sentence starts with a
 * capital. */
void keyboard_init(struct keyboard *kb, const struct keyboard_text *t);

/* The smallest key side: 10 mm on the reference panel (theme.h). */
int keyboard_min_key(void);

/* The height keyboard_draw uses for a keyboard width wide. */
int keyboard_height(struct ui *ui, int width);

/* Draws the keys in box (4 rows; the keyboard uses keyboard_height(box.w),
 * aligned to the bottom of box) and registers each as a control. */
void keyboard_draw(struct ui *ui, SDL_Rect box, const struct keyboard *kb);

enum keyboard_result {
    KEYBOARD_IGNORED,           /* not a keyboard action or key */
    KEYBOARD_CHANGED,           /* text or keyboard changed: redraw */
    KEYBOARD_DONE,              /* "Klaar" (or Enter) */
};

/* Applies the key with action (from ui_hit of the last frame) to t. */
enum keyboard_result keyboard_press(struct keyboard *kb, int action, struct keyboard_text *t);

/* A USB keyboard: SDL_TEXTINPUT text, Backspace and Enter. */
enum keyboard_result keyboard_handle_event(struct keyboard *kb, const SDL_Event *ev,
                                           struct keyboard_text *t);

/* A text field showing t with a caret at its end, wrapped; when it does not
 * fit, the last lines show. placeholder (soft) when t is empty. */
void keyboard_field_draw(struct ui *ui, SDL_Rect r, const struct keyboard_text *t,
                         const char *placeholder);

#endif
