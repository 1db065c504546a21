#!/bin/sh
# Dropping privileges (--chroot, --gid, --uid): armvm, started as root, opens
# its disk, KVM and the VM, then runs the guest as user and group 65534
# inside an empty directory. The guest's disk still works (the file was
# opened before the drop); /proc shows the running armvm's ids and root.
# Then the same inside new namespaces (--unshare all, as Firecracker's
# jailer), with a tap for virtio-net opened before: the guest's process is
# PID 1 of its PID namespace, its mount, PID and network namespaces are new
# (other inodes than the lab shell's), its network has only lo, its mounts
# propagate nowhere; a SIGTERM to armvm reaches the VM (status 5), a VM
# process killed outright is reported (137); a non-root user asking for
# namespaces gets one line and status 1. Needs root (the lab).
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

# ---- new namespaces (--unshare) ----
tap=privtap0
ip tuntap add dev $tap mode tap 2>/dev/null
ip link set $tap up 2>/dev/null
timeout 120 armvm run --gic "$gic" --disk "$tmp/disk.img" --net "tap=$tap" --unshare all \
	--chroot "$tmp/empty" --gid 65534 --uid 65534 /guests/aarch64/flood.elf \
	>"$tmp/out" 2>"$tmp/err" </dev/null &
pid=$!
vm="" facts=""
while kill -0 $pid 2>/dev/null; do
	# The VM's process is the child of the one outside; once it has more
	# than one thread, the drop and the namespaces are done.
	[ -n "$vm" ] || vm=$(cat /proc/$pid/task/$pid/children 2>/dev/null | cut -d' ' -f1)
	# shellcheck disable=SC2012 # counting entries
	if [ -n "$vm" ] && [ "$(ls /proc/$vm/task 2>/dev/null | wc -l)" -gt 1 ]; then
		nspid=$(awk '/^NSpid:/ { print $3 }' /proc/$vm/status)
		uid=$(awk '/^Uid:/ { print $2 }' /proc/$vm/status)
		newns=""
		for ns in mnt pid net; do
			[ "$(readlink /proc/$vm/ns/$ns)" != "$(readlink /proc/self/ns/$ns)" ] && newns="$newns $ns"
		done
		ifaces=$(awk -F: 'NR > 2 { gsub(/ /, "", $1); print $1 }' /proc/$vm/net/dev | tr '\n' ' ')
		shared=$(grep -c 'shared:' /proc/$vm/mountinfo)
		facts="nspid=$nspid uid=$uid new:$newns ifaces=$ifaces shared=$shared"
		break
	fi
	sleep 0.1
done
wait $pid
st=$?
ip link del $tap 2>/dev/null
if [ $st != 0 ]; then
	echo "FAIL: privdrop-unshare-run exit status $st, want 0: $(head -n 2 "$tmp/err" | tr '\n' ' ')"
elif ! grep -q '^flood: virtio-blk@[0-9a-f]*: 2000 of 2000 reads ok$' "$tmp/out"; then
	echo "FAIL: privdrop-unshare-run the guest's disk did not work in the namespaces: $(tail -n 1 "$tmp/out")"
else
	echo "PASS: privdrop-unshare-run"
fi
want="nspid=1 uid=65534 new: mnt pid net ifaces=lo  shared=0"
if [ "$facts" = "$want" ]; then
	echo "PASS: privdrop-unshare-namespaces ($facts)"
else
	echo "FAIL: privdrop-unshare-namespaces saw '$facts', want '$want'"
fi

# A stop signal to armvm (the process outside) reaches the VM: status 5.
printf '\001\040\241\322\042\030\100\271\342\377\047\067\042\000\100\271\102\034\000\022\137\204\001\161\203\000\000\124\137\350\001\161\110\000\000\124\102\200\000\121\042\000\000\271\137\050\000\161\241\376\377\124\000\001\200\122\000\200\260\162\002\000\000\324\000\000\000\024' >"$tmp/echo.bin"
for how in term kill; do
	timeout -s KILL 60 armvm run --gic "$gic" --no-input --unshare pid --uid 65534 --gid 65534 \
		--raw "$tmp/echo.bin" >"$tmp/out" 2>"$tmp/err" </dev/null &
	pid=$!
	vm=""
	n=0
	while [ $n -lt 100 ]; do
		vm=$(cat /proc/$pid/task/$pid/children 2>/dev/null | cut -d' ' -f1)
		# shellcheck disable=SC2012 # counting entries
		[ -n "$vm" ] && [ "$(ls /proc/$vm/task 2>/dev/null | wc -l)" -gt 1 ] && break
		sleep 0.1
		n=$((n + 1))
	done
	sleep 0.5   # its stop-signal handlers are in once its threads run
	if [ $how = term ]; then kill -TERM $pid; else kill -KILL "$vm"; fi
	wait $pid
	st=$?
	if [ $how = term ] && [ $st = 5 ] && grep -q '^armvm: stopped by signal 15' "$tmp/err"; then
		echo "PASS: privdrop-unshare-sigterm"
	elif [ $how = kill ] && [ $st = 137 ] && grep -q 'killed by signal 9' "$tmp/err"; then
		echo "PASS: privdrop-unshare-vm-killed"
	else
		echo "FAIL: privdrop-unshare-$how status $st: $(head -n 2 "$tmp/err" | tr '\n' ' ')"
	fi
done

# A non-root user: no namespaces without privileges, one clear line.
armvm-lab-runas 65534 65534 armvm run --unshare pid /guests/aarch64/hello.elf \
	>"$tmp/out" 2>"$tmp/err" </dev/null
st=$?
if [ $st = 1 ] && [ "$(wc -l <"$tmp/err")" = 1 ] &&
	grep -q '^armvm: error: --unshare pid: cannot make a PID namespace: .*needs root' "$tmp/err"; then
	echo "PASS: privdrop-unshare-nonroot"
else
	echo "FAIL: privdrop-unshare-nonroot status $st, want 1 and one line: $(head -n 2 "$tmp/err" | tr '\n' ' ')"
fi
