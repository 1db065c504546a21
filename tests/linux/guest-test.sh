#!/bin/sh
# /bin/armvm-guest-test in armvm's Linux test guest: run the test actions
# named in $1 (comma separated) and print one line each,
#   ARMVM-RESULT <action> ok <facts...>
#   ARMVM-RESULT <action> error <why>
# The facts are what the guest saw; the lab test on the host side knows what
# to expect and judges them. Parameters come from the kernel command line:
#   armvm.token=WORD   the word disk-write stores and disk-read expects
#   armvm.ip=A.B.C.D/N the guest's address for net
#   armvm.peer=A.B.C.D the address net pings
# Actions:
#   cpus        online CPUs (sysfs list and count)
#   rng         /dev/hwrng's source and 256 bytes read from it
#   rtc         the RTC's name and seconds, the system date (set from it)
#   disk-write  mount /dev/vda (ext4), write armvm.token to /mnt/armvm-token
#   disk-read   mount /dev/vda read-only, print the token file and /seed
#               (the file the image was made with)
#   disk-ro     /dev/vda is read-only: writes to the device and the mounted
#               filesystem must both be refused
#   net         configure eth0, ping armvm.peer three times (replies, and
#               round-trip min/avg/max)
#   sleep       wait two seconds of guest time (timer interrupts)
#   fsync-writer  mount /dev/vda, then write files run-R/f-N (R from
#               armvm.run=) of a known content (fsync_content), each by dd
#               with conv=fsync, printing "ARMVM-FSYNCED R N SIZE end" after
#               its fsync returned ("end": a line the kill cut short does not
#               count); forever: the host kills armvm meanwhile
#   fsync-check mount /dev/vda read-only, print "ARMVM-FILE R N SIZE MD5" for
#               every run-R/f-N on it
#   ksyms       the addresses of the kernel symbols named in armvm.ksyms=
#               (comma separated), from /proc/kallsyms: name=hex (or
#               name=none) ...
#   chan        the EL2 engine's channel 0 (docs/el2.md "Channels") through
#               /dev/mem (busybox devmem): its device-tree node, then side 1
#               of the chan test guest's protocol: three times, wait for
#               side 0's message (its mailbox's seq), answer "pong N linux"
#               in mailbox 1 and ring the doorbell

param() { sed -n "s/.*armvm\.$1=\([^ ]*\).*/\1/p" /proc/cmdline; }
ok() { a=$1; shift; echo "ARMVM-RESULT $a ok $*"; }
err() { a=$1; shift; echo "ARMVM-RESULT $a error $*"; }

act_cpus() {
	ok cpus "online=$(cat /sys/devices/system/cpu/online) count=$(nproc)"
}

act_rng() {
	src=$(cat /sys/class/misc/hw_random/rng_current 2>/dev/null)
	[ -c /dev/hwrng ] || { err rng "no /dev/hwrng (source '$src')"; return; }
	hex=$(head -c 256 /dev/hwrng | hexdump -v -e '1/1 "%02x\n"')
	n=$(echo "$hex" | grep -c .)
	distinct=$(echo "$hex" | sort -u | grep -c .)
	[ "$n" = 256 ] || { err rng "read $n of 256 bytes from $src"; return; }
	ok rng "source=$src bytes=$n distinct=$distinct"
}

act_rtc() {
	[ -r /sys/class/rtc/rtc0/since_epoch ] || { err rtc "no rtc0"; return; }
	ok rtc "name=$(tr ' ' _ </sys/class/rtc/rtc0/name)" \
		"epoch=$(cat /sys/class/rtc/rtc0/since_epoch)" \
		"year=$(date -u +%Y) date=$(date -u +%Y-%m-%dT%H:%M:%S)"
}

mount_vda() { # action [mount options]
	[ -b /dev/vda ] || { err "$1" "no /dev/vda"; return 1; }
	out=$(mount -t ext4 ${2:+-o "$2"} /dev/vda /mnt 2>&1) ||
		{ err "$1" "mount /dev/vda: $out"; return 1; }
}

