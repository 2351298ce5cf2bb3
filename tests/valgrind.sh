#!/usr/bin/env bash
# tests/valgrind.sh BUILD [SCENARIO...]: runs scenarios (default: every one
# in tests/scenarios/) under valgrind memcheck at 800x480, following the
# `cli` steps into the admin commands they start. Passes when no process
# has a memcheck error (invalid read or write, use of an uninitialised
# value, bad free) and none has "definitely lost" memory. tests/valgrind.supp
# lists library internals only. `make valgrind` runs this; not part of
# `make test` (it takes minutes).
set -u
build=${1:-build}
shift || true
scenarios=("$@")
[ "${#scenarios[@]}" -gt 0 ] || scenarios=(tests/scenarios/*.scn)
command -v valgrind >/dev/null || { echo "valgrind: not installed (make deps)"; exit 1; }
out=$build/valgrind
rm -rf "$out"
mkdir -p "$out"
export SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy STAGEKIOSK_LOG=quiet
fail=0
for scn in "${scenarios[@]}"; do
    name=$(basename "$scn" .scn)
    data=$(mktemp -d "${TMPDIR:-/tmp}/sk-vg-XXXXXX")
    cp tests/data/scenario-card.key "$data/card.key"
    demo=--demo
    head -n 1 "$scn" | grep -q '^# demo: history' && demo=--demo-history
    start=$(date +%s)
    valgrind --tool=memcheck --leak-check=full --show-leak-kinds=definite \
        --errors-for-leak-kinds=definite --track-origins=yes --num-callers=30 \
        --trace-children=yes --suppressions=tests/valgrind.supp --gen-suppressions=all \
        --log-file="$out/$name.%p.log" --error-exitcode=99 \
        "$build/stagekiosk" --data "$data" "$demo" --headless --script "$scn" --size 800x480 \
        >"$out/$name.out" 2>&1
    rc=$?
    secs=$(($(date +%s) - start))
    # Every process of the run (the kiosk and its `cli` children) has a log.
    lost=0 errors=0 procs=0
    for log in "$out/$name".*.log; do
        procs=$((procs + 1))
        e=$(sed -n 's/.*ERROR SUMMARY: \([0-9,]*\) errors.*/\1/p' "$log" | tr -d , | tail -n 1)
        l=$(sed -n 's/.*definitely lost: \([0-9,]*\) bytes.*/\1/p' "$log" | tr -d , | tail -n 1)
        errors=$((errors + ${e:-0}))
        lost=$((lost + ${l:-0}))
    done
    if [ "$rc" -ne 0 ] || [ "$errors" -ne 0 ] || [ "$lost" -ne 0 ]; then
        echo "FAIL $name: exit $rc, $errors errors, $lost bytes definitely lost ($procs processes; logs: $out/$name.*.log)"
        grep -h -A 12 -E 'Invalid|uninitialised|definitely lost in' "$out/$name".*.log | head -n 40 |
            sed 's/^/    /'
        fail=1
        echo "    data left in $data"
    else
        echo "ok   $name: 0 errors, 0 bytes definitely lost ($procs processes, ${secs} s)"
        rm -rf "$data"
    fi
done
exit $fail
