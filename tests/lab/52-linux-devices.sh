#!/bin/sh
# Devices a Linux guest uses under armvm, for the arm64 and the armhf
# (AArch32) kernel: the PL031 RTC gives the right date; virtio-rng gives
# random bytes; an ext4 image on virtio-blk takes a file in one boot that
# the next boot reads back, and the same image attached read-only refuses
# writes (device and filesystem) and stays unchanged byte for byte.
# lab-timeout: 1500

# shellcheck disable=SC1091 # packed from tests/linux/lab-lib.sh
. /linux/lib.sh

has_disk=0 has_rng=0
armvm run --help | grep -q -- '--disk ' && has_disk=1
armvm run --help | grep -q -- '--rng ' && has_rng=1

for arch in arm64 armhf; do
	linux_have $arch "linux-$arch-devices" || continue
	img=$PWD/$arch.img
	gunzip -c /linux/disk.ext4.gz >"$img" || { echo "FAIL: linux-$arch-blk-write cannot unpack /linux/disk.ext4.gz"; continue; }
	token=armvm-$arch-$(date +%s)-$$
	actions=cpus,rtc opts=""
	[ $has_rng = 1 ] && actions=$actions,rng opts="$opts --rng"
	[ $has_disk = 1 ] && actions=$actions,disk-write opts="$opts --disk $img"

	# shellcheck disable=SC2086 # options, one word each
	linux_boot "$arch-rw" $arch 1 $actions "armvm.token=$token" $opts
	now=$(date +%s)
	problem=$(linux_boot_problem)
	if [ -n "$problem" ]; then
		echo "FAIL: linux-$arch-rtc $problem"
		continue
	fi
	echo "INFO: linux-$arch-devices boot with '$opts': ${LB_SECS} s"

	year=$(linux_fact rtc year) epoch=$(linux_fact rtc epoch)
	if [ -z "$epoch" ]; then
		echo "FAIL: linux-$arch-rtc no RTC reading: $(linux_result rtc)"
	elif [ "$year" -lt 2024 ] ||
		[ $((now - epoch)) -lt 0 ] || [ $((now - epoch)) -gt $((${LB_SECS%.*} + 60)) ]; then
		echo "FAIL: linux-$arch-rtc guest read $(linux_fact rtc date) (epoch $epoch), the host says $(date -u +%Y-%m-%dT%H:%M:%S) (epoch $now)"
	else
		echo "PASS: linux-$arch-rtc"
	fi

	if [ $has_rng = 0 ]; then
		echo "SKIP: linux-$arch-rng armvm run has no --rng option yet"
	else
		src=$(linux_fact rng source) distinct=$(linux_fact rng distinct)
		case $src in
		virtio_rng.*)
			# 256 random bytes hit ~160 of 256 values; 100 or fewer is ~1e-20.
			if [ "$(linux_fact rng bytes)" = 256 ] && [ "${distinct:-0}" -gt 100 ]; then
				echo "PASS: linux-$arch-rng"
			else
				echo "FAIL: linux-$arch-rng bytes do not look random: $(linux_result rng)"
			fi ;;
		*) echo "FAIL: linux-$arch-rng no virtio-rng source: $(linux_result rng)" ;;
		esac
	fi

	if [ $has_disk = 0 ]; then
		echo "SKIP: linux-$arch-blk armvm run has no --disk option yet"
		continue
	fi
	if [ "$(linux_fact disk-write wrote)" != "$token" ]; then
		echo "FAIL: linux-$arch-blk-write $(linux_result disk-write)"
		continue
	elif ! grep -q "$token" "$img"; then
		echo "FAIL: linux-$arch-blk-write the guest says it wrote, but the image does not hold '$token'"
		continue
	fi
	echo "PASS: linux-$arch-blk-write"

	# The next boot, read-only: the file is there, writes are refused.
	before=$(md5sum <"$img")
	linux_boot "$arch-ro" $arch 1 disk-read,disk-ro "" --disk "$img,ro"
	problem=$(linux_boot_problem)
	if [ -n "$problem" ]; then
		echo "FAIL: linux-$arch-blk-persist $problem"
		continue
	fi
	if [ "$(linux_fact disk-read token)" = "$token" ] &&
		[ "$(linux_fact disk-read seed)" = armvm-ext4-seed ]; then
		echo "PASS: linux-$arch-blk-persist"
	else
		echo "FAIL: linux-$arch-blk-persist want token=$token seed=armvm-ext4-seed: $(linux_result disk-read)"
	fi
	ro=$(linux_result disk-ro)
	if [ "$ro" != "ok ro=1 device-write=refused fs-write=refused" ]; then
		echo "FAIL: linux-$arch-blk-ro $ro"
	elif [ "$(md5sum <"$img")" != "$before" ]; then
		echo "FAIL: linux-$arch-blk-ro the read-only image changed"
	else
		echo "PASS: linux-$arch-blk-ro"
	fi
done
