#!/usr/bin/env bash
# The boot script (image/boot/boot.cmd) in Debian's U-Boot for QEMU's virt
# machine (u-boot-qemu; the Pi's u-boot-rpi runs the same script), on a
# small disk laid out like the image: U-Boot's slot variables in the gap,
# FAT boot partition, slots A and B. Each slot holds a stand-in kernel, so
# the script gets as far as booti, fails there and resets: every reset is
# one more boot. Checked: RAUC's convention (BOOT_ORDER, BOOT_x_LEFT
# counted down, the first slot with tries left), fw_setenv's writes read
# by U-Boot and U-Boot's read by fw_printenv (libubootenv), and a torn
# newer copy (a power cut mid-write) falling back to the older copy.
set -euo pipefail
uboot=/usr/lib/u-boot/qemu_arm64/u-boot.bin
fail() { echo "FAIL: $*"; exit 1; }
for t in qemu-system-aarch64 mkimage mkenvimage fw_printenv mcopy sfdisk mkfs.vfat; do
    command -v "$t" >/dev/null || PATH=$PATH:/sbin:/usr/sbin
    command -v "$t" >/dev/null || fail "$t is missing (make deps)"
done
[ -r "$uboot" ] || fail "$uboot is missing (u-boot-qemu, make deps)"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/sk-uboot-XXXXXX")
trap 'rm -rf "$tmp"' EXIT
export MTOOLS_SKIP_CHECK=1

mkimage -A arm64 -O linux -T script -C none -d image/boot/boot.cmd "$tmp/boot.scr" >/dev/null
echo "cmdline=console=ttyAMA0 quiet" >"$tmp/cmdline.txt"
mkfs.vfat -C -F 32 "$tmp/boot.vfat" 33792 >/dev/null
mcopy -i "$tmp/boot.vfat" "$tmp/boot.scr" "$tmp/cmdline.txt" ::/
for s in A B; do
    mkdir -p "$tmp/r$s/boot"
    echo "not a kernel ($s)" >"$tmp/r$s/boot/vmlinuz"
    echo "not an initramfs ($s)" >"$tmp/r$s/boot/initrd.img"
    mkfs.ext4 -q -F -d "$tmp/r$s" "$tmp/r$s.ext4" 8M 2>/dev/null
done
printf 'BOOT_ORDER=A B\nBOOT_A_LEFT=3\nBOOT_B_LEFT=0\n' >"$tmp/env.txt"
mkenvimage -r -s 0x4000 -o "$tmp/env.bin" "$tmp/env.txt"
disk=$tmp/disk.img
truncate -s 60M "$disk"
sfdisk --quiet "$disk" <<EOF
label: dos
label-id: 0x5354414b
unit: sectors
start=8192, size=67584, type=c, bootable
start=75776, size=16384, type=83
start=92160, size=16384, type=83
EOF
put() { dd if="$1" of="$disk" bs=512 seek="$2" conv=notrunc status=none; }
put "$tmp/boot.vfat" 8192
put "$tmp/rA.ext4" 75776
put "$tmp/rB.ext4" 92160
put "$tmp/env.bin" 2048
put "$tmp/env.bin" 2176
printf '%s 0x100000 0x4000\n%s 0x110000 0x4000\n' "$disk" "$disk" >"$tmp/fw_env.config"
env_get() { fw_printenv -c "$tmp/fw_env.config" -n "$1"; }

# boots N: runs U-Boot until the script has tried N boots; the slots it
# picked go to $tmp/boots.
boots() {
    local log=$tmp/serial.log pid
    : >"$log"
    qemu-system-aarch64 -M virt -cpu cortex-a72 -m 256 -display none -nic none -bios "$uboot" \
        -drive "file=$disk,format=raw,if=none,id=d" -device virtio-blk-pci,drive=d \
        -serial "file:$log" -monitor none >/dev/null 2>&1 &
    pid=$!
    for _ in $(seq 1 900); do
        [ "$(grep -ac 'did not boot' "$log")" -ge "$1" ] && break
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.2
    done
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    grep -a 'stagekiosk: booting slot' "$log" | head -n "$1" | sed 's/.*booting slot \([AB]\).*/\1/' |
        tr '\n' ' ' >"$tmp/boots"
    grep -aq 'bootargs .*root=PARTUUID=5354414b-0[23] rauc.slot=[AB]' "$log" ||
        { tail -n 30 "$log"; fail "no bootargs with the slot's root"; }
    echo "boots: $(cat "$tmp/boots")(A=$(env_get BOOT_A_LEFT) B=$(env_get BOOT_B_LEFT))"
}

# A fresh image: slot A, one try used per boot.
boots 2
[ "$(cat "$tmp/boots")" = "A A " ] || fail "a fresh image should boot A twice"
[ "$(env_get BOOT_A_LEFT)" = 1 ] || fail "BOOT_A_LEFT should be 1 after two boots"

# What RAUC does after writing slot B (mark-active), and A marked good.
fw_setenv -c "$tmp/fw_env.config" BOOT_ORDER "B A"
fw_setenv -c "$tmp/fw_env.config" BOOT_B_LEFT 2
fw_setenv -c "$tmp/fw_env.config" BOOT_A_LEFT 3
# B gets its two tries, then A takes over by itself.
boots 3
[ "$(cat "$tmp/boots")" = "B B A " ] || fail "B's two tries, then A"
[ "$(env_get BOOT_B_LEFT)" = 0 ] || fail "B should have no tries left after the fallback"
[ "$(env_get BOOT_A_LEFT)" = 2 ] || fail "A should have one try used after the fallback"

# A power cut while the newer copy was written: its CRC fails, so the
# older copy counts (one boot back: A has 3 there, not 2).
f0=$(od -An -tu1 -j $((0x100004)) -N1 "$disk" | tr -d ' ')
f1=$(od -An -tu1 -j $((0x110004)) -N1 "$disk" | tr -d ' ')
newer=$((0x100000))
[ "$f1" -gt "$f0" ] && newer=$((0x110000))
printf 'torn' | dd of="$disk" bs=1 seek=$((newer + 64)) conv=notrunc status=none
[ "$(env_get BOOT_A_LEFT)" = 3 ] || fail "fw_printenv should read the older copy (A=3)"
boots 1
[ "$(cat "$tmp/boots")" = "A " ] || fail "with a torn copy, A should boot"
[ "$(env_get BOOT_A_LEFT)" = 2 ] || fail "A's try counted from the older copy"
echo "ok: U-Boot picks slots by BOOT_ORDER and tries, falls back, survives a torn copy"
