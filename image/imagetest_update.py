"""imagetest_update.py: A/B updates in the emulated Pi, the way a school
meets them (image/README.md, "Updates").

The host made four RAUC bundles from the image's own root file system
(image/imagetest.sh): 0.2.0 (the same system, its version raised), 0.2.1
(whose kiosk exits at start), 0.2.0 with one byte changed (tampered), and
0.3.0 (for the power cuts). They lie in bundles/ on the virtual stick; the
test moves one at a time to the stick's top level, where the kiosk looks.

  - the slot the image boots is marked good once the kiosk has run a minute;
  - tampered: teacher mode refuses it and nothing changes;
  - 0.2.0 through teacher mode (corner, PIN, "Update installeren",
    "Installeren"): the kiosk restarts into the other slot, says it runs
    0.2.0, and the check-in made before is still there;
  - 0.2.1: its kiosk never starts, so after U-Boot's three tries the old
    slot boots again by itself, with the data, and teacher mode says the
    update was rolled back;
  - the power is cut (QEMU system_reset) at random moments of an install,
    POWERCUTS times (10) with the seed printed: every time the kiosk comes
    back on one of the two versions, with its data.
"""
import os
import random
import time

from imagetest_input import QMP, mark, wait_log

STICK = "/media/stagekiosk-usb"
CURSOR = "/run/imagetest-update.cursor"


def stick_in(sh):
    """The stick mounted again, as if plugged in (an earlier check had the
    kiosk unmount it)."""
    st, _ = sh.run("mountpoint -q " + STICK, check=False)
    if st != 0:
        sh.run("udevadm trigger --action=add --settle \"$(readlink -f /dev/disk/by-label/STICK)\"")
        sh.run("for i in $(seq 30); do mountpoint -q %s && exit 0; sleep 0.5; done; exit 1" % STICK)


def offer(sh, name):
    """Only bundle `name` on the stick's top level (a rename: instant)."""
    stick_in(sh)
    sh.run("cd %s && for f in *.raucb; do [ ! -e \"$f\" ] || mv \"$f\" bundles/; done; "
           "mv bundles/%s . && sync" % (STICK, name))


def env(sh, name):
    _, out = sh.run("fw_printenv -n %s" % name, check=False)
    return out.strip()


def slot(sh):
    _, out = sh.run("sed -n 's/.*rauc\\.slot=\\([AB]\\).*/\\1/p' /proc/cmdline")
    return out.strip()


def release(sh):
    _, out = sh.run("cat /etc/stagekiosk-release")
    return out.strip()


def confirmed(sh, timeout=240):
    """Waits for stagekiosk-confirm to end; its last log line."""
    end = time.time() + timeout
    while time.time() < end:
        _, st = sh.run("systemctl show -p ActiveState --value stagekiosk-confirm.service", check=False)
        if st.strip() in ("inactive", "failed"):
            break
        time.sleep(3)
    _, out = sh.run("journalctl -b -u stagekiosk-confirm.service -o cat --no-pager | "
                    "grep -E 'is good|did not come up|restarting|unconfirmed' | tail -n 1", check=False)
    return out.strip()


def has_checkin(sh, cli):
    _, out = sh.run("runuser -u stagekiosk -- mkdir -p /var/lib/stagekiosk/upd && " + cli +
                    " export --to /var/lib/stagekiosk/upd >/dev/null 2>&1; "
                    "grep -rl 900001 /var/lib/stagekiosk/upd | head -n 1; "
                    "rm -rf /var/lib/stagekiosk/upd", check=False)
    return bool(out.strip())


