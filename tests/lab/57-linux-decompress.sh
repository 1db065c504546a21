#!/bin/sh
# Kernels armvm decompresses itself, or leaves to the guest (issue 8):
#  - an Image.gz made from Debian's arm64 Image (gzip -6, at build time),
#    inflated by armvm;
#  - Debian's armhf zImage with --decompress=guest: its own decompressor
#    runs (the native path, armvm inflating the XZ payload and entering the
#    Image, is what 50-linux-boot boots by default).
# Each on 2 vCPUs reaches init with both online and powers off. Then bad
# compressed kernels (truncated, corrupt, unknown method, larger than RAM):
# one `armvm: error:` line naming the problem, exit status 2, no guest.
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

gz=/linux/arm64/Image.gz
if linux_have arm64 linux-arm64-image-gz; then
	if [ -s $gz ]; then
		LB_KERNEL=$gz linux_boot linux-arm64-image-gz arm64 2 cpus ""
		check linux-arm64-image-gz
	else
		echo "FAIL: linux-arm64-image-gz no $gz (make linux-guests)"
	fi
fi
if linux_have armhf linux-armhf-decompress-guest; then
	linux_boot linux-armhf-decompress-guest armhf 2 cpus "" --decompress=guest
	check linux-armhf-decompress-guest
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
bad() { # name message-pattern armvm-run-args...
	name=$1 pat=$2
	shift 2
	timeout -s KILL 60 armvm run --no-input "$@" >"$tmp/out" 2>"$tmp/err" </dev/null
	got=$?
	if [ "$got" != 2 ] || [ "$(wc -l <"$tmp/err")" != 1 ] ||
		! grep -q "^armvm: error: .*$pat" "$tmp/err" || [ -s "$tmp/out" ]; then
		echo "FAIL: decompress-bad-$name status $got, want 2 and one '$pat' line: $(head -n 2 "$tmp/err" | tr '\n' '|')"
	else
		echo "PASS: decompress-bad-$name"
	fi
}
if [ -s $gz ]; then
	head -c 4000000 $gz >"$tmp/trunc.gz"
	bad truncated "gzip data is truncated" "$tmp/trunc.gz"
	bad too-large "inflates to more than the 16 MiB of guest RAM" -m 16M $gz
fi
printf '\211LZO\000\015\012\032 not really lzo' >"$tmp/k.lzo"
bad unknown-method "lzo-compressed kernels are not supported" "$tmp/k.lzo"
if [ -s /linux/armhf/zImage ]; then
	# Garble 64 bytes inside the XZ payload (it starts near 0xd900).
	cp /linux/armhf/zImage "$tmp/zImage"
	dd if=/dev/zero of="$tmp/zImage" bs=1 seek=200000 count=64 conv=notrunc 2>/dev/null
	bad corrupt-zimage "zImage payload (xz at offset" --aarch32 "$tmp/zImage"
fi

# The cache's entry name made here (arm64: the CPU's CRC32 instructions when
# it has them) is the one the portable checksum gives: a 4119-byte gzip of
# a 4 KiB arm64 Image header, built byte by byte as
# tests/machine/test_file_checksum.c builds it, whose CRC-32C and CRC-32
# that test pins to 12262d3a and 5ee3be21.
{
	printf '\037\213\010\000\000\000\000\000\000\003\001\000\020\377\357\020\000\000\024\000'
	printf '\000\000\000\000\000\000\000\000\000\000\000\000\020\000\000\000\000\000\000\012'
	printf '\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000'
	printf '\000\000\000\000\000\000\000\000\000\000\000\101\122\115\144\000\000\000\000'
	head -c 4032 /dev/zero
	printf '\265\365\311\035\000\020\000\000'
} >"$tmp/tiny.gz"
timeout -s KILL 60 armvm run --no-input -m 16M --decompress-cache "$tmp/kc" \
	--dtb-out "$tmp/tiny.dtb" "$tmp/tiny.gz" >"$tmp/out" 2>"$tmp/err" </dev/null
if [ -f "$tmp/kc/12262d3a5ee3be21-4119-bn.kernel" ]; then
	echo "PASS: decompress-cache-entry-name"
else
	echo "FAIL: decompress-cache-entry-name want 12262d3a5ee3be21-4119-bn.kernel, the cache holds: $(find "$tmp/kc" -type f 2>/dev/null | tr '\n' ' ') (armvm: $(head -n 2 "$tmp/err" | tr '\n' '|'))"
fi
