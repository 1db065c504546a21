#!/bin/sh
# Boot a hypervisor image on QEMU's Raspberry Pi 4 B model (raspi4b: four
# Cortex-A72 at EL2, a GIC-400 with the virtualization extensions, the
# boot loader's spin table, no PSCI):
#   el2/tools/qemu-raspi4b.sh HYP.BIN [QEMU OPTIONS...]
# QEMU 7.2 has no raspi4b; this uses QEMU 10 from Debian's bookworm-backports
# (qemu-system-arm, unpacked in the cache and run with its own, empty module
# directory: the system QEMU's modules are hidden in a private mount
# namespace, which needs root) and the Pi 4 B device tree Debian's arm64
# kernel ships (bcm2711-rpi-4-b.dtb), passed with -dtb: QEMU gives it to the
# image in x0 and fills in the memory node. The image must be built for
# RAM at 0 (machine_ram_base = 0x0; el2/configs/demo-raspi4b.conf).
# Exit 2 with one line when QEMU 10 or the device tree cannot be had.
set -eu
[ $# -ge 1 ] || { echo "usage: $0 HYP.BIN [QEMU OPTIONS...]" >&2; exit 2; }
CACHE=${ARMVM_CACHE:-$HOME/.cache/armvm}
Q=$CACHE/qemu10
QVER=1:10.0.2+ds-2+deb13u1~bpo12+1
DTB=$Q/bcm2711-rpi-4-b.dtb
unavailable() { echo "qemu-raspi4b: $*" >&2; exit 2; }

if [ ! -x "$Q/root/usr/bin/qemu-system-aarch64" ]; then
	mkdir -p "$Q/debs"
	( cd "$Q/debs" && apt-get download -q "qemu-system-arm=$QVER" >/dev/null 2>&1 ) ||
		unavailable "cannot download qemu-system-arm $QVER (bookworm-backports: scripts/setup.sh adds it to apt)"
	dpkg-deb -x "$Q"/debs/qemu-system-arm_*.deb "$Q/root"
fi
if [ ! -s "$DTB" ]; then
	deb=$(ls "$CACHE"/lab/debs/linux-image-6.1.*-arm64_*_arm64.deb 2>/dev/null | head -n 1)
	if [ -z "$deb" ]; then
		pkg=$(apt-cache show --no-all-versions linux-image-arm64:arm64 2>/dev/null |
			sed -n 's/^Depends: //p' | tr ',' '\n' | sed -n 's/^ *\(linux-image-[0-9][^ ]*\).*/\1/p' | head -n 1)
		[ -n "$pkg" ] || unavailable "no linux-image-arm64:arm64 in the apt lists (dpkg --add-architecture arm64?)"
		mkdir -p "$Q/debs"
		( cd "$Q/debs" && apt-get download -q "${pkg%%:*}:arm64" >/dev/null 2>&1 ) ||
			unavailable "cannot download ${pkg%%:*}:arm64 for the Pi 4 device tree"
		deb=$(ls "$Q"/debs/linux-image-*_arm64.deb | head -n 1)
	fi
	dpkg-deb --fsys-tarfile "$deb" | tar -xO --wildcards '*/broadcom/bcm2711-rpi-4-b.dtb' > "$DTB.tmp" ||
		unavailable "no bcm2711-rpi-4-b.dtb in $deb"
	mv "$DTB.tmp" "$DTB"
fi
mkdir -p "$Q/modules"
img=$1
shift
exec unshare -m sh -c 'mount --bind "$0/modules" /usr/lib/x86_64-linux-gnu/qemu &&
	exec "$0/root/usr/bin/qemu-system-aarch64" "$@"' "$Q" \
	-M raspi4b -kernel "$img" -dtb "$DTB" -nographic -monitor none -serial stdio "$@"
