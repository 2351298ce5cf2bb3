#!/usr/bin/env bash
# tests/sh/presenter_x11.sh BUILD: a projector on the second HDMI, on a real
# X server with two screens (Xorg's dummy driver, tests/data/xorg-two-heads.conf).
#
#   1. The kiosk starts fullscreen on the first screen and opens the
#      presenter window on the second by itself.
#   2. An admin opens a poll: the presenter shows the poll.
#   3. The projector is pulled out: the presenter window closes, the kiosk
#      runs on.
#   4. It is plugged in again: the presenter window comes back.
# Needs Xorg with the dummy driver, xrandr, xdotool and libxrandr (make deps
# installs them); runs as root without a display. Exit 0 on pass.
set -u
build=${1:-build}
bin=$build/stagekiosk

tmp=
kiosk_pid=
xorg_pid=

# shellcheck source=tests/lib.sh
. tests/lib.sh

cleanup() {
    stop "$kiosk_pid"
    stop "$xorg_pid"
    [ -n "$tmp" ] && rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

xorg=/usr/lib/xorg/Xorg
[ -x "$xorg" ] || fail "$xorg is not installed (make deps installs xserver-xorg-core)"
[ -e /usr/lib/xorg/modules/drivers/dummy_drv.so ] ||
    fail "the dummy X driver is not installed (make deps installs xserver-xorg-video-dummy)"
for tool in xrandr xdotool pkg-config cc; do
    command -v "$tool" >/dev/null || fail "$tool is not installed (make deps installs it)"
done
[ -x "$bin" ] || fail "$bin is missing; build it with make"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/sk-presenter-XXXXXX") || fail "no temporary folder"
data=$tmp/data
# drawn without GL: the dummy driver has no GPU
printf '[screen]\nsoftware_render = ja\n' >"$tmp/kiosk.conf"

# shellcheck disable=SC2046 # pkg-config's words are flags
cc -O1 -o "$tmp/x11_unplug" tests/x11_unplug.c $(pkg-config --cflags --libs x11 xrandr) ||
    fail "cannot build tests/x11_unplug.c"

# --- an X server with two screens ---------------------------------------------
unset DISPLAY SDL_VIDEODRIVER STAGEKIOSK_NOW
"$xorg" -displayfd 3 -config "$PWD/tests/data/xorg-two-heads.conf" -noreset -nolisten tcp \
    -novtswitch -sharevts -logfile "$tmp/xorg.log" 3>"$tmp/display" >"$tmp/xorg.out" 2>&1 &
xorg_pid=$!
xorg_ready() { [ -s "$tmp/display" ] || ! kill -0 "$xorg_pid" 2>/dev/null; }
wait_until 20 xorg_ready
display=$(cat "$tmp/display" 2>/dev/null)
[ -n "$display" ] || fail "Xorg did not start: $(tail -n 20 "$tmp/xorg.log" 2>/dev/null)"
export DISPLAY=":$display" SDL_VIDEODRIVER=x11 STAGEKIOSK_LOG=debug
monitors=$(xrandr --listactivemonitors | head -n 1)
[ "$monitors" = "Monitors: 2" ] || fail "the X server shows '$monitors', not two screens"

# --- 1. the kiosk, fullscreen on the first screen ---------------------------------
"$bin" --config "$tmp/kiosk.conf" --data "$data" --demo >"$tmp/kiosk.log" 2>&1 &
kiosk_pid=$!
logged() { [ "$(grep -c -- "$1" "$tmp/kiosk.log")" -ge "${2:-1}" ]; }
presenter_window() { xdotool search --onlyvisible --name '^stagekiosk - presentatie$' | head -n 1; }

wait_until 15 logged "presenter: open on display 1" ||
    fail "the presenter did not open on the second screen"
win=$(presenter_window)
[ -n "$win" ] || fail "no visible window named 'stagekiosk - presentatie'"
x=$(xdotool getwindowgeometry --shell "$win" | sed -n 's/^X=//p')
[ "${x:-0}" -ge 1280 ] || fail "the presenter window is at x=$x, not on the second screen"

# --- 2. a poll shows on the presenter -------------------------------------------
"$bin" --config "$tmp/kiosk.conf" --data "$data" poll open terugkomdag 1 >/dev/null 2>&1 ||
    fail "poll open failed"
wait_until 5 logged "presenter: screen stage-poll" || fail "the presenter did not show the poll"

# --- 3. the projector is pulled out ----------------------------------------------
xrandr --output DUMMY1 --off || fail "xrandr --off failed"
"$tmp/x11_unplug" DUMMY1 >/dev/null || fail "x11_unplug failed"
wait_until 5 logged "presenter: closed" || fail "the presenter stayed open after the unplug"
wait_until 5 test -z "$(presenter_window)" || fail "the presenter window is still visible"
kill -0 "$kiosk_pid" 2>/dev/null || fail "the kiosk stopped when the projector was pulled out"

# --- 4. and plugged in again ---------------------------------------------------------
xrandr --output DUMMY1 --mode 1280x720 --right-of DUMMY0 || fail "xrandr --mode failed"
wait_until 10 logged "presenter: open on display 1" 2 ||
    fail "the presenter did not come back when the projector was plugged in again"
wait_until 5 test -n "$(presenter_window)" || fail "no presenter window after the replug"
kill -0 "$kiosk_pid" 2>/dev/null || fail "the kiosk stopped"

stop "$kiosk_pid"
kiosk_pid=
echo "ok: the presenter opened on the second screen, showed the poll, closed on unplug and came back"
