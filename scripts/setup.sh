#!/bin/sh
# Install what armvm's build, tests and lab need; a no-op when all is present.
# Host packages come from apt; arm64 libraries (libfdt) are unpacked from
# Debian's arm64 debs into a sysroot in the download cache, because
# libfdt-dev:arm64 conflicts with the host's libfdt-dev under multiarch.
set -eu

CACHE=${ARMVM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/armvm}
SYSROOT=$CACHE/sysroot-arm64

HOST_PKGS="make gcc clang pkg-config qemu-system-arm gcc-aarch64-linux-gnu
gcc-arm-linux-gnueabihf libc6-dev-arm64-cross libfdt-dev libcmocka-dev
device-tree-compiler cpio e2fsprogs iproute2 xz-utils gzip kmod groff-base
man-db libclang-rt-dev gdb-multiarch zlib1g-dev liblzma-dev liblz4-dev libzstd-dev"
# The Debian packages (tests/suites/deb.sh): the packaging tools, and the
# arm64 runtime libraries dpkg-shlibdeps reads (Multi-Arch: same, they
# install beside the host's own libc6 and libfdt1).
HOST_PKGS="$HOST_PKGS dpkg-dev debhelper lintian libc6:arm64 libfdt1:arm64"
# The control API's check against Firecracker's spec (tests/suites/api-spec.sh).
HOST_PKGS="$HOST_PKGS python3-yaml"
# tests/bench-linux.sh decodes armvm's device tree from the lab's hex (the
# floor on armvm's machine).
HOST_PKGS="$HOST_PKGS xxd"

missing=""
for p in $HOST_PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
		missing="$missing $p"
done

need_update=0
if ! dpkg --print-foreign-architectures | grep -qx arm64; then
	dpkg --add-architecture arm64; need_update=1
fi
if ! dpkg --print-foreign-architectures | grep -qx armhf; then
	dpkg --add-architecture armhf; need_update=1
fi
# bookworm-backports: the lab's second nested host boots its newer kernel
# (Linux 6.12: the SMCCC filter that routes hypercalls to user space, which
# the 6.1 default host lacks). Only its kernel is taken from there.
if ! grep -rqs 'bookworm-backports' /etc/apt/sources.list /etc/apt/sources.list.d/; then
	[ "$(id -u)" = 0 ] || { echo "setup: need root to add bookworm-backports to apt" >&2; exit 1; }
	printf 'Types: deb\nURIs: http://deb.debian.org/debian\nSuites: bookworm-backports\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
		>/etc/apt/sources.list.d/armvm-backports.sources
	need_update=1
fi
# apt-cache needs the arm64/armhf lists for the lab's kernel downloads.
if ! apt-cache show linux-image-arm64:arm64 >/dev/null 2>&1; then need_update=1; fi
if ! apt-cache madison linux-image-arm64:arm64 2>/dev/null | grep -q backports; then need_update=1; fi

apt_update() {
	# A mirror in sync can fail one foreign index; that must not stop setup
	# when the lists we need did arrive.
	apt-get update -q >/dev/null 2>&1 || apt-get update -q >/dev/null 2>&1 || true
}

if [ -n "$missing" ] || [ $need_update = 1 ]; then
	[ "$(id -u)" = 0 ] || { echo "setup: need root to install:$missing" >&2; exit 1; }
	apt_update
	if [ -n "$missing" ]; then
		echo "setup: installing$missing"
		DEBIAN_FRONTEND=noninteractive apt-get install -y -q $missing >/dev/null ||
			{ echo "setup: apt-get install failed for:$missing" >&2; exit 1; }
	fi
fi

# arm64 libfdt for the cross-built VMM.
if [ ! -f "$SYSROOT/usr/lib/aarch64-linux-gnu/libfdt.a" ]; then
	mkdir -p "$CACHE/debs" "$SYSROOT"
	( cd "$CACHE/debs" && apt-get download -q libfdt-dev:arm64 libfdt1:arm64 >/dev/null 2>&1 ) ||
		{ apt_update; ( cd "$CACHE/debs" && apt-get download -q libfdt-dev:arm64 libfdt1:arm64 >/dev/null ); } ||
		{ echo "setup: cannot download libfdt-dev:arm64" >&2; exit 1; }
	for d in "$CACHE"/debs/libfdt*_arm64.deb; do dpkg-deb -x "$d" "$SYSROOT"; done
	echo "setup: arm64 libfdt unpacked in $SYSROOT"
