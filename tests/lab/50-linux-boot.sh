#!/bin/sh
# Debian's arm64 kernel (Image) and armhf kernel (zImage, an AArch32 guest)
# boot under armvm with the test guest's initramfs (tests/linux/) on 1 and 2
# vCPUs: the guest's /init writes the boot marker, every vCPU comes online,
# the guest powers off and armvm exits 0; the guest's counter readout after
# the marker (tests/linux/counter.c) is there and lies between the marker
# (from VM start) and the end of the run. Boot times go to INFO lines. The
# zImage runs with --decompress-cache: the 1-vCPU boot inflates its payload
# and stores it, the 2-vCPU boot maps the stored kernel (a warm boot).
# lab-timeout: 1500

# shellcheck disable=SC1091 # packed from tests/linux/lab-lib.sh
. /linux/lib.sh

for arch in arm64 armhf; do
	linux_have $arch "linux-$arch-boot" || continue
	want_arch=aarch64
	[ $arch = armhf ] && want_arch=armv7l
	cache=""
	[ $arch = armhf ] && cache="--decompress-cache $PWD/kcache"
	for cpus in 1 2; do
		name=linux-$arch-${cpus}cpu
		# shellcheck disable=SC2086 # $cache: empty or two words
		linux_boot "$name" $arch $cpus cpus "" $cache
		if [ -n "$cache" ] && [ $cpus = 1 ]; then
			entries=$(find "$PWD/kcache" -name '*-an.kernel' 2>/dev/null | wc -l)
			if [ "$entries" = 1 ]; then
				echo "PASS: linux-armhf-cache-store"
			else
				echo "FAIL: linux-armhf-cache-store want one entry after the first boot, found $entries"
			fi
		fi
		problem=$(linux_boot_problem)
		if [ -n "$problem" ]; then
			echo "FAIL: $name $problem"
			continue
		fi
		want_online=0
		[ $cpus = 2 ] && want_online=0-1
		online=$(linux_fact cpus online)
		count=$(linux_fact cpus count)
		got_arch=$(linux_ready_field arch)
		ms=$(linux_bootmark_ms)
		counter_ms=$(linux_counter_ms mark)
		total_ms=$(echo "$LB_SECS" | awk '{ printf "%d", $1 * 1000 + 1000 }')
		if [ "$got_arch" != $want_arch ]; then
			echo "FAIL: $name the guest runs '$got_arch', not $want_arch"
		elif [ "$count" != $cpus ] || [ "$online" != $want_online ]; then
			echo "FAIL: $name want $cpus CPUs online ($want_online), the guest has $count ($online): $(linux_result cpus)"
		elif [ -z "$ms" ]; then
			echo "FAIL: $name armvm reported no boot marker (stderr: $(head -n 3 "$LB_ERR" | tr '\n' '|'))"
		elif [ "$ms" -gt "$total_ms" ]; then
			echo "FAIL: $name boot marker reported at $ms ms, after the whole run (${LB_SECS}s): $(grep '^bootmark:' "$LB_ERR")"
		elif [ -z "$counter_ms" ]; then
			echo "FAIL: $name no counter readout after the boot marker (ARMVM-COUNTER mark with a frequency): $(grep -m 2 'ARMVM-COUNTER\|armvm-counter' "$LB_OUT" | tr -d '\r' | tr '\n' '|')"
		elif [ "$counter_ms" -lt "$ms" ] || [ "$counter_ms" -gt "$total_ms" ]; then
			echo "FAIL: $name the guest's counter read ${counter_ms} ms (from vCPU creation) right after the marker, not between the marker's $ms ms (from VM start) and the run's ${total_ms} ms"
		elif ! grep -q '^ARMVM-GUEST-DONE' "$LB_OUT"; then
			echo "FAIL: $name the guest did not finish its actions: $(linux_tail)"
		else
			echo "PASS: $name"
		fi
		echo "INFO: $name $(linux_ready_field kernel): boot marker at ${ms:-?} ms, guest counter ${counter_ms:-?} ms, powered off after ${LB_SECS} s (wall time, nested KVM under TCG)"
		# Not a failure on its own (TCG can starve a vCPU), but worth seeing.
		stall=$(grep -m 1 'rcu: INFO: .* detected stalls\|self-detected stall' "$LB_OUT" | tr -d '\r')
		[ -z "$stall" ] || echo "INFO: $name guest reported an RCU stall: $stall"
	done
done
