#!/bin/sh
# No lost data on a kill (docs/virtio.md, "Data integrity"): an arm64 Linux
# guest writes files on ext4 over virtio-blk, each with fsync, and reports
# on the console every fsync that returned; armvm is killed with SIGKILL at
# a random point of that (CRASH_RUNS times, 20 by default, one image
# throughout). After each kill `e2fsck -fy` replays the journal and must
# leave a clean file system, and a second `e2fsck -fn` must find nothing;
# at the end one more boot lists every file on the image, and every file
# whose fsync had returned must hold exactly what was written.
# e2fsck is Debian's static arm64 one (/linux/e2fsck, from scripts/setup.sh).
# lab-timeout: 1500

# shellcheck disable=SC1091 # packed from tests/linux/lab-lib.sh
. /linux/lib.sh

runs=${CRASH_RUNS:-20}
e2fsck=/linux/e2fsck
if [ ! -x $e2fsck ]; then
	echo "SKIP: linux-crash no $e2fsck (scripts/setup.sh fetches e2fsck-static:arm64)"
	exit 0
fi
armvm run --help | grep -q -- '--disk ' || { echo "SKIP: linux-crash armvm run has no --disk"; exit 0; }
linux_have arm64 linux-crash || exit 0
img=$PWD/crash.img
gunzip -c /linux/crash.ext4.gz >"$img" || { echo "FAIL: linux-crash cannot unpack /linux/crash.ext4.gz"; exit 0; }
append="console=ttyAMA0 quiet panic=-1"
claims=$PWD/crash-claims
: >"$claims"
t0=$(cut -d' ' -f1 /proc/uptime)
bad=0
for r in $(seq 1 "$runs"); do
	out=$PWD/crash-$r.out
	: >"$out"
	armvm run --no-input -m "$LINUX_MEM" --initrd /linux/arm64/initramfs.cpio.gz \
		--append "$append armvm.test=fsync-writer armvm.run=$r" --disk "$img" \
		/linux/arm64/Image >"$out" 2>"$out.err" </dev/null &
	pid=$!
	# Until the writer has started (or armvm ended), then 0-3 s more.
	n=0
	while ! grep -q '^ARMVM-RESULT fsync-writer' "$out" && kill -0 $pid 2>/dev/null &&
		[ $n -lt $((LINUX_BOOT_TIMEOUT * 10)) ]; do
		sleep 0.1; n=$((n + 1))
	done
	ms=$(( $(od -An -N2 -tu2 /dev/urandom) % 3000 ))
	sleep "$((ms / 1000)).$(printf %03d $((ms % 1000)))"
	kill -KILL $pid 2>/dev/null
	wait $pid 2>/dev/null
	started=$(sed -n 's/^ARMVM-RESULT fsync-writer //p' "$out" | tr -d '\r')
	if [ "$started" != "ok run=$r" ]; then
		echo "FAIL: linux-crash-$r the writer did not start: ${started:-$(tail -n 3 "$out" | tr -d '\r' | tr '\n' '|')}"
		bad=1; break
	fi
	# Whole lines only: the kill may cut the last one short. The echo ends
	# the input with a newline: a last line the kill left without one would
	# otherwise come out of sed without one too and run into the next run's
	# first claim in $claims.
	{ tr -d '\r' <"$out"; echo; } |
		sed -n 's/^ARMVM-FSYNCED \([0-9]* [0-9]* [0-9]*\) end$/\1/p' >>"$claims"
	$e2fsck -fy "$img" >"$out.fsck1" 2>&1; s1=$?
	$e2fsck -fn "$img" >"$out.fsck2" 2>&1; s2=$?
	# -fy: 0 clean, 1 errors corrected (the journal replayed); -fn: 0 only.
	if [ $s1 -gt 1 ] || [ $s2 != 0 ]; then
		echo "FAIL: linux-crash-$r e2fsck -fy status $s1, then -fn status $s2: $(tail -n 4 "$out.fsck2" | tr '\n' '|')"
		bad=1; break
	fi
	echo "INFO: linux-crash-$r killed after $(grep -c . "$claims") fsyncs in all, e2fsck -fy $s1, -fn $s2"
done
t1=$(cut -d' ' -f1 /proc/uptime)
echo "INFO: linux-crash $runs kills in $(echo "$t0 $t1" | awk '{ printf "%.1f", $2 - $1 }') s"
[ $bad = 0 ] && echo "PASS: linux-crash-fsck ($runs kills, journal replayed, then clean)"
[ $bad = 0 ] || exit 0

# One more boot lists what is on the image; compare with every claim.
linux_boot crash-check arm64 1 fsync-check "" --disk "$img"
problem=$(linux_boot_problem)
if [ -n "$problem" ]; then
	echo "FAIL: linux-crash-data $problem"
	exit 0
fi
if [ "$(linux_result fsync-check)" != "ok listed" ]; then
	echo "FAIL: linux-crash-data $(linux_result fsync-check)"
	exit 0
fi
total=$(grep -c . "$claims")
lost=0 first=""
while read -r r n size; do
	want=$(yes "armvm-fsync-$r-$n" | head -c "$size" | md5sum | cut -d' ' -f1)
	if ! tr -d '\r' <"$LB_OUT" | grep -qx "ARMVM-FILE $r $n $size $want"; then
		lost=$((lost + 1))
		[ -n "$first" ] || first="run $r file $n: want $size bytes $want, image has '$(tr -d '\r' <"$LB_OUT" | grep "^ARMVM-FILE $r $n " | cut -d' ' -f4-)'"
	fi
done <"$claims"
if [ "$total" = 0 ]; then
	echo "FAIL: linux-crash-data no fsync returned before any kill"
elif [ $lost = 0 ]; then
	echo "PASS: linux-crash-data ($total fsync'ed files over $runs kills, each exactly as written)"
else
	echo "FAIL: linux-crash-data $lost of $total fsync'ed files lost or wrong; first: $first"
fi
