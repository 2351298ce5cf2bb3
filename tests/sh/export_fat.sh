#!/usr/bin/env bash
# tests/sh/export_fat.sh BUILD: `stagekiosk export` onto a real FAT32 file
# system (an image mounted with fusefat), then: fsck.fat is clean, the
# manifest's hashes match, openpyxl opens the workbook with the expected
# values, the CSVs parse with ';' and keep diacritics, and the snapshot
# merges into a second kiosk. Faults: a stick that is full, one that is
# read-only. (The folder vanishing mid-way is in tests/test_db_export.c.)
set -eu
build=${1:-build}
bin=$(realpath "$build/stagekiosk")
py=/usr/bin/python3   # Debian's, with python3-openpyxl
export STAGEKIOSK_LOG=${STAGEKIOSK_LOG:-quiet} TZ=Europe/Amsterdam
export MTOOLS_SKIP_CHECK=1

tmp=$(mktemp -d "${TMPDIR:-/tmp}/sk-fat-XXXXXX")
mounted=() pids=()
cleanup() {
    local m p
    for m in "${mounted[@]}"; do
        if [ -n "$m" ]; then fusermount -u "$m" 2>/dev/null || true; fi
    done
    for p in "${pids[@]}"; do
        if [ -n "$p" ]; then wait "$p" 2>/dev/null || true; fi
    done
    rm -rf "$tmp"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

# mount_fat IMG MNT OPTS: 0 when mounted. fusefat runs in the foreground
# (-f) as our child, so umount_fat can wait until it has written the image
# and cleared the FAT's dirty bit: fusermount returns before that.
fat_pid=
mount_fat() {
    mkdir -p "$2"
    fusefat -f -o "$3" "$1" "$2" >/dev/null 2>&1 &
    fat_pid=$!
    for _ in $(seq 100); do
        mountpoint -q "$2" && break
        kill -0 "$fat_pid" 2>/dev/null || return 1
        sleep 0.05
    done
    mountpoint -q "$2" || { kill "$fat_pid"; wait "$fat_pid"; return 1; }
    mounted+=("$2")
    pids+=("$fat_pid")
}
umount_fat() {
    fusermount -u "$1"
    wait "$fat_pid" 2>/dev/null || true
    mounted=("${mounted[@]/$1}")
    pids=("${pids[@]/$fat_pid}")
}

# ---- a kiosk with a group, a terugkomdag and check-ins ---------------
data=$tmp/kiosk-a
mkdir -p "$data"
printf '\xef\xbb\xbfstudentnummer;roepnaam;tussenvoegsel;achternaam;klas\r\n' >"$tmp/list.csv"
printf '001234;Sanne;de;Jong;ZW2A\r\n001235;Emre;;\xc3\x87elik;ZW2A\r\n' >>"$tmp/list.csv"
printf '001236;Daan;van;Dijk;ZW2A\r\n002001;Fleur;;Bakker;ZW2B\r\n' >>"$tmp/list.csv"
"$bin" --data "$data" import-students "$tmp/list.csv" >/dev/null
# Monday 30 November 2026, 09:00 local time
t0=$(date -d '2026-11-30 09:00' +%s)
STAGEKIOSK_NOW=$t0 "$bin" --data "$data" session start --kind terugkomdag --group ZW2A \
    --title 'Terugkomdag 3' --late-after 09:15 >/dev/null
sqlite3 "$data/stagekiosk.db" <<SQL
INSERT INTO checkins(uid, session_id, student_id, at, how, late, guest, by_whom, reason)
SELECT lower(hex(randomblob(16))), 1, id, $t0 + 120, 'scan', 0, 0, '', ''
  FROM students WHERE number = '001234';
INSERT INTO checkins(uid, session_id, student_id, at, how, late, guest, by_whom, reason)
SELECT lower(hex(randomblob(16))), 1, id, $t0 + 1500, 'hand', 1, 0, 'docent', 'pas vergeten'
  FROM students WHERE number = '001235';
SQL
STAGEKIOSK_NOW=$((t0 + 7200)) "$bin" --data "$data" session stop >/dev/null

# ---- export onto FAT32 -------------------------------------------------
mkfs.vfat -F 32 -n STICK -C "$tmp/stick.img" 40000 >/dev/null
fuse_ok=0
if mount_fat "$tmp/stick.img" "$tmp/mnt" rw+; then
    fuse_ok=1
    STAGEKIOSK_NOW=$((t0 + 3600)) "$bin" --data "$data" export --to "$tmp/mnt" >"$tmp/out" \
        || fail "export onto FAT failed: $(cat "$tmp/out")"
    grep -q 'Klaar: .*stagekiosk-export-2026-11-30-1000' "$tmp/out" || fail "output: $(cat "$tmp/out")"
    umount_fat "$tmp/mnt"
else
    # No FUSE here: export to a folder and copy it in with mtools, so the
    # rest still checks the files on FAT.
    echo "note: fusefat cannot mount here; exporting to a folder and copying with mtools"
    mkdir -p "$tmp/plain"
    STAGEKIOSK_NOW=$((t0 + 3600)) "$bin" --data "$data" export --to "$tmp/plain" >/dev/null
    mcopy -s -i "$tmp/stick.img" "$tmp/plain"/* ::/
fi
fsck.fat -n "$tmp/stick.img" >"$tmp/fsck" 2>&1 || fail "fsck.fat: $(cat "$tmp/fsck")"
! grep -qi 'reclaim\|differ\|wrong\|lost' "$tmp/fsck" || fail "fsck.fat: $(cat "$tmp/fsck")"

# Read it back without a mount.
mkdir -p "$tmp/back"
mcopy -s -n -i "$tmp/stick.img" ::/stagekiosk-export-2026-11-30-1000 "$tmp/back/"
dir=$tmp/back/stagekiosk-export-2026-11-30-1000
[ -f "$dir/MANIFEST.sha256" ] || fail "no manifest"
(cd "$dir" && sha256sum --quiet -c MANIFEST.sha256) || fail "manifest does not match"
[ "$(wc -l <"$dir/MANIFEST.sha256")" -eq "$(($(find "$dir" -type f | wc -l) - 1))" ] \
    || fail "manifest does not list every file"
[ -z "$(find "$dir" -name '*.tmp')" ] || fail "temporary files left"

"$py" - "$dir" <<'PY' || fail "workbook or CSV"
import csv, datetime, glob, sys
import openpyxl
d = sys.argv[1]
wb = openpyxl.load_workbook(glob.glob(d + "/stagekiosk-*.xlsx")[0])
assert wb.sheetnames[:6] == ["Aanwezigheid", "Zelfscans", "Weekchecks",
                             "Intake en leerdoelen", "Polls", "Signalen"], wb.sheetnames
rows = list(wb["Aanwezigheid"].iter_rows(values_only=True))
head, body = rows[0], rows[1:]
assert head[:9] == ("Bijeenkomst", "Soort", "Datum", "Begin", "Groep", "Studentnummer",
                    "Naam", "Eigen klas", "Status"), head
by_number = {r[5]: r for r in body}
assert set(by_number) == {"001234", "001235", "001236"}, by_number.keys()
sanne, emre, daan = by_number["001234"], by_number["001235"], by_number["001236"]
assert sanne[2] == datetime.datetime(2026, 11, 30), sanne
assert sanne[8] == "aanwezig" and sanne[9] == datetime.time(9, 2), sanne
assert emre[6] == "Emre \u00c7elik" and emre[8] == "te laat", emre
assert emre[10] == "met de hand" and emre[11] == "docent" and emre[12] == "pas vergeten", emre
assert daan[6] == "Daan van Dijk" and daan[8] == "afwezig" and daan[9] is None, daan
# Every sheet has its CSV with the same rows: BOM, ';', CRLF.
files = {"Aanwezigheid": "aanwezigheid.csv", "Zelfscans": "zelfscans.csv",
         "Weekchecks": "weekchecks.csv", "Intake en leerdoelen": "intake-en-leerdoelen.csv",
         "Polls": "polls.csv", "Signalen": "signalen.csv"}
for sheet, name in files.items():
    raw = open(f"{d}/{name}", "rb").read()
    assert raw.startswith(b"\xef\xbb\xbf"), name
    assert raw.count(b"\n") == raw.count(b"\r\n"), name
    with open(f"{d}/{name}", encoding="utf-8-sig", newline="") as f:
        table = list(csv.reader(f, delimiter=";"))
    xl = list(wb[sheet].iter_rows(values_only=True))
    assert len(table) == len(xl), (name, len(table), len(xl))
    assert tuple(table[0]) == xl[0], (name, table[0], xl[0])
att = list(csv.reader(open(f"{d}/aanwezigheid.csv", encoding="utf-8-sig", newline=""),
                      delimiter=";"))
emre_csv = [r for r in att if r[5] == "001235"][0]
assert emre_csv[6] == "Emre \u00c7elik" and emre_csv[2] == "30-11-2026" and emre_csv[9] == "09:25", emre_csv
PY

# The snapshot from the stick merges into a second kiosk, twice the same.
"$bin" --data "$tmp/kiosk-b" merge "$dir/stagekiosk-snapshot.db" >"$tmp/merge1" \
    || fail "merge: $(cat "$tmp/merge1")"
grep -q '4 nieuwe studenten' "$tmp/merge1" || fail "merge: $(cat "$tmp/merge1")"
"$bin" --data "$tmp/kiosk-b" merge "$dir/stagekiosk-snapshot.db" >"$tmp/merge2"
grep -q '0 nieuwe studenten (0 bijgewerkt), 0 nieuwe groepen, 0 nieuwe bijeenkomsten, 0 nieuwe check-ins' \
    "$tmp/merge2" || fail "second merge changed something: $(cat "$tmp/merge2")"
[ "$(sqlite3 "$tmp/kiosk-b/stagekiosk.db" 'SELECT count(*) FROM checkins')" = 2 ] \
    || fail "merged check-ins"

if [ "$fuse_ok" != 1 ]; then
    echo "note: the fault tests need fusefat; skipped"
    exit 0
fi

# ---- a full stick ------------------------------------------------------
# Enough data that the snapshot alone is bigger than the stick.
sqlite3 "$data/stagekiosk.db" <<'SQL'
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000)
INSERT INTO students(uid, number, first_name, last_name, group_id, updated_at)
SELECT lower(hex(randomblob(16))), printf('9%05d', i), 'Student', 'Nummer ' || i,
       (SELECT id FROM groups WHERE name = 'ZW2A'), 1800000000 FROM n;
SQL
mkfs.vfat -C "$tmp/tiny.img" 400 >/dev/null
mount_fat "$tmp/tiny.img" "$tmp/tiny" rw+ || fail "cannot mount the tiny image"
if "$bin" --data "$data" export --to "$tmp/tiny" >"$tmp/out" 2>"$tmp/err"; then
    fail "export onto a full stick succeeded"
fi
grep -q 'De stick is vol. Er is niets opgeslagen.' "$tmp/err" || fail "full: $(cat "$tmp/err")"
left=$(find "$tmp/tiny" -type f ! -name '*.tmp' | wc -l)
[ "$left" -eq 0 ] || fail "a full stick kept files: $(find "$tmp/tiny" -type f)"
umount_fat "$tmp/tiny"

# ---- a read-only stick ---------------------------------------------------
mount_fat "$tmp/stick.img" "$tmp/ro" ro || fail "cannot mount read-only"
before=$(find "$tmp/ro" | wc -l)
if "$bin" --data "$data" export --to "$tmp/ro" >"$tmp/out" 2>"$tmp/err"; then
    fail "export onto a read-only stick succeeded"
fi
grep -q 'alleen-lezen' "$tmp/err" || fail "read-only: $(cat "$tmp/err")"
[ "$(find "$tmp/ro" | wc -l)" -eq "$before" ] || fail "read-only stick changed"
umount_fat "$tmp/ro"
echo "export onto FAT32: ok"