act_disk_write() {
	token=$(param token)
	[ -n "$token" ] || { err disk-write "no armvm.token on the command line"; return; }
	mount_vda disk-write || return
	if echo "$token" >/mnt/armvm-token && sync; then
		if umount /mnt; then
			ok disk-write "wrote=$token"
		else
			err disk-write "umount failed"
		fi
	else
		umount /mnt
		err disk-write "cannot write /mnt/armvm-token"
	fi
}

act_disk_read() {
	mount_vda disk-read ro || return
	if [ -f /mnt/armvm-token ]; then
		ok disk-read "token=$(cat /mnt/armvm-token) seed=$(cat /mnt/seed)"
	else
		err disk-read "no /mnt/armvm-token"
	fi
	umount /mnt
}

act_disk_ro() {
	[ -b /dev/vda ] || { err disk-ro "no /dev/vda"; return; }
	ro=$(cat /sys/block/vda/ro)
	if dd if=/dev/zero of=/dev/vda bs=4096 count=1 conv=fsync 2>/dev/null; then
		dev_write=accepted
	else
		dev_write=refused
	fi
	mount_vda disk-ro ro || return
	if echo x >/mnt/armvm-ro-probe 2>/dev/null; then
		fs_write=accepted
	else
		fs_write=refused
	fi
	umount /mnt
	ok disk-ro "ro=$ro device-write=$dev_write fs-write=$fs_write"
}

act_net() {
	ip=$(param ip) peer=$(param peer)
	if [ -z "$ip" ] || [ -z "$peer" ]; then
		err net "armvm.ip and armvm.peer needed"
		return
	fi
	[ -d /sys/class/net/eth0 ] || { err net "no eth0"; return; }
	addr=${ip%/*} bits=${ip#*/}
	mask=$(ipcalc -m "$ip" 2>/dev/null | sed 's/^NETMASK=//')
	if [ "$bits" = "$ip" ] || [ -z "$mask" ]; then
		err net "bad armvm.ip '$ip'"
		return
	fi
	ifconfig lo 127.0.0.1 up
	ifconfig eth0 "$addr" netmask "$mask" up || { err net "ifconfig eth0 failed"; return; }
	mac=$(cat /sys/class/net/eth0/address)
	t0=$(cut -d' ' -f1 /proc/uptime)
	out=$(ping -c 3 -W 10 "$peer" 2>&1)
	t1=$(cut -d' ' -f1 /proc/uptime)
	rx=$(echo "$out" | sed -n 's/.* \([0-9]*\) packets received.*/\1/p')
	rtt=$(echo "$out" | sed -n 's|^round-trip min/avg/max = \([^ ]*\) ms|\1|p')
	ok net "mac=$mac received=${rx:-0} rtt-ms=${rtt:-none} ping-secs=$(echo "$t0 $t1" | awk '{ printf "%.1f", $2 - $1 }')"
}

act_sleep() {
	t0=$(cut -d. -f1 /proc/uptime)
	sleep 2
	ok sleep "uptime-before=$t0 uptime-after=$(cut -d. -f1 /proc/uptime)"
}

# The content of file N of run R: its name repeated, 1-9 KiB and an odd
# tail, so sizes and contents differ (tests/lab/55-linux-crash.sh makes the
# same bytes to compare).
fsync_size() { echo $(( (($2 % 9) + 1) * 1024 + ($2 * 37 + $1) % 512 )); }
fsync_content() { yes "armvm-fsync-$1-$2" | head -c "$(fsync_size "$1" "$2")"; }

