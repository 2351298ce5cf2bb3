#!/usr/bin/env bash
# tests/sh/dossier_qr.sh BUILD: with [dossier] url set, "Mijn dossier" shows
# a QR code that a phone can read: zbarimg decodes the scenario's screenshot
# to the configured URL with a token in place of {code}, and that token is
# checked here with an HMAC of our own (Python), not with the kiosk's code:
# right student, the kiosk's key, valid for [dossier] token_minutes from the
# moment it was shown. Without a URL there is no QR code (student_dossier.scn).
set -u
build=${1:-build}
bin=$PWD/$build/stagekiosk
tmp=$(mktemp -d "${TMPDIR:-/tmp}/sk-dossierqr-XXXXXX")
trap 'rm -rf "$tmp"' EXIT
export STAGEKIOSK_LOG=quiet STAGEKIOSK_ASSETS=$PWD/assets
unset STAGEKIOSK_NOW
fail=0

cat >"$tmp/kiosk.conf" <<'CONF'
[dossier]
url = https://school.example/stage/dossier?t={code}&v=1
token_minutes = 15
CONF
cat >"$tmp/qr.scn" <<'SCN'
scan-card 100007
tap "Mijn dossier"
tap "Telefoon"
expect text "Scan deze code met je telefoon."
expect text "De code werkt 15 minuten."
shot dossier_qr
SCN
# the scenario clock starts at this local time (firmware/headless.h)
start=$(date -d "2026-11-30 08:55" +%s)

for size in 800x480 1280x800 720x1280; do
    data=$tmp/data-$size
    mkdir -p "$data" "$tmp/$size"
    cp tests/data/scenario-card.key "$data/card.key"
    if ! "$bin" --config "$tmp/kiosk.conf" --data "$data" --demo --headless \
            --script "$tmp/qr.scn" --shots "$tmp/$size" --size "$size" >"$tmp/log" 2>&1; then
        echo "FAIL $size: the scenario did not run"
        sed 's/^/    /' "$tmp/log" | tail -n 20
        fail=1
        continue
    fi
    text=$(zbarimg -q --raw "$tmp/$size/dossier_qr.png" 2>/dev/null)
    if [ -z "$text" ]; then
        echo "FAIL $size: zbarimg finds no QR code on the dossier screen"
        fail=1
        continue
    fi
    if ! python3 - "$text" "$data/card.key" "$start" <<'PY'
import base64, hashlib, hmac, re, sys
text, keyfile, start = sys.argv[1], sys.argv[2], int(sys.argv[3])
m = re.fullmatch(r"https://school\.example/stage/dossier\?t=(SKD1\.([0-9A-Z-]+)\.([0-9]+)\.([A-Z2-7]{16}))&v=1", text)
if not m:
    sys.exit("not the configured URL with a token: %r" % text)
token, number, expires, mac = m.groups()
if number != "100007":
    sys.exit("token for student %s, expected 100007" % number)
key = open(keyfile, "rb").read()
want = base64.b32encode(hmac.new(key, ("SKD1.%s.%s" % (number, expires)).encode(),
                                 hashlib.sha256).digest()[:10]).decode()
if not hmac.compare_digest(want, mac):
    sys.exit("the token's signature does not verify with the kiosk's key")
# valid 15 minutes from when it was shown (the scan and taps take seconds)
if not start + 15 * 60 <= int(expires) <= start + 15 * 60 + 120:
    sys.exit("token expires at %s, expected 15 minutes after %d" % (expires, start))
PY
    then
        echo "FAIL $size: $text"
        fail=1
    fi
done

# The key matters: the same token does not verify with another key.
if [ $fail -eq 0 ]; then
    text=$(zbarimg -q --raw "$tmp/800x480/dossier_qr.png" 2>/dev/null)
    head -c 32 /dev/urandom >"$tmp/other.key"
    if python3 - "$text" "$tmp/other.key" <<'PY' 2>/dev/null
import base64, hashlib, hmac, re, sys
t, key = sys.argv[1], open(sys.argv[2], "rb").read()
_, number, expires, mac = re.search(r"(SKD1\.([0-9A-Z-]+)\.([0-9]+)\.([A-Z2-7]{16}))", t).groups()
want = base64.b32encode(hmac.new(key, ("SKD1.%s.%s" % (number, expires)).encode(),
                                 hashlib.sha256).digest()[:10]).decode()
sys.exit(0 if want == mac else 1)
PY
    then
        echo "FAIL: the token verifies with a random key too"
        fail=1
    fi
fi
[ $fail -eq 0 ] && echo "dossier QR: decodes to the URL with a valid token at 3 sizes"
exit $fail
