#!/bin/sh
# Fetch Debian's kernel and static busybox for the lab, cached under
# $ARMVM_CACHE/lab/<arch>/ and never downloaded twice.
#
#   lab/fetch.sh            arm64: the nested host's kernel (+ modules) and busybox
#   lab/fetch.sh armhf      armhf: an armmp kernel (zImage) and busybox for guests
#   lab/fetch.sh arm64-bpo  arm64: the newer kernel of bookworm-backports (6.12),
#                           for the lab's second host (--kernel bpo in lab/run.sh);
#                           scripts/setup.sh adds the suite to apt
#   lab/fetch.sh --print-dir [arm64|armhf]   print the extracted directory
#   lab/fetch.sh --refresh [arm64|armhf]     move to Debian's current kernel
#
# Result, per architecture, in $ARMVM_CACHE/lab/<arch>/:
#   vmlinuz    arm64: an uncompressed Image; armhf: a zImage
#   modules/   the kernel's /lib/modules/<version> tree, with modules.dep
#              made by depmod (a link into lib/modules/<version>/)
#   config     the kernel's build configuration
#   busybox    the static busybox binary
#   kver       the kernel version string (e.g. 6.1.0-50-arm64)
# The kernel package is resolved from the meta package's Depends, so this
# follows whatever Debian currently ships.
set -eu

CACHE=${ARMVM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/armvm}
LAB=$CACHE/lab

die() { echo "lab/fetch: $*" >&2; exit 1; }

# The versioned linux-image package a meta package depends on; with a
# suite, the meta package's version from that suite.
kernel_package() { # meta arch [suite]
	spec=$1:$2
	if [ -n "${3:-}" ]; then
		v=$(apt-cache madison "$1:$2" 2>/dev/null | awk -F'|' -v s="$3" \
			'index($3, s"/") { gsub(/ /, "", $2); print $2; exit }')
		[ -n "$v" ] || die "no $1:$2 in $3 (run scripts/setup.sh: it adds $3 to apt)"
		spec=$spec=$v
	fi
	dep=$(apt-cache show --no-all-versions "$spec" 2>/dev/null |
		sed -n 's/^Depends: //p' | tr ',' '\n' |
		sed -n 's/^ *\(linux-image-[0-9][^ ]*\).*/\1/p' | head -n 1)
	[ -n "$dep" ] || die "cannot resolve the kernel behind $1:$2 (apt-get update? dpkg --add-architecture $2?)"
	echo "${dep%%:*}"
}

# Download one package into the deb cache unless a deb of it is there; print its path.
download() { # pkg arch
	mkdir -p "$LAB/debs"
	ver=$(apt-cache show --no-all-versions "$1:$2" 2>/dev/null | sed -n 's/^Version: //p' | head -n 1)
	[ -n "$ver" ] || die "no package $1:$2 in the apt lists"
	# apt-get download writes an epoch's colon as %3a.
	deb="$LAB/debs/${1}_$(echo "$ver" | sed 's/:/%3a/')_$2.deb"
	if [ ! -s "$deb" ]; then
		echo "lab/fetch: downloading $1:$2 $ver" >&2
		( cd "$LAB/debs" && apt-get download -q "$1:$2" >/dev/null 2>&1 ) ||
			die "apt-get download $1:$2 failed"
		[ -s "$deb" ] || die "download of $1:$2 did not produce $deb"
	fi
	echo "$deb"
}

fetch_arch() { # arch meta [suite [dir]]
	arch=$1 meta=$2 suite=${3:-}
	out=$LAB/${4:-$arch}
	# A fetched kernel stays until --refresh asks apt for a newer one.
	[ -f "$out/.done" ] && [ $refresh = 0 ] && return 0
	kpkg=$(kernel_package "$meta" "$arch" "$suite")
	kver=${kpkg#linux-image-}
	if [ -f "$out/.done" ] && [ "$(cat "$out/kver" 2>/dev/null)" = "$kver" ]; then
		return 0
	fi
	kdeb=$(download "$kpkg" "$arch")
	bdeb=$(download busybox-static "$arch")

	tmp=$LAB/.unpack-${4:-$arch}
	rm -rf "$tmp" "$out"
	mkdir -p "$tmp/k" "$tmp/b" "$out"
	dpkg-deb -x "$kdeb" "$tmp/k"
	dpkg-deb -x "$bdeb" "$tmp/b"
	[ -f "$tmp/k/boot/vmlinuz-$kver" ] || die "$kdeb has no boot/vmlinuz-$kver"
	[ -d "$tmp/k/lib/modules/$kver" ] || die "$kdeb has no lib/modules/$kver"
	[ -f "$tmp/b/bin/busybox" ] || die "$bdeb has no bin/busybox"
	mv "$tmp/k/boot/vmlinuz-$kver" "$out/vmlinuz"
	mv "$tmp/k/boot/config-$kver" "$out/config"
	mkdir -p "$out/lib/modules"
	mv "$tmp/k/lib/modules/$kver" "$out/lib/modules/$kver"
	ln -s "lib/modules/$kver" "$out/modules"
	mv "$tmp/b/bin/busybox" "$out/busybox"
	echo "$kver" >"$out/kver"
	rm -rf "$tmp"
	# The package leaves modules.dep to depmod at install time.
	command -v depmod >/dev/null || PATH=$PATH:/sbin:/usr/sbin
	depmod -b "$out" "$kver" || die "depmod failed for $kver (is kmod installed? make setup)"
	# arm64 Image header: "ARM\x64" at 0x38; zImage: 0x016f2818 at 0x24.
	case $arch in
	arm64) magic=$(od -An -tx1 -j 56 -N 4 "$out/vmlinuz" | tr -d ' ') expect=41524d64 ;;
	armhf) magic=$(od -An -tx4 -j 36 -N 4 "$out/vmlinuz" | tr -d ' ') expect=016f2818 ;;
	esac
	[ "$magic" = "$expect" ] || die "$out/vmlinuz is not the expected kernel image (magic $magic)"
	if [ "$arch" = arm64 ]; then
		# The lab needs /dev/kvm with no module to load.
		grep -qx 'CONFIG_KVM=y' "$out/config" ||
			die "$kver does not have KVM built in (CONFIG_KVM=y)"
	fi
	touch "$out/.done"
	echo "lab/fetch: $arch kernel $kver ready in $out" >&2
}

print_dir=0 refresh=0 want=""
for a in "$@"; do
	case $a in
	--print-dir) print_dir=1 ;;
	--refresh) refresh=1 ;;
	arm64|armhf|arm64-bpo) [ -z "$want" ] || die "one architecture at a time"; want=$a ;;
	*) die "unknown argument '$a' (usage: lab/fetch.sh [--print-dir] [--refresh] [arm64|armhf|arm64-bpo])" ;;
	esac
done
case ${want:-arm64} in
arm64) fetch_arch arm64 linux-image-arm64 ;;
armhf) fetch_arch armhf linux-image-armmp ;;
arm64-bpo) fetch_arch arm64 linux-image-arm64 bookworm-backports arm64-bpo ;;
esac
[ $print_dir = 0 ] || echo "$LAB/${want:-arm64}"
