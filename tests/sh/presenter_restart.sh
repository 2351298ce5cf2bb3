#!/usr/bin/env bash
# tests/sh/presenter_restart.sh BUILD: on the Pi SDL (KMSDRM) learns the
# screens only when it starts, so the kiosk counts the DRM connectors itself
# and, at rest, stops with exit code 75 for systemd to start it again.
# A made-up /sys/class/drm (STAGEKIOSK_DRM_ROOT) and SDL's dummy driver:
#   1. nothing changes: the kiosk runs on;
#   2. a projector is plugged in: it stops with 75 and says why;
#   3. started again with both screens, the projector pulled out: 75 again;
#   4. with [screen] presenter = nee a projector changes nothing.
set -u
build=${1:-build}
bin=$build/stagekiosk

tmp=
kiosk_pid=
# shellcheck source=tests/lib.sh
. tests/lib.sh

cleanup() {
    stop "$kiosk_pid"
    [ -n "$tmp" ] && rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

[ -x "$bin" ] || fail "$bin is missing; build it with make"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/sk-drm-XXXXXX") || fail "no temporary folder"
drm=$tmp/drm
mkdir -p "$drm/card1" "$drm/card1-HDMI-A-1" "$drm/card1-HDMI-A-2"
echo connected >"$drm/card1-HDMI-A-1/status"
echo disconnected >"$drm/card1-HDMI-A-2/status"
: >"$tmp/empty.conf"
printf '[screen]\npresenter = nee\n' >"$tmp/off.conf"

unset DISPLAY STAGEKIOSK_NOW
export SDL_VIDEODRIVER=dummy STAGEKIOSK_DRM_ROOT=$drm STAGEKIOSK_LOG=info

start() { # config
    : >"$tmp/kiosk.log"
    "$bin" --config "$1" --data "$tmp/data" --demo --windowed --size 800x480 \
        >"$tmp/kiosk.log" 2>&1 &
    kiosk_pid=$!
    wait_until 10 grep -q "ui: 800x480" "$tmp/kiosk.log" || fail "the kiosk did not start"
    sleep 2.5 # it has counted the screens once
}
running() { kill -0 "$kiosk_pid" 2>/dev/null; }
# ended CODE: the kiosk stopped within 6 s with CODE
ended() {
    wait_until 6 sh -c "! kill -0 $kiosk_pid 2>/dev/null" || return 1
    wait "$kiosk_pid"
    local rc=$?
    kiosk_pid=
    [ "$rc" = "$1" ]
}

# 1. nothing changes
start "$tmp/empty.conf"
sleep 3
running || fail "the kiosk stopped while no screen changed"

# 2. a projector is plugged in
echo connected >"$drm/card1-HDMI-A-2/status"
ended 75 || fail "the kiosk did not stop with 75 after a projector was plugged in"
grep -q "presenter: 2 screens connected now, 1 at start" "$tmp/kiosk.log" ||
    fail "the log does not say why the kiosk restarts"

# 3. started again with both; the projector is pulled out
start "$tmp/empty.conf"
sleep 1
running || fail "the kiosk stopped again though nothing changed since its start"
echo disconnected >"$drm/card1-HDMI-A-2/status"
ended 75 || fail "the kiosk did not stop with 75 after the projector was pulled out"

# 4. presenter = nee: the screens are not watched
start "$tmp/off.conf"
echo connected >"$drm/card1-HDMI-A-2/status"
sleep 4
running || fail "with presenter = nee the kiosk stopped after a plug"
stop "$kiosk_pid"
kiosk_pid=
echo "ok: plugging or pulling a projector restarts the kiosk at rest (75), not with presenter = nee"
