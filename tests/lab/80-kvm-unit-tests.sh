#!/bin/sh
# Upstream kvm-unit-tests (docs/kvm-unit-tests.md) under `armvm run` with
# default options, as a new user would run them: every test of
# unittests.cfg that applies to a VMM without QEMU's test devices, plus
# the binaries upstream builds but lists nowhere (pl031, sieve,
# spinlock-test), in both widths, on this lab host's GIC, but micro-bench
# (nodefault upstream: make bench runs it). One PASS/FAIL/SKIP
# line per test and width: "kut-<width>-<test>". A test passes when it
# prints "EXIT: STATUS=1" and armvm exits 0; STATUS=77 is the test's own
# skip (a feature the host lacks), shown with its reason. The binaries come
# from ../shared/kvm-unit-tests through $(B)/guests/kvm-unit-tests
# (mk/kvm-unit-tests.mk); without them: one SKIP line.
# lab-timeout: 900

kut=/guests/kvm-unit-tests
gic=${ARMVM_LAB_GIC:-3}
if [ ! -f "$kut/unittests.cfg" ]; then
	echo "SKIP: kvm-unit-tests ../shared/kvm-unit-tests is absent (a plain clone): nothing to run"
	exit 0
fi
aarch32=1
kvmcheck 2>/dev/null | grep -q '^el1_32bit=0' && aarch32=0
# $MAX_SMP as upstream's run_tests.sh takes it: the host's CPUs.
MAX_SMP=$(grep -c '^processor' /proc/cpuinfo)
export MAX_SMP   # unittests.cfg's smp expressions use it
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# unittests.cfg as one line per test: name|file|smp|args|mem|arch|disabled|qemu|groups
awk '
function flush() {
	if (name != "")
		print name "|" file "|" smp "|" args "|" mem "|" arch "|" dis "|" qemu "|" groups
	name = ""; file = ""; smp = "1"; args = ""; mem = ""; arch = ""; dis = ""; qemu = ""; groups = ""
}
function val(line) { sub(/^[^=]*= */, "", line); gsub("^[\"" sq "]|[\"" sq "]$", "", line); return line }
BEGIN { sq = sprintf("%c", 39); flush() }
/^\[/ { flush(); name = $0; gsub(/[][]/, "", name); next }
/^file *=/ { file = val($0) }
/^smp *=/ { smp = val($0) }
/^test_args *=/ { args = val($0) }
/^arch *=/ { arch = val($0) }
/^disabled_if *=/ { dis = val($0) }
/^groups *=/ { groups = val($0) }
/^qemu_params *=/ { qemu = val($0); if (match(qemu, /-m [0-9]+/)) mem = substr(qemu, RSTART + 3, RLENGTH - 3) }
END { flush() }' "$kut/unittests.cfg" >"$tmp/plan"
# Built upstream (arm/Makefile) but in no unittests.cfg section.
{
	echo "pl031|pl031.flat|1|||||"
	echo "sieve|sieve.flat|1|||||"
	echo "spinlock-test|spinlock-test.flat|\$MAX_SMP|||||"
} >>"$tmp/plan"

# The failed checks of the last run, one per line, without "FAIL: ".
failed_checks() {
	sed -n 's/^FAIL: //p' "$tmp/out" | tr -d '\r'
}

# lab_limit NAME WIDTH: when a failed test failed exactly where the lab
# host (QEMU TCG emulating the nested host's CPU) and not armvm is the
# cause, print why (evidence checked on this host) and succeed.
lab_limit() {
	case $2-$1 in
	aarch64-pmu-event-introspection)
		# KVM gives the guest the host PMU's PMCEID; QEMU's TCG PMU
		# implements INST_RETIRED (0x08) only under -icount, and the
		# host's perf lists the events of its PMCEID.
		[ "$(failed_checks)" = "pmu: pmu-event-introspection: Check required events are implemented" ] || return 1
		ls /sys/bus/event_source/devices/*/events/inst_retired >/dev/null 2>&1 && return 1
		echo "the host's PMU (QEMU TCG without -icount) does not implement INST_RETIRED (event 0x08, absent from the host's perf events), which the test requires; KVM passes the host's PMCEID to the guest (the EL2 suite runs it under -icount: PASS)"
		;;
	aarch32-pl031)
		# Both checks load an RTC register into LR in SVC mode (ldr lr,
		# [r3] in check_ro and check_rtc_freq); QEMU's TCG reports
		# ISS.SRT 14, the AArch32 number, where the Arm ARM says 18
		# (LR_svc), so the nested KVM fills LR_usr (docs/kvm-unit-tests.md).
		[ "$(failed_checks | tr '\n' '|')" = "pl031: R/O fields are R/O|pl031: RTC ticks at 1HZ|" ] || return 1
		timeout 60 armvm run --gic "$gic" --aarch32 /guests/aarch32/srt-probe.elf >"$tmp/srt" 2>&1 </dev/null
		grep -q '^srt-probe: ldr lr_svc: aarch32-number' "$tmp/srt" || return 1
		echo "its two failing checks load an RTC register into LR_svc, and this lab's QEMU TCG reports the data abort's ISS.SRT as the AArch32 register number (srt-probe: ldr lr_svc: aarch32-number), so the host's KVM, following the Arm ARM, fills LR_usr (docs/kvm-unit-tests.md)"
		;;
	*) return 1 ;;
	esac
}

# run_one NAME WIDTH FILE SMP ARGS MEM
run_one() {
	name=$1 width=$2 file=$3 smp=$4 args=$5 mem=${6:-128}
	test="kut-$width-$name"
	if [ "$width" = aarch32 ]; then
		img=$kut/arm/$file
		set -- --aarch32 --load-addr 0x40010000
	else
		img=$kut/arm64/$file
		set -- --load-addr 0x40080000
	fi
	if [ ! -f "$img" ]; then
		echo "SKIP: $test upstream builds no $width $file"
		return
	fi
	t0=$(cut -d' ' -f1 /proc/uptime)
	timeout 120 armvm run --gic "$gic" -c "$smp" -m "$mem" --append "$args" "$@" \
		"$img" >"$tmp/out" 2>"$tmp/err" </dev/null
	rc=$?
	echo "$test $t0 $(cut -d' ' -f1 /proc/uptime)" | awk '{ printf "%.1f %s\n", $3 - $2, $1 }' >>"$tmp/times"
	status=$(sed -n 's/.*EXIT: STATUS=\([0-9]*\).*/\1/p' "$tmp/out" | tail -n 1)
	if [ "$status" = 1 ] && [ $rc = 0 ]; then
		echo "PASS: $test"
	elif [ "$status" = 77 ] && [ $rc = 0 ]; then
		echo "SKIP: $test the test skips itself: $(grep -m 1 '^SKIP' "$tmp/out" | cut -c1-150)"
	elif why=$(lab_limit "$name" "$width"); then
		echo "SKIP: $test cannot pass on this lab host: $why"
	else
		first=$(grep -m 1 -e '^FAIL' -e 'Unhandled' -e 'abort' "$tmp/out" | cut -c1-150)
		[ -z "$first" ] && first=$(head -n 1 "$tmp/err" | cut -c1-150)
		echo "FAIL: $test status '${status:-none}', armvm exit $rc: $first"
		echo "--- $test console:"; tail -n 15 "$tmp/out" | sed "s/^/    /"; echo "--- stderr:"; tail -n 5 "$tmp/err" | sed "s/^/    /"
	fi
}

