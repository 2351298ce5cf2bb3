"""imagetest_input.py: the kiosk's real input paths in the emulated Pi.

Buttons: QEMU's virt machine has a PL061 GPIO controller; the monitor's
system_powerdown raises its line 3 for about 100 ms (hw/gpio/gpio_key.c).
The test boots with gpio_keys kept off that line, configures one arcade
button on it with its LED on line 4, and shows that a press goes
through the kernel's GPIO character device into a committed vote stamped
with the kernel's event time, that presses during the lock are rejected,
and that the LED lines are held as outputs by the kiosk.

Touch: a QEMU usb-tablet is an absolute pointer in the kernel's input layer
(evdev), as a touch panel is. Taps are sent with QMP input-send-event at the
places the host's headless kiosk reports for the same controls (the
scenario step `where`, fractions of the panel, rotation included).
"""
import json
import re
import socket
import time


class QMP:
    """QEMU's machine protocol: one JSON command, its answer, events skipped."""

    def __init__(self, path):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.connect(path)
        self.sock.settimeout(10)
        self.buf = b""
        self._reply()  # greeting
        self.execute("qmp_capabilities")

    def _reply(self):
        while True:
            while b"\n" not in self.buf:
                data = self.sock.recv(65536)
                if not data:
                    raise OSError("QMP closed")
                self.buf += data
            line, self.buf = self.buf.split(b"\n", 1)
            msg = json.loads(line)
            if "event" not in msg:
                return msg

    def execute(self, cmd, **args):
        req = {"execute": cmd}
        if args:
            req["arguments"] = args
        self.sock.sendall(json.dumps(req).encode() + b"\n")
        msg = self._reply()
        if "error" in msg:
            raise OSError("QMP %s: %s" % (cmd, msg["error"].get("desc")))
        return msg.get("return")

    def pointer(self, fx, fy, down=None):
        """Moves the tablet to (fx, fy), fractions of the panel; then presses
        (down=True) or releases (False) the left button."""
        ev = [{"type": "abs", "data": {"axis": "x", "value": int(fx * 0x7fff)}},
              {"type": "abs", "data": {"axis": "y", "value": int(fy * 0x7fff)}}]
        if down is not None:
            ev.append({"type": "btn", "data": {"down": down, "button": "left"}})
        self.execute("input-send-event", events=ev)

    def tap(self, fx, fy, hold_s=0.15):
        self.pointer(fx, fy)
        time.sleep(0.05)
        self.pointer(fx, fy, True)
        time.sleep(hold_s)
        self.pointer(fx, fy, False)

    def close(self):
        self.sock.close()


def uptime(sh):
    _, out = sh.run("cut -d' ' -f1 /proc/uptime")
    return float(out.strip())


def journal_since(sh, cursor_file, pattern):
    """Kiosk log lines matching pattern written since the cursor was saved."""
    _, out = sh.run("journalctl -u stagekiosk.service --no-pager -o cat --after-cursor "
                    "\"$(cat %s)\" | grep -E %s || true" % (cursor_file, shell_quote(pattern)),
                    check=False)
    return [l for l in out.splitlines() if l.strip()]


def mark(sh, cursor_file):
    sh.run("journalctl -u stagekiosk.service -n 0 --show-cursor --no-pager | "
           "sed -n 's/^-- cursor: //p' > %s" % cursor_file)


def shell_quote(s):
    return "'" + s.replace("'", "'\\''") + "'"


def wait_log(sh, cursor_file, pattern, timeout):
    end = time.time() + timeout
    while True:
        lines = journal_since(sh, cursor_file, pattern)
        if lines or time.time() > end:
            return lines
        time.sleep(0.5)


def config_file(sh):
    _, out = sh.run("if [ -r /boot/firmware/stagekiosk.conf ]; then echo /boot/firmware/stagekiosk.conf;"
                    " else echo /etc/stagekiosk/stagekiosk.conf; fi")
    return out.strip()


def set_config(sh, extra):
    """The kiosk's config with extra appended, and the kiosk restarted. The
    boot partition is mounted read-only, so the test's copy is bound over
    the file (in RAM: gone at the next boot)."""
    conf = config_file(sh)
    sh.run("! grep -q \" %s \" /proc/self/mountinfo || umount %s" % (conf, conf))
    sh.run("cp %s /run/imagetest.conf && printf %s >> /run/imagetest.conf && "
           "mount --bind /run/imagetest.conf %s" % (conf, shell_quote(extra), conf))
    sh.run("systemctl restart stagekiosk.service", timeout=120)


def restore_config(sh):
    conf = config_file(sh)
    sh.run("! grep -q \" %s \" /proc/self/mountinfo || umount %s" % (conf, conf))


def votes(sh, cli):
    """n and the rejected count of the current poll, from `poll results`."""
    _, out = sh.run(cli + " poll results 2>&1", check=False)
    n = re.search(r"n = (\d+)", out)
    rej = re.search(r"en (\d+) keer gedrukt", out)
    return (int(n.group(1)) if n else -1), (int(rej.group(1)) if rej else 0), out


