#!/bin/sh
# The lab half of tests/bench-linux.sh: boots each Linux guest (arm64 Image,
# armhf zImage as AArch32; 1 and 2 vCPUs) under armvm and, when it was
# packed (/extra/lkvm-static, from ../shared/peers/kvmtool), under kvmtool,
# in the same nested host, and prints one line per VMM and configuration
# (VMM armvm-warm: armvm with its cache of inflated kernels filled, for the
# zImage only):
#   row <vmm> <arch> <cpus> <console-ms> <marker-ms> <off-ms> <hwm-kB> <guest-kB> <over-kB> <own-kB> <note>
# console-ms time from the VMM's exec to the guest /init's ARMVM-BOOT-MARK
#            console line (the moment it writes the boot marker), by the
#            nested host's uptime (10 ms resolution): the same measure for
#            every VMM. Under -icount shift=0: ms of guest time, that is
#            millions of instructions of the emulated machine.
# marker-ms  armvm only: the same moment as armvm's marker device reports
#            it (from VM start, finer), "-" for kvmtool
# off-ms     the same clock (uptime) around the whole run, to power-off
# hwm-kB     the VMM's peak RSS (the larger of VmHWM and every sample's
#            exact Rss, below), guest RAM included
# guest-kB   guest RAM resident at the last sample (the first mapping at
#            least guest RAM's size)
# over-kB    hwm-kB minus guest-kB: the VMM's peak beyond guest RAM (it
#            includes set-up transients such as the image file's buffer)
# own-kB     the VMM's own RSS once the guest runs: the largest Rss minus
#            guest RAM resident among samples taken after the boot marker
#            ("-": no sample came after the marker)
# note       "-", or what was odd: no marker, the guest reported an RCU stall
# and, from the same timed run, one line per VMM and configuration with the
# guest's own view (tests/linux/counter.c, run by /init right after the
# marker line):
#   counter <vmm> <arch> <cpus> <mark-ns> <again-ns> <cntfrq>
# mark-ns    the guest's virtual count at that readout, in ns (under KVM
#            it starts at the VM's vCPU creation: "VM start -> marker" as
#            the guest sees it; -icount: instructions), "-" if none
# again-ns   the second readout right after it (their difference is what
#            one readout costs)
# and the device tree armvm gives that guest (`armvm run --dtb-out`, same
# kernel, initrd, command line, vCPUs, RAM), in hex, for the host half's
# floor on armvm's machine:
#   dtb <arch> <cpus> <hex>
# and after each row, from the same memory run:
#   mem <vmm> <arch> <cpus> <priv-kB> <anon-kB>
# priv-kB    the VMM's private memory beyond guest RAM once the guest runs:
#            Private_Clean + Private_Dirty of /proc/<pid>/smaps_rollup minus
#            the guest RAM mapping's, the largest among samples after the
#            marker ("-": none). A file page mapped by this process alone
#            counts as private: the VMM's own binary does, here.
# anon-kB    the same for Anonymous: what a second VM of the same binary
#            adds (its file pages are the page cache's, shared)
# The marker is timed in a run of its own; the memory is sampled (once a
# second, from /proc/<pid>/status and smaps) in a second run, so the
# sampling does not count in the marker time.
# shellcheck disable=SC1091 # packed from tests/linux/lab-lib.sh
. /linux/lib.sh
cd "$(mktemp -d)" || exit 1
KVMTOOL=/extra/lkvm-static

marker_ms() { # file -> the first mark's time in ms, or empty
	sed -n 's/^bootmark: 0 value 0x[0-9a-f]* at \([0-9.]*\) ms$/\1/p' "$1" | head -n 1
}

# A field of the guest's ARMVM-COUNTER <label> line, or "-".
counter_field() { # file label field
	v=$(tr -d '\r' <"$1" 2>/dev/null | sed -n "s/^ARMVM-COUNTER $2 .* $3=\([0-9]*\).*/\1/p" | head -n 1)
	echo "${v:--}"
}
counter_ns() { # file label
	counter_field "$1" "$2" ns
}

