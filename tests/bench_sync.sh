#!/usr/bin/env bash
# tests/bench_sync.sh BUILD: school sync figures on a real PostgreSQL
# (tests/pg.sh starts a throwaway one; `make bench` runs this).
#  1. KIOSKS kiosks (10) with CHECKINS check-ins each (10,000), all new to
#     the server: the time until every kiosk holds all of them (rounds of
#     `stagekiosk school sync`, the kiosks in parallel, as on a school day);
#  2. BUILD/tests/bench_sync: a check-in's scan-to-welcome p99 without sync
#     and while the worker pulls those rows into one more kiosk.
# SK_BENCH_KIOSKS, SK_BENCH_CHECKINS, SK_BENCH_SCANS make it smaller.
set -u
build=${1:-build}
bin=$PWD/$build/stagekiosk
kiosks=${SK_BENCH_KIOSKS:-10}
per=${SK_BENCH_CHECKINS:-10000}
scans=${SK_BENCH_SCANS:-1000}
export STAGEKIOSK_LOG=quiet STAGEKIOSK_ASSETS=$PWD/assets
unset STAGEKIOSK_NOW
. tests/pg.sh
tmp=$(mktemp -d "${TMPDIR:-/tmp}/sk-bsync-XXXXXX")
cleanup() { pg_gone; rm -rf "$tmp"; }
trap cleanup EXIT
die() { echo "bench_sync: $*"; exit 1; }
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }
pg_start || die "no PostgreSQL server (make deps)"
pg_school_db || exit 1
admin=$PG_ADMIN
"$bin" --config /dev/null --data "$tmp/x" school init --admin "$admin" >/dev/null || die "school init"
sk() { local n=$1; shift; "$bin" --config "$tmp/k$n.conf" --data "$tmp/k$n" "$@"; }
db() { local n=$1; shift; sqlite3 -cmd ".timeout 10000" "$tmp/k$n/stagekiosk.db" "$@"; }

# 400 students in 10 groups of 40; a session has a check-in of each.
{
    echo "deelnemernummer;roepnaam;voorvoegsel;achternaam;groep"
    for i in $(seq 0 399); do echo "$((700000 + i));Voornaam$i;;Achternaam$i;G$((i % 10 + 1))"; done
} >"$tmp/list.csv"
sessions=$(((per + 39) / 40))
for k in $(seq 1 $((kiosks + 1))); do
    psql "$admin" -X -q -c "CREATE ROLE kiosk_$k LOGIN IN ROLE stagekiosk_kiosk" || die "role"
    printf '[school]\ndatabase = %s user=kiosk_%s dbname=school\n' "$PG_CONN" "$k" >"$tmp/k$k.conf"
    sk "$k" import-students "$tmp/list.csv" >/dev/null || die "import"
done
for k in $(seq 1 "$kiosks"); do
    db "$k" "
        WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < $sessions)
        INSERT INTO sessions(uid, kind, title, group_id, started_at, ended_at)
        SELECT lower(hex(randomblob(16))), 'terugkomdag', 'Dag ' || i, (SELECT id FROM groups
               WHERE name = 'G' || (i % 10 + 1)), 1796000000 + $k * 1000000 + i * 3600,
               1796000000 + $k * 1000000 + i * 3600 + 1800 FROM s;
        INSERT INTO checkins(uid, session_id, student_id, at, how)
        SELECT lower(hex(randomblob(16))), se.id, st.id, se.started_at + st.id, 'scan'
        FROM sessions se JOIN students st ON st.group_id = se.group_id LIMIT $per;" || die "data"
done
echo "  $kiosks kiosks with $per check-ins each, $((kiosks * per)) in all, none on the server yet"

t0=$(now)
for round in 1 2; do
    for k in $(seq 1 "$kiosks"); do sk "$k" school sync >"$tmp/r$round-$k.out" 2>&1 & done
    wait
    for k in $(seq 1 "$kiosks"); do
        grep -q "^Wachten nog: 0" "$tmp/r$round-$k.out" || die "round $round, kiosk $k: $(cat "$tmp/r$round-$k.out")"
    done
    echo "  round $round done after $(elapsed "$t0" "$(now)") s"
done
t1=$(now)
for k in $(seq 1 "$kiosks"); do
    have=$(db "$k" "SELECT count(*) FROM checkins")
    [ "$have" = $((kiosks * per)) ] || die "kiosk $k holds $have check-ins, not $((kiosks * per))"
done
echo "  $kiosks kiosks x $per check-ins converged: $(elapsed "$t0" "$t1") s (two rounds, kiosks" \
    "in parallel; every kiosk holds all $((kiosks * per)))"

# 2. One more kiosk: a running session of 2*SCANS students it scans, while
#    its worker pulls the school's rows.
n=$((kiosks + 1))
{
    echo "deelnemernummer;roepnaam;voorvoegsel;achternaam;groep"
    for i in $(seq 0 $((2 * scans - 1))); do echo "$((800000 + i));Scan$i;;Student$i;B1"; done
} >"$tmp/scan.csv"
sk "$n" import-students "$tmp/scan.csv" >/dev/null || die "import"
sk "$n" session start --kind terugkomdag --group B1 --title "Bench" >/dev/null || die "session"
echo 135790 | sk "$n" set-pin --pin-stdin >/dev/null || die "pin"
"$build/tests/bench_sync" "$tmp/k$n" "$PG_CONN user=kiosk_$n dbname=school" 800000 "$scans" ||
    die "scan figures"
