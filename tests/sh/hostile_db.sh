#!/usr/bin/env bash
# tests/sh/hostile_db.sh BUILD: `stagekiosk merge` with the crafted
# snapshots of tests/fuzz/corpus/merge/hostile-*.db (made by
# tests/fuzz/hostile_seeds.sh: a view over an endless query in place of a
# table, a trigger, a missing column, ...). Each is refused within seconds
# (the `timeout` fails the test when a check or the work bound is missing)
# with a Dutch message, and the store is the same as before, row for row.
set -u
build=${1:-build}
bin=$(realpath "$build/stagekiosk")
export STAGEKIOSK_LOG=${STAGEKIOSK_LOG:-quiet}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/sk-hostile-XXXXXX")
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
sk() { "$bin" --data "$tmp/data" "$@"; }
dump() { sqlite3 "$tmp/data/stagekiosk.db" .dump; }

printf 'studentnummer;roepnaam;achternaam;klas\n100;Sanne;Jong;ZW2A\n' >"$tmp/list.csv"
sk import-students "$tmp/list.csv" >/dev/null || fail "import"
dump >"$tmp/before.sql"
n=0
for f in tests/fuzz/corpus/merge/hostile-*.db; do
    start=$(date +%s)
    timeout 20 "$bin" --data "$tmp/data" merge "$f" >"$tmp/out" 2>"$tmp/err"
    rc=$?
    [ "$rc" -ne 124 ] || fail "$f: merge still ran after 20 s"
    [ "$rc" -ne 0 ] || fail "$f: merged"
    grep -q 'Er is niets samengevoegd' "$tmp/err" || fail "$f: message: $(cat "$tmp/err")"
    dump >"$tmp/after.sql"
    cmp -s "$tmp/before.sql" "$tmp/after.sql" || fail "$f: the store changed"
    echo "ok   $(basename "$f"): refused in $(($(date +%s) - start)) s"
    n=$((n + 1))
done
[ "$n" -ge 5 ] || fail "only $n crafted files"
echo "hostile db: $n crafted snapshots refused"
