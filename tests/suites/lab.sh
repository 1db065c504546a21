#!/bin/sh
# The lab suite: pack the initramfs once, then boot the nested host for the
# GICv3 variant and the GICv2 variant, running every tests/lab/*.sh in each,
# then a 6.12 host for the hypercall tests and a cortex-a76 host (no
# AArch32 at EL1) for the one test that needs it.
# Results print as "PASS: [gicv3] name"; extra arguments go to lab/run.sh
# (for example --only 'NAME...').
cd "$(dirname "$0")/../.." || exit 1
B=${B:-build}
# shellcheck disable=SC2086 # a list of module names
lab/mkinitramfs.sh -o "$B/lab/initramfs.cpio.gz" ${LAB_MODULES-tun} || {
	echo "FAIL: lab-initramfs cannot pack the lab's initramfs"
	exit 1
}
status=0
lab/run.sh --no-build --gic 3 "$@" || status=1
# The GICv2 host runs everything that depends on the interrupt controller:
# the test guests, exit statuses, the library, Linux boots. The virtio device
# tests (52-55, 70) exercise device models and the I/O thread, which do not
# change with the GIC, and are the slowest (so are the flood and privilege
# drop tests, 27-28): they run on the GICv3 host only,
# which keeps `make test` well under 30 minutes on 2 cores.
if [ $# = 0 ]; then
	gicv2_tests=$(cd tests/lab && ls ./*.sh | sed 's|^\./||; s|\.sh$||' |
		grep -v -e '^2[78]-' -e '^5[2-5]-' -e '^63-' -e '^70-' | tr '\n' ' ')
	lab/run.sh --no-build --gic 2 --only "$gicv2_tests" || status=1
else
	lab/run.sh --no-build --gic 2 "$@" || status=1
fi
# A host with a newer kernel (bookworm-backports' 6.12, whose KVM routes
# hypercalls to user space through the SMCCC filter): only the tests that
# need it, the hypercall round trip and the examples that make one.
if [ $# = 0 ]; then
	# shellcheck disable=SC2086 # a list of module names
	LAB_KERNEL=bpo lab/mkinitramfs.sh -o "$B/lab/initramfs-bpo.cpio.gz" ${LAB_MODULES-tun} &&
		lab/run.sh --no-build --kernel bpo --gic 3 --only '42-hypercall 43-examples' ||
		status=1
fi
# A host whose EL1 is AArch64-only (cortex-a76): only the test that needs
# such a host, so --aarch32's refusal is really exercised.
if [ $# = 0 ]; then
	lab/run.sh --no-build --gic 3 --cpu cortex-a76 --only '32-aarch32-host' || status=1
fi
exit $status
