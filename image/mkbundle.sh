#!/usr/bin/env bash
# image/mkbundle.sh ROOT.ext4 VERSION OUT.raucb: a signed RAUC update
# bundle (verity format) that puts ROOT.ext4 into the kiosk's other root
# slot. ROOT.ext4 is the file system image/assemble.sh made for slot A, so
# a bundle and the image of one version carry the same bytes.
#
# Signed with UPDATE_KEY / UPDATE_CERT (default: the published development
# key in image/devkey/, for tests only; image/README.md, "Updates").
set -euo pipefail
[ $# -eq 3 ] || { echo "usage: mkbundle.sh ROOT.ext4 VERSION OUT.raucb" >&2; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)
root=$1 version=$2 out=$(realpath -m "$3")
UPDATE_KEY=${UPDATE_KEY:-$here/devkey/development.key.pem}
UPDATE_CERT=${UPDATE_CERT:-$here/devkey/development.cert.pem}
for tool in rauc mksquashfs; do
    command -v "$tool" >/dev/null || PATH=$PATH:/sbin:/usr/sbin
    command -v "$tool" >/dev/null || { echo "mkbundle: $tool is missing (rauc, squashfs-tools)" >&2; exit 1; }
done
[ -s "$root" ] || { echo "mkbundle: no $root" >&2; exit 1; }

work=$(mktemp -d "${out}.in.XXXXXX")
trap 'rm -rf "$work"' EXIT
ln "$root" "$work/root.ext4" 2>/dev/null || cp --sparse=always "$root" "$work/root.ext4"
cat >"$work/manifest.raucm" <<MANIFEST
[update]
compatible=stagekiosk-arm64
version=$version
description=stagekiosk $version (Debian 12, arm64)

[bundle]
format=verity

[image.rootfs]
filename=root.ext4
MANIFEST
rm -f "$out"
rauc bundle --cert="$UPDATE_CERT" --key="$UPDATE_KEY" "$work" "$out" >"$work/log" 2>&1 ||
    { cat "$work/log" >&2; exit 1; }
echo "mkbundle: $out: version $version, $(($(stat -c %s "$out") / 1048576)) MiB"
