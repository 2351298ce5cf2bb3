#!/bin/sh
# usb-mount.sh DEVNODE FSTYPE (installed as /usr/libexec/stagekiosk/usb-mount;
# run by 60-stagekiosk-usb.rules): mounts a USB stick for the kiosk user
# under /media, never executable, never setuid, no device nodes.
# systemd-mount hands the mount to systemd, which unmounts it when the stick
# is pulled; udev itself may not mount (its own mount namespace).
set -eu
dev=$1
fstype=$2
user=stagekiosk
uid=$(id -u "$user")
gid=$(id -g "$user")
opts="uid=$uid,gid=$gid,umask=0077,noexec,nosuid,nodev"
case $fstype in
    # utf8 (not iocharset=utf8, which makes FAT case-sensitive); flush:
    # write back at once, sticks get pulled.
    vfat) opts="$opts,utf8,shortname=mixed,flush" ;;
    exfat) opts="$opts,iocharset=utf8" ;;
    *) echo "usb-mount: $dev has $fstype, not vfat or exfat; left alone" >&2; exit 0 ;;
esac
where=/media/stagekiosk-usb
if mountpoint -q "$where"; then
    where=/media/stagekiosk-usb-${dev##*/}
fi
exec systemd-mount --no-block --automount=no --collect --fsck=no \
    --type="$fstype" --options="$opts" "$dev" "$where"