# Guest RAM in kB, from LINUX_MEM (NNNM).
ram_kb=$((${LINUX_MEM%M} * 1024))

# "hwm rss guest priv anon" in kB; guest is the Rss of the first mapping of
# at least guest RAM's size, priv and anon the process's private and
# anonymous memory (smaps_rollup) less that mapping's (no such mapping while
# the VMM sets up or tears down: then the line has two fields).
# rss is Rss of smaps_rollup, exact (a page-table walk): VmRSS and VmHWM
# come from per-thread counters that Linux 6.1 folds into the process's
# only now and then, so for a VMM whose vCPU threads fault guest RAM in they
# can read far low (kvmtool: 4 KiB beyond guest RAM); hwm is the larger of
# VmHWM and that.
sample() { # pid
	r=$(awk '/^Rss:/ { print $2; exit }' "/proc/$1/smaps_rollup" 2>/dev/null)
	awk -v r="${r:-0}" '/^VmHWM:/ { h = $2 } END { if (r + 0 > h + 0) h = r; printf "%s %s", h, r }' \
		"/proc/$1/status" 2>/dev/null
	awk -v ram="$ram_kb" '/^Size:/ { size = $2; cur = size >= ram && !found; if (cur) found = 1 }
	     /^Rss:/ { if (cur) rss = $2 }
	     /^Private_(Clean|Dirty):/ { if (cur) gpriv += $2 }
	     /^Anonymous:/ { if (cur) ganon = $2 }
	     END { if (found) printf " %d %d %d", rss, gpriv, ganon }' "/proc/$1/smaps" 2>/dev/null
	awk '/^Private_(Clean|Dirty):/ { p += $2 } /^Anonymous:/ { a = $2 }
	     END { printf " %d %d\n", p, a }' "/proc/$1/smaps_rollup" 2>/dev/null
}

# Run one VMM on one guest; its console on stdout, its stderr on stderr.
# With VMM_EXEC=exec the calling (sub)shell becomes the VMM.
vmm_run() { # vmm arch cpus actions
	width=""
	[ "$2" = armhf ] && width=--aarch32
	cache=""
	[ "$1" = armvm-warm ] && cache="--decompress-cache $PWD/kc"
	case $1 in
	armvm*)
		# shellcheck disable=SC2086 # $width, $cache: empty or words
		$VMM_EXEC armvm run --no-input $width $cache -c "$3" -m "$LINUX_MEM" \
			--initrd "/linux/$2/initramfs.cpio.gz" \
			--append "console=ttyAMA0 quiet panic=-1 armvm.test=$4" \
			"$(linux_kernel "$2")" ;;
	kvmtool)
		# shellcheck disable=SC2086
		$VMM_EXEC "$KVMTOOL" run --nodefaults --network mode=none $width -c "$3" \
			-m "${LINUX_MEM%M}" -k "$(linux_kernel "$2")" \
			-i "/linux/$2/initramfs.cpio.gz" \
			-p "console=ttyS0 quiet panic=-1 armvm.test=$4" ;;
	esac
}

