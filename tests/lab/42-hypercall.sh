#!/bin/sh
# Hypercall callbacks only (tests/kvm/lab/memmap_test.c --only hypercall):
# the round trip with values both ways where the host's KVM has the SMCCC
# filter (Linux 6.4+: the lab's 6.12 host, lab/run.sh --kernel bpo), the
# clean refusal elsewhere. Both widths.
t=/bin/armvm-memmap-test
if [ ! -x $t ]; then
	echo "FAIL: memmap program $t is missing (make build/arm64/armvm-memmap-test)"
	exit 1
fi
$t --only hypercall
