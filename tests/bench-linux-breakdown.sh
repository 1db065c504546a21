#!/bin/sh
# Where a Linux boot's instructions go (issue 8, docs/performance.md): one
# -icount lab boot, tests/linux/breakdown-lab.sh runs each VMM on the arm64
# Image (1 vCPU by default) three times under the nested host's KVM
# tracepoints: phases (exec -> first KVM_RUN -> boot marker), exits by
# reason, stage-2 faults, MMIO traps by page, trapped system registers, the
# VMM's CPU time; and dumps the device trees. Prints the raw lines (see the
# lab script's head). Needs `make all`; kvmtool from ../shared (SKIP its
# rows when absent). BREAKDOWN_CONFIG: kernel:vCPUs (arm64:1; armhf:1 the
# zImage as an AArch32 guest). BREAKDOWN_VMMS: "name=command;..." (default
# arm64: armvm, armvm --no-pmu, kvmtool, kvmtool --pmu; armhf: armvm with
# its --decompress-cache warm, the same --no-pmu, kvmtool).
# BREAKDOWN_LAB_ARGS: more lab/run.sh options (e.g. "--kernel bpo": the
# nested host runs Linux 6.12).
cd "$(dirname "$0")/.." || exit 1
KVMTOOL=../shared/peers/kvmtool/lkvm-static
add=""
armvm="armvm run --no-input WIDTH -c CPUS -m 256M --initrd INITRD --append 'console=ttyAMA0 quiet panic=-1 armvm.test=ACT' KERNEL"
lkvm="/extra/lkvm-static run --nodefaults --network mode=none WIDTH -c CPUS -m 256 -k KERNEL -i INITRD -p 'console=ttyS0 quiet panic=-1 armvm.test=ACT'"
case ${BREAKDOWN_CONFIG:-arm64:1} in
armhf:*) vmms="armvm-warm=$armvm --decompress-cache kc;armvm-warm-nopmu=$armvm --decompress-cache kc --no-pmu" ;;
*) vmms="armvm=$armvm;armvm-nopmu=$armvm --no-pmu" ;;
esac
if [ -x "$KVMTOOL" ]; then
	add="--add $KVMTOOL"
	vmms="$vmms;kvmtool=$lkvm --dump-dtb kvmtool.dtb"
	case ${BREAKDOWN_CONFIG:-arm64:1} in armhf:*) ;; *) vmms="$vmms;kvmtool-pmu=$lkvm --pmu" ;; esac
else
	echo "SKIP: breakdown kvmtool rows: no $KVMTOOL (../shared absent)"
fi
vmms=${BREAKDOWN_VMMS:-$vmms}
extra=""
for f in ${BREAKDOWN_ADD:-}; do extra="$extra --add $f"; done
printf '%s\n' "$vmms" >"${TMPDIR:-/tmp}/breakdown-vmms.$$"
# shellcheck disable=SC2086 # $add, $extra: --add FILE pairs
# shellcheck disable=SC2086 # BREAKDOWN_LAB_ARGS: options
lab/run.sh --no-build --icount --timeout 3000 ${BREAKDOWN_LAB_ARGS:-} --add tests/linux/breakdown-lab.sh $add $extra \
	--add "${TMPDIR:-/tmp}/breakdown-vmms.$$" \
	--run "sh /extra/breakdown-lab.sh ${BREAKDOWN_CONFIG:-arm64:1} \"\$(cat /extra/breakdown-vmms.$$)\""
status=$?
rm -f "${TMPDIR:-/tmp}/breakdown-vmms.$$"
exit $status
