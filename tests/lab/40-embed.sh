#!/bin/sh
# The hosted engine library's embedding properties, checked by a small
# program linked against libarmvm.a: two VMs in one process, a stop from
# another thread, AArch64/AArch32 register mappings, MMIO, ROM, ioeventfd,
# PSCI power-off/reset, unmapped accesses, error codes. It prints its own
# PASS:/FAIL:/SKIP: lines.
t=/bin/armvm-embed-test
if [ ! -x $t ]; then
	echo "FAIL: embed program $t is missing (make build/arm64/armvm-embed-test)"
	exit 1
fi
$t
