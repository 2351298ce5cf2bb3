#!/usr/bin/env bash
# tests/crash/run.sh BUILD [kill|failio]: proves that what the kiosk
# confirms is on disk, whatever happens to the process.
#
# kill (default): runs the kiosk headless on one data dir with a stream of
#   check-ins and kills it with SIGKILL at a random moment, CRASH_KILLS times
#   (default 200), restarting it on the same data each time. Checks:
#   - every check-in the kiosk confirmed before a kill is in the database;
#   - no check-in is confirmed as new twice;
#   - PRAGMA integrity_check and foreign_key_check are clean;
#   - the running session resumes (same session id, shown on screen);
#   - at most one committed-but-unconfirmed check-in per kill.
# failio: runs the same stream with tests/crash/failio.so preloaded, so
#   writes and syncs of the database fail at random (EIO). Checks that the
#   kiosk shows a notice instead of confirming a check-in that failed, never
#   crashes, and that every confirmed check-in is in the database after a
#   restart without the shim.
#
# The kiosk reports a confirmation with the log line
# "checkin: student N, session S" written after the commit (firmware/app.c);
# only complete lines count. CRASH_SEED=N (printed first) repeats a run's
# scripts and kill delays; where a kill lands in the code still depends on
# the machine's speed. CRASH_KEEP=1 keeps the data dir. Adding votes or zelfscan answers
# to the stream: see "what the stream writes" below.
set -u
build=${1:-build}
mode=${2:-kill}
bin=$build/stagekiosk
shim=$PWD/$build/tests/crash/failio.so
seed=${CRASH_SEED:-$(( ($(date +%s%N) / 1000) % 1000000 ))}
kills_wanted=${CRASH_KILLS:-200}
failio_runs=${CRASH_FAILIO_RUNS:-40}
check_every=${CRASH_CHECK_EVERY:-10}
max_delay_ms=${CRASH_MAX_DELAY_MS:-900}
# A killed run ends long before its script does; a failio run runs to the end.
steps_per_run=${CRASH_STEPS:-$([ "$mode" = failio ] && echo 25 || echo 200)}
RANDOM=$seed

