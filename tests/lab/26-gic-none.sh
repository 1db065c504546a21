#!/bin/sh
# `armvm run --gic none`: a VM without an interrupt controller. Guests that
# need no interrupts (hello, psci, smp on 4 vCPUs through PSCI CPU_ON, and
# mmio with the VMM's testdev summary agreeing with the guest's own count)
# give the golden QEMU transcripts in both widths; the device tree has no
# GIC, no timer and no interrupt property at all; virtio devices, which
# need interrupts, are refused (status 2).
# lab-timeout: 300

aarch32=1
kvmcheck 2>/dev/null | grep -q '^el1_32bit=0' && aarch32=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

for arch in aarch64 aarch32; do
	width=""
	[ $arch = aarch32 ] && width=--aarch32
	for g in hello psci smp mmio; do
		name="gic-none-$arch-$g"
		if [ $arch = aarch32 ] && [ $aarch32 = 0 ]; then
			echo "SKIP: $name this host's KVM cannot run AArch32 guests"
			continue
		fi
		cpus=1
		[ $g = smp ] && cpus=4
		timeout 60 armvm run --gic none $width -c $cpus "/guests/$arch/$g.elf" \
			>"$tmp/out" 2>"$tmp/err"
		status=$?
		if [ $status != 0 ]; then
			echo "FAIL: $name exit status $status, want 0: $(head -n 1 "$tmp/err")"
			continue
		elif ! cmp -s "$tmp/out" "/expected/$arch/$g.txt"; then
			echo "FAIL: $name transcript differs from /expected/$arch/$g.txt: $(diff "/expected/$arch/$g.txt" "$tmp/out" | sed -n '4,5p' | tr '\n' ' ')"
			continue
		elif grep -q "warning" "$tmp/err"; then
			echo "FAIL: $name armvm warned: $(grep warning "$tmp/err" | head -n 1)"
			continue
		fi
		if [ $g = mmio ]; then
			vmm=$(sed -n 's/^testdev: //p' "$tmp/err" | sed 's/ doorbell [0-9]* bad [0-9]*//')
			guest=$(sed -n 's/^mmio: \(reads .*hash [0-9a-f]*\).*/\1/p' "$tmp/out")
			if [ -z "$vmm" ] || [ "$vmm" != "$guest" ]; then
				echo "FAIL: $name VMM saw '$vmm', guest did '$guest'"
				continue
			fi
		fi
		echo "PASS: $name"
	done
done

# The tree: no interrupt controller, no timer, no interrupt property (the
# names live in the DTB's strings block, so a plain grep finds them).
name=gic-none-dtb
if ! timeout 60 armvm run --gic none -c 8 --dtb-out "$tmp/none.dtb" \
		/guests/aarch64/hello.elf 2>"$tmp/err"; then
	echo "FAIL: $name --dtb-out failed: $(head -n 1 "$tmp/err")"
elif grep -q -e interrupt -e arm,gic -e armv8-timer "$tmp/none.dtb"; then
	echo "FAIL: $name the tree still names a GIC, timer or interrupt"
elif ! grep -q arm,pl011 "$tmp/none.dtb" || ! grep -q cpu@7 "$tmp/none.dtb"; then
	echo "FAIL: $name the tree lacks the PL011 or the 8th vCPU"
else
	echo "PASS: $name"
fi
# ... while the default tree has them (the grep above can see them).
name=gic-none-dtb-control
if timeout 60 armvm run --dtb-out "$tmp/gic.dtb" /guests/aarch64/hello.elf 2>/dev/null &&
   grep -q interrupt-parent "$tmp/gic.dtb" && grep -q armv8-timer "$tmp/gic.dtb"; then
	echo "PASS: $name"
else
	echo "FAIL: $name the default tree has no interrupt-parent or timer"
fi

for dev in "--rng" "--disk $tmp/gic.dtb" "--console virtio"; do
	name="gic-none-refuses-$(echo "$dev" | sed 's/^--\([a-z]*\).*/\1/')"
	# shellcheck disable=SC2086
	timeout 60 armvm run --gic none $dev /guests/aarch64/hello.elf >/dev/null 2>"$tmp/err"
	status=$?
	if [ $status = 2 ] && grep -q "need interrupts" "$tmp/err"; then
		echo "PASS: $name"
	else
		echo "FAIL: $name status $status, want 2 with 'need interrupts': $(head -n 1 "$tmp/err")"
	fi
done
