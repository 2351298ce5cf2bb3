#!/usr/bin/env bash
# tests/run.sh BUILD: runs every test headless and ends with one line
# "N passed, N failed". Exit status 1 when anything failed.
set -u
build=${1:-build}
export SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy STAGEKIOSK_LOG=${STAGEKIOSK_LOG:-quiet}
export CMOCKA_MESSAGE_OUTPUT=stdout
pass=0 fail=0 failed=()
out=$build/test-output
mkdir -p "$out"

run() { # name command...
    local name=$1; shift
    if "$@" >"$out/$name.log" 2>&1; then
        pass=$((pass + 1)); echo "ok      $name"
    else
        fail=$((fail + 1)); failed+=("$name"); echo "FAILED  $name (log: $out/$name.log)"
        sed 's/^/    /' "$out/$name.log" | tail -n 30
    fi
}

for t in "$build"/tests/test_*; do
    [ -x "$t" ] || continue
    case $t in *.o|*.d) continue ;; esac
    run "$(basename "$t")" "$t"
done

for s in tests/scenarios/*.scn; do
    [ -f "$s" ] || continue
    name=$(basename "$s" .scn)
    run "scenario-$name" tests/scenario.sh "$build" "$s"
done

for t in tests/sh/*.sh; do
    [ -f "$t" ] || continue
    run "$(basename "$t" .sh)" bash "$t" "$build"
done

echo
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
