#!/bin/sh
# usb-eject.sh (installed as /usr/libexec/stagekiosk/usb-eject; run by
# stagekiosk-eject.path when the kiosk creates /run/stagekiosk/eject):
# the unprivileged kiosk asks, root writes back and unmounts every stick.
# The kiosk knows it is safe to pull the stick when /run/stagekiosk/eject
# is gone and the mount point no longer is one.
set -u
sync
status=0
for where in /media/stagekiosk-usb /media/stagekiosk-usb-*; do
    mountpoint -q "$where" 2>/dev/null || continue
    if ! systemd-mount --umount "$where"; then
        echo "usb-eject: $where is busy and stays mounted" >&2
        status=1
    fi
done
rm -f /run/stagekiosk/eject
exit "$status"
