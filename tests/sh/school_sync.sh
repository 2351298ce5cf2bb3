#!/usr/bin/env bash
# tests/sh/school_sync.sh BUILD: kiosks syncing through a real PostgreSQL
# (issue 15). A throwaway cluster (tests/pg.sh) under the postgres user,
# `stagekiosk school init` on an empty database, one login role per kiosk.
#  1. init twice; the kiosk role may not delete, drop or touch the schema;
#     a password file others can read is refused; no [school]: a clear no.
#  2. two kiosks: union of everything, one row per student number, the
#     conflict rule (the last import pushed wins, on every kiosk), verified
#     polls on the server cannot be joined to voters; a kiosk restored
#     from a backup (stagekiosk backup/restore) pushes its history again
#     without doubling anything or overwriting newer data.
#  3. ten kiosks: one killed with SIGKILL in the middle of rounds many
#     times (seed printed; SK_SEED=N repeats a run), the server stopped
#     hard in the middle of a round and started again; at the end every
#     kiosk holds the same rows (every dossier the same), nothing doubled,
#     nothing waiting.
set -u
build=${1:-build}
bin=$PWD/$build/stagekiosk
export STAGEKIOSK_LOG=quiet STAGEKIOSK_ASSETS=$PWD/assets
unset STAGEKIOSK_NOW
. tests/pg.sh
tmp=$(mktemp -d "${TMPDIR:-/tmp}/sk-school-XXXXXX")
cleanup() { pg_gone; rm -rf "$tmp"; }
trap cleanup EXIT
[ -n "${SK_KEEP:-}" ] && trap - EXIT
fail() { echo "FAIL: $*"; exit 1; }
seed=${SK_SEED:-$(( $(date +%s) % 100000 ))}
echo "seed $seed (SK_SEED=$seed repeats this run)"
RANDOM=$seed

pg_start || fail "no PostgreSQL server"
echo "server up (${SECONDS}s)"
pg_school_db || exit 1
admin=$PG_ADMIN
server() { psql "$admin" -X -q -v ON_ERROR_STOP=1 -At "$@"; }

sk() { # N command...: stagekiosk on kiosk N
    local n=$1
    shift
    "$bin" --config "$tmp/k$n.conf" --data "$tmp/k$n" "$@"
}
db() { local n=$1; shift; sqlite3 -cmd ".timeout 5000" "$tmp/k$n/stagekiosk.db" "$@"; }

# The school's list: 160 students in four groups; every kiosk imports it.
{
    echo "deelnemernummer;roepnaam;voorvoegsel;achternaam;groep"
    for i in $(seq 0 159); do echo "$((500000 + i));Voornaam$i;;Achternaam$i;G$((i % 4 + 1))"; done
} >"$tmp/list.csv"

new_kiosk() { # N
    local n=$1
    server -c "CREATE ROLE kiosk_$n LOGIN IN ROLE stagekiosk_kiosk"
    printf '[school]\ndatabase = %s user=kiosk_%s dbname=school\n' "$PG_CONN" "$n" >"$tmp/k$n.conf"
    sk "$n" import-students "$tmp/list.csv" >/dev/null || fail "kiosk $n: import"
    sk "$n" poll sets >/dev/null || fail "kiosk $n: poll sets"
    sk "$n" questionnaire load assets/questionnaires/weekcheck.txt >/dev/null ||
        fail "kiosk $n: questionnaire"
}

# SESSIONS sessions of group G with up to 40 check-ins each, by SQL as the
# kiosk's own code would write them (the triggers note them for sync).
add_checkins() { # N SESSIONS
    local n=$1 sessions=$2
    db "$n" "
        WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < $sessions)
        INSERT INTO sessions(uid, kind, title, group_id, started_at, late_at, ended_at)
        SELECT lower(hex(randomblob(16))), 'terugkomdag', 'Dag ' || i || ' kiosk $n',
               (SELECT id FROM groups WHERE name = 'G' || ((i + $n) % 4 + 1)),
               1796000000 + $n * 100000 + i * 1000, NULL, 1796000000 + $n * 100000 + i * 1000 + 600
        FROM k;
        INSERT INTO checkins(uid, session_id, student_id, at, how, late)
        SELECT lower(hex(randomblob(16))), s.id, st.id, s.started_at + abs(random() % 600),
               CASE WHEN random() % 5 = 0 THEN 'hand' ELSE 'scan' END, abs(random() % 2)
        FROM sessions s JOIN students st ON st.group_id = s.group_id
        WHERE s.origin = '' AND NOT EXISTS (SELECT 1 FROM checkins c WHERE c.session_id = s.id)
          AND abs(random() % 10) < 9;" || fail "kiosk $n: check-ins"
}

