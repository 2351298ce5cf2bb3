#!/usr/bin/env bash
# tests/update_bundles.sh DIR: tiny RAUC bundles for the update checks
# (tests/test_update.c), made by `rauc bundle` like real ones, one for each
# way a bundle can be wrong, plus a RAUC system.conf, a keyring (the
# development certificate, image/devkey/) and a release file (0.1.0).
set -euo pipefail
dir=$1
top=$(cd "$(dirname "$0")/.." && pwd)
key=$top/image/devkey/development.key.pem
cert=$top/image/devkey/development.cert.pem
PATH=$PATH:/sbin:/usr/sbin
mkdir -p "$dir"
cd "$dir"
cp "$cert" keyring.pem
printf '[system]\ncompatible=stagekiosk-arm64\nbootloader=uboot\n\n[keyring]\npath=keyring.pem\n' >system.conf
echo 0.1.0 >release
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout other.key \
    -out other.pem -days 30 -subj "/CN=another school" 2>/dev/null

# bundle NAME VERSION COMPATIBLE FORMAT KEY CERT
bundle() {
    rm -rf "in-$1" && mkdir "in-$1"
    head -c 300000 /dev/urandom >"in-$1/root.ext4"
    printf '[update]\ncompatible=%s\nversion=%s\n\n[bundle]\nformat=%s\n\n[image.rootfs]\nfilename=root.ext4\n' \
        "$3" "$2" "$4" >"in-$1/manifest.raucm"
    rauc bundle --cert="$6" --key="$5" "in-$1" "$1.raucb" >/dev/null 2>&1
    rm -rf "in-$1"
}
bundle good 0.2.0 stagekiosk-arm64 verity "$key" "$cert"
bundle otherkey 0.2.0 stagekiosk-arm64 verity other.key other.pem
bundle amd64 0.2.0 stagekiosk-amd64 verity "$key" "$cert"
bundle same 0.1.0 stagekiosk-arm64 verity "$key" "$cert"
bundle older 0.0.9 stagekiosk-arm64 verity "$key" "$cert"
bundle plain 0.2.0 stagekiosk-arm64 plain "$key" "$cert"
# damaged: one byte of the payload changed; truncated: cut in the middle
cp good.raucb damaged.raucb
printf '\x5a' | dd of=damaged.raucb bs=1 seek=150001 conv=notrunc status=none
head -c 200000 good.raucb >truncated.raucb
# unsigned: the squashfs alone, as mksquashfs makes it
mkdir in-u && head -c 300000 /dev/urandom >in-u/root.ext4
printf '[update]\ncompatible=stagekiosk-arm64\nversion=0.2.0\n' >in-u/manifest.raucm
mksquashfs in-u unsigned.raucb -quiet -no-progress -all-root >/dev/null
rm -rf in-u
echo "this is not a bundle" >text.raucb
