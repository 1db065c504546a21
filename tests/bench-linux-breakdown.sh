#!/bin/sh
# Where a Linux boot's instructions go (issue 8, docs/performance.md): one
# -icount lab boot, tests/linux/breakdown-lab.sh runs each VMM on the arm64
# Image (1 vCPU by default) three times under the nested host's KVM
# tracepoints: phases (exec -> first KVM_RUN -> boot marker), exits by
# reason, stage-2 faults, MMIO traps by page, trapped system registers, the
# VMM's CPU time; and dumps the device trees. Prints the raw lines (see the
# lab script's head). Needs `make all`; kvmtool from ../shared (SKIP its
# rows when absent). BREAKDOWN_CONFIG: kernel:vCPUs (arm64:1).
# BREAKDOWN_VMMS: "name=command;..." (default: armvm, armvm --no-pmu,
# kvmtool, kvmtool --pmu).
cd "$(dirname "$0")/.." || exit 1
KVMTOOL=../shared/peers/kvmtool/lkvm-static
add=""
armvm="armvm run --no-input -c CPUS -m 256M --initrd INITRD --append 'console=ttyAMA0 quiet panic=-1 armvm.test=ACT' KERNEL"
lkvm="/extra/lkvm-static run --nodefaults --network mode=none -c CPUS -m 256 -k KERNEL -i INITRD -p 'console=ttyS0 quiet panic=-1 armvm.test=ACT'"
vmms="armvm=$armvm;armvm-nopmu=$armvm --no-pmu"
if [ -x "$KVMTOOL" ]; then
	add="--add $KVMTOOL"
	vmms="$vmms;kvmtool=$lkvm --dump-dtb kvmtool.dtb;kvmtool-pmu=$lkvm --pmu"
else
	echo "SKIP: breakdown kvmtool rows: no $KVMTOOL (../shared absent)"
fi
vmms=${BREAKDOWN_VMMS:-$vmms}
extra=""
for f in ${BREAKDOWN_ADD:-}; do extra="$extra --add $f"; done
printf '%s\n' "$vmms" >"${TMPDIR:-/tmp}/breakdown-vmms.$$"
# shellcheck disable=SC2086 # $add, $extra: --add FILE pairs
lab/run.sh --no-build --icount --timeout 3000 --add tests/linux/breakdown-lab.sh $add $extra \
	--add "${TMPDIR:-/tmp}/breakdown-vmms.$$" \
	--run "sh /extra/breakdown-lab.sh ${BREAKDOWN_CONFIG:-arm64:1} \"\$(cat /extra/breakdown-vmms.$$)\""
status=$?
rm -f "${TMPDIR:-/tmp}/breakdown-vmms.$$"
exit $status