fi
# A static arm64 e2fsck for the lab's crash test (tests/lab/55-linux-crash.sh):
# the nested host's busybox has none and no C library for Debian's own.
if [ ! -x "$CACHE/e2fsck-arm64/sbin/e2fsck.static" ]; then
	mkdir -p "$CACHE/debs" "$CACHE/e2fsck-arm64"
	( cd "$CACHE/debs" && apt-get download -q e2fsck-static:arm64 >/dev/null 2>&1 ) ||
		{ apt_update; ( cd "$CACHE/debs" && apt-get download -q e2fsck-static:arm64 >/dev/null ); } ||
		{ echo "setup: cannot download e2fsck-static:arm64" >&2; exit 1; }
	for d in "$CACHE"/debs/e2fsck-static_*_arm64.deb; do dpkg-deb -x "$d" "$CACHE/e2fsck-arm64"; done
	echo "setup: arm64 e2fsck.static unpacked in $CACHE/e2fsck-arm64"
fi
# arm64 decompression libraries (native kernel decompression,
# src/machine/decompress.c), the same way: only their static archives and
# headers are needed.
ARM64_ZLIBS="zlib1g-dev:arm64 liblzma-dev:arm64 liblz4-dev:arm64 libzstd-dev:arm64"
if [ ! -f "$SYSROOT/usr/lib/aarch64-linux-gnu/libz.a" ] ||
   [ ! -f "$SYSROOT/usr/lib/aarch64-linux-gnu/liblzma.a" ] ||
   [ ! -f "$SYSROOT/usr/lib/aarch64-linux-gnu/liblz4.a" ] ||
   [ ! -f "$SYSROOT/usr/lib/aarch64-linux-gnu/libzstd.a" ]; then
	mkdir -p "$CACHE/debs-z" "$SYSROOT"
	( cd "$CACHE/debs-z" && apt-get download -q $ARM64_ZLIBS >/dev/null 2>&1 ) ||
		{ apt_update; ( cd "$CACHE/debs-z" && apt-get download -q $ARM64_ZLIBS >/dev/null ); } ||
		{ echo "setup: cannot download $ARM64_ZLIBS" >&2; exit 1; }
	for d in "$CACHE"/debs-z/*_arm64.deb; do dpkg-deb -x "$d" "$SYSROOT"; done
	echo "setup: arm64 zlib, liblzma, liblz4, libzstd unpacked in $SYSROOT"
fi
# Their shared libraries (runtime packages) for the packaged, dynamically
# linked armvm (mk/install.mk, debian/rules), unpacked apart from the
# sysroot: dpkg-shlibdeps looks there for them alone.
ARM64_ZRUNTIME="zlib1g:arm64 liblzma5:arm64 liblz4-1:arm64 libzstd1:arm64"
ZRT="$CACHE/zlib-runtime-arm64"
if [ ! -e "$ZRT/lib/aarch64-linux-gnu/libz.so.1" ] ||
   [ ! -e "$ZRT/lib/aarch64-linux-gnu/liblzma.so.5" ] ||
   [ ! -e "$ZRT/usr/lib/aarch64-linux-gnu/liblz4.so.1" ] ||
   [ ! -e "$ZRT/usr/lib/aarch64-linux-gnu/libzstd.so.1" ]; then
	rm -rf "$CACHE/debs-zrt"; mkdir -p "$CACHE/debs-zrt" "$ZRT"
	( cd "$CACHE/debs-zrt" && apt-get download -q $ARM64_ZRUNTIME >/dev/null 2>&1 ) ||
		{ apt_update; ( cd "$CACHE/debs-zrt" && apt-get download -q $ARM64_ZRUNTIME >/dev/null ); } ||
		{ echo "setup: cannot download $ARM64_ZRUNTIME" >&2; exit 1; }
	for d in "$CACHE"/debs-zrt/*_arm64.deb; do dpkg-deb -x "$d" "$ZRT"; done
	echo "setup: arm64 zlib, liblzma, liblz4, libzstd runtime libraries unpacked in $ZRT"
fi
exit 0
