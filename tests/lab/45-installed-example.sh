#!/bin/sh
# The library as a user installs it: examples/hello-aarch32.c, built by
# mk/install.mk against a staged `make install` with pkg-config's flags only
# (static), runs an AArch32 guest whose one MMIO register it serves.
# lab-timeout: 60
t=/bin/hello-aarch32-installed
if [ ! -x $t ]; then
	echo "FAIL: installed-example $t is missing (make build/arm64/hello-aarch32-installed)"
	exit 0
fi
if kvmcheck 2>/dev/null | grep -q '^el1_32bit=0'; then
	echo "SKIP: installed-example this host's KVM cannot run AArch32 guests"
	exit 0
fi
out=$($t 100 2>&1)
rc=$?
if [ $rc = 0 ] && [ "$out" = "hello-aarch32: the guest says 1 + ... + 100 = 5050" ]; then
	echo "PASS: installed-example"
else
	echo "FAIL: installed-example exit $rc: $(echo "$out" | tail -n 1)"
fi
