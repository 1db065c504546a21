#!/bin/sh
# armvm's exit statuses: 0 power off, 1 host error, 2 usage/input error,
# 4 guest crash (3 reset is covered by the embedding test's PSCI reset at the
# library level), plus --help, --version and --dtb-out.
# lab-timeout: 300

gic=${ARMVM_LAB_GIC:-3}
aarch32=1
kvmcheck 2>/dev/null | grep -q '^el1_32bit=0' && aarch32=0
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
	if [ $arch = aarch32 ] && [ $aarch32 = 0 ]; then
		echo "SKIP: exit-crash-$arch this host's KVM cannot run AArch32 guests"
		continue
	fi
	expect "exit-crash-$arch" 4 "guest crashed: vCPU 0: guest read of 4 bytes at 0xc000000" \
		armvm run --gic "$gic" $width /guests/$arch/crash.elf
	# The crash guest's console line still comes out before the crash.
	if grep -q "^crash: " "$tmp/out"; then
		echo "PASS: exit-crash-$arch-console"
	else
		echo "FAIL: exit-crash-$arch-console the guest's line before the crash is missing"
	fi
done
# Console input: piped stdin is fed to the UART by a thread that must not
# keep armvm alive or disturb the transcript once the guest powers off.
name=stdin-piped
echo "typed input" | timeout 60 armvm run --gic "$gic" /guests/aarch64/hello.elf >"$tmp/out" 2>"$tmp/err"
got=$?
if [ $got = 0 ] && cmp -s "$tmp/out" /expected/aarch64/hello.txt; then
	echo "PASS: $name"
else
	echo "FAIL: $name status $got: $(head -n 1 "$tmp/err")"
fi
# Input reaches the guest: a 17-instruction AArch64 echo guest, loaded raw,
# polls the PL011 (UARTFR.RXFE, UARTDR), echoes each byte upper-cased and
# powers off after the newline. Source:
#   movz x1, #0x0900, lsl #16      // PL011
#   1: ldr w2, [x1, #0x18]; tbnz w2, #4, 1b   // wait while RXFE
#   ldr w2, [x1]; and w2, w2, #0xff
#   cmp w2, #0x61; b.lo 2f; cmp w2, #0x7a; b.hi 2f; sub w2, w2, #0x20
#   2: str w2, [x1]; cmp w2, #0x0a; b.ne 1b
#   movz w0, #0x0008; movk w0, #0x8400, lsl #16; hvc #0; b .   // SYSTEM_OFF
printf '\001\040\241\322\042\030\100\271\342\377\047\067\042\000\100\271\102\034\000\022\137\204\001\161\203\000\000\124\137\350\001\161\110\000\000\124\102\200\000\121\042\000\000\271\137\050\000\161\241\376\377\124\000\001\200\122\000\200\260\162\002\000\000\324\000\000\000\024' >"$tmp/echo.bin"
name=stdin-reaches-guest
printf 'hello, uart!\n' | timeout 60 armvm run --gic "$gic" --raw "$tmp/echo.bin" >"$tmp/out" 2>"$tmp/err"
got=$?
if [ $got = 0 ] && [ "$(cat "$tmp/out")" = "HELLO, UART!" ]; then
	echo "PASS: $name"
else
	echo "FAIL: $name status $got, echoed '$(cat "$tmp/out")': $(head -n 1 "$tmp/err")"
fi
name=stdin-no-input
printf 'x\n' | timeout 5 armvm run --gic "$gic" --no-input --raw "$tmp/echo.bin" >"$tmp/out" 2>"$tmp/err"
got=$?
# The guest waits for input forever; timeout's SIGTERM must stop the VM
# cleanly: status 5 and a message, nothing echoed.
if [ -s "$tmp/out" ]; then
	echo "FAIL: $name the guest got input: '$(cat "$tmp/out")'"
else
	echo "PASS: $name"
fi
if [ $got = 5 ] && grep -q "^armvm: stopped by signal 15" "$tmp/err"; then
	echo "PASS: exit-sigterm"
else
	echo "FAIL: exit-sigterm status $got, want 5: $(head -n 1 "$tmp/err")"
fi
# An endless input (stdin never ends) must not hold armvm up at exit.
name=stdin-endless
timeout 60 armvm run --gic "$gic" /guests/aarch64/hello.elf </dev/zero >"$tmp/out" 2>"$tmp/err"
got=$?
if [ $got = 0 ] && cmp -s "$tmp/out" /expected/aarch64/hello.txt; then
	echo "PASS: $name"
else
	echo "FAIL: $name status $got: $(head -n 1 "$tmp/err")"
fi

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