# Weekchecks with answers and a learning goal for a few students.
add_dossier() { # N
    local n=$1
    db "$n" "
        INSERT INTO responses(uid, student_id, questionnaire_id, started_at, finished_at)
        SELECT lower(hex(randomblob(16))), id, (SELECT max(id) FROM questionnaires),
               1796000000 + $n * 1000 + id, 1796000100 + $n * 1000 + id
        FROM students ORDER BY random() LIMIT 6;
        INSERT INTO answers(uid, response_id, item_key, value_num, answered_at)
        SELECT lower(hex(randomblob(16))), r.id, i.key, abs(random() % 4) + 1, r.started_at + 10
        FROM responses r JOIN questionnaire_items i ON i.questionnaire_id = r.questionnaire_id
        WHERE r.origin = '' AND NOT EXISTS (SELECT 1 FROM answers a WHERE a.response_id = r.id);
        INSERT INTO learning_goals(uid, student_id, response_id, text, created_at, updated_at)
        SELECT lower(hex(randomblob(16))), student_id, id, 'Doel van kiosk $n', started_at, started_at
        FROM responses WHERE origin = '' AND id NOT IN (SELECT response_id FROM learning_goals
                                                      WHERE response_id IS NOT NULL);
        INSERT INTO signal_talks(uid, student_id, kind, cause_at, at)
        SELECT lower(hex(randomblob(16))), id, 1, 0, 1796000200 + $n * 1000 + id
        FROM students ORDER BY random() LIMIT 2;" ||
        fail "kiosk $n: dossier"
}

# A closed poll: verified (voters and ballots apart) or open (timed votes).
add_poll() { # N verified|open
    local n=$1 kind=$2 flag=
    [ "$kind" = verified ] && flag=--verified
    sk "$n" poll open terugkomdag 1 $flag >/dev/null || fail "kiosk $n: poll open"
    if [ "$kind" = verified ]; then
        db "$n" "INSERT INTO poll_voters(poll_id, student_id) SELECT p.id, s.id FROM polls p,
                     (SELECT id FROM students ORDER BY random() LIMIT 9) s WHERE p.closed_at IS NULL;
                 INSERT INTO poll_ballots(id, poll_id, option) SELECT abs(random() % 4611686018427387904),
                     p.id, abs(random() % 3) + 1 FROM polls p, (SELECT 1 FROM students LIMIT 9)
                     WHERE p.closed_at IS NULL;"
    else
        db "$n" "INSERT INTO votes(poll_id, option, at_ms, source) SELECT p.id, abs(random() % 3) + 1,
                     p.opened_at * 1000 + s.id, 'button' FROM polls p, (SELECT id FROM students LIMIT 7) s
                     WHERE p.closed_at IS NULL;"
    fi
    sk "$n" poll close >/dev/null || fail "kiosk $n: poll close"
}

# Everything a teacher can see of the school on kiosk N, in one order.
dump() { # N
    db "$1" "
        SELECT 'student', s.number, s.uid, s.first_name, s.last_name, coalesce(g.name, ''),
               s.card_version FROM students s LEFT JOIN groups g ON g.id = s.group_id ORDER BY s.number;
        SELECT 'session', s.uid, g.name, s.kind, s.title, s.started_at, s.ended_at
               FROM sessions s JOIN groups g ON g.id = s.group_id ORDER BY s.uid;
        SELECT 'checkin', c.uid, s.uid, st.number, c.at, c.how, c.late FROM checkins c
               JOIN sessions s ON s.id = c.session_id JOIN students st ON st.id = c.student_id
               ORDER BY c.uid;
        SELECT 'questionnaire', name, hash FROM questionnaires ORDER BY name, hash;
        SELECT 'talk', k.uid, st.number, k.kind, k.cause_at, k.at FROM signal_talks k
               JOIN students st ON st.id = k.student_id ORDER BY k.uid;
        SELECT 'response', r.uid, st.number, q.hash, r.finished_at FROM responses r
               JOIN students st ON st.id = r.student_id JOIN questionnaires q ON q.id = r.questionnaire_id
               ORDER BY r.uid;
        SELECT 'answer', r.uid, a.item_key, a.value_num, a.uid FROM answers a
               JOIN responses r ON r.id = a.response_id ORDER BY r.uid, a.item_key;
        SELECT 'goal', g.uid, st.number, g.text, g.status FROM learning_goals g
               JOIN students st ON st.id = g.student_id ORDER BY g.uid;
        SELECT 'pollset', name, hash FROM poll_sets ORDER BY name, hash;
        SELECT 'poll', p.uid, p.verified, p.closed_at,
               (SELECT group_concat(option || ':' || n) FROM (SELECT option, count(*) AS n FROM
                   (SELECT option FROM votes WHERE poll_id = p.id UNION ALL
                    SELECT option FROM poll_ballots WHERE poll_id = p.id) GROUP BY option ORDER BY option)),
               (SELECT group_concat(number) FROM (SELECT st.number FROM poll_voters v
                   JOIN students st ON st.id = v.student_id WHERE v.poll_id = p.id ORDER BY 1))
               FROM polls p ORDER BY p.uid;"
}

