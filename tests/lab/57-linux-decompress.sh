#!/bin/sh
# Kernels armvm decompresses itself, or leaves to the guest (issue 8):
#  - an Image.gz made from Debian's arm64 Image (gzip -6, at build time),
#    inflated by armvm;
#  - Debian's armhf zImage with --decompress=guest: its own decompressor
#    runs (the native path, armvm inflating the XZ payload and entering the
#    Image, is what 50-linux-boot boots by default).
# Each on 2 vCPUs reaches init with both online and powers off.
# lab-timeout: 900

# shellcheck disable=SC1091 # packed from tests/linux/lab-lib.sh
. /linux/lib.sh

check() { # name
	problem=$(linux_boot_problem)
	if [ -n "$problem" ]; then
		echo "FAIL: $1 $problem"
	elif [ "$(linux_fact cpus count)" != 2 ] || [ "$(linux_fact cpus online)" != 0-1 ]; then
		echo "FAIL: $1 want 2 CPUs online (0-1): $(linux_result cpus)"
	elif [ -z "$(linux_bootmark_ms)" ]; then
		echo "FAIL: $1 armvm reported no boot marker"
	else
		echo "PASS: $1"
	fi
	echo "INFO: $1 boot marker at $(linux_bootmark_ms) ms, powered off after ${LB_SECS} s (wall time)"
}

if linux_have arm64 linux-arm64-image-gz; then
	if [ -s /linux/arm64/Image.gz ]; then
		LB_KERNEL=/linux/arm64/Image.gz linux_boot linux-arm64-image-gz arm64 2 cpus ""
		check linux-arm64-image-gz
	else
		echo "FAIL: linux-arm64-image-gz no /linux/arm64/Image.gz (make linux-guests)"
	fi
fi
if linux_have armhf linux-armhf-decompress-guest; then
	linux_boot linux-armhf-decompress-guest armhf 2 cpus "" --decompress=guest
	check linux-armhf-decompress-guest
fi
