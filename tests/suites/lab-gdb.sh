#!/bin/bash
# gdb-multiarch on this machine debugging guests of armvm in the lab: the
# lab host (lab/run.sh --gdb-port) joins a virtio serial port inside to a
# TCP port here, and tests/lab/13-gdb.sh host runs each guest halted under
# `armvm run --gdb --gdb-wait` with a relay from that port to the stub,
# announcing it with "@@gdb ready NAME". For each, gdb-multiarch in batch
# mode (the lab itself has no gdb):
#   aarch64, aarch32  the mmio test guest with its ELF's symbols: break at
#       guest_main, registers, a hardware breakpoint, stepi, a watchpoint
#       on the variable hash and its value, continue to the exit
#   linux             Debian's arm64 kernel (no symbol file: the addresses
#       come from the guest's /proc/kallsyms on an earlier boot): hbreak at
#       start_kernel, its code read by virtual address (the Image's bytes),
#       stepi, registers, detach; the kernel boots on
# Every gdb and the lab run are under timeout. Prints PASS:/FAIL:/SKIP:
# lines; SKIP without gdb-multiarch. Uses the packed lab initramfs (run
# tests/suites/lab.sh or lab/mkinitramfs.sh first, as make test does).
cd "$(dirname "$0")/../.." || exit 1
B=${B:-build}
if ! command -v gdb-multiarch >/dev/null 2>&1; then
	echo "SKIP: lab-gdb gdb-multiarch is not installed (apt-get install gdb-multiarch)"
	exit 0
fi
tmp=$(mktemp -d) || exit 1
labpid=""
trap '[ -n "$labpid" ] && kill "$labpid" 2>/dev/null; rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM
# A free port here: ask the kernel for one.
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null)
[ -n "$port" ] || port=$((20000 + $$ % 20000))
mkfifo "$tmp/lab"
lab/run.sh --no-build --gic 3 --gdb-port "$port" --timeout 900 \
	--run 'sh /tests/13-gdb.sh host' >"$tmp/lab" 2>&1 &
labpid=$!
status=0

# check NAME OUTPUT-FILE PATTERN...: every extended regular expression in
# the output, else a FAIL naming the first missing one.
check() {
	local name=$1 out=$2 p
	shift 2
	for p in "$@"; do
		if ! grep -Eq -- "$p" "$out"; then
			echo "FAIL: lab-gdb-$name gdb-multiarch's output has no '$p'; its transcript:"
			sed 's/^/    | /' "$out"
			status=1
			return
		fi
	done
	echo "PASS: lab-gdb-$name (gdb-multiarch)"
}

gdb_batch() { # output-file gdb-arguments...
	local out=$1
	shift
	timeout -s KILL 300 gdb-multiarch -nx -batch -ex 'set confirm off' -ex 'set pagination off' \
		-ex 'set remotetimeout 120' "$@" >"$out" 2>&1
}

session() { # name facts...
	local name=$1 out=$tmp/$1.gdb elf start banner
	shift
	case $name in
	aarch64|aarch32)
		elf=$B/guests/$name/mmio.elf
		gdb_batch "$out" -ex "file $elf" -ex "target remote 127.0.0.1:$port" \
			-ex 'break guest_main' -ex continue -ex 'info registers pc' \
			-ex 'hbreak fdt_contains_string' -ex continue -ex 'p/x $pc' -ex stepi -ex 'p/x $pc' \
			-ex delete -ex 'watch hash' -ex continue -ex 'p/x hash' -ex delete -ex continue
		check "$name" "$out" '^Breakpoint 1, .*guest_main' '^pc +0x' \
			'^Hardware assisted breakpoint 2 at ' '^Breakpoint 2, .*fdt_contains_string' \
			'^Hardware watchpoint 3: hash' '^New value = ' '^\$[0-9]+ = 0x[0-9a-f]+' \
			'exited normally'
		;;
	linux)
		start=$(echo "$*" | sed -n 's/.*start_kernel=\([0-9a-f]*\).*/\1/p')
		code=$(echo "$*" | sed -n 's/.*code=\([0-9a-fany]*\).*/\1/p')
		gdb_batch "$out" -ex 'set architecture aarch64' -ex "target remote 127.0.0.1:$port" \
			-ex "hbreak *0x$start" -ex continue -ex 'p/x $pc' -ex "x/8xb 0x$start" \
			-ex stepi -ex 'p/x $pc' -ex 'info registers sp' -ex delete -ex detach
		# the bytes as x/8xb prints them: 0x3f<TAB>0x23...
		code_re=$(echo "$code" | sed 's/../0x&[[:space:]]+/g; s/\[\[:space:\]\]+$//')
		[ "$code" = any ] && code_re='(0x[0-9a-f]{2}[[:space:]]+){7}0x[0-9a-f]{2}'
		start=$(echo "$start" | sed 's/^0*//')
		check linux "$out" "^Hardware assisted breakpoint 1 at 0x0*$start" "^Breakpoint 1, 0x0*$start" "^\\\$1 = 0x0*$start\$" \
			"^0x0*$start:[[:space:]]+$code_re" '^\$2 = 0x' '^sp +0x' \
			'Inferior 1 .* detached'
		;;
	esac
	echo "INFO: lab-gdb-$name gdb transcript: $(grep -c . "$out") lines"
}

while IFS= read -r line; do
	line=${line%$'\r'}
	case $line in
	"@@gdb ready "*)
		# shellcheck disable=SC2086 # name and facts, space-separated
		session ${line#@@gdb ready } ;;
	"@@gdb done "*)
		read -r name st <<<"${line#@@gdb done }"
		if [ "$st" = 0 ]; then
			echo "PASS: lab-gdb-$name-armvm-exit (status 0)"
		else
			echo "FAIL: lab-gdb-$name-armvm-exit status $st, want 0"
			status=1
		fi ;;
	FAIL:*) echo "$line"; status=1 ;;
	PASS:*|SKIP:*|INFO:*) echo "$line" ;;
	esac
done <"$tmp/lab"
wait "$labpid"
rc=$?
labpid=""
if [ $rc != 0 ]; then
	echo "FAIL: lab-gdb the lab run ended with status $rc"
	status=1
fi
exit $status
