#!/bin/sh
# start.sh (installed as /usr/libexec/stagekiosk/start): runs the kiosk
# with the config a school edits on the SD card's boot partition when there
# is one, else the packaged /etc/stagekiosk/stagekiosk.conf. exec keeps the
# PID, so systemd's notify and watchdog see the kiosk itself.
conf=/etc/stagekiosk/stagekiosk.conf
if [ -r /boot/firmware/stagekiosk.conf ]; then
    conf=/boot/firmware/stagekiosk.conf
fi
exec /usr/bin/stagekiosk --config "$conf" --data /var/lib/stagekiosk "$@"