# armvm-warm: armvm with --decompress-cache, the cache filled beforehand
# (only a compressed kernel, the zImage, differs from armvm).
vmms="armvm armvm-warm"
[ -x $KVMTOOL ] && vmms="$vmms kvmtool"
# Which kernel:vCPUs to run (argument 1), default all four.
for config in ${1:-arm64:1 arm64:2 armhf:1 armhf:2}; do
	arch=${config%:*} cpus=${config#*:}
	linux_have "$arch" bench >/dev/null || { echo "row armvm $arch $cpus - - - - - - - missing-/linux/$arch"; continue; }
	width=""
	[ "$arch" = armhf ] && width=--aarch32
	# shellcheck disable=SC2086 # $width: empty or one word
	if armvm run $width -c "$cpus" -m "$LINUX_MEM" --initrd "/linux/$arch/initramfs.cpio.gz" \
		--append "console=ttyAMA0 quiet panic=-1 armvm.test=cpus" --dtb-out armvm.dtb \
		"$(linux_kernel "$arch")" >/dev/null 2>&1; then
		echo "dtb $arch $cpus $(od -An -v -tx1 armvm.dtb | tr -d ' \n')"
	fi
	{
		for vmm in $vmms; do
			[ $vmm = armvm-warm ] && [ $arch = arm64 ] && continue
			if [ $vmm = armvm-warm ]; then
				# Fill the cache: --dtb-out inflates and stops.
				armvm run --aarch32 --decompress-cache "$PWD/kc" -m "$LINUX_MEM" \
					--dtb-out /dev/null "$(linux_kernel "$arch")" >/dev/null 2>&1
			fi
			# The timed run: the nested host's uptime at exec and when
			# the console shows the marker line.
			rm -f mark.t status.t
			t0=$(cut -d' ' -f1 /proc/uptime)
			{ VMM_EXEC="" vmm_run "$vmm" "$arch" "$cpus" cpus 2>con.err </dev/null
			  echo "ARMVM-BENCH-STATUS $?"; } |
			while IFS= read -r line; do
				case $line in
				*ARMVM-BOOT-MARK*) [ -s mark.t ] || cut -d' ' -f1 /proc/uptime >mark.t ;;
				ARMVM-BENCH-STATUS*) echo "${line#* }" >status.t; continue ;;
				esac
				printf '%s\n' "$line"
			done >con.out
			t1=$(cut -d' ' -f1 /proc/uptime)
			st=$(cat status.t 2>/dev/null)
			cms=-
			[ -s mark.t ] && cms=$(echo "$t0 $(cat mark.t)" | awk '{ printf "%d", ($2 - $1) * 1000 }')
			off_ms=$(echo "$t0 $t1" | awk '{ printf "%d", ($2 - $1) * 1000 }')
			ms=-
			if [ $vmm != kvmtool ]; then
				ms=$(marker_ms con.err)
				[ -n "$ms" ] || ms=-
			fi
			echo "counter $vmm $arch $cpus $(counter_ns con.out mark) $(counter_ns con.out again) $(counter_field con.out mark cntfrq)"
			note=""
			[ "$st" = 0 ] || note="status-$st:$(tail -n 2 con.out con.err | tr -d '\r' | tr ' \n' '_|')"
			grep -q '^ARMVM-GUEST-READY' con.out || note="$note no-ready-line"
			[ "$cms" != - ] || note="$note no-console-mark"
			grep -q 'detected stalls\|self-detected stall' con.out && note="$note guest-rcu-stall"

			# The memory run: two more seconds up after the marker leave
			# samples of a running guest.
			( VMM_EXEC=exec vmm_run "$vmm" "$arch" "$cpus" cpus,sleep >m.out 2>m.err </dev/null ) &
			pid=$!
			(sleep "$LINUX_BOOT_TIMEOUT"; kill -KILL "$pid") 2>/dev/null &
			dog=$!
			hwm=0 guest=0 own=- priv=- anon=-
			while kill -0 "$pid" 2>/dev/null; do
				# shellcheck disable=SC2046 # numbers
				set -- $(sample "$pid")
				[ -n "${1:-}" ] && [ "$1" -gt "$hwm" ] && hwm=$1
				if [ -n "${7:-}" ]; then
					guest=$3
					if grep -q 'ARMVM-BOOT-MARK' m.out; then
						[ "$own" = - ] || [ $(($2 - $3)) -gt "$own" ] && own=$(($2 - $3))
						[ "$priv" = - ] || [ $(($6 - $4)) -gt "$priv" ] && priv=$(($6 - $4))
						[ "$anon" = - ] || [ $(($7 - $5)) -gt "$anon" ] && anon=$(($7 - $5))
					fi
				fi
				sleep 1
			done
			wait "$pid"
			mst=$?
			kill "$dog" 2>/dev/null
			[ $mst = 0 ] || note="$note memory-run-status-$mst"
			echo "row $vmm $arch $cpus $cms $ms $off_ms $hwm $guest $((hwm - guest)) $own ${note:--}"
			echo "mem $vmm $arch $cpus $priv $anon"
		done
	}
done
