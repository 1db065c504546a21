#!/bin/sh
# The lab suite: pack the initramfs once, then boot the nested host for the
# GICv3 variant and the GICv2 variant, running every tests/lab/*.sh in each,
# then a cortex-a76 host (no AArch32 at EL1) for the one test that needs it.
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
for gic in 3 2; do
	lab/run.sh --no-build --gic $gic "$@" || status=1
done
# A host whose EL1 is AArch64-only (cortex-a76): only the test that needs
# such a host, so --aarch32's refusal is really exercised.
if [ $# = 0 ]; then
	lab/run.sh --no-build --gic 3 --cpu cortex-a76 --only '32-aarch32-host' || status=1
fi
exit $status
