#!/bin/sh
# A Debian Linux guest (arm64 and armhf) with a virtio disk, snapshotted and
# restored: the guest writes a token file to its ext4 disk (and umounts
# it), then sleeps; armvm snapshot --stop saves it in the middle of the
# sleeps; armvm restore brings it back in a new process with the disk the
# snapshot recorded; the guest's shell goes on with the next actions and
# reads the token back from the disk, then powers off (status 0).
# lab-timeout: 1500

# shellcheck disable=SC1091 # packed from tests/linux/lab-lib.sh
. /linux/lib.sh

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

for arch in arm64 armhf; do
	name=snapshot-linux-$arch
	linux_have $arch "$name" || continue
	if [ $arch = armhf ] && kvmcheck 2>/dev/null | grep -q '^el1_32bit=0'; then
		echo "SKIP: $name this host's KVM cannot run AArch32 guests"
		continue
	fi
	img=$tmp/$arch.img sock=$tmp/$arch.sock
	gunzip -c /linux/disk.ext4.gz >"$img" || { echo "FAIL: $name cannot unpack /linux/disk.ext4.gz"; continue; }
	token=snap-$arch-$$
	width=""
	[ $arch = armhf ] && width=--aarch32
	# shellcheck disable=SC2086 # $width is empty or one word
	armvm run --no-input $width -c 2 -m "$LINUX_MEM" --disk "$img" --api-sock "$sock" \
		--initrd "/linux/$arch/initramfs.cpio.gz" \
		--append "console=ttyAMA0 quiet panic=-1 armvm.test=disk-write,sleep,sleep,sleep,sleep,sleep,sleep,disk-read armvm.token=$token" \
		"$(linux_kernel $arch)" >"$tmp/$arch.out1" 2>"$tmp/$arch.err1" </dev/null &
	pid=$!
	n=0
	while ! grep -q '^ARMVM-RESULT disk-write' "$tmp/$arch.out1" && [ $n -lt 3000 ] &&
		kill -0 $pid 2>/dev/null; do
		sleep 0.1
		n=$((n + 1))
	done
	if ! grep -q '^ARMVM-RESULT disk-write ok' "$tmp/$arch.out1"; then
		kill $pid 2>/dev/null
		wait $pid
		echo "FAIL: $name the guest did not write its file: $(tail -n 3 "$tmp/$arch.out1" | tr -d '\r' | tr '\n' '|') $(head -n 1 "$tmp/$arch.err1")"
		continue
	fi
	t0=$(cut -d' ' -f1 /proc/uptime)
	if ! timeout 600 armvm snapshot --stop "$sock" "$tmp/$arch.snap" "$tmp/$arch.mem" 2>"$tmp/$arch.snaperr"; then
		kill $pid 2>/dev/null
		wait $pid
		echo "FAIL: $name armvm snapshot: $(head -n 1 "$tmp/$arch.snaperr"); armvm: $(head -n 2 "$tmp/$arch.err1" | tr '\n' '|')"
		continue
	fi
	t1=$(cut -d' ' -f1 /proc/uptime)
	wait $pid
	st=$?
	if grep -q '^ARMVM-RESULT disk-read' "$tmp/$arch.out1"; then
		echo "FAIL: $name the guest finished before the snapshot"
		continue
	fi
	[ $st = 5 ] || echo "FAIL: $name-saved status $st, want 5"
	echo "INFO: $name snapshot took $(echo "$t0 $t1" | awk '{ printf "%.1f", $2 - $1 }') s; memory file $(du -k "$tmp/$arch.mem" | cut -f1) KiB on disk for $LINUX_MEM"
	timeout 600 armvm restore --no-input "$tmp/$arch.snap" "$tmp/$arch.mem" \
		>"$tmp/$arch.out2" 2>"$tmp/$arch.err2" </dev/null
	st=$?
	read_back=$(sed -n 's/^ARMVM-RESULT disk-read ok token=\([^ ]*\).*/\1/p' "$tmp/$arch.out2" | tr -d '\r')
	if [ $st != 0 ]; then
		echo "FAIL: $name restored guest status $st: $(grep -v '^bootmark' "$tmp/$arch.err2" | head -n 2 | tr '\n' '|') console: $(tail -n 3 "$tmp/$arch.out2" | tr -d '\r' | tr '\n' '|')"
	elif grep -q 'ARMVM-GUEST-READY' "$tmp/$arch.out2"; then
		echo "FAIL: $name the restored guest booted again instead of going on"
	elif [ "$read_back" != "$token" ]; then
		echo "FAIL: $name the restored guest read '$read_back', want '$token': $(tail -n 3 "$tmp/$arch.out2" | tr -d '\r' | tr '\n' '|')"
	else
		echo "PASS: $name (the restored guest's shell went on and read its file back)"
	fi
done
