#!/usr/bin/env bash
# A new kiosk asks for a teacher PIN before anything else; no default PIN
# works. The PIN and a keypad lock both survive a restart.
set -eu
build=${1:-build}
bin=$PWD/$build/stagekiosk
tmp=$(mktemp -d "${TMPDIR:-/tmp}/sk-first-XXXXXX")
trap 'rm -rf "$tmp"' EXIT
export STAGEKIOSK_LOG=quiet
run() { # name scenario-text
    printf '%s\n' "$2" >"$tmp/$1.scn"
    "$bin" --data "$tmp/data" --config /dev/null --headless --script "$tmp/$1.scn" \
        --size 800x480 || { echo "FAIL: $1"; exit 1; }
}
keys() { for d in $(echo "$1" | grep -o .); do echo "tap \"$d\""; done; echo 'tap "OK"'; }

# 1: a fresh data dir starts at the keypad; Annuleren does not get around it
run setup "$(cat <<SCN
expect screen pin
expect text "Kies een pincode"
tap "Annuleren"
expect screen pin
$(keys 1357)
expect text "Typ de pincode nog een keer"
$(keys 1358)
expect text "De twee pincodes zijn niet gelijk. Kies opnieuw."
$(keys 1357)
$(keys 1357)
expect screen teacher
SCN
)"
# 2: after a restart the kiosk rests at idle; the old PIN works, 0000 does not
run again "$(cat <<SCN
expect screen idle
key F2
$(keys 0000)
expect text "Deze pincode klopt niet."
$(keys 1357)
expect screen teacher
SCN
)"
# 3: five wrong PINs lock the keypad ...
run lock "$(cat <<SCN
key F2
$(keys 1111)
$(keys 1111)
$(keys 1111)
$(keys 1111)
$(keys 1111)
expect text "Wacht nog 60 seconden."
SCN
)"
# 4: ... and a restart does not lift the lock (the clock is the same
# virtual 08:55, so the full minute is still to go)
run locked "$(cat <<SCN
key F2
expect text "Te vaak een verkeerde pincode."
expect no-text "OK"
SCN
)"
# 5: on another new kiosk an admin sets the PIN on the command line while
# the keypad waits: the kiosk notices and goes to rest; that PIN works
printf '2468\n' >"$tmp/pin"
printf '%s\n' 'expect screen pin' 'cli set-pin --pin-stdin' 'wait 1500' 'expect screen idle' \
    'key F2' "$(keys 2468)" 'expect screen teacher' >"$tmp/cli-pin.scn"
"$bin" --data "$tmp/data2" --config /dev/null --headless --script "$tmp/cli-pin.scn" \
    --size 800x480 <"$tmp/pin" || { echo "FAIL: cli-pin"; exit 1; }
echo "ok: first start asks for a PIN; PIN and lock survive a restart; a PIN set by an admin counts"
