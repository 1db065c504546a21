#!/bin/sh
# Linux guest boot benchmark: Debian's arm64 kernel (Image) and armhf kernel
# (zImage, AArch32 guest) under armvm in the lab's nested host, with QEMU's
# -icount shift=0 so guest time counts instructions (1 ns = 1 instruction of
# the emulated machine, all its CPUs together) and repeats run to run.
# Reports, per kernel and vCPU count (RAM 256 MiB each):
#   boot marker   armvm start -> the guest's /init writes the boot marker
#   power-off     the whole run, to PSCI SYSTEM_OFF (uptime around it)
#   peak RSS      the VMM's VmHWM (guest RAM included)
#   guest RAM     guest RAM resident at the end of the run
#   peak-guest    peak RSS minus resident guest RAM (set-up transients included)
#   VMM own       VmRSS minus resident guest RAM while the guest runs (after
#                 the boot marker; sampled once a second)
# The lab half is tests/linux/bench-lab.sh. Needs `make all` (armvm, the
# Linux guests in build/linux/). Reports, never fails on a threshold.
cd "$(dirname "$0")/.." || exit 1
B=${B:-build}
export B
for f in "$B/arm64/armvm" "$B/linux/arm64/Image" "$B/linux/armhf/zImage"; do
	[ -s "$f" ] || { echo "bench-linux: no $f (make all)"; exit 1; }
done
cmd="lab/run.sh --icount --add tests/linux/bench-lab.sh --run 'sh /extra/bench-lab.sh'"
out=$(lab/run.sh --icount --add tests/linux/bench-lab.sh --run 'sh /extra/bench-lab.sh' 2>/dev/null)
status=$?
echo "== Linux guest boot under armvm (lab, -icount shift=0: 1 ms = 1e6 instructions) =="
echo "command: $cmd"
printf '%-6s %5s %11s %12s %11s %10s %15s %11s  %s\n' kernel vcpus "marker(ms)" "poweroff(ms)" \
	"peakRSS(kB)" "guest(kB)" "peak-guest(kB)" "VMMown(kB)" note
echo "$out" | awk '$1 == "row" {
	note = ""; for (i = 10; i <= NF; i++) note = note " " $i
	printf "%-6s %5s %11s %12s %11s %10s %15s %11s %s\n", $2, $3, $4, $5, $6, $7, $8, $9, note }'
if [ $status != 0 ] || ! echo "$out" | grep -q '^row '; then
	echo "bench-linux: the lab run failed (status $status):"
	echo "$out" | tail -n 20
	exit 1
fi
