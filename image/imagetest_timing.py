"""imagetest_timing.py: the boot's milestones on a clock that does not move
with the host's load.

Under `-icount shift=N,sleep=off` QEMU's guest clock follows the number of
instructions run (2^N nanoseconds each, N = 0 unless IMAGETEST_ICOUNT_SHIFT
says otherwise; idle time is skipped), so the same
image gives the same figures whatever else this machine is doing. The
milestones are read afterwards from the guest itself, all on its
CLOCK_MONOTONIC (the kernel log's stamps, systemd's and the kiosk unit's
monotonic timestamps):

  kernel     kernel start -> "Run /init" (the initramfs starts)
  initramfs  "Run /init" -> systemd runs as PID 1 of the real root
  systemd    systemd's start -> the kiosk's process starts
  kiosk      the kiosk's start -> its first frame (READY, Type=notify)
"""
import re
import subprocess
import time


def icount_args(qemu_cmd, shift):
    """The image test's QEMU command, deterministic: one TCG thread with
    the instruction counter as the clock."""
    out = []
    for a in qemu_cmd:
        if a.startswith("tcg,thread=multi"):
            a = "tcg"
        out.append(a)
    return out + ["-icount", "shift=%d,sleep=off" % shift]


def us(sh, prop, unit=None):
    _, out = sh.run("systemctl show -p %s --value %s" % (prop, unit or ""), check=False)
    v = out.strip()
    return int(v) if v.isdigit() else 0


def milestones(sh):
    """Seconds on the guest's monotonic clock."""
    _, out = sh.run("dmesg | grep -m1 'Run /init as init process' || true", check=False)
    m = re.search(r"\[\s*(\d+\.\d+)\]", out)
    init = float(m.group(1)) if m else 0.0
    userspace = us(sh, "UserspaceTimestampMonotonic") / 1e6
    start = us(sh, "ExecMainStartTimestampMonotonic", "stagekiosk.service") / 1e6
    ready = us(sh, "ActiveEnterTimestampMonotonic", "stagekiosk.service") / 1e6
    return init, userspace, start, ready


def line(init, userspace, start, ready, shift):
    return ("boot (guest clock, icount %d): kernel→/init %.1f s, /init→kiosk start %.1f s, "
            "kiosk start→first frame %.1f s; first frame %.1f s after the kernel started "
            "(initramfs %.1f s, systemd %.1f s)"
            % (shift, init, start - init, ready - start, ready, userspace - init,
               start - userspace))


def run(qemu_cmd, work, Serial, log, wait_ready, shift=0, boots=3):
    """Boots the disk boots more times under icount and returns the boot
    line of the median boot (by first frame) with the spread, or raises.
    The instructions are counted exactly, but the disk's reads finish in the
    host's time, so the figures still move a little from boot to boot."""
    runs = sorted((one_boot(qemu_cmd, work, Serial, log, wait_ready, shift)
                   for _ in range(boots)), key=lambda r: r[3])
    first = [r[3] for r in runs]
    return (line(*runs[len(runs) // 2], shift=shift) +
            "; %d boots: first frame %s s" % (boots, ", ".join("%.1f" % f for f in first)))


def one_boot(qemu_cmd, work, Serial, log, wait_ready, shift):
    """One boot under icount: its milestones (init, userspace, start, ready)."""
    cmd = icount_args(qemu_cmd, shift)
    t0 = time.time()
    qemu = subprocess.Popen(cmd, stdout=open(work + "/qemu-icount.log", "w"),
                            stderr=subprocess.STDOUT)
    sh = Serial(work + "/serial.sock", log)
    try:
        sh.connect()
        sh.wait_shell(900)
        if not wait_ready(sh, 900):
            raise RuntimeError("the kiosk did not become ready under icount")
        init, userspace, start, ready = milestones(sh)
        _, chain = sh.run("systemd-analyze critical-chain stagekiosk.service --no-pager 2>&1 |"
                          " tail -n +4 | head -n 12", check=False)
        print("critical chain:\n" + chain, flush=True)
        if not (0 < init < userspace < start < ready):
            raise RuntimeError("milestones out of order: %s" % ((init, userspace, start, ready),))
        print("icount boot took %.0f s of host time: %s"
              % (time.time() - t0, line(init, userspace, start, ready, shift)), flush=True)
        return init, userspace, start, ready
    finally:
        qemu.kill()  # the last boot of the test: nothing on the disk matters now
        qemu.wait()
