#!/usr/bin/env bash
# A teacher imports a student list from a real FAT stick and exports onto
# it, through the screens: the stick is a FAT image mounted with fusefat
# below the kiosk's media folder. Afterwards the file system is clean, the
# manifest's hashes match and the import is in the database.
set -eu
build=${1:-build}
bin=$(cd "$(dirname "$build/stagekiosk")" && pwd)/stagekiosk
tmp=$(mktemp -d "${TMPDIR:-/tmp}/sk-usb-XXXXXX")
stick=$tmp/media/STICK
cleanup() {
    fusermount -u "$stick" 2>/dev/null || true
    rm -rf "$tmp"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; exit 1; }

command -v fusefat >/dev/null || fail "fusefat is not installed (make deps)"
mkdir -p "$stick" "$tmp/data" "$tmp/out"
mkfs.vfat -C "$tmp/stick.img" 16384 >/dev/null
fusefat -o rw+ "$tmp/stick.img" "$stick" >/dev/null || fail "cannot mount the FAT image with fusefat"
cp tests/data/eduarte-deelnemers.csv "$stick/"
# a poll set of the school's own, and another kiosk's card key
cat >"$stick/evaluatie.txt" <<'SET'
set: eigen
titel: Onze eigen evaluatie
vraag: Was deze dag nuttig?
- Nee
- Ja
SET
"$bin" --data "$tmp/other" --config /dev/null card-key export "$stick/kiosk2.key" >/dev/null 2>&1 ||
    fail "cannot make a second kiosk's key"
printf '[usb]\nmedia_root = %s/media\n' "$tmp" >"$tmp/kiosk.conf"

cat >"$tmp/usb.scn" <<'SCN'
key F2
tap "1"
tap "2"
tap "3"
tap "4"
tap "OK"
expect text "USB-stick"
tap "USB-stick"
tap "Importeren"
tap "eduarte-deelnemers.csv"
expect text "Importeren gelukt"
expect text "24 studenten gelezen: 24 nieuw"
tap "Terug"
tap "USB-stick"
tap "Importeren"
tap "evaluatie.txt"
expect text "Poll-lijst 'Onze eigen evaluatie' is geladen (1 vragen)."
tap "Terug"
tap "USB-stick"
tap "Importeren"
tap "kiosk2.key"
expect text "Importeren is niet gelukt"
tap "Terug"
tap "USB-stick"
tap "Passen printen"
tap "ZW2B"
expect text "passen staan op de stick in passen-ZW2B.pdf"
tap "Terug"
tap "USB-stick"
tap "Exporteren"
expect text "Klaar, je kunt de stick verwijderen."
SCN
"$bin" --config "$tmp/kiosk.conf" --data "$tmp/data" --demo --headless \
    --script "$tmp/usb.scn" --size 800x480 2>"$tmp/kiosk.log" ||
    { cat "$tmp/kiosk.log"; fail "the scenario failed"; }

n=$(sqlite3 "$tmp/data/stagekiosk.db" "select count(*) from students where number = '042512'")
[ "$n" = 1 ] || fail "the imported student 042512 is not in the database"

fusermount -u "$stick" 2>/dev/null || true # the kiosk may have unmounted it already
fsck.fat -n "$tmp/stick.img" >"$tmp/fsck.log" 2>&1 || { cat "$tmp/fsck.log"; fail "fsck.fat"; }
export MTOOLS_SKIP_CHECK=1
folder=$(mdir -i "$tmp/stick.img" -b ::/ | grep stagekiosk-export | head -n1)
[ -n "$folder" ] || fail "no export folder on the stick"
mcopy -s -i "$tmp/stick.img" "$folder" "$tmp/out/" || fail "cannot read the export back"
dir=$tmp/out/$(basename "$folder")
(cd "$dir" && sha256sum -c --quiet MANIFEST.sha256) || fail "manifest hashes do not match"
mcopy -i "$tmp/stick.img" ::/passen-ZW2B.pdf "$tmp/out/" || fail "no cards PDF on the stick"
head -c 5 "$tmp/out/passen-ZW2B.pdf" | grep -q "%PDF-" || fail "the cards file is not a PDF"
grep -q "Jansen" "$dir/aanwezigheid.csv" || fail "the attendance sheet lacks the demo group"
head -c 3 "$dir/aanwezigheid.csv" | od -An -tx1 | grep -q "ef bb bf" || fail "CSV has no BOM"
echo "ok: import and export through the teacher screens on a FAT stick"
