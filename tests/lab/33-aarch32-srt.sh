#!/bin/sh
# Where an AArch32 guest's MMIO load or store of a banked register lands
# (guests/progs/srt-probe.c; docs/kvm-unit-tests.md "The AArch32 syndrome").
# The host's KVM takes ISS.SRT as the AArch64 view of the register, as the
# Arm ARM defines it; QEMU's TCG (the lab's L0) reports the AArch32 register
# number instead, so under it a load into LR_svc lands in LR_usr. Each probe
# line must be one of the two explained outcomes ("architectural" or
# "aarch32-number"); which one is printed as INFO, so a lab whose QEMU
# follows the architecture shows it. armvm takes no part in the decode (the
# host's KVM completes the access): the test checks that the explanation
# of kvm-unit-tests' AArch32 pl031 result holds on this lab.
# lab-timeout: 120

gic=${ARMVM_LAB_GIC:-3}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if kvmcheck 2>/dev/null | grep -q '^el1_32bit=0'; then
	echo "SKIP: aarch32-srt this host's KVM cannot run AArch32 guests"
	exit 0
fi
timeout 60 armvm run --gic "$gic" --aarch32 /guests/aarch32/srt-probe.elf \
	>"$tmp/out" 2>"$tmp/err" </dev/null
rc=$?
n=$(grep -c '^srt-probe: .*: \(architectural\|aarch32-number\) ' "$tmp/out")
if [ $rc != 0 ] || [ "$n" != 4 ] || ! grep -q '^srt-probe: done' "$tmp/out"; then
	echo "FAIL: aarch32-srt armvm exit $rc, $n of 4 explained outcomes: $(grep -m 1 'wrong' "$tmp/out")$(head -n 1 "$tmp/err")"
	cat "$tmp/out"
else
	echo "PASS: aarch32-srt"
	sed -n 's/^srt-probe: \(.*\) (.*/INFO: srt-probe \1/p' "$tmp/out"
fi
timeout 60 armvm run --gic "$gic" /guests/aarch64/srt-probe.elf >"$tmp/out" 2>"$tmp/err" </dev/null
if [ $? = 0 ] && grep -q '^srt-probe: AArch64 has no banked registers' "$tmp/out"; then
	echo "PASS: aarch64-srt"
else
	echo "FAIL: aarch64-srt $(head -n 1 "$tmp/err")"
fi