# All kiosks in 1..N hold the same as kiosk 1, nothing doubled or waiting.
same_everywhere() { # N
    dump 1 >"$tmp/dump1"
    [ "$(grep -c '^checkin|' "$tmp/dump1")" -gt 0 ] || fail "kiosk 1 has no check-ins"
    for k in $(seq 2 "$1"); do
        dump "$k" >"$tmp/dump$k"
        cmp -s "$tmp/dump1" "$tmp/dump$k" || {
            diff "$tmp/dump1" "$tmp/dump$k" | head -n 20
            fail "kiosk $k differs from kiosk 1"
        }
    done
    for k in $(seq 1 "$1"); do
        [ "$(db "$k" "SELECT count(*) FROM sync_outbox")" = 0 ] || fail "kiosk $k: rows still waiting"
        [ "$(db "$k" "PRAGMA integrity_check")" = ok ] || fail "kiosk $k: file damaged"
    done
    local kiosk server_n
    kiosk=$(grep -c '^checkin|' "$tmp/dump1")
    server_n=$(server -c "SELECT count(*) FROM stagekiosk.checkins")
    [ "$kiosk" = "$server_n" ] || fail "server has $server_n check-ins, kiosks $kiosk"
    [ "$(grep -c '^student|' "$tmp/dump1")" = 160 ] || fail "students doubled or lost"
}

expected_checkins() { # N: every check-in kiosks 1..N recorded themselves
    local total=0
    for k in $(seq 1 "$1"); do total=$((total + $(db "$k" "SELECT count(*) FROM checkins WHERE origin = ''"))); done
    echo "$total"
}

# ---- 1. init, roles, refusals ----------------------------------------------

out=$("$bin" --config /dev/null --data "$tmp/admin" school init --admin "$admin") ||
    fail "school init: $out"
grep -q "bijgewerkt (2 stappen)" <<<"$out" || fail "school init said: $out"
out=$("$bin" --config /dev/null --data "$tmp/admin" school init --admin "$admin") ||
    fail "second school init: $out"
grep -q "al bij" <<<"$out" || fail "second school init said: $out"

server -c "CREATE ROLE kiosk_probe LOGIN IN ROLE stagekiosk_kiosk"
probe() { psql "$PG_CONN user=kiosk_probe dbname=school" -X -q -At -c "$1" 2>&1; }
for denied in "DELETE FROM stagekiosk.checkins" "TRUNCATE stagekiosk.students" \
    "DROP TABLE stagekiosk.polls" "UPDATE stagekiosk.poll_voters SET student_number = 'x'" \
    "DELETE FROM stagekiosk.poll_results" "CREATE TABLE stagekiosk.mine (a int)" \
    "SELECT nextval('stagekiosk.change_seq')" "INSERT INTO stagekiosk.schema_version VALUES (9, 'x')"; do
    probe "$denied" | grep -q "permission denied\|must be owner" || fail "kiosk role may: $denied"
done
probe "SELECT count(*) FROM stagekiosk.schema_version" | grep -qx 2 || fail "kiosk role cannot read the schema version"

no=$("$bin" --config /dev/null --data "$tmp/none" school sync 2>&1) && fail "sync without [school] succeeded"
grep -q "geen schooldatabase" <<<"$no" || fail "sync without [school] said: $no"

echo secret >"$tmp/pw"
chmod 644 "$tmp/pw"
printf '[school]\ndatabase = %s user=kiosk_probe dbname=school\npassword_file = %s\n' "$PG_CONN" "$tmp/pw" \
    >"$tmp/probe.conf"
no=$("$bin" --config "$tmp/probe.conf" --data "$tmp/probe" school sync 2>&1) &&
    fail "a password file others can read was used"
grep -q "mag alleen door de kiosk zelf gelezen worden" <<<"$no" || fail "password file: $no"
chmod 600 "$tmp/pw"
"$bin" --config "$tmp/probe.conf" --data "$tmp/probe" school sync >/dev/null 2>&1 ||
    fail "a password file of mode 600 was refused"

