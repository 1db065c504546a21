#!/bin/sh
# The gdb stub (armvm run --gdb/--gdb-wait) on KVM, with the seccomp sandbox
# on (the stub's thread has its own allow-list), driven by the lab's
# scripted remote-protocol client (armvm-gdb-client: the lab has no gdb;
# tests/cli/gdb_server_test.c checks the stub against the real gdb-multiarch
# natively, tests/suites/lab-gdb.sh drives it in the lab from the host's
# gdb-multiarch). For the mmio guest in both widths: attach to the halted
# guest, registers and target description, a software breakpoint at
# guest_main, a hardware breakpoint, a single step, a watchpoint on a store
# to the variable `hash`, continue to the power-off; armvm exits 0 and the
# transcript is the undisturbed golden one. Then a client that sends
# garbage, plants a breakpoint and vanishes: the guest must run on to its
# end. Then Debian's arm64 kernel: a first boot reads start_kernel's and
# linux_banner's addresses from /proc/kallsyms (nokaslr: the same on every
# boot), a second one halts at entry, breaks at start_kernel, reads the
# banner through the kernel's page tables, steps, detaches and boots on.
# Every armvm and client runs under timeout -s KILL: a stuck stub is a FAIL.
# lab-timeout: 400

gic=${ARMVM_LAB_GIC:-3}
aarch32=1
kvmcheck 2>/dev/null | grep -q '^el1_32bit=0' && aarch32=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
port=4711
# The stub listens on loopback, which a bare initramfs leaves down.
busybox ip link set lo up 2>/dev/null || busybox ifconfig lo 127.0.0.1 up 2>/dev/null
busybox ip addr add 127.0.0.1/8 dev lo 2>/dev/null

# judge NAME CLIENT_STATUS ARMVM_STATUS: a FAIL line, or nothing.
judge() {
	if [ "$2" != 0 ]; then
		echo "FAIL: $1 client (status $2): $(grep -m 1 FAILED "$tmp/client" || tail -n 1 "$tmp/client") armvm: $(grep -v '^bootmark' "$tmp/err" | head -n 2 | tr '\n' ' ')"
	elif [ "$3" != 0 ]; then
		echo "FAIL: $1 armvm exit status $3, want 0: $(grep -v -e '^armvm: gdb stub' -e '^bootmark' "$tmp/err" | head -n 2 | tr '\n' ' ')"
	fi
}

for arch in aarch64 aarch32; do
	width=""
	[ $arch = aarch32 ] && width=--aarch32
	if [ $arch = aarch32 ] && [ $aarch32 = 0 ]; then
		echo "SKIP: gdb-$arch this host's KVM cannot run AArch32 guests"
		continue
	fi
	elf=/guests/$arch/mmio.elf
	for mode in session vanish; do
		name="gdb-$arch-$mode"
		port=$((port + 1))
		timeout -s KILL 60 armvm run --gic "$gic" $width --gdb "127.0.0.1:$port" --gdb-wait "$elf" \
			>"$tmp/out" 2>"$tmp/err" &
		pid=$!
		timeout -s KILL 50 armvm-gdb-client "$mode" "$port" "$elf" "$arch" >"$tmp/client" 2>&1
		crc=$?
		# A client that failed leaves armvm waiting for gdb: end it now.
		[ "$crc" != 0 ] && kill -KILL "$pid" 2>/dev/null
		wait $pid
		status=$?
		bad=$(judge "$name" "$crc" "$status")
		if [ -n "$bad" ]; then
			echo "$bad"
		elif ! cmp -s "$tmp/out" "/expected/$arch/mmio.txt"; then
			echo "FAIL: $name transcript differs from /expected/$arch/mmio.txt: $(diff "/expected/$arch/mmio.txt" "$tmp/out" | grep -m 2 '^[<>]' | tr '\n' ' ')"
		else
			echo "PASS: $name"
		fi
	done
done

# shellcheck disable=SC1091 # packed from tests/linux/lab-lib.sh
. /linux/lib.sh
name=gdb-linux-arm64
if linux_have arm64 $name; then
	linux_boot gdb-ksyms arm64 1 ksyms "nokaslr armvm.ksyms=start_kernel,linux_banner"
	problem=$(linux_boot_problem)
	start=$(linux_fact ksyms start_kernel)
	banner=$(linux_fact ksyms linux_banner)
	if [ -n "$problem" ]; then
		echo "FAIL: $name the boot that reads /proc/kallsyms: $problem"
	elif [ -z "$start" ] || [ -z "$banner" ]; then
		echo "FAIL: $name no addresses from /proc/kallsyms: $(linux_result ksyms)"
	else
		echo "INFO: $name start_kernel=$start linux_banner=$banner"
		port=$((port + 1))
		timeout -s KILL "$LINUX_BOOT_TIMEOUT" armvm run --no-input -m "$LINUX_MEM" \
			--initrd /linux/arm64/initramfs.cpio.gz \
			--append "console=ttyAMA0 quiet panic=-1 nokaslr armvm.test=cpus" \
			--gdb "127.0.0.1:$port" --gdb-wait /linux/arm64/Image >"$tmp/out" 2>"$tmp/err" &
		pid=$!
		timeout -s KILL 200 armvm-gdb-client kernel "$port" "$start" aarch64 "$banner" >"$tmp/client" 2>&1
		crc=$?
		[ "$crc" != 0 ] && kill -KILL "$pid" 2>/dev/null
		wait $pid
		status=$?
		bad=$(judge "$name" "$crc" "$status")
		if [ -n "$bad" ]; then
			echo "$bad"
		elif ! grep -q '^ARMVM-RESULT cpus ok' "$tmp/out"; then
			echo "FAIL: $name the kernel did not boot on after the detach: $(tail -n 3 "$tmp/out" | tr -d '\r' | tr '\n' '|')"
		else
			echo "PASS: $name (hbreak at start_kernel, banner read by virtual address, step, detach)"
		fi
	fi
fi
cat "$tmp/client"
