# stagekiosk: plain Makefile. `make run` and `make test` set up what they need.
include config.mk

BUILD := build
BIN   := $(BUILD)/stagekiosk

# Debian packages for building, running and testing (the CI installs these).
DEB_DEPS := build-essential pkg-config libsdl2-dev libsdl2-ttf-dev libsqlite3-dev \
            libsodium-dev libinih-dev libcsv-dev libfontconfig-dev libcairo2-dev \
            libqrencode-dev libcmocka-dev fonts-inter fonts-noto-core sqlite3 \
            xvfb xauth xdotool zbar-tools

CFLAGS += $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)
LDLIBS := $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null) $(LDLIBS)

LIB_SRC  := $(wildcard db/*.c) $(wildcard ui/*.c) $(filter-out firmware/main.c,$(wildcard firmware/*.c))
LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/%.o)
TEST_SRC := $(wildcard tests/test_*.c)
TEST_BIN := $(TEST_SRC:tests/%.c=$(BUILD)/tests/%)

DEMO_DIR := $(BUILD)/demo

# Quiet unless V=1.
ifneq ($(V),1)
Q := @
endif

.PHONY: all deps run test check unit scenarios bench install clean

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

$(BUILD)/libkiosk.a: $(LIB_OBJ)
	$(Q)$(AR) rcs $@ $^

$(BIN): $(BUILD)/firmware/main.o $(BUILD)/libkiosk.a
	@$(if $(Q),echo "  LINK    $@")
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/tests/%: $(BUILD)/tests/%.o $(BUILD)/libkiosk.a
	@$(if $(Q),echo "  LINK    $@")
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS) $(shell $(PKG_CONFIG) --libs cmocka)

run: deps $(BIN)
	$(BIN) --data $(DEMO_DIR) --demo --windowed

unit: $(TEST_BIN)
scenarios: $(BIN)

# Everything headless: unit tests, scenarios, the real-window scanner test.
test: deps
	$(MAKE) $(BIN) $(TEST_BIN)
	tests/run.sh $(BUILD)

# Tests plus the layer rules of HACKING.md.
check: test
	@! grep -l 'SDL' db/*.[ch] || { echo "db/ must not include SDL"; exit 1; }
	@echo "layer rules hold"

bench: deps
	$(MAKE) $(BIN) $(BUILD)/tests/bench
	tests/bench.sh $(BUILD)

install: $(BIN)
	install -Dm755 $(BIN) $(DESTDIR)$(PREFIX)/bin/stagekiosk
	install -d $(DESTDIR)$(PREFIX)/share/stagekiosk
	cp -r assets/. $(DESTDIR)$(PREFIX)/share/stagekiosk/

clean:
	rm -rf $(BUILD)

-include $(LIB_OBJ:.o=.d) $(BUILD)/firmware/main.d $(TEST_BIN:=.d)