while IFS='|' read -r name file smp args mem arch dis qemu groups; do
	# Upstream's runner leaves nodefault tests out unless asked for;
	# micro-bench, a benchmark, is what `make bench` runs
	# (tests/bench-micro.sh). fpu-context, nodefault too, is a correctness
	# test make bench does not run: it runs here.
	case " $groups " in
	*" nodefault "*)
		if [ "$name" = micro-bench ]; then
			for w in aarch64 aarch32; do
				[ "$w" = aarch32 ] && [ "$arch" = arm64 ] && continue
				echo "SKIP: kut-$w-$name nodefault in unittests.cfg: run by make bench (tests/bench-micro.sh)"
			done
			continue
		fi ;;
	esac
	# Tests upstream itself runs only on QEMU (migration, the PCI test device).
	case $dis in
	*'!= qemu'*)
		for w in aarch64 aarch32; do
			[ "$w" = aarch32 ] && [ "$arch" = arm64 ] && continue
			echo "SKIP: kut-$w-$name needs QEMU itself (unittests.cfg: $dis): migration or QEMU's PCI test device"
		done
		continue ;;
	esac
	smp=$(eval "echo \"$smp\"")
	# its-trigger wants 4 vCPUs and skips itself with fewer; upstream's
	# $MAX_SMP is the host's CPUs (2 in the lab). KVM runs 4 vCPUs on 2
	# CPUs, so it gets 4 and really runs.
	[ "$name" = its-trigger ] && [ "$smp" -lt 4 ] && smp=4
	for w in aarch64 aarch32; do
		[ "$w" = aarch32 ] && [ "$arch" = arm64 ] && continue
		case $qemu in
		*gic-version=2*) want=2 ;;
		*gic-version=3*) want=3 ;;
		*) want=$gic ;;
		esac
		if [ "$want" != "$gic" ]; then
			echo "SKIP: kut-$w-$name needs a GICv$want; this GICv$gic host's KVM offers only a vGICv$gic (the GICv$want lab host runs it)"
			continue
		fi
		# sieve, the slowest (a minute per width), is a CPU-bound sieve
		# that exercises no VMM or GIC path: one host is enough.
		if [ "$name" = sieve ] && [ "$gic" != 3 ]; then
			echo "SKIP: kut-$w-$name CPU-bound, no GIC path: runs on the GICv3 lab host only (time budget)"
			continue
		fi
		if [ "$w" = aarch32 ] && [ $aarch32 = 0 ]; then
			echo "SKIP: kut-$w-$name this host's KVM cannot run AArch32 guests"
			continue
		fi
		run_one "$name" "$w" "$file" "$smp" "$args" "$mem"
	done
done <"$tmp/plan"
# Where the time goes (this test is the lab suite's longest).
[ -f "$tmp/times" ] && echo "INFO: kut slowest runs (seconds): $(sort -rn "$tmp/times" | head -n 5 | tr '\n' ' ')"
exit 0
