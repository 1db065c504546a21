#!/bin/sh
# The vGIC/vtimer hardware-emulation test: boot $B/el2-vgic-qemu/gictest.elf
# at EL2 on QEMU virt with a GICv3 and relay the PASS:/FAIL: lines it prints
# (list registers with the HW bit, maintenance interrupts, ICC_SGI1R trap,
# world switch of a pending timer, physical SGI, CNTHP wake-up).
B=${B:-build}
elf=$B/el2-vgic-qemu/gictest.elf
if ! command -v qemu-system-aarch64 >/dev/null 2>&1; then
	echo "SKIP: el2-vgic-qemu qemu-system-aarch64 not installed"; exit 0
fi
if [ ! -f "$elf" ]; then
	echo "FAIL: el2-vgic-qemu image $elf missing (run make)"; exit 1
fi
# -icount shift=0: guest time counts instructions, so the two latencies the
# image prints (as "# ..." lines) are exact and repeatable.
out=$(timeout 60 qemu-system-aarch64 -M virt,virtualization=on,gic-version=3 \
	-cpu cortex-a57 -smp 2 -m 256 -nographic -monitor none -serial stdio \
	-icount shift=0 -kernel "$elf" 2>&1)
rc=$?
printf '%s\n' "$out" | grep -E '^(PASS|FAIL|SKIP): |^# '
if ! printf '%s\n' "$out" | grep -qE '^el2-vgic-qemu: (all passed|FAILED)$'; then
	echo "FAIL: el2-vgic-qemu/image did not finish (qemu exit status $rc)"
	exit 1
fi
printf '%s\n' "$out" | grep -q '^FAIL: ' && exit 1
exit 0
