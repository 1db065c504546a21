#!/bin/sh
# kvm-unit-tests' micro-bench on the EL2 engine, for the micro-bench table
# (tests/bench-micro.sh calls this): QEMU virt with virtualization=on under
# `-icount shift=0` (1 ns of guest-visible time = 1 instruction at every
# exception level), AArch64, 2 vCPUs, GICv3. The partition runs the QEMU-virt
# build of micro-bench.flat at RAM + 0x80000 (DTB in x0); its user-space MMIO
# read hits the absent virtio-mmio transport at 0x0a000008, as on QEMU.
# Prints one line per operation, the median over --runs runs (default 1:
# under -icount a run is deterministic up to where the vCPUs interleave):
#   micro <operation> <instructions per operation>
# for hyp_call mmio_read_user mmio_read_vgic eoi ipi timer_10ms. Needs
# `make el2` and ../shared (says so and exits 0 without printing figures).
#   tests/bench-micro-el2.sh [--runs N]
set -u
cd "$(dirname "$0")/.." || exit 1
runs=1
while [ $# -gt 0 ]; do
	case $1 in
	--runs) runs=$2; shift ;;
	*) echo "usage: $0 [--runs N]" >&2; exit 2 ;;
	esac
	shift
done
case $runs in ''|*[!0-9]*|0) echo "bench-micro-el2: --runs wants a positive number, not '$runs'" >&2; exit 2 ;; esac
B=${B:-build}
export B
flat=${ARMVM_SHARED:-../shared}/kvm-unit-tests/arm64/micro-bench.flat
ops="hyp_call mmio_read_user mmio_read_vgic eoi ipi timer_10ms"
if [ ! -f "$flat" ]; then
	echo "bench-micro-el2: SKIP: $flat is absent (needs ../shared/kvm-unit-tests)"
	exit 0
fi
if [ ! -x "$B/host/el2-build" ] || [ ! -f "$B/el2/objects.list" ]; then
	echo "bench-micro-el2: the EL2 build is missing: run 'make el2'" >&2
	exit 1
fi
d=$B/el2/bench-micro
rm -rf "$d"; mkdir -p "$d"
printf '[partition microbench]\narch = aarch64\ncpus = 0, 1\nram = 128M\nimage = %s\nload = 0x40080000\ndevices = pl011, pl031\n' \
	"$flat" > "$d/cfg.conf"
if ! ./el2/tools/el2-image.sh "$d/cfg.conf" "$d" > "$d/build.log" 2>&1; then
	echo "bench-micro-el2: image build failed: $(tail -1 "$d/build.log")" >&2
	exit 1
fi
r=1
while [ $r -le "$runs" ]; do
	timeout 600 qemu-system-aarch64 -M virt,virtualization=on,gic-version=3 -cpu cortex-a57 \
		-smp 4 -m 1G -icount shift=0 -nographic -monitor none -serial stdio \
		-kernel "$d/hyp.elf" < /dev/null 2>&1 | tr -d '\r' > "$d/run$r.txt"
	if ! grep -q '^\[g0\] EXIT: STATUS=1' "$d/run$r.txt"; then
		echo "bench-micro-el2: micro-bench did not pass (see $d/run$r.txt)" >&2
		exit 1
	fi
	r=$((r + 1))
done
for op in $ops; do
	v=$(cat "$d"/run*.txt | awk -v op="$op" '$1 == "[g0]" && $2 == op { split($4, a, "."); print a[1] }' |
		sort -n | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)] }')
	echo "micro $op ${v:-n/a}"
done
