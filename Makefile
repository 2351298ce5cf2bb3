# stagekiosk: plain Makefile. `make run` and `make test` set up what they need.
include config.mk

# SANITIZE=1 (ASan + UBSan) builds into a folder of its own.
BUILD := $(if $(filter 1,$(SANITIZE)),build-san,build)
BIN   := $(BUILD)/stagekiosk

# Debian packages for building, running and testing (the CI installs these).
DEB_DEPS := build-essential pkg-config libsdl2-dev libsdl2-ttf-dev libsqlite3-dev \
            libsodium-dev libinih-dev libcsv-dev libfontconfig-dev libcairo2-dev \
            libqrencode-dev zlib1g-dev libcmocka-dev fonts-inter fonts-noto-core sqlite3 \
            xvfb xauth xdotool zbar-tools clang libclang-rt-14-dev valgrind
# GPIO buttons: the v1 API from Debian 12 (make gpiod2-check fetches v2's headers)
DEB_DEPS += libgpiod-dev
# packaging (make deb, tests/sh/packaging.sh); make image installs its own tools
DEB_DEPS += libsystemd-dev dpkg-dev shellcheck lintian dosfstools mtools fdisk e2fsprogs systemd faketime
# teacher mode: Excel export, and its tests (FAT stick, workbook reader, PDF cards)
DEB_DEPS += libxlsxwriter-dev python3-openpyxl poppler-utils fusefat fuse
# the presenter display on a real X server with two screens (tests/sh/presenter_x11.sh)
DEB_DEPS += xserver-xorg-core xserver-xorg-video-dummy x11-xserver-utils libxrandr-dev
# updates: RAUC bundles checked on the host (tests/test_update.c), the U-Boot
# slot script booted in QEMU (tests/sh/uboot_slots.sh)
DEB_DEPS += rauc squashfs-tools cryptsetup-bin openssl u-boot-tools u-boot-qemu libubootenv-tool qemu-system-arm
# school sync: libpq, and a real PostgreSQL server for its tests (tests/sh/school_sync.sh)
DEB_DEPS += libpq-dev postgresql
# the presenter's chart read back by OCR (tests/sh/presenter_ocr.sh)
DEB_DEPS += tesseract-ocr

CFLAGS += $(shell $(PKG_CONFIG) --cflags $(PKGS) $(PKGS_LAZY) 2>/dev/null)
LDLIBS := $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null) $(LDLIBS)

# One buttons backend (firmware/buttons_<name>.c) is linked: HW=desktop gives
# `keys` (no libgpiod), else libgpiod's major version picks gpiod1 or gpiod2.
# buttons_fake.c is for tests only (see the test rule below).
GPIOD_VERSION := $(shell $(PKG_CONFIG) --modversion libgpiod 2>/dev/null)
BUTTONS_BACKEND := $(if $(filter desktop,$(HW)),keys,$(if $(filter 2.%,$(GPIOD_VERSION)),gpiod2,$(if $(filter 1.%,$(GPIOD_VERSION)),gpiod1,keys)))
ifneq ($(BUTTONS_BACKEND),keys)
CFLAGS += $(shell $(PKG_CONFIG) --cflags libgpiod)
LDLIBS += $(shell $(PKG_CONFIG) --libs libgpiod)
endif

