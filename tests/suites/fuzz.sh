#!/bin/sh
# The libFuzzer harnesses (fuzz/, mk/fuzz.mk) in make test: each runs a short,
# fixed count of inputs (FUZZ_RUNS, default 2000, random seed 1 so a run is
# repeatable) from its committed corpus fuzz/corpus/<name>/, then replays
# every input in fuzz/regressions/<name>/ (crashes found earlier, fixed: each
# must now run clean). One PASS:/FAIL: line per harness and per regression
# input. SKIP when clang cannot link a libFuzzer program.
cd "$(dirname "$0")/../.." || exit 1
B=${B:-build}
runs=${FUZZ_RUNS:-2000}
mkdir -p build/test-logs
probe=$(mktemp -d) || exit 1
trap 'rm -rf "$probe"' EXIT
printf 'int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n)\n{ (void)d; (void)n; return 0; }\n' >"$probe/p.c"
if ! ${FUZZ_CC:-clang} -fsanitize=fuzzer,address,undefined "$probe/p.c" -o "$probe/p" \
	>/dev/null 2>&1; then
	echo "SKIP: fuzz (clang with libFuzzer not found: install clang)"
	exit 0
fi
if ! make -s --no-print-directory B="$B" fuzz-build >build/test-logs/fuzz-build.log 2>&1; then
	echo "FAIL: fuzz-build (see build/test-logs/fuzz-build.log)"
	tail -n 20 build/test-logs/fuzz-build.log | sed 's/^/    /'
	exit 1
fi
for src in fuzz/fuzz_*.c; do
	h=${src#fuzz/fuzz_}; h=${h%.c}
	bin=$B/fuzz/$h
	log=build/test-logs/fuzz-$h.log
	# New inputs go to a scratch directory, never into the committed corpus.
	mkdir -p "$probe/$h" "$probe/crash-$h"
	if "$bin" -runs="$runs" -seed=1 -max_len=4096 \
		-artifact_prefix="$probe/crash-$h/" "$probe/$h" "fuzz/corpus/$h" \
		>"$log" 2>&1; then
		echo "PASS: fuzz-$h ($runs inputs)"
	else
		echo "FAIL: fuzz-$h (see $log)"
		grep -E 'ERROR|SUMMARY|runtime error' "$log" | head -n 5 | sed 's/^/    /'
		mkdir -p "$B/fuzz/crashes/$h"
		cp "$probe/crash-$h/"* "$B/fuzz/crashes/$h/" 2>/dev/null &&
			echo "    the input is in $B/fuzz/crashes/$h/"
	fi
	for input in fuzz/regressions/"$h"/*; do
		[ -f "$input" ] || continue
		if "$bin" "$input" >"$log.regression" 2>&1; then
			echo "PASS: fuzz-$h-regression/${input##*/}"
		else
			echo "FAIL: fuzz-$h-regression/${input##*/} (see $log.regression)"
			grep -E 'ERROR|SUMMARY|runtime error' "$log.regression" | head -n 5 | sed 's/^/    /'
		fi
	done
done
