#!/bin/sh
# Linux guest boot benchmark (issue 8): Debian's arm64 kernel (Image) and
# armhf kernel (zImage, AArch32 guest), 1 and 2 vCPUs, 256 MiB, `quiet`, the
# test initramfs whose /init writes the boot marker and powers off:
#   - armvm and kvmtool in the SAME boot of the lab's nested host, under
#     QEMU's -icount shift=0 (guest time counts instructions: 1 ms = 1e6
#     instructions of the emulated machine, all its CPUs together);
#   - the no-hypervisor floor: plain QEMU (TCG) -M virt on the same kernel
#     and initramfs, also -icount shift=0, read from the guest's own clock
#     when /init reaches the marker (what no VMM can remove).
# Columns:
#   to-mark(M)    VMM exec -> the /init marker line on the console, by the
#                 nested host's clock (10 ms resolution), same for both VMMs
#   warm(M)       armvm with --decompress-cache filled (zImage only: the
#                 inflated kernel is mapped, not inflated again)
#   ratio, warm/  armvm / kvmtool, warm / kvmtool
#   marker(M)     armvm's own marker device (VM start -> marker)
#   over(kB)      the VMM's peak RSS beyond resident guest RAM
#   own(kB)       its RSS beyond guest RAM while the guest runs
#   floor(M)      plain QEMU: the guest's uptime at the marker (for armhf,
#                 after the zImage's decompressor: the kernel's own work)
#   EL2(M)        the EL2 engine (el2-build image under QEMU with EL2): the
#                 machine's instructions from the partition's start to the
#                 marker
# kvmtool comes from ../shared/peers/kvmtool (SKIP when absent). The lab half
# is tests/linux/bench-lab.sh. Needs `make all`. Reports, never fails on a
# threshold. LINUX_BENCH_CONFIGS picks kernel:vCPUs pairs (default
# "arm64:1 arm64:2 armhf:1 armhf:2"; armhf on 2 vCPUs is slow under -icount,
# see the README).
cd "$(dirname "$0")/.." || exit 1
B=${B:-build}
export B
for f in "$B/arm64/armvm" "$B/linux/arm64/Image" "$B/linux/armhf/zImage"; do
	[ -s "$f" ] || { echo "bench-linux: no $f (make all)"; exit 1; }
done
KVMTOOL=../shared/peers/kvmtool/lkvm-static
add=""
if [ -x "$KVMTOOL" ]; then
	add="--add $KVMTOOL"
else
	echo "SKIP: bench-linux kvmtool rows: no $KVMTOOL (../shared absent)"
fi
configs=${LINUX_BENCH_CONFIGS:-arm64:1 arm64:2 armhf:1 armhf:2}
cmd="lab/run.sh --icount --timeout 3000 --add tests/linux/bench-lab.sh $add --run 'sh /extra/bench-lab.sh \"$configs\"'"
# shellcheck disable=SC2086 # $add is empty or two words
out=$(lab/run.sh --icount --timeout 3000 --add tests/linux/bench-lab.sh $add \
	--run "sh /extra/bench-lab.sh '$configs'" 2>/dev/null)
status=$?

# The floor: plain QEMU, no hypervisor, same kernel, initramfs, RAM, cmdline.
floor() { # arch cpus -> ms of guest uptime at the marker, or -
	case $1 in
	arm64) q="qemu-system-aarch64 -M virt,gic-version=3 -cpu cortex-a57"; k=$B/linux/arm64/Image ;;
	armhf) q="qemu-system-arm -M virt -cpu cortex-a15"; k=$B/linux/armhf/zImage ;;
	esac
	# shellcheck disable=SC2086 # $q is a command line
	# 240 s: QEMU 8's qemu-system-arm with -icount and 2 vCPUs stalls after
	# bringing up CPU1 (also with the zImage decompressing itself): "-".
	timeout -s KILL 240 $q -smp "$2" -m 256 -icount shift=0 -display none \
		-no-reboot -monitor none -serial stdio -kernel "$k" \
		-initrd "$B/linux/$1/initramfs.cpio.gz" \
		-append "console=ttyAMA0 quiet panic=-1 armvm.test=cpus" </dev/null 2>/dev/null |
		tr -d '\r' | sed -n 's/^ARMVM-BOOT-MARK uptime=\([0-9.]*\).*/\1/p' |
		head -n 1 | awk '{ printf "%d", $1 * 1000 }'
}
# The EL2 engine on the same kernel, initramfs and command line: one
# partition (el2-build inflates a zImage's payload), the whole machine's
# instructions from the partition's start to the boot marker.
el2() { # arch cpus -> instructions/1e6, or -
	d=$B/bench-linux-el2/$1-$2
	rm -rf "$d" && mkdir -p "$d" || return
	case $1 in arm64) w=aarch64 k=Image ;; armhf) w=aarch32 k=zImage ;; esac
	c=0; [ "$2" = 2 ] && c="0, 1"
	printf '[partition linux]\narch = %s\ncpus = %s\nram = 256M\nimage = %s\ninitrd = %s\ncmdline = console=ttyAMA0 quiet panic=-1 armvm.test=cpus\ndevices = pl011, pl031, bootmark\n' \
		"$w" "$c" "$B/linux/$1/$k" "$B/linux/$1/initramfs.cpio.gz" >"$d/cfg.conf"
	./el2/tools/el2-image.sh "$d/cfg.conf" "$d" >"$d/build.log" 2>&1 || return
	timeout -s KILL 240 qemu-system-aarch64 -M virt,virtualization=on,gic-version=3 \
		-cpu cortex-a57 -smp 4 -m 1G -icount shift=0 -display none -monitor none \
		-serial stdio -kernel "$d/hyp.elf" </dev/null 2>/dev/null | tr -d '\r' |
		sed -n 's/^\[el2\] partition 0 (linux) boot mark 0 .* (\([0-9]*\) ns)$/\1/p' |
		head -n 1 | awk '{ printf "%d", $1 / 1000000 }'
}
floors=""
for config in $configs; do
	f=$(floor "${config%:*}" "${config#*:}")
	e=$(el2 "${config%:*}" "${config#*:}")
	floors="$floors $config:${f:--}:${e:--}"
