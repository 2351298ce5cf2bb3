#!/usr/bin/env python3
"""ubootenv.py U-BOOT.BIN NAME=VALUE...: prints U-Boot's built-in default
environment, one NAME=VALUE a line (mkenvimage's input), with the given
variables set.

Why: u-boot-rpi waits bootdelay (2 s) for a key on every boot. It reads
uboot.env from the boot partition when that file's CRC is right, and then
uses that file instead of its built-in environment, so the file must hold
the whole default environment, with bootdelay=0. The default environment is
in the binary as NAME=VALUE strings, each ended by a NUL and the whole by a
second NUL, starting with bootcmd=. Exits 1 when it cannot find it: better
no uboot.env (U-Boot then uses its own) than a wrong one.
"""
import sys


def default_env(blob):
    start = 0
    while True:
        i = blob.find(b"\0bootcmd=", start)
        if i < 0:
            return None
        end = blob.find(b"\0\0", i + 1)
        names = [v.split(b"=", 1)[0] for v in blob[i + 1:end].split(b"\0")]
        if end > 0 and b"bootdelay" in names and b"boot_targets" in names:
            return [v.decode("ascii") for v in blob[i + 1:end].split(b"\0")]
        start = i + 1


def main():
    with open(sys.argv[1], "rb") as f:
        env = default_env(f.read())
    if not env or any("\n" in v or "=" not in v for v in env):
        print("ubootenv: no default environment found in %s" % sys.argv[1], file=sys.stderr)
        return 1
    wanted = dict(a.split("=", 1) for a in sys.argv[2:])
    seen = set()
    for v in env:
        name = v.split("=", 1)[0]
        seen.add(name)
        print("%s=%s" % (name, wanted[name]) if name in wanted else v)
    for name, value in wanted.items():
        if name not in seen:
            print("%s=%s" % (name, value))
    return 0


if __name__ == "__main__":
    sys.exit(main())
