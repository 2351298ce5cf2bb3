#!/usr/bin/env bash
# An open poll survives the kiosk stopping: started again on the same data
# dir, the poll is open with the same counts.
set -eu
build=${1:-build}
bin=$PWD/$build/stagekiosk
tmp=$(mktemp -d "${TMPDIR:-/tmp}/sk-resume-XXXXXX")
trap 'rm -rf "$tmp"' EXIT
export STAGEKIOSK_LOG=quiet STAGEKIOSK_ASSETS=$PWD/assets
cat >"$tmp/a.scn" <<'SCN'
cli poll open terugkomdag 1
wait 1000
button 2
wait 2500
button 2
wait 2500
button 5
expect text "3 stemmen"
SCN
cat >"$tmp/b.scn" <<'SCN'
expect screen poll
expect text "Hoe tevreden ben je over wat je leert op je stage?"
expect text "3 stemmen"
button 1
wait 2500
expect text "4 stemmen"
SCN
"$bin" --data "$tmp/data" --config /dev/null --demo --headless --script "$tmp/a.scn" ||
    { echo "FAIL: voting before the stop"; exit 1; }
"$bin" --data "$tmp/data" --config /dev/null --headless --script "$tmp/b.scn" ||
    { echo "FAIL: the poll did not come back with its votes"; exit 1; }
echo "ok: the open poll came back with its 3 votes"
