#!/usr/bin/env bash
# tests/sh/fuzz_smoke.sh BUILD: runs every libFuzzer target in
# BUILD/fuzz/ for FUZZ_SECONDS each (default 45), FUZZ_JOBS at a time
# (default: the number of cores). Each run starts from the seeds in
# tests/fuzz/corpus/<target>/ and the regressions in
# tests/fuzz/regressions/<target>/, and keeps what it learns in
# BUILD/fuzz/corpus/<target>/ (never in the source tree).
# FUZZ_SECONDS=0 only replays seeds and regressions. Without FUZZ_SECONDS,
# tests/fuzz/<target>.seconds may give a small reader less time.
# Exit 1 on any crash, leak, timeout or broken promise; the reproducer's
# path and the command that replays it are printed.
# FUZZ_TARGETS="import card" picks targets; `make fuzz FUZZ_SECONDS=N` is
# the long run for humans.
set -u
build=${1:-build}
seconds=${FUZZ_SECONDS:-45}

# The seconds target $1 runs.
seconds_of() {
    if [ -z "${FUZZ_SECONDS:-}" ] && [ -f "tests/fuzz/$1.seconds" ]; then
        cat "tests/fuzz/$1.seconds"
    else
        echo "$seconds"
    fi
}
jobs=${FUZZ_JOBS:-$(nproc 2>/dev/null || echo 1)}
out=$build/fuzz/out
mkdir -p "$out"
export STAGEKIOSK_LOG=quiet

targets=()
if [ -n "${FUZZ_TARGETS:-}" ]; then
    for t in $FUZZ_TARGETS; do targets+=("$t"); done
else
    for src in tests/fuzz/fuzz_*.c; do
        t=${src#tests/fuzz/fuzz_}
        targets+=("${t%.c}")
    done
fi
[ "${#targets[@]}" -gt 0 ] || { echo "fuzz: no targets"; exit 1; }

run_target() { # name
    local t=$1 bin=$build/fuzz/fuzz_$1 log=$out/$1.log
    local work=$build/fuzz/corpus/$1 seeds=tests/fuzz/corpus/$1 reg=tests/fuzz/regressions/$1
    local dirs=() opts=() secs
    secs=$(seconds_of "$t")
    mkdir -p "$work" "$out/$t"
    rm -f "$out/$t.rc" "$out/$t"/crash-* "$out/$t"/leak-* "$out/$t"/timeout-* "$out/$t"/oom-*
    [ -d "$seeds" ] && dirs+=("$seeds")
    [ -d "$reg" ] && dirs+=("$reg")
    [ -f "tests/fuzz/$t.dict" ] && opts+=("-dict=tests/fuzz/$t.dict")
    if [ ! -x "$bin" ]; then
        echo "fuzz: $bin is missing (make BUILD=$build fuzz-build)" >"$log"
        return 1
    fi
    if [ "$secs" -eq 0 ]; then
        "$bin" -runs=0 -artifact_prefix="$out/$t/" "${opts[@]}" "${dirs[@]}" >"$log" 2>&1
    else
        "$bin" -max_total_time="$secs" -timeout=20 -rss_limit_mb=2048 -print_final_stats=1 \
            -artifact_prefix="$out/$t/" "${opts[@]}" "$work" "${dirs[@]}" >"$log" 2>&1
    fi
}

report() { # name rc
    local t=$1 rc=$2 log=$out/$1.log
    local stats
    stats=$(grep -E '^stat::number_of_executed_units|^#[0-9]+.*DONE' "$log" | tail -n 1)
    if [ "$rc" -eq 0 ]; then
        echo "fuzz: $t ok ($(seconds_of "$t") s; ${stats:-seeds replayed})"
        return 0
    fi
    echo "fuzz: $t FAILED (exit $rc; log: $log)"
    grep -E 'ERROR: |promise broken|SUMMARY|runtime error' "$log" | head -n 8 | sed 's/^/    /'
    local a
    for a in "$out/$t"/crash-* "$out/$t"/leak-* "$out/$t"/timeout-* "$out/$t"/oom-*; do
        [ -f "$a" ] || continue
        echo "    reproducer: $a"
        echo "    replay:     $build/fuzz/fuzz_$t $a"
        echo "    keep it:    cp $a tests/fuzz/regressions/$t/"
    done
    return 1
}

fail=0 running=0
for t in "${targets[@]}"; do
    if [ "$running" -ge "$jobs" ]; then
        wait -n
        running=$((running - 1))
    fi
    (run_target "$t"; echo $? >"$out/$t.rc") &
    running=$((running + 1))
done
wait
for t in "${targets[@]}"; do
    report "$t" "$(cat "$out/$t.rc" 2>/dev/null || echo 1)" || fail=1
done
exit $fail
