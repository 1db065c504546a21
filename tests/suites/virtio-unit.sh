#!/bin/sh
# Run the virtio unit tests (cmocka, built by mk/virtio.mk) and report one
# PASS:/FAIL: line per test case, named <binary>.<case>.
B=${B:-build}
rc=0
for t in virtio_mmio_test virtqueue_test virtio_blk_test virtio_net_test virtio_console_rng_test; do
	bin=$B/tests/unit/$t
	if [ ! -x "$bin" ]; then
		echo "FAIL: $t not built ($bin missing; run make)"
		rc=1
		continue
	fi
	out=$(CMOCKA_MESSAGE_OUTPUT=TAP timeout 120 "$bin" 2>&1)
	status=$?
	echo "$out" | awk -v t="$t" '
		/^ok [0-9]+ - / { sub(/^ok [0-9]+ - /, ""); print "PASS: " t "." $0; n++ }
		/^not ok [0-9]+ - / { sub(/^not ok [0-9]+ - /, ""); print "FAIL: " t "." $0; n++ }
		/^#/ { print }
		END { if (n == 0) print "FAIL: " t " reported no test" }'
	if [ $status -ne 0 ]; then
		echo "$out" | grep -q '^not ok' || echo "FAIL: $t exited with status $status"
		rc=1
	fi
done
exit $rc
