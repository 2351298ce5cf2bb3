# config.mk: build settings; override on the command line (make PREFIX=/usr).
VERSION   = 0.1.0
PREFIX   ?= /usr/local
PKG_CONFIG ?= pkg-config
CC       ?= cc

# Libraries every build needs (all Debian packages, see DEB_DEPS in Makefile).
PKGS = sdl2 SDL2_ttf sqlite3 libsodium inih libqrencode libsystemd zlib
# Compiled against, loaded only when used (db/*_lazy.c, ui/*_lazy.c):
# not linked, so not in the way of the first frame.
PKGS_LAZY = xlsxwriter libpq cairo fontconfig

# A clock before this moment is plainly wrong (a Pi has no real-time clock):
# the package's build date, or else this release's (2026-11-29).
BUILD_EPOCH ?= $(or $(SOURCE_DATE_EPOCH),1795910400)

CFLAGS  ?= -O2 -g
# ISO C11 (-Wpedantic): what any C11 compiler takes. The schema steps are
# long SQL literals, past the 4095 bytes a compiler must support; gcc and
# clang take any length, hence -Wno-overlength-strings.
CFLAGS  += -std=c11 -Wpedantic -Wno-overlength-strings \
           -D_DEFAULT_SOURCE -D_GNU_SOURCE -Wall -Wextra -Werror \
           -Wno-unused-parameter -Wno-format-truncation -MMD -MP -I. \
           -DSK_VERSION=\"$(VERSION)\" -DSK_ASSETS=\"$(PREFIX)/share/stagekiosk\" \
           -DSK_BUILD_EPOCH=$(BUILD_EPOCH)
LDLIBS  += -lcsv -lm -lpthread -ldl

ifeq ($(SANITIZE),1)
CFLAGS  += -fsanitize=address,undefined -fno-omit-frame-pointer -O1
LDFLAGS += -fsanitize=address,undefined
endif
