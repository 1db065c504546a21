#!/bin/sh
# make fuzz: run each named harness ($B/fuzz/<name>, mk/fuzz.mk) for
# FUZZ_SECONDS, starting from its committed seeds fuzz/corpus/<name>/ plus
# what earlier runs found in $B/fuzz/corpus/<name>/ (where new inputs go: the
# committed corpus is only read). A crash stops that harness and is kept in
# $B/fuzz/crashes/<name>/; once fixed, commit it to fuzz/regressions/<name>/
# so tests/suites/fuzz.sh replays it. FUZZ_JOBS > 1 fuzzes in that many
# processes (libFuzzer's -fork).
# Prints PASS:/FAIL: per harness; exits non-zero if any crashed.
cd "$(dirname "$0")/.." || exit 1
B=${B:-build}
secs=${FUZZ_SECONDS:-60}
jobs=${FUZZ_JOBS:-1}
fail=0
for h in "$@"; do
	bin=$B/fuzz/$h
	if [ ! -x "$bin" ]; then
		echo "FAIL: fuzz-$h (no harness $bin: make fuzz-build)"; fail=1; continue
	fi
	mkdir -p "$B/fuzz/corpus/$h" "$B/fuzz/crashes/$h"
	log=$B/fuzz/$h.log
	fork=; [ "$jobs" -gt 1 ] && fork=-fork=$jobs
	echo "== fuzz $h for ${secs}s"
	# shellcheck disable=SC2086 # $fork is empty or one word
	if "$bin" -max_total_time="$secs" -max_len=4096 $fork -print_final_stats=1 \
		-artifact_prefix="$B/fuzz/crashes/$h/" \
		"$B/fuzz/corpus/$h" "fuzz/corpus/$h" >"$log" 2>&1; then
		runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
		echo "PASS: fuzz-$h (${runs:-?} inputs in ${secs}s)"
	else
		echo "FAIL: fuzz-$h (see $log; inputs in $B/fuzz/crashes/$h/)"
		grep -E 'ERROR|SUMMARY|runtime error' "$log" | head -n 5 | sed 's/^/    /'
		fail=1
	fi
done
exit $fail
