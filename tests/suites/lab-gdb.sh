#!/bin/bash
# gdb-multiarch on this machine debugging guests of armvm in the lab: each
# session gets its own port here, forwarded by the lab's QEMU user network
# (lab/run.sh --forward HOSTPORT:LABPORT) to its own port in the nested
# host, where tests/lab/13-gdb.sh host runs the guest halted under
# `armvm run --gdb 0.0.0.0:LABPORT --gdb-wait` and announces it with
# "@@gdb ready NAME" once the stub listens: one TCP connection from gdb to
# the stub, nothing shared between sessions. For each, gdb-multiarch in
# batch mode (the lab itself has no gdb):
#   aarch64, aarch32  the mmio test guest with its ELF's symbols: break at
#       guest_main, registers, a hardware breakpoint, stepi, a watchpoint
#       on the variable hash and its value, continue to the exit
#   linux             Debian's arm64 kernel (no symbol file: the addresses
#       come from the guest's /proc/kallsyms on an earlier boot): hbreak at
#       start_kernel, its code read by virtual address (the Image's bytes),
#       stepi, registers, detach; the kernel boots on
#   ended             a gdb at the ended aarch64 session's port while the
#       aarch32 stub waits: turned away at once, never the other guest
# Every gdb and the lab run are under timeout. Prints PASS:/FAIL:/SKIP:
# lines; SKIP without gdb-multiarch. Packs the lab initramfs as lab.sh
# does (a no-op when lab.sh just did, as in make test).
cd "$(dirname "$0")/../.." || exit 1
B=${B:-build}
if ! command -v gdb-multiarch >/dev/null 2>&1; then
	echo "SKIP: lab-gdb gdb-multiarch is not installed (apt-get install gdb-multiarch)"
	exit 0
fi
# shellcheck disable=SC2086 # a list of module names
lab/mkinitramfs.sh -o "$B/lab/initramfs.cpio.gz" ${LAB_MODULES-tun} || {
	echo "FAIL: lab-gdb cannot pack the lab's initramfs"
	exit 1
}
tmp=$(mktemp -d) || exit 1
labpid=""
trap '[ -n "$labpid" ] && kill "$labpid" 2>/dev/null; rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM
# One port here and one in the lab per session. Free ports here: the
# kernel's choice (held together, so they differ).
sessions="aarch64 aarch32 linux"
read -r -a hports < <(python3 -c '
import socket
socks = [socket.socket() for _ in range(3)]
for s in socks: s.bind(("127.0.0.1", 0))
print(" ".join(str(s.getsockname()[1]) for s in socks))' 2>/dev/null)
if [ ${#hports[@]} != 3 ]; then
	echo "FAIL: lab-gdb cannot find free TCP ports here (python3)"
	exit 1
fi
forwards=() lab_ports="" i=0
declare -A host_port
for name in $sessions; do
	host_port[$name]=${hports[$i]}
	forwards+=(--forward "${hports[$i]}:$((4801 + i))")
	lab_ports="$lab_ports $name:$((4801 + i))"
	i=$((i + 1))
done
mkfifo "$tmp/lab"
lab/run.sh --no-build --gic 3 "${forwards[@]}" --timeout 900 \
	--run "sh /tests/13-gdb.sh host$lab_ports" >"$tmp/lab" 2>&1 &
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
			end_session "$name"
			return
		fi
	done
	echo "PASS: lab-gdb-$name (gdb-multiarch)"
}

# After a failed gdb: a kill packet to the session's stub, if it still
# waits, so that armvm ends now and the lab goes on to the next session
# (else it waits for a gdb until its own timeout).
end_session() { # name
	timeout -s KILL 10 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$1" && printf "+\$k#6b" >&3 && sleep 1' \
		_ "${host_port[$1]}" 2>/dev/null
}

gdb_batch() { # output-file gdb-arguments...
	local out=$1
	shift
	timeout -s KILL "${GDB_TIMEOUT:-300}" gdb-multiarch -nx -batch -ex 'set confirm off' -ex 'set pagination off' \
		-ex 'set remotetimeout 120' "$@" >"$out" 2>&1
}

# A gdb at the port of a session whose armvm has ended, while the next
# session's stub waits at its own: slirp accepts here, the nested host
# refuses, gdb hears the connection close, within a minute and with no
# target (a shared channel would hand it the waiting stub).
ended_session() { # name
	local out=$tmp/ended.gdb
	# What gdb says when the connection ends before the stub answers (the
	# reset may come as gdb reads or as it writes).
	local turned_away='Remote connection closed|Remote communication error|Connection (refused|reset)|Broken pipe'
	GDB_TIMEOUT=60 gdb_batch "$out" -ex "file $B/guests/$1/mmio.elf" \
		-ex "target remote 127.0.0.1:${host_port[$1]}" -ex 'info registers pc'
	local rc=$?
	if [ $rc = 137 ]; then
		echo "FAIL: lab-gdb-ended-session a gdb at the ended $1 session's port hung (killed after 60 s)"
		status=1
	elif grep -Eq '^pc +0x|Remote target|target description' "$out" ||
	     ! grep -Eq "$turned_away" "$out"; then
		echo "FAIL: lab-gdb-ended-session a gdb at the ended $1 session's port was not turned away:"
		sed 's/^/    | /' "$out"
		status=1
	else
		echo "PASS: lab-gdb-ended-session (a gdb at the ended $1 session's port: '$(grep -Em 1 "$turned_away" "$out")')"
	fi
}

session() { # name facts...
	local name=$1 out=$tmp/$1.gdb elf start port=${host_port[$1]:-}
	shift
	if [ -z "$port" ]; then
		echo "FAIL: lab-gdb the lab announced a session '$name' that has no port"
		status=1
		return
	fi
	case $name in
	aarch64|aarch32)
		# The aarch64 session is over when the aarch32 one is ready.
		[ "$name" = aarch32 ] && [ -n "${done_sessions[aarch64]:-}" ] && ended_session aarch64
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

declare -A done_sessions
while IFS= read -r line; do
	line=${line%$'\r'}
	case $line in
	"@@gdb ready "*)
		# shellcheck disable=SC2086 # name and facts, space-separated
		session ${line#@@gdb ready } ;;
	"@@gdb done "*)
		read -r name st <<<"${line#@@gdb done }"
		done_sessions[$name]=$st
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
