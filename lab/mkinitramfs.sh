#!/bin/sh
# Pack the lab's initramfs (cpio newc, gzip):
#   /bin        busybox (applets linked at boot) + every executable in build/arm64/
#   /init       lab/init.sh;  /lab/runner.sh  lab/runner.sh
#   /guests     build/guests/ (tree kept);  /expected  guests/expected/
#   /tests      tests/lab/*.sh
#   /linux      build/linux/ (Linux guests: kernels and their initramfs
#               images, from tests/linux/), as a second, uncompressed archive
#   /lib/modules/<kver>/  the named modules and their dependencies (from
#               modules.dep), a modules.dep for them, and /etc/lab/modules,
#               the load order /init follows
#
#   lab/mkinitramfs.sh [-o OUT] [MODULE...]
# OUT defaults to $B/lab/initramfs.cpio.gz (B defaults to build). The
# results channel's modules (virtio_mmio, virtio_console) and virtio_net
# (the network of lab/run.sh --forward) are always added.
# Nothing is rebuilt when no input changed (a manifest of names, sizes and
# times sits next to OUT). Missing build/ directories pack as empty.
set -eu

die() { echo "lab/mkinitramfs: $*" >&2; exit 1; }

cd "$(dirname "$0")/.."
B=${B:-build}
out=$B/lab/initramfs.cpio.gz
while getopts o: opt; do
	case $opt in
	o) out=$OPTARG ;;
	*) die "usage: lab/mkinitramfs.sh [-o OUT] [MODULE...]" ;;
	esac
done
shift $((OPTIND - 1))
modules="virtio_mmio virtio_console virtio_net $*"

# LAB_KERNEL=bpo packs the modules of bookworm-backports' kernel instead
# (lab/run.sh --kernel bpo), for the newer second host.
kpkg=arm64
[ "${LAB_KERNEL:-}" = bpo ] && kpkg=arm64-bpo
kdir=$(lab/fetch.sh --print-dir $kpkg) || die "cannot fetch the lab kernel"
kver=$(cat "$kdir/kver")
moddir=$kdir/modules

# Every input, with size and time: the output is current when this matches.
manifest() {
	echo "modules: $modules kver: $kver"
	for f in lab/init.sh lab/runner.sh lab/mkinitramfs.sh lab/modules.sh "$kdir/busybox" "$moddir/modules.dep"; do
		stat -L -c '%n %s %Y' "$f"
	done
	for d in "$B/arm64" "$B/guests" "$B/linux" guests/expected tests/lab; do
		[ -d "$d" ] && find "$d" \( -type f -o -type l \) -printf '%p %s %T@\n'
	done | LC_ALL=C sort
}
mkdir -p "$(dirname "$out")"
# Two runs packing the same output wait for each other.
exec 9>"$out.lock"
flock 9
stamp=$out.inputs
manifest >"$stamp.new"
if [ -s "$out" ] && [ -f "$stamp" ] && cmp -s "$stamp" "$stamp.new"; then
	rm -f "$stamp.new"
	exit 0
fi

. lab/modules.sh
# shellcheck disable=SC2086 # a list of module names
module_load_order "$moddir" "$kver" $modules

root=$out.root
rm -rf "$root"
mkdir -p "$root/bin" "$root/lab" "$root/etc/lab" "$root/guests" "$root/expected" \
	"$root/tests" "$root/lib/modules/$kver"
cp "$kdir/busybox" "$root/bin/busybox"
ln -s busybox "$root/bin/sh"
cp lab/init.sh "$root/init"
cp lab/runner.sh "$root/lab/runner.sh"
chmod 755 "$root/init" "$root/lab/runner.sh"

: >"$root/etc/lab/modules"
: >"$root/lib/modules/$kver/modules.dep"
for p in $load_order; do
	mkdir -p "$root/lib/modules/$kver/$(dirname "$p")"
	# Newer Debian kernels ship modules xz-compressed; busybox's insmod
	# loads only plain ones.
	case $p in
	*.xz) q=${p%.xz}; xz -dc "$moddir/$p" >"$root/lib/modules/$kver/$q" ;;
	*) q=$p; cp "$moddir/$p" "$root/lib/modules/$kver/$p" ;;
	esac
	echo "/lib/modules/$kver/$q" >>"$root/etc/lab/modules"
	grep "^$p:" "$moddir/modules.dep" >>"$root/lib/modules/$kver/modules.dep"
done

if [ -d "$B/arm64" ]; then
	find "$B/arm64" -maxdepth 1 -type f -perm -u+x -exec cp {} "$root/bin/" \;
fi
[ -d "$B/guests" ] && cp -R "$B/guests/." "$root/guests/"
[ -d guests/expected ] && cp -R guests/expected/. "$root/expected/"
for t in tests/lab/*.sh; do
	[ -f "$t" ] && cp "$t" "$root/tests/"
done

(cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) |
	gzip -6 >"$out.tmp"
# The Linux guests' ~40 MB stay uncompressed: inflating them would cost the
# nested kernel about a second a boot under TCG, copying costs little. The
# kernel reads an archive only at a 4-byte aligned offset.
if [ -d "$B/linux" ]; then
	pad=$(( (4 - $(stat -c %s "$out.tmp") % 4) % 4 ))
	{ head -c "$pad" /dev/zero
	  (cd "$B" && find linux | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet)
	} >>"$out.tmp"
fi
mv "$out.tmp" "$out"
mv "$stamp.new" "$stamp"
echo "lab/mkinitramfs: $out ($(du -k "$out" | cut -f1) KiB; modules:$load_order)" >&2
