#!/bin/sh
# The lab half of tests/bench-snapshot.sh (issue 10's benchmark), run in one
# -icount shift=0 boot of the nested host (its clock counts instructions:
# 1 ms = 1e6). Debian's arm64 Image, 1 vCPU, $LINUX_MEM (256M), `quiet`, the
# test initramfs. Prints lines:
#   cold <vmm> <ms>     exec -> the /init marker line on the console
#                       (armvm; kvmtool when /extra/lkvm-static was packed)
#   size <file> <apparent-bytes> <on-disk-KiB>   snapshot and memory file
#   snap <ms>           `armvm snapshot --stop` exec -> its exit
#   restore <first-ms> <answer-ms> <status>
#                       `armvm restore` exec -> its first console line (the
#                       guest's tty echoing the input it found waiting), and
#                       -> the guest shell's answer to `echo R-$((6*7))`
#   smaps <name> <size-kB> <rss-kB>   armvm's mappings with resident pages
#                       while the guest idles (guest RAM excluded)
#   error <what>
# The snapshotted guest idles at its interactive shell (no armvm.test on the
# command line: /init starts `sh` on the console). Times by the nested
# host's /proc/uptime: 10 ms = 10 M instructions resolution.
# shellcheck disable=SC1091 # packed from tests/linux/lab-lib.sh
. /linux/lib.sh
cd "$(mktemp -d)" || exit 1
KVMTOOL=/extra/lkvm-static
K=$(linux_kernel arm64) I=/linux/arm64/initramfs.cpio.gz
APPEND="console=ttyAMA0 quiet panic=-1"
now() { cut -d' ' -f1 /proc/uptime; }
ms() { echo "$1 $2" | awk '{ printf "%d", ($2 - $1) * 1000 }'; }

# Reads a console on stdin; writes the uptime of the first line to first.t
# and of the first line matching $1 to match.t.
stamp() { # pattern
	rm -f first.t match.t
	while IFS= read -r line; do
		[ -s first.t ] || now >first.t
		case $line in *$1*) [ -s match.t ] || now >match.t ;; esac
		printf '%s\n' "$line"
	done
}

# Cold boots: exec -> the marker line, the guest powers off after.
for vmm in armvm kvmtool; do
	[ $vmm = kvmtool ] && [ ! -x $KVMTOOL ] && continue
	t0=$(now)
	case $vmm in
	armvm) timeout -s KILL "$LINUX_BOOT_TIMEOUT" armvm run --no-input -c 1 -m "$LINUX_MEM" \
		--initrd $I --append "$APPEND armvm.test=cpus" "$K" 2>cold.err </dev/null ;;
	kvmtool) timeout -s KILL "$LINUX_BOOT_TIMEOUT" $KVMTOOL run --nodefaults --network mode=none \
		-c 1 -m "${LINUX_MEM%M}" -k "$K" -i $I \
		-p "console=ttyS0 quiet panic=-1 armvm.test=cpus" 2>cold.err </dev/null ;;
	esac | stamp ARMVM-BOOT-MARK >cold-$vmm.out
	if [ -s match.t ]; then
		echo "cold $vmm $(ms "$t0" "$(cat match.t)")"
	else
		echo "error cold $vmm: no marker: $(tail -n 2 cold-$vmm.out cold.err | tr -d '\r' | tr '\n' '|')"
	fi
done

# The guest to snapshot: booted to its shell, left idle.
armvm run --no-input -c 1 -m "$LINUX_MEM" --api-sock vm.sock --initrd $I \
	--append "$APPEND" "$K" >run.out 2>run.err </dev/null &
pid=$!
n=0
while ! grep -q '^ARMVM-GUEST-READY' run.out && [ $n -lt 3000 ] && kill -0 $pid 2>/dev/null; do
	sleep 0.1
	n=$((n + 1))
done
if ! grep -q '^ARMVM-GUEST-READY' run.out; then
	kill $pid 2>/dev/null
	echo "error the guest did not reach its shell: $(tail -n 2 run.out run.err | tr -d '\r' | tr '\n' '|')"
	exit 1
fi
sleep 2 # the shell's prompt printed, the guest idle
awk -v ram=$((${LINUX_MEM%M} * 1024)) '
	/^[0-9a-f]+-[0-9a-f]+ / { name = (NF >= 6 ? $6 : "[anon]") }
	/^Size:/ { size = $2 } /^Rss:/ { if ($2 > 0 && size < ram) print "smaps", name, size, $2 }' \
	"/proc/$pid/smaps"
t0=$(now)
timeout 600 armvm snapshot --stop vm.sock vm.snap vm.mem 2>snap.err
st=$?
t1=$(now)
wait $pid
if [ $st != 0 ]; then
	echo "error armvm snapshot status $st: $(head -n 1 snap.err)"
	exit 1
fi
echo "snap $(ms "$t0" "$t1")"
for f in vm.snap vm.mem; do
	echo "size $f $(stat -c %s $f) $(du -k $f | cut -f1)"
done

# Restore with the input waiting: the shell answers, then powers off.
# shellcheck disable=SC2016 # expanded by the guest shell
printf 'echo R-$((6*7))\npoweroff -f\n' >in.txt
t0=$(now)
timeout -s KILL 600 armvm restore vm.snap vm.mem <in.txt 2>restore.err | stamp R-42 >restore.out
if [ -s match.t ]; then
	echo "restore $(ms "$t0" "$(cat first.t)") $(ms "$t0" "$(cat match.t)") ok"
else
	echo "error restore: no answer: $(tail -n 3 restore.out restore.err | tr -d '\r' | tr '\n' '|')"
fi