def guest_places(sh, places):
    """Where "USB-stick" and "Update installeren" are now, asked of the
    guest's own kiosk, headless, on a copy of its data and at the guest's
    time: the menu's lines (an update's note, a wrong clock) move the
    buttons. The host's places otherwise."""
    scn = ("press -10 10 3200\nkey 2\nkey 4\nkey 6\nkey 8\nkey Return\nexpect screen teacher\n"
           "where \"USB-stick\"\ntap \"USB-stick\"\nwhere \"Update installeren\"\n")
    st, out = sh.run(
        "rm -rf /tmp/wd && cp -a /var/lib/stagekiosk /tmp/wd && "
        "{ echo \"clock $(date '+%%Y-%%m-%%d %%H:%%M')\"; printf '%s'; } >/tmp/wd/where.scn && "
        "chown -R stagekiosk: /tmp/wd && conf=/etc/stagekiosk/stagekiosk.conf && "
        "{ [ ! -r /boot/firmware/stagekiosk.conf ] || conf=/boot/firmware/stagekiosk.conf; } && "
        "runuser -u stagekiosk -- env SDL_VIDEODRIVER=dummy STAGEKIOSK_LOG=quiet stagekiosk "
        "--config $conf --data /tmp/wd --headless --script /tmp/wd/where.scn --size 1280x800; "
        "rm -rf /tmp/wd" % scn.replace("\n", "\\n"), timeout=120, check=False)
    found = {}
    for line in out.splitlines():
        parts = line.rsplit(" ", 2)
        if line.startswith("where ") and len(parts) == 3:
            found[parts[0][7:-1]] = (float(parts[1]), float(parts[2]))
    if "USB-stick" in found and "Update installeren" in found:
        return found["USB-stick"], found["Update installeren"]
    print("(the guest's kiosk gave no places: %s; the host's are used)" % out[-200:], flush=True)
    return places["stick"], places["update"]


def teacher_update(sh, mon, qmp, places):
    """Teacher mode's update page for the bundle on the stick: hold the
    corner, type the PIN, tap "USB-stick", then "Update installeren". The kiosk's log line
    of the check (checked or refused)."""
    stick, update = guest_places(sh, places)
    mark(sh, CURSOR)
    qmp.tap(0.985, 0.03, hold_s=3.8)
    if not wait_log(sh, CURSOR, "teacher: keypad opened", 10):
        raise RuntimeError("the PIN keypad did not open")
    for k in "2468":
        mon.cmd("sendkey " + k)
    mon.cmd("sendkey ret")
    time.sleep(2)
    qmp.tap(*stick)
    time.sleep(1)
    qmp.tap(*update)
    lines = wait_log(sh, CURSOR, "update: (refused|.* checked:)", 600)
    return lines[-1] if lines else ""


def reboot_wait(sh, wait_active, timeout=900):
    """After the guest restarted by itself: its shell and the kiosk."""
    sh.wait_shell(timeout)
    return wait_active(timeout)


