#!/bin/sh
# `make demo`, the part that runs inside the lab's nested arm64 host: armvm
# runs test guests of both widths, then boots Debian's arm64 kernel to a
# busybox shell and types a few commands into its console.
set -u
step() { printf '\n===== %s\n$ %s\n' "$1" "$2"; }

step "AArch64 bare-metal guest" "armvm run /guests/aarch64/hello.elf"
armvm run /guests/aarch64/hello.elf
step "AArch32 guest on 4 vCPUs (PSCI CPU_ON)" "armvm run --aarch32 -c 4 /guests/aarch32/smp.elf"
armvm run --aarch32 -c 4 /guests/aarch32/smp.elf

cmds='uname -a; grep -c ^processor /proc/cpuinfo; cat /proc/device-tree/model; echo; poweroff -f'
step "Debian's arm64 kernel, 2 vCPUs, busybox initramfs; typing: $cmds" \
	"armvm run -c 2 -m 256M --initrd /linux/arm64/initramfs.cpio.gz --append console=ttyAMA0 /linux/arm64/Image"
# Type into the guest's console once its shell is up, as a person would.
mkfifo /tmp/demo-in
armvm run -c 2 -m 256M --initrd /linux/arm64/initramfs.cpio.gz \
	--append "console=ttyAMA0" /linux/arm64/Image </tmp/demo-in | tee /tmp/demo-out &
exec 3>/tmp/demo-in
n=0
until grep -q 'built-in shell' /tmp/demo-out 2>/dev/null || [ $n -ge 600 ]; do
	sleep 1; n=$((n + 1))
done
sleep 1
echo "$cmds" >&3
wait $!
echo "===== the guest powered off; armvm exited"
exec 3>&-
