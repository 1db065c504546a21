#!/bin/sh
# virtio-net: a Linux guest (arm64 and armhf) on a tap device pings the
# nested host. The tap and its address live in a network namespace of this
# test's own (unshare -n), so nothing leaks into the lab host's network.
# lab-timeout: 900

# shellcheck disable=SC1091 # packed from tests/linux/lab-lib.sh
. /linux/lib.sh

if ! armvm run --help | grep -q -- '--net tap='; then
	for arch in arm64 armhf; do
		echo "SKIP: linux-$arch-net armvm run has no --net option yet"
	done
	exit 0
fi
if [ "${ARMVM_NET_NS:-}" != 1 ]; then
	[ -c /dev/net/tun ] || { echo "FAIL: linux-net no /dev/net/tun in the nested host (module tun)"; exit 0; }
	ARMVM_NET_NS=1 exec unshare -n sh "$0"
fi

TAP=armvm-tap0 HOST_IP=10.0.2.1 GUEST_IP=10.0.2.15
# Packets the tap took from armvm (the guest's frames). /proc/net/dev, not
# /sys/class/net: sysfs shows the namespace it was mounted in.
tap_rx() {
	sed -n "s/^ *$TAP: *[0-9]* *\([0-9]*\).*/\1/p" /proc/net/dev
}
ifconfig lo 127.0.0.1 up
if ! tunctl -t $TAP >/dev/null || ! ifconfig $TAP $HOST_IP netmask 255.255.255.0 up; then
	echo "FAIL: linux-net cannot set up tap $TAP"
	exit 0
fi
for arch in arm64 armhf; do
	linux_have $arch "linux-$arch-net" || continue
	rx_before=$(tap_rx)
	linux_boot "$arch-net" $arch 1 net "armvm.ip=$GUEST_IP/24 armvm.peer=$HOST_IP" --net tap=$TAP
	problem=$(linux_boot_problem)
	rx=$(( $(tap_rx) - rx_before ))
	if [ -n "$problem" ]; then
		echo "FAIL: linux-$arch-net $problem"
	elif [ "$(linux_fact net received)" != 3 ]; then
		echo "FAIL: linux-$arch-net want 3 replies to 3 pings of $HOST_IP: $(linux_result net) (tap received $rx packets)"
	else
		echo "PASS: linux-$arch-net"
	fi
	echo "INFO: linux-$arch-net $(linux_result net); tap $TAP received $rx packets; ${LB_SECS} s"
done
tunctl -d $TAP >/dev/null
