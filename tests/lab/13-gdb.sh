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
# _text's addresses from /proc/kallsyms (nokaslr: the same on every boot;
# Debian's kallsyms has no data symbols), a second one halts at entry,
# breaks at start_kernel, reads its code through the kernel's page tables
# (compared with the Image file's bytes when kallsyms lists _text, which
# Debian's 6.1 does not), steps, detaches and boots on.
# Every armvm and client runs under timeout -s KILL: a stuck stub is a FAIL.
# With "host NAME:PORT..." (tests/suites/lab-gdb.sh, through lab/run.sh
# --forward --run) it serves the same guests to gdb-multiarch outside
# instead, session NAME's stub on PORT, which lab/run.sh --forward makes
# reachable from outside (host_sessions below).
# lab-timeout: 400

gic=${ARMVM_LAB_GIC:-3}
LAB_NET=${LAB_NET:-}
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

# The kernel's first 8 bytes at symbol address SYM (hex) in the Image whose
# _text (its first byte) is at TEXT (hex), as 16 hex digits. The low 32
# bits do: the kernel is smaller than 4 GiB.
image_bytes() { # image sym text
	off=$((0x$(echo "$2" | tail -c 9) - 0x$(echo "$3" | tail -c 9)))
	[ $off -lt 0 ] && off=$((off + 0x100000000))
	dd if="$1" bs=1 skip=$off count=8 2>/dev/null | hexdump -v -e '1/1 "%02x"'
}

# Boot 1 of a kernel session: start_kernel, _text and the bytes there
# into $start $text $bytes; a FAIL line for test $1 and false if not.
kernel_symbols() { # test-name
	linux_boot gdb-ksyms arm64 1 ksyms "nokaslr armvm.ksyms=start_kernel,_text"
	start=$(linux_fact ksyms start_kernel)
	text=$(linux_fact ksyms _text)
	if [ -z "$start" ] || [ "$start" = none ]; then
		echo "FAIL: $1 no address for start_kernel from /proc/kallsyms: $(linux_boot_problem) $(linux_result ksyms)"
		return 1
	fi
	# Without _text the code read by virtual address is checked for its
	# length only ("any": 8 bytes, whatever they are).
	bytes=any
	[ "$text" != none ] && [ -n "$text" ] && bytes=$(image_bytes /linux/arm64/Image "$start" "$text")
	echo "INFO: $1 start_kernel=$start _text=$text code=$bytes"
}

# ---- host mode: gdb-multiarch outside the lab is the client ----
# lab/run.sh --forward joins one TCP port here per session to the machine
# running the lab (QEMU user networking): each session has its own port
# and its own connection end to end, so a gdb that comes late or early can
# only reach its own guest's stub, or nothing.
# One session: armvm halted under --gdb-wait, its stub on all interfaces
# at the session's port, "@@gdb ready NAME [FACTS]" once it listens, for
# the outside to attach, then "@@gdb done NAME STATUS" with armvm's exit
# status.
host_session() { # name facts armvm-args...
	name=$1 facts=$2
	shift 2
	sport=$(echo " $host_ports " | sed -n "s/.* $name:\([0-9]*\) .*/\1/p")
	if [ -z "$sport" ]; then
		echo "FAIL: lab-gdb-$name no port for it in '$host_ports' (13-gdb.sh host NAME:PORT...)"
		return 1
	fi
	# The last session's files go first: its "listening" line must not
	# announce this one before its own stub listens.
	rm -f "$tmp/out" "$tmp/err"
	timeout -s KILL 300 armvm run --gdb "0.0.0.0:$sport" --gdb-wait "$@" >"$tmp/out" 2>"$tmp/err" &
	pid=$!
	# armvm says "armvm: gdb stub on HOST:PORT" once its socket listens.
	listening="^armvm: gdb stub on 0.0.0.0:$sport"
	i=0
	while [ $i -lt 600 ] && ! grep -q "$listening" "$tmp/err" 2>/dev/null && kill -0 $pid 2>/dev/null; do
		sleep 0.1
		i=$((i + 1))
	done
	if ! grep -q "$listening" "$tmp/err" 2>/dev/null; then
		kill -KILL $pid 2>/dev/null
		wait $pid
		echo "FAIL: lab-gdb-$name armvm's stub did not start listening on port $sport: $(grep -v '^bootmark' "$tmp/err" | head -n 2 | tr '\n' ' ')"
		return 1
	fi
	echo "@@gdb ready $name $facts"
	wait $pid
	st=$?
	echo "@@gdb done $name $st"
	[ "$st" = 0 ] || echo "INFO: $name armvm: $(grep -v '^bootmark' "$tmp/err" | head -n 3 | tr '\n' ' ')"
}