echo "crash: mode $mode, seed $seed (replay: CRASH_SEED=$seed tests/crash/run.sh $build $mode)"
[ -x "$bin" ] || { echo "crash: $bin missing"; exit 1; }
command -v sqlite3 >/dev/null || { echo "crash: needs sqlite3"; exit 1; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/sk-crash-XXXXXX")
data=$tmp/data
confirmed=$tmp/confirmed.txt    # "kind key new|again run" per confirmation
: >"$confirmed"
cleanup() {
    if [ "${CRASH_KEEP:-0}" = 1 ] || [ "${failed:-0}" = 1 ]; then
        echo "crash: data left in $tmp"
    else
        rm -rf "$tmp"
    fi
}
trap cleanup EXIT
failed=0
die() { # to stderr: it may be called while stdout goes into a script
    failed=1
    echo "crash: FAILED: $*" >&2
    echo "crash: replay with CRASH_SEED=$seed tests/crash/run.sh $build $mode" >&2
    exit 1
}

# The kiosk in a mode that logs confirmations and screens, on our data.
kiosk() { # script logfile [env...]
    local scn=$1 log=$2
    shift 2
    env STAGEKIOSK_LOG=debug SDL_VIDEODRIVER=dummy "$@" \
        "$bin" --data "$data" --headless --script "$scn" --size 800x480 2>"$log" >/dev/null
}

sql() { sqlite3 -batch -noheader "$data/stagekiosk.db" "$@"; }

# ---- what the stream writes -------------------------------------------------
# Each kind of write the kiosk confirms is five functions; KINDS lists them,
# and everything else (kills, restarts, checks) is the same for every kind.
#   setup_<kind>         prepares the data dir (after the demo data)
#   emit_<kind>          prints the scenario steps of one write
#   told_<kind> LOG      prints "KEY new|again" for each confirmation in the
#                        complete lines of LOG (the kiosk logs it after the
#                        commit); KEY names the write, e.g. the student
#   stored_<kind>        prints the KEY of every such write in the database
#   after_<kind>         updates the kind's own state after a run
# A vote or a zelfscan answer joins by adding its five and its name here.
KINDS="checkin"

# Check-ins: mostly a new student, sometimes one who already came (the kiosk
# must say "al ingecheckt"), sometimes the screen goes back by itself.
setup_checkin() {
    students=$((kills_wanted * 80 + failio_runs * steps_per_run + steps_per_run + 500))
    {
        echo "studentnummer;roepnaam;achternaam;klas"
        seq 200001 $((200000 + students)) | awk '{print $1 ";Test;Student" $1 ";ZW2A"}'
    } >"$tmp/students.csv"
    env STAGEKIOSK_LOG=quiet "$bin" --data "$data" import-students "$tmp/students.csv" \
        >/dev/null 2>"$tmp/setup.log" || { cat "$tmp/setup.log"; die "import"; }
    group_size=$(sql "SELECT count(*) FROM students s JOIN groups g ON g.id = s.group_id
                      WHERE g.name = 'ZW2A'")
    next=200001             # the first student never confirmed as new
    last=$((200000 + students))
    emitted=$next           # the next new student of the script being made
}
emit_checkin() {
    if [ $((RANDOM % 8)) -eq 0 ] && [ "$next" -gt 200001 ]; then
        echo "scan-card $((200001 + RANDOM % (next - 200001)))"
    else
        [ "$emitted" -le "$last" ] || die "ran out of students; raise the list size"
        echo "scan-card $emitted"
        emitted=$((emitted + 1))
    fi
    case $((RANDOM % 6)) in
    0) echo "wait 7000" ;;  # back to idle by itself
    *) echo 'tap "Klaar"' ;;
    esac
}
told_checkin() { # log: also checks that the confirmations went into our session
    complete_lines "$1" |
        sed -n 's/.* info: checkin: student \([0-9A-Z-]*\), session \([0-9]*\)\(, already\)\{0,1\}.*/\1 \2 \3/p' |
        awk -v s="$session" '
            $2 != s { print "SESSION " $2; next }
            { print $1, ($3 == "" ? "new" : "again") }'
}
stored_checkin() {
    sql "SELECT s.number FROM checkins c JOIN students s ON s.id = c.student_id
         WHERE c.session_id = $session"
}
after_checkin() {
    local top
    top=$(awk '$1 == "checkin" && $3 == "new" && $2 > m {m = $2} END {print m + 0}' "$confirmed")
    [ "$top" -lt "$next" ] || next=$((top + 1))
    emitted=$next
}

# ---- a data dir: demo data, a running session, what each kind needs ----------
setup() {
    mkdir -p "$data"
    cp tests/data/scenario-card.key "$data/card.key"
    printf 'expect screen idle\n' >"$tmp/idle.scn"
    env STAGEKIOSK_LOG=quiet "$bin" --data "$data" --demo --headless --script "$tmp/idle.scn" \
        >/dev/null 2>"$tmp/setup.log" || { cat "$tmp/setup.log"; die "demo data"; }
    session=$(sql "SELECT id FROM sessions WHERE ended_at IS NULL")
    [ -n "$session" ] || die "no running session after setup"
    local kind
    for kind in $KINDS; do "setup_$kind"; done
}

make_script() { # file
    local kinds=($KINDS) i
    for ((i = 0; i < steps_per_run; i++)); do
        "emit_${kinds[RANDOM % ${#kinds[@]}]}"
    done >"$1"
}

# Complete lines only: a line cut off by the kill was never confirmed.
complete_lines() { # file
    if [ -s "$1" ] && [ -n "$(tail -c 1 "$1")" ]; then
        sed '$d' "$1"
    else
        cat "$1"
    fi
}

