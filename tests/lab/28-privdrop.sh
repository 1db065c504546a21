#!/bin/sh
# Dropping privileges (--chroot, --gid, --uid): armvm, started as root, opens
# its disk, KVM and the VM, then runs the guest as user and group 65534
# inside an empty directory. The guest's disk still works (the file was
# opened before the drop); /proc shows the running armvm's ids and root.
# Needs root (the lab).
# lab-timeout: 300

gic=${ARMVM_LAB_GIC:-3}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/empty"
head -c 1048576 /dev/zero >"$tmp/disk.img"

if [ "$(id -u)" != 0 ]; then
	echo "SKIP: privdrop-* needs root"
	exit 0
fi
timeout 120 armvm run --gic "$gic" --disk "$tmp/disk.img" --chroot "$tmp/empty" \
	--gid 65534 --uid 65534 /guests/aarch64/flood.elf >"$tmp/out" 2>"$tmp/err" </dev/null &
pid=$!
seen=""
while kill -0 $pid 2>/dev/null; do
	# Threads beyond the main one exist only after the drop.
	# shellcheck disable=SC2012 # counting entries
	if [ "$(ls /proc/$pid/task 2>/dev/null | wc -l)" -gt 1 ]; then
		uid=$(awk '/^Uid:/ { print $2 }' /proc/$pid/status)
		gid=$(awk '/^Gid:/ { print $2 }' /proc/$pid/status)
		root=$(readlink /proc/$pid/root)
		seen="$uid $gid $root"
		break
	fi
	sleep 0.1
done
wait $pid
st=$?
if [ $st != 0 ]; then
	echo "FAIL: privdrop-run exit status $st, want 0: $(head -n 1 "$tmp/err")"
elif ! grep -q '^flood: virtio-blk@[0-9a-f]*: 2000 of 2000 reads ok$' "$tmp/out"; then
	echo "FAIL: privdrop-run the guest's disk did not work after the drop: $(tail -n 1 "$tmp/out")"
else
	echo "PASS: privdrop-run"
fi
if [ "$seen" = "65534 65534 $tmp/empty" ]; then
	echo "PASS: privdrop-ids-and-root"
else
	echo "FAIL: privdrop-ids-and-root /proc showed uid gid root '$seen', want '65534 65534 $tmp/empty'"
fi
