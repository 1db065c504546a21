#!/bin/sh
# The gdb stub (armvm run --gdb/--gdb-wait) on KVM, driven by the lab's
# scripted remote-protocol client (armvm-gdb-client: the lab has no gdb;
# tests/cli/gdb_wire_test.c checks the protocol against the real
# gdb-multiarch natively). For the mmio guest in both widths: attach to the
# halted guest, registers and target description, a software breakpoint at
# guest_main, a hardware breakpoint, a single step, a watchpoint on a store
# to the variable `hash`, continue to the power-off; armvm exits 0 and the
# transcript is the undisturbed golden one. Then a client that sends garbage,
# plants a breakpoint and vanishes: the guest must run on to its end.
# lab-timeout: 300

gic=${ARMVM_LAB_GIC:-3}
aarch32=1
kvmcheck 2>/dev/null | grep -q '^el1_32bit=0' && aarch32=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
port=4711
# The stub listens on loopback, which a bare initramfs leaves down.
busybox ip link set lo up 2>/dev/null || busybox ifconfig lo 127.0.0.1 up 2>/dev/null
busybox ip addr add 127.0.0.1/8 dev lo 2>/dev/null

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
		timeout 50 armvm run --gic "$gic" $width --gdb "127.0.0.1:$port" --gdb-wait "$elf" \
			>"$tmp/out" 2>"$tmp/err" &
		pid=$!
		timeout 40 armvm-gdb-client "$mode" "$port" "$elf" "$arch" >"$tmp/client" 2>&1
		crc=$?
		# A client that failed leaves armvm waiting for gdb: end it now.
		[ "$crc" != 0 ] && kill "$pid" 2>/dev/null
		wait $pid
		status=$?
		if [ "$crc" != 0 ]; then
			echo "FAIL: $name client (status $crc): $(grep -m 1 FAILED "$tmp/client" || tail -n 1 "$tmp/client") armvm: $(head -n 2 "$tmp/err" | tr '\n' ' ') lo: $(busybox ip addr show lo 2>&1 | grep -m 1 inet)"
		elif [ "$status" != 0 ]; then
			echo "FAIL: $name armvm exit status $status, want 0: $(grep -v '^armvm: gdb stub' "$tmp/err" | head -n 1)"
		elif ! cmp -s "$tmp/out" "/expected/$arch/mmio.txt"; then
			echo "FAIL: $name transcript differs from /expected/$arch/mmio.txt: $(diff "/expected/$arch/mmio.txt" "$tmp/out" | grep -m 2 '^[<>]' | tr '\n' ' ')"
		else
			echo "PASS: $name"
		fi
	done
done
