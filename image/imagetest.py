#!/usr/bin/env python3
"""imagetest.py: boots the SD-card image in qemu-system-aarch64 -M virt and
checks the appliance from outside, the way a school would notice it:

  the kiosk reaches its idle screen (QEMU's screendump against the same
  screen rendered headless on the host), a killed kiosk is back within 10 s,
  the root is read-only and the data partition writable and grown, the USB
  stick is mounted for the kiosk (noexec,nosuid,nodev), an export lands on
  it and the kiosk can have it unmounted, the hardware watchdog is armed,
  and a check-in made before a reboot is still there after it.
  The real input paths (imagetest_input.py): an arcade button on QEMU's
  PL061 GPIO chip votes through the kernel, taps from a usb-tablet vote and
  open the PIN keypad, with and without rotation. Last, one more boot under
  QEMU's instruction counter gives the boot's milestones on a clock that
  does not move with the host's load (imagetest_timing.py). The image as
  built also boots on the Pi's own U-Boot, on QEMU's raspi3b, as far as
  Linux's first lines on the Pi's serial console (imagetest_pi.py).

It talks to a root shell on the serial port (the image starts one only when
the kernel command line says stagekiosk.serialshell) and to the QEMU
monitor (screendump, sendkey). Run through image/imagetest.sh.

Environment: POWERCUTS (10) and IMAGETEST_SEED for the power cuts,
IMAGETEST_ICOUNT_SHIFT (0) for the timed boots' clock, IMAGETEST_ONLY=boot
to leave out everything between the first boot and the timed boots.
"""
import os
import re
import socket
import subprocess
import sys
import time

import imagetest_input
import imagetest_pi
import imagetest_timing
import imagetest_update

W, H = 1280, 800


class OnlyBoot(Exception):
    """IMAGETEST_ONLY=boot: the checks between the first boot and the timed
    boots are left out (for work on the boot path)."""


class Fail(Exception):
    pass


class Serial:
    """A root shell on the guest's serial port, one command at a time."""

    def __init__(self, path, log):
        self.path, self.log, self.buf, self.n = path, log, b"", 0
        self.sock = None

    def connect(self, timeout=30):
        end = time.time() + timeout
        while True:
            try:
                self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                self.sock.connect(self.path)
                return
            except OSError:
                if time.time() > end:
                    raise
                time.sleep(0.2)

    def read_until(self, pattern, timeout):
        """Bytes up to and including the first match of pattern (a regex)."""
        rx = re.compile(pattern)
        end = time.time() + timeout
        while True:
            m = rx.search(self.buf)
            if m:
                out, self.buf = self.buf[: m.end()], self.buf[m.end():]
                return out, m
            left = end - time.time()
            if left <= 0:
                raise Fail("serial: waited %.0f s for %r; last output:\n%s"
                           % (timeout, pattern, self.buf[-800:].decode(errors="replace")))
            self.sock.settimeout(min(left, 1.0))
            try:
                data = self.sock.recv(65536)
            except socket.timeout:
                continue
            if not data:
                raise Fail("serial: QEMU closed the port")
            self.log.write(data)
            self.log.flush()
            self.buf += data

    def wait_shell(self, timeout):
        """Waits for the shell's first prompt, then pokes until it answers.
        Nothing is sent before the prompt: QEMU's PL011 stops taking input
        for good when bytes pile up across a guest reset."""
        # U-Boot speaks first; a byte sent then would stop its autoboot.
        # The prompt starts a line: U-Boot's "## Executing script" of a
        # following boot must not pass for it.
        self.read_until(rb"Starting kernel", timeout)
        self.read_until(rb"\n# ", timeout)
        end = time.time() + timeout
        while True:
            try:
                self.run("true", timeout=4)
                return
            except Fail:
                if time.time() > end:
                    raise Fail("no shell on the serial port after %d s" % timeout)
                # Restarting (a reboot, a power cut, an update): wait for
                # the next kernel before poking again.
                try:
                    self.read_until(rb"Starting kernel", 10)
                    self.read_until(rb"\n# ", max(end - time.time(), 1))
                except Fail:
                    pass

    def run(self, cmd, timeout=60, check=True):
        """Runs cmd in the guest; returns (status, output)."""
        self.n += 1
        tag = "K%dQ" % self.n
        # The shell echoes the line; only the executed printf has the digits
        # joined, so the echo never matches the end marker.
        line = "printf '\\n@@%s''S@@\\n'; %s; printf '\\n@@%s''@@%%s@@\\n' $?\n" % (tag, cmd, tag)
        # While the guest reboots, QEMU stops taking input and a send can
        # block: that is a failed try, not a broken test.
        self.sock.settimeout(10)
        try:
            self.sock.sendall(line.encode())
        except socket.timeout:
            raise Fail("serial: the guest takes no input")
        out, m = self.read_until(rb"@@" + tag.encode() + rb"@@(\d+)@@", timeout)
        text = out.decode(errors="replace")
        # Only what the command printed: between the start marker (which
        # the echoed line cannot show, it has quotes in it) and the end.
        start = text.rfind("@@%sS@@" % tag)
        body = text[start + len(tag) + 5:] if start >= 0 else text
        body = body[: body.rfind("@@" + tag + "@@")].replace("\r", "").strip("\n")
        status = int(m.group(1))
        if check and status != 0:
            raise Fail("guest command failed (%d): %s\n%s" % (status, cmd, body))
        return status, body


