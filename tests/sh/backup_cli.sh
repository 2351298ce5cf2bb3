#!/usr/bin/env bash
# tests/sh/backup_cli.sh BUILD: `stagekiosk backup` and `restore` as an
# admin uses them (the kiosk's real argon2id cost): a backup on a "stick",
# restored into a new data folder gives the same rows and card key, and the
# card code printed before reads the same; a wrong passphrase and a kiosk
# with data (without --replace) are refused with nothing changed; with
# --replace the old data is kept in DATA/oud-*/.
set -u
build=${1:-build}
bin=$(realpath "$build/stagekiosk")
export STAGEKIOSK_LOG=${STAGEKIOSK_LOG:-quiet}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/sk-backup-XXXXXX")
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
sk() { local d=$1; shift; "$bin" --data "$tmp/$d" "$@"; }
# every row and schema line; sorted, as VACUUM INTO (the backup) may put
# the schema's objects in another order
dump() { sqlite3 "$1/stagekiosk.db" .dump | sort; }
pass=voorjaar-2027-kiosk

printf 'studentnummer;roepnaam;achternaam;klas\n100;Sanne;Jong;ZW2A\n200;Emre;Çelik;ZW2A\n' \
    >"$tmp/list.csv"
sk old import-students "$tmp/list.csv" >/dev/null || fail "import"
sk old session start --kind terugkomdag --group ZW2A --title "Dag 1" >/dev/null || fail "session"
code=$(sk old card-code 200) || fail "card-code"
mkdir "$tmp/stick"
echo "$pass" | sk old backup --to "$tmp/stick" --passphrase-stdin >"$tmp/out" || fail "backup"
grep -q '^Klaar: ' "$tmp/out" || fail "backup said: $(cat "$tmp/out")"
file=$(ls "$tmp"/stick/stagekiosk-backup-*.skbackup) || fail "no backup file"
[ "$(ls -A "$tmp/stick" | wc -l)" = 1 ] || fail "more than one file on the stick: $(ls -A "$tmp/stick")"
if grep -qa 'Sanne' "$file"; then fail "a name is readable in the backup"; fi

# a wrong passphrase: refused, nothing made
if echo "niet-het-wachtwoord" | sk new restore "$file" --passphrase-stdin 2>"$tmp/err"; then
    fail "wrong passphrase accepted"
fi
grep -q 'wachtwoord klopt niet' "$tmp/err" || fail "message: $(cat "$tmp/err")"
# (main makes the data folder for every command; it must stay empty)
[ -z "$(ls -A "$tmp/new" 2>/dev/null)" ] || fail "a refused restore wrote: $(ls -A "$tmp/new")"

# restore into a new data folder: same rows, same key, same card code
echo "$pass" | sk new restore "$file" --passphrase-stdin >"$tmp/out" || fail "restore: $(cat "$tmp/out")"
cmp -s "$tmp/old/card.key" "$tmp/new/card.key" || fail "card key differs"
[ "$(dump "$tmp/old")" = "$(dump "$tmp/new")" ] || fail "rows differ"
[ "$(sk new card-code 200)" = "$code" ] || fail "card code differs"

# a kiosk with data: refused without --replace, kept aside with it
sk other import-students "$tmp/list.csv" >/dev/null
before=$(dump "$tmp/other")
if echo "$pass" | sk other restore "$file" --passphrase-stdin 2>"$tmp/err"; then
    fail "restored over data without --replace"
fi
grep -q -- '--replace' "$tmp/err" || fail "no hint about --replace: $(cat "$tmp/err")"
[ "$(dump "$tmp/other")" = "$before" ] || fail "refused restore changed the data"
# while another process (the kiosk) has the store open: refused
mkfifo "$tmp/hold"
sqlite3 "$tmp/other/stagekiosk.db" <"$tmp/hold" >/dev/null 2>&1 &
holder=$!
exec 3>"$tmp/hold"
echo "SELECT count(*) FROM students;" >&3
sleep 0.5
if echo "$pass" | sk other restore "$file" --passphrase-stdin --replace 2>"$tmp/err"; then
    fail "restored while the store was open"
fi
exec 3>&-
wait "$holder"
grep -q 'Stop eerst de kiosk' "$tmp/err" || fail "message: $(cat "$tmp/err")"
[ "$(dump "$tmp/other")" = "$before" ] || fail "refused restore changed the data"
echo "$pass" | sk other restore "$file" --passphrase-stdin --replace >"$tmp/out" ||
    fail "restore --replace"
aside=$(ls -d "$tmp"/other/oud-*) || fail "no folder with the old data"
[ "$(dump "$aside")" = "$before" ] || fail "old data not kept whole"
[ "$(dump "$tmp/other")" = "$(dump "$tmp/old")" ] || fail "replace did not restore"
echo "backup cli: ok"
