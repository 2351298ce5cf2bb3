#!/usr/bin/env bash
# tests/sh/attendance_class30.sh BUILD: a class of 30 with long names at a
# glance. At 1280x800 and 1920x1080 every student is on the one attendance
# page and opens with a tap on the name (the whole name, even where its cell
# cuts it); at 800x480 the class takes two pages, no more. Who is not in yet
# comes first; the counts per state and the late threshold are on top; a
# check-in by hand and a late scan show in the counts and on the student.
set -u
build=${1:-build}
bin=$build/stagekiosk
tmp=$(mktemp -d "${TMPDIR:-/tmp}/sk-att-XXXXXX")
trap '[ "$fail" -eq 0 ] && rm -rf "$tmp"' EXIT
export SDL_VIDEODRIVER=dummy STAGEKIOSK_LOG=quiet
csv=tests/data/klas-30-lange-namen.csv
fail=0

# The whole names as the teacher sees them: roepnaam, voorvoegsel, achternaam.
awk -F';' 'NR > 1 { n = $2; if ($3 != "") n = n " " $3; print n " " $4 }' "$csv" >"$tmp/names"
[ "$(wc -l <"$tmp/names")" -eq 30 ] || { echo "FAIL: expected 30 names in $csv"; exit 1; }

# scenario SIZE: the start every run shares, then what the caller adds.
start() {
    cat <<SCN
cli import-students $csv
cli session stop
cli session start --kind terugkomdag --group ZW3-LANG --title "Terugkomdag 3" --late-after 08:50
scan-card 300025
tap "Klaar"
key F2
tap "1"
tap "2"
tap "3"
tap "4"
tap "OK"
tap "Aanwezigheid"
expect screen attendance
expect text "Aanwezigheid: 0 binnen · 1 te laat · 29 nog niet binnen"
expect text "Te laat na 08:50. Tik op een naam om iemand zelf in te checken."
SCN
}

run() { # SIZE SCENARIO-FILE; the data dir stays in $data
    data=$(mktemp -d "$tmp/data-XXXXXX")
    cp tests/data/scenario-card.key "$data/card.key"
    if ! "$bin" --data "$data" --demo --headless --script "$2" --size "$1" >"$tmp/out" 2>&1; then
        echo "FAIL at $1:"; sed 's/^/    /' "$tmp/out" | head -n 40; fail=1
    fi
}

for size in 1280x800 1920x1080; do
    {
        start
        echo 'expect no-text "1 / 2"'
        while read -r name; do
            printf 'tap "%s"\nexpect screen teacher-student\nexpect text "%s"\ntap "Terug"\nexpect screen attendance\n' \
                "$name" "$name"
        done <"$tmp/names"
        # by hand: the counts follow, and the student's page says how
        printf 'tap "Khadija Bennani"\ntap "Pas vergeten"\n'
        printf 'expect text "Aanwezigheid: 0 binnen · 2 te laat · 28 nog niet binnen"\n'
        printf 'tap "Khadija Bennani"\nexpect text "te laat 08:55, met de hand"\ntap "Terug"\n'
        printf 'tap "Evangelina Rodrigues da Silva"\nexpect text "te laat 08:55"\n'
    } >"$tmp/one-page.scn"
    run "$size" "$tmp/one-page.scn"
done

# 800x480: two pages; the first starts with who is not in yet.
{
    start
    echo 'expect text "1 / 2"'
    echo 'expect text "nog niet binnen"'
    echo 'expect no-text "te laat 08:55"'
    echo 'tap ">"'
    echo 'expect text "2 / 2"'
    echo 'expect text "te laat 08:55"'
} >"$tmp/two-pages.scn"
run 800x480 "$tmp/two-pages.scn"

# The export of a session still running says the same as the screen.
mkdir "$tmp/export"
"$bin" --data "$data" export --to "$tmp/export" >/dev/null 2>&1
att=$(find "$tmp/export" -name aanwezigheid.csv | head -n 1)
if [ "$(grep -c '^Terugkomdag 3;.*;nog niet binnen;' "$att" 2>/dev/null)" != 29 ] ||
    grep -q '^Terugkomdag 3;.*;afwezig;' "$att"; then
    echo "FAIL: the export of a running session does not say 'nog niet binnen' 29 times:"
    head -n 5 "$att" | sed 's/^/    /'; fail=1
fi

[ "$fail" -eq 0 ] && echo "attendance: 30 names on one page at 1280x800 and 1920x1080, two pages at 800x480"
exit "$fail"
