#!/bin/sh
# Loads and stores without instruction syndrome (ESR ISV = 0) on the test
# device, emulated by armvm through KVM_EXIT_ARM_NISV: the ldst guest in
# both widths. Its transcript (the registers each form left) must equal
# plain QEMU's with the accesses aimed at RAM (/expected/<arch>/ldst.txt),
# and armvm's `testdev:` line (the accesses the device saw: sizes, offsets,
# values, order) must equal the guest's `ldst:` line (what it expected).
# ldst-abort makes an exclusive load from the device: armvm must inject an
# external abort (the guest reports it and powers off) and name it on stderr.
# lab-timeout: 120

gic=${ARMVM_LAB_GIC:-3}
aarch32=1
kvmcheck 2>/dev/null | grep -q '^el1_32bit=0' && aarch32=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

for arch in aarch64 aarch32; do
	name="ldst-$arch"
	width=""
	[ $arch = aarch32 ] && width=--aarch32
	if [ $arch = aarch32 ] && [ $aarch32 = 0 ]; then
		echo "SKIP: $name this host's KVM cannot run AArch32 guests"
		continue
	fi
	timeout 60 armvm run --gic "$gic" $width "/guests/$arch/ldst.elf" >"$tmp/out" 2>"$tmp/err"
	status=$?
	vmm=$(sed -n 's/^testdev: //p' "$tmp/err" | sed 's/ doorbell [0-9]* bad [0-9]*//')
	guest=$(sed -n 's/^ldst: \(reads .*hash [0-9a-f]*\).*/\1/p' "$tmp/out")
	bad=$(sed -n 's/^testdev: .* bad \([0-9]*\) .*/\1/p' "$tmp/err")
	if [ "$status" != 0 ]; then
		echo "FAIL: $name exit status $status, want 0: $(grep -v '^testdev:' "$tmp/err" | head -n 1)"
	elif ! cmp -s "$tmp/out" "/expected/$arch/ldst.txt"; then
		echo "FAIL: $name transcript differs from /expected/$arch/ldst.txt: $(diff "/expected/$arch/ldst.txt" "$tmp/out" | grep -v '^[-+][-+][-+] ' | grep -m 3 '^[-+<>]' | tr '\n' ' ') stderr: $(grep -v '^testdev:' "$tmp/err" | head -n 1)"
	elif [ -z "$vmm" ]; then
		echo "FAIL: $name armvm printed no testdev: line"
	elif [ "$vmm" != "$guest" ]; then
		echo "FAIL: $name VMM saw '$vmm', guest did '$guest'"
	elif [ "$bad" != 0 ]; then
		echo "FAIL: $name the test device counted $bad bad accesses"
	elif grep -q 'cannot emulate' "$tmp/err"; then
		echo "FAIL: $name armvm refused an access: $(grep -m 1 'cannot emulate' "$tmp/err")"
	else
		echo "PASS: $name"
	fi

	name="ldst-abort-$arch"
	timeout 60 armvm run --gic "$gic" $width "/guests/$arch/ldst-abort.elf" >"$tmp/out" 2>"$tmp/err"
	status=$?
	abort='ESR_EL1 0x[f]*9[46]000010 FAR_EL1 0xb000000'   # KVM sign-extends it
	[ $arch = aarch32 ] && abort='data abort, DFSR 0x8 DFAR 0xb000000'
	if [ "$status" != 0 ]; then
		echo "FAIL: $name exit status $status, want 0: $(head -n 1 "$tmp/err")"
	elif ! grep -qE '^armvm: vCPU 0: cannot emulate (exclusive|LDREX).*external abort injected' "$tmp/err"; then
		echo "FAIL: $name no stderr line naming the exclusive: $(head -n 1 "$tmp/err")"
	elif ! grep -q "^ldst-abort: unexpected exception: .*$abort" "$tmp/out"; then
		echo "FAIL: $name the guest did not take the external abort: $(tail -n 1 "$tmp/out")"
	else
		echo "PASS: $name"
	fi
done