done

echo "== Linux boot: armvm vs kvmtool in one lab boot, and the no-hypervisor floor (-icount shift=0: 1 ms = 1e6 instructions) =="
echo "command: $cmd"
echo "floor:   qemu-system-{aarch64,arm} -M virt -icount shift=0 -smp N -m 256 -kernel K -initrd I (guest uptime at the marker)"
printf '%-6s %5s %10s %10s %10s %6s %6s %10s %10s %10s %10s %10s %9s %7s  %s\n' kernel vcpus \
	"armvm(M)" "warm(M)" "kvmtool(M)" ratio "warm/" "marker(M)" "armvm-over" "armvm-own" \
	"kvm-over" "kvm-own" "floor(M)" "EL2(M)" note
echo "$out" | awk -v floors="$floors" '
	BEGIN { n = split(floors, f, " "); for (i = 1; i <= n; i++) { split(f[i], p, ":"); fl[p[1] " " p[2]] = p[3]; e2[p[1] " " p[2]] = p[4] } }
	$1 == "row" {
		key = $3 " " $4
		if (!(key in seen)) { seen[key] = 1; order[++rows] = key }
		cm[$2, key] = $5; mk[$2, key] = $6; over[$2, key] = $10; own[$2, key] = $11
		note = ""; for (i = 12; i <= NF; i++) if ($i != "-") note = note " " $2 ":" $i
		notes[key] = notes[key] note
	}
	END {
		for (r = 1; r <= rows; r++) {
			key = order[r]; split(key, k, " ")
			a = cm["armvm", key]; b = cm["kvmtool", key]; w = cm["armvm-warm", key]
			ratio = (a ~ /^[0-9]+$/ && b ~ /^[0-9]+$/ && b > 0) ? sprintf("%.2f", a / b) : "-"
			wratio = (w ~ /^[0-9]+$/ && b ~ /^[0-9]+$/ && b > 0) ? sprintf("%.2f", w / b) : "-"
			printf "%-6s %5s %10s %10s %10s %6s %6s %10s %10s %10s %10s %10s %9s %7s %s\n", k[1], k[2],
				a, (w == "" ? "-" : w), (b == "" ? "-" : b), ratio, wratio,
				mk["armvm", key], over["armvm", key],
				own["armvm", key], (over["kvmtool", key] == "" ? "-" : over["kvmtool", key]),
				(own["kvmtool", key] == "" ? "-" : own["kvmtool", key]),
				(key in fl ? fl[key] : "-"), (key in e2 ? e2[key] : "-"), notes[key]
		}
	}'
# The memory the VMMs do not share with another VM of the same binary
# (tests/linux/bench-lab.sh: priv-kB, anon-kB), from the same memory runs.
echo "-- beyond guest RAM while the guest runs (kB): private (smaps Private_*), anonymous --"
printf '%-6s %5s %12s %12s %12s %12s %12s %12s\n' kernel vcpus armvm-priv armvm-anon \
	warm-priv warm-anon kvm-priv kvm-anon
echo "$out" | awk '
	$1 == "mem" { key = $3 " " $4; if (!(key in seen)) { seen[key] = 1; order[++rows] = key }
		      p[$2, key] = $5; a[$2, key] = $6 }
	function v(x) { return x == "" ? "-" : x }
	END { for (r = 1; r <= rows; r++) { key = order[r]; split(key, k, " ")
		printf "%-6s %5s %12s %12s %12s %12s %12s %12s\n", k[1], k[2],
			v(p["armvm", key]), v(a["armvm", key]), v(p["armvm-warm", key]),
			v(a["armvm-warm", key]), v(p["kvmtool", key]), v(a["kvmtool", key]) } }'
if [ $status != 0 ] || ! echo "$out" | grep -q '^row '; then
	echo "bench-linux: the lab run failed (status $status):"
	echo "$out" | tail -n 20
	exit 1
fi
