#!/bin/sh
# Run each test suite, show its output, and end with the one summary line
# `N passed, N failed, N skipped`. A suite reports one line per test:
#   PASS: name | FAIL: name [reason] | SKIP: name reason
# A suite that exits non-zero without reporting a FAIL counts as one failure.
mkdir -p build/test-logs
pass=0 fail=0 skip=0
for suite in "$@"; do
	name=$(basename "$suite")
	log=build/test-logs/$name.log
	rcfile=build/test-logs/$name.rc
	echo "== $name"
	{ "$suite"; echo $? >"$rcfile"; } 2>&1 | tee "$log"
	rc=$(cat "$rcfile")
	p=$(grep -c '^PASS:' "$log"); f=$(grep -c '^FAIL:' "$log"); s=$(grep -c '^SKIP:' "$log")
	if [ "$rc" != 0 ] && [ "$f" = 0 ]; then
		echo "FAIL: $name (suite exited with status $rc)"; f=1
	fi
	pass=$((pass + p)); fail=$((fail + f)); skip=$((skip + s))
done
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" = 0 ]
