#!/bin/sh
# Run every native unit-test program in $B/host/unit (B defaults to build)
# and turn cmocka's TAP output into one PASS:/FAIL:/SKIP: line per test,
# named <program>/<test>. A program that crashes, or reports fewer tests
# than it planned, is a FAIL of its own.
B=${B:-build}
dir=$B/host/unit
status=0
found=0
for t in "$dir"/*; do
	[ -x "$t" ] && [ -f "$t" ] || continue
	found=1
	prog=$(basename "$t")
	out=$(CMOCKA_MESSAGE_OUTPUT=TAP timeout 60 "$t" 2>&1)
	rc=$?
	printf '%s\n' "$out" | awk -v prog="$prog" -v rc="$rc" '
		function flush() {
			if (failname != "")
				print "FAIL: " prog "/" failname (reason != "" ? " " reason : "")
			failname = ""; reason = ""; nreason = 0
		}
		/^1\.\.[0-9]+/ { split($0, a, "\\.\\."); planned = a[2] + 0; next }
		/^(not )?ok [0-9]+ # SKIP/ {
			flush(); n++; name = $0; sub(/^(not )?ok [0-9]+ # SKIP[ \t]*/, "", name)
			print "SKIP: " prog "/" name " skipped by the test"; next
		}
		/^not ok [0-9]+ - / {
			flush(); n++; fails++; failname = $0; sub(/^not ok [0-9]+ - /, "", failname); next
		}
		/^ok [0-9]+ - / {
			flush(); n++; name = $0; sub(/^ok [0-9]+ - /, "", name)
			print "PASS: " prog "/" name; next
		}
		/^#/ {
			# Diagnostics of the failure just reported: keep the first two.
			if (failname != "" && nreason < 2) {
				line = $0; sub(/^#[ \t]*/, "", line)
				reason = reason (reason != "" ? "; " : "") line; nreason++
			}
			next
		}
		END {
			flush()
			if (planned == 0 && n == 0)
				print "FAIL: " prog " reported no tests (exit status " rc ")"
			else if (n < planned)
				print "FAIL: " prog " stopped after " n " of " planned " tests (exit status " rc ")"
			else if (rc != 0 && fails == 0)
				print "FAIL: " prog " exited with status " rc
		}'
	[ $rc = 0 ] || status=1
done
[ $found = 1 ] || { echo "FAIL: unit no test programs in $dir (run make first)"; exit 1; }
exit $status
