#!/bin/sh
# /init of armvm's Linux test guest (tests/linux/mk-guest-initramfs.sh packs
# it). Mounts the kernel's filesystems, writes the boot marker, loads the
# virtio and ext4 modules, announces itself with
#   ARMVM-GUEST-READY cpus=<online CPUs> online=<list> arch=<uname -m> kernel=<release>
# and then either runs the test actions named on the kernel command line
# (armvm.test=name,name,...; see /bin/armvm-guest-test) and powers off, or,
# without armvm.test, gives an interactive shell on the console and powers
# off when it ends.
/bin/busybox mkdir -p /proc /sys /dev /tmp /mnt /sbin /usr/bin /usr/sbin
/bin/busybox mount -t proc proc /proc
/bin/busybox mount -t sysfs sysfs /sys
/bin/busybox mount -t devtmpfs devtmpfs /dev
# The boot marker (armvm,bootmark at 0x0b001000; docs/platform.md) as early
# as /dev/mem exists: armvm reports the time from VM start to here.
/bin/busybox devmem 0x0b001000 32 1 2>/dev/null ||
	echo "armvm-guest: cannot write the boot marker" >/dev/console
# The same moment on the console, with the guest's uptime, for VMMs and
# machines without armvm's marker device (kvmtool, plain QEMU: the
# benchmark's comparison rows, tests/linux/bench-lab.sh). No fork: read is
# a shell builtin.
read -r mark_uptime _ </proc/uptime
echo "ARMVM-BOOT-MARK uptime=$mark_uptime" >/dev/console
# Then the generic timer's virtual count, read by the first instruction of
# a tiny static binary (tests/linux/counter.c): from reset on a machine
# with no hypervisor, from vCPU creation under KVM, from partition start
# under the EL2 engine. Read twice, the second right after the first: their
# difference is what one readout costs on this platform (the bench reports
# it for each).
/bin/armvm-counter mark >/dev/console
/bin/armvm-counter again >/dev/console
/bin/busybox --install -s
export PATH=/bin:/sbin:/usr/bin:/usr/sbin HOME=/ TMPDIR=/tmp
mount -t tmpfs tmpfs /tmp
mkdir -p /dev/pts && mount -t devpts devpts /dev/pts
hostname armvm-guest

while read -r ko; do
	insmod "$ko" || echo "armvm-guest: insmod $ko failed"
done </etc/modules

# With console=hvc0 the console's driver (virtio_console) was a module not
# yet loaded when the kernel opened /dev/console for us: switch to it now.
case " $(cat /proc/cmdline) " in
*" console=hvc0 "*)
	n=0
	while [ ! -c /dev/hvc0 ] && [ $n -lt 50 ]; do sleep 0.1; n=$((n + 1)); done
	[ -c /dev/hvc0 ] && exec </dev/hvc0 >/dev/hvc0 2>&1 ;;
esac

echo "ARMVM-GUEST-READY cpus=$(nproc) online=$(cat /sys/devices/system/cpu/online) arch=$(uname -m) kernel=$(uname -r)"

tests=$(sed -n 's/.*armvm\.test=\([^ ]*\).*/\1/p' /proc/cmdline)
if [ -n "$tests" ]; then
	armvm-guest-test "$tests"
	echo "ARMVM-GUEST-DONE"
else
	setsid cttyhack sh -l
fi
sync
poweroff -f
