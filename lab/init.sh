#!/bin/sh
# /init of the lab's nested arm64 host: mount the kernel's filesystems,
# install busybox's applets, load the packed modules, configure the network
# lab/run.sh --forward asks for, then hand over to the runner (tests, one
# command, or a shell) and power off when it returns.
# The per-boot settings come from /etc/lab/env, which lab/run.sh appends to
# the initramfs as a second cpio archive.
/bin/busybox mkdir -p /proc /sys /dev /tmp /sbin /usr/bin /usr/sbin /run
/bin/busybox mount -t proc proc /proc
/bin/busybox mount -t sysfs sysfs /sys
/bin/busybox mount -t devtmpfs devtmpfs /dev
/bin/busybox mount -t tmpfs tmpfs /tmp
/bin/busybox mount -t tmpfs tmpfs /run
/bin/busybox --install -s
export PATH=/bin:/sbin:/usr/bin:/usr/sbin
export HOME=/root TMPDIR=/tmp
mkdir -p /dev/pts /root && mount -t devpts devpts /dev/pts
hostname lab

# Modules, dependencies first (the order mkinitramfs.sh computed).
if [ -f /etc/lab/modules ]; then
	while read -r ko; do
		insmod "$ko" || echo "lab-init: insmod $ko failed" >&2
	done </etc/lab/modules
fi

# shellcheck disable=SC1091 # written by lab/run.sh at each boot
[ -f /etc/lab/env ] && . /etc/lab/env
# lab/run.sh --forward: eth0 is the virtio-net device on QEMU's user
# network, whose forwarded ports reach this address (static: no DHCP).
if [ -n "${LAB_NET:-}" ]; then
	{ ip link set lo up && ip addr add "$LAB_NET" dev eth0 && ip link set eth0 up; } ||
		echo "lab-init: cannot configure eth0 as $LAB_NET" >&2
fi
/lab/runner.sh
sync
poweroff -f
