#!/usr/bin/env bash
# gpiod2_compile.sh BUILD: the libgpiod v2 backend (firmware/buttons_gpiod2.c)
# compiles against the v2 headers and uses only functions that v2's library
# defines. Prints SKIP and passes only when apt or the network cannot fetch
# the headers (tests/gpiod2_fetch.sh exits 3).
set -u
build=${1:-build}
tests/gpiod2_fetch.sh "$build"
rc=$?
if [ "$rc" -eq 3 ]; then
    echo "SKIP: libgpiod v2 headers not available (no network or apt); v2 backend not compiled"
    exit 0
fi
[ "$rc" -eq 0 ] || { echo "FAIL: fetching the libgpiod v2 headers failed"; exit 1; }
make --no-print-directory BUILD="$build" gpiod2-check || { echo "FAIL: does not compile"; exit 1; }
obj=$build/gpiod2/buttons_gpiod2.o
lib=$(ls "$build"/gpiod2/usr/lib/*/libgpiod.a 2>/dev/null | head -n 1)
if [ -n "$lib" ]; then
    # Every gpiod_ function the backend calls is defined in libgpiod v2.
    missing=$(comm -23 <(nm -u "$obj" | awk '$2 ~ /^gpiod_/ { print $2 }' | sort -u) \
                       <(nm --defined-only "$lib" 2>/dev/null | awk '$3 ~ /^gpiod_/ { print $3 }' | sort -u))
    [ -z "$missing" ] || { echo "FAIL: not in libgpiod v2: $missing"; exit 1; }
fi
echo "ok: buttons_gpiod2.c compiles against $(ls "$build"/apt/libgpiod-dev_*.deb | xargs -n1 basename)"
