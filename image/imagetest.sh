#!/usr/bin/env bash
# image/imagetest.sh [BUILD]: boots image/out/stagekiosk-<v>-arm64.img in
# qemu-system-aarch64 -M virt (virtio-gpu for /dev/dri, i6300esb for
# /dev/watchdog, a USB keyboard for the scanner, a USB tablet for touch,
# the PL061 GPIO chip for a button, a FAT image as USB stick)
# and runs the checks of image/imagetest.py on a copy of it. BUILD (default
# build) is where the host's stagekiosk renders the idle screen to compare.
# Leaves serial.log, qemu.log and the screendumps in image/out/test/.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
build=${1:-build}
OUT=${OUT:-$here/out}
version=$(sed -n 's/^VERSION *= *//p' "$top/config.mk")
img=$OUT/stagekiosk-$version-arm64.img
work=$OUT/test
export MTOOLS_SKIP_CHECK=1

need="qemu-system-arm u-boot-qemu mtools dosfstools zstd python3 rauc squashfs-tools e2fsprogs fusefat"
missing=""
for p in $need; do
    dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed' || missing="$missing $p"
done
if [ -n "$missing" ]; then
    # shellcheck disable=SC2086 # a list of package names
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
fi
if [ ! -s "$img" ]; then
    [ -s "$img.zst" ] || { echo "imagetest: no $img(.zst); run make image first" >&2; exit 1; }
    zstd -q -d "$img.zst" -o "$img"
fi

rm -rf "$work"
mkdir -p "$work"

# The disk: a copy, 1 GiB larger than built, so the data partition can grow.
cp --sparse=always "$img" "$work/disk.img"
truncate -s +1G "$work/disk.img"

# The boot path of the Pi: U-Boot (Debian's build for QEMU's virt machine,
# where the Pi has u-boot-rpi) runs boot.scr from the boot partition, which
# picks a root slot and loads that slot's kernel and initramfs. With a
# firmware QEMU would offer ACPI and swap the PL061 GPIO chip (the button
# test's) for an ACPI event device: acpi=off keeps the device tree's. The command
# line in cmdline.txt gets QEMU's serial port and the test shell.
boot="$work/disk.img@@4M"
mcopy -i "$boot" ::/cmdline.txt "$work/"
append=$(sed -e 's/console=ttyS1,115200/console=ttyAMA0/' "$work/cmdline.txt")
append="$append stagekiosk.serialshell systemd.mask=serial-getty@ttyAMA0.service"
# QEMU's power button is line 3 of the PL061 GPIO chip: the test wires an
# arcade button to it, so gpio-keys must not take it (nor power anything off).
append="$append modprobe.blacklist=gpio_keys"
echo "$append" >"$work/cmdline.txt"
mcopy -o -i "$boot" "$work/cmdline.txt" ::/cmdline.txt

# Update bundles (image/imagetest_update.py), made like `make update-bundle`
# from the image's own root file system, with the version raised inside:
# 0.2.0; 0.2.1 whose kiosk exits at start; 0.3.0 for the power cuts; and
# 0.2.0 with one byte of its payload changed. Kept in test-bundles/ while
# root.ext4 stays the same (each takes a few minutes).
bundles=$OUT/test-bundles
root_ext4=$OUT/root.ext4
variant() { # VERSION NAME [broken]
    local fs=$bundles/$2.ext4
    cp --sparse=always "$root_ext4" "$fs"
    echo "$1" >"$bundles/release"
    printf 'rm /etc/stagekiosk-release\nwrite %s /etc/stagekiosk-release\n' "$bundles/release" >"$bundles/cmds"
    if [ -n "${3:-}" ]; then
        printf '#!/bin/sh\necho "stagekiosk %s: broken on purpose (image test)" >&2\nexit 1\n' "$1" \
            >"$bundles/start"
        chmod 755 "$bundles/start"
        printf 'rm /usr/libexec/stagekiosk/start\nwrite %s /usr/libexec/stagekiosk/start\n' \
            "$bundles/start" >>"$bundles/cmds"
    fi
    debugfs -w -f "$bundles/cmds" "$fs" >/dev/null 2>&1
    [ "$(debugfs -R 'cat /etc/stagekiosk-release' "$fs" 2>/dev/null)" = "$1" ] ||
        { echo "imagetest: could not set the version in $fs" >&2; exit 1; }
    "$here/mkbundle.sh" "$fs" "$1" "$bundles/$2.raucb"
    rm -f "$fs"
}
stamp=$(stat -c '%s %Y' "$root_ext4" 2>/dev/null || true)
if [ -z "$stamp" ]; then
    echo "imagetest: no $root_ext4 (image/mkimage.sh assemble leaves it); the update checks need it" >&2
    exit 1
fi
if [ "$(cat "$bundles/stamp" 2>/dev/null)" != "$stamp" ]; then
    rm -rf "$bundles" && mkdir -p "$bundles"
    variant 0.2.0 good
    variant 0.2.1 bad broken
    variant 0.3.0 next
    cp "$bundles/good.raucb" "$bundles/tampered.raucb"
    size=$(stat -c %s "$bundles/tampered.raucb")
    printf '\xa5' | dd of="$bundles/tampered.raucb" bs=1 seek=$((size / 2)) conv=notrunc status=none
    echo "$stamp" >"$bundles/stamp"
fi

