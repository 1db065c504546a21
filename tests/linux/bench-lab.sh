#!/bin/sh
# The lab half of tests/bench-linux.sh: boots each Linux guest (arm64 Image,
# armhf zImage as AArch32; 1 and 2 vCPUs) under armvm in the nested host and
# prints one line per configuration:
#   row <arch> <cpus> <marker-ms> <off-ms> <hwm-kB> <guest-kB> <over-kB> <own-kB> <note>
# marker-ms  time from armvm's start to the guest /init's boot-marker write,
#            as armvm reports it (under -icount shift=0: ms of guest time,
#            that is millions of instructions of the emulated machine)
# off-ms     the same clock (uptime) around the whole run, to power-off
# hwm-kB     the VMM's peak RSS (VmHWM), guest RAM included
# guest-kB   guest RAM resident at the last sample (the mapping of guest
#            RAM's size)
# over-kB    hwm-kB minus guest-kB: the VMM's peak beyond guest RAM (it
#            includes set-up transients such as the image file's buffer)
# own-kB     the VMM's own RSS once the guest runs: the largest VmRSS minus
#            guest RAM resident among samples taken after the boot marker
#            ("-": no sample came after the marker)
# note       "-", or what was odd: no marker, the guest reported an RCU stall
# The marker is timed in a run of its own; the memory is sampled (once a
# second, from /proc/<pid>/status and smaps) in a second run, so the
# sampling does not count in the marker time.
# shellcheck disable=SC1091 # packed from tests/linux/lab-lib.sh
. /linux/lib.sh
cd "$(mktemp -d)" || exit 1

marker_ms() { # file -> the first mark's time in ms, or empty
	sed -n 's/^bootmark: 0 value 0x[0-9a-f]* at \([0-9.]*\) ms$/\1/p' "$1" | head -n 1
}

# Guest RAM in kB, from LINUX_MEM (NNNM).
ram_kb=$((${LINUX_MEM%M} * 1024))

# "hwm rss guest" in kB; guest is the Rss of the mapping of guest RAM's size
# (none while armvm sets up or tears down: then the line has two fields).
sample() { # pid
	awk '/^VmHWM:/ { h = $2 } /^VmRSS:/ { r = $2 } END { printf "%s %s", h, r }' \
		"/proc/$1/status" 2>/dev/null
	awk -v ram="$ram_kb" '/^Size:/ { size = $2 }
	     /^Rss:/ { if (size == ram && !found) { found = 1; rss = $2 } }
	     END { if (found) printf " %d", rss; printf "\n" }' "/proc/$1/smaps" 2>/dev/null
}

for arch in arm64 armhf; do
	linux_have "$arch" bench >/dev/null || { echo "row $arch - - - - - - missing-/linux/$arch"; continue; }
	width=""
	[ $arch = armhf ] && width=--aarch32
	for cpus in 1 2; do
		linux_boot "t-$arch-$cpus" "$arch" "$cpus" cpus ""
		problem=$(linux_boot_problem)
		if [ -n "$problem" ]; then
			echo "row $arch $cpus - - - - - boot-failed: $problem"
			continue
		fi
		ms=$(marker_ms "$LB_ERR")
		note=""
		[ -n "$ms" ] || note=no-marker
		grep -q 'detected stalls\|self-detected stall' "$LB_OUT" && note="$note guest-rcu-stall"
		off_ms=$LB_MS

		# Two more seconds up after the marker leave samples of a running guest.
		append="console=ttyAMA0 quiet panic=-1 armvm.test=cpus,sleep"
		# shellcheck disable=SC2086 # $width is empty or one word
		armvm run --no-input $width -c "$cpus" -m "$LINUX_MEM" \
			--initrd "/linux/$arch/initramfs.cpio.gz" --append "$append" \
			"$(linux_kernel "$arch")" >m.out 2>m.err </dev/null &
		pid=$!
		(sleep "$LINUX_BOOT_TIMEOUT"; kill -KILL "$pid") 2>/dev/null &
		dog=$!
		hwm=0 guest=0 own=-
		while kill -0 "$pid" 2>/dev/null; do
			# shellcheck disable=SC2046 # numbers
			set -- $(sample "$pid")
			[ -n "${1:-}" ] && hwm=$1
			if [ -n "${3:-}" ]; then
				guest=$3
				if grep -q '^bootmark: 0 ' m.err; then
					[ "$own" = - ] || [ $(($2 - $3)) -gt "$own" ] && own=$(($2 - $3))
				fi
			fi
			sleep 1
		done
		wait "$pid"
		st=$?
		kill "$dog" 2>/dev/null
		[ $st = 0 ] || note="$note memory-run-status-$st"
		echo "row $arch $cpus $ms $off_ms $hwm $guest $((hwm - guest)) $own ${note:--}"
	done
done
