#!/bin/sh
# Every oracle guest under `armvm run`, in both widths, on the lab's GIC
# (ARMVM_LAB_GIC): its console transcript must equal the golden file from
# plain QEMU (/expected/<arch>/<name>.txt) and armvm must exit 0 (power off).
# smp runs with 4 vCPUs. For mmio, armvm's `testdev:` summary (what the VMM
# saw) must agree with the guest's own `mmio:` line (what it did). hello also
# runs as a raw binary (--raw) to cover that loader path.
# lab-timeout: 600

gic=${ARMVM_LAB_GIC:-3}
# AArch32 guests need KVM_CAP_ARM_EL1_32BIT (absent on AArch64-only CPUs such
# as the lab's cortex-a76 variant, where 32-aarch32-host.sh checks the refusal).
aarch32=1
kvmcheck 2>/dev/null | grep -q '^el1_32bit=0' && aarch32=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# run NAME ARGS... : armvm run with a hang limit; output in $tmp/out, $tmp/err
run() {
	timeout 60 armvm run --gic "$gic" "$@" >"$tmp/out" 2>"$tmp/err"
}

check_transcript() { # test-name arch guest status
	name=$1 arch=$2 g=$3 status=$4
	if [ "$status" != 0 ]; then
		echo "FAIL: $name exit status $status, want 0: $(head -n 1 "$tmp/err")"
	elif ! cmp -s "$tmp/out" "/expected/$arch/$g.txt"; then
		echo "FAIL: $name transcript differs from /expected/$arch/$g.txt: $(diff "/expected/$arch/$g.txt" "$tmp/out" | sed -n '4,5p' | tr '\n' ' ')"
	else
		return 0
	fi
	return 1
}

for arch in aarch64 aarch32; do
	width=""
	[ $arch = aarch32 ] && width=--aarch32
	if [ $arch = aarch32 ] && [ $aarch32 = 0 ]; then
		for g in hello psci smp timer mmio wfi hello-raw; do
			echo "SKIP: guest-$arch-$g this host's KVM cannot run AArch32 guests"
		done
		continue
	fi
	for g in hello psci smp timer mmio wfi; do
		cpus=1
		[ $g = smp ] && cpus=4
		name="guest-$arch-$g"
		if [ ! -f "/guests/$arch/$g.elf" ]; then
			echo "FAIL: $name /guests/$arch/$g.elf is missing"
			continue
		fi
		run $width -c $cpus "/guests/$arch/$g.elf"
		check_transcript "$name" $arch $g $? || continue
		if [ $g = mmio ]; then
			vmm=$(sed -n 's/^testdev: //p' "$tmp/err" | sed 's/ doorbell [0-9]* bad [0-9]*//')
			guest=$(sed -n 's/^mmio: \(reads .*hash [0-9a-f]*\).*/\1/p' "$tmp/out")
			bad=$(sed -n 's/^testdev: .* bad \([0-9]*\) .*/\1/p' "$tmp/err")
			if [ -z "$vmm" ]; then
				echo "FAIL: $name armvm printed no testdev: line"
				continue
			elif [ "$vmm" != "$guest" ]; then
				echo "FAIL: $name VMM saw '$vmm', guest did '$guest'"
				continue
			elif [ "$bad" != 0 ]; then
				echo "FAIL: $name the test device counted $bad bad accesses"
				continue
			fi
		fi
		echo "PASS: $name"
	done

	name="guest-$arch-hello-raw"
	run $width --raw "/guests/$arch/hello.bin"
	check_transcript "$name" $arch hello $? && echo "PASS: $name"
done
