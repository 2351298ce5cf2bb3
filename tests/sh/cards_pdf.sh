#!/usr/bin/env bash
# tests/sh/cards_pdf.sh BUILD: `stagekiosk cards` makes a PDF of A4 pages
# with 10 cards each; rendered with pdftoppm, every card's QR code decodes
# with zbarimg to exactly what `card-code` prints for that student (so it
# verifies), including a card that was revoked and reprinted.
set -eu
build=${1:-build}
bin=$(realpath "$build/stagekiosk")
export STAGEKIOSK_LOG=${STAGEKIOSK_LOG:-quiet}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/sk-cards-XXXXXX")
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
data=$tmp/data

{
    printf 'studentnummer;roepnaam;tussenvoegsel;achternaam;klas\n'
    printf '001234;Sanne;de;Jong;ZW2A\n'
    printf '001235;Emre;;\xc3\x87elik;ZW2A\n'
    printf '001236;Maximiliaan-Alexander;van den;Berg-Oosterhuizen;ZW2A\n'
    for i in $(seq 10 18); do printf '0020%s;Student;;Nummer %s;ZW2A\n' "$i" "$i"; done
    printf '009999;Ander;;Groep;ZW2B\n'
} >"$tmp/list.csv"
"$bin" --data "$data" import-students "$tmp/list.csv" >/dev/null

# 12 students of ZW2A: two pages.
"$bin" --data "$data" cards --group ZW2A --out "$tmp/cards.pdf" >"$tmp/out" || fail "cards: $(cat "$tmp/out")"
grep -q '^12 passen voor klas ZW2A' "$tmp/out" || fail "output: $(cat "$tmp/out")"
[ ! -e "$tmp/cards.pdf.tmp" ] || fail "temporary file left"
pages=$(pdfinfo "$tmp/cards.pdf" | awk '/^Pages:/ {print $2}')
[ "$pages" = 2 ] || fail "expected 2 pages, got $pages"
size=$(pdfinfo "$tmp/cards.pdf" | awk '/^Page size:/ {print int($3) "x" int($5)}')
[ "$size" = 595x841 ] || fail "not A4: $size"

decode() { # PDF -> sorted payloads, one per line
    # Two resolutions: zbar now and then misses one of ten codes on a page
    # at one of them; what either finds counts (a printer is not the test).
    for dpi in 200 300; do
        rm -f "$tmp"/page-*.png
        pdftoppm -r "$dpi" -png "$1" "$tmp/page"
        for p in "$tmp"/page-*.png; do
            zbarimg -q --raw "$p" 2>/dev/null || true
        done
    done | sort -u
}
expected() {
    for n in $(sqlite3 "$data/stagekiosk.db" \
        "SELECT number FROM students s JOIN groups g ON g.id = s.group_id WHERE g.name = 'ZW2A'"); do
        "$bin" --data "$data" card-code "$n"
    done | sort
}
decode "$tmp/cards.pdf" >"$tmp/got"
expected >"$tmp/want"
[ "$(wc -l <"$tmp/got")" -eq 12 ] || fail "decoded $(wc -l <"$tmp/got") of 12 cards: $(cat "$tmp/got")"
diff "$tmp/want" "$tmp/got" >/dev/null || fail "payloads differ: $(diff "$tmp/want" "$tmp/got")"

# A lost card: revoked, reprinted, and the new card carries version 2.
"$bin" --data "$data" card-revoke 001235 >/dev/null
"$bin" --data "$data" cards --group ZW2A --out "$tmp/cards2.pdf" >/dev/null
decode "$tmp/cards2.pdf" >"$tmp/got2"
expected >"$tmp/want2"
diff "$tmp/want2" "$tmp/got2" >/dev/null || fail "after revoke: $(diff "$tmp/want2" "$tmp/got2")"
grep -q '^SK1\.001235\.2\.' "$tmp/got2" || fail "no version 2 card for 001235"

# An unknown group is a user error; a missing folder too, without leftovers.
if "$bin" --data "$data" cards --group GEEN --out "$tmp/x.pdf" 2>"$tmp/err"; then
    fail "unknown group accepted"
fi
grep -q 'heeft geen studenten' "$tmp/err" || fail "unknown group: $(cat "$tmp/err")"
if "$bin" --data "$data" cards --group ZW2A --out "$tmp/nope/x.pdf" 2>"$tmp/err"; then
    fail "missing folder accepted"
fi
[ ! -e "$tmp/nope" ] || fail "a folder was made"
echo "cards: ok"
