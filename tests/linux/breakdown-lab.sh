#!/bin/sh
# The lab half of tests/bench-linux-breakdown.sh (issue 8, docs/performance.md):
# where a Linux boot's instructions go, per VMM, from the nested host's
# KVM tracepoints. Run under lab/run.sh --icount (the trace clock then
# counts instructions: 1 us = 1000). For each VMM named in argument 2
# (NAME=COMMAND pairs separated by ";", COMMAND ending in the VMM's own
# options; KERNEL, INITRD, CPUS, WIDTH (--aarch32 for armhf, else empty) and
# ACT, the guest's armvm.test actions, are substituted), one guest
# (argument 1, "arm64:1" or "armhf:1"), 256 MiB, `quiet`, /init powering off
# after the marker. A command with `--decompress-cache DIR` gets DIR filled
# first (that binary's `--dtb-out` run inflates and stores the kernel), so
# all its runs are warm:
#   run 1, timing: events sched_process_exec (the VMM's exec), the first
#     KVM_RUN (syscall ioctl, cmd 0xae80) and the MMIO write of the boot
#     marker (kvm_mmio at 0x0b001000: armvm's marker device; on kvmtool an
#     unclaimed address, still a trap) give
#       "phase <vmm> exec-to-run <us> run-to-mark <us> exec-to-mark <us>"
#   run 2, counts (hist triggers, reset per run):
#       "exits <vmm> ret=<r> ec=<esr_ec> <n>"     every guest exit
#       "s2fault <vmm> <n>"                        kvm_guest_fault (stage 2)
#       "mmio <vmm> <page> <n>"                    MMIO traps by 4 KiB page
#       "syspc <vmm> <guest pc> <n>"               the 20 guest PCs whose
#           system register (CP15) accesses trap most (which register:
#           the instruction at that PC, docs/performance.md)
#       "when <vmm> <from M> exits <n> sysreg <n>" exits and system register
#           traps per 50 M instructions after the first KVM_RUN ("mark" at
#           the boot marker)
#       "cacheop <vmm> <M> <event>"                each kvm_set_way_flush and
#           kvm_toggle_cache, M instructions after the first KVM_RUN
#       "uexit <vmm> <reason> <n>"                 exits to user space
#       "setway <vmm> <n>", "cachetoggle <vmm> <n>"
#           KVM's set/way emulation: kvm_set_way_flush (a trapped DC
#           ISW/CSW/CISW that flushes the whole VM and starts trapping the
#           VM registers, HCR_EL2.TVM) and kvm_toggle_cache (a trapped
#           SCTLR write turning caches on or off)
#   run 3, the VMM's CPU time at the marker (ticks of 4 ms = 4 M):
#       "cpu <vmm> minflt <n> utime <t> stime <t> guest <t>"
#   run 4, every system call of the VMM's first thread from exec to the
#     first KVM_RUN, with its time since exec (us):
#       "syscall <vmm> <us> <call and arguments>"
# and the device trees (base64, "dtb <vmm> <line>").
# shellcheck disable=SC1091 # packed from tests/linux/lab-lib.sh
. /linux/lib.sh
cd "$(mktemp -d)" || exit 1
T=/sys/kernel/tracing
mount -t tracefs nodev $T 2>/dev/null
[ -e $T/trace ] || { mount -t debugfs nodev /sys/kernel/debug 2>/dev/null; T=/sys/kernel/debug/tracing; }
[ -e $T/trace ] || { echo "breakdown: no tracefs"; exit 1; }
echo 16384 >$T/buffer_size_kb

