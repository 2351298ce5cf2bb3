#!/usr/bin/env bash
# Taps reach the kiosk the ways a Pi delivers them, not only as the mouse
# clicks of X11: as a touch screen's SDL finger events under KMSDRM, and as
# the kernel events of an absolute pointer (QEMU's usb-tablet) decoded by
# firmware/abspointer.c. A poll vote by touch and the corner hold that
# opens teacher mode, on a landscape panel and on a portrait one turned by
# [screen] rotation (a tap still lands on the control under it).
set -eu
build=${1:-build}
bin=$PWD/$build/stagekiosk
tmp=$(mktemp -d "${TMPDIR:-/tmp}/sk-touch-XXXXXX")
trap 'rm -rf "$tmp"' EXIT
export STAGEKIOSK_LOG=quiet
for how in finger abs; do
    for turn in 0:800x480 90:480x800; do
        rot=${turn%%:*} size=${turn#*:}
        for scn in poll teacher; do
            rm -rf "$tmp/data" && mkdir "$tmp/data"
            cp tests/data/scenario-card.key "$tmp/data/card.key"
            printf '[screen]\nrotation = %s\n' "$rot" >"$tmp/kiosk.conf"
            STAGEKIOSK_HEADLESS_TOUCH=$how "$bin" --config "$tmp/kiosk.conf" --data "$tmp/data" \
                --demo --headless --script "tests/scenarios/$scn.scn" --size "$size" ||
                { echo "FAIL: $scn.scn with $how taps, rotation $rot at $size"; exit 1; }
        done
    done
done
echo "touch paths: finger and absolute-pointer taps vote, hold the corner, survive rotation"
