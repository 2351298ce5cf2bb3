#!/usr/bin/env bash
# tests/sh/presenter_ocr.sh BUILD: the presenter's poll chart is read from
# its picture, as the back of the room would: at 1920x1080, tesseract finds
# every option's count and percentage in the PNG of the chart, and the n.
# The counts differ per option (including a 0), so a figure drawn over a
# bar, cut off or too small to read shows up as a missing string.
set -u
build=${1:-build}
bin=$PWD/$build/stagekiosk
command -v tesseract >/dev/null || { echo "FAIL tesseract is not installed (make deps)"; exit 1; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/sk-ocr-XXXXXX")
trap 'rm -rf "$tmp"' EXIT
export SDL_VIDEODRIVER=dummy STAGEKIOSK_LOG=quiet
cp tests/data/scenario-card.key "$tmp/card.key" 2>/dev/null || true

# counts 1, 2, 4, 0, 1 of 8 votes (the percentages add up to 100); each
# label with its figures, as the room must read them on one line
labels=("Heel ontevreden" "Ontevreden" "Het gaat wel" "Tevreden" "Heel tevreden" "De uitslag")
want=("1  (13%)" "2  (25%)" "4  (50%)" "0  (0%)" "1  (12%)" "n = 8")
{
    echo "presenter 1920x1080"
    echo "cli poll open terugkomdag 1"
    echo "wait 1000"
    for b in 1 2 2 3 3 3 3 5; do echo "button $b"; echo "wait 2500"; done
    echo "cli poll reveal"
    echo "wait 1000"
    echo "expect presenter stage-poll"
    for w in "${want[@]}"; do echo "expect presenter-text \"$w\""; done
    echo "shot chart"
} >"$tmp/chart.scn"
if ! "$bin" --data "$tmp" --demo --headless --script "$tmp/chart.scn" --shots "$tmp/shots" \
        --size 1280x800 >"$tmp/run.log" 2>&1; then
    echo "FAIL the chart scenario did not run:"
    sed 's/^/    /' "$tmp/run.log" | tail -n 20
    exit 1
fi
# what tesseract reads, without spaces (it reads "n = 8" as "n=8")
tesseract "$tmp/shots/chart.presenter.png" - 2>/dev/null | tr -d ' ' >"$tmp/ocr.txt"
fail=0
for i in "${!want[@]}"; do
    label=${labels[$i]// /} figure=${want[$i]// /}
    # the line that holds the label (not a longer one: "Tevreden" is in
    # "Heeltevreden" too, so anchor at a word start or the line's start)
    line=$(grep -E "(^|[^a-z])$label" "$tmp/ocr.txt" | grep -vE "[a-z]$label" | head -n 1)
    if ! grep -qF -- "$figure" <<<"$line"; then
        echo "FAIL OCR of the presenter's chart: \"${labels[$i]}\" with \"${want[$i]}\" not read (line: '$line')"
        fail=1
    fi
done
if [ "$fail" -ne 0 ]; then
    echo "  tesseract read:"
    sed 's/^/    /' "$tmp/ocr.txt"
fi
exit $fail
