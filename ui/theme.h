/* theme.h: colours and proportions of every screen, in one place.
 * Sizes follow the screen: body text about 1/20 of the short side, titles
 * about 1/10, touch targets never under 10 mm. */
#ifndef THEME_H
#define THEME_H

#include <SDL.h>

/* Light, calm background; text contrast well above 4.5:1. */
static const SDL_Color theme_bg = {0xF4, 0xF6, 0xF8, 0xFF};
static const SDL_Color theme_panel = {0xFF, 0xFF, 0xFF, 0xFF};
static const SDL_Color theme_line = {0xD5, 0xDB, 0xE3, 0xFF};
static const SDL_Color theme_text = {0x17, 0x22, 0x33, 0xFF};        /* 15:1 on bg */
static const SDL_Color theme_text_soft = {0x4A, 0x55, 0x68, 0xFF};   /* 7:1 on bg */
static const SDL_Color theme_accent = {0x0B, 0x5C, 0xAD, 0xFF};      /* 6.5:1 with white */
static const SDL_Color theme_accent_dark = {0x08, 0x44, 0x82, 0xFF};
static const SDL_Color theme_on_accent = {0xFF, 0xFF, 0xFF, 0xFF};
static const SDL_Color theme_ok = {0x1B, 0x7A, 0x3D, 0xFF};          /* green, 5.4:1 */
static const SDL_Color theme_warn = {0xA8, 0x4A, 0x00, 0xFF};        /* orange-brown, 5.6:1 */
static const SDL_Color theme_error = {0xB3, 0x26, 0x1E, 0xFF};       /* red, 6.4:1 */

/* Pixels per millimetre when the panel is unknown: the official 7" panel
 * (800 px over ~154 mm). Touch targets use at least 10 mm of it. */
#define THEME_MIN_TARGET_MM 10
#define THEME_PX_PER_MM_7INCH (800.0 / 154.0)

#endif
