#!/usr/bin/env bash
# tests/sh/bad_start.sh BUILD: the kiosk refuses to start on a broken
# machine with exit status 1 and a Dutch sentence that says what is wrong,
# never with a crash: a corrupt, truncated or newer database file, a
# read-only data dir, a damaged card key, a missing display, a missing font
# file and an unreadable config file; SDL drawing off screen when no display
# was found; an export to a folder that does not exist; --shots makes its
# folder. (tests/README.md, "Bad input".)
set -u
build=${1:-build}
bin=$PWD/$build/stagekiosk
tmp=$(mktemp -d "${TMPDIR:-/tmp}/sk-badstart-XXXXXX")
trap 'rm -rf "$tmp"' EXIT
export SDL_VIDEODRIVER=dummy STAGEKIOSK_LOG=quiet
fail=0
printf 'expect screen idle\n' >"$tmp/idle.scn"

# A data dir with demo data, to damage in different ways.
good() { # dir
    mkdir -p "$1"
    "$bin" --data "$1" --demo --headless --script "$tmp/idle.scn" >/dev/null 2>&1 ||
        { echo "setup: the demo data dir did not start"; exit 1; }
}

# expect_refusal NAME PATTERN COMMAND...: exit status 1, the last line on
# stderr (what the person reads) matches PATTERN, no sanitizer report.
expect_refusal() {
    local name=$1 pattern=$2 rc msg
    shift 2
    "$@" >"$tmp/out" 2>"$tmp/err"
    rc=$?
    msg=$(grep -v ' stagekiosk [a-z]*: ' "$tmp/err" | tail -n 1)
    if [ "$rc" -ne 1 ]; then
        echo "FAIL $name: exit status $rc, expected 1"
        sed 's/^/    /' "$tmp/err" | tail -n 15
        fail=1
    elif grep -qE 'Sanitizer|runtime error|Segmentation|Aborted' "$tmp/err"; then
        echo "FAIL $name: a crash or a sanitizer report"
        sed 's/^/    /' "$tmp/err" | tail -n 15
        fail=1
    elif ! grep -qE "$pattern" <<<"$msg"; then
        echo "FAIL $name: message '$msg' does not match /$pattern/"
        fail=1
    else
        echo "ok   $name: $msg"
    fi
}

headless() { "$bin" --data "$1" --headless --script "$tmp/idle.scn"; }

# ---- the database file -------------------------------------------------
mkdir -p "$tmp/garbage"
head -c 8192 /dev/urandom >"$tmp/garbage/stagekiosk.db"
expect_refusal "corrupt database" 'is geen stagekiosk-database' headless "$tmp/garbage"

good "$tmp/truncated"
size=$(stat -c %s "$tmp/truncated/stagekiosk.db")
truncate -s $((size / 2)) "$tmp/truncated/stagekiosk.db"
expect_refusal "truncated database" 'stagekiosk.db' headless "$tmp/truncated"

mkdir -p "$tmp/newer"
sqlite3 "$tmp/newer/stagekiosk.db" "PRAGMA journal_mode=WAL; CREATE TABLE x(a);
                                     PRAGMA user_version=999;" >/dev/null
expect_refusal "database of a newer version" 'nieuwere stagekiosk.*Installeer' \
    headless "$tmp/newer"

# ---- the data dir and the card key -----------------------------------------
good "$tmp/badkey"
head -c 5 /dev/zero >"$tmp/badkey/card.key"
expect_refusal "damaged card key" 'sleutel voor de passen.*beschadigd' headless "$tmp/badkey"

# Read-only: root may write anywhere, so as root the kiosk runs as nobody.
as_reader() {
    if [ "$(id -u)" -eq 0 ]; then
        setpriv --reuid=65534 --regid=65534 --clear-groups env HOME=/nonexistent "$@"
    else
        "$@"
    fi
}
cp "$bin" "$tmp/stagekiosk"
chmod 755 "$tmp" "$tmp/stagekiosk"
chmod 644 "$tmp/idle.scn"
ro_headless() { as_reader "$tmp/stagekiosk" --data "$1" --headless --script "$tmp/idle.scn"; }

mkdir -p "$tmp/ro-empty"
chmod 555 "$tmp/ro-empty"
expect_refusal "read-only empty data dir" '^De database .* gaat niet open' \
    ro_headless "$tmp/ro-empty"

good "$tmp/ro-data"
chmod 444 "$tmp/ro-data"/*
chmod 555 "$tmp/ro-data"
expect_refusal "read-only data dir with data" 'alleen-lezen' ro_headless "$tmp/ro-data"
chmod 755 "$tmp/ro-data" "$tmp/ro-empty"

# ---- the command line ----------------------------------------------------------
expect_refusal "export to a folder that does not exist" '^De map .*/no-such-folder bestaat niet' \
    "$bin" --data "$tmp/display" export --to "$tmp/no-such-folder"
"$bin" --data "$tmp/display" --demo --headless --script "$tmp/idle.scn" \
    --shots "$tmp/new/shots" >/dev/null 2>&1 && [ -d "$tmp/new/shots" ] ||
    { echo "FAIL --shots DIR does not make DIR"; fail=1; }

# ---- display, font, config ---------------------------------------------------
expect_refusal "no display" '^Geen beeldscherm gevonden' \
    env SDL_VIDEODRIVER=x11 DISPLAY= "$bin" --data "$tmp/display" --windowed
# no display and no driver named: SDL would fall back to drawing off screen
expect_refusal "no display, no driver asked for" '^Geen beeldscherm gevonden' \
    env -u SDL_VIDEODRIVER DISPLAY= WAYLAND_DISPLAY= timeout 30 "$bin" --data "$tmp/display" \
    --windowed

printf '[screen]\nfont = %s/no-such-font.ttf\n' "$tmp" >"$tmp/font.conf"
expect_refusal "missing font file" '^Lettertype .* gaat niet open' \
    "$bin" --config "$tmp/font.conf" --data "$tmp/font" --headless --script "$tmp/idle.scn"

printf 'dit is geen lettertype\n' >"$tmp/not-a-font.ttf"
printf '[screen]\nfont = %s/not-a-font.ttf\n' "$tmp" >"$tmp/font2.conf"
expect_refusal "a font file that is no font" '^Lettertype .* gaat niet open' \
    "$bin" --config "$tmp/font2.conf" --data "$tmp/font" --headless --script "$tmp/idle.scn"

expect_refusal "missing config file" '^Het configuratiebestand .* is niet te lezen' \
    "$bin" --config "$tmp/none.conf" --data "$tmp/cfg" --headless --script "$tmp/idle.scn"

exit $fail
