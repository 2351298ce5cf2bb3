# tests/proof.mk: proof that it holds. Fuzz targets (clang + libFuzzer),
# their plain replay programs, the crash harness's I/O shim, and the
# sanitizer, valgrind and soak runs. Included by the Makefile; everything
# builds under $(BUILD) like the rest. tests/README.md says what each proves.

# ---- fuzzing -------------------------------------------------------------
# One file tests/fuzz/fuzz_<name>.c is one target: adding a parser's target
# is adding a file, plus seeds in tests/fuzz/corpus/<name>/.
FUZZ_CC      ?= clang
FUZZ_SRC     := $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_NAMES   := $(FUZZ_SRC:tests/fuzz/fuzz_%.c=%)
FUZZ_BIN     := $(FUZZ_NAMES:%=$(BUILD)/fuzz/fuzz_%)
FUZZ_REPLAY  := $(FUZZ_NAMES:%=$(BUILD)/tests/fuzz/replay_%)
# The parsers live in base/ (libc-only leaves), db/ (never SDL or hardware)
# and in the pure modules of firmware/ (HACKING.md) listed here.
FUZZ_FIRMWARE := backup card config scanner script
FUZZ_LIB_SRC := $(filter base/% db/%,$(LIB_SRC)) $(FUZZ_FIRMWARE:%=firmware/%.c)
FUZZ_LIB_OBJ := $(patsubst %.c,$(BUILD)/fuzz/%.o,$(FUZZ_LIB_SRC))
FUZZ_SAN     := -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined \
                -fno-omit-frame-pointer
# gcc's -Werror build is the one that guards warnings; clang's own warnings
# are shown here but do not stop the fuzz build.
FUZZ_CFLAGS  := $(filter-out -O2 -fsanitize=% -Wno-format-truncation,$(CFLAGS)) -O1 -Wno-error \
                $(FUZZ_SAN)

# The kiosk built for crash tests needs nothing extra; the shim is separate
# so it can be preloaded into any build (plain, sanitized).
FAILIO_SO    := $(BUILD)/tests/crash/failio.so

PROOF_BIN    := $(FUZZ_BIN) $(FUZZ_REPLAY) $(FAILIO_SO)

.PHONY: fuzz fuzz-build test-sanitize valgrind soak crash

$(BUILD)/fuzz/%.o: %.c
	@mkdir -p $(@D)
	@$(if $(Q),echo "  FUZZCC  $<")
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) -c -o $@ $<

$(BUILD)/fuzz/libkiosk.a: $(FUZZ_LIB_OBJ)
	$(Q)$(AR) rcs $@ $^

$(BUILD)/fuzz/fuzz_%: $(BUILD)/fuzz/tests/fuzz/fuzz_%.o $(BUILD)/fuzz/libkiosk.a
	@$(if $(Q),echo "  LINK    $@")
	$(Q)$(FUZZ_CC) -fsanitize=fuzzer,address,undefined -o $@ $^ $(LDLIBS)

$(BUILD)/tests/fuzz/replay_%: $(BUILD)/tests/fuzz/fuzz_%.o $(BUILD)/tests/fuzz/replay.o \
                              $(BUILD)/libkiosk.a
	@$(if $(Q),echo "  LINK    $@")
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

# Never sanitized: it is preloaded into other programs.
$(FAILIO_SO): tests/crash/failio.c
	@mkdir -p $(@D)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) -std=c11 -D_GNU_SOURCE -O2 -g -Wall -Wextra -Werror -fPIC -shared -o $@ $< -ldl

fuzz-build: $(FUZZ_BIN) $(FUZZ_REPLAY)

# A long run for humans: make fuzz FUZZ_SECONDS=3600 (each target).
fuzz: deps
	$(MAKE) fuzz-build
	FUZZ_SECONDS=$(or $(FUZZ_SECONDS),600) tests/sh/fuzz_smoke.sh $(BUILD)

# ---- sanitizers, valgrind, crash, soak -------------------------------------
# Everything again with ASan and UBSan, in its own folder (build-san).
test-sanitize:
	$(MAKE) SANITIZE=1 BUILD=$(BUILD)-san test

ifeq ($(SANITIZE),1)
# Leaks inside SDL, fontconfig and dbus are theirs; tests/lsan.supp names
# only those. UBSan stops at the first report so a test fails on it. The
# crash harness preloads its shim, hence verify_asan_link_order=0. The
# fuzzers were sanitized all along: here they only replay their corpus.
# (Not fast_unwind_on_malloc=0: its unwinder deadlocks inside Mesa's LLVM
# JIT in the windowed tests, and it doubles the run time.)
export ASAN_OPTIONS  ?= detect_leaks=1:verify_asan_link_order=0
export LSAN_OPTIONS  ?= suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0
export UBSAN_OPTIONS ?= halt_on_error=1:print_stacktrace=1
export FUZZ_SECONDS ?= 0
export CRASH_KILLS ?= 60
endif

valgrind: deps
	$(MAKE) $(BIN)
	tests/valgrind.sh $(BUILD)

# CRASH_SEED=N replays a run; CRASH_KILLS=N for more kills.
crash: deps
	$(MAKE) $(BIN) $(FAILIO_SO)
	tests/crash/run.sh $(BUILD) kill
	tests/crash/run.sh $(BUILD) failio

# make soak HOURS=1: a real kiosk under Xvfb, a check-in every second.
HOURS ?= 1
soak: deps
	$(MAKE) $(BIN)
	tests/soak.sh $(BUILD) $(HOURS)

-include $(FUZZ_LIB_OBJ:.o=.d) $(FUZZ_SRC:%.c=$(BUILD)/fuzz/%.d) \
         $(FUZZ_SRC:%.c=$(BUILD)/%.d) $(BUILD)/tests/fuzz/replay.d

# Keep the objects of the fuzz and replay programs (make would delete them
# as intermediates and rebuild them every time).
.SECONDARY: $(FUZZ_SRC:%.c=$(BUILD)/fuzz/%.o) $(FUZZ_SRC:%.c=$(BUILD)/%.o) \
            $(BUILD)/tests/fuzz/replay.o
