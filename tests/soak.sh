#!/usr/bin/env bash
# tests/soak.sh BUILD [HOURS]: the real kiosk, in real time, for hours: a
# check-in every second, and a sample of its memory, open files and
# database every SOAK_SAMPLE_S seconds. `make soak HOURS=1` runs this; it is
# not part of `make test`.
#
# Real time matters here: the headless scenarios run on a virtual clock, so
# an hour of them passes in seconds and never shows what a kiosk does in an
# hour (timers, redraws of the clock, polling the store, caches filling).
# So this starts the ordinary kiosk (app_run, the real loop and clock) in a
# window on a private Xvfb display and types card codes into it with
# xdotool, as the USB scanner does. Every SOAK_ROLLOVER check-ins an admin
# stops the session and starts a new one over the command line, so the same
# students check in again and the kiosk follows a change by another process.
#
# Passes when the kiosk is alive at the end, confirmed (nearly) every scan,
# its anonymous memory (heap and mmap: RssAnon) grew less than 1 MB per hour
# after warming up (least squares over the samples), and its open file
# descriptors stayed flat. Total RSS is reported too; on top of RssAnon it
# holds library code paged in on first use, which is not a leak. The samples land
# in BUILD/soak/samples.csv, the report in BUILD/soak/report.txt.
# SOAK_SECONDS=300 overrides HOURS for a short run.
#
# SDL draws with its software renderer here (SOAK_RENDERER=gl for the GL
# one): on a machine without a GPU, SDL's GL renderer runs on Mesa's
# llvmpipe, whose LLVM JIT grows anonymous memory outside the malloc heap
# (about 2 MB an hour in our runs, while massif shows the heap flat). The Pi
# draws with its own GPU driver; soak on the device to measure that path.
set -u
build=${1:-build}
hours=${2:-1}
seconds=${SOAK_SECONDS:-$(awk -v h="$hours" 'BEGIN {printf "%d", h * 3600}')}
sample_every=${SOAK_SAMPLE_S:-10}
rollover=${SOAK_ROLLOVER:-3000}
bin=$PWD/$build/stagekiosk
out=$build/soak
students=$((rollover + 100))