# Appends this run's confirmations ("kind key new|again run") and checks
# that none went into another session and none is a second "new".
confirmations() { # log run
    local kind lines twice
    for kind in $KINDS; do
        lines=$("told_$kind" "$1")
        [ -n "$lines" ] || continue
        ! grep -q '^SESSION ' <<<"$lines" ||
            die "run $2 confirmed into session $(grep -m 1 '^SESSION ' <<<"$lines" |
                cut -d' ' -f2) instead of $session: the session did not resume"
        awk -v k="$kind" -v run="$2" '{print k, $1, $2, run}' <<<"$lines" >>"$confirmed"
    done
    twice=$(awk '$3 == "new" {n[$1 " " $2]++; if (n[$1 " " $2] == 2) print $1 " " $2}' \
        "$confirmed" | head -n 3 | tr '\n' ' ')
    [ -z "$twice" ] || die "confirmed as new twice: $twice"
    for kind in $KINDS; do "after_$kind"; done
}

# The store after a crash: intact, the session still running, nothing that
# was confirmed missing, and at most `allowed` writes nobody was told of.
check_store() { # allowed
    local ic fk running kind lost extra
    ic=$(sql "PRAGMA integrity_check" 2>&1)
    [ "$ic" = ok ] || die "integrity_check: $ic"
    fk=$(sql "PRAGMA foreign_key_check" 2>&1)
    [ -z "$fk" ] || die "foreign_key_check: $fk"
    running=$(sql "SELECT group_concat(id) FROM sessions WHERE ended_at IS NULL")
    [ "$running" = "$session" ] || die "running session is '$running', expected $session"
    unconfirmed=0
    for kind in $KINDS; do
        "stored_$kind" | sort -u >"$tmp/in_db.txt"
        awk -v k="$kind" '$1 == k {print $2}' "$confirmed" | sort -u >"$tmp/told.txt"
        lost=$(comm -23 "$tmp/told.txt" "$tmp/in_db.txt" | head -n 5 | tr '\n' ' ')
        [ -z "$lost" ] || die "$kind confirmed but not in the database: $lost"
        extra=$(comm -13 "$tmp/told.txt" "$tmp/in_db.txt" | wc -l)
        unconfirmed=$((unconfirmed + extra))
    done
    [ "$unconfirmed" -le "$1" ] ||
        die "$unconfirmed writes stored without confirmation (at most $1 allowed)"
}

# After everything: a clean start shows the same session and its count.
check_resume() {
    local n
    n=$(sql "SELECT count(*) FROM checkins WHERE session_id = $session")
    {
        echo "expect screen idle"
        echo 'expect text "Terugkomdag 2 · ZW2A"'
        echo "expect text \"$n van $group_size ingecheckt\""
    } >"$tmp/resume.scn"
    kiosk "$tmp/resume.scn" "$tmp/resume.log" ||
        { tail -n 20 "$tmp/resume.log"; die "the kiosk did not resume the session on screen"; }
}

ms_sleep() { sleep "$(printf '%d.%03d' $(($1 / 1000)) $(($1 % 1000)))"; }

# ---- kill mode -------------------------------------------------------------
run_kills() {
    local kills=0 finished=0 run=0 pid rc delay
    while [ "$kills" -lt "$kills_wanted" ]; do
        run=$((run + 1))
        [ "$run" -le $((kills_wanted * 3)) ] || die "too few kills landed ($kills in $run runs)"
        make_script "$tmp/run.scn"
        # Empty the log first: a kill that lands before the child has opened
        # it would otherwise leave the last run's lines to be read again.
        : >"$tmp/run.log"
        # env execs the kiosk, so $! is the kiosk itself
        env STAGEKIOSK_LOG=debug SDL_VIDEODRIVER=dummy "$bin" --data "$data" --headless \
            --script "$tmp/run.scn" --size 800x480 2>"$tmp/run.log" >/dev/null &
        pid=$!
        delay=$((RANDOM % max_delay_ms))
        ms_sleep "$delay"
        if kill -0 "$pid" 2>/dev/null; then
            kill -KILL "$pid" 2>/dev/null
            wait "$pid" 2>/dev/null
            rc=$?
            kills=$((kills + 1))
        else
            wait "$pid"
            rc=$?
            finished=$((finished + 1))
            [ "$rc" -eq 0 ] ||
                { tail -n 20 "$tmp/run.log"; die "run $run ended by itself with status $rc"; }
        fi
        grep -qE 'runtime error|AddressSanitizer|LeakSanitizer' "$tmp/run.log" &&
            { tail -n 30 "$tmp/run.log"; die "sanitizer report in run $run"; }
        cp "$tmp/run.log" "$tmp/last-run.log"
        confirmations "$tmp/run.log" "$run"
        if [ $((run % check_every)) -eq 0 ]; then
            check_store "$kills"
        fi
    done
    check_store "$kills"
    check_resume
    local new again
    new=$(awk '$3 == "new"' "$confirmed" | wc -l)
    again=$(awk '$3 == "again"' "$confirmed" | wc -l)
    echo "crash: $kills kills, $finished runs finished by themselves; $new writes ($KINDS)" \
         "confirmed new, $again confirmed as already there; 0 lost; $unconfirmed stored at" \
         "the moment of a kill without confirmation; integrity ok; session $session resumed"
}