LIB_SRC  := $(wildcard base/*.c) $(wildcard db/*.c) $(wildcard ui/*.c) \
            $(filter-out firmware/main.c firmware/buttons_%.c,$(wildcard firmware/*.c)) \
            firmware/buttons_$(BUTTONS_BACKEND).c
LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/%.o)
TEST_SRC := $(wildcard tests/test_*.c)
TEST_BIN := $(TEST_SRC:tests/%.c=$(BUILD)/tests/%)

DEMO_DIR := $(BUILD)/demo

# Quiet unless V=1.
ifneq ($(V),1)
Q := @
endif

.PHONY: all deps run test check unit scenarios bench install clean gpiod2-check FORCE
.PHONY: deb image image-test update-bundle

all: $(BIN)

deps:
	@missing=$$(for p in $(DEB_DEPS); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | \
	    grep -q '^install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	    echo "Installing: $$missing"; \
	    SUDO=; [ "$$(id -u)" -eq 0 ] || SUDO=sudo; \
	    $$SUDO apt-get update && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y $$missing; \
	fi

$(BUILD)/%.o: %.c
	@mkdir -p $(@D)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(CFLAGS) -c -o $@ $<

# Rebuilt from scratch when the buttons backend changes (HW=...), so an old
# backend never stays in the archive next to the new one.
$(BUILD)/libkiosk.a: $(LIB_OBJ) $(BUILD)/buttons.backend
	$(Q)rm -f $@ && $(AR) rcs $@ $(LIB_OBJ)

$(BUILD)/buttons.backend: FORCE
	@mkdir -p $(@D)
	@echo $(BUTTONS_BACKEND) | cmp -s - $@ || echo $(BUTTONS_BACKEND) >$@

$(BIN): $(BUILD)/firmware/main.o $(BUILD)/libkiosk.a
	@$(if $(Q),echo "  LINK    $@")
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/tests/%: $(BUILD)/tests/%.o $(BUILD)/libkiosk.a
	@$(if $(Q),echo "  LINK    $@")
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS) $(shell $(PKG_CONFIG) --libs cmocka)

# The buttons' test and bench get the fake backend; listed before the
# archive, it is the one the linker takes.
BUTTONS_FAKE := $(BUILD)/firmware/buttons_fake.o
$(BUILD)/tests/test_buttons $(BUILD)/tests/bench_buttons: $(BUILD)/tests/%: \
        $(BUILD)/tests/%.o $(BUTTONS_FAKE) $(BUILD)/libkiosk.a
	@$(if $(Q),echo "  LINK    $@")
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS) $(shell $(PKG_CONFIG) --libs cmocka)

# CI proves the libgpiod v2 backend compiles, against bookworm-backports'
# headers unpacked into $(BUILD)/gpiod2 (tests/gpiod2_fetch.sh; the
# system's apt sources stay untouched). tests/sh/gpiod2_compile.sh runs it.
gpiod2-check: $(BUILD)/gpiod2/buttons_gpiod2.o
$(BUILD)/gpiod2/buttons_gpiod2.o: firmware/buttons_gpiod2.c $(BUILD)/gpiod2/usr/include/gpiod.h
	@$(if $(Q),echo "  CC      $< (libgpiod v2 headers)")
	$(Q)$(CC) $(CFLAGS) -I$(BUILD)/gpiod2/usr/include -c -o $@ $<
$(BUILD)/gpiod2/usr/include/gpiod.h:
	$(Q)tests/gpiod2_fetch.sh $(BUILD)

run: deps $(BIN)
	$(BIN) --data $(DEMO_DIR) --demo-history --windowed

unit: $(TEST_BIN)
scenarios: $(BIN)

# Everything headless: unit tests, scenarios, the real-window scanner test.
test: deps
	$(MAKE) $(BIN) $(TEST_BIN) $(PROOF_BIN)
	tests/run.sh $(BUILD)

# Quick, before every commit (seconds, no build): the layer rules of
# HACKING.md read from the #include lines, and no SQL built from strings.
# `make test` runs both too.
check:
	@tests/sh/layers.sh
	@bash tests/sh/no_string_sql.sh $(BUILD)

BENCHES := bench_export bench_buttons bench_dossier bench_student bench_presenter bench_backup bench_attendance

# Timing targets live here, not in the tests: figures with their targets.
bench: deps
	$(MAKE) $(BIN) $(BUILD)/tests/bench $(BENCHES:%=$(BUILD)/tests/%) $(BUILD)/tests/bench_sync
	tests/bench.sh $(BUILD)
	@for b in $(BENCHES); do echo; echo "== $$b"; SDL_VIDEODRIVER=dummy $(BUILD)/tests/$$b || exit 1; done
	@echo; echo "== bench_sync (school sync, a real PostgreSQL)"; tests/bench_sync.sh $(BUILD)

install: $(BIN)
	install -Dm755 $(BIN) $(DESTDIR)$(PREFIX)/bin/stagekiosk
	install -d $(DESTDIR)$(PREFIX)/share/stagekiosk
	cp -r assets/. $(DESTDIR)$(PREFIX)/share/stagekiosk/
	install -Dm644 assets/stagekiosk.conf $(DESTDIR)/etc/stagekiosk/stagekiosk.conf

# The Debian package, the SD-card image and its boot test (image/README.md).
# deb: stagekiosk_<version>_<arch>.deb in $(BUILD)/, built with PREFIX=/usr.
deb: deps
	image/mkdeb.sh $(BUILD)
image:
	image/mkimage.sh all
image-test:
	image/imagetest.sh $(BUILD)
# The signed RAUC bundle of this version, from the image's root (builds the
# image first when there is none): image/out/stagekiosk-<v>-arm64.raucb.
update-bundle:
	[ -s image/out/root.ext4 ] || image/mkimage.sh all
	image/mkimage.sh bundle

clean:
	rm -rf $(BUILD)

# Fuzzing, sanitizers, valgrind, crash and soak runs (tests/README.md).
include tests/proof.mk

-include $(LIB_OBJ:.o=.d) $(BUILD)/firmware/main.d $(TEST_BIN:=.d)
-include $(BUTTONS_FAKE:.o=.d) $(BUILD)/tests/bench_buttons.d $(BUILD)/gpiod2/buttons_gpiod2.d
