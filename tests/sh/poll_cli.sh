#!/usr/bin/env bash
# tests/sh/poll_cli.sh BUILD: `stagekiosk poll ...` end to end on a fresh
# data dir: the shipped set is there, a broken set file is refused with line
# numbers and changes nothing, a good one loads once (then is "al geladen"),
# one poll at a time, the results with and without the n threshold, reveal,
# close, and the exit statuses (0 done, 1 user error, 2 usage).
set -u
build=${1:-build}
bin=$PWD/$build/stagekiosk
tmp=$(mktemp -d "${TMPDIR:-/tmp}/sk-pollcli-XXXXXX")
trap 'rm -rf "$tmp"' EXIT
export STAGEKIOSK_LOG=quiet STAGEKIOSK_ASSETS=$PWD/assets
unset STAGEKIOSK_NOW
fail=0
sk() { "$bin" --data "$tmp/data" --config /dev/null "$@" >"$tmp/out" 2>"$tmp/err"; }
check() { # name expected-status pattern-in-stdout-or-stderr command...
    local name=$1 want=$2 pattern=$3 rc
    shift 3
    sk "$@"
    rc=$?
    if [ "$rc" -ne "$want" ]; then
        echo "FAIL $name: exit status $rc, expected $want"
        sed 's/^/    /' "$tmp/out" "$tmp/err" | tail -n 20
        fail=1
    elif ! grep -qE -- "$pattern" "$tmp/out" "$tmp/err"; then
        echo "FAIL $name: no /$pattern/ in:"
        sed 's/^/    /' "$tmp/out" "$tmp/err" | tail -n 20
        fail=1
    fi
}
db() { sqlite3 "$tmp/data/stagekiosk.db" "$@"; }

check "shipped set is there" 0 '^terugkomdag \(versie 1\): Evaluatie terugkomdag' poll sets
check "questions are numbered" 0 '^ +5  Waar wil je de volgende keer over praten\?' poll sets
before=$(db "SELECT count(*) FROM poll_sets; SELECT count(*) FROM poll_questions;")
check "broken file refused" 1 '^regel 13: deze vraag heeft 6 antwoorden' \
    poll load tests/data/sets/poll-problems.txt
grep -q '^regel 4: ' "$tmp/err" && grep -q '^regel 20: ' "$tmp/err" &&
    grep -q 'Er is niets geladen' "$tmp/err" || { echo "FAIL broken file: report incomplete"; fail=1; }
after=$(db "SELECT count(*) FROM poll_sets; SELECT count(*) FROM poll_questions;")
[ "$before" = "$after" ] || { echo "FAIL broken file changed the store"; fail=1; }
check "not UTF-8 refused" 1 '^regel 2: dit is geen UTF-8-tekst' \
    poll load tests/data/sets/poll-cp1252.txt
check "good file loads" 0 "Set 'windows' versie 1 is geladen: 1 vraag" \
    poll load tests/data/sets/poll-bom-crlf.txt
check "same file again" 0 "was al geladen \(versie 1\)" poll load tests/data/sets/poll-bom-crlf.txt

check "unknown set" 1 "Set 'nergens' bestaat niet" poll open nergens 1
check "no such question" 1 "geen vraag 9" poll open terugkomdag 9
check "open" 0 '^Vraag 5 van terugkomdag staat open' poll open terugkomdag 5
check "one poll at a time" 1 'Er staat al een poll open' poll open windows 1
poll=$(db "SELECT id FROM polls WHERE closed_at IS NULL")
for option in 1 1 2; do
    db "INSERT INTO votes(poll_id, option, at_ms, source) VALUES ($poll, $option, 0, 'button')"
done
check "below threshold: only n" 0 'alleen het aantal' poll results
if grep -qE '%' "$tmp/out"; then echo "FAIL below threshold shows percentages"; fail=1; fi
for option in 4 4 4; do
    db "INSERT INTO votes(poll_id, option, at_ms, source) VALUES ($poll, $option, 0, 'touch')"
done
check "results" 0 '^  4  Werk na je diploma +3 +50%  #{10}$' poll results
check "results n" 0 '^n = 6$' poll results
check "hidden until revealed" 0 'nog verborgen' poll results
check "reveal" 0 'staat nu op het scherm' poll reveal
check "reveal again" 0 'stond al op het scherm' poll reveal
check "close" 0 'De poll is gesloten' poll close
check "close again" 0 'Er stond geen poll open' poll close
check "results of the last poll" 0 '^Open van [0-9:]+ tot [0-9:]+\.$' poll results
check "verified poll" 0 'scant eerst zijn pas' poll open windows 1 --verified
[ "$(db "SELECT verified FROM polls WHERE closed_at IS NULL")" = 1 ] ||
    { echo "FAIL --verified not stored"; fail=1; }
check "usage" 2 'Gebruik: stagekiosk poll' poll
check "usage: unknown sub-command" 2 'Gebruik' poll vote 1
check "bad question number" 1 "'x' is geen vraagnummer" poll open terugkomdag x

[ "$fail" -eq 0 ] && echo "ok: poll commands"
exit "$fail"
