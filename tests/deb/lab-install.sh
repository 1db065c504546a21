#!/bin/sh
# Run inside the lab by tests/suites/deb.sh (lab/run.sh --run, files in
# /extra): install the packages on the nested arm64 host the way dpkg does,
# with busybox's dpkg applet on an empty package database, first their
# dependencies as Debian ships them (/extra/deb-deps: libc6, libfdt1,
# libfdt-dev and what they need), then armvm, libarmvm0 and libarmvm-dev;
# then use them:
# /usr/bin/armvm runs a guest (its console must match QEMU's transcript),
# a program linked against the installed libarmvm.so.0 runs its guest, and
# the packages are removed again. Prints PASS:/FAIL: lines.
cd /extra || { echo "FAIL: lab-files /extra is missing"; exit 1; }
mkdir -p /var/lib/dpkg/info /var/lib/dpkg/updates /var/lib/dpkg/triggers
: >>/var/lib/dpkg/status
status=0
fail() { echo "FAIL: $1 $2"; status=1; }

# shellcheck disable=SC2046 # file lists
if out=$(dpkg -i $(cat deb-deps) 2>&1); then
	echo "PASS: lab-install-dependencies"
else
	fail lab-install-dependencies "$(echo "$out" | tail -n 2 | tr '\n' ' ')"
fi
# shellcheck disable=SC2046
if out=$(dpkg -i $(cat deb-ours) 2>&1); then
	bad=""
	for p in armvm libarmvm0 libarmvm-dev; do
		awk -v p="$p" '/^Package: / { cur = $2 } /^Status: / && cur == p { s = $0 }
			END { exit s != "Status: install ok installed" }' /var/lib/dpkg/status || bad="$bad $p"
	done
	[ -z "$bad" ] && echo "PASS: lab-install" || fail lab-install "not installed:$bad"
else
	fail lab-install "$(echo "$out" | tail -n 3 | tr '\n' ' ')"
fi

if [ ! -x /usr/bin/armvm ]; then
	fail lab-run-guest "/usr/bin/armvm is missing"
elif ! out=$(/usr/bin/armvm --version 2>&1) || [ "${out%(git unknown)}" != "$out" ]; then
	fail lab-run-guest "armvm --version: $(echo "$out" | tail -n 1)"
else
	echo "INFO: installed $out"
	timeout 60 /usr/bin/armvm run /extra/hello.elf >/tmp/deb-hello.out 2>/tmp/deb-hello.err
	rc=$?
	if [ $rc = 0 ] && cmp -s /tmp/deb-hello.out /extra/hello.txt; then
		echo "PASS: lab-run-guest"
	else
		fail lab-run-guest "exit $rc: $(head -n 2 /tmp/deb-hello.err /tmp/deb-hello.out | tr '\n' ' ')"
	fi
fi

# Built on the build machine against the libarmvm-dev package's files with
# pkg-config; runs here on the installed shared library.
if out=$(timeout 60 /extra/hello-aarch32-deb 10 2>&1) &&
   [ "$out" = "hello-aarch32: the guest says 1 + ... + 10 = 55" ]; then
	echo "PASS: lab-shared-library"
else
	fail lab-shared-library "$(echo "$out" | tail -n 1)"
fi

if out=$(dpkg -P libarmvm-dev armvm libarmvm0 2>&1) && [ ! -e /usr/bin/armvm ] &&
   [ ! -e /usr/lib/aarch64-linux-gnu/libarmvm.so.0 ] && [ ! -e /usr/include/armvm/armvm.h ]; then
	echo "PASS: lab-remove"
else
	fail lab-remove "$(echo "$out" | tail -n 2 | tr '\n' ' ')"
fi
exit $status
