"""imagetest_pi.py: the image's first steps on a Pi's own boot loader.

The rest of the image test boots through Debian's U-Boot for QEMU's virt
machine. Here the image as built (its boot partition untouched but for the
kernel's verbosity) boots on QEMU's raspi3b with the U-Boot the Pi runs
(u-boot-rpi, from the boot partition) and the Pi 3's device tree: U-Boot
reads uboot.env (no 2 s wait for a key), finds boot.scr on the SD card,
picks a slot from the variables in the gap and starts that slot's kernel,
whose console is the header's UART (the mini UART, ttyS1), which QEMU
gives as its second serial port. QEMU has no Pi display, so the kiosk
itself is not looked for here.
"""
import os
import re
import select
import subprocess
import time

BOOT_OFFSET = 8192 * 512  # partition 1 (image/assemble.sh)


def mtools(*args):
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def firmware_settings(path):
    """The settings of config.txt that hold on every Pi: those outside a
    section or under [all], the last one of a name winning."""
    settings, every_pi = {}, True
    with open(path) as f:
        for line in f:
            line = line.strip()
            if line.startswith("["):
                every_pi = line == "[all]"
            elif every_pi and "=" in line and not line.startswith("#"):
                name, value = line.split("=", 1)
                settings[name] = value
    return settings


def check_firmware_config(path, check):
    """The Pi firmware's own waits off (QEMU's raspi3b does not run it)."""
    s = firmware_settings(path)
    want = {"boot_delay": "0", "disable_splash": "1", "kernel": "u-boot.bin"}
    check("the Pi firmware starts U-Boot at once, on every Pi (config.txt)",
          all(s.get(k) == v for k, v in want.items()),
          ", ".join("%s=%s" % (k, s.get(k, "(unset)")) for k in want))


def run(image, work, check, timeout=300):
    sd = os.path.join(work, "pi-sd.img")
    subprocess.run(["cp", "--sparse=always", image, sd], check=True)
    size = os.path.getsize(sd)
    os.truncate(sd, 1 << (size - 1).bit_length())  # QEMU's SD card: a power of two
    part = "%s@@%d" % (sd, BOOT_OFFSET)
    for name in ("u-boot.bin", "bcm2837-rpi-3-b.dtb", "cmdline.txt", "config.txt"):
        mtools("mcopy", "-o", "-n", "-i", part, "::/" + name, os.path.join(work, "pi-" + name))
    check_firmware_config(os.path.join(work, "pi-config.txt"), check)
    # Kernel messages on: the image's quiet command line would hide the
    # very lines that show where its console went.
    cl = os.path.join(work, "pi-cmdline.txt")
    with open(cl) as f:
        line = f.read()
    with open(cl, "w") as f:
        f.write(re.sub(r" (quiet|loglevel=\d)", "", line))
    mtools("mcopy", "-o", "-i", part, cl, "::/cmdline.txt")

    uart = os.path.join(work, "pi-uart.log")
    qemu = subprocess.Popen(
        ["qemu-system-aarch64", "-M", "raspi3b",
         "-kernel", os.path.join(work, "pi-u-boot.bin"),
         "-dtb", os.path.join(work, "pi-bcm2837-rpi-3-b.dtb"),
         "-drive", "file=%s,if=sd,format=raw" % sd,
         "-serial", "null", "-serial", "stdio", "-display", "none", "-monitor", "none"],
        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    out = b""
    t0 = time.time()
    kernel_at = None
    try:
        while time.time() - t0 < timeout:
            ready, _, _ = select.select([qemu.stdout], [], [], 0.5)
            if not ready:
                continue
            chunk = os.read(qemu.stdout.fileno(), 65536)
            if not chunk:
                break
            out += chunk
            if kernel_at is None and b"Starting kernel" in out:
                kernel_at = time.time() - t0
            if re.search(rb"Kernel command line: console=ttyS1", out):
                break
    finally:
        qemu.kill()
        qemu.wait()
        with open(uart, "wb") as f:
            f.write(out)
        os.unlink(sd)
    text = out.decode(errors="replace")

    env_ok = "Loading Environment from FAT... OK" in text
    delay = re.search(r"Hit any key to stop autoboot:\s+(\d+)", text)
    check("the Pi's U-Boot (raspi3b) reads uboot.env and does not wait for a key",
          env_ok and delay is not None and delay.group(1) == "0",
          "environment %s, bootdelay %s" % ("from uboot.env" if env_ok else "built in",
                                            delay.group(1) if delay else "?"))
    slot = re.search(r"stagekiosk: booting slot (\w) \(partition (\d)\)", text)
    check("the Pi's U-Boot runs boot.scr and starts slot A's kernel",
          slot is not None and slot.group(1) == "A" and kernel_at is not None,
          "%s; kernel started %.0f s after power-on (TCG; U-Boot reads the kernel at QEMU's "
          "SD speed)" % (slot.group(0) if slot else "no slot chosen", kernel_at or 0))
    console = re.search(r"Kernel command line: (console=\S+)", text)
    check("Linux on the Pi writes its console to the header's UART (ttyS1)",
          console is not None and console.group(1).startswith("console=ttyS1"),
          console.group(0) if console else "nothing from Linux on the mini UART (%s)" % uart)