host_sessions() {
	host_ports=$*
	if [ -z "$LAB_NET" ]; then
		echo "FAIL: lab-gdb the lab has no network (lab/run.sh --forward HOSTPORT:LABPORT)"
		return 1
	fi
	for arch in aarch64 aarch32; do
		width=""
		[ $arch = aarch32 ] && width=--aarch32
		if [ $arch = aarch32 ] && [ $aarch32 = 0 ]; then
			echo "SKIP: lab-gdb-$arch this host's KVM cannot run AArch32 guests"
			continue
		fi
		host_session "$arch" "" --gic "$gic" $width /guests/$arch/mmio.elf || continue
		if cmp -s "$tmp/out" "/expected/$arch/mmio.txt"; then
			echo "PASS: lab-gdb-$arch-transcript"
		else
			echo "FAIL: lab-gdb-$arch-transcript differs from /expected/$arch/mmio.txt: $(diff "/expected/$arch/mmio.txt" "$tmp/out" | grep -m 2 '^[<>]' | tr '\n' ' ')"
		fi
	done
	# shellcheck disable=SC1091 # packed from tests/linux/lab-lib.sh
	. /linux/lib.sh
	linux_have arm64 lab-gdb-linux || return 1
	kernel_symbols lab-gdb-linux || return 1
	host_session linux "start_kernel=$start code=$bytes" --no-input -m "$LINUX_MEM" \
		--initrd /linux/arm64/initramfs.cpio.gz \
		--append "console=ttyAMA0 quiet panic=-1 nokaslr armvm.test=cpus" /linux/arm64/Image || return 1
	if grep -q '^ARMVM-RESULT cpus ok' "$tmp/out"; then
		echo "PASS: lab-gdb-linux-boots-on (the kernel booted to its end after the detach)"
	else
		echo "FAIL: lab-gdb-linux-boots-on $(tail -n 3 "$tmp/out" | tr -d '\r' | tr '\n' '|')"
	fi
}

if [ "${1:-}" = host ]; then
	shift
	host_sessions "$@"
	exit
fi

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
# Two Linux boots: on one host variant only (the GICv2 one checks the rest).
if [ "$gic" != 3 ]; then
	echo "INFO: $name runs on the GICv3 host only"
elif linux_have arm64 $name; then
	if kernel_symbols $name; then
		port=$((port + 1))
		timeout -s KILL "$LINUX_BOOT_TIMEOUT" armvm run --no-input -m "$LINUX_MEM" \
			--initrd /linux/arm64/initramfs.cpio.gz \
			--append "console=ttyAMA0 quiet panic=-1 nokaslr armvm.test=cpus" \
			--gdb "127.0.0.1:$port" --gdb-wait /linux/arm64/Image >"$tmp/out" 2>"$tmp/err" &
		pid=$!
		timeout -s KILL 200 armvm-gdb-client kernel "$port" "$start" aarch64 "$bytes" >"$tmp/client" 2>&1
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
			echo "PASS: $name (hbreak at start_kernel, its code read by virtual address, step, detach)"
		fi
	fi
fi
