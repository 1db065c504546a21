#!/bin/sh
# Snapshot and restore through the library (tests/kvm/lab/vm_state_test.c):
# the `count` guest, every CPU taking timer interrupts, is paused mid-count,
# its state, RAM and console saved to a file; a new process refuses broken
# states, restores the good one into a fresh VM and the guest counts on from
# the next number. Both widths, 1 and 4 vCPUs, on the lab's GIC
# (ARMVM_LAB_GIC: tests/suites/lab.sh runs this on GICv3 and GICv2 hosts).
t=/bin/armvm-state-test
if [ ! -x $t ]; then
	echo "FAIL: vm-state program $t is missing (make build/arm64/armvm-state-test)"
	exit 1
fi
gic=${ARMVM_LAB_GIC:-3}
aarch32=1
kvmcheck 2>/dev/null | grep -q '^el1_32bit=0' && aarch32=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# case: ARCH VCPUS [its]  (the ITS, opt-in, on the GICv3 host only: its
# tables go through guest RAM)
cases="aarch64:1 aarch64:4 aarch32:1 aarch32:4"
[ "$gic" = 3 ] && cases="$cases aarch64:1:its"
for c in $cases; do
	arch=${c%%:*} rest=${c#*:}
	n=${rest%%:*} its=
	[ "$rest" != "$n" ] && its=its
	if [ $arch = aarch32 ] && [ $aarch32 = 0 ]; then
		echo "SKIP: vm-state [$arch ${n}vcpu] this host's KVM cannot run AArch32 guests"
		continue
	fi
	f=$tmp/$arch-$n$its.state
	# shellcheck disable=SC2086 # $its: an optional word
	timeout 120 $t save "$f" "/guests/$arch/count.bin" $arch $n "$gic" $its
	rc=$?
	if [ $rc != 0 ]; then
		[ $rc = 124 ] && echo "FAIL: vm-state [$arch ${n}vcpu] save hung"
		continue
	fi
	[ -f "$f" ] || continue
	timeout 120 $t restore "$f" ||
		{ [ $? = 124 ] && echo "FAIL: vm-state [$arch ${n}vcpu] restore hung"; }
done
exit 0
