#!/usr/bin/env bash
# tests/sh/backup_screens.sh BUILD: backup and restore through the screens,
# on a real FAT stick (fusefat below the kiosk's media folder), at 800x480
# and 1280x800 (shots in BUILD/shots/<size>/backup_*.png):
#  1. teacher mode, "Back-up maken": the passphrase twice (a short one and
#     two that differ are refused), then one file on the stick;
#  2. a new kiosk's first start: "Back-up terugzetten", the file, a wrong
#     passphrase (refused, asked again), the right one; the old PIN opens
#     teacher mode, a card printed by the old kiosk checks in, and every
#     row and the card key are the old kiosk's.
set -eu
build=${1:-build}
. tests/lib.sh
bin=$(cd "$(dirname "$build/stagekiosk")" && pwd)/stagekiosk
tmp=$(mktemp -d "${TMPDIR:-/tmp}/sk-bscreens-XXXXXX")
stick=$tmp/media/STICK
trap 'fusermount -u "$stick" 2>/dev/null || true; rm -rf "$tmp"' EXIT
export STAGEKIOSK_LOG=${STAGEKIOSK_LOG:-quiet}
fat_stick "$tmp/stick.img" "$stick" 32768 2>/dev/null
printf '[usb]\nmedia_root = %s/media\n' "$tmp" >"$tmp/kiosk.conf"
pass=zomer-2027-kiosk
demo_pin() { printf 'tap "%s"\n' 1 2 3 4 OK; } # the demo's PIN on the keypad

for size in 800x480 1280x800; do
    rm -rf "$tmp/old" "$tmp/new" "$stick"/*
    shots=$build/shots/$size
    mkdir -p "$shots"
    kiosk() { # data script [--demo]
        "$bin" --data "$tmp/$1" --config "$tmp/kiosk.conf" --headless --script "$tmp/$2.scn" \
            --shots "$shots" --size "$size" ${3:-} || fail "scenario $2 at $size"
    }
    cat >"$tmp/make.scn" <<SCN
key F2
$(demo_pin)
tap "USB-stick"
tap "Back-up maken"
expect screen backup
expect text "Kies een wachtwoord"
type kort
tap "Klaar"
expect text "Dat wachtwoord is te kort."
type $pass
shot backup_passphrase
tap "Klaar"
expect text "Typ het wachtwoord nog een keer."
type $pass-anders
tap "Klaar"
expect text "De twee wachtwoorden zijn niet gelijk."
type $pass
tap "Klaar"
type $pass
tap "Klaar"
expect text "Back-up gemaakt"
shot backup_made
tap "OK"
expect screen teacher
expect text "USB-stick"
shot backup_menu
SCN
    kiosk old make --demo
    file=$(ls "$stick"/stagekiosk-backup-*.skbackup) || fail "no backup on the stick at $size"
    code=$("$bin" --data "$tmp/old" --config "$tmp/kiosk.conf" card-code 100003)
    # its button says when it was made: "Back-up van DD-MM-YYYY HH:MM"
    stamp=$(basename "$file" .skbackup)
    stamp=${stamp#stagekiosk-backup-}
    label="Back-up van ${stamp:8:2}-${stamp:5:2}-${stamp:0:4} ${stamp:11:2}:${stamp:13:2}"

    cat >"$tmp/restore.scn" <<SCN
expect screen pin
expect text "Back-up terugzetten"
shot backup_first_start
tap "Back-up terugzetten"
expect screen backup
expect text "Kies de back-up."
shot backup_choose
tap "$label"
type niet-het-goede
tap "Klaar"
expect text "Het wachtwoord klopt niet."
type $pass
tap "Klaar"
expect text "De back-up is teruggezet"
shot backup_restored
tap "OK"
expect screen idle
scan $code
expect screen welcome
expect text "Je bent ingecheckt"
tap "Klaar"
key F2
expect text "Typ je pincode"
$(demo_pin)
expect screen teacher
SCN
    kiosk new restore
    cmp -s "$tmp/old/card.key" "$tmp/new/card.key" || fail "card key differs at $size"
    [ "$(sqlite3 "$tmp/new/stagekiosk.db" "SELECT count(*) FROM students")" = \
      "$(sqlite3 "$tmp/old/stagekiosk.db" "SELECT count(*) FROM students")" ] || fail "students differ"
    [ "$(sqlite3 "$tmp/new/stagekiosk.db" "SELECT count(*) FROM checkins")" = \
      "$(($(sqlite3 "$tmp/old/stagekiosk.db" "SELECT count(*) FROM checkins") + 1))" ] ||
        fail "check-ins: not the old ones plus the new scan"
    ls "$tmp"/new/oud-*/stagekiosk.db >/dev/null || fail "the first start's empty store was not kept aside"
    echo "ok   $size"
done
echo "backup screens: ok"
