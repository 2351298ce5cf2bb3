#!/usr/bin/env bash
# tests/sh/fuzz_regressions.sh BUILD: every input a fuzzer ever crashed on
# (tests/fuzz/regressions/<target>/) and every seed (tests/fuzz/corpus/)
# replayed through the plain build of its target (BUILD/tests/fuzz/
# replay_<target>): the fixed parser keeps its promises. Runs in every
# build, so SANITIZE=1 and valgrind see these inputs too.
set -u
build=${1:-build}
export STAGEKIOSK_LOG=quiet
fail=0 n=0
for src in tests/fuzz/fuzz_*.c; do
    t=${src#tests/fuzz/fuzz_}
    t=${t%.c}
    bin=$build/tests/fuzz/replay_$t
    [ -x "$bin" ] || { echo "FAIL $t: $bin missing"; fail=1; continue; }
    dirs=()
    for d in tests/fuzz/regressions/$t tests/fuzz/corpus/$t; do
        [ -d "$d" ] && dirs+=("$d")
    done
    [ "${#dirs[@]}" -gt 0 ] || continue
    # A seed that runs away (a crafted file, a missing work bound) fails
    # here instead of hanging the run.
    if timeout 300 "$bin" "${dirs[@]}" >"$build/test-output/replay_$t.log" 2>&1; then
        count=$(grep -c '^replay: ' "$build/test-output/replay_$t.log")
        n=$((n + count))
        echo "ok   $t: $count inputs"
    else
        echo "FAIL $t (log: $build/test-output/replay_$t.log)"
        tail -n 15 "$build/test-output/replay_$t.log" | sed 's/^/    /'
        fail=1
    fi
done
echo "$n inputs replayed"
exit $fail
