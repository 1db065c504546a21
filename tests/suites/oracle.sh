#!/bin/sh
# The oracle: every oracle test guest, AArch64 and AArch32, on plain QEMU
# `virt` with GICv2 and with GICv3 (smp with 4 CPUs), its console transcript
# compared with the golden file guests/expected/<arch>/<guest>.txt. The lab
# and EL2 tests compare their own runs with the same files. Also smp with 1
# and 2 CPUs, which must count them. Prints PASS:/FAIL:/SKIP: lines.
set -u

root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root" || exit 1
run=guests/run-qemu.sh
out=build/test-logs/oracle
mkdir -p "$out"

ORACLE_GUESTS="hello psci smp timer mmio wfi ldst"
ARCHS="aarch64 aarch32"

if ! command -v qemu-system-aarch64 >/dev/null 2>&1; then
	for a in $ARCHS; do
		echo "SKIP: oracle $a qemu-system-aarch64 is not installed"
	done
	exit 0
fi

# run_guest NAME ARCH GUEST GIC SMP: transcript to $out/NAME.txt; prints
# the failure reason and returns 1 when the run itself failed.
run_guest() {
	log=$out/$1.txt
	"$run" "$2" "$3" --gic "$4" --smp "$5" --timeout 20 >"$log" 2>"$out/$1.err"
	rc=$?
	if [ $rc = 124 ] || [ $rc = 137 ]; then
		echo "timed out (transcript in $log)"; return 1
	elif [ $rc != 0 ]; then
		echo "exit status $rc: $(head -n 1 "$out/$1.err")"; return 1
	fi
	return 0
}

for a in $ARCHS; do
	for g in $ORACLE_GUESTS; do
		golden=guests/expected/$a/$g.txt
		smp=1
		[ "$g" = smp ] && smp=4
		for gic in 2 3; do
			name=$a-gic$gic-$g
			test="oracle $a gicv$gic $g"
			if [ ! -f "$golden" ]; then
				echo "FAIL: $test no golden file $golden"; continue
			fi
			if ! why=$(run_guest "$name" "$a" "$g" "$gic" "$smp"); then
				echo "FAIL: $test $why"; continue
			fi
			if cmp -s "$golden" "$out/$name.txt"; then
				echo "PASS: $test"
			else
				first=$(diff "$golden" "$out/$name.txt" | grep -m 1 '^[<>]')
				echo "FAIL: $test transcript differs from $golden: $first"
			fi
		done
	done
	# Fewer CPUs: the bring-up stops at the first missing one.
	for n in 1 2; do
		name=$a-smp$n
		test="oracle $a smp with $n CPUs"
		if ! why=$(run_guest "$name" "$a" smp 3 "$n"); then
			echo "FAIL: $test $why"; continue
		fi
		if grep -qx "smp: $n CPUs came up" "$out/$name.txt" &&
		   tail -n 1 "$out/$name.txt" | grep -qx "smp: done"; then
			echo "PASS: $test"
		else
			echo "FAIL: $test expected 'smp: $n CPUs came up' then 'smp: done' (see $out/$name.txt)"
		fi
	done
done
exit 0
