#!/bin/sh
# The library's changing memory map, read-only RAM reporting writes, dirty
# page tracking and hypercall callbacks, in both guest widths, from a
# program linked against libarmvm.a (tests/kvm/lab/memmap_test.c). On the
# default 6.1 host the hypercall part checks the clean ARMVM_E_UNSUPPORTED;
# 42-hypercall runs the round trip on the 6.12 host (tests/suites/lab.sh).
t=/bin/armvm-memmap-test
if [ ! -x $t ]; then
	echo "FAIL: memmap program $t is missing (make build/arm64/armvm-memmap-test)"
	exit 1
fi
$t
