#!/bin/sh
# Snapshots end to end: the counting guest (guests/progs/count-slow.c: CPU 0
# prints "count: N" on timer interrupts, the other CPUs check a register
# against memory) runs under `armvm run --api-sock`, is paused and saved
# mid-count by `armvm snapshot --stop` through the API, and comes back in a
# new process with `armvm restore` (or, once, /snapshot/load on a fresh
# armvm): it goes on from the next byte, never restarts, so the two
# outputs together are exactly one whole run's. Both widths, 1 and 4
# vCPUs, on this host's GIC. Then every class of bad snapshot is refused
# with one line and status 2 before anything runs.
# lab-timeout: 900

gic=${ARMVM_LAB_GIC:-3}
aarch32=1
kvmcheck 2>/dev/null | grep -q '^el1_32bit=0' && aarch32=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The transcript of one uninterrupted run on $1 vCPUs.
want_transcript() {
	i=1
	while [ $i -le 100 ]; do echo "count: $i"; i=$((i + 1)); done
	c=1
	while [ $c -lt "$1" ]; do echo "count: cpu $c ok"; c=$((c + 1)); done
	echo "count-slow: done"
}

wait_for() { # file pattern seconds
	n=0
	while ! grep -q "$2" "$1" 2>/dev/null; do
		n=$((n + 1))
		[ $n -gt $(($3 * 10)) ] && return 1
		sleep 0.1
	done
}

# Run the count guest with an API socket; snapshot it mid-count; leave
# $tmp/$1.snap, $tmp/$1.mem and the first output in $tmp/$1.out1.
# Prints nothing on success, a reason otherwise.
save_mid_count() { # name width cpus
	name=$1 sock=$tmp/$1.sock
	rm -f "$sock"
	# shellcheck disable=SC2086 # the width option, or nothing
	armvm run --gic "$gic" $2 -c "$3" --no-input --api-sock "$sock" \
		"/guests/$arch/count-slow.elf" >"$tmp/$name.out1" 2>"$tmp/$name.err1" &
	pid=$!
	if ! wait_for "$tmp/$name.out1" '^count: 5$' 120; then
		kill "$pid" 2>/dev/null
		wait "$pid"
		echo "the guest did not reach count 5: $(head -n 1 "$tmp/$name.err1")"
		return
	fi
	if ! timeout 300 armvm snapshot --stop "$sock" "$tmp/$name.snap" "$tmp/$name.mem" \
		2>"$tmp/$name.snaperr"; then
		kill "$pid" 2>/dev/null
		wait "$pid"
		echo "armvm snapshot failed: $(head -n 1 "$tmp/$name.snaperr"); the saved armvm said: $(head -n 3 "$tmp/$name.err1" | tr '\n' '|')"
		return
	fi
	wait "$pid"
	st=$?
	[ $st = 5 ] || echo "the saved armvm ended with status $st, want 5 (stopped): $(head -n 1 "$tmp/$name.err1")"
	grep -q '^count-slow: done' "$tmp/$name.out1" && echo "the guest finished before the snapshot"
}

check_continues() { # name cpus status out2 err2
	name=$1
	if [ "$3" != 0 ]; then
		echo "FAIL: $name restored run ended with status $3: $(head -n 1 "$5")"
	elif ! want_transcript "$2" | cmp -s - "$tmp/$name.all"; then
		echo "FAIL: $name saved + restored output is not one whole run's: saved ended '$(tail -n 1 "$tmp/$name.out1")', restored began '$(head -n 1 "$4")', ended '$(tail -n 1 "$4")'"
	else
		echo "PASS: $name (saved at '$(tail -n 1 "$tmp/$name.out1")', restored from there)"
	fi
}

for arch in aarch64 aarch32; do
	width=""
	[ $arch = aarch32 ] && width=--aarch32
	for cpus in 1 4; do
		name=snapshot-$arch-${cpus}cpu
		if [ $arch = aarch32 ] && [ $aarch32 = 0 ]; then
			echo "SKIP: $name this host's KVM cannot run AArch32 guests"
			continue
		fi
		problem=$(save_mid_count "$name" "$width" $cpus)
		if [ -n "$problem" ]; then
			echo "FAIL: $name $problem"
			continue
		fi
		# Sparse: the memory file holds only the pages the guest touched.
		used=$(du -k "$tmp/$name.mem" | cut -f1)
		if [ "$used" -gt 16384 ]; then
			echo "FAIL: $name-sparse the memory file of a 128 MiB guest uses $used KiB"
		else
			echo "PASS: $name-sparse ($used KiB on disk for 128 MiB of RAM)"
		fi
		timeout 300 armvm restore --no-input "$tmp/$name.snap" "$tmp/$name.mem" \
			>"$tmp/$name.out2" 2>"$tmp/$name.err2"
		st=$?
		cat "$tmp/$name.out1" "$tmp/$name.out2" >"$tmp/$name.all"
		check_continues "$name" $cpus $st "$tmp/$name.out2" "$tmp/$name.err2"
	done
done

