#!/bin/sh
# Run the native unit-test programs, $B/host/tests/<layer>/<program> (B
# defaults to build; mk/tests.mk builds them from tests/<layer>/), one
# PASS:/FAIL:/SKIP: line per test:
#  - a cmocka program's TAP output becomes one line per test, named
#    <program>/<test>; a program that crashes, or reports fewer tests than it
#    planned, is a FAIL of its own;
#  - a program that prints PASS:/FAIL:/SKIP: lines itself (the CLI's) has
#    them relayed; it fails if it exits non-zero or prints none.
# The virtio device models' and back ends' tests (tests/dev/virt*,
# tests/host/) are left to tests/suites/virtio-unit.sh, which runs this
# script with --virtio to run only those.
B=${B:-build}
want=other suite=unit limit=60
if [ "${1:-}" = --virtio ]; then
	want=virtio suite=virtio-unit limit=120
fi
status=0
found=0
for t in "$B"/host/tests/*/*; do
	[ -x "$t" ] && [ -f "$t" ] || continue
	case $t in
	*/tests/host/* | */tests/dev/virt*) kind=virtio ;;
	*) kind=other ;;
	esac
	[ "$kind" = "$want" ] || continue
	found=1
	prog=$(basename "$t")
	out=$(CMOCKA_MESSAGE_OUTPUT=TAP timeout "$limit" "$t" 2>&1)
	rc=$?
	printf '%s\n' "$out" | awk -v prog="$prog" -v rc="$rc" '
		function flush() {
			if (failname != "")
				print "FAIL: " prog "/" failname (reason != "" ? " " reason : "")
			failname = ""; reason = ""; nreason = 0
		}
		/^(PASS|FAIL|SKIP): / {
			# A program reporting for itself.
			print; own++; if (/^FAIL: /) fails++; next
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
			if (planned == 0 && n == 0 && own == 0)
				print "FAIL: " prog " reported no tests (exit status " rc ")"
			else if (n < planned)
				print "FAIL: " prog " stopped after " n " of " planned " tests (exit status " rc ")"
			else if (rc != 0 && fails == 0)
				print "FAIL: " prog " exited with status " rc
		}'
	[ $rc = 0 ] || status=1
done
[ $found = 1 ] || { echo "FAIL: $suite no test programs in $B/host/tests (run make first)"; exit 1; }
exit $status