def run(sh, mon, qmp_path, cli, check, wait_active, places, powercuts=10, seed=None):
    qmp = QMP(qmp_path)
    figures = {}
    try:
        # The image's slot, confirmed after the kiosk ran a minute.
        note = confirmed(sh)
        check("the booted slot is marked good once the kiosk has run a minute",
              slot(sh) == "A" and env(sh, "BOOT_A_LEFT") == "3" and "is good" in note,
              "slot %s, BOOT_A_LEFT=%s: %s" % (slot(sh), env(sh, "BOOT_A_LEFT"), note))
        sh.run("systemctl restart stagekiosk.service", timeout=120)  # a clean idle screen
        wait_active(120)
        time.sleep(3)

        # A tampered bundle: refused, nothing changes.
        before = (env(sh, "BOOT_ORDER"), env(sh, "BOOT_B_LEFT"))
        offer(sh, "tampered.raucb")
        line = teacher_update(sh, mon, qmp, places)
        mon.cmd("screendump " + os.path.join(places["work"], "update-tampered.ppm"))
        after = (env(sh, "BOOT_ORDER"), env(sh, "BOOT_B_LEFT"))
        check("a tampered bundle is refused and nothing changes",
              "refused" in line and before == after, "%s; slots %s" % (line[-120:], after))
        sh.run("systemctl restart stagekiosk.service", timeout=120)
        wait_active(120)
        time.sleep(3)

        # 0.2.0 through teacher mode.
        offer(sh, "good.raucb")
        line = teacher_update(sh, mon, qmp, places)
        mon.cmd("screendump " + os.path.join(places["work"], "update-ready.ppm"))
        if "checked" not in line:
            raise RuntimeError("the good bundle was not accepted: " + line)
        t = time.time()
        qmp.tap(*places["install"])
        lines = wait_log(sh, CURSOR, "update: .*(installed|failed)", 1200)
        figures["install"] = time.time() - t
        check("teacher mode installs 0.2.0 into the other slot", bool(lines) and "installed" in lines[-1],
              "%.0f s; %s" % (figures["install"], lines[-1][-100:] if lines else "no log line"))
        t = time.time()
        pid = reboot_wait(sh, wait_active)  # the kiosk asks for the restart by itself
        figures["restart"] = time.time() - t
        check("it restarts into slot B and runs 0.2.0, with the check-in",
              pid != 0 and slot(sh) == "B" and release(sh) == "0.2.0" and has_checkin(sh, cli),
              "slot %s, version %s, ready %.0f s after the restart began"
              % (slot(sh), release(sh), figures["restart"]))
        note = confirmed(sh)
        _, said = sh.run("journalctl -b -u stagekiosk.service -o cat --no-pager | "
                         "grep -m1 'update: Bijgewerkt' || true", check=False)
        if not said.strip():  # the note comes with the confirmation: the kiosk reads it at start
            sh.run("systemctl restart stagekiosk.service", timeout=120)
            wait_active(120)
            _, said = sh.run("journalctl -b -u stagekiosk.service -o cat --no-pager | "
                             "grep -m1 'update: Bijgewerkt' || true", check=False)
        check("slot B confirmed; teacher mode says which version runs",
              env(sh, "BOOT_B_LEFT") == "3" and "0.2.0" in said, "%s | %s" % (note, said.strip()))

        # 0.2.1, whose kiosk never starts: U-Boot goes back by itself.
        sh.run("systemctl restart stagekiosk.service", timeout=120)
        wait_active(120)
        time.sleep(3)
        offer(sh, "bad.raucb")
        line = teacher_update(sh, mon, qmp, places)
        if "checked" not in line:
            raise RuntimeError("the 0.2.1 bundle was not accepted: " + line)
        qmp.tap(*places["install"])
        lines = wait_log(sh, CURSOR, "update: .*(installed|failed)", 1200)
        if not lines or "installed" not in lines[-1]:
            raise RuntimeError("0.2.1 did not install: %s" % lines)
        t = time.time()
        sh.read_until(rb"Starting kernel", 300)
        boots = 1
        while True:  # each try of the broken slot ends in a restart
            out, _ = sh.read_until(rb"stagekiosk: booting slot [AB]", 900)
            if out.endswith(b"slot B"):
                break
            boots += 1
            if boots > 6:
                raise RuntimeError("U-Boot never went back to slot B")
        pid = reboot_wait(sh, wait_active)
        figures["rollback"] = time.time() - t
        note = confirmed(sh)
        _, said = sh.run("journalctl -b -u stagekiosk.service -o cat --no-pager | "
                         "grep -m1 'update: De update naar' || true", check=False)
        if not said.strip():
            sh.run("systemctl restart stagekiosk.service", timeout=120)
            wait_active(120)
            _, said = sh.run("journalctl -b -u stagekiosk.service -o cat --no-pager | "
                             "grep -m1 'update: De update naar' || true", check=False)
        check("a kiosk that never starts is rolled back to 0.2.0 by itself, with the data",
              pid != 0 and slot(sh) == "B" and release(sh) == "0.2.0" and has_checkin(sh, cli),
              "%d tries of slot A, back on slot %s (%s) %.0f s after the restart"
              % (boots, slot(sh), release(sh), figures["rollback"]))
        check("teacher mode says the update was rolled back", "0.2.1" in said and "teruggedraaid" in said,
              said.strip() or note)

        # Power cuts at random moments of an install.
        seed = seed if seed is not None else random.randrange(1 << 16)
        rng = random.Random(seed)
        span = max(figures["install"], 30.0)
        print("power cuts: seed %d (IMAGETEST_SEED=%d repeats them), install takes about %.0f s"
              % (seed, seed, span), flush=True)
        offer(sh, "next.raucb")
        versions, ok = [], True
        for i in range(powercuts):
            bundle = "%s/next.raucb" % STICK
            sh.run("(runuser -u stagekiosk -- rauc install %s >/run/cut.log 2>&1 &)" % bundle)
            at = rng.uniform(0, span * 1.1)
            time.sleep(at)
            mon.cmd("system_reset")
            sh.buf = b""
            pid = reboot_wait(sh, wait_active, 600)
            v = release(sh) if pid else "?"
            data = pid != 0 and has_checkin(sh, cli)
            versions.append("%s@%.0fs:%s%s" % (slot(sh) if pid else "?", at, v, "" if data else "!"))
            ok = ok and pid != 0 and v in ("0.2.0", "0.3.0") and data
            stick_in(sh)
        check("%d power cuts during installs: the kiosk always comes back on one version, with its data"
              % powercuts, ok, "seed %d: %s" % (seed, " ".join(versions)))
    finally:
        qmp.close()
    return figures