def run(sh, mon, qmp_path, cli, check, wait_active, places):
    """The button and touch checks. places: the host's `where` answers,
    {"answer": (fx, fy), "answer180": (fx, fy)}."""
    cur = "/root/imagetest.cursor"
    sh.run(cli + " poll open terugkomdag 1")

    # ---- the arcade button on the PL061 -------------------------------
    _, chips = sh.run("gpiodetect", check=False)
    m = re.search(r"^(gpiochip\d+) \[[^\]]*pl061[^\]]*\]", chips, re.M)
    chip = m.group(1) if m else "gpiochip0"
    print("gpio: " + chips.strip().replace("\n", " | "), flush=True)
    set_config(sh, "\n[buttons]\nchip = %s\npins = 3\nleds = 4\nactive_low = nee\n"
                   "lockout_ms = 2000\n" % chip)
    wait_active(60)
    time.sleep(3)  # the poll screen is up and the lines are requested
    _, info = sh.run("gpioinfo %s" % chip, check=False)
    leds = [l for l in info.splitlines() if re.match(r"\s*line\s+4:", l)]
    check("LED line held by the kiosk as an output",
          len(leds) == 1 and all("output" in l and "stagekiosk" in l for l in leds),
          " | ".join(" ".join(l.split()) for l in leds) or info[-200:])
    line3 = [l for l in info.splitlines() if re.match(r"\s*line\s+3:", l)]
    check("button line requested as an input", bool(line3) and "input" in line3[0]
          and "stagekiosk" in line3[0], " ".join(line3[0].split()) if line3 else info[-200:])

    # Three presses about half a second apart: the first is a vote, the two
    # others fall in its 2 s lock (one write of the count when it ends).
    mark(sh, cur)
    n0, _, _ = votes(sh, cli)
    t_before = uptime(sh)
    for k in range(3):
        if k:
            time.sleep(0.2)  # the monitor's own round trip adds about 0.3 s
        mon.cmd("system_powerdown")
    lines = wait_log(sh, cur, "a vote by button pressed at", 10)
    t_after = uptime(sh)
    time.sleep(3)
    n1, rej, out = votes(sh, cli)
    stamp = None
    if lines:
        m = re.search(r"pressed at (\d+)\.(\d+) s", lines[0])
        stamp = int(m.group(1)) + int(m.group(2)) / 1e6 if m else None
    ok = n1 == n0 + 1 and stamp is not None and t_before <= stamp <= t_after
    check("GPIO press through the kernel is a committed vote at the kernel's time", ok,
          "votes %d -> %d, pressed at %s s, between %.3f and %.3f s (guest uptime)%s"
          % (n0, n1, stamp, t_before, t_after, "" if ok else "; " + " / ".join(lines)[-300:]))
    check("presses during the lock are rejected, not votes", n1 == n0 + 1 and rej == 2,
          "votes %d -> %d, rejected %d" % (n0, n1, rej))
    _, state = sh.run("systemctl is-system-running; systemctl is-active stagekiosk.service",
                      check=False)
    check("the power-button line powers nothing off", "active" in state.split()[-1],
          state.replace("\n", " "))

    # ---- touch through the kernel's input layer ------------------------
    qmp = QMP(qmp_path)
    try:
        _, dev = sh.run("grep -h '^N: Name=' /proc/bus/input/devices", check=False)
        print("input: " + dev.replace("\n", " | "), flush=True)
        n3, _, _ = votes(sh, cli)
        mark(sh, cur)
        qmp.tap(*places["answer"])
        lines = wait_log(sh, cur, "a vote by touch", 10)
        n4, _, _ = votes(sh, cli)
        check("a tap on a poll answer (usb-tablet, QMP) votes", n4 == n3 + 1 and bool(lines),
              "votes %d -> %d" % (n3, n4))

        time.sleep(3)  # the thanks and the lock are over
        mark(sh, cur)
        qmp.tap(0.985, 0.03, hold_s=3.8)
        lines = wait_log(sh, cur, "teacher: keypad opened", 10)
        check("holding the top-right corner opens the PIN keypad", bool(lines))
        sh.run("systemctl restart stagekiosk.service", timeout=120)  # leave the keypad
        wait_active(60)

        set_config(sh, "\n[screen]\nrotation = 180\n")
        wait_active(60)
        time.sleep(3)
        n5, _, _ = votes(sh, cli)
        mark(sh, cur)
        qmp.tap(*places["answer180"])
        lines = wait_log(sh, cur, "a vote by touch", 10)
        n6, _, _ = votes(sh, cli)
        check("with [screen] rotation = 180 a tap lands on the control under it",
              n6 == n5 + 1 and bool(lines), "votes %d -> %d" % (n5, n6))
    finally:
        qmp.close()
        restore_config(sh)
        sh.run(cli + " poll close", check=False)
        sh.run("systemctl restart stagekiosk.service", timeout=120)
        wait_active(60)
