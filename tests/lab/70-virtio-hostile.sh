#!/bin/sh
# lab-timeout: 1200
# The virtio-hostile guest (guests/progs/virtio-hostile.c) in both widths
# under `armvm run` with every virtio device: a writable and a read-only
# disk, rng, console and a tap network. The guest drives each device
# properly, then commits crimes one scenario at a time (bad descriptors,
# loops, indirect tables, ring indices, queue setup, features, register and
# config garbage, malformed block requests) and checks after each that the
# device still works or reports DEVICE_NEEDS_RESET and works after a reset.
# Two vCPUs: in one scenario the second rewrites a descriptor while the
# first keeps submitting it.
#
# Per width: armvm exits 0 (no crash, no hang); the guest's summary shows no
# failed scenario and its final checks (blk read and write, rng read, console
# and net transmit) pass; armvm's stderr names the broken requests (the
# device models' diagnostics); the read-only image and a sentinel file next
# to the images are byte-identical afterwards, and the writable image
# changed only in the sector the guest's valid write covered.
#
# The virtio options (--disk, --rng, --console virtio, --net tap=) must be
# in `armvm run`: their absence is a FAIL.

gic=${ARMVM_LAB_GIC:-3}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# One run of a width; a hang is a failure, not a wait for the lab's limit.
run_limit=480
ro_size=65536
rw_size=98304
# The guest's valid write (FINAL_WRITE_SECTOR, FINAL_WRITE_BYTE in
# guests/progs/virtio-hostile-dev.c).
write_sector=2
write_byte=V
tap=vhostile0

# What the device models must have said on stderr: "device-pattern|message".
expected_logs="virtio-blk[0-9]*|write to a read-only disk
virtio-blk[0-9]*|request beyond the end of the disk or not whole sectors
virtio-blk[0-9]*|request shorter than its header
virtio-blk[0-9]*|request without a status byte
virtio-[a-z]*[0-9]*|buffer outside guest RAM
virtio-[a-z]*[0-9]*|descriptor chain loops or is longer than the queue
virtio-[a-z]*[0-9]*|descriptor index out of range
virtio-[a-z]*[0-9]*|avail index moved by more than the queue size
virtio-[a-z]*[0-9]*|malformed indirect descriptor
virtio-[a-z]*[0-9]*|device-readable descriptor after a writable one
virtio-[a-z]*[0-9]*|descriptor chain has too many segments
virtio-[a-z]*[0-9]*|queue size is not a power of two
virtio-[a-z]*[0-9]*|queue size above QueueNumMax
virtio-[a-z]*[0-9]*|ring outside guest RAM
virtio-[a-z]*[0-9]*|misaligned ring address
virtio-[a-z]*[0-9]*|QueueNotify for a queue that does not exist
virtio-[a-z]*[0-9]*|driver accepted features the device does not offer
virtio-net[0-9]*|transmit buffer with writable parts or no frame"

help=$(armvm run --help 2>&1)
missing=""
for opt in --disk --rng --net --console; do
	echo "$help" | grep -q -- "$opt" || missing="$missing $opt"
done
if [ -n "$missing" ]; then
	for arch in aarch64 aarch32; do
		echo "FAIL: virtio-hostile-$arch 'armvm run --help' lists no$missing option: the CLI cannot attach virtio devices yet"
	done
	exit 0
fi

