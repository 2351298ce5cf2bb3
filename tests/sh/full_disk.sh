#!/usr/bin/env bash
# tests/sh/full_disk.sh BUILD: a full disk while the kiosk runs. Every write
# to the database's WAL fails with ENOSPC (tests/crash/failio.so), as on a
# full SD card: a scan shows "Inchecken is niet gelukt." and stores nothing,
# the kiosk keeps running, and once there is room again the same card
# checks in.
set -u
build=${1:-build}
bin=$build/stagekiosk
shim=$PWD/$build/tests/crash/failio.so
[ -f "$shim" ] || { echo "$shim is missing (make $shim)"; exit 1; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/sk-full-XXXXXX")
trap 'rm -rf "$tmp"' EXIT
export SDL_VIDEODRIVER=dummy STAGEKIOSK_LOG=quiet
data=$tmp/data
kiosk() { "$bin" --data "$data" --headless --script "$@"; }
checkins() { sqlite3 "$data/stagekiosk.db" "SELECT count(*) FROM checkins"; }

printf 'expect screen idle\n' >"$tmp/idle.scn"
kiosk "$tmp/idle.scn" --demo >/dev/null 2>&1 || { echo "setup failed"; exit 1; }

cat >"$tmp/full.scn" <<'EOF'
scan-card 100001
expect screen notice
expect text "Inchecken is niet gelukt."
expect text "Probeer het nog een keer."
tap "Klaar"
scan-card 100002
expect text "Inchecken is niet gelukt."
tap "Klaar"
expect screen idle
expect text "0 van 24 ingecheckt"
EOF
if ! env LD_PRELOAD="$shim" FAILIO_MATCH=stagekiosk.db-wal FAILIO_RATE=1 FAILIO_ERRNO=ENOSPC \
        FAILIO_LOG=1 "$bin" --data "$data" --headless --script "$tmp/full.scn" \
        >"$tmp/out" 2>&1; then
    echo "FAIL: with a full disk the kiosk did not show the notice:"
    sed 's/^/    /' "$tmp/out" | tail -n 20
    exit 1
fi
grep -q '^failio: .*ENOSPC' "$tmp/out" || { echo "FAIL: the shim injected nothing"; exit 1; }
[ "$(checkins)" = 0 ] || { echo "FAIL: $(checkins) check-ins stored on a full disk"; exit 1; }
echo "ok   full disk: \"Inchecken is niet gelukt.\", nothing stored"

printf 'scan-card 100001\nexpect text "Welkom, Sanne J."\n' >"$tmp/room.scn"
kiosk "$tmp/room.scn" >"$tmp/out" 2>&1 && [ "$(checkins)" = 1 ] ||
    { echo "FAIL: with room again the card did not check in:"; tail -n 20 "$tmp/out"; exit 1; }
echo "ok   room again: the same card checks in"
