#!/usr/bin/env bash
# tests/bench.sh BUILD: runs BUILD/tests/bench (tests/bench.c) against
# BUILD/stagekiosk in a fresh temporary folder. When Xvfb is installed it
# starts one on a free display for the windowed figures; without it those
# figures are skipped. `make bench` builds both and runs this.
set -u
build=${1:-build}
bench=$build/tests/bench
bin=$build/stagekiosk
for f in "$bench" "$bin"; do
    if [ ! -x "$f" ]; then
        echo "bench: $f is missing; run: make bench" >&2
        exit 1
    fi
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/sk-bench-XXXXXX") || exit 1
xvfb_pid=
cleanup() {
    if [ -n "$xvfb_pid" ]; then
        kill "$xvfb_pid" 2>/dev/null
        wait "$xvfb_pid" 2>/dev/null
    fi
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Windowed runs use our own display, never the desktop's.
unset DISPLAY SDL_VIDEODRIVER STAGEKIOSK_NOW
if command -v Xvfb >/dev/null; then
    # -displayfd: Xvfb picks a free display and writes its number when ready.
    Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp -noreset \
        3>"$tmp/display" >"$tmp/xvfb.log" 2>&1 &
    xvfb_pid=$!
    for _ in $(seq 100); do
        [ -s "$tmp/display" ] && break
        kill -0 "$xvfb_pid" 2>/dev/null || break
        sleep 0.05
    done
    n=$(cat "$tmp/display" 2>/dev/null)
    if [ -n "$n" ]; then
        export DISPLAY=":$n"
    else
        echo "bench: Xvfb did not start; windowed figures skipped" >&2
        sed 's/^/    /' "$tmp/xvfb.log" >&2
    fi
else
    echo "bench: Xvfb is not installed (make deps); windowed figures skipped" >&2
fi

"$bench" "$bin" "$tmp/data"
# The same start counted in instructions (callgrind): unlike the wall-clock
# figures it does not move with the machine's load, so a change to the
# start shows up even on a busy machine.
if command -v valgrind >/dev/null; then
    mkdir -p "$tmp/cg-shots"
    printf 'expect screen idle\nshot idle\n' >"$tmp/cg.scn"
    SDL_VIDEODRIVER=dummy valgrind --tool=callgrind --callgrind-out-file="$tmp/cg.out" \
        "$bin" --data "$tmp/data" --headless --script "$tmp/cg.scn" --shots "$tmp/cg-shots" \
        --size 800x480 >"$tmp/cg.log" 2>&1
    ir=$(sed -n 's/^summary: *//p' "$tmp/cg.out")
    if [ -n "$ir" ] && [ -s "$tmp/cg-shots/idle.png" ]; then
        printf '  start to idle frame saved as PNG, exit: %s instructions (callgrind)\n' \
            "$(printf '%s' "$ir" | sed ':a;s/\B[0-9]\{3\}\>/,&/;ta')"
    else
        echo "bench: the callgrind run saved no PNG:" >&2
        tail -5 "$tmp/cg.log" >&2
    fi
fi
if [ -n "${DISPLAY:-}" ]; then
    # The same windowed figures with the software renderer ([screen]
    # software_render = ja): no GL, so no Mesa llvmpipe in the process.
    echo
    echo "== the same with software rendering (SDL_RENDER_DRIVER=software)"
    rm -rf "$tmp/data"
    SDL_RENDER_DRIVER=software SDL_FRAMEBUFFER_ACCELERATION=0 "$bench" "$bin" "$tmp/data" |
        grep -E "figure|Xvfb"
fi
