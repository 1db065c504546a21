#!/bin/bash
# Boot the lab: a nested arm64 Linux host under qemu-system-aarch64 with
# virtualization=on, so /dev/kvm exists inside it, and armvm, its tools,
# guests and lab tests packed in its initramfs.
#
#   lab/run.sh [options]              run every tests/lab/*.sh, print results
#   lab/run.sh --run 'cmd' [options]  run one command inside, print its output,
#                                     exit with its status
#   lab/run.sh --shell [options]      an interactive busybox shell inside
# Options:
#   --gic 2|3          GIC of the virt machine (3); 2 gives the host a vGICv2
#   --kernel bpo       boot bookworm-backports' kernel (Linux 6.12) instead of the
#                      default 6.1: a newer KVM (the SMCCC filter); its own
#                      initramfs is $B/lab/initramfs-bpo.cpio.gz
#   --icount           -icount shift=0: guest time counts instructions (benchmarks)
#   --only 'NAME...'   test mode: only these tests (names of /tests/*.sh, globs)
#   --add FILE         put FILE in /extra/ inside (repeatable)
#   --test-timeout S   default time limit for one test script (300)
#   --timeout S        limit for the whole boot (test 3600, run 900, shell 14400)
#   --boot-timeout S   limit for reaching the runner (120)
#   --forward HOSTPORT:LABPORT
#                      TCP 127.0.0.1:HOSTPORT here reaches port LABPORT of the
#                      nested host (repeatable): QEMU user networking, the
#                      nested host's eth0 at 10.0.3.15/24 (so gdb-multiarch
#                      here reaches `armvm run --gdb 0.0.0.0:LABPORT` inside:
#                      tests/suites/lab-gdb.sh). Each forward is its own TCP
#                      connection end to end; nothing inside can go outside
#   --console          print the nested host's whole console afterwards
#   --no-build         use the initramfs as it is
# Environment: LAB_MODULES (modules to pack, default "tun"), B (build dir),
# LAB_STALL_MARGIN (seconds past a test's limit before the nested host
# counts as hung, 60).
#
# Results arrive over a virtio serial port the runner alone writes; the
# serial console (kernel and runner messages) goes to a log that is shown
# when something fails. Test results print as "PASS: [gicv3] name".
set -u

die() { echo "lab/run: $*" >&2; exit 2; }

cd "$(dirname "$0")/.." || exit 2
B=${B:-build}
SMP=2
MEM=2048
# The nested host's address on the user network of --forward (slirp's
# guest address in 10.0.3.0/24: 10.0.2.0/24, slirp's default, is the
# Linux guests' tap network in tests/lab/53-linux-net.sh).
LAB_NET_ADDR=10.0.3.15

mode=test gic=3 cpu=cortex-a57 kernel=default icount=0 only="" cmd="" test_timeout=300 timeout="" boot_timeout=120
show_console=0 build=1
extra_files=() forwards=()
while [ $# -gt 0 ]; do
	case $1 in
	--gic) gic=${2:-}; shift ;;
	--cpu) cpu=${2:-}; shift ;;
	--kernel) kernel=${2:-}; shift ;;
	--icount) icount=1 ;;
	--shell) mode=shell ;;
	--run) mode=run; cmd=${2:-}; shift; [ -n "$cmd" ] || die "--run needs a command" ;;
	--only) only=${2:-}; shift ;;
	--add) [ -f "${2:-}" ] || die "--add: no file '${2:-}'"; extra_files+=("$2"); shift ;;
	--test-timeout) test_timeout=${2:-}; shift ;;
	--timeout) timeout=${2:-}; shift ;;
	--boot-timeout) boot_timeout=${2:-}; shift ;;
	--forward)
		case ${2:-} in
		[0-9]*:[0-9]*) ;;
		*) die "--forward takes HOSTPORT:LABPORT, not '${2:-}'" ;;
		esac
		forwards+=("$2"); shift ;;
	--console) show_console=1 ;;
	--no-build) build=0 ;;
	*) die "unknown option '$1' (see the top of lab/run.sh)" ;;
	esac
	shift
done
case $gic in 2|3) ;; *) die "--gic takes 2 or 3, not '$gic'" ;; esac
# Another CPU model gives a host of another kind: cortex-a76 has AArch64-only
# EL1, so its KVM cannot run AArch32 guests (KVM_CAP_ARM_EL1_32BIT = 0).
case $cpu in cortex-a57|cortex-a72|cortex-a76|max) ;; *) die "--cpu takes cortex-a57, cortex-a72, cortex-a76 or max, not '$cpu'" ;; esac
for n in "$test_timeout" "$boot_timeout" ${timeout:+"$timeout"}; do
	case $n in ''|*[!0-9]*) die "'$n' is not a number of seconds" ;; esac
