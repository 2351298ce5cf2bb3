#!/usr/bin/env bash
# tests/sh/school_worker.sh BUILD: the running kiosk syncs by itself
# (firmware/sync.h): check-ins reach the school's PostgreSQL without any
# command; with the server gone the kiosk runs on, notes since when it has
# no connection and keeps what waits in its store; once the server is back
# everything arrives; the kiosk still stops at once on SIGTERM.
set -u
build=${1:-build}
bin=$PWD/$build/stagekiosk
export STAGEKIOSK_ASSETS=$PWD/assets SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy
unset STAGEKIOSK_NOW
. tests/lib.sh
. tests/pg.sh
tmp=$(mktemp -d "${TMPDIR:-/tmp}/sk-syncw-XXXXXX")
pid=
cleanup() { stop "$pid"; pg_gone; rm -rf "$tmp"; }
trap cleanup EXIT

pg_start || fail "no PostgreSQL server"
pg_school_db || exit 1
admin=$PG_ADMIN
server() { psql "$admin" -X -q -At "$@" 2>/dev/null; }
"$bin" --config /dev/null --data "$tmp/x" school init --admin "$admin" >/dev/null || fail "school init"
server -c "CREATE ROLE kiosk_w LOGIN IN ROLE stagekiosk_kiosk"
printf '[school]\ndatabase = %s user=kiosk_w dbname=school\ninterval_s = 2\n' "$PG_CONN" >"$tmp/k.conf"
sk() { STAGEKIOSK_LOG=quiet "$bin" --config "$tmp/k.conf" --data "$tmp/data" "$@"; }
db() { sqlite3 -cmd ".timeout 5000" "$tmp/data/stagekiosk.db" "$@"; }
{
    echo "deelnemernummer;roepnaam;voorvoegsel;achternaam;groep"
    for i in $(seq 0 29); do echo "$((600000 + i));Voornaam$i;;Achternaam$i;W1"; done
} >"$tmp/list.csv"
sk import-students "$tmp/list.csv" >/dev/null || fail "import"
sk session start --kind terugkomdag --group W1 --title "Dag" >/dev/null || fail "session"
checkins() { # N: N more check-ins, as the kiosk writes them
    db "INSERT INTO checkins(uid, session_id, student_id, at, how)
        SELECT lower(hex(randomblob(16))), (SELECT id FROM sessions), id, 1796000000 + id, 'scan'
        FROM students WHERE id NOT IN (SELECT student_id FROM checkins) LIMIT $1"
}
on_server() { [ "$(server -c "SELECT count(*) FROM stagekiosk.checkins")" = "$1" ]; }
state_is() { [ "$(db "SELECT $1 FROM sync_state")" = "$2" ]; } # SQL expected

STAGEKIOSK_LOG=info "$bin" --config "$tmp/k.conf" --data "$tmp/data" --windowed >"$tmp/kiosk.log" 2>&1 &
pid=$!
checkins 5
wait_until 20 on_server 5 || fail "check-ins did not reach the server by themselves"
wait_until 10 grep -q "sync: 5 sent\|sync: [0-9]* sent" "$tmp/kiosk.log" || fail "no sync line in the log"

pg_kill
checkins 7
wait_until 20 grep -q "trying again later, the kiosk carries on" "$tmp/kiosk.log" ||
    fail "the worker did not notice the server going"
kill -0 "$pid" || fail "the kiosk died with the server"
wait_until 10 state_is "failing_since > 0" 1 || fail "no 'since' noted"
[ "$(db "SELECT count(*) FROM sync_outbox WHERE tbl = 'checkins'")" = 7 ] ||
    fail "the waiting check-ins are not in the store's outbox"

pg_up || fail "server did not come back"
# backoff: 5 s, then 10 s
wait_until 40 on_server 12 || fail "check-ins did not arrive after the server came back"
wait_until 10 state_is failing_since 0 || fail "still failing"
grep -q "answers again" "$tmp/kiosk.log" || fail "no recovery line"

start=$SECONDS
kill -TERM "$pid"
wait_until 5 bash -c "! kill -0 $pid 2>/dev/null" || fail "the kiosk did not stop on SIGTERM"
pid=
stopped=$((SECONDS - start))
# Teacher mode's state line, from the store, in a headless kiosk (no
# worker there): up to date, then no connection with rows waiting.
echo 135790 | sk set-pin --pin-stdin >/dev/null || fail "set-pin"
shots=$PWD/$build/shots
teacher() { # name expected-text
    printf 'key F2\n%s\ntap "OK"\nexpect screen teacher\nexpect text "%s"\nshot school-%s\n' \
        "$(for d in 1 3 5 7 9 0; do echo "tap \"$d\""; done)" "$2" "$1" >"$tmp/$1.scn"
    for size in 800x480 1280x800; do
        mkdir -p "$shots/$size"
        STAGEKIOSK_LOG=quiet "$bin" --config "$tmp/k.conf" --data "$tmp/data" --headless \
            --script "$tmp/$1.scn" --shots "$shots/$size" --size "$size" ||
            fail "teacher mode did not show '$2' at $size"
    done
}
teacher ok "Bijgewerkt om $(date -d "@$(db "SELECT last_ok FROM sync_state")" +%H:%M)"
db "UPDATE sync_state SET failing_since = strftime('%s', 'now')"
checkins 3
teacher gone "Geen verbinding sinds $(date -d "@$(db "SELECT failing_since FROM sync_state")" +%H:%M) · 3 wachten"

echo "ok: the kiosk synced by itself, backed off and caught up ($stopped s to stop), teacher mode shows its state"
