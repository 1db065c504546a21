#!/bin/bash
# Upstream kvm-unit-tests (../shared/kvm-unit-tests, see its README.md) on the
# EL2 engine, AArch64 and AArch32: every test of unittests.cfg that applies
# (and pl031, sieve, spinlock-test, built upstream but listed nowhere),
# each run as a partition built by el2-build from a generated configuration
# (the .flat at RAM + 0x80000 with the DTB in x0; AArch32: the raw image at
# 0x40010000 with the DTB in r2), its test_args as /chosen/bootargs, its smp
# as the partition's vCPUs, and on_fault = abort (a fetch or access outside
# RAM and devices is an external abort the guest takes, as on KVM and QEMU:
# selftest-vectors-kernel checks it). A test passes when it prints
# EXIT: STATUS=1.
# One line per test and width: PASS:/FAIL:/SKIP: (with why).
# Needs `make el2`; SKIPs in one line when ../shared is absent.
# The pmu-* tests run under -icount (QEMU counts INST_RETIRED only then).
# micro-bench (groups = nodefault upstream: a benchmark) is left to make
# bench, as upstream's runner leaves it out by default.
# KUT_ONLY='timer psci' runs only those tests (names from unittests.cfg),
# nodefault ones too.
set -u
cd "$(dirname "$0")/../.."
B=${B:-build}
export B
KUT=${KUT_DIR:-../shared/kvm-unit-tests}
OUT=$B/el2/kvm-unit-tests
QEMU_TIMEOUT=${EL2_QEMU_TIMEOUT:-60}
QEMU="qemu-system-aarch64 -M virt,virtualization=on,gic-version=3 -cpu cortex-a57 -smp 4 -m 1G -nographic -monitor none -serial stdio"
MAX_SMP=4        # QEMU's CPUs: a partition gets at most all of them
ONLY=${KUT_ONLY:-}

if [ ! -f "$KUT/unittests.cfg" ]; then
	echo "SKIP: el2 kvm-unit-tests ($KUT absent: the shared test material is not here)"
	exit 0
fi
if [ ! -x "$B/host/el2-build" ] || [ ! -f "$B/el2/objects.list" ]; then
	echo "SKIP: el2 kvm-unit-tests (the EL2 build is missing: run 'make el2')"
	exit 0
fi
mkdir -p "$OUT"
# The test environment (kvm-unit-tests reads it from the initrd, as its own
# runner passes it): the physical timer tests are gated on the KVM commit
# that emulates that timer (7b6b46311a85); the EL2 engine emulates it too.
echo "ERRATA_7b6b46311a85=y" > "$OUT/errata.env"

# unittests.cfg -> one line per test: name|file|smp|test_args|arch|groups|disabled_if|qemu_params
parse_cfg() {
	awk '
	function flush() { if (name != "") print name "|" f["file"] "|" f["smp"] "|" f["test_args"] "|" f["arch"] "|" f["groups"] "|" f["disabled_if"] "|" f["qemu_params"] }
	/^[ \t]*#/ { next }
	/^\[.*\]$/ { flush(); name = substr($0, 2, length($0) - 2); delete f; next }
	/^[a-z_]+[ \t]*=/ { k = $0; sub(/[ \t]*=.*/, "", k); v = $0; sub(/^[^=]*=[ \t]*/, "", v); f[k] = v }
	END { flush() }' "$KUT/unittests.cfg"
	# Built upstream (arm/Makefile) but in no unittests.cfg section.
	echo "pl031|pl031.flat|1|||||"
	echo "sieve|sieve.flat|1|||||"
	echo "spinlock-test|spinlock-test.flat|\$MAX_SMP|||||"
}

# Why the EL2 engine cannot run a test (empty: it can).
why_not() {  # name groups disabled_if qemu_params
	case "$1" in
	its-migration|its-pending-migration|its-migrate-unmapped-collection) echo "needs QEMU's migration"; return ;;
	pci-test) echo "no PCI host bridge on the EL2 engine's board"; return ;;
	mte-*) echo "the EL2 engine's CPU (QEMU cortex-a57) has no MTE"; return ;;
	esac
	case " $2 " in *" migration "*) echo "needs QEMU's migration"; return ;; esac
	# Upstream's runner leaves nodefault tests out unless asked for;
	# micro-bench, a benchmark, is what `make bench` runs. fpu-context,
	# nodefault too, is a correctness test make bench does not run: kept.
	case " $2 " in *" nodefault "*)
		if [ "$1" = micro-bench ] && [ -z "$ONLY" ]; then
			echo "nodefault in unittests.cfg: run by make bench (tests/bench-micro-el2.sh; KUT_ONLY=micro-bench runs it here)"; return
		fi ;;
	esac
	case "$3" in *'!= qemu'*) echo "QEMU-only test (disabled_if)"; return ;; esac
}