done
for f in "${forwards[@]}"; do
	for n in "${f%%:*}" "${f#*:}"; do
		case $n in ''|*[!0-9]*) die "--forward $f: '$n' is not a port number" ;; esac
		if [ "$n" -lt 1 ] || [ "$n" -gt 65535 ]; then die "--forward $f: port $n is not in 1..65535"; fi
	done
done
if [ -z "$timeout" ]; then
	case $mode in test) timeout=3600 ;; run) timeout=900 ;; shell) timeout=14400 ;; esac
fi
case $kernel in default|bpo) ;; *) die "--kernel takes default or bpo, not '$kernel'" ;; esac
export LAB_KERNEL=$kernel
variant=gicv$gic
[ $cpu = cortex-a57 ] || variant=$variant-$cpu
[ $kernel = default ] || variant=$variant-6.12
[ $icount = 1 ] && variant=$variant-icount

command -v qemu-system-aarch64 >/dev/null || die "qemu-system-aarch64 is missing (make setup)"
kpkg=arm64 initramfs=$B/lab/initramfs.cpio.gz
[ $kernel = bpo ] && kpkg=arm64-bpo initramfs=$B/lab/initramfs-bpo.cpio.gz
kdir=$(lab/fetch.sh --print-dir $kpkg) || die "cannot fetch the lab kernel"
if [ $build = 1 ]; then
	# shellcheck disable=SC2086 # a list of module names
	lab/mkinitramfs.sh -o "$initramfs" ${LAB_MODULES-tun} || die "cannot build the initramfs"
fi
[ -s "$initramfs" ] || die "no initramfs at $initramfs"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/armvm-lab.XXXXXX")
qemu_pid=""
# shellcheck disable=SC2317 # called by the EXIT trap
cleanup() {
	[ -n "$qemu_pid" ] && kill "$qemu_pid" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# This boot's settings travel as a second cpio archive after the packed one.
mkdir -p "$tmp/extra/etc/lab" "$tmp/extra/extra"
{
	echo "export LAB_MODE=$mode"
	echo "export ARMVM_LAB_GIC=$gic"
	echo "export ARMVM_LAB_CPUS=$SMP"
	echo "export ARMVM_LAB_ICOUNT=$icount"
	echo "export LAB_TEST_TIMEOUT=$test_timeout"
	printf 'export LAB_ONLY=%q\n' "$only"
	# /init configures eth0 when there is one to reach.
	[ ${#forwards[@]} -gt 0 ] && echo "export LAB_NET=$LAB_NET_ADDR/24"
} >"$tmp/extra/etc/lab/env"
printf '%s\n' "$cmd" >"$tmp/extra/etc/lab/cmd"
for f in "${extra_files[@]}"; do cp "$f" "$tmp/extra/extra/"; done
(cd "$tmp/extra" && find . | cpio -o -H newc -R 0:0 --quiet) >"$tmp/extra.cpio"
# The kernel finds an uncompressed archive only at a 4-byte aligned offset
# and skips zeros between archives.
pad=$(( (4 - $(stat -c %s "$initramfs") % 4) % 4 ))
{ cat "$initramfs"; head -c "$pad" /dev/zero; cat "$tmp/extra.cpio"; } >"$tmp/initrd"

qemu=(qemu-system-aarch64 -M "virt,virtualization=on,gic-version=$gic" -cpu "$cpu"
	-smp "$SMP" -m "$MEM" -display none -no-reboot
	-kernel "$kdir/vmlinuz" -initrd "$tmp/initrd"
	-append "console=ttyAMA0 quiet loglevel=3 panic=-1 rdinit=/init")
[ $icount = 1 ] && qemu+=(-icount shift=0)

# Forwarded ports: QEMU's user networking (slirp) accepts each connection
# here and opens its own TCP connection to the nested host, so every
# session has its own connection end to end and its own port; restrict=on
# keeps the nested host from reaching anything itself.
if [ ${#forwards[@]} -gt 0 ]; then
	netdev="user,id=labnet,net=10.0.3.0/24,restrict=on"
	for f in "${forwards[@]}"; do
		netdev="$netdev,hostfwd=tcp:127.0.0.1:${f%%:*}-$LAB_NET_ADDR:${f#*:}"
	done
	# shellcheck disable=SC2054 # commas inside QEMU option values
	qemu+=(-netdev "$netdev" -device virtio-net-device,netdev=labnet)
else
	# No network at all otherwise (QEMU would add its default NIC).
	qemu+=(-nic none)
fi
if [ $mode = shell ]; then
	echo "lab: booting the nested host ($variant); Ctrl-A x quits QEMU" >&2
	timeout --foreground "$timeout" "${qemu[@]}" -serial mon:stdio
	exit
fi

console=$tmp/console.log
# shellcheck disable=SC2054 # commas inside QEMU option values
qemu+=(-serial "file:$console" -monitor none
	-device virtio-serial-device -chardev file,id=results,path=/dev/stdout
	-device "virtserialport,chardev=results,name=armvm.results")
# A file chardev, not stdio: stdio at EOF counts as a closed host side, and
# the guest's writes to a closed port block forever.
start=$(date +%s.%N)
SECONDS=0
exec 3< <(exec timeout -k 5 "$timeout" "${qemu[@]}" </dev/null 2>"$tmp/qemu.err")
qemu_pid=$!

elapsed() { echo "$(date +%s.%N) $start" | awk '{ printf "%.1f", $1 - $2 }'; }

console_tail() { # lines
	echo "    --- last $1 lines of the nested console ---"
	tail -n "$1" "$console" 2>/dev/null | tr -d '\r' | sed 's/^/    | /'
	[ -s "$tmp/qemu.err" ] && sed 's/^/    qemu| /' "$tmp/qemu.err"
}

# A deadline (in $SECONDS) for the next line: reaching the runner, then each
# test's own limit plus a margin, so a nested host that locks up costs
# minutes, not the whole --timeout. Empty: wait for QEMU's end.
STALL_MARGIN=${LAB_STALL_MARGIN:-60}
# How long the script that just ended took, to keep the lab lean.
test_start=""
script_took() {
	[ -n "$test_start" ] || return 0
	echo "$(date +%s.%N) $test_start" |
		awk -v v="$variant" -v t="$current_test" '{ printf "lab: [%s] %s took %.1f s\n", v, t, $1 - $2 }'
}
started=0 ended=0 exit_status="" failed=0 stalled=0 current_test=""
deadline=$boot_timeout
while :; do
	if [ -n "$deadline" ]; then
		left=$((deadline - SECONDS))
		[ $left -gt 0 ] || left=1
		IFS= read -r -t "$left" line <&3
		rc=$?
		if [ $rc -gt 128 ]; then
			stalled=1
			kill "$qemu_pid" 2>/dev/null
			break
		fi
	else
		IFS= read -r line <&3
		rc=$?
	fi
	[ $rc = 0 ] || [ -n "$line" ] || break
	line=${line%$'\r'}
	case $line in
	"@@lab start "*)
		started=1
		msg="lab: [$variant] nested host ready after $(elapsed) s (${line#@@lab start })"
		if [ $mode = test ]; then echo "$msg"; else echo "$msg" >&2; fi
		deadline=""
		;;
	"@@lab test "*)
		script_took
		test_start=$(date +%s.%N)
		read -r current_test limit <<<"${line#@@lab test }"
		case $limit in ''|*[!0-9]*) limit=$test_timeout ;; esac
		deadline=$((SECONDS + limit + STALL_MARGIN))
		;;
	"@@lab end")
		script_took
		ended=1
		;;
	*"@@lab exit "*)
		# Output that did not end in a newline shares the marker's line.
		[ -n "${line%%@@lab exit *}" ] && echo "${line%%@@lab exit *}"
		exit_status=${line##*@@lab exit }
		;;
	*)
		if [ $mode = test ]; then
			case $line in
			FAIL:*) echo "FAIL: [$variant]${line#*:}"; failed=1 ;;
			PASS:*|SKIP:*|INFO:*) echo "${line%%:*}: [$variant]${line#*:}" ;;
			*) echo "$line" ;;
			esac
		else
			echo "$line"
		fi
		;;
	esac
