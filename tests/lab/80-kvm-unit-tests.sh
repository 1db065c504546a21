#!/bin/sh
# Upstream kvm-unit-tests (docs/kvm-unit-tests.md) under `armvm run` with
# default options plus --pmu --its (QEMU virt's machine): every test of
# unittests.cfg that applies to a VMM without QEMU's test devices, plus
# the binaries upstream builds but lists nowhere (pl031, spinlock-test), in
# both widths, on this lab host's GIC. One PASS/FAIL/SKIP line per test and
# width: "kut-<width>-<test>". A test passes when it prints "EXIT:
# STATUS=1" and armvm exits 0; STATUS=77 is the test's own skip (a feature
# the host lacks), shown with its reason. A failure the lab itself causes
# is a SKIP only when every failed check is the one named in lab_limit()
# below and the lab shows that cause; any other failed check is a FAIL.
# The binaries come
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
# $MAX_SMP: upstream takes the host's CPU count (2 here); KVM runs more
# vCPUs than CPUs, and its-trigger needs 4, so 4.
max_smp=4
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# unittests.cfg as one line per test: name|file|smp|args|mem|arch|disabled|qemu
awk '
function flush() {
	if (name != "")
		print name "|" file "|" smp "|" args "|" mem "|" arch "|" dis "|" qemu
	name = ""; file = ""; smp = "1"; args = ""; mem = ""; arch = ""; dis = ""; qemu = ""
}
function val(line) { sub(/^[^=]*= */, "", line); gsub("^[\"" sq "]|[\"" sq "]$", "", line); return line }
BEGIN { sq = sprintf("%c", 39); flush() }
/^\[/ { flush(); name = $0; gsub(/[][]/, "", name); next }
/^file *=/ { file = val($0) }
/^smp *=/ { smp = val($0) }
/^test_args *=/ { args = val($0) }
/^arch *=/ { arch = val($0) }
/^disabled_if *=/ { dis = val($0) }
/^qemu_params *=/ { qemu = val($0); if (match(qemu, /-m [0-9]+/)) mem = substr(qemu, RSTART + 3, RLENGTH - 3) }
END { flush() }' "$kut/unittests.cfg" >"$tmp/plan"
# Built upstream (arm/Makefile) but in no unittests.cfg section. Not sieve:
# a CPU-bound sieve of 10^8 that tests no VMM path and takes minutes under
# the lab's TCG.
{
	echo "pl031|pl031.flat|1||||"
	echo "spinlock-test|spinlock-test.flat|\$MAX_SMP||||"
} >>"$tmp/plan"

# The AArch32 syndrome on this lab (tests/lab/33-aarch32-srt.sh): whether a
# load into LR_svc lands in LR_usr because the lab's QEMU reports ISS.SRT as
# the AArch32 register number (docs/kvm-unit-tests.md).
srt_view=unknown
if [ $aarch32 = 1 ] && timeout 60 armvm run --gic "$gic" --aarch32 \
		/guests/aarch32/srt-probe.elf >"$tmp/srt" 2>&1 </dev/null; then
	srt_view=$(sed -n 's/^srt-probe: ldr lr_svc: \([a-z0-9-]*\) .*/\1/p' "$tmp/srt")
fi
# The host CPU's PMU events, as Linux lists the ones PMCEID says it counts.
host_has_event() {
	ls /sys/bus/event_source/devices/*/events/"$1" >/dev/null 2>&1
}

# lab_limit TEST WIDTH: the checks that may fail on this lab, a '|' list of
# the FAIL lines' text, and why (in $why); nothing when none may.
lab_limit() {
	why=
	case $2-$1 in
	aarch32-pl031)
		# Both read the RTC into LR_svc (ldr lr, [r3]: check_ro and
		# check_rtc_freq inlined in main, arm/pl031.flat).
		[ "$srt_view" = aarch32-number ] || return
		why="the lab's QEMU reports ISS.SRT as the AArch32 register number; KVM (architectural) loads LR_usr instead of LR_svc (srt-probe: aarch32-number; docs/kvm-unit-tests.md)"
		echo "pl031: R/O fields are R/O|pl031: RTC ticks at 1HZ" ;;
	aarch64-pmu-event-introspection)
		host_has_event inst_retired && return
		why="the lab CPU's PMU (QEMU TCG without -icount) does not count INST_RETIRED (0x08), a required event: no inst_retired in the host's perf events"
		echo "pmu: pmu-event-introspection: Check required events are implemented" ;;
	esac
}

# Whether every FAIL line of $tmp/out is one of the '|' list $1.
only_limited_failures() {
	grep -q '^FAIL: ' "$tmp/out" || return 1
	grep '^FAIL: ' "$tmp/out" | sed 's/^FAIL: //' | while IFS= read -r line; do
		case "|$1|" in
		*"|$line|"*) ;;
		*) echo x ;;
		esac
	done | grep -q x && return 1
	return 0
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
	tries=1
	# timer's latency checks measure against the host's clock, which a
	# loaded TCG lab host can miss: one more try, said as INFO.
	[ "$name" = timer ] && tries=2
	while :; do
		# --pmu --its: the machine QEMU virt is (docs/kvm-unit-tests.md).
		timeout 120 armvm run --gic "$gic" --pmu --its -c "$smp" -m "$mem" --append "$args" "$@" \
			"$img" >"$tmp/out" 2>"$tmp/err" </dev/null
		rc=$?
		status=$(sed -n 's/.*EXIT: STATUS=\([0-9]*\).*/\1/p' "$tmp/out" | tail -n 1)
		tries=$((tries - 1))
		{ [ "$status" = 1 ] && [ $rc = 0 ]; } || [ $tries = 0 ] && break
		echo "INFO: $test failed once ($(grep -m 1 '^FAIL' "$tmp/out")); trying again"
	done
	# In this shell (not $(...)): lab_limit sets $why.
	lab_limit "$name" "$width" >"$tmp/limits"
	limits=$(cat "$tmp/limits")
	if [ "$status" = 1 ] && [ $rc = 0 ]; then
		echo "PASS: $test"
	elif [ "$status" = 3 ] && [ $rc = 0 ] && [ -n "$limits" ] && only_limited_failures "$limits"; then
		echo "SKIP: $test fails only where the lab cannot pass: $(grep '^FAIL: ' "$tmp/out" | sed 's/^FAIL: //' | tr '\n' ';') because $why"
	elif [ "$status" = 77 ] && [ $rc = 0 ]; then
		echo "SKIP: $test the test skips itself: $(grep -m 1 '^SKIP' "$tmp/out" | cut -c1-150)"
	else
		first=$(grep -m 1 -e '^FAIL' -e 'Unhandled' -e 'abort' "$tmp/out" | cut -c1-150)
		[ -z "$first" ] && first=$(head -n 1 "$tmp/err" | cut -c1-150)
		echo "FAIL: $test status '${status:-none}', armvm exit $rc: $first"
		echo "--- $test console:"; tail -n 15 "$tmp/out"; echo "--- stderr:"; tail -n 5 "$tmp/err"
	fi
}

while IFS='|' read -r name file smp args mem arch dis qemu; do
	# micro-bench: upstream's "nodefault" group, a benchmark whose 2^16
	# iteration loops take minutes under the lab's TCG; `make bench` runs it
	# (tests/bench-micro.sh) and checks it ends with EXIT: STATUS=1.
	if [ "$name" = micro-bench ]; then
		echo "SKIP: kut-aarch64-micro-bench a benchmark (upstream group nodefault), minutes under the lab's TCG: make bench runs it (tests/bench-micro.sh)"
		continue
	fi
	# Tests upstream itself runs only on QEMU (migration, the PCI test device).
	case $dis in
	*'!= qemu'*)
		for w in aarch64 aarch32; do
			[ "$w" = aarch32 ] && [ "$arch" = arm64 ] && continue
			echo "SKIP: kut-$w-$name needs QEMU itself (unittests.cfg: $dis): migration or QEMU's PCI test device"
		done
		continue ;;
	esac
	smp=$(MAX_SMP=$max_smp; eval "echo \"$smp\"")
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
		if [ "$w" = aarch32 ] && [ $aarch32 = 0 ]; then
			echo "SKIP: kut-$w-$name this host's KVM cannot run AArch32 guests"
			continue
		fi
		run_one "$name" "$w" "$file" "$smp" "$args" "$mem"
	done
done <"$tmp/plan"
