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

need="qemu-system-arm mtools dosfstools zstd python3"
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

# Kernel and initramfs, read from the boot partition as the Pi would.
boot="$work/disk.img@@4M"
mcopy -i "$boot" ::/config.txt ::/cmdline.txt "$work/"
kernel=$(sed -n 's/^kernel=//p' "$work/config.txt" | tail -n 1)
initrd=$(sed -n 's/^initramfs \([^ ]*\).*/\1/p' "$work/config.txt" | tail -n 1)
mcopy -i "$boot" "::/$kernel" "$work/vmlinuz"
mcopy -i "$boot" "::/$initrd" "$work/initrd.img"
# The Pi's command line, with QEMU's serial port and the test shell.
append=$(sed -e 's/console=serial0,115200/console=ttyAMA0/' "$work/cmdline.txt")
append="$append stagekiosk.serialshell systemd.mask=serial-getty@ttyAMA0.service"
# QEMU's power button is line 3 of the PL061 GPIO chip: the test wires an
# arcade button to it, so gpio-keys must not take it (nor power anything off).
append="$append modprobe.blacklist=gpio_keys"

# The USB stick.
mkfs.vfat -C -n STICK "$work/stick.img" 32768 >/dev/null
echo "stick" >"$work/hello.txt"
mcopy -i "$work/stick.img" "$work/hello.txt" ::/

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
unset SDL_VIDEODRIVER STAGEKIOSK_LOG

printf '%s\n' qemu-system-aarch64 -M virt -cpu cortex-a72 -smp 2 -m 2048 \
    -accel tcg,thread=multi -rtc base=utc -nic none -display none \
    -kernel "$work/vmlinuz" -initrd "$work/initrd.img" -append "$append" \
    -drive "file=$work/disk.img,format=raw,if=none,id=disk" -device virtio-blk-pci,drive=disk \
    -device virtio-gpu-pci,xres=1280,yres=800 -device i6300esb \
    -device qemu-xhci,id=xhci -device usb-kbd,bus=xhci.0 -device usb-tablet,bus=xhci.0 \
    -drive "file=$work/stick.img,format=raw,if=none,id=stick" -device usb-storage,bus=xhci.0,drive=stick \
    -serial "unix:$work/serial.sock,server=on,wait=on" \
    -monitor "unix:$work/monitor.sock,server=on,wait=off" \
    -qmp "unix:$work/qmp.sock,server=on,wait=off" >"$work/qemu.args"

python3 "$here/imagetest.py" "$work" "$work/qemu.args" "$work/idle.png"
