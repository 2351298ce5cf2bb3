# boot.cmd: U-Boot's boot script (boot.scr on the boot partition, made with
# mkimage from u-boot-tools). The same script runs on the Pi (u-boot-rpi,
# mmc) and in QEMU (u-boot-qemu's qemu_arm64, virtio): it picks a root slot
# by RAUC's U-Boot convention and loads the kernel from that slot.
#
#   BOOT_ORDER   "A B" or "B A": the slot tried first comes first
#   BOOT_A_LEFT  tries left for slot A (partition 2), counted down here on
#   BOOT_B_LEFT  every boot; Linux (rauc status mark-good) sets it back to
#                3 once the kiosk has stayed up (stagekiosk-confirm)
#
# Where these live: two copies of 16 KiB in the unpartitioned gap before
# partition 1 (bytes 0x100000 and 0x110000), in U-Boot's redundant format
# (CRC, a flag byte counting up, the variables), the same layout that
# fw_setenv writes (/etc/fw_env.config). A write always goes to the older
# copy, so a power cut during it leaves the newer copy whole. No file
# system is written at boot, and the boot partition stays read-only.

setenv sk_blks 0x20
setenv sk_blk0 0x800
setenv sk_blk1 0x880
setenv sk_b0 ${kernel_addr_r}
setexpr sk_b1 ${kernel_addr_r} + 0x10000
setexpr sk_t ${kernel_addr_r} + 0x20000
setexpr sk_f0 ${sk_b0} + 4
setexpr sk_f1 ${sk_b1} + 4
setexpr sk_d0 ${sk_b0} + 5
setexpr sk_d1 ${sk_b1} + 5
setexpr sk_td ${sk_t} + 4

# Defaults, used when neither copy is readable.
setenv BOOT_ORDER "A B"
setenv BOOT_A_LEFT 3
setenv BOOT_B_LEFT 3

# A copy is valid when its CRC matches: rebuild "CRC, variables" at sk_t
# and let env import -c check it. Only the three slot variables are taken.
setenv sk_ok0 0
setenv sk_ok1 0
${devtype} read ${sk_b0} ${sk_blk0} ${sk_blks}
cp.b ${sk_b0} ${sk_t} 4
cp.b ${sk_d0} ${sk_td} 0x3ffb
if env import -c ${sk_t} 0x3fff BOOT_ORDER BOOT_A_LEFT BOOT_B_LEFT; then setenv sk_ok0 1; fi
${devtype} read ${sk_b1} ${sk_blk1} ${sk_blks}
cp.b ${sk_b1} ${sk_t} 4
cp.b ${sk_d1} ${sk_td} 0x3ffb
if env import -c ${sk_t} 0x3fff BOOT_ORDER BOOT_A_LEFT BOOT_B_LEFT; then setenv sk_ok1 1; fi

# The newer valid copy wins (its flag is one more, 0xff wraps to 0); it is
# imported last. sk_new is the copy to write next: the other one.
setenv sk_cur 0
if test ${sk_ok1} = 1; then
    setenv sk_cur 1
    if test ${sk_ok0} = 1; then
        if itest.b *${sk_f0} -gt *${sk_f1}; then setenv sk_cur 0; fi
        if itest.b *${sk_f0} == 0 && itest.b *${sk_f1} == 0xff; then setenv sk_cur 0; fi
        if itest.b *${sk_f1} == 0 && itest.b *${sk_f0} == 0xff; then setenv sk_cur 1; fi
    fi
fi
setenv sk_flag 0
if test ${sk_cur} = 0; then
    setenv sk_new 1
    if test ${sk_ok0} = 1; then
        setexpr.b sk_flag *${sk_f0}
        cp.b ${sk_b0} ${sk_t} 4
        cp.b ${sk_d0} ${sk_td} 0x3ffb
        env import -c ${sk_t} 0x3fff BOOT_ORDER BOOT_A_LEFT BOOT_B_LEFT
    fi
else
    setenv sk_new 0
    setexpr.b sk_flag *${sk_f1}
    cp.b ${sk_b1} ${sk_t} 4
    cp.b ${sk_d1} ${sk_td} 0x3ffb
    env import -c ${sk_t} 0x3fff BOOT_ORDER BOOT_A_LEFT BOOT_B_LEFT