# A role the school never gave the kiosk's rights: the server refuses, and
# the kiosk must say so, not send the admin to run init again.
server -c "CREATE ROLE kiosk_stranger LOGIN"
printf '[school]\ndatabase = %s user=kiosk_stranger dbname=school\n' "$PG_CONN" >"$tmp/stranger.conf"
no=$("$bin" --config "$tmp/stranger.conf" --data "$tmp/stranger" school sync 2>&1) &&
    fail "a role without rights synced"
grep -q "De schooldatabase weigert" <<<"$no" || fail "role without rights: $no"

echo "ok: init, roles, refusals (${SECONDS}s)"

# ---- 2. two kiosks ---------------------------------------------------------

for k in 1 2; do new_kiosk $k; add_checkins $k 3; add_dossier $k; done
add_poll 1 verified
add_poll 2 open
# Kiosk 1's backup (firmware/backup.c), before it ever synced.
mkdir -p "$tmp/stick"
echo "backup-pass-$seed" | sk 1 backup --to "$tmp/stick" --passphrase-stdin >/dev/null || fail "backup"
out=$(sk 1 school sync) || fail "kiosk 1 sync: $out"
grep -q "^Verstuurd: [1-9].*aanmeldingen" <<<"$out" || fail "kiosk 1 did not say what went: $out"
sk 2 school sync >/dev/null || fail "kiosk 2 sync"
# Then kiosk 2 imports a list with a corrected name: its push comes last.
sed 's/^500000;Voornaam0;/500000;Anouk;/' "$tmp/list.csv" >"$tmp/list2.csv"
sk 2 import-students "$tmp/list2.csv" >/dev/null
sk 2 school sync >/dev/null || fail "kiosk 2 sync"
out=$(sk 1 school sync) || fail "kiosk 1 second sync: $out"
grep -q "^Opgehaald van andere kiosks: [1-9].*aanmeldingen" <<<"$out" || fail "kiosk 1 pulled: $out"
same_everywhere 2
[ "$(expected_checkins 2)" = "$(grep -c '^checkin|' "$tmp/dump1")" ] || fail "union of check-ins"
[ "$(db 1 "SELECT first_name FROM students WHERE number = '500000'")" = Anouk ] ||
    fail "the last pushed import did not win"
[ "$(db 1 "SELECT count(DISTINCT origin) FROM checkins")" = 2 ] || fail "origin of pulled rows"
[ "$(db 1 "SELECT count(*) FROM signal_talks WHERE origin = 'kiosk_2'")" = 2 ] ||
    fail "kiosk 2's signals marked 'besproken' did not reach kiosk 1"
