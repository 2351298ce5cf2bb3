#!/usr/bin/env bash
# tests/sh/bad_names.sh BUILD: what a student list may hold in its names,
# end to end through `stagekiosk import-students` and the kiosk's screen.
#  - control characters (ESC, BEL, a C1 control) and text that is partly
#    not UTF-8 are refused with the line number, one problem a line and the
#    summary on its own line, and nothing is stored;
#  - Windows-1252 letters become the same letters in UTF-8;
#  - a name full of SQL and quotes is stored and shown exactly as written,
#    and the tables are all still there.
set -u
build=${1:-build}
bin=$build/stagekiosk
tmp=$(mktemp -d "${TMPDIR:-/tmp}/sk-names-XXXXXX")
trap 'rm -rf "$tmp"' EXIT
export SDL_VIDEODRIVER=dummy STAGEKIOSK_LOG=quiet
data=$tmp/data
fail=0
kiosk() { "$bin" --data "$data" "$@"; }
count() { sqlite3 "$data/stagekiosk.db" "SELECT count(*) FROM students"; }

printf 'expect screen idle\n' >"$tmp/idle.scn"
kiosk --demo --headless --script "$tmp/idle.scn" >/dev/null 2>&1 || { echo "setup failed"; exit 1; }
before=$(count)

# refused NAME PATTERN CSV-BYTES: exit 1, stderr matches, nothing stored.
refused() {
    local name=$1 pattern=$2
    printf '%b' "$3" >"$tmp/$name.csv"
    kiosk import-students "$tmp/$name.csv" >"$tmp/out" 2>"$tmp/err"
    local rc=$?
    if [ "$rc" -ne 1 ]; then
        echo "FAIL $name: exit $rc, expected 1"; fail=1
    elif ! grep -qE "$pattern" "$tmp/err"; then
        echo "FAIL $name: no /$pattern/ in:"; sed 's/^/    /' "$tmp/err"; fail=1
    elif ! tail -n 1 "$tmp/err" | grep -q '^Er is niets geïmporteerd'; then
        echo "FAIL $name: the last line is not the summary on a line of its own:"
        sed 's/^/    /' "$tmp/err"; fail=1
    elif [ "$(count)" != "$before" ]; then
        echo "FAIL $name: students were stored anyway"; fail=1
    else
        echo "ok   $name: $(grep -E "$pattern" "$tmp/err" | head -n 1)"
    fi
}

head='studentnummer;roepnaam;achternaam;klas\n'
refused "escape in a last name" 'regel 3: achternaam bevat een onzichtbaar stuurteken' \
    "${head}500001;Anna;Jansen;ZW2A\n500002;Bram;De\\x1b[31mVries;ZW2A\n"
refused "bell in a first name" 'regel 2: roepnaam bevat een onzichtbaar stuurteken' \
    "${head}500003;Co\\x07r;Smit;ZW2A\n"
refused "C1 control (U+0085)" 'regel 2: achternaam bevat een onzichtbaar stuurteken' \
    "${head}500004;Dirk;Bak\\xc2\\x85ker;ZW2A\n"
refused "partly UTF-8, partly not" 'deels UTF-8' \
    "${head}500005;Zo\\xc3\\xab;Bos;ZW2A\n500006;Ren\\xe9;Kok;ZW2A\n"
refused "name too long" 'achternaam is te lang' \
    "${head}500007;Eva;$(printf 'a%.0s' $(seq 200));ZW2A\n"

# Windows-1252: 0xE9 is é, 0x8A is Š.
printf 'studentnummer;roepnaam;achternaam;klas\r\n500010;Ren\xe9;\x8aahin;ZW2A\r\n' \
    >"$tmp/cp1252.csv"
if kiosk import-students "$tmp/cp1252.csv" >/dev/null 2>"$tmp/err" &&
    [ "$(sqlite3 "$data/stagekiosk.db" \
        "SELECT hex(first_name) || ' ' || hex(last_name) FROM students WHERE number = '500010'")" \
        = "$(printf 'René' | od -An -tx1 | tr -d ' \n' | tr a-f A-F) $(printf 'Šahin' | od -An -tx1 | tr -d ' \n' | tr a-f A-F)" ]; then
    echo "ok   Windows-1252 letters become UTF-8"
else
    echo "FAIL Windows-1252: $(cat "$tmp/err")"; fail=1
fi

# SQL and quotes in names: stored and shown as written.
first="Bobby'); DROP TABLE students;--"
last="O'Brien \"Robert\""
printf 'studentnummer;roepnaam;achternaam;klas\n500020;"%s";"%s";ZW2A\n' \
    "$first" "${last//\"/\"\"}" >"$tmp/sql.csv"
if ! kiosk import-students "$tmp/sql.csv" >"$tmp/out" 2>"$tmp/err"; then
    echo "FAIL SQL in names: import refused it: $(cat "$tmp/err")"; fail=1
else
    stored=$(sqlite3 "$data/stagekiosk.db" \
        "SELECT first_name || '|' || last_name FROM students WHERE number = '500020'")
    tables=$(sqlite3 "$data/stagekiosk.db" \
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN
         ('students', 'groups', 'sessions', 'checkins')")
    if [ "$stored" != "$first|$last" ] || [ "$tables" != 4 ]; then
        echo "FAIL SQL in names: stored '$stored', $tables of 4 tables left"; fail=1
    else
        printf 'scan-card 500020\nexpect screen welcome\nexpect text "Welkom, %s O."\n' \
            "$first" >"$tmp/sql.scn"
        if kiosk --headless --script "$tmp/sql.scn" >"$tmp/out" 2>&1 &&
            [ "$(sqlite3 "$data/stagekiosk.db" "SELECT count(*) FROM checkins c
                 JOIN students s ON s.id = c.student_id WHERE s.number = '500020'")" = 1 ]; then
            echo "ok   SQL in names: stored as written, welcomed as \"$first O.\", checked in"
        else
            echo "FAIL SQL in names: the kiosk did not welcome or check in the student:"
            sed 's/^/    /' "$tmp/out" | tail -n 12; fail=1
        fi
    fi
fi
exit $fail