fi
echo "stagekiosk: env copy ${sk_cur} (valid: ${sk_ok0} ${sk_ok1}, flag ${sk_flag}): BOOT_ORDER=${BOOT_ORDER} A=${BOOT_A_LEFT} B=${BOOT_B_LEFT}"

# The first slot in BOOT_ORDER with tries left; one try is used up now.
setenv sk_slot
for s in ${BOOT_ORDER}; do
    if test -z "${sk_slot}"; then
        if test "${s}" = "A" && test ${BOOT_A_LEFT} -gt 0; then
            setexpr BOOT_A_LEFT ${BOOT_A_LEFT} - 1
            setenv sk_slot A
            setenv sk_part 2
        fi
        if test "${s}" = "B" && test ${BOOT_B_LEFT} -gt 0; then
            setexpr BOOT_B_LEFT ${BOOT_B_LEFT} - 1
            setenv sk_slot B
            setenv sk_part 3
        fi
    fi
done
if test -z "${sk_slot}"; then
    # Every slot in BOOT_ORDER used up its tries: give them their tries
    # back and start with the first, rather than never booting (a kiosk
    # that fails on every slot keeps trying them). A slot RAUC took out of
    # BOOT_ORDER (being written, or bad) stays out.
    echo "stagekiosk: no slot has tries left; giving the slots in BOOT_ORDER their tries back"
    if test -z "${BOOT_ORDER}"; then setenv BOOT_ORDER "A B"; fi
    for s in ${BOOT_ORDER}; do
        if test "${s}" = "A"; then setenv BOOT_A_LEFT 3; fi
        if test "${s}" = "B"; then setenv BOOT_B_LEFT 3; fi
        if test -z "${sk_slot}"; then
            setenv sk_slot ${s}
            if test "${s}" = "A"; then setenv sk_part 2; setenv BOOT_A_LEFT 2; fi
            if test "${s}" = "B"; then setenv sk_part 3; setenv BOOT_B_LEFT 2; fi
        fi
    done
fi

# Save the counts into the older copy, flag one up.
setexpr sk_flag ${sk_flag} + 1
env export -c -s 0x3fff ${sk_t} BOOT_ORDER BOOT_A_LEFT BOOT_B_LEFT
if test ${sk_new} = 0; then
    cp.b ${sk_t} ${sk_b0} 4
    mw.b ${sk_f0} ${sk_flag} 1
    cp.b ${sk_td} ${sk_d0} 0x3ffb
    ${devtype} write ${sk_b0} ${sk_blk0} ${sk_blks}
else
    cp.b ${sk_t} ${sk_b1} 4
    mw.b ${sk_f1} ${sk_flag} 1
    cp.b ${sk_td} ${sk_d1} 0x3ffb
    ${devtype} write ${sk_b1} ${sk_blk1} ${sk_blks}
fi
echo "stagekiosk: booting slot ${sk_slot} (partition ${sk_part}), BOOT_A_LEFT=${BOOT_A_LEFT} BOOT_B_LEFT=${BOOT_B_LEFT}"

# The kernel command line: cmdline= in cmdline.txt on the boot partition
# (one line; a school or the image test may edit it), then the slot.
setenv cmdline
if fatload ${devtype} ${devnum}:1 ${sk_t} cmdline.txt; then
    env import -t ${sk_t} ${filesize} cmdline
fi
setenv bootargs "${cmdline} root=PARTUUID=5354414b-0${sk_part} rauc.slot=${sk_slot}"
echo "stagekiosk: bootargs ${bootargs}"

# Kernel and initramfs come from the slot itself, so an update brings its
# own kernel. The device tree: the Pi firmware's (fdt_addr) or QEMU's.
setenv sk_fdt ${fdtcontroladdr}
if test -n "${fdt_addr}"; then setenv sk_fdt ${fdt_addr}; fi
ext4load ${devtype} ${devnum}:${sk_part} ${kernel_addr_r} /boot/vmlinuz
ext4load ${devtype} ${devnum}:${sk_part} ${ramdisk_addr_r} /boot/initrd.img
booti ${kernel_addr_r} ${ramdisk_addr_r}:${filesize} ${sk_fdt}
echo "stagekiosk: slot ${sk_slot} did not boot; resetting to try again"
reset
