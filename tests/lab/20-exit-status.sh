#!/bin/sh
# armvm's exit statuses: 0 power off, 1 host error, 2 usage/input error,
# 4 guest crash (3 reset is covered by the embedding test's PSCI reset at the
# library level), plus --help, --version and --dtb-out.
# lab-timeout: 300

gic=${ARMVM_LAB_GIC:-3}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

expect() { # name want-status stderr-pattern cmd...
	name=$1 want=$2 pat=$3
	shift 3
	timeout 60 "$@" >"$tmp/out" 2>"$tmp/err"
	got=$?
	if [ "$got" != "$want" ]; then
		echo "FAIL: $name exit status $got, want $want: $(head -n 1 "$tmp/err")"
	elif [ -n "$pat" ] && ! grep -q -- "$pat" "$tmp/err"; then
		echo "FAIL: $name stderr lacks '$pat': $(head -n 1 "$tmp/err")"
	else
		echo "PASS: $name"
	fi
}

expect exit-poweroff 0 "" armvm run --gic "$gic" /guests/aarch64/psci.elf
for arch in aarch64 aarch32; do
	width=""
	[ $arch = aarch32 ] && width=--aarch32
	expect "exit-crash-$arch" 4 "guest crashed: vCPU 0: guest read of 4 bytes at 0xc000000" \
		armvm run --gic "$gic" $width /guests/$arch/crash.elf
	# The crash guest's console line still comes out before the crash.
	if grep -q "^crash: " "$tmp/out"; then
		echo "PASS: exit-crash-$arch-console"
	else
		echo "FAIL: exit-crash-$arch-console the guest's line before the crash is missing"
	fi
done
expect exit-usage 2 "armvm: error: unknown option" armvm run --bogus /guests/aarch64/hello.elf
expect exit-host-error 1 "armvm: error: cannot open /nonexistent/kvm" \
	armvm run --kvm-path /nonexistent/kvm /guests/aarch64/hello.elf

expect help 0 "" armvm --help
if grep -q "exit status" "$tmp/out" && grep -q "run \[options\] <image>" "$tmp/out"; then
	echo "PASS: help-text"
else
	echo "FAIL: help-text armvm --help lacks the usage or the exit statuses"
fi
expect run-help 0 "" armvm run --help
if grep -q -- "--aarch32" "$tmp/out" && grep -q -- "--dtb-out" "$tmp/out"; then
	echo "PASS: run-help-text"
else
	echo "FAIL: run-help-text armvm run --help lacks its options"
fi
expect version 0 "" armvm --version

# --dtb-out: a device tree for the machine, written without running.
expect dtb-out 0 "" armvm run --gic "$gic" -c 2 -m 256M --dtb-out "$tmp/x.dtb" \
	/guests/aarch64/hello.elf
magic=$(od -A n -t x1 -N 4 "$tmp/x.dtb" 2>/dev/null | tr -d ' ')
if [ "$magic" = d00dfeed ] && [ ! -s "$tmp/out" ]; then
	echo "PASS: dtb-out-blob"
else
	echo "FAIL: dtb-out-blob '$tmp/x.dtb' magic '$magic', or the guest ran"
fi
for s in "armvm,testdev" "armvm,bootmark" "arm,pl011" "arm,psci-0.2"; do
	if grep -q "$s" "$tmp/x.dtb"; then
		echo "PASS: dtb-out-has-$s"
	else
		echo "FAIL: dtb-out-has-$s the DTB does not name $s"
	fi
done
