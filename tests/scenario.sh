#!/usr/bin/env bash
# tests/scenario.sh BUILD FILE.scn: runs one scenario headless at the four
# screen sizes the kiosk supports, each on a fresh data dir with demo data
# and the fixed test card key (so scenario files can hold card payloads);
# a first line "# demo: history" gives the demo with weeks of history.
# Screenshots land in BUILD/shots/<size>/.
set -eu
build=$1 scn=$2
name=$(basename "$scn" .scn)
# "# demo: history" on a scenario's first line: the demo with its weeks of
# history (what `make run` shows)
demo=--demo
head -n 1 "$scn" | grep -q '^# demo: history' && demo=--demo-history
for size in 800x480 1280x800 1920x1080 720x1280; do
    data=$(mktemp -d "${TMPDIR:-/tmp}/sk-scn-XXXXXX")
    cp tests/data/scenario-card.key "$data/card.key"
    shots=$build/shots/$size
    mkdir -p "$shots"
    if ! "$build/stagekiosk" --data "$data" "$demo" --headless --script "$scn" \
            --shots "$shots" --size "$size"; then
        echo "scenario $name failed at $size (data left in $data)"
        exit 1
    fi
    rm -rf "$data"
done