# ---- failio mode -------------------------------------------------------------
# Reads one run's log in order: a failed check-in must be followed by the
# notice screen, never by a confirmation of that student.
check_failures() { # log run
    awk -v run="$2" '
        / error: db: check-in of / {
            for (i = 1; i <= NF; i++) if ($i == "of") { pending = $(i + 1); break }
            failures++; next
        }
        / info: checkin: student / && pending != "" {
            n = $0; sub(/.*student /, "", n); sub(/,.*/, "", n)
            if (n == pending) { print "run " run ": student " n " confirmed after a failed commit"; bad = 1 }
        }
        / debug: screen / && pending != "" {
            if ($NF != "notice") { print "run " run ": screen " $NF " after a failed check-in"; bad = 1 }
            else notices++
            pending = ""
        }
        END { printf "%d %d\n", failures, notices; exit bad }' "$1"
}

run_failio() {
    [ -f "$shim" ] || die "$shim missing (make BUILD=$build $build/tests/crash/failio.so)"
    local run rc out failures=0 notices=0 injected=0 starts_refused=0
    for ((run = 1; run <= failio_runs; run++)); do
        make_script "$tmp/run.scn"
        kiosk "$tmp/run.scn" "$tmp/run.log" LD_PRELOAD="$shim" FAILIO_SEED=$((seed + run)) \
            FAILIO_RATE="${FAILIO_RATE:-0.03}" FAILIO_LOG=1
        rc=$?
        grep -qE 'runtime error|AddressSanitizer|LeakSanitizer' "$tmp/run.log" &&
            { tail -n 30 "$tmp/run.log"; die "sanitizer report in run $run"; }
        if [ "$rc" -eq 1 ] && ! grep -q 'info: checkin:' "$tmp/run.log"; then
            # refusing to start is allowed, with a message and no crash
            grep -vE '^failio:|^[0-9-]{10} [0-9:]{8} stagekiosk ' "$tmp/run.log" | grep -q . ||
                { tail -n 10 "$tmp/run.log"; die "run $run refused to start without a message"; }
            starts_refused=$((starts_refused + 1))
        elif [ "$rc" -ne 0 ]; then
            tail -n 20 "$tmp/run.log"
            die "run $run ended with status $rc under failing I/O"
        fi
        out=$(check_failures "$tmp/run.log" "$run") || die "$out"
        failures=$((failures + ${out% *}))
        notices=$((notices + ${out#* }))
        injected=$((injected + $(grep -c '^failio:' "$tmp/run.log")))
        confirmations "$tmp/run.log" "$run"
        # a restart without the shim must find every confirmed check-in
        check_store 1000000
    done
    check_resume
    [ "$injected" -gt 0 ] || die "the shim injected no failures: is it preloaded?"
    [ "$notices" -gt 0 ] || die "no failed check-in was seen: raise FAILIO_RATE"
    echo "crash: failio: $failio_runs runs, $injected injected I/O errors, $failures failed" \
         "check-ins each shown as a notice, $starts_refused runs refused to start with a" \
         "message, $(wc -l <"$confirmed") confirmations all in the database"
}

setup
case $mode in
kill) run_kills ;;
failio) run_failio ;;
*) echo "usage: tests/crash/run.sh BUILD [kill|failio]"; exit 2 ;;
esac
