#!/usr/bin/env bash
# image/assemble.sh BOOTDIR ROOTDIR DATADIR OUT.img: lays three folders out
# as a bootable SD-card image without mounting anything (these build
# machines have no loop partitions, no device-mapper and no vfat):
#
#   gap                U-Boot's slot variables, two copies (at 1 MiB and 1 MiB + 64 KiB)
#   p1  FAT32  SKBOOT  BOOT_MIB (256)   firmware, U-Boot, boot.scr, cmdline.txt, stagekiosk.conf
#   p2  ext4   skroot  SLOT_MIB (1536)  root slot A: ROOTDIR, read-only
#   p3  -              SLOT_MIB         root slot B: empty until the first update
#   p4  ext4   skdata  DATA_MIB (64)    check-ins; grows to the card on first boot
#
# The root file system is also left beside OUT.img as root.ext4: an update
# bundle carries exactly that file (image/mkimage.sh bundle).
# MBR (the Pi 3 boots from nothing else), disk id 0x5354414b, so the
# partitions are PARTUUID=5354414b-01..04. UUIDs, volume id, hash seeds and
# every timestamp are fixed (SOURCE_DATE_EPOCH), so the same folders give
# the same image, byte for byte. The folders' owners and modes are kept.
set -euo pipefail

[ $# -eq 4 ] || { echo "usage: assemble.sh BOOTDIR ROOTDIR DATADIR OUT.img" >&2; exit 2; }
bootdir=$1 rootdir=$2 datadir=$3
out=$(realpath -m "$4")
BOOT_MIB=${BOOT_MIB:-256}
DATA_MIB=${DATA_MIB:-64}
ROOT_SPARE_MIB=${ROOT_SPARE_MIB:-160}
# A slot holds this version's root and the next ones': room to grow.
SLOT_MIB=${SLOT_MIB:-1536}
: "${SOURCE_DATE_EPOCH:?set SOURCE_DATE_EPOCH}"
export TZ=UTC LC_ALL=C
export E2FSPROGS_FAKE_TIME=$SOURCE_DATE_EPOCH MTOOLS_SKIP_CHECK=1

DISK_ID=0x5354414b
BOOT_VOLID=534b4254
ROOT_UUID=5354414b-0000-4000-8000-000000000002
DATA_UUID=5354414b-0000-4000-8000-000000000003
SEED=5354414b-0000-4000-8000-0000000000ff
first=8192 # sectors: 4 MiB, the SD card's erase-block alignment

for tool in mkfs.vfat mcopy mmd mkfs.ext4 sfdisk mkenvimage; do
    command -v "$tool" >/dev/null || PATH=$PATH:/sbin:/usr/sbin
    command -v "$tool" >/dev/null || { echo "assemble: $tool is missing" >&2; exit 1; }
done

work=$(mktemp -d "${out}.parts.XXXXXX")
trap 'rm -rf "$work"' EXIT

# Same mtime everywhere: the folders may come from a fresh unpack.
normalise() { find "$1" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +; }

mib() { echo $((($1 + 1048575) / 1048576)); }

# -- boot: FAT32, files copied in sorted order with mtools ---------------
# mtools stamps new directories with the clock: a frozen clock (faketime)
# keeps them the same; without faketime the image works but differs.
frozen=()
if command -v faketime >/dev/null; then
    frozen=(faketime -f "$(date -u -d "@$SOURCE_DATE_EPOCH" '+%Y-%m-%d %H:%M:%S')")
fi
normalise "$bootdir"
"${frozen[@]}" mkfs.vfat -C -F 32 -n SKBOOT -i "$BOOT_VOLID" "$work/boot.vfat" $((BOOT_MIB * 1024)) >/dev/null
mapfile -t top < <(cd "$bootdir" && find . -mindepth 1 -maxdepth 1 -printf '%P\n' | LC_ALL=C sort)
if [ ${#top[@]} -gt 0 ]; then
    (cd "$bootdir" && "${frozen[@]}" mcopy -s -m -i "$work/boot.vfat" "${top[@]}" ::/)
fi

# -- root and data: ext4 from folders ------------------------------------
ext4() { # LABEL UUID DIR FILE MiB
    mkfs.ext4 -q -F -L "$1" -U "$2" -E "hash_seed=$SEED,root_owner=0:0" \
        -O ^metadata_csum_seed -I 256 -d "$3" "$4" "${5}M" >/dev/null
    fix_times "$3" "$4"
}
# mkfs.ext4 -d (e2fsprogs 1.47.0) copies each file's ctime and atime, which
# no one can set, and stamps crtime with the clock: debugfs sets all three
# to SOURCE_DATE_EPOCH afterwards. (Names with a double quote are skipped.)
fix_times() { # DIR FILE
    local t="@$SOURCE_DATE_EPOCH"
    (cd "$1" && find . -mindepth 1 -printf '/%P\n' | LC_ALL=C sort; echo /; echo /lost+found) |
        grep -v '"' | while IFS= read -r p; do
            printf 'sif "%s" ctime %s\nsif "%s" atime %s\nsif "%s" crtime %s\n' "$p" "$t" "$p" "$t" "$p" "$t"
        done >"$work/times.cmd"
    debugfs -w -f "$work/times.cmd" "$2" >/dev/null 2>"$work/times.err" || { cat "$work/times.err" >&2; return 1; }
}
normalise "$rootdir"
root_mib=$(( $(mib "$(du -sb --apparent-size "$rootdir" | cut -f1)") * 115 / 100 + ROOT_SPARE_MIB ))
[ "$root_mib" -le "$SLOT_MIB" ] || { echo "assemble: root needs $root_mib MiB, a slot has $SLOT_MIB" >&2; exit 1; }
ext4 skroot "$ROOT_UUID" "$rootdir" "$work/root.ext4" "$root_mib"
normalise "$datadir"
ext4 skdata "$DATA_UUID" "$datadir" "$work/data.ext4" "$DATA_MIB"

# -- U-Boot's slot variables: slot A with its tries, slot B empty ---------
printf 'BOOT_ORDER=A B\nBOOT_A_LEFT=3\nBOOT_B_LEFT=0\n' >"$work/env.txt"
mkenvimage -r -s 0x4000 -o "$work/env.bin" "$work/env.txt"

# -- the disk: MBR and four partitions, written in place with dd ----------
boot_s=$((BOOT_MIB * 2048)) slot_s=$((SLOT_MIB * 2048)) data_s=$((DATA_MIB * 2048))
a_at=$((first + boot_s)) b_at=$((first + boot_s + slot_s)) data_at=$((first + boot_s + 2 * slot_s))
total=$((data_at + data_s))
rm -f "$out"
truncate -s $((total * 512)) "$out"
sfdisk --quiet "$out" <<EOF
label: dos
label-id: $DISK_ID
unit: sectors

start=$first, size=$boot_s, type=c, bootable
start=$a_at, size=$slot_s, type=83
start=$b_at, size=$slot_s, type=83
start=$data_at, size=$data_s, type=83
EOF
put() { dd if="$1" of="$out" bs=64K seek=$(($2 / 128)) conv=notrunc,sparse status=none; }
put "$work/env.bin" 2048
put "$work/env.bin" 2176
put "$work/boot.vfat" "$first"
put "$work/root.ext4" "$a_at"
put "$work/data.ext4" "$data_at"
mv "$work/root.ext4" "$(dirname "$out")/root.ext4"
echo "assemble: $out: $((total / 2048)) MiB (boot $BOOT_MIB, slots 2 x $SLOT_MIB with a root of $root_mib, data $DATA_MIB)"