class Monitor:
    def __init__(self, path):
        self.path = path

    def cmd(self, line):
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.connect(self.path)
        s.settimeout(10)
        s.recv(4096)  # banner
        s.sendall((line + "\n").encode())
        time.sleep(0.3)
        try:
            out = s.recv(65536)
        except socket.timeout:
            out = b""
        s.close()
        return out.decode(errors="replace")


def read_ppm(path):
    with open(path, "rb") as f:
        data = f.read()
    parts = data.split(maxsplit=4)
    if parts[0] != b"P6":
        raise Fail("screendump is not a P6 PPM")
    w, h = int(parts[1]), int(parts[2])
    pix = parts[4]
    return w, h, pix[: w * h * 3]


def read_png(path):
    """8-bit RGB or RGBA, non-interlaced PNG (what the kiosk writes)."""
    import struct
    import zlib

    with open(path, "rb") as f:
        data = f.read()
    pos, idat, w = 8, b"", 0
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos: pos + 8])
        chunk = data[pos + 8: pos + 8 + n]
        if kind == b"IHDR":
            w, h, depth, ctype = struct.unpack(">IIBB", chunk[:10])
            if depth != 8 or ctype not in (2, 6):
                raise Fail("unexpected PNG format in %s" % path)
            bpp = 3 if ctype == 2 else 4
        elif kind == b"IDAT":
            idat += chunk
        pos += 12 + n
    raw = zlib.decompress(idat)
    stride = w * bpp
    out, prev = bytearray(), bytearray(stride)
    for y in range(h):
        ft = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1: (y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if ft == 1:
                line[i] = (line[i] + a) & 255
            elif ft == 2:
                line[i] = (line[i] + b) & 255
            elif ft == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif ft == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        prev = line
        if bpp == 4:
            out += bytes(v for k, v in enumerate(line) if k % 4 != 3)
        else:
            out += line
    return w, h, bytes(out)


def similarity(a, b):
    """How much of the drawing (pixels far from the background colour, in
    either image) the two screens share: 1.0 identical, 0.0 a blank screen
    against a drawn one. A clear colour alone scores 0."""
    wa, ha, pa = a
    wb, hb, pb = b
    if (wa, ha) != (wb, hb):
        raise Fail("screen is %dx%d, the host rendered %dx%d" % (wa, ha, wb, hb))
    counts = {}
    for i in range(0, len(pb), 3 * 97):
        counts[pb[i:i + 3]] = counts.get(pb[i:i + 3], 0) + 1
    bg = max(counts, key=counts.get)

    def ink(p, i):
        return abs(p[i] - bg[0]) + abs(p[i + 1] - bg[1]) + abs(p[i + 2] - bg[2]) > 90

    both = either = 0
    for i in range(0, wa * ha * 3, 3 * 3):
        x, y = ink(pa, i), ink(pb, i)
        both += x and y
        either += x or y
    return both / either if either else 0.0


def kiosk_pid(sh):
    _, out = sh.run("systemctl show -p MainPID --value stagekiosk.service")
    return int(out.strip() or "0")


def wait_active(sh, timeout, since_pid=None):
    """The kiosk's PID once the service is active (READY sent), or 0.
    Rides over a reboot (after an update, a rollback or a power cut)."""
    end = time.time() + timeout
    while time.time() < end:
        try:
            st, out = sh.run("systemctl is-active stagekiosk.service", timeout=20, check=False)
            if out.strip() == "active":
                pid = kiosk_pid(sh)
                if pid and pid != since_pid:
                    return pid
        except Fail:
            # No answer: the guest is restarting. Nothing more is sent until
            # its next shell is up (bytes sent across a reset stop QEMU's
            # serial port from taking input). What came so far stays in
            # the buffer: U-Boot's "Starting kernel" may be in it already.
            try:
                sh.wait_shell(max(end - time.time(), 1))
            except Fail:
                return 0
        time.sleep(0.5)
    return 0


def read_places(path):
    """The host's `where` lines: label -> (fx, fy), per run."""
    places = []
    with open(path) as f:
        for l in f:
            m = re.match(r'where "(.*)" ([0-9.]+) ([0-9.]+)', l)
            if m:
                places.append((float(m.group(2)), float(m.group(3))))
    return places


def main():
    work, qemu_cmd_file, host_shot, image = sys.argv[1:5]
    with open(qemu_cmd_file) as f:
        qemu_cmd = f.read().split("\n")
    qemu_cmd = [a for a in qemu_cmd if a]
    log = open(os.path.join(work, "serial.log"), "ab")
    results = []

    def check(name, ok, detail=""):
        results.append((name, ok))
        print("%s  %s%s" % ("ok    " if ok else "FAILED", name, (": " + detail) if detail else ""),
              flush=True)

    update_figures = {}
    t0 = time.time()
    qemu = subprocess.Popen(qemu_cmd, stdout=open(os.path.join(work, "qemu.log"), "w"),
                            stderr=subprocess.STDOUT)
    sh = Serial(os.path.join(work, "serial.sock"), log)
    mon = Monitor(os.path.join(work, "monitor.sock"))
    try:
        sh.connect()
        sh.wait_shell(600)
        print("guest shell after %.0f s" % (time.time() - t0), flush=True)

        pid = wait_active(sh, 300)
        boot_s = time.time() - t0
        check("kiosk ready (sd_notify READY after its first frame)", pid != 0,
              "%.1f s after QEMU started" % boot_s)
        if not pid:
            _, out = sh.run("journalctl -b -u stagekiosk.service --no-pager | tail -n 30", check=False)
            print(out)
            raise Fail("the kiosk never became ready")
        # The network and logins start after the kiosk's first frame: the
        # boot as a whole ends a little after READY.
        _, out = sh.run("systemctl is-system-running --wait >/dev/null 2>&1; "
                        "systemd-analyze 2>&1 | head -n 1", check=False, timeout=120)
        print("boot: " + out.strip())

        # A fresh kiosk asks for a teacher PIN first; with one chosen (from
        # the command line, as the host's rendering did) it shows idle.
        cli = "runuser -u stagekiosk -- /usr/libexec/stagekiosk/start"
        sh.run("echo 2468 | " + cli + " set-pin --pin-stdin")
        sh.run("systemctl restart stagekiosk.service", timeout=120)
        pid = wait_active(sh, 60)
        if os.environ.get("IMAGETEST_ONLY") == "boot":
            raise OnlyBoot()  # the timed boots show the idle screen, as in the whole test

        # The idle screen, against the one rendered headless on the host.
        time.sleep(3)
        dump = os.path.join(work, "screen.ppm")
        mon.cmd("screendump " + dump)
        time.sleep(1)
        sim = similarity(read_ppm(dump), read_png(host_shot))
        check("idle screen matches the host's headless rendering", sim >= 0.75,
              "%.0f%% of the drawing shared" % (sim * 100))

        # Read-only root, writable data, grown data partition.
        st, _ = sh.run("touch /media/root-ro/x 2>/dev/null", check=False)
        _, mnt = sh.run("grep -E ' (/|/media/root-ro) ' /proc/mounts")
        check("root is read-only under an overlay", st != 0 and "overlay" in mnt and
              re.search(r"/media/root-ro ext4 ro[ ,]", mnt) is not None, mnt.replace("\n", " | "))
        st, _ = sh.run("runuser -u stagekiosk -- touch /var/lib/stagekiosk/.w && "
                       "rm /var/lib/stagekiosk/.w", check=False)
        check("data partition is writable for the kiosk", st == 0)
        _, size = sh.run("df -m --output=size /data | tail -n 1")
        _, grew = sh.run("journalctl -b -u stagekiosk-growdata.service --no-pager -o cat |"
                         " grep -m1 '^grew' || true", check=False)
        check("data partition grew to fill the disk in the first boot, without a restart",
              int(size.strip()) > 200 and grew.strip() != "",
              "%s MiB; %s" % (size.strip(), grew.strip() or "grown in an earlier boot"))

        # Hardware watchdog armed by systemd.
        _, wd = sh.run("journalctl -b --no-pager | grep -i 'hardware watchdog' | tail -n 1", check=False)
        st, _ = sh.run("test -c /dev/watchdog0", check=False)
        check("hardware watchdog armed", st == 0 and "watchdog" in wd.lower(), wd.strip()[-90:])

        # Kill the kiosk: back within 10 s.
        sh.run("kill -9 %d" % pid)
        t = time.time()
        new = wait_active(sh, 30, since_pid=pid)
        back = time.time() - t
        check("killed kiosk back within 10 s", new != 0 and back <= 10, "%.1f s" % back)

        # The USB stick.
        _, m = sh.run("findmnt -n -o FSTYPE,OPTIONS /media/stagekiosk-usb || true")
        _, uid = sh.run("id -u stagekiosk")
        opts = m.strip()
        check("USB stick mounted for the kiosk (noexec,nosuid,nodev)",
              opts.startswith("vfat") and all(o in opts for o in ("noexec", "nosuid", "nodev")) and
              "uid=" + uid.strip() in opts, opts)

        # A check-in: a student, a session, a card scanned on the keyboard.
        sh.run("printf 'studentnummer;roepnaam;achternaam;klas\\n900001;Test;Kiosk;IMG1\\n' "
               ">/tmp/img.csv && chmod 644 /tmp/img.csv")
        sh.run(cli + " import-students /tmp/img.csv --group IMG1")
        sh.run(cli + " session start --kind terugkomdag --group IMG1 --title Imagetest")
        _, code = sh.run(cli + " card-code 900001 | tail -n 1")
        code = code.strip().split()[-1]
        time.sleep(2)
        for ch in code:
            key = {".": "dot", "/": "slash", ":": "shift-semicolon", "-": "minus",
                   "{": "shift-bracket_left", "}": "shift-bracket_right"}.get(ch)
            if key is None:
                key = ("shift-" + ch.lower()) if ch.isupper() else ch
            mon.cmd("sendkey " + key)
        mon.cmd("sendkey ret")
        time.sleep(3)
        mon.cmd("screendump " + os.path.join(work, "welcome.ppm"))
        st, exp = sh.run(cli + " export --to /media/stagekiosk-usb 2>&1; ls -l /media/stagekiosk-usb",
                         check=False)
        _, found = sh.run("grep -rl 900001 /media/stagekiosk-usb 2>/dev/null | head -n 3", check=False)
        check("check-in stored and an export lands on the stick", found.strip() != "",
              found.strip().replace("\n", " ") or exp[-300:])

        # The kiosk asks for the stick to be unmounted.
        sh.run("runuser -u stagekiosk -- touch /run/stagekiosk/eject")
        time.sleep(3)
        st, _ = sh.run("mountpoint -q /media/stagekiosk-usb", check=False)
        check("kiosk can have the stick unmounted", st != 0)

        # The arcade button through the kernel's GPIO chip, touch through
        # its input layer.
        where = read_places(os.path.join(work, "where.txt"))
        imagetest_input.run(sh, mon, os.path.join(work, "qmp.sock"), cli, check,
                            lambda t: wait_active(sh, t),
                            {"answer": where[0], "answer180": where[1]})

        # Reboot; the check-in is still there, and the time saved at
        # shutdown (the Pi has no clock chip).
        _, before = sh.run("date +%s")
        _, boot_id = sh.run("cat /proc/sys/kernel/random/boot_id")
        sh.sock.sendall(b"systemctl reboot\n")
        t = time.time()
        sh.read_until(rb"Restarting system", 600)
        sh.wait_shell(600)
        _, now_id = sh.run("cat /proc/sys/kernel/random/boot_id")
        if now_id.strip() == boot_id.strip():
            raise Fail("the guest did not reboot")
        if not wait_active(sh, 300):
            raise Fail("the kiosk did not come back after the reboot")
        print("reboot: kiosk ready %.1f s after systemctl reboot" % (time.time() - t), flush=True)
        _, out = sh.run("runuser -u stagekiosk -- mkdir -p /var/lib/stagekiosk/after && " + cli +
                        " export --to /var/lib/stagekiosk/after 2>&1; "
                        "grep -rl 900001 /var/lib/stagekiosk/after | head -n 3", check=False)
        check("check-in survives a reboot", "after" in out, out.strip().replace("\n", " ")[-200:])
        sh.run("rm -rf /var/lib/stagekiosk/after", check=False)
        _, saved = sh.run("stat -c %Y /var/lib/systemd/timesync/clock", check=False)
        ok = saved.strip().isdigit() and int(saved.strip()) >= int(before.strip())
        check("time saved at shutdown on the data partition", ok,
              "clock file %s, shutdown after %s" % (saved.strip(), before.strip()))

        # A/B updates from the stick, rollback, power cuts.
        up = read_places(os.path.join(work, "where_update.txt"))
        seed = os.environ.get("IMAGETEST_SEED")
        update_figures = imagetest_update.run(
            sh, mon, os.path.join(work, "qmp.sock"), cli, check, lambda t: wait_active(sh, t),
            {"stick": up[0], "update": up[1], "install": up[2], "work": work},
            powercuts=int(os.environ.get("POWERCUTS", "10")), seed=int(seed) if seed else None)
    except OnlyBoot:
        print("IMAGETEST_ONLY=boot: the first boot, the Pi's U-Boot and the timed boots only",
              flush=True)
    except (Fail, RuntimeError, OSError) as e:
        check("image test ran to the end", False, str(e))
    finally:
        try:
            mon.cmd("quit")
        except OSError:
            pass
        try:
            qemu.wait(20)
        except subprocess.TimeoutExpired:
            qemu.kill()
    # The image as built, on the Pi's own U-Boot (QEMU's raspi3b).
    try:
        imagetest_pi.run(image, work, check)
    except (subprocess.SubprocessError, OSError) as e:
        check("the image boots on the Pi's U-Boot", False, str(e))
    if update_figures:
        bundle = os.path.join(os.path.dirname(work), "test-bundles", "good.raucb")
        size = os.path.getsize(bundle) / 1048576 if os.path.exists(bundle) else 0
        print("update: bundle %.0f MiB; install %.0f s, restart into the new slot %.0f s, "
              "rollback after a broken update %.0f s (host time, TCG)"
              % (size, update_figures.get("install", 0), update_figures.get("restart", 0),
                 update_figures.get("rollback", 0)), flush=True)
    boot_line = None
    if results and results[0][1]:  # the kiosk came up at all
        try:
            boot_line = imagetest_timing.run(
                qemu_cmd, work, Serial, log, lambda sh2, t: wait_active(sh2, t),
                shift=int(os.environ.get("IMAGETEST_ICOUNT_SHIFT", "0")))
        except (Fail, RuntimeError, OSError) as e:
            check("boot timed under icount", False, str(e))
    failed = sum(1 for _, ok in results if not ok)
    print("\n%d passed, %d failed" % (len(results) - failed, failed))
    if boot_line:
        print(boot_line)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
