#!/bin/sh
# Run the virtio unit-test programs ($B/host/virtio/*, built by mk/virtio.mk
# from tests/unit/virtio/*_test.c) and report one PASS:/FAIL: line per test
# case, named <program>/<test>. A program that crashes or reports fewer
# tests than it planned is a FAIL of its own.
B=${B:-build}
dir=$B/host/virtio
rc=0
found=0
for bin in "$dir"/*_test; do
	[ -x "$bin" ] || continue
	found=1
	t=$(basename "$bin")
	out=$(CMOCKA_MESSAGE_OUTPUT=TAP timeout 120 "$bin" 2>&1)
	status=$?
	printf '%s\n' "$out" | awk -v t="$t" -v rc="$status" '
		/^1\.\.[0-9]+/ { split($0, a, "\\.\\."); planned = a[2] + 0; next }
		/^ok [0-9]+ - / { sub(/^ok [0-9]+ - /, ""); print "PASS: " t "/" $0; n++; next }
		/^not ok [0-9]+ - / { sub(/^not ok [0-9]+ - /, ""); print "FAIL: " t "/" $0; n++; f++; next }
		/^# / && f { print; next }
		END {
			if (n == 0) print "FAIL: " t " reported no tests (exit status " rc ")"
			else if (n < planned) print "FAIL: " t " stopped after " n " of " planned " tests"
			else if (rc != 0 && f == 0) print "FAIL: " t " exited with status " rc
		}'
	[ $status = 0 ] || rc=1
done
[ $found = 1 ] || { echo "FAIL: virtio-unit no test programs in $dir (run make first)"; exit 1; }
exit $rc
