#!/bin/sh
# Console input reaches a shell in a Linux guest: armvm's stdin is a pipe
# this test writes once the guest's /init is up; the shell runs a command
# (its result, not the echo of the typed line, is checked) and powers off.
# Over the PL011 (ttyAMA0) and, when armvm has it, a virtio console (hvc0).
# lab-timeout: 900

# shellcheck disable=SC1091 # packed from tests/linux/lab-lib.sh
. /linux/lib.sh

# Wait until a file holds a pattern or armvm ended or LINUX_BOOT_TIMEOUT passed.
wait_for() { # file pattern pid
	n=0
	while ! grep -q "$2" "$1"; do
		kill -0 "$3" 2>/dev/null || return 1
		[ $n -lt $((LINUX_BOOT_TIMEOUT * 5)) ] || return 1
		sleep 0.2
		n=$((n + 1))
	done
}

console_test() { # name arch console-kind
	name=$1 arch=$2 kind=$3
	out=$PWD/$name.out err=$PWD/$name.err
	rm -f in && mkfifo in
	width="" cons=ttyAMA0 opt=""
	[ "$arch" = armhf ] && width=--aarch32
	append="console=$cons quiet panic=-1"
	[ "$kind" = virtio ] && cons=hvc0 opt="--console virtio" append="quiet panic=-1"
	# An arm64 kernel takes 2,047 bytes: a 1,500-byte --append, to which
	# armvm adds console=hvc0, must arrive whole (it was cut at 1,024).
	[ "$kind$arch" = virtioarm64 ] &&
		append="$append armvm.pad=$(head -c 1500 /dev/zero | tr '\0' x)"
	want_len=$(printf '%s' "$append" | wc -c)
	[ "$kind" = virtio ] && want_len=$((want_len + 13))   # " console=hvc0"
	# shellcheck disable=SC2086 # options, one word each
	armvm run $width $opt -m "$LINUX_MEM" --initrd "/linux/$arch/initramfs.cpio.gz" \
		--append "$append" "$(linux_kernel "$arch")" \
		<in >"$out" 2>"$err" &
	pid=$!
	exec 3>in
	(sleep "$LINUX_BOOT_TIMEOUT"; kill -KILL "$pid") 2>/dev/null &
	dog=$!
	result=""
	if ! wait_for "$out" '^ARMVM-GUEST-READY' $pid; then
		result="no ready line from the guest"
	else
		# The tty echoes the line as typed; only the shell prints 42.
		# shellcheck disable=SC2016 # for the guest's shell to expand
		printf 'echo "in-guest: $((6 * 7)) $(tty) cmdline $(wc -c </proc/cmdline)"\n' >&3
		if ! wait_for "$out" '^in-guest: 42 ' $pid; then
			result="the shell did not run the typed command"
		fi
		printf 'poweroff -f\n' >&3
	fi
	exec 3>&-
	wait $pid
	st=$?
	kill $dog 2>/dev/null
	if [ -z "$result" ] && [ $st != 0 ]; then
		result="armvm exit status $st after poweroff"
	fi
	got=$(sed -n 's/^in-guest: 42 \([^ ]*\).*/\1/p' "$out" | tr -d '\r' | head -n 1)
	if [ -z "$result" ] && [ "$got" != "/dev/$cons" ]; then
		result="the guest shell's terminal is '$got', not /dev/$cons"
	fi
	# /proc/cmdline ends with a newline.
	got_len=$(sed -n 's/^in-guest: 42 .* cmdline *\([0-9]*\).*/\1/p' "$out" | head -n 1)
	if [ -z "$result" ] && [ "$got_len" != $((want_len + 1)) ]; then
		result="the guest's /proc/cmdline has '$got_len' bytes, want $((want_len + 1))"
	fi
	if [ -n "$result" ]; then
		echo "FAIL: $name $result; console: $(tail -n 4 "$out" | tr -d '\r' | tr '\n' '|') stderr: $(tail -n 2 "$err" | tr '\n' '|')"
	else
		echo "PASS: $name"
	fi
}

has_virtio_console=0
armvm run --help | grep -q -- '--console virtio' && has_virtio_console=1
for arch in arm64 armhf; do
	linux_have $arch "linux-$arch-console" || continue
	console_test "linux-$arch-console-pl011" "$arch" pl011
	if [ $has_virtio_console = 1 ]; then
		console_test "linux-$arch-console-virtio" "$arch" virtio
	else
		echo "SKIP: linux-$arch-console-virtio armvm run has no --console virtio yet"
	fi
done
