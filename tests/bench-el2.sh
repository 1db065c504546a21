#!/bin/sh
# Bare-metal engine benchmark. QEMU with -icount shift=0 (1 ns of guest time
# = 1 emulated instruction, at every exception level): the hvc-bench guest
# (N null hypercalls 0x86000001) and the mmio-bench guest (N writes to the
# test device's doorbell) in both widths, each alone in a partition of the
# EL2 hypervisor. Prints instructions per exit round trip
# (ticks * 1e9 / cntfrq / iterations), next to the floor: the same hvc-bench
# guest on plain QEMU, where the HVC is answered by QEMU itself at no
# instruction cost (mmio-bench has no floor there: plain QEMU has no test
# device). Reports; never fails on a threshold.
set -u
cd "$(dirname "$0")/.."
B=${B:-build}
export B
OUT=$B/el2/bench
LIMIT=${EL2_BENCH_TIMEOUT:-300}
for f in "$B/host/el2-build" "$B/el2/objects.list"; do
	[ -f "$f" ] || { echo "bench-el2: $f is missing (make el2)"; exit 1; }
done
mkdir -p "$OUT"

# "bench: X iterations N ticks T cntfrq F" -> instructions per iteration
per_iter() {
	awk '/^bench: /{ for (i = 1; i <= NF; i++) { if ($i == "iterations") n = $(i+1);
		if ($i == "ticks") t = $(i+1); if ($i == "cntfrq") f = $(i+1) }
		if (n > 0 && f > 0) printf "%.1f", t * 1e9 / f / n; found = 1 }
		END { if (!found) printf "n/a" }'
}

row() { printf '%-8s %-11s %10s %10s %10s\n' "$1" "$2" "$3" "$4" "$5"; }

# run_el2 DIR ARCH GUEST ELF [config line] -> instructions per iteration
run_el2() {
	d=$1
	mkdir -p "$d"
	printf '[partition %s]\narch = %s\ncpus = 0\nram = 64M\nimage = %s\ndevices = pl011, testdev\n%s\n' \
		"$3" "$2" "$4" "${5:-}" > "$d/cfg.conf"
	if ! ./el2/tools/el2-image.sh "$d/cfg.conf" "$d" > "$d/build.log" 2>&1; then
		printf 'build failed'; return
	fi
	timeout "$LIMIT" qemu-system-aarch64 -M virt,virtualization=on,gic-version=3 \
		-cpu cortex-a57 -smp 4 -m 1G -icount shift=0 -nographic -monitor none \
		-serial stdio -kernel "$d/hyp.elf" < /dev/null 2>&1 | tr -d '\r' > "$d/console.txt"
	sed -n 's/^\[g0\] //p' "$d/console.txt" | per_iter
}

echo "instructions per exit round trip (QEMU -icount shift=0); lazy = EL1/FP/timer/GIC"
echo "state stays on the pCPU across exits (the default); full = world_switch = full"
echo "(save + scrub + restore of all of it on every exit; the scrub is extra work)"
row arch bench "el2 lazy" "el2 full" "floor"
for arch in aarch64 aarch32; do
	for g in hvc-bench mmio-bench; do
		elf=$B/guests/$arch/$g.elf
		if [ ! -f "$elf" ]; then row "$arch" "$g" "not built" "" ""; continue; fi
		el2=$(run_el2 "$OUT/$arch-$g" "$arch" "$g" "$elf")
		full=$(run_el2 "$OUT/full-$arch-$g" "$arch" "$g" "$elf" "world_switch = full")
		floor=""
		d=$OUT/$arch-$g
		if [ "$g" = hvc-bench ]; then
			cpu=cortex-a57; [ "$arch" = aarch32 ] && cpu=cortex-a15
			timeout "$LIMIT" qemu-system-aarch64 -M virt,gic-version=3 -cpu $cpu -m 128M \
				-icount shift=0 -display none -serial stdio -monitor none -nodefaults \
				-kernel "$elf" < /dev/null 2>&1 | tr -d '\r' > "$d/floor.txt"
			floor=$(per_iter < "$d/floor.txt")
		fi
		row "$arch" "$g" "$el2" "$full" "$floor"
	done
done

# Debian Linux to its /init (the boot marker /init writes first), one
# partition with 1 vCPU: instructions of the whole machine (guest and EL2)
# from the partition's start.
echo
echo "Linux boot to init under the EL2 engine (instructions = ns with -icount shift=0)"
for arch in arm64 armhf; do
	if ! tests/linux/mk-guest-initramfs.sh $arch > "$OUT/linux-prep-$arch.log" 2>&1; then
		echo "$arch: Debian's kernel is not available ($(tail -1 "$OUT/linux-prep-$arch.log"))"
		continue
	fi
	d=$OUT/linux-$arch
	mkdir -p "$d"
	if [ $arch = arm64 ]; then w=aarch64 k=Image; else w=aarch32 k=zImage; fi
	printf '[partition linux]\narch = %s\ncpus = 0\nram = 256M\nimage = %s\ninitrd = %s\ncmdline = console=ttyAMA0 panic=-1 armvm.test=cpus\ndevices = pl011, pl031, bootmark\n' \
		"$w" "$B/linux/$arch/$k" "$B/linux/$arch/initramfs.cpio.gz" > "$d/cfg.conf"
	if ! ./el2/tools/el2-image.sh "$d/cfg.conf" "$d" > "$d/build.log" 2>&1; then
		echo "$arch: image build failed"; continue
	fi
	timeout "$LIMIT" qemu-system-aarch64 -M virt,virtualization=on,gic-version=3 \
		-cpu cortex-a57 -smp 4 -m 1G -icount shift=0 -nographic -monitor none \
		-serial stdio -kernel "$d/hyp.elf" < /dev/null 2>&1 | tr -d '\r' > "$d/console.txt"
	ns=$(sed -n 's/^\[el2\] partition 0 (linux) boot mark 0 .* (\([0-9]*\) ns)$/\1/p' "$d/console.txt")
	printf '%-6s %s\n' "$arch" "${ns:-n/a} instructions to init"
done
