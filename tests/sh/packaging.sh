#!/usr/bin/env bash
# tests/sh/packaging.sh BUILD: the fast part of the appliance build (image/),
# with no network: the scripts pass shellcheck, systemd accepts the units,
# the .deb builds and lintian finds no errors, and the partition assembly
# turns a small fake root into an image that sfdisk and mtools can read.
set -euo pipefail
build=${1:-build}
mkdir -p "$build"
build=$(cd "$build" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export MTOOLS_SKIP_CHECK=1 SOURCE_DATE_EPOCH=1764547200
PATH=$PATH:/sbin:/usr/sbin

step() { printf -- '-- %s\n' "$*"; }

step shellcheck
# Every finding fails in the appliance's own scripts; in the other shell
# tests only errors fail (warnings are listed for their owners).
shellcheck image/*.sh tests/sh/packaging.sh image/deb/postinst image/deb/prerm image/deb/postrm \
    image/rootfs/usr/local/sbin/stagekiosk-growdata
others=()
for f in tests/sh/*.sh; do [ "$f" = tests/sh/packaging.sh ] || others+=("$f"); done
if [ ${#others[@]} -gt 0 ]; then
    shellcheck -S error "${others[@]}"
    shellcheck -S warning -f gcc "${others[@]}" | sed 's/^/   (warning for its owner) /' || true
fi

step ".deb"
deb=$(image/mkdeb.sh "$build" | tail -n 1)
[ -s "$deb" ]
dpkg-deb -c "$deb" >"$tmp/contents"
for f in ./usr/bin/stagekiosk ./etc/stagekiosk/stagekiosk.conf ./lib/systemd/system/stagekiosk.service \
    ./lib/udev/rules.d/60-stagekiosk-usb.rules ./usr/libexec/stagekiosk/start ./var/lib/stagekiosk/; do
    grep -q " $f\$" "$tmp/contents" || { echo "the .deb lacks $f"; exit 1; }
done
dpkg-deb -f "$deb" Depends | grep -q 'libsdl2-2.0-0' || { echo "Depends lacks the libraries"; exit 1; }
# The libraries opened on first use (base/lazylib.h) are not linked, so
# dpkg-shlibdeps cannot see them: control.in names their packages.
sed -n 's/.*\.soname = "\([^"]*\)".*/\1/p' ./*/*_lazy.c >"$tmp/lazy"
[ -s "$tmp/lazy" ] || { echo "found no lazily opened libraries in */*_lazy.c"; exit 1; }
while read -r so; do
    pkg=$(dpkg -S "*/$so" 2>/dev/null | grep -v -- '-dev' | head -n 1 | cut -d: -f1)
    [ -n "$pkg" ] || { echo "no package on this machine holds $so"; exit 1; }
    dpkg-deb -f "$deb" Depends | grep -qE "(^|, )$pkg( |,|$)" ||
        { echo "Depends lacks $pkg, which the kiosk opens as $so"; exit 1; }
done <"$tmp/lazy"
[ "$(dpkg-deb --ctrl-tarfile "$deb" | tar -xO ./conffiles)" = /etc/stagekiosk/stagekiosk.conf ]
status=0
lintian --fail-on error --tag-display-limit 0 "$deb" >"$tmp/lintian" 2>&1 || status=$?
grep -v 'running with root privileges' "$tmp/lintian" || true
[ "$status" -eq 0 ] || { echo "lintian reports errors"; exit 1; }

step "systemd-analyze verify"
if command -v systemd-analyze >/dev/null; then
    # A root with the package's files and the system's targets, so every
    # path and dependency in the units resolves.
    r=$tmp/root
    mkdir -p "$r"
    cp -a "$build/pkg/root/." "$r/"
    rm -rf "$r/DEBIAN"
    cp -a image/rootfs/. "$r/"
    mkdir -p "$r/lib/systemd/system"
    cp -a /lib/systemd/system/*.target /lib/systemd/system/*.slice /lib/systemd/system/*.socket \
        /lib/systemd/system/systemd-timesyncd.service "$r/lib/systemd/system/" 2>/dev/null || true
    mkdir -p "$r/bin" "$r/usr/bin"
    cp -L /bin/true /bin/sh /bin/rm /bin/systemctl "$r/bin/" && cp -L /usr/bin/touch "$r/usr/bin/"
    units=("$r"/lib/systemd/system/stagekiosk*.{service,path} "$r"/etc/systemd/system/stagekiosk*.{service,timer,path})
    systemd-analyze verify --root="$r" "${units[@]}" >"$tmp/verify" 2>&1 || { cat "$tmp/verify"; exit 1; }
    if grep -v -e 'dev-disk-by' "$tmp/verify" | grep -q .; then cat "$tmp/verify"; exit 1; fi
    echo "${#units[@]} units verified"
else
    echo "SKIP systemd-analyze is missing"
fi

step "partition assembly"
mkdir -p "$tmp/boot/overlays" "$tmp/rootfs/etc" "$tmp/rootfs/usr/bin" "$tmp/data/stagekiosk"
echo "console=serial0,115200 root=PARTUUID=5354414b-02" >"$tmp/boot/cmdline.txt"
cp assets/stagekiosk.conf "$tmp/boot/"
echo overlay >"$tmp/boot/overlays/test.dtbo"
echo stagekiosk >"$tmp/rootfs/etc/hostname"
cp /bin/true "$tmp/rootfs/usr/bin/"
BOOT_MIB=40 DATA_MIB=8 ROOT_SPARE_MIB=8 SLOT_MIB=24 image/assemble.sh "$tmp/boot" "$tmp/rootfs" "$tmp/data" "$tmp/a.img"
sfdisk -d "$tmp/a.img" >"$tmp/table"
grep -q 'label-id: 0x5354414b' "$tmp/table"
[ "$(grep -c '^/.*start=' "$tmp/table")" -eq 4 ] || { cat "$tmp/table"; exit 1; }
# Two equal root slots; U-Boot's variables in the gap say: A, three tries.
[ "$(awk '/a.img[23]/ {print $6}' "$tmp/table" | sort -u | wc -l)" -eq 1 ] || { cat "$tmp/table"; exit 1; }
printf '%s 0x100000 0x4000\n%s 0x110000 0x4000\n' "$tmp/a.img" "$tmp/a.img" >"$tmp/fw_env.config"
[ "$(fw_printenv -c "$tmp/fw_env.config" -n BOOT_ORDER)" = "A B" ]
[ "$(fw_printenv -c "$tmp/fw_env.config" -n BOOT_B_LEFT)" = 0 ]
# The update bundle's payload is the same root file system as slot A's.
cmp -n $((8 * 1048576)) "$tmp/root.ext4" <(dd if="$tmp/a.img" bs=512 skip="$(awk '/a.img2/ {gsub(",", ""); print $4}' "$tmp/table")" count=$((8 * 2048)) status=none)
grep -q 'type=c, bootable' "$tmp/table"
mdir -i "$tmp/a.img@@4M" -b ::/ >"$tmp/fat"
grep -qi 'cmdline.txt' "$tmp/fat" && grep -qi 'stagekiosk.conf' "$tmp/fat"
mtype -i "$tmp/a.img@@4M" ::/overlays/test.dtbo | grep -q overlay
# Root partition: the file is there, with the fake tree's content.
start=$(awk '/a.img2/ {gsub(",", ""); print $4}' "$tmp/table")
dd if="$tmp/a.img" of="$tmp/slot.ext4" bs=512 skip="$start" count=$((8 * 2048)) status=none
[ "$(debugfs -R 'cat /etc/hostname' "$tmp/slot.ext4" 2>/dev/null)" = stagekiosk ]
# Same input, same bytes.
sleep 1
BOOT_MIB=40 DATA_MIB=8 ROOT_SPARE_MIB=8 SLOT_MIB=24 image/assemble.sh "$tmp/boot" "$tmp/rootfs" "$tmp/data" "$tmp/b.img" >/dev/null
if command -v faketime >/dev/null; then
    cmp "$tmp/a.img" "$tmp/b.img"
else
    echo "SKIP byte-for-byte comparison: faketime is missing"
fi
echo "packaging checks passed"