# The USB stick, with the bundles in a folder (the kiosk looks at the top).
mkfs.vfat -C -F 32 -n STICK "$work/stick.img" $((1536 * 1024)) >/dev/null
echo "stick" >"$work/hello.txt"
mcopy -i "$work/stick.img" "$work/hello.txt" ::/
mmd -i "$work/stick.img" ::/bundles
mcopy -i "$work/stick.img" "$bundles"/*.raucb ::/bundles/

# The idle screen as the host draws it headless: a teacher PIN chosen (a
# fresh kiosk asks for one first; the test sets it in the guest too), no
# session, no students.
printf 'expect screen idle\nshot idle\n' >"$work/idle.scn"
[ -x "$build/stagekiosk" ] || make -C "$top" --no-print-directory BUILD="$build" "$build/stagekiosk" >/dev/null
export SDL_VIDEODRIVER=dummy STAGEKIOSK_LOG=quiet
echo 2468 | "$build/stagekiosk" --data "$work/hostdata" set-pin --pin-stdin >/dev/null
"$build/stagekiosk" --data "$work/hostdata" --headless --script "$work/idle.scn" --shots "$work" --size 1280x800
# Where a finger lands on a poll answer, as fractions of the panel, upright
# and with the picture turned 180 degrees: the guest is tapped there.
where="$work/wheredata"
echo 2468 | "$build/stagekiosk" --data "$where" set-pin --pin-stdin >/dev/null
"$build/stagekiosk" --data "$where" poll open terugkomdag 1 >/dev/null
printf 'expect screen poll\nwhere "Tevreden"\n' >"$work/where.scn"
printf '[screen]\nrotation = 180\n' >"$work/rotated.conf"
{
    "$build/stagekiosk" --data "$where" --headless --script "$work/where.scn" --size 1280x800
    "$build/stagekiosk" --config "$work/rotated.conf" --data "$where" --headless \
        --script "$work/where.scn" --size 1280x800
} >"$work/where.txt"
# Where teacher mode's update controls are, in the state the guest has then:
# the PIN, a running session, a stick holding a bundle (a tiny one from
# tests/update_bundles.sh, checked against a RAUC config below $upd/root).
upd=$work/upd
bash "$top/tests/update_bundles.sh" "$upd/b" >/dev/null
mkdir -p "$upd/root/etc/rauc" "$upd/root/data/rauc" "$upd/media/STICK"
printf '[system]\ncompatible=stagekiosk-arm64\nbootloader=uboot\n\n[keyring]\npath=%s\n' \
    "$upd/b/keyring.pem" >"$upd/root/etc/rauc/system.conf"
echo "$version" >"$upd/root/etc/stagekiosk-release"
mkfs.vfat -C "$upd/stick.img" 4096 >/dev/null
mcopy -i "$upd/stick.img" "$upd/b/good.raucb" ::/
fusefat -o rw+ "$upd/stick.img" "$upd/media/STICK" >/dev/null 2>&1
trap 'fusermount -u "$upd/media/STICK" 2>/dev/null || true' EXIT
printf '[usb]\nmedia_root = %s\n' "$upd/media" >"$upd/kiosk.conf"
printf 'studentnummer;roepnaam;achternaam;klas\n900001;Test;Kiosk;IMG1\n' >"$upd/img.csv"
echo 2468 | "$build/stagekiosk" --data "$upd/data" set-pin --pin-stdin >/dev/null
"$build/stagekiosk" --data "$upd/data" import-students "$upd/img.csv" --group IMG1 >/dev/null
"$build/stagekiosk" --data "$upd/data" session start --kind terugkomdag --group IMG1 --title Imagetest >/dev/null
printf '%s\n' 'press -10 10 3200' 'key 2' 'key 4' 'key 6' 'key 8' 'key Return' 'expect screen teacher' \
    'shot teacher_update_menu' 'where "USB-stick"' 'tap "USB-stick"' \
    'where "Update installeren"' 'tap "Update installeren"' 'expect screen update' \
    'expect text "Nieuwe versie 0.2.0"' 'shot update_ready' 'where "Installeren"' >"$upd/where.scn"
STAGEKIOSK_UPDATE_ROOT=$upd/root "$build/stagekiosk" --config "$upd/kiosk.conf" --data "$upd/data" \
    --headless --script "$upd/where.scn" --shots "$work" --size 1280x800 >"$work/where_update.txt"
fusermount -u "$upd/media/STICK"
unset SDL_VIDEODRIVER STAGEKIOSK_LOG

printf '%s\n' qemu-system-aarch64 -M virt,acpi=off -cpu cortex-a72 -smp 2 -m 2048 \
    -accel tcg,thread=multi -rtc base=utc -nic none -display none \
    -bios /usr/lib/u-boot/qemu_arm64/u-boot.bin \
    -drive "file=$work/disk.img,format=raw,if=none,id=disk" -device virtio-blk-pci,drive=disk \
    -device virtio-gpu-pci,xres=1280,yres=800 -device i6300esb \
    -device qemu-xhci,id=xhci -device usb-kbd,bus=xhci.0 -device usb-tablet,bus=xhci.0 \
    -drive "file=$work/stick.img,format=raw,if=none,id=stick" -device usb-storage,bus=xhci.0,drive=stick \
    -serial "unix:$work/serial.sock,server=on,wait=on" \
    -monitor "unix:$work/monitor.sock,server=on,wait=off" \
    -qmp "unix:$work/qmp.sock,server=on,wait=off" >"$work/qemu.args"

python3 "$here/imagetest.py" "$work" "$work/qemu.args" "$work/idle.png" "$img"
