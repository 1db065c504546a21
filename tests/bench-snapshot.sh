#!/bin/sh
# Snapshot benchmark (issue 10): a Debian arm64 Linux guest (Image, 1 vCPU,
# 256 MiB, `quiet`, the test initramfs) idle at its shell is saved with
# `armvm snapshot --stop` and brought back with `armvm restore`, in ONE lab
# boot under QEMU's -icount shift=0 (1 ms of the nested host's clock = 1e6
# instructions), next to the cold boot of the same guest under armvm and
# kvmtool (../shared/peers/kvmtool; its row is SKIPped when absent).
# Reports, never fails on a threshold. The lab half is
# tests/linux/bench-snapshot-lab.sh. Needs `make all`.
cd "$(dirname "$0")/.." || exit 1
B=${B:-build}
for f in "$B/arm64/armvm" "$B/linux/arm64/Image"; do
	[ -s "$f" ] || { echo "bench-snapshot: no $f (make all)"; exit 1; }
done
KVMTOOL=../shared/peers/kvmtool/lkvm-static
add=""
if [ -x "$KVMTOOL" ]; then
	add="--add $KVMTOOL"
else
	echo "SKIP: bench-snapshot kvmtool row: no $KVMTOOL (../shared absent)"
fi
cmd="lab/run.sh --icount --timeout 1500 --add tests/linux/bench-snapshot-lab.sh $add --run 'sh /extra/bench-snapshot-lab.sh'"
# shellcheck disable=SC2086 # $add is empty or two words
out=$(lab/run.sh --icount --timeout 1500 --add tests/linux/bench-snapshot-lab.sh $add \
	--run 'sh /extra/bench-snapshot-lab.sh' 2>/dev/null)
status=$?

echo "== Snapshot and restore: arm64 Linux, 1 vCPU, 256 MiB, idle at its shell (-icount shift=0: 1 ms = 1e6 instructions) =="
echo "command: $cmd"
echo "$out" | awk '
	$1 == "cold" { cold[$2] = $3 }
	$1 == "size" { app[$2] = $3; disk[$2] = $4 }
	$1 == "snap" { snap = $2 }
	$1 == "restore" { first = $2; answer = $3 }
	$1 == "error" { print "error:", substr($0, 7) }
	END {
		printf "%-44s %s\n", "snapshot file (apparent / on disk)", (("vm.snap" in app) ? sprintf("%d B / %d KiB", app["vm.snap"], disk["vm.snap"]) : "-")
		printf "%-44s %s\n", "memory file (apparent / on disk)", (("vm.mem" in app) ? sprintf("%.1f MiB / %d KiB", app["vm.mem"] / 1048576, disk["vm.mem"]) : "-")
		printf "%-44s %s\n", "armvm snapshot --stop, exec -> exit", (snap != "" ? snap " M" : "-")
		printf "%-44s %s\n", "armvm restore exec -> first console line", (first != "" ? first " M" : "-")
		printf "%-44s %s\n", "armvm restore exec -> the shell answers", (answer != "" ? answer " M" : "-")
		printf "%-44s %s\n", "cold boot, armvm run exec -> /init marker", (("armvm" in cold) ? cold["armvm"] " M" : "-")
		printf "%-44s %s\n", "cold boot, kvmtool exec -> /init marker", (("kvmtool" in cold) ? cold["kvmtool"] " M" : "-")
		if (answer != "" && cold["kvmtool"] > 0)
			printf "%-44s %.1f%% (goal <= 5%%)\n", "restore (answer) / kvmtool cold boot", 100 * answer / cold["kvmtool"]
		if (answer != "" && cold["armvm"] > 0)
			printf "%-44s %.1f%%\n", "restore (answer) / armvm cold boot", 100 * answer / cold["armvm"]
	}'
echo "$out" | awk '$1 == "smaps" { printf "  armvm mapping at rest: %s %s kB, resident %s kB\n", $2, $3, $4 }'
if [ $status != 0 ] || ! echo "$out" | grep -q '^restore '; then
	echo "bench-snapshot: the lab run failed (status $status):"
	echo "$out" | tail -n 20
	exit 1
fi
