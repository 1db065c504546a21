#!/bin/sh
# Run each benchmark script; each prints its own table. Benchmarks report,
# they never fail on a threshold; a script that cannot run says why.
status=0
for b in "$@"; do
	"$b" || { echo "bench: $(basename "$b") could not run (status $?)"; status=1; }
done
exit $status
