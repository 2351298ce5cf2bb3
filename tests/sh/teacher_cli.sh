#!/usr/bin/env bash
# tests/sh/teacher_cli.sh BUILD: the admin commands of teacher mode as a
# script would use them: set-pin (twice on stdin, or --pin-stdin), purge
# (count first, delete only with --yes), card-key export and import.
set -eu
build=${1:-build}
bin=$(realpath "$build/stagekiosk")
export STAGEKIOSK_LOG=${STAGEKIOSK_LOG:-quiet}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/sk-tcli-XXXXXX")
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
sk() { "$bin" --data "$tmp/data" "$@"; }
db() { sqlite3 "$tmp/data/stagekiosk.db" "$1"; }

# set-pin: two equal lines, one line with --pin-stdin; bad input changes nothing
printf '2468\n2468\n' | sk set-pin >/dev/null || fail "set-pin from two lines"
hash1=$(db "SELECT value FROM settings WHERE key = 'pin.hash'")
case $hash1 in "\$argon2id\$"*) ;; *) fail "no argon2id hash: $hash1" ;; esac
if printf '1357\n7531\n' | sk set-pin 2>"$tmp/err"; then fail "different PINs accepted"; fi
grep -q 'niet gelijk' "$tmp/err" || fail "mismatch message: $(cat "$tmp/err")"
if echo 12ab | sk set-pin --pin-stdin 2>"$tmp/err"; then fail "letters accepted"; fi
[ "$(db "SELECT value FROM settings WHERE key = 'pin.hash'")" = "$hash1" ] || fail "PIN changed"
echo 97531 | sk set-pin --pin-stdin >/dev/null || fail "set-pin --pin-stdin"
[ "$(db "SELECT value FROM settings WHERE key = 'pin.hash'")" != "$hash1" ] || fail "PIN not changed"

# purge: one student last active three years ago
printf 'studentnummer;roepnaam;achternaam;klas\n100;Oud;Student;ZW2A\n200;Nieuw;Student;ZW2A\n' \
    >"$tmp/list.csv"
sk import-students "$tmp/list.csv" >/dev/null
db "UPDATE students SET updated_at = strftime('%s', 'now', '-36 months') WHERE number = '100'"
sk purge >"$tmp/out" || fail "purge count"
grep -q '^1 student is sinds' "$tmp/out" || fail "purge count: $(cat "$tmp/out")"
grep -q 'Er is niets verwijderd' "$tmp/out" || fail "purge without --yes: $(cat "$tmp/out")"
[ "$(db 'SELECT count(*) FROM students')" = 2 ] || fail "purge without --yes deleted"
sk purge --months 48 >"$tmp/out"
grep -q '^0 studenten' "$tmp/out" || fail "48 months: $(cat "$tmp/out")"
sk purge --yes >"$tmp/out" || fail "purge --yes"
grep -q '^1 student is met al' "$tmp/out" || fail "purge --yes: $(cat "$tmp/out")"
[ "$(db 'SELECT group_concat(number) FROM students')" = 200 ] || fail "wrong student purged"
if sk purge --months 0 2>/dev/null; then fail "--months 0 accepted"; fi

# card-key: a second kiosk takes the first one's key and accepts its cards
sk card-key export "$tmp/key.txt" >/dev/null || fail "card-key export"
code=$(sk card-code 200)
"$bin" --data "$tmp/other" card-key import "$tmp/key.txt" >/dev/null || fail "card-key import"
cmp -s "$tmp/data/card.key" "$tmp/other/card.key" || fail "keys differ after import"
"$bin" --data "$tmp/third" card-key export "$tmp/third.txt" >/dev/null # its own key
if "$bin" --data "$tmp/third" card-key import "$tmp/key.txt" 2>"$tmp/err"; then
    fail "replaced another key without --force"
fi
grep -q -- '--force' "$tmp/err" || fail "no hint about --force: $(cat "$tmp/err")"
! cmp -s "$tmp/data/card.key" "$tmp/third/card.key" || fail "key replaced without --force"
"$bin" --data "$tmp/third" card-key import "$tmp/key.txt" --force >/dev/null || fail "--force"
cmp -s "$tmp/data/card.key" "$tmp/third/card.key" || fail "--force did not replace the key"
[ -n "$code" ] || fail "no card code"
echo "teacher cli: ok"