# make_image FILE SIZE MARK: MARK then random bytes, SIZE in all.
make_image() {
	{ printf '%s\n' "$3"; head -c $(($2 - ${#3} - 1)) /dev/urandom; } >"$1"
	[ "$(wc -c <"$1")" -eq "$2" ]
}

# Offsets (1-based, as cmp -l counts) of the bytes that differ.
changed_offsets() {
	cmp -l "$1" "$2" 2>/dev/null | awk '{ print $1 }'
}

check_images() { # arch
	name="virtio-hostile-$1"
	img=$tmp/images orig=$tmp/orig
	if cmp -s "$img/ro.img" "$orig/ro.img"; then
		echo "PASS: $name-ro-image-unchanged"
	else
		echo "FAIL: $name-ro-image-unchanged the read-only image changed at byte $(changed_offsets "$img/ro.img" "$orig/ro.img" | head -n 1)"
	fi
	if cmp -s "$img/sentinel" "$orig/sentinel" &&
	   [ "$(find "$img" | wc -l)" = 4 ]; then
		echo "PASS: $name-sentinel-unchanged"
	else
		echo "FAIL: $name-sentinel-unchanged the sentinel file or the image directory changed: $(find "$img" | tr '\n' ' ')"
	fi
	size=$(wc -c <"$img/rw.img")
	first=$((write_sector * 512 + 1))
	last=$((first + 511))
	outside=$(changed_offsets "$img/rw.img" "$orig/rw.img" |
		awk -v a="$first" -v b="$last" '$1 < a || $1 > b' | head -n 1)
	sector=$(dd if="$img/rw.img" bs=512 skip="$write_sector" count=1 2>/dev/null | tr -d "$write_byte" | wc -c)
	if [ "$size" != "$rw_size" ]; then
		echo "FAIL: $name-rw-image-only-valid-writes the writable image is $size bytes, was $rw_size"
	elif [ -n "$outside" ]; then
		echo "FAIL: $name-rw-image-only-valid-writes the writable image changed at byte $outside, outside sector $write_sector"
	elif [ "$sector" != 0 ]; then
		echo "FAIL: $name-rw-image-only-valid-writes sector $write_sector does not hold the guest's valid write ($sector other bytes)"
	else
		echo "PASS: $name-rw-image-only-valid-writes"
	fi
}

check_logs() { # arch
	name="virtio-hostile-$1"
	lacking=""
	printf '%s\n' "$expected_logs" >"$tmp/expected-logs"
	while IFS='|' read -r dev msg; do
		grep -q "$dev: $msg" "$tmp/err" || lacking="$lacking; $msg"
	done <"$tmp/expected-logs"
	if [ -z "$lacking" ]; then
		echo "PASS: $name-device-diagnostics"
	else
		echo "FAIL: $name-device-diagnostics stderr never says${lacking#;}"
	fi
	echo "INFO: $name: $(grep -c 'virtio-' "$tmp/err") device diagnostic lines on stderr"
}

for arch in aarch64 aarch32; do
	name="virtio-hostile-$arch"
	width=""
	[ $arch = aarch32 ] && width=--aarch32
	if [ ! -f "/guests/$arch/virtio-hostile.elf" ]; then
		echo "FAIL: $name /guests/$arch/virtio-hostile.elf is missing"
		continue
	fi
	rm -rf "$tmp/images" "$tmp/orig"
	mkdir -p "$tmp/images" "$tmp/orig"
	if ! make_image "$tmp/images/ro.img" $ro_size ARMVM-RO-DISK ||
	   ! make_image "$tmp/images/rw.img" $rw_size ARMVM-RW-DISK ||
	   ! make_image "$tmp/images/sentinel" 16384 ARMVM-SENTINEL ||
	   ! cp "$tmp/images/ro.img" "$tmp/images/rw.img" "$tmp/images/sentinel" "$tmp/orig/"; then
		echo "FAIL: $name cannot create the disk images in $tmp"
		continue
	fi

	start=$(date +%s)
	timeout -s KILL "$run_limit" armvm run --gic "$gic" $width -c 2 \
		--disk "$tmp/images/rw.img" --disk "$tmp/images/ro.img,ro" --rng \
		--console virtio --net "tap=$tap" \
		"/guests/$arch/virtio-hostile.elf" >"$tmp/out" 2>"$tmp/err" </dev/null
	status=$?
	echo "INFO: $name: armvm ran $(($(date +%s) - start)) s, exit status $status"
	summary=$(sed -n 's/^virtio-hostile: summary: //p' "$tmp/out")
	echo "INFO: $name: ${summary:-no summary line}"

	if [ $status = 137 ]; then
		echo "FAIL: $name-exit armvm hung: killed after $run_limit s; last guest line: $(grep -a -v '^$' "$tmp/out" | tail -n 1)"
	elif [ $status != 0 ]; then
		echo "FAIL: $name-exit exit status $status, want 0: $(grep -v 'armvm: virtio-' "$tmp/err" | head -n 1)"
	elif ! tail -n 1 "$tmp/out" | grep -a -q '^virtio-hostile: done$'; then
		echo "FAIL: $name-exit the guest did not finish: $(tail -n 1 "$tmp/out")"
	else
		echo "PASS: $name-exit"
	fi

	devices=$(echo "$summary" | sed -n 's/^\([0-9]*\) devices.*/\1/p')
	failed=$(echo "$summary" | sed -n 's/.* \([0-9]*\) failed, .*/\1/p')
	final_failed=$(echo "$summary" | sed -n 's/.*final checks: \([0-9]*\) failed$/\1/p')
	if [ -z "$summary" ]; then
		echo "FAIL: $name-scenarios no summary line; last guest line: $(tail -n 1 "$tmp/out")"
	elif [ "$devices" != 5 ]; then
		echo "FAIL: $name-scenarios the guest found ${devices:-?} virtio devices, want 5"
	elif [ "$failed" != 0 ]; then
		echo "FAIL: $name-scenarios $failed failed: $(grep -a ': FAILED$' "$tmp/out" | sed 's/^virtio-hostile: //; s/: FAILED$//' | tr '\n' ' ')"
	else
		echo "PASS: $name-scenarios"
	fi

	if [ "$final_failed" != 0 ]; then
		echo "FAIL: $name-final ${final_failed:-?} final checks failed: $(grep -a 'final: .*FAILED' "$tmp/out" | tr '\n' ' ')"
	elif ! grep -a -q "final: virtio-blk@.*read-only, 128 sectors, sector 0 starts 'ARMVM-RO-DISK" "$tmp/out" ||
	     ! grep -a -q "final: virtio-blk@.*writable, 192 sectors, sector 0 starts 'ARMVM-RW-DISK" "$tmp/out" ||
	     ! grep -a -q "final: virtio-blk@.*sector $write_sector written with '$write_byte' and read back" "$tmp/out" ||
	     ! grep -a -q 'final: virtio-rng@.*request completed (64 bytes written)' "$tmp/out" ||
	     ! grep -a -q 'final: virtio-console@.*request completed' "$tmp/out" ||
	     ! grep -a -q 'final: virtio-net@.*request completed' "$tmp/out"; then
		echo "FAIL: $name-final a final check line is missing: $(grep -a 'final: ' "$tmp/out" | tr '\n' ' ')"
	elif ! grep -a -q '^virtio-hostile: virtio-console ok$' "$tmp/out"; then
		echo "FAIL: $name-final the virtio console's output never reached stdout"
	else
		echo "PASS: $name-final"
	fi

	grep -a ': note: ' "$tmp/out" | sort -u | sed "s/^virtio-hostile: /INFO: $name: /"
	check_logs $arch
	check_images $arch
	if [ "$(grep -a -c ': FAILED$' "$tmp/out")" != 0 ] || [ $status != 0 ]; then
		echo "--- $name guest transcript (verdicts) ---"
		grep -a -v ' \.\.\.$' "$tmp/out" | grep -a -v '^virtio-hostile: virtio-console ok$'
		echo "--- $name stderr (first 40 lines) ---"
		head -n 40 "$tmp/err"
	fi
done