act_fsync_writer() {
	run=$(param run)
	[ -n "$run" ] || { err fsync-writer "no armvm.run on the command line"; return; }
	mount_vda fsync-writer || return
	mkdir -p "/mnt/run-$run" && sync
	ok fsync-writer "run=$run"
	n=0
	# At most 300 files a run (about 1.5 MiB), then idle until killed.
	while [ $n -lt 300 ]; do
		n=$((n + 1))
		if fsync_content "$run" $n | dd of="/mnt/run-$run/f-$n" bs=4096 conv=fsync 2>/dev/null; then
			echo "ARMVM-FSYNCED $run $n $(fsync_size "$run" $n) end"
		fi
	done
	while :; do sleep 60; done
}

act_fsync_check() {
	mount_vda fsync-check ro || return
	for d in /mnt/run-*; do
		[ -d "$d" ] || continue
		for f in "$d"/f-*; do
			[ -f "$f" ] || continue
			echo "ARMVM-FILE ${d#/mnt/run-} ${f##*/f-} $(wc -c <"$f") $(md5sum <"$f" | cut -d' ' -f1)"
		done
	done
	umount /mnt
	ok fsync-check "listed"
}

act_ksyms() {
	facts=""
	for sym in $(param ksyms | tr ',' ' '); do
		addr=$(awk -v s="$sym" '$3 == s { print $1; exit }' /proc/kallsyms)
		facts="$facts $sym=${addr:-none}"
	done
	ok ksyms "$facts"
}

CHAN_SHM=$((0x0b100000)) CHAN_BELL=$((0x0b110000))
rd32() { printf '%d' "$(devmem "$1" 32)"; }

chan_read() { # mailbox address -> its text
	n=$(rd32 "$1")
	[ "$n" -le 56 ] || n=56
	i=0
	while [ $((i * 4)) -lt "$n" ]; do
		rd32 $(($1 + 4 + i * 4)); echo
		i=$((i + 1))
	done | awk -v n="$n" '{ w = $1; for (b = 0; b < 4 && c < n; b++) { printf "%c", w % 256; w = int(w / 256); c++ } }'
}

chan_write() { # mailbox address, seq, text: text and length, then seq
	printf '%s' "$3" | hexdump -v -e '1/1 "%u\n"' |
		awk 'BEGIN { m = 1 } { w += $1 * m; m *= 256; n++; if (n % 4 == 0) { print w; w = 0; m = 1 } } END { if (n % 4) print w }' |
		{ i=0; while read -r w; do devmem $(($1 + 4 + i * 4)) 32 "$w"; i=$((i + 1)); done; }
	devmem "$1" 32 ${#3}
	devmem $(($1 + 60)) 32 "$2"
	devmem "$CHAN_BELL" 32 1
}

act_chan() {
	node=/proc/device-tree/channel@b100000
	[ -r "$node/compatible" ] || { err chan "no channel@b100000 node"; return; }
	compat=$(tr '\0' ',' < "$node/compatible" | sed 's/,$//')
	side=$(rd32 $((CHAN_BELL + 4)))
	[ "$side" = 1 ] || { err chan "side $side, not 1"; return; }
	got=
	for seq in 1 2 3; do
		tries=0
		while [ "$(rd32 $((CHAN_SHM + 60)))" != "$seq" ]; do
			tries=$((tries + 1))
			[ $tries -lt 3000 ] || { err chan "no message $seq from side 0"; return; }
		done
		got="$got${got:+|}$(chan_read "$CHAN_SHM")"
		chan_write $((CHAN_SHM + 0x100)) "$seq" "pong $seq linux"
	done
	ok chan "side=$side compatible=$compat got=$got"
}

for a in $(echo "$1" | tr ',' ' '); do
	case $a in
	cpus|rng|rtc|net|sleep) "act_$a" ;;
	disk-write) act_disk_write ;;
	disk-read) act_disk_read ;;
	disk-ro) act_disk_ro ;;
	fsync-writer) act_fsync_writer ;;
	fsync-check) act_fsync_check ;;
	ksyms) act_ksyms ;;
	chan) act_chan ;;
	*) err "$a" "unknown action" ;;
	esac
done
