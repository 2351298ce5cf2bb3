# tests/lib.sh: what the shell tests that run the kiosk share. Source it;
# the caller sets $tmp (its temporary folder, the kiosk's log in
# $tmp/kiosk.log) and its own cleanup trap.

# fail MESSAGE...: says why, shows the kiosk's log, exits 1.
fail() {
    echo "FAIL: $*"
    if [ -n "${tmp:-}" ] && [ -s "$tmp/kiosk.log" ]; then
        echo "kiosk log:"
        sed 's/^/    /' "$tmp/kiosk.log"
    fi
    exit 1
}

# stop PID: ends a process we started, politely, then firmly after 3 s.
stop() {
    local pid=$1
    [ -n "$pid" ] || return 0
    kill "$pid" 2>/dev/null || return 0
    for _ in $(seq 30); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    kill -KILL "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    return 0
}

# wait_until SECONDS COMMAND...: 0 once COMMAND succeeds, 1 after SECONDS.
wait_until() {
    local tries=$(($1 * 10))
    shift
    for _ in $(seq "$tries"); do
        "$@" && return 0
        sleep 0.1
    done
    return 1
}

# fat_stick IMAGE MOUNTPOINT BLOCKS: a real FAT file system of BLOCKS KiB in
# IMAGE, mounted with fusefat at MOUNTPOINT (the caller unmounts it with
# fusermount -u in its cleanup).
fat_stick() {
    command -v fusefat >/dev/null || fail "fusefat is not installed (make deps)"
    mkdir -p "$2"
    mkfs.vfat -C "$1" "$3" >/dev/null
    fusefat -o rw+ "$1" "$2" >/dev/null || fail "cannot mount the FAT image with fusefat"
}