# Partition configuration for one test on stdin of el2-build.
test_config() {  # arch image smp args ram
	local cpus i load
	cpus=0; for ((i = 1; i < $3; i++)); do cpus="$cpus, $i"; done
	load=0x40080000; [ "$1" = aarch32 ] && load=0x40010000
	printf '[partition kut]\narch = %s\ncpus = %s\nram = %s\nimage = %s\nload = %s\ndevices = pl011, pl031\non_fault = abort\n' \
		"$1" "$cpus" "$5" "$2" "$load"
	[ -n "$4" ] && printf 'cmdline = %s\n' "$4"
	printf 'initrd = %s\n' "$OUT/errata.env"
	return 0
}

run_one() {  # width dir name file smp args ram [qemu_params]
	local width=$1 dir=$2 name=$3 t="el2 kvm-unit-tests $1 $3" d status icount limit gic
	d=$OUT/$width-$name
	rm -rf "$d"; mkdir -p "$d"
	test_config "$width" "$KUT/$dir/$4" "$5" "$6" "$7" > "$d/cfg.conf"
	if ! ./el2/tools/el2-image.sh "$d/cfg.conf" "$d" > "$d/build.log" 2>&1; then
		echo "FAIL: $t (image build failed: $(tail -1 "$d/build.log"))"; return
	fi
	# QEMU's PMU counts instructions (event 0x08, INST_RETIRED) only under
	# -icount; the PMU tests need that event.
	# micro-bench too: it times each operation by the guest's clock, and
	# without -icount its ipi/lpi loops took minutes on a loaded machine
	# (make bench runs it the same way, tests/bench-micro-el2.sh).
	case "$name" in pmu-* | micro-bench) icount="-icount shift=0" ;; *) icount= ;; esac
	# sieve computes primes to 10^8 three times: about 90 s under TCG.
	# micro-bench times a fixed number of each operation, LPIs included
	# since the ITS: past a minute on a loaded machine.
	limit=$QEMU_TIMEOUT
	case "$name" in sieve | micro-bench) limit=$((QEMU_TIMEOUT * 4)) ;; esac
	# The gicv2-* tests: the same image on a GICv2 host (the hypervisor
	# gives its partitions the host's GIC model, docs/el2-boards.md).
	gic=; case "${8:-}" in *gic-version=2*) gic="-machine gic-version=2" ;; esac
	timeout "$limit" $QEMU $icount $gic -kernel "$d/hyp.elf" < /dev/null 2>&1 | tr -d '\r' > "$d/console.txt"
	status=$(sed -n 's/^\[g0\] EXIT: STATUS=\([0-9]*\).*/\1/p' "$d/console.txt" | tail -1)
	case "$status" in
	1) echo "PASS: $t" ;;
	77) echo "SKIP: $t (the test skipped itself: $(grep -m1 '^\[g0\] SKIP' "$d/console.txt" | sed 's/^\[g0\] //'))" ;;
	"") echo "FAIL: $t (no EXIT line: timed out or stopped; see $d/console.txt)" ;;
	*) echo "FAIL: $t (STATUS=$status: $(grep -m1 '^\[g0\] FAIL' "$d/console.txt" | sed 's/^\[g0\] //'); see $d/console.txt)" ;;
	esac
}

parse_cfg > "$OUT/tests.list"
for width in aarch64 aarch32; do
	dir=arm64; [ $width = aarch32 ] && dir=arm
	while IFS='|' read -r name file smp args arch groups disabled qparams; do
		[ -n "$ONLY" ] && case " $ONLY " in *" $name "*) ;; *) continue ;; esac
		t="el2 kvm-unit-tests $width $name"
		if [ "$width" = aarch32 ] && [ "$arch" = arm64 ]; then
			echo "SKIP: $t (an AArch64-only test: arch = arm64)"; continue
		fi
		why=$(why_not "$name" "$groups" "$disabled" "$qparams")
		if [ -n "$why" ]; then echo "SKIP: $t ($why)"; continue; fi
		if [ ! -f "$KUT/$dir/$file" ]; then echo "SKIP: $t ($KUT/$dir/$file not built)"; continue; fi
		smp=${smp:-1}
		smp=$(eval "echo \$(( ${smp//\$MAX_SMP/$MAX_SMP} ))")
		args=${args#[\'\"]}; args=${args%[\'\"]}
		ram=128M
		case "$qparams" in *"-m "*) ram="$(echo "$qparams" | sed 's/.*-m \([0-9]*\).*/\1/')M" ;; esac
		run_one "$width" "$dir" "$name" "$file" "$smp" "$args" "$ram" "$qparams"
	done < "$OUT/tests.list"
done