# Kiosk 1's export covers both kiosks' rows and says which one recorded each.
mkdir -p "$tmp/export"
sk 1 export --to "$tmp/export" >/dev/null || fail "export on a synced kiosk"
csv=$(ls "$tmp"/export/*/aanwezigheid.csv)
for k in 1 2; do
    [ "$(grep -c ";kiosk_$k"$'\r'"\$" "$csv")" -gt 0 ] || fail "export: no rows of kiosk $k"
done
[ "$(grep -c ";kiosk_1"$'\r'"\$" "$csv")" -ge "$(db 1 "SELECT count(*) FROM checkins WHERE origin = ''")" ] ||
    fail "export: kiosk 1's own rows not named"

# Verified polls on the server: voters and results share only the poll;
# no time, sequence or id; results are counts; written in one transaction,
# voters in number order, so not even physical order links them.
cols=$(server -c "SELECT table_name || '.' || column_name FROM information_schema.columns
                  WHERE table_schema = 'stagekiosk' AND table_name IN ('poll_voters', 'poll_results')
                  ORDER BY 1" | tr '\n' ' ')
[ "$cols" = "poll_results.option poll_results.poll_uid poll_results.votes poll_voters.poll_uid poll_voters.student_number " ] ||
    fail "verified poll tables have columns: $cols"
vp=$(server -c "SELECT uid FROM stagekiosk.polls WHERE verified = 1")
[ -n "$vp" ] || fail "the verified poll did not reach the server"
[ "$(server -c "SELECT count(*) FROM stagekiosk.poll_voters WHERE poll_uid = '$vp'")" = 9 ] || fail "voters"
[ "$(server -c "SELECT sum(votes) FROM stagekiosk.poll_results WHERE poll_uid = '$vp'")" = 9 ] || fail "votes"
[ "$(server -c "SELECT count(*) <= 3 FROM stagekiosk.poll_results WHERE poll_uid = '$vp'")" = t ] ||
    fail "single ballots on the server"
[ "$(server -c "SELECT count(DISTINCT xmin::text) FROM (SELECT xmin FROM stagekiosk.poll_voters
                WHERE poll_uid = '$vp' UNION ALL SELECT xmin FROM stagekiosk.poll_results
                WHERE poll_uid = '$vp') x")" = 1 ] || fail "voters and results written apart in time"
[ "$(server -c "SELECT string_agg(student_number, ',' ORDER BY ctid) = string_agg(student_number, ','
                ORDER BY student_number) FROM stagekiosk.poll_voters WHERE poll_uid = '$vp'")" = t ] ||
    fail "voters stored in voting order"
[ "$(server -c "SELECT count(*) FROM pg_views WHERE schemaname = 'stagekiosk'")" = 0 ] || fail "a view"

# Kiosk 1 restored from that backup pushes its history again: nothing
# doubles, and its older copy of a name does not overwrite the newer one.
before=$(server -c "SELECT (SELECT count(*) FROM stagekiosk.checkins) || '/' ||
                           (SELECT count(*) FROM stagekiosk.students) || '/' ||
                           (SELECT count(*) FROM stagekiosk.poll_results)")
echo "backup-pass-$seed" | sk 1 restore "$(ls "$tmp"/stick/stagekiosk-backup-*)" --passphrase-stdin \
    --replace >/dev/null || fail "restore"
[ "$(db 1 "SELECT count(*) FROM checkins WHERE origin <> ''")" = 0 ] || fail "restore: not the old copy"
sk 1 school sync >/dev/null || fail "restored kiosk sync"
after=$(server -c "SELECT (SELECT count(*) FROM stagekiosk.checkins) || '/' ||
                          (SELECT count(*) FROM stagekiosk.students) || '/' ||
                          (SELECT count(*) FROM stagekiosk.poll_results)")
[ "$before" = "$after" ] || fail "restored kiosk doubled rows on the server: $before -> $after"
sk 1 school sync >/dev/null
[ "$(db 1 "SELECT first_name FROM students WHERE number = '500000'")" = Anouk ] ||
    fail "the restored kiosk's old name won"
same_everywhere 2
echo "ok: two kiosks (${SECONDS}s)"

# ---- 3. ten kiosks, kills and a server that goes away ------------------------

for k in $(seq 3 10); do new_kiosk "$k"; add_checkins "$k" $((RANDOM % 4 + 4)); done
add_dossier 5
add_poll 6 verified
for k in 1 2; do add_checkins $k 2; done

# Kiosk 3: killed with SIGKILL at a random moment of its rounds, again and
# again; each time its file is whole and the next round goes on.
add_checkins 3 20
killed=0
for i in $(seq 1 12); do
    sk 3 school sync >/dev/null 2>&1 &
    pid=$!
    sleep "0.$(printf '%03d' $((RANDOM % 300)))"
    kill -KILL "$pid" 2>/dev/null && killed=$((killed + 1))
    wait "$pid" 2>/dev/null
    [ "$(db 3 "PRAGMA integrity_check")" = ok ] || fail "kiosk 3 damaged after kill $i (seed $seed)"
    [ $((i % 4)) = 0 ] && add_checkins 3 1
done

echo "kiosk 3: $killed of 12 rounds killed with SIGKILL while running"

# Kiosk 4: the server stops hard in the middle of its round.
sk 4 school sync >"$tmp/k4.out" 2>&1 &
pid=$!
sleep "0.$(printf '%03d' $((RANDOM % 150 + 20)))"
pg_kill
wait "$pid" && echo "(kiosk 4 finished before the server went)" ||
    grep -q "Geen verbinding\|weigert" "$tmp/k4.out" || fail "kiosk 4 with the server gone said: $(cat "$tmp/k4.out")"
out=$(sk 5 school sync 2>&1) && fail "sync with no server succeeded"
grep -q "Geen verbinding met de schooldatabase" <<<"$out" || fail "no server: $out"
pg_up || fail "server did not come back"

# Everybody syncs, in a random order, until nothing moves: two rounds.
for round in 1 2; do
    for k in $(seq 1 10 | shuf --random-source=<(yes "$seed")); do
        out=$(sk "$k" school sync 2>&1) || fail "round $round, kiosk $k (seed $seed): $out"
    done
done
same_everywhere 10
[ "$(expected_checkins 10)" = "$(grep -c '^checkin|' "$tmp/dump1")" ] || fail "union of check-ins (seed $seed)"
echo "ok: ten kiosks, $(grep -c '^checkin|' "$tmp/dump1") check-ins everywhere (seed $seed, ${SECONDS}s)"