tmp= kiosk_pid= xvfb_pid=
die() {
    echo "soak: FAILED: $*"
    [ -n "$tmp" ] && [ -s "$tmp/kiosk.log" ] && tail -n 20 "$tmp/kiosk.log" | sed 's/^/    /'
    exit 1
}
stop() { # pid: ours, politely, then firmly
    [ -n "$1" ] || return 0
    kill "$1" 2>/dev/null || return 0
    for _ in $(seq 30); do kill -0 "$1" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$1" 2>/dev/null
    wait "$1" 2>/dev/null
    return 0
}
cleanup() {
    stop "$kiosk_pid"
    stop "$xvfb_pid"
    [ -n "$tmp" ] && rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

for tool in Xvfb xdotool sqlite3 timeout awk; do
    command -v "$tool" >/dev/null || die "$tool is not installed (make deps)"
done
[ -x "$bin" ] || die "$bin is missing"
mkdir -p "$out"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/sk-soak-XXXXXX")
data=$tmp/data
: >"$tmp/empty.conf"
kiosk() { "$bin" --config "$tmp/empty.conf" --data "$data" "$@"; }

# ---- a data dir with enough students for one session of check-ins --------
unset STAGEKIOSK_NOW
printf 'expect screen idle\n' >"$tmp/idle.scn"
STAGEKIOSK_LOG=quiet SDL_VIDEODRIVER=dummy kiosk --demo --headless --script "$tmp/idle.scn" \
    >/dev/null 2>&1 || die "demo data"
{
    echo "studentnummer;roepnaam;achternaam;klas"
    seq 300001 $((300000 + students)) | awk '{print $1 ";Soak;Student" $1 ";ZW2A"}'
} >"$tmp/students.csv"
STAGEKIOSK_LOG=quiet kiosk import-students "$tmp/students.csv" >/dev/null || die "import"

# ---- a display and the kiosk -------------------------------------------------
unset DISPLAY SDL_VIDEODRIVER
Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp -noreset 3>"$tmp/display" \
    >"$tmp/xvfb.log" 2>&1 &
xvfb_pid=$!
for _ in $(seq 100); do [ -s "$tmp/display" ] && break; sleep 0.1; done
[ -s "$tmp/display" ] || die "Xvfb did not start"
export DISPLAY=":$(cat "$tmp/display")" SDL_VIDEODRIVER=x11
[ "${SOAK_RENDERER:-software}" = gl ] || export SDL_RENDER_DRIVER=software
STAGEKIOSK_LOG=info "$bin" --config "$tmp/empty.conf" --data "$data" --windowed --size 800x480 \
    >"$tmp/kiosk.log" 2>&1 &
kiosk_pid=$!
win=$(timeout 10 xdotool search --sync --onlyvisible --name '^stagekiosk$' 2>/dev/null | head -n 1)
[ -n "$win" ] || die "no kiosk window within 10 s"
timeout 5 xdotool windowfocus --sync "$win" || die "cannot focus the kiosk window"

# ---- the run ---------------------------------------------------------------------
sample() { # elapsed scans
    local rss anon fds db wal cpu
    rss=$(awk '/^VmRSS:/ {print $2}' "/proc/$kiosk_pid/status" 2>/dev/null)
    # anonymous memory (heap, mmap): what a leak grows. The rest of RSS is
    # library code paged in as it is first used (Mesa's LLVM JIT pages in
    # more of libLLVM the first time it compiles a new kind of draw).
    anon=$(awk '/^RssAnon:/ {print $2}' "/proc/$kiosk_pid/status" 2>/dev/null)
    fds=$(ls "/proc/$kiosk_pid/fd" 2>/dev/null | wc -l)
    db=$(stat -c %s "$data/stagekiosk.db" 2>/dev/null || echo 0)
    wal=$(stat -c %s "$data/stagekiosk.db-wal" 2>/dev/null || echo 0)
    # utime + stime, in clock ticks
    cpu=$(awk '{print $14 + $15}' "/proc/$kiosk_pid/stat" 2>/dev/null)
    echo "$1,$2,$(grep -c 'info: checkin: student' "$tmp/kiosk.log"),${rss:-0},${anon:-0},$fds,$db,$wal,${cpu:-0}" \
        >>"$out/samples.csv"
}
echo "elapsed_s,scans,confirmed,rss_kb,anon_kb,fds,db_bytes,wal_bytes,cpu_ticks" >"$out/samples.csv"
echo "soak: $seconds s in real time, a check-in a second, a sample every $sample_every s" \
     "(kiosk pid $kiosk_pid, display $DISPLAY)"
start=$(date +%s)
scans=0 session=1
sample 0 0
while :; do
    now=$(date +%s)
    elapsed=$((now - start))
    [ "$elapsed" -lt "$seconds" ] || break
    kill -0 "$kiosk_pid" 2>/dev/null || die "the kiosk stopped after $elapsed s"
    if [ "$scans" -gt 0 ] && [ $((scans % rollover)) -eq 0 ]; then
        session=$((session + 1))
        kiosk session stop >/dev/null 2>&1
        kiosk session start --kind terugkomdag --group ZW2A --title "Soak $session" >/dev/null 2>&1 ||
            die "cannot start session $session"
    fi
    number=$((300001 + scans % rollover))
    code=$(kiosk card-code "$number" 2>/dev/null) || die "card-code $number"
    xdotool type --delay 3 "$code" && xdotool key Return || die "xdotool failed"
    scans=$((scans + 1))
    [ $((scans % sample_every)) -ne 0 ] || sample "$elapsed" "$scans"
    # one a second, on the second
    next=$((start + scans))
    while [ "$(date +%s)" -lt "$next" ]; do sleep 0.05; done
done
sleep 2
sample "$(($(date +%s) - start))" "$scans"

# ---- the report ------------------------------------------------------------------
# Warm-up: a tenth of the run, at least a minute, at most half of it. The
# text cache and SQLite's page cache fill during it.
warm=$((seconds / 10 > 60 ? seconds / 10 : 60))
[ "$warm" -le $((seconds / 2)) ] || warm=$((seconds / 2))
awk -F, -v warm="$warm" -v hz="$(getconf CLK_TCK)" '
    function slope(v,    i, k, sx, sy, sxx, sxy) {
        for (i = 0; i < n; i++) if (t[i] >= warm) {
            k++; sx += t[i]; sy += v[i]; sxx += t[i] * t[i]; sxy += t[i] * v[i]
        }
        return (k > 1 && k * sxx - sx * sx) ? (k * sxy - sx * sy) / (k * sxx - sx * sx) : 0
    }
    BEGIN { n = 0; first = -1; fmin = -1; fmax = 0; wmax = 0 }
    NR == 1 { next }
    { t[n] = $1; scans = $2; conf = $3; rss[n] = $4; anon[n] = $5; fds[n] = $6; db[n] = $7
      wal[n] = $8; cpu[n] = $9; n++ }
    END {
        for (i = 0; i < n; i++) {
            if (wal[i] > wmax) wmax = wal[i]
            if (t[i] < warm) continue
            if (first < 0) first = i
            if (fmin < 0 || fds[i] < fmin) fmin = fds[i]
            if (fds[i] > fmax) fmax = fds[i]
        }
        rs = slope(rss) * 3600; as = slope(anon) * 3600
        dur = t[n - 1] - t[0]
        printf "soak: %d s, %d scans, %d confirmed check-ins (%.1f%%)\n", dur, scans, conf,
            scans ? 100 * conf / scans : 0
        printf "soak: RSS %d kB at start, %d kB after the %d s warm-up, %d kB at the end;" \
               " growth after warm-up %+.0f kB/hour\n", rss[0], rss[first], warm, rss[n - 1], rs
        printf "soak: anonymous memory (heap) %d kB after warm-up, %d kB at the end;" \
               " growth %+.0f kB/hour (limit 1024)\n", anon[first], anon[n - 1], as
        printf "soak: open fds %d..%d after warm-up (%d at start)\n", fmin, fmax, fds[0]
        printf "soak: database file %d -> %d bytes, WAL at most %d bytes (%.0f bytes of" \
               " database+WAL a check-in)\n", db[0], db[n - 1], wmax,
            conf ? (db[n - 1] + wal[n - 1] - db[0] - wal[0]) / conf : 0
        printf "soak: CPU %.1f s in %d s (%.2f%%)\n", (cpu[n - 1] - cpu[0]) / hz, dur,
            dur ? 100 * (cpu[n - 1] - cpu[0]) / hz / dur : 0
        ok = as < 1024 && fmax - fmin <= 2 && conf >= scans * 0.99
        exit ok ? 0 : 1
    }' "$out/samples.csv" | tee "$out/report.txt"
rc=${PIPESTATUS[0]}
kill -0 "$kiosk_pid" 2>/dev/null || die "the kiosk stopped at the end"
[ "$rc" -eq 0 ] || die "not flat (see $out/report.txt and $out/samples.csv)"
echo "soak: ok (samples: $out/samples.csv)"