# The same snapshot through the API of a fresh armvm: /snapshot/load, paused,
# then PATCH /vm Resumed.
arch=aarch64
name=snapshot-aarch64-1cpu
if [ -f "$tmp/$name.snap" ]; then
	sock=$tmp/load.sock
	armvm run --no-input --api-sock "$sock" >"$tmp/load.out2" 2>"$tmp/load.err2" &
	pid=$!
	n=0
	while [ ! -S "$sock" ] && [ $n -lt 100 ]; do sleep 0.1; n=$((n + 1)); done
	r1=$(armvm api -i "$sock" PUT /snapshot/load "{\"snapshot_path\": \"$tmp/$name.snap\", \"mem_backend\": {\"backend_type\": \"File\", \"backend_path\": \"$tmp/$name.mem\"}}" 2>&1 | head -n 1)
	r2=$(armvm api "$sock" GET / 2>&1)
	r3=$(armvm api -i "$sock" PATCH /vm '{"state": "Resumed"}' 2>&1 | head -n 1)
	timeout 300 sh -c "while kill -0 $pid 2>/dev/null; do sleep 0.2; done"
	wait "$pid"
	st=$?
	cp "$tmp/load.out2" "$tmp/$name-api.out2"
	cp "$tmp/$name.out1" "$tmp/$name-api.out1"
	cat "$tmp/$name.out1" "$tmp/load.out2" >"$tmp/$name-api.all"
	if [ "$r1" != 204 ] || ! echo "$r2" | grep -q '"state":"Paused"' || [ "$r3" != 204 ]; then
		echo "FAIL: $name-api-load load answered '$r1', then '$r2', resume '$r3'"
		kill "$pid" 2>/dev/null
	else
		check_continues "$name-api" 1 $st "$tmp/load.out2" "$tmp/load.err2"
	fi
else
	echo "FAIL: snapshot-aarch64-1cpu-api no snapshot to load"
fi

# Bad snapshots: each refused with one line naming the problem, status 2.
bad() { # name pattern snapshot memfile [options]
	bname=$1 pat=$2 snap=$3 mem=$4
	shift 4
	timeout 60 armvm restore --no-input "$@" "$snap" "$mem" >"$tmp/bad.out" 2>"$tmp/bad.err"
	st=$?
	if [ $st != 2 ]; then
		echo "FAIL: restore-$bname status $st, want 2: $(head -n 1 "$tmp/bad.err")"
	elif [ "$(wc -l <"$tmp/bad.err")" != 1 ] || ! grep -q -- "$pat" "$tmp/bad.err"; then
		echo "FAIL: restore-$bname want one line with '$pat', got: $(head -n 2 "$tmp/bad.err" | tr '\n' '|')"
	elif [ -s "$tmp/bad.out" ]; then
		echo "FAIL: restore-$bname the guest ran: $(head -n 1 "$tmp/bad.out")"
	else
		echo "PASS: restore-$bname"
	fi
}
s=$tmp/snapshot-aarch64-1cpu.snap m=$tmp/snapshot-aarch64-1cpu.mem
if [ -f "$s" ]; then
	size=$(wc -c <"$s")
	head -c $((size / 2)) "$s" >"$tmp/trunc.snap"
	bad truncated-snapshot "truncated" "$tmp/trunc.snap" "$m"
	cp "$s" "$tmp/corrupt.snap"
	printf 'X' | dd of="$tmp/corrupt.snap" bs=1 seek=$((size / 2)) conv=notrunc 2>/dev/null
	bad corrupt-snapshot "corrupt" "$tmp/corrupt.snap" "$m"
	printf 'NOTASNAPSHOTFILE' >"$tmp/garbage.snap"
	bad not-a-snapshot "not an armvm snapshot" "$tmp/garbage.snap" "$m"
	cp "$s" "$tmp/version.snap"
	printf '\007' | dd of="$tmp/version.snap" bs=1 seek=8 conv=notrunc 2>/dev/null
	bad wrong-version "format version 7 is not supported" "$tmp/version.snap" "$m"
	bad missing-snapshot "snapshot '$tmp/none'" "$tmp/none" "$m"
	msize=$(wc -c <"$m")
	head -c $((msize - 4096)) "$m" >"$tmp/trunc.mem"
	bad truncated-memory "truncated, or of another snapshot" "$s" "$tmp/trunc.mem"
	ram=$((msize - 4096))
	cp "$m" "$tmp/version.mem"
	printf '\007' | dd of="$tmp/version.mem" bs=1 seek=$((ram + 8)) conv=notrunc 2>/dev/null
	bad memory-version "format version 7 not supported" "$s" "$tmp/version.mem"
	cp "$m" "$tmp/nomagic.mem"
	printf 'XXXXXXXX' | dd of="$tmp/nomagic.mem" bs=1 seek=$ram conv=notrunc 2>/dev/null
	bad memory-not-armvm "not an armvm memory file" "$s" "$tmp/nomagic.mem"
	o=$tmp/snapshot-aarch64-4cpu.mem
	[ -f "$o" ] || o=$tmp/snapshot-aarch32-1cpu.mem
	bad other-memory "memory file" "$s" "$o"
	: >"$tmp/disk.img"
	dd if=/dev/zero of="$tmp/disk.img" bs=1024 count=64 2>/dev/null
	bad other-devices "does not fit\|device" "$s" "$m" --disk "$tmp/disk.img"
	bad machine-option "is the snapshot's to say" "$s" "$m" -c 2
else
	echo "FAIL: restore-bad-snapshots no snapshot to spoil"
fi
