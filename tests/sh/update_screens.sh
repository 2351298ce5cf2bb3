#!/usr/bin/env bash
# Teacher mode's update, through the screens, with bundles that `rauc
# bundle` made (tests/update_bundles.sh) on a real FAT stick (fusefat):
# the menu says an update is on the stick; a damaged one is refused with
# its reason and nothing happens; a good one shows "Nieuwe versie 0.2.0 —
# nu 0.1.0", installs with a progress bar (a stand-in for `rauc install`,
# which needs the RAUC service and root) and asks the system to restart.
# The real install, restart and rollback: make image-test.
set -eu
build=${1:-build}
bin=$(cd "$(dirname "$build/stagekiosk")" && pwd)/stagekiosk
tmp=$(mktemp -d "${TMPDIR:-/tmp}/sk-update-XXXXXX")
stick=$tmp/media/STICK
cleanup() {
    fusermount -u "$stick" 2>/dev/null || true
    rm -rf "$tmp"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; exit 1; }
PATH=$PATH:/sbin:/usr/sbin
for t in fusefat rauc mksquashfs veritysetup; do
    command -v "$t" >/dev/null || fail "$t is not installed (make deps)"
done

bash tests/update_bundles.sh "$tmp/b" >/dev/null
root=$tmp/root
mkdir -p "$root/etc/rauc" "$root/data/rauc" "$root/run/stagekiosk" "$stick" "$tmp/shots"
printf '[system]\ncompatible=stagekiosk-arm64\nbootloader=uboot\n\n[keyring]\npath=%s\n' \
    "$tmp/b/keyring.pem" >"$root/etc/rauc/system.conf"
echo 0.1.0 >"$root/etc/stagekiosk-release"
# rauc itself for everything but install, which prints progress as rauc does
cat >"$tmp/rauc" <<'SH'
#!/bin/sh
case "$1" in install) ;; *) exec rauc "$@" ;; esac
for p in 0 20 60 90; do echo "$p% Installing"; sleep 0.1; done
echo '100% Installing done.'
echo "Installing \`$2\` succeeded"
SH
chmod 755 "$tmp/rauc"
mkfs.vfat -C "$tmp/stick.img" 16384 >/dev/null
fusefat -o rw+ "$tmp/stick.img" "$stick" >/dev/null 2>&1 || fail "cannot mount the FAT image with fusefat"
cat "$tmp/b/damaged.raucb" >"$stick/a-update.raucb"
printf '[usb]\nmedia_root = %s/media\n' "$tmp" >"$tmp/kiosk.conf"
# The log lines are part of what is checked: not quiet.
export STAGEKIOSK_UPDATE_ROOT=$root STAGEKIOSK_RAUC=$tmp/rauc STAGEKIOSK_LOG=info

# Teacher mode on demo data (PIN 1234), the start of every scenario here.
login='key F2
tap "1"
tap "2"
tap "3"
tap "4"
tap "OK"'

kiosk() { # scenario size
    "$bin" --config "$tmp/kiosk.conf" --data "$tmp/data" --demo --headless --script "$tmp/$1.scn" \
        --shots "$tmp/shots" --size "$2" >"$tmp/$1.out" 2>"$tmp/$1.log" ||
        { cat "$tmp/$1.log"; fail "scenario $1 at $2"; }
}

cat >"$tmp/damaged.scn" <<SCN
$login
expect screen teacher
expect text "Op de stick staat een update: kies USB-stick."
tap "USB-stick"
tap "Update installeren"
expect screen update
expect text "Het bestand is beschadigd. Zet het opnieuw op de stick. Er is niets veranderd."
shot update_damaged
tap "Terug"
expect screen teacher
SCN
for size in 800x480 1280x800; do kiosk damaged "$size"; done
grep -q "update: refused .*a-update.raucb" "$tmp/damaged.log" || fail "no log line names the refusal"
[ ! -e "$root/run/stagekiosk/reboot" ] || fail "a refused bundle asked for a restart"

rm "$stick/a-update.raucb" # (fusefat cannot overwrite in place)
cat "$tmp/b/good.raucb" >"$stick/a-update.raucb"
cat >"$tmp/good.scn" <<SCN
$login
tap "USB-stick"
tap "Update installeren"
expect screen update
expect text "Nieuwe versie 0.2.0 — nu 0.1.0"
shot update_ready
tap "Installeren"
wait 4000
shot update_done
SCN
kiosk good 1280x800
grep -q "update: installing .*a-update.raucb (version 0.2.0 over 0.1.0)" "$tmp/good.log" ||
    fail "the install did not start: $(tail -n 5 "$tmp/good.log")"
grep -q "installed; the other slot boots next" "$tmp/good.log" || fail "the install did not end"
[ -e "$root/run/stagekiosk/reboot" ] || fail "the kiosk did not ask for a restart after the install"

# After the restart (the update came in, stagekiosk-confirm's note):
rm -f "$root/run/stagekiosk/reboot"
echo 0.2.0 >"$root/etc/stagekiosk-release"
echo 0.2.0 >"$root/data/rauc/updated"
# The fullest menu: the note, a wrong clock and an update on the stick; every
# button still whole at the smallest size (a cut label fails the scenario).
printf '%s\n' 'clock 2020-01-06 08:00' "$login" \
    'expect text "Bijgewerkt: versie 0.2.0 draait."' 'expect text "De klok staat niet goed."' \
    'expect text "Op de stick staat een update: kies USB-stick."' 'shot update_after' \
    'tap "Datum en tijd"' >"$tmp/after.scn"
kiosk after 800x480
fusermount -u "$stick"
echo 0.2.1 >"$root/data/rauc/rolledback"
printf '%s\n' "$login" \
    'expect text "De update naar 0.2.1 is teruggedraaid. Versie 0.2.0 draait."' >"$tmp/back.scn"
kiosk back 1280x800
echo "update screens: refused, installed, restart asked, notes shown"