done
wait "$qemu_pid"
qemu_status=$?
qemu_pid=""
total=$(elapsed)

status=0
if [ $started = 0 ]; then
	why="the nested host stopped first, qemu status $qemu_status"
	[ $stalled = 1 ] && why="not within ${boot_timeout}s"
	echo "FAIL: [$variant] lab-boot nested host did not reach the runner ($why)"
	console_tail 40
	status=1
elif [ $mode = test ] && [ $ended = 0 ] && [ $stalled = 1 ]; then
	echo "FAIL: [$variant] $current_test the nested host stopped answering (no result within the test's limit + ${STALL_MARGIN}s)"
	console_tail 40
	status=1
elif [ $mode = test ] && [ $ended = 0 ]; then
	why="qemu status $qemu_status"
	[ $qemu_status = 124 ] && why="out of time after ${timeout}s"
	echo "FAIL: [$variant] lab-run runner stopped before the end ($why)"
	console_tail 40
	status=1
elif [ $mode = test ]; then
	status=$failed
elif [ $mode = run ]; then
	if [ -z "$exit_status" ]; then
		echo "lab: [$variant] the command did not finish (qemu status $qemu_status)" >&2
		console_tail 40 >&2
		status=1
	else
		status=$exit_status
	fi
fi
[ $mode = test ] && echo "lab: [$variant] done in $total s"
[ $mode = run ] && echo "lab: [$variant] exit status $status, $total s" >&2
if [ $show_console = 1 ]; then
	echo "--- nested console ---"
	tr -d '\r' <"$console"
fi
exit "$status"
