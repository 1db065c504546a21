#!/bin/sh
# Build the Linux test guest for one architecture: Debian's kernel as armvm
# loads it and a small initramfs (cpio newc, gzip) around busybox-static.
#
#   tests/linux/mk-guest-initramfs.sh [-o DIR] arm64|armhf
#
# DIR (default $B/linux/<arch>, B defaults to build) receives
#   Image (arm64) or zImage (armhf)   the kernel, from lab/fetch.sh's cache
#   initramfs.cpio.gz                 /init (tests/linux/init.sh),
#                                     /bin/armvm-guest-test, busybox, modules,
#                                     /bin/armvm-counter (tests/linux/counter.c,
#                                     built here with the cross compiler)
#   kver                              the kernel version
# and nothing else: the lab packs $B/linux/ whole into its nested host, at
# /linux. The manifest of inputs and the staging tree live in $B/linux-work/.
# The kernel and busybox come from lab/fetch.sh (Debian packages, cached in
# $ARMVM_CACHE/lab/<arch>/); the modules are those the guest needs for the
# virtio devices and ext4, with their dependencies from modules.dep. Nothing
# is rebuilt when no input changed.
set -eu

die() { echo "mk-guest-initramfs: $*" >&2; exit 1; }

cd "$(dirname "$0")/../.."
B=${B:-build}
outdir=""
while getopts o: opt; do
	case $opt in
	o) outdir=$OPTARG ;;
	*) die "usage: tests/linux/mk-guest-initramfs.sh [-o DIR] arm64|armhf" ;;
	esac
done
shift $((OPTIND - 1))
[ $# = 1 ] || die "usage: tests/linux/mk-guest-initramfs.sh [-o DIR] arm64|armhf"
arch=$1
case $arch in
arm64) kernel_name=Image ;;
armhf) kernel_name=zImage ;;
*) die "unknown architecture '$arch' (arm64 or armhf)" ;;
esac
outdir=${outdir:-$B/linux/$arch}

# Drivers the guest loads, in this order, each after its dependencies.
# virtio_mmio is the transport; crc32c_generic is what ext4's metadata
# checksums ask the crypto API for (no modprobe in the guest to find it).
MODULES="virtio_mmio virtio_blk virtio_net virtio_console virtio-rng crc32c_generic ext4"

kdir=$(lab/fetch.sh --print-dir "$arch") || die "cannot fetch Debian's $arch kernel"
kver=$(cat "$kdir/kver")
moddir=$kdir/modules

manifest() {
	echo "arch: $arch kver: $kver modules: $MODULES"
	for f in tests/linux/init.sh tests/linux/guest-test.sh tests/linux/counter.c \
		tests/linux/mk-guest-initramfs.sh lab/modules.sh "$kdir/busybox" "$kdir/vmlinuz" \
		"$moddir/modules.dep"; do
		stat -L -c '%n %s %Y' "$f"
	done
}
work=$B/linux-work
mkdir -p "$outdir" "$work"
stamp=$work/$arch.inputs
manifest >"$stamp.new"
# arm64: also Image.gz (most distributions ship one), which armvm inflates
# itself (tests/lab/57-linux-decompress.sh).
make_image_gz() {
	[ "$arch" = arm64 ] || return 0
	[ -s "$outdir/Image.gz" ] && [ "$outdir/Image.gz" -nt "$outdir/Image" ] && return 0
	gzip -6 -n -c "$outdir/Image" >"$outdir/Image.gz.tmp" &&
		mv "$outdir/Image.gz.tmp" "$outdir/Image.gz"
}
if [ -s "$outdir/initramfs.cpio.gz" ] && [ -s "$outdir/$kernel_name" ] &&
	[ -f "$stamp" ] && cmp -s "$stamp" "$stamp.new"; then
	rm -f "$stamp.new"
	make_image_gz || die "cannot write $outdir/Image.gz"
	exit 0
fi

. lab/modules.sh
# shellcheck disable=SC2086 # a list of module names
module_load_order "$moddir" "$kver" $MODULES

root=$work/$arch.root
rm -rf "$root"
mkdir -p "$root/bin" "$root/etc" "$root/lib/modules/$kver"
cp "$kdir/busybox" "$root/bin/busybox"
ln -s busybox "$root/bin/sh"
cp tests/linux/init.sh "$root/init"
cp tests/linux/guest-test.sh "$root/bin/armvm-guest-test"
chmod 755 "$root/init" "$root/bin/armvm-guest-test"
# The counter readout after the boot marker: freestanding, no libc (a few
# KiB), so it adds nothing measurable to what the kernel unpacks.
case $arch in
arm64) counter_cc="${CROSS64:-aarch64-linux-gnu-}gcc" ;;
armhf) counter_cc="${CROSS32:-arm-linux-gnueabihf-}gcc -marm" ;;
esac
# shellcheck disable=SC2086 # $counter_cc is a command and its options
$counter_cc -std=c11 -Wall -Wextra -Werror -O2 -ffreestanding -fno-builtin \
	-fno-stack-protector -fno-pie -no-pie -nostdlib -static -Wl,--build-id=none \
	-o "$root/bin/armvm-counter" tests/linux/counter.c ||
	die "cannot build tests/linux/counter.c for $arch"
: >"$root/etc/modules"
for p in $load_order; do
	mkdir -p "$root/lib/modules/$kver/$(dirname "$p")"
	cp "$moddir/$p" "$root/lib/modules/$kver/$p"
	echo "/lib/modules/$kver/$p" >>"$root/etc/modules"
done

(cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) |
	gzip -9 >"$outdir/initramfs.cpio.gz.tmp"
mv "$outdir/initramfs.cpio.gz.tmp" "$outdir/initramfs.cpio.gz"
cp "$kdir/vmlinuz" "$outdir/$kernel_name.tmp"
mv "$outdir/$kernel_name.tmp" "$outdir/$kernel_name"
make_image_gz || die "cannot write $outdir/Image.gz"
echo "$kver" >"$outdir/kver"
rm -rf "$root"
mv "$stamp.new" "$stamp"
echo "mk-guest-initramfs: $outdir ($kernel_name $kver, initramfs $(du -k "$outdir/initramfs.cpio.gz" | cut -f1) KiB; modules:$(for p in $load_order; do n=${p##*/}; printf ' %s' "${n%.ko*}"; done))" >&2
