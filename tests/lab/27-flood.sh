#!/bin/sh
# A guest cannot flood the host's log (issue 14 defect 1): the flood guest
# re-arms the test device's message limit with LOG_RESET, writes 1,000 boot
# marks and sends bad virtio-blk requests between device resets; armvm's
# stderr must stay within its per-VM budget (1,024 lines) plus the final
# "N more ... suppressed" line and the testdev summary, and the guest's disk
# reads afterwards must all succeed. Also shows the seccomp sandbox does
# not stop any of it. Both widths.
# lab-timeout: 300

gic=${ARMVM_LAB_GIC:-3}
aarch32=1
kvmcheck 2>/dev/null | grep -q '^el1_32bit=0' && aarch32=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
head -c 1048576 /dev/zero >"$tmp/disk.img"

for arch in aarch64 aarch32; do
	name=flood-$arch
	width=""
	[ $arch = aarch32 ] && width=--aarch32
	if [ $arch = aarch32 ] && [ $aarch32 = 0 ]; then
		echo "SKIP: $name this host's KVM cannot run AArch32 guests"
		continue
	fi
	timeout 120 armvm run --gic "$gic" $width --disk "$tmp/disk.img" \
		"/guests/$arch/flood.elf" >"$tmp/out" 2>"$tmp/err" </dev/null
	st=$?
	lines=$(wc -l <"$tmp/err")
	if [ $st != 0 ]; then
		echo "FAIL: $name exit status $st, want 0: $(head -n 2 "$tmp/err" | tr '\n' '|')"
	elif ! grep -q '^flood: virtio-blk@[0-9a-f]*: 2000 of 2000 reads ok$' "$tmp/out"; then
		echo "FAIL: $name the guest's disk reads did not all succeed: $(tail -n 2 "$tmp/out" | tr '\n' '|')"
	elif [ "$lines" -gt 1026 ]; then
		echo "FAIL: $name $lines lines on stderr, want at most 1024 + 2"
	elif ! grep -q '^armvm: [0-9]* more guest-triggered diagnostic lines suppressed (at most 1024 per VM)$' "$tmp/err"; then
		echo "FAIL: $name no final 'more ... suppressed' line: $(tail -n 2 "$tmp/err" | tr '\n' '|')"
	else
		echo "PASS: $name ($lines lines on stderr)"
	fi
done
