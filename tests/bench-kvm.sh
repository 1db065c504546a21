#!/bin/sh
# Hosted-engine MMIO benchmark. In the lab with -icount shift=0 (1 ns of
# guest-visible time = 1 instruction of the emulated machine), run the
# mmio-bench guest (N writes to the test device's doorbell, timed with the
# virtual counter) in both widths under:
#   armvm         `armvm run` (in-kernel GIC, device models, run loop)
#   floor+gic     bench/kvm_floor.c --gic: a bare KVM loop with the same
#                 in-kernel GIC, that just re-enters on each MMIO exit
#   armvm-nogic   `armvm run --gic none`: armvm without an in-kernel GIC
#   floor         the bare loop without a GIC (what the GIC's world switch
#                 costs shows as floor+gic - floor)
# and print instructions per MMIO exit round trip and armvm's excess over
# the floor with the same interrupt controller: armvm against floor+gic,
# armvm --gic none against floor (like with like). The same for the hvc-bench guest (SMCCC calls KVM answers in
# the kernel): an exit that never reaches the VMM, for scale. A benchmark
# reports; it never fails on a threshold.
#   tests/bench-kvm.sh [--gic 2|3] [--runs N]
set -u
cd "$(dirname "$0")/.."
gic=3 runs=3
while [ $# -gt 0 ]; do
	case $1 in
	--gic) gic=$2; shift ;;
	--runs) runs=$2; shift ;;
	*) echo "usage: $0 [--gic 2|3] [--runs N]" >&2; exit 2 ;;
	esac
	shift
done
B=${B:-build}
for f in "$B/arm64/armvm" "$B/arm64/kvm-floor" "$B/guests/aarch64/mmio-bench.elf" \
	 "$B/guests/aarch32/mmio-bench.elf" "$B/guests/aarch64/hvc-bench.elf" \
	 "$B/guests/aarch32/hvc-bench.elf"; do
	[ -f "$f" ] || { echo "bench-kvm: $f is missing (make all)"; exit 1; }
done

# Inside the lab: one line per measurement, "R <arch> <vmm> <bench line>".
inner='for r in $(seq '"$runs"'); do for a in aarch64 aarch32; do for b in mmio hvc; do
	w=; [ $a = aarch32 ] && w=--aarch32
	g=/guests/$a/$b-bench.elf
	echo "R $a armvm $(armvm run $w --gic '"$gic"' $g 2>/dev/null | grep "^bench: ")"
	echo "R $a floor+gic $(kvm-floor $w --gic $g 2>/dev/null | grep "^bench: ")"
	echo "R $a armvm-nogic $(armvm run $w --gic none $g 2>/dev/null | grep "^bench: ")"
	echo "R $a floor $(kvm-floor $w $g 2>/dev/null | grep "^bench: ")"
done; done; done'
cmd="lab/run.sh --icount --gic $gic --run '<the loop above>'"
out=$(lab/run.sh --icount --gic "$gic" --run "$inner" 2>&1)
status=$?
if [ $status != 0 ] || ! echo "$out" | grep -q '^R .* bench: mmio'; then
	echo "bench-kvm: the lab run failed (status $status):"
	echo "$out" | tail -n 20
	exit 1
fi

table() { # bench title
echo "== hosted engine: $2"
echo "   instructions per exit = ticks / cntfrq * 1e9 / iterations, under -icount shift=0;"
echo "   the median of $runs run(s); nested host: QEMU virt, cortex-a57, GICv$gic, KVM nVHE"
echo "$out" | awk -v bench="$1" '
	/^R / && $4 == "bench:" && $5 == bench {
		for (i = 1; i <= NF; i++) {
			if ($i == "iterations") n = $(i + 1)
			if ($i == "ticks") t = $(i + 1)
			if ($i == "cntfrq") f = $(i + 1)
		}
		k = $2 " " $3
		v[k, ++c[k]] = t / f * 1e9 / n
	}
	function median(k,   i, j, m, a, tmp) {
		m = c[k]
		for (i = 1; i <= m; i++) a[i] = v[k, i]
		for (i = 1; i <= m; i++) for (j = i + 1; j <= m; j++)
			if (a[j] < a[i]) { tmp = a[i]; a[i] = a[j]; a[j] = tmp }
		return m % 2 ? a[(m + 1) / 2] : (a[m / 2] + a[m / 2 + 1]) / 2
	}
	END {
		printf "%-8s %10s %10s %9s   %12s %10s %9s\n", "width", "armvm",
		       "floor+gic", "excess", "armvm-nogic", "floor", "excess"
		split("aarch64 aarch32", arch, " ")
		for (x = 1; x <= 2; x++) {
			a = arch[x]
			if (!c[a " armvm"] || !c[a " floor+gic"] || !c[a " floor"] ||
			    !c[a " armvm-nogic"]) {
				printf "%-8s  (no result)\n", a; continue
			}
			m = median(a " armvm"); g = median(a " floor+gic")
			n = median(a " armvm-nogic"); f = median(a " floor")
			printf "%-8s %10.0f %10.0f %+8.1f%%   %12.0f %10.0f %+8.1f%%\n", a,
			       m, g, (m - g) / g * 100, n, f, (n - f) / f * 100
		}
	}'
}
table mmio "MMIO exit round trip to the VMM (mmio-bench: test device doorbell writes)"
table hvc "hypercall answered in the kernel (hvc-bench: SMCCC 0x86000001), for scale"
echo "command: tests/bench-kvm.sh --gic $gic --runs $runs"
echo "  = $cmd, running $runs time(s) for each width (--aarch32 for aarch32):"
echo "    armvm run [--aarch32] --gic $gic /guests/<arch>/<mmio|hvc>-bench.elf"
echo "    kvm-floor [--aarch32] --gic /guests/<arch>/<mmio|hvc>-bench.elf"
echo "    armvm run [--aarch32] --gic none /guests/<arch>/<mmio|hvc>-bench.elf"
echo "    kvm-floor [--aarch32] /guests/<arch>/<mmio|hvc>-bench.elf"
