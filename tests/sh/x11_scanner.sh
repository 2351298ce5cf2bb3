#!/usr/bin/env bash
# tests/sh/x11_scanner.sh BUILD: a USB scanner typing into a real X11 window.
#
# Starts the demo kiosk in a window on a private Xvfb display and types card
# codes into it with xdotool, 5 ms a key and then Return, as a scanner does.
# Then it asks the store (sqlite3) what landed:
#   1. a valid code of 100001 checks 100001 in;
#   2. the same code with one character of its mac changed checks nobody in;
#   3. half a code, a 1 s pause, then the full code of 100002: 100002 is in.
# Needs Xvfb, xdotool and sqlite3 (make deps installs them); works as root
# without a display. Exit 0 on pass; on failure it says why and shows the
# kiosk's log.
set -u
build=${1:-build}
bin=$build/stagekiosk

tmp=
kiosk_pid=
xvfb_pid=

# shellcheck source=tests/lib.sh
. tests/lib.sh

cleanup() {
    stop "$kiosk_pid"
    stop "$xvfb_pid"
    [ -n "$tmp" ] && rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

for tool in Xvfb xdotool sqlite3 timeout; do
    command -v "$tool" >/dev/null || fail "$tool is not installed (make deps installs it)"
done
[ -x "$bin" ] || fail "$bin is missing; build it with make"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/sk-x11-XXXXXX") || fail "no temporary folder"
data=$tmp/data
: >"$tmp/empty.conf" # never the machine's /etc/stagekiosk/stagekiosk.conf

# --- a display of our own -------------------------------------------------
# tests/run.sh exports SDL_VIDEODRIVER=dummy for the headless tests; this one
# needs the real X11 driver. -displayfd: Xvfb takes a free display number
# and writes it once it accepts connections.
unset DISPLAY SDL_VIDEODRIVER STAGEKIOSK_NOW
Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp -noreset \
    3>"$tmp/display" >"$tmp/xvfb.log" 2>&1 &
xvfb_pid=$!
xvfb_ready() { [ -s "$tmp/display" ] || ! kill -0 "$xvfb_pid" 2>/dev/null; }
wait_until 10 xvfb_ready
display=$(cat "$tmp/display" 2>/dev/null)
[ -n "$display" ] || fail "Xvfb did not start: $(cat "$tmp/xvfb.log")"
export DISPLAY=":$display" SDL_VIDEODRIVER=x11 STAGEKIOSK_LOG=info

# --- the kiosk ----------------------------------------------------------------
# Started directly, not through a function, so that $! is the kiosk itself.
"$bin" --config "$tmp/empty.conf" --data "$data" --demo --windowed --size 800x480 \
    >"$tmp/kiosk.log" 2>&1 &
kiosk_pid=$!
kiosk() { "$bin" --config "$tmp/empty.conf" --data "$data" "$@"; }

# The window shows after the store holds the demo students.
win=$(timeout 10 xdotool search --sync --onlyvisible --name '^stagekiosk$' 2>/dev/null |
    head -n 1)
kill -0 "$kiosk_pid" 2>/dev/null || fail "the kiosk stopped before its window showed"
[ -n "$win" ] || fail "no window named stagekiosk within 10 s"
timeout 5 xdotool windowfocus --sync "$win" || fail "cannot focus window $win"

code1=$(kiosk card-code 100001) || fail "card-code 100001 failed"
code2=$(kiosk card-code 100002) || fail "card-code 100002 failed"
if [ -z "$code1" ] || [ -z "$code2" ]; then fail "card-code printed nothing"; fi

# --- what landed in the store ---------------------------------------------------
checkins_of() { # studentnummer
    sqlite3 -cmd '.timeout 2000' "$data/stagekiosk.db" \
        "select count(*) from checkins c join students s on s.id=c.student_id
         where s.number='$1'"
}
all_checkins() {
    sqlite3 -cmd '.timeout 2000' "$data/stagekiosk.db" "select count(*) from checkins"
}
has_checkins() { [ "$(checkins_of "$1")" = "$2" ]; }

# A scanner: the code as fast keystrokes, then Return.
scan() {
    xdotool type --delay 5 "$1" || fail "xdotool type failed"
    xdotool key Return || fail "xdotool key failed"
}

# 1. a valid card
scan "$code1"
wait_until 10 has_checkins 100001 1 ||
    fail "typed the code of 100001 ($code1) but it has $(checkins_of 100001) check-ins after 10 s"

# 2. a forged card: one character of the mac changed
last=${code1: -1}
if [ "$last" = A ]; then forged=${code1%?}B; else forged=${code1%?}A; fi
scan "$forged"
sleep 1
[ "$(all_checkins)" = 1 ] ||
    fail "the forged code $forged added a check-in ($(all_checkins) in the store)"

# 3. a scan that broke off half-way, a pause, then a whole one
scan_half=${code2:0:$((${#code2} / 2))}
xdotool type --delay 5 "$scan_half" || fail "xdotool type failed"
sleep 1
scan "$code2"
wait_until 10 has_checkins 100002 1 ||
    fail "after half a code ($scan_half), a pause and the code of 100002, 100002 has" \
        "$(checkins_of 100002) check-ins after 10 s"

# Keystrokes arrive in order, so by now the forged scan was read too.
if [ "$(all_checkins)" != 2 ] || ! has_checkins 100001 1; then
    fail "expected exactly 2 check-ins (100001, 100002); the store has $(all_checkins)"
fi
kill -0 "$kiosk_pid" 2>/dev/null || fail "the kiosk stopped"

echo "ok: a valid scan checked in, a forged one was refused, a broken-off scan did not spoil the next"
