#!/bin/sh
# The lab half of tests/bench-linux-breakdown.sh (issue 8, docs/performance.md):
# where a Linux boot's instructions go, per VMM, from the nested host's
# KVM tracepoints. Run under lab/run.sh --icount (the trace clock then
# counts instructions: 1 us = 1000). For each VMM named in argument 2
# (NAME=COMMAND pairs separated by ";", COMMAND ending in the VMM's own
# options; KERNEL, INITRD, CPUS and ACT, the guest's armvm.test actions, are
# substituted), one guest
# (argument 1, "arm64:1"), 256 MiB, `quiet`, /init powering off after the
# marker:
#   run 1, timing: events sched_process_exec (the VMM's exec), the first
#     KVM_RUN (syscall ioctl, cmd 0xae80) and the MMIO write of the boot
#     marker (kvm_mmio at 0x0b001000: armvm's marker device; on kvmtool an
#     unclaimed address, still a trap) give
#       "phase <vmm> exec-to-run <us> run-to-mark <us> exec-to-mark <us>"
#   run 2, counts (hist triggers, reset per run):
#       "exits <vmm> ret=<r> ec=<esr_ec> <n>"     every guest exit
#       "s2fault <vmm> <n>"                        kvm_guest_fault (stage 2)
#       "mmio <vmm> <page> <n>"                    MMIO traps by 4 KiB page
#       "sysreg <vmm> <name> <n>"                  trapped system registers
#       "uexit <vmm> <reason> <n>"                 exits to user space
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

ev() { echo "$2" >"$T/events/$1/$3" 2>/dev/null || echo "breakdown: $1 $3 '$2' refused"; }

vmm() { # command actions -> runs it, console on stdout
	cmd=$(echo "$1" | sed "s|KERNEL|$KERNEL|g; s|INITRD|$INITRD|g; s|CPUS|$cpus|g; s|ACT|$2|g")
	# shellcheck disable=SC2086 # a command line
	eval "exec $cmd" </dev/null 2>"$3"
}

echo "$2" | tr ';' '\n' | while IFS= read -r pair; do
	[ -n "$pair" ] || continue
	name=${pair%%=*} cmd=${pair#*=}
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
	echo 'hist:keys=name:sort=hitcount.descending' >$T/events/kvm/kvm_sys_access/trigger 2>/dev/null ||
		ev kvm/kvm_sys_access 'hist:keys=Op0,Op1,CRn,CRm,Op2:sort=hitcount.descending' trigger
	ev kvm/kvm_userspace_exit 'hist:keys=reason:sort=hitcount.descending' trigger
	(vmm "$cmd" cpus "$name.err2") >"$name.out2"
	awk -v n="$name" '/^[{]/ { gsub(/[{}:,]/, " "); printf "exits %s ret=%s ec=%s %s\n", n, $2, $4, $6 }' \
		$T/events/kvm/kvm_exit/hist
	awk -v n="$name" '/^Hits:/ { printf "s2fault %s %s\n", n, $2 }' $T/events/kvm/kvm_guest_fault/hist
	awk -v n="$name" '/^[{]/ { gsub(/[{}:,]/, " "); printf "mmio %s %s %s\n", n, $2, $4 }' \
		$T/events/kvm/kvm_mmio/hist
	awk -v n="$name" '/^[{]/ { gsub(/[{}:,]/, " "); printf "sysreg %s", n; for (i = 2; i < NF; i += 2) printf " %s", $i; printf " %s\n", $NF }' \
		$T/events/kvm/kvm_sys_access/hist
	awk -v n="$name" '/^[{]/ { gsub(/[{}:,]/, " "); printf "uexit %s %s %s\n", n, $2, $4 }' \
		$T/events/kvm/kvm_userspace_exit/hist
	ev kvm/kvm_exit '!hist:keys=ret,esr_ec:sort=hitcount.descending' trigger
	ev kvm/kvm_guest_fault '!hist:keys=common_pid' trigger
	ev kvm/kvm_mmio '!hist:keys=gpa.hex:size=4096' trigger
	echo '!hist:keys=name:sort=hitcount.descending' >$T/events/kvm/kvm_sys_access/trigger 2>/dev/null
	echo '!hist:keys=Op0,Op1,CRn,CRm,Op2:sort=hitcount.descending' >$T/events/kvm/kvm_sys_access/trigger 2>/dev/null
	ev kvm/kvm_userspace_exit '!hist:keys=reason:sort=hitcount.descending' trigger

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
armvm run -c "$cpus" -m 256M --initrd "$INITRD" \
	--append "console=ttyAMA0 quiet panic=-1 armvm.test=cpus" --dtb-out armvm.dtb "$KERNEL"
for f in *.dtb; do
	[ -s "$f" ] && base64 "$f" | sed "s/^/dtb $f /"
done
