#!/bin/sh
# Real Linux kernels given to armvm the wrong way: a kernel of the wrong
# width, a corrupt Image or zImage header, an initrd that does not fit in
# RAM. Each must be refused with one `armvm: error:` line that names the
# problem and exit status 2, before any guest runs.
# lab-timeout: 300

# shellcheck disable=SC1091 # packed from tests/linux/lab-lib.sh
. /linux/lib.sh

linux_have arm64 linux-bad-input || exit 0
linux_have armhf linux-bad-input || exit 0
image=/linux/arm64/Image zimage=/linux/armhf/zImage
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

bad() { # name message-pattern armvm-run-args...
	name=$1 pat=$2
	shift 2
	timeout -s KILL 60 armvm run "$@" >"$tmp/out" 2>"$tmp/err" </dev/null
	got=$?
	lines=$(wc -l <"$tmp/err")
	if [ "$got" != 2 ]; then
		echo "FAIL: linux-bad-$name exit status $got, want 2: $(head -n 2 "$tmp/err" | tr '\n' '|')"
	elif [ "$lines" != 1 ] || ! grep -q "^armvm: error: .*$pat" "$tmp/err"; then
		echo "FAIL: linux-bad-$name want one 'armvm: error: ...$pat' line, got $lines: $(head -n 2 "$tmp/err" | tr '\n' '|')"
	elif [ -s "$tmp/out" ]; then
		echo "FAIL: linux-bad-$name the guest ran: $(head -n 1 "$tmp/out")"
	else
		echo "PASS: linux-bad-$name"
	fi
}

# Patch bytes at an offset of a copy of a kernel.
patched() { # source offset octal-escapes dest
	cp "$1" "$4"
	# shellcheck disable=SC2059 # the escapes are the point
	printf "$3" | dd of="$4" bs=1 seek="$2" conv=notrunc 2>/dev/null
}

# The wrong width: the loader knows each format's width.
bad image-as-aarch32 "arm64 Image (AArch64) but the guest is AArch32" --aarch32 $image
bad zimage-as-aarch64 "arm32 zImage (AArch32) but the guest is AArch64" $zimage

# A command line too long for the kernel once console=hvc0 is added:
# refused, not cut (issue 14 defect 6).
bad append-too-long "kernel command line is 2053 bytes with console=hvc0 added" \
	--console virtio --append "$(head -c 2040 /dev/zero | tr '\0' a)" $image

# Corrupt headers (arm64 Image: image_size at 16, flags at 24; zImage:
# start at 0x28, end at 0x2c).
patched $image 24 '\013' "$tmp/Image-be"
bad image-big-endian "arm64 Image is big-endian" "$tmp/Image-be"
patched $image 20 '\001' "$tmp/Image-huge"
bad image-size-beyond-ram "Image-huge': arm64 Image .* is larger than guest RAM" "$tmp/Image-huge"
patched $image 56 'XXXX' "$tmp/Image-nomagic"
bad image-no-magic "not an ELF, arm64 Image or zImage" "$tmp/Image-nomagic"
patched $zimage 44 '\000\000\000\000' "$tmp/zImage-end"
bad zimage-end-before-start "zImage header has end 0x0 not above start" --aarch32 "$tmp/zImage-end"
head -c 100000 $zimage >"$tmp/zImage-short"
bad zimage-truncated "truncated zImage: needs $(wc -c <$zimage) bytes, file has 100000" \
	--aarch32 "$tmp/zImage-short"

# Initrds that do not fit: beside the kernel in RAM, and (AArch32) in the
# low memory the kernel maps directly (RAM base + 512 MiB). Sparse files:
# they cost the nested host nothing until armvm reads them.
truncate -s 80M "$tmp/initrd-80M"
bad image-initrd-too-big "no room for an initrd of 80 MiB" -m 64M --initrd "$tmp/initrd-80M" $image
bad zimage-initrd-too-big "no room for an initrd of 80 MiB" --aarch32 -m 64M --initrd "$tmp/initrd-80M" $zimage
truncate -s 520M "$tmp/initrd-520M"
bad zimage-initrd-above-lowmem "AArch32 low memory ends at 0x60000000" \
	--aarch32 -m 1G --initrd "$tmp/initrd-520M" $zimage