config=${1:-arm64:1}
arch=${config%:*} cpus=${config#*:}
KERNEL=$(linux_kernel "$arch")
INITRD=/linux/$arch/initramfs.cpio.gz
WIDTH=""
[ "$arch" = armhf ] && WIDTH=--aarch32

ev() { echo "$2" >"$T/events/$1/$3" 2>/dev/null || echo "breakdown: $1 $3 '$2' refused"; }

vmm() { # command actions -> runs it, console on stdout
	cmd=$(echo "$1" | sed "s|KERNEL|$KERNEL|g; s|INITRD|$INITRD|g; s|CPUS|$cpus|g; s|WIDTH|$WIDTH|g; s|ACT|$2|g")
	# shellcheck disable=SC2086 # a command line
	eval "exec $cmd" </dev/null 2>"$3"
}

echo "$2" | tr ';' '\n' | while IFS= read -r pair; do
	[ -n "$pair" ] || continue
	name=${pair%%=*} cmd=${pair#*=}
	case $cmd in
	*--decompress-cache\ *)
		# Warm runs: fill the cache with this binary (as bench-lab.sh does).
		dir=$(echo "$cmd" | sed 's/.*--decompress-cache \([^ ]*\).*/\1/')
		bin=${cmd%% *}
		[ "$bin" = armvm ] || [ -x "$bin" ] || bin=armvm
		# shellcheck disable=SC2086 # $WIDTH: empty or one word
		$bin run $WIDTH --decompress-cache "$dir" -m 256M --dtb-out /dev/null "$KERNEL" >/dev/null 2>&1 ||
			echo "breakdown: $name: filling the cache $dir failed"
		;;
	esac
	# ---- run 1: phases
	echo 0 >$T/tracing_on; echo >$T/trace
	ev sched/sched_process_exec 1 enable
	ev syscalls/sys_enter_ioctl 'cmd == 0xae80' filter
	ev syscalls/sys_enter_ioctl 1 enable
	ev kvm/kvm_mmio 'gpa == 0xb001000' filter
	ev kvm/kvm_mmio 1 enable
	echo 1 >$T/tracing_on
	(vmm "$cmd" cpus "$name.err1") >"$name.out1"
	echo 0 >$T/tracing_on
	for e in sched/sched_process_exec syscalls/sys_enter_ioctl kvm/kvm_mmio; do
		ev $e 0 enable; ev $e 0 filter
	done
	awk -v n="$name" '
		/sched_process_exec:/ && /filename=.*(armvm|lkvm)/ && !x { x = $4 + 0 }
		/sys_ioctl|sys_enter_ioctl|ioctl\(/ && x && !r { r = $4 + 0 }
		/kvm_mmio:/ && x && !m { m = $4 + 0 }
		END { printf "phase %s exec-to-run %d run-to-mark %d exec-to-mark %d\n", n,
			(r - x) * 1e6, (m - r) * 1e6, (m - x) * 1e6 }' $T/trace
	grep -q ARMVM-BOOT-MARK "$name.out1" || echo "breakdown: $name: no marker: $(tail -n 3 "$name.out1" "$name.err1" | tr '\n' '|')"
	grep -h 'ARMVM-BOOT-MARK\|bootmark:' "$name.out1" "$name.err1" | sed "s/^/mark $name /"
	echo >$T/trace

	# ---- run 2: counts
	ev kvm/kvm_exit 'hist:keys=ret,esr_ec:sort=hitcount.descending' trigger
	ev kvm/kvm_guest_fault 'hist:keys=common_pid' trigger
	ev kvm/kvm_mmio 'hist:keys=gpa.hex:size=4096' trigger
	ev kvm/kvm_sys_access 'hist:keys=vcpu_pc.hex:sort=hitcount.descending:size=4096' trigger
	# ...and when: the events themselves (this run is not timed).
	echo >$T/trace
	ev syscalls/sys_enter_ioctl 'cmd == 0xae80' filter
	ev syscalls/sys_enter_ioctl 1 enable
	ev kvm/kvm_mmio 'gpa == 0xb001000' filter
	ev kvm/kvm_mmio 1 enable
	ev kvm/kvm_exit 1 enable
	ev kvm/kvm_sys_access 1 enable
	ev kvm/kvm_set_way_flush 1 enable
	ev kvm/kvm_toggle_cache 1 enable
	echo 1 >$T/tracing_on
	ev kvm/kvm_userspace_exit 'hist:keys=reason:sort=hitcount.descending' trigger
	ev kvm/kvm_set_way_flush 'hist:keys=common_pid' trigger
	ev kvm/kvm_toggle_cache 'hist:keys=common_pid' trigger
	(vmm "$cmd" cpus "$name.err2") >"$name.out2"
	awk -v n="$name" '/^[{]/ { gsub(/[{}:,]/, " "); printf "exits %s ret=%s ec=%s %s\n", n, $2, $4, $6 }' \
		$T/events/kvm/kvm_exit/hist
	awk -v n="$name" '/^ *Hits:/ { printf "s2fault %s %s\n", n, $2 }' $T/events/kvm/kvm_guest_fault/hist
	awk -v n="$name" '/^[{]/ { gsub(/[{}:,]/, " "); printf "mmio %s %s %s\n", n, $2, $4 }' \
		$T/events/kvm/kvm_mmio/hist
	echo 0 >$T/tracing_on
	for e in syscalls/sys_enter_ioctl kvm/kvm_mmio kvm/kvm_exit kvm/kvm_sys_access kvm/kvm_set_way_flush kvm/kvm_toggle_cache; do
		ev $e 0 enable; ev $e 0 filter
	done
	awk -v n="$name" '/^[{]/ && /vcpu_pc/ && c++ < 20 { gsub(/[{}:,]/, " "); printf "syspc %s %s %s\n", n, $2, $4 }' \
		$T/events/kvm/kvm_sys_access/hist
	awk -v n="$name" '
		/sys_ioctl|sys_enter_ioctl|ioctl\(/ && !r { r = $4 + 0 }
		/kvm_mmio:/ && r && !m { m = $4 + 0 }
		r && / kvm_exit:/ { e[int(($4 - r) * 20)]++ }
		r && / kvm_sys_access:/ { s[int(($4 - r) * 20)]++ }
		r && / kvm_(set_way_flush|toggle_cache):/ { printf "cacheop %s %.1f %s\n", n, ($4 - r) * 1e3, substr($0, index($0, $5)) }
		END { for (b = 0; b in e || b in s || b < 2; b++)
			printf "when %s %d exits %d sysreg %d\n", n, b * 50, e[b], s[b]
		      printf "when %s mark %d\n", n, (m - r) * 1e3 }' $T/trace
	echo >$T/trace
	awk -v n="$name" '/^[{]/ { gsub(/[{}:,]/, " "); printf "uexit %s %s %s\n", n, $2, $4 }' \
		$T/events/kvm/kvm_userspace_exit/hist
	ev kvm/kvm_exit '!hist:keys=ret,esr_ec:sort=hitcount.descending' trigger
	ev kvm/kvm_guest_fault '!hist:keys=common_pid' trigger
	ev kvm/kvm_mmio '!hist:keys=gpa.hex:size=4096' trigger
	ev kvm/kvm_userspace_exit '!hist:keys=reason:sort=hitcount.descending' trigger
	awk -v n="$name" '/^ *Hits:/ { printf "setway %s %s\n", n, $2 }' $T/events/kvm/kvm_set_way_flush/hist
	awk -v n="$name" '/^ *Hits:/ { printf "cachetoggle %s %s\n", n, $2 }' $T/events/kvm/kvm_toggle_cache/hist
	ev kvm/kvm_sys_access '!hist:keys=vcpu_pc.hex:sort=hitcount.descending:size=4096' trigger
	ev kvm/kvm_set_way_flush '!hist:keys=common_pid' trigger
	ev kvm/kvm_toggle_cache '!hist:keys=common_pid' trigger

	# ---- run 3: CPU time at the marker
	(vmm "$cmd" cpus,sleep "$name.err3") >"$name.out3" &
	pid=$!
	n=0
	while ! grep -q ARMVM-BOOT-MARK "$name.out3" && [ $n -lt 600 ]; do sleep 0.2; n=$((n + 1)); done
	cat /proc/$pid/task/*/stat 2>/dev/null | sed 's/^.*) //' |
		awk -v n="$name" '{ mf += $8; ut += $12; st += $13; g += $41 }
		END { printf "cpu %s minflt %d utime %d stime %d guest %d\n", n, mf, ut, st, g }'
	kill -KILL $pid 2>/dev/null; wait $pid 2>/dev/null

	# ---- run 4: the VMM's system calls from exec to the first KVM_RUN
	echo >$T/trace
	ev sched/sched_process_exec 1 enable
	ev syscalls 1 enable
	echo 1 >$T/tracing_on
	(vmm "$cmd" cpus "$name.err4") >"$name.out4"
	echo 0 >$T/tracing_on
	ev syscalls 0 enable
	ev sched/sched_process_exec 0 enable
	awk -v n="$name" '
		{ match($1, /-[0-9]+$/); pid = substr($1, RSTART + 1) }
		/sched_process_exec:/ && /filename=.*(armvm|lkvm)/ && !x { x = $4 + 0; p = pid; next }
		!x || pid != p { next }
		/sys_ioctl\(.*cmd: ae80/ { exit }
		/: sys_/ { printf "syscall %s %d %s\n", n, ($4 - x) * 1e6, substr($0, index($0, $5)) }' $T/trace
	echo >$T/trace
done
# The device trees: armvm's (--dtb-out) and whatever *.dtb a command wrote
# (kvmtool's --dump-dtb).
# shellcheck disable=SC2086 # $WIDTH: empty or one word
armvm run $WIDTH -c "$cpus" -m 256M --initrd "$INITRD" \
	--append "console=ttyAMA0 quiet panic=-1 armvm.test=cpus" --dtb-out armvm.dtb "$KERNEL"
for f in *.dtb; do
	[ -s "$f" ] && base64 "$f" | sed "s/^/dtb $f /"
done
