#!/bin/sh
# kvm-unit-tests' micro-bench (docs/kvm-unit-tests.md) on three VMMs, in one
# table of instructions per operation: the lab's nested host under
# `-icount shift=0` (1 ns of guest-visible time = 1 instruction), AArch64,
# 2 vCPUs, GICv3:
#   kvmtool   ../shared/peers/kvmtool/lkvm-static running the kvmtool-built
#             micro-bench (../shared/kvm-unit-tests/arm64-kvmtool), as
#             upstream's run script does (--nodefaults --network mode=none)
#   armvm     `armvm run` with default options running the QEMU-virt build
#             (its user-space MMIO read hits an absent virtio-mmio transport
#             at 0x0a000008, as on QEMU)
#   armvm-el2 the EL2 engine: the figures tests/bench-micro-el2.sh prints
#             ("micro <name> <instructions>" lines), when that script exists
# micro-bench prints each operation's average in ns; under -icount that is
# instructions of the emulated machine (the nested host and the guest
# together). The median of --runs runs (default 3). A benchmark reports; it
# never fails on a threshold. Needs ../shared (says so and stops without).
#   tests/bench-micro.sh [--runs N]
set -u
cd "$(dirname "$0")/.." || exit 1
runs=3
while [ $# -gt 0 ]; do
	case $1 in
	--runs) runs=$2; shift ;;
	*) echo "usage: $0 [--runs N]" >&2; exit 2 ;;
	esac
	shift
done
B=${B:-build}
shared=${ARMVM_SHARED:-../shared}
kut=$shared/kvm-unit-tests
lkvm=$shared/peers/kvmtool/lkvm-static
ops="hyp_call mmio_read_user mmio_read_vgic eoi ipi timer_10ms"
for f in "$kut/arm64-kvmtool/micro-bench.flat" "$lkvm" "$B/guests/kvm-unit-tests/arm64/micro-bench.flat"; do
	if [ ! -f "$f" ]; then
		echo "bench-micro: SKIP: $f is absent (needs $shared: kvm-unit-tests and the kvmtool peer; make all stages the tests)"
		exit 0
	fi
done
[ -f "$B/arm64/armvm" ] || { echo "bench-micro: $B/arm64/armvm is missing (make all)"; exit 1; }

# Inside the lab: "R <vmm> <micro-bench line>" per operation and run.
inner='for r in $(seq '"$runs"'); do
	lkvm-static run --nodefaults --network mode=none --loglevel=warning -c 2 -m 256 \
		--irqchip=gicv3 --kernel /extra/micro-bench.flat 2>&1 </dev/null | tr -d "\r" | sed "s/^/R kvmtool /"
	armvm run -c 2 -m 256 --load-addr 0x40080000 /guests/kvm-unit-tests/arm64/micro-bench.flat \
		2>&1 </dev/null | sed "s/^/R armvm /"
done'
out=$(lab/run.sh --no-build --icount --gic 3 --timeout 1800 --add "$lkvm" \
	--add "$kut/arm64-kvmtool/micro-bench.flat" --run "cp /extra/lkvm-static /bin/ && chmod 755 /bin/lkvm-static && $inner" 2>&1)
status=$?
if [ $status != 0 ] || ! echo "$out" | grep -q '^R armvm hyp_call'; then
	echo "bench-micro: the lab run failed (status $status):"
	echo "$out" | tail -n 20
	exit 1
fi

# median VMM OP: the median of the runs' average ns (integer part).
median() {
	echo "$out" | awk -v vmm="$1" -v op="$2" '$1 == "R" && $2 == vmm && $3 == op {
		split($5, a, "."); print a[1] }' | sort -n | awk '
		{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)]; else print "-" }'
}
el2=tests/bench-micro-el2.sh
el2_out=
if [ -x "$el2" ]; then
	el2_out=$("$el2" --runs "$runs" 2>&1) || el2_out=
fi
el2_value() {
	if [ ! -x "$el2" ]; then
		echo "n/a"
		return
	fi
	v=$(echo "$el2_out" | awk -v op="$1" '$1 == "micro" && $2 == op { print $3 }' | tail -n 1)
	echo "${v:-n/a}"
}

echo "== kvm-unit-tests micro-bench: instructions per operation (avg ns under -icount shift=0)"
echo "   AArch64, 2 vCPUs, GICv3; nested host: QEMU virt, cortex-a57, KVM nVHE; median of $runs run(s)"
printf '%-16s %10s %10s %10s\n' operation kvmtool armvm armvm-el2
for op in $ops; do
	printf '%-16s %10s %10s %10s\n' "$op" "$(median kvmtool "$op")" "$(median armvm "$op")" "$(el2_value "$op")"
done
[ -x "$el2" ] || echo "   armvm-el2: n/a (see docs/kvm-unit-tests.md: the EL2 column comes from $el2, which this tree lacks)"
echo "$out" | grep -q '^R armvm .*test skipped' && echo "   note: armvm skipped some operations: $(echo "$out" | grep '^R armvm .*test skipped' | sort -u | tr '\n' ' ')"
exit 0
