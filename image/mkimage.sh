#!/usr/bin/env bash
# image/mkimage.sh: builds the SD-card image out of Debian's packages alone.
#
#   image/mkimage.sh [all|tools|base|deb|root|assemble|bundle]    (default: all)
#
# Stages, each cached in image/out/ (delete a file there to redo its stage):
#   base      mmdebstrap (unshare, arm64, bookworm) of packages-base.txt with
#             the kernel and one initramfs -> out/base-<key>.tar. The slow
#             part (~25 min here): the initramfs is built under emulation.
#   deb       the project's .deb for arm64, built natively in an arm64
#             build chroot under qemu-user -> out/stagekiosk_<v>_arm64.deb
#   root      unpacks base, installs the .deb and image/rootfs/ -> out/root/
#   assemble  boot (FAT), root slots A and B, data (ext4) -> the .img.zst
#             and out/root.ext4 (slot A's file system)
#   bundle    the signed update bundle of out/root.ext4 ->
#             out/stagekiosk-<v>-arm64.raucb (not part of all)
#
# Environment: SUITE (bookworm), MIRROR, PATCH (see stage_deb), SOURCE_DATE_EPOCH (default: the
# last commit's time), OUT (image/out), UPDATE_CERT (the certificate whose key
# signs updates; default the development key's, image/devkey/).
# Single quotes around "$1" are meant throughout: mmdebstrap's hooks,
# dpkg-query formats and sh -c expand them.
# shellcheck disable=SC2016
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
OUT=${OUT:-$here/out}
SUITE=${SUITE:-bookworm}
MIRROR=${MIRROR:-http://deb.debian.org/debian}
SECURITY=${SECURITY:-http://deb.debian.org/debian-security}
VERSION=$(sed -n 's/^VERSION *= *//p' "$top/config.mk")
if [ -z "${SOURCE_DATE_EPOCH:-}" ]; then
    SOURCE_DATE_EPOCH=$(git -C "$top" log -1 --format=%ct 2>/dev/null || date -u -d 2026-01-01 +%s)
fi
export SOURCE_DATE_EPOCH
export LC_ALL=C.UTF-8 TZ=UTC

log() { printf '[%s] %s\n' "$(date -u +%H:%M:%S)" "$*"; }
die() { printf 'mkimage: %s\n' "$*" >&2; exit 1; }

# Package names of a list file, without comments, on one line.
pkglist() { sed 's/#.*//' "$1" | tr -s ' \n' ' ' | sed 's/^ //;s/ $//'; }

sources() {
    printf 'deb %s %s main non-free-firmware\n' "$MIRROR" "$SUITE"
    printf 'deb %s %s-updates main non-free-firmware\n' "$MIRROR" "$SUITE"
    printf 'deb %s %s-security main non-free-firmware\n' "$SECURITY" "$SUITE"
}

# The host tools of the image build (not part of `make deps`: CI never needs
# them) and qemu-user registered for arm64 binaries.
stage_tools() {
    local need="python3 mmdebstrap qemu-user-static binfmt-support arch-test dosfstools mtools e2fsprogs fdisk zstd qemu-system-arm dpkg-dev faketime u-boot-tools rauc squashfs-tools"
    local missing="" p
    for p in $need; do
        dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed' || missing="$missing $p"
    done
    if [ -n "$missing" ]; then
        log "installing$missing"
        # shellcheck disable=SC2086
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null # word splitting meant
    fi
    [ -e /proc/sys/fs/binfmt_misc/status ] ||
        mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc
    update-binfmts --enable qemu-aarch64 >/dev/null 2>&1 || true
    arch-test arm64 >/dev/null || die "arm64 binaries do not run here (qemu-user-static, binfmt_misc)"
}

base_key() {
    { echo "$SUITE"; pkglist "$here/packages-base.txt"; sed -n '/^stage_base()/,/^}/p' "$0"
      cat "$here/initramfs/conf.d/stagekiosk" "$here/initramfs/hooks/stagekiosk-modules"; } |
        sha256sum | cut -c1-12
}

# The slow stage. update-initramfs is held back while packages install (the
# kernel and every hook package would each trigger a new initramfs, all under
# emulation) and run once at the end, with image/initramfs/: only the
# modules that find the root on a Pi or in QEMU, lz4, no resume device.
stage_base() {
    local tar
    tar=$OUT/base-$(base_key).tar
    if [ -s "$tar" ]; then log "base: cached $(basename "$tar")"; return; fi
    log "base: mmdebstrap $SUITE arm64 (slow: initramfs under emulation)"
    mkdir -p "$OUT"
    sources | mmdebstrap --mode=unshare --architectures=arm64 --variant=minbase \
        --components=main,non-free-firmware \
        --include="$(pkglist "$here/packages-base.txt" | tr ' ' ',')" \
        --aptopt='Acquire::Retries "3"' \
        --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-include=/usr/share/doc/*/copyright' \
        --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/locale/*' \
        --essential-hook='chroot "$1" dpkg-divert --local --rename --add /usr/sbin/update-initramfs' \
        --essential-hook='ln -s /bin/true "$1/usr/sbin/update-initramfs"' \
        --customize-hook='rm "$1/usr/sbin/update-initramfs"' \
        --customize-hook='chroot "$1" dpkg-divert --local --rename --remove /usr/sbin/update-initramfs' \
        --customize-hook="copy-in '$here/initramfs/conf.d/stagekiosk' /etc/initramfs-tools/conf.d" \
        --customize-hook="copy-in '$here/initramfs/hooks/stagekiosk-modules' /etc/initramfs-tools/hooks" \
        --customize-hook='chroot "$1" sh -c "update-initramfs -c -k \$(ls /lib/modules)"' \
        --format=tar "$SUITE" "$tar.part" - && mv "$tar.part" "$tar"
    log "base: done, $(du -h "$tar" | cut -f1)"
}

# The project's .deb for arm64, built natively in an arm64 chroot of the
# same Debian release (qemu-user): its Depends then name exactly the
# packages of the image, with no cross toolchain or multiarch set-up.
stage_deb() {
    local devs src
    devs=$(make -s -C "$top" --no-print-directory --eval 'print-deb-deps: ; @echo $(DEB_DEPS)' print-deb-deps |
        tr ' ' '\n' | grep -E '^lib.*-dev$' | grep -vE '^(libcmocka-dev|libclang-rt.*)$' | tr '\n' ',')
    src=$OUT/src
    rm -rf "$src" && mkdir -p "$src"
    tar -C "$top" --exclude=./.git --exclude='./build*' --exclude=./image/out -c . | tar -C "$src" -x
    # PATCH=file.patch (-p1) tries a change to the program in the image
    # without touching the work tree.
    if [ -n "${PATCH:-}" ]; then
        patch -s -d "$src" -p1 <"$PATCH"
    fi
    rm -f "$OUT"/stagekiosk_*_arm64.deb
    log "deb: building stagekiosk $VERSION for arm64 in an arm64 chroot"
    sources | mmdebstrap --mode=unshare --architectures=arm64 --variant=apt \
        --include="build-essential,pkg-config,dpkg-dev,${devs%,}" \
        --aptopt='Acquire::Retries "3"' \
        --customize-hook="copy-in '$src' /" \
        --customize-hook="chroot \"\$1\" env SOURCE_DATE_EPOCH=$SOURCE_DATE_EPOCH /src/image/mkdeb.sh /src/deb-build" \
        --customize-hook="copy-out /src/deb-build/stagekiosk_${VERSION}_arm64.deb '$OUT'" \
        --format=null "$SUITE" /dev/null -
    rm -rf "$src"
    [ -s "$OUT/stagekiosk_${VERSION}_arm64.deb" ] || die "no arm64 .deb was built"
    log "deb: $(basename "$OUT/stagekiosk_${VERSION}_arm64.deb")"
}

# Kernel command line (cmdline.txt, as "cmdline=..." for U-Boot's boot
# script, which adds root= and rauc.slot= for the slot it boots); image-test
# swaps the console.
# console=ttyS1: the header's UART on a Pi 3 or 4 with Debian's kernel and
# the upstream device trees is the mini UART, alias serial1. The firmware's
# "serial0" works only when the firmware starts Linux itself: through
# U-Boot it reached Linux as it was, and Linux had no serial console
# (found booting the image on QEMU's raspi3b, see image/imagetest_pi.py).
CMDLINE="console=ttyS1,115200 rootfstype=ext4 rootwait ro fsck.repair=yes cma=128M overlayroot=tmpfs:recurse=0 quiet loglevel=3 systemd.show_status=false rd.udev.log_level=3 vt.global_cursor_default=0 logo.nologo consoleblank=0"

# Runs a command in the image's root with /proc, in a mount namespace of its
# own, so nothing stays mounted in a tree that mkfs later reads whole.
in_root() {
    unshare --mount --fork sh -c 'mount -t proc proc "$0/proc" && exec chroot "$0" "$@"' "$root" "$@"
}

stage_root() {
    local tar deb uid gid tsuid
    tar=$OUT/base-$(base_key).tar
    deb=$OUT/stagekiosk_${VERSION}_arm64.deb
    [ -s "$tar" ] || die "no base tarball; run: $0 base"
    [ -s "$deb" ] || die "no arm64 .deb; run: $0 deb"
    root=$OUT/root
    log "root: unpacking base, installing $(basename "$deb")"
    rm -rf "$root" "${OUT:?}/boot" "${OUT:?}/data"
    mkdir -p "$root" "$OUT/boot" "$OUT/data"
    tar -C "$root" --numeric-owner -xpf "$tar"
    cp "$deb" "$root/tmp/stagekiosk.deb"
    cp /etc/resolv.conf "$root/etc/resolv.conf"
    in_root apt-get update -qq
    # systemd-resolved: DNS for the NTP servers on any network.
    in_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
        /tmp/stagekiosk.deb systemd-resolved rauc-service >/dev/null
    in_root apt-get clean
    in_root dpkg-query -W -f='${Package} ${Version} ${Architecture}\n' >"$OUT/manifest.txt"

    log "root: configuring"
    cp -r "$here/rootfs/." "$root/"
    systemctl --root="$root" enable --quiet stagekiosk-growdata.service stagekiosk-saveclock.timer \
        stagekiosk-saveclock-shutdown.service stagekiosk-serialshell.service \
        systemd-networkd.service systemd-resolved.service systemd-timesyncd.service stagekiosk.service \
        stagekiosk-confirm.service stagekiosk-reboot.path
    # No login on the screen; no EFI crash store and no partitions to make
    # (each would load kernel modules at boot, beside the kiosk's start).
    systemctl --root="$root" mask --quiet getty@tty1.service systemd-pstore.service \
        systemd-repart.service
    # Generators for what the appliance has none of (encrypted, integrity or
    # verity tables, GPT auto-mounts, hibernation, rc.local, SysV scripts,
    # offline updates, systemd.run=): each is a program run before any unit.
    mkdir -p "$root/etc/systemd/system-generators"
    for g in cryptsetup integritysetup veritysetup gpt-auto hibernate-resume rc-local sysv \
        system-update run; do
        ln -sf /dev/null "$root/etc/systemd/system-generators/systemd-$g-generator"
    done
    mkdir -p "$root/data" "$root/var/lib/systemd/timesync" "$root/boot/firmware"
    # The clock never starts before the build date.
    touch -d "@$SOURCE_DATE_EPOCH" "$root/usr/lib/clock-epoch"

    # A/B updates (image/README.md, "Updates"): the system's version, the
    # certificate updates must be signed with, and the kernel and initramfs
    # under fixed names, which U-Boot's boot script loads from the slot.
    echo "$VERSION" >"$root/etc/stagekiosk-release"
    cp "${UPDATE_CERT:-$here/devkey/development.cert.pem}" "$root/etc/rauc/keyring.pem"
    ln -f "$root"/boot/vmlinuz-*-arm64 "$root/boot/vmlinuz"
    ln -f "$root"/boot/initrd.img-*-arm64 "$root/boot/initrd.img"

    # Data partition: the kiosk's folder, timesyncd's saved clock, RAUC's
    # and stagekiosk-confirm's notes.
    uid=$(awk -F: '$1 == "stagekiosk" {print $3}' "$root/etc/passwd")
    gid=$(awk -F: '$1 == "stagekiosk" {print $4}' "$root/etc/passwd")
    tsuid=$(awk -F: '$1 == "systemd-timesync" {print $3 ":" $4}' "$root/etc/passwd")
    install -d -m 0750 -o "$uid" -g "$gid" "$OUT/data/stagekiosk"
    install -d -m 0755 -o "${tsuid%:*}" -g "${tsuid#*:}" "$OUT/data/timesync"
    install -d -m 0755 "$OUT/data/rauc"

    # Boot partition: the firmware and device trees raspi-firmware put in
    # /boot/firmware, without its kernel (each slot has its own): the Pi's
    # firmware starts U-Boot (u-boot-rpi, one build for the Pi 3 and 4),
    # which runs boot.scr. Our command line and the school's config.
    mv "$root/boot/firmware/"* "$OUT/boot/"
    rm -f "$OUT"/boot/vmlinuz-* "$OUT"/boot/initrd.img-*
    cp "$root/usr/lib/u-boot/rpi_arm64/u-boot.bin" "$OUT/boot/u-boot.bin"
    mkimage -A arm64 -O linux -T script -C none -n "stagekiosk A/B" \
        -d "$here/boot/boot.cmd" "$OUT/boot/boot.scr" >/dev/null
    echo "cmdline=$CMDLINE" >"$OUT/boot/cmdline.txt"
    # U-Boot's own environment without its 2 s wait for a key: the whole
    # built-in environment (the file replaces it), with bootdelay=0.
    python3 "$here/ubootenv.py" "$OUT/boot/u-boot.bin" bootdelay=0 >"$OUT/boot/uboot.txt"
    mkenvimage -s 0x4000 -o "$OUT/boot/uboot.env" "$OUT/boot/uboot.txt"
    rm "$OUT/boot/uboot.txt"
    cp "$top/assets/stagekiosk.conf" "$OUT/boot/stagekiosk.conf"
    sed -i -e 's/^kernel=.*/kernel=u-boot.bin/' -e '/^initramfs /d' "$OUT/boot/config.txt"
    # For every Pi ([all], should a later raspi-firmware end its file in a
    # model's section): no wait before the kernel (boot_delay), no rainbow
    # square, no black border.
    printf '\n[all]\n# stagekiosk\nboot_delay=0\ndisable_splash=1\ndisable_overscan=1\n' \
        >>"$OUT/boot/config.txt"

    # Nothing that differs from build to build: empty machine-id (systemd
    # makes one at boot), no logs, caches, apt lists or backup files, fixed
    # password-change dates.
    : >"$root/etc/machine-id"
    rm -f "$root/var/lib/dbus/machine-id" "$root/etc/resolv.conf" "$root"/etc/*- \
        "$root/var/cache/ldconfig/aux-cache" "$root/tmp/stagekiosk.deb"
    ln -s ../run/systemd/resolve/stub-resolv.conf "$root/etc/resolv.conf"
    rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/* "$root"/var/log/* "$root"/tmp/* \
        "$root"/var/cache/debconf/*-old "$root"/var/lib/dpkg/*-old
    awk -v d=$((SOURCE_DATE_EPOCH / 86400)) 'BEGIN {FS = OFS = ":"} $3 != "" {$3 = d} 1' \
        "$root/etc/shadow" >"$root/etc/shadow.new" && cat "$root/etc/shadow.new" >"$root/etc/shadow" &&
        rm "$root/etc/shadow.new"
}

stage_assemble() {
    local img=$OUT/stagekiosk-$VERSION-arm64.img
    log "assemble: partitions"
    "$here/assemble.sh" "$OUT/boot" "$OUT/root" "$OUT/data" "$img"
    rm -f "$img.zst"
    zstd -q -T0 -10 "$img" -o "$img.zst"
    (cd "$OUT" && sha256sum "$(basename "$img")" "$(basename "$img").zst" >"$img.sha256")
    log "assemble: done"
    cat "$img.sha256"
}

stage_bundle() {
    [ -s "$OUT/root.ext4" ] || die "no $OUT/root.ext4; run: $0 (all, or root and assemble)"
    "$here/mkbundle.sh" "$OUT/root.ext4" "$VERSION" "$OUT/stagekiosk-$VERSION-arm64.raucb"
}

case ${1:-all} in
    tools) stage_tools ;;
    base) stage_tools; stage_base ;;
    deb) stage_tools; stage_deb ;;
    root) stage_tools; stage_root ;;
    assemble) stage_assemble ;;
    bundle) stage_tools; stage_bundle ;;
    all) stage_tools; stage_base; stage_deb; stage_root; stage_assemble ;;
    *) die "unknown stage ${1}" ;;
esac
