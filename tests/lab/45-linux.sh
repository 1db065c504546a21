#!/bin/sh
# Real Linux kernels boot under `armvm run` to their /init on 2 vCPUs and
# power off: Debian's arm64 Image (AArch64) and armmp zImage (--aarch32),
# each with a one-file busybox initramfs made here. /init also writes the
# boot marker (busybox devmem), so armvm reports the time to init. The kernels are large,
# so they only come in when asked for (otherwise SKIP):
#
#   d=/tmp/armvm-linux; mkdir -p $d
#   cp ~/.cache/armvm/lab/arm64/vmlinuz $d/linux-arm64.Image
#   cp ~/.cache/armvm/lab/armhf/vmlinuz $d/linux-armhf.zImage
#   cp ~/.cache/armvm/lab/armhf/busybox $d/busybox-armhf
#   lab/run.sh --only 45-linux --add $d/linux-arm64.Image \
#       --add $d/linux-armhf.zImage --add $d/busybox-armhf
# lab-timeout: 600

gic=${ARMVM_LAB_GIC:-3}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# make_initrd BUSYBOX OUT: /init prints a marker line and powers off.
make_initrd() {
	r=$tmp/root
	rm -rf "$r"
	mkdir -p "$r/bin" "$r/proc" "$r/dev"
	cp "$1" "$r/bin/busybox"
	ln -s busybox "$r/bin/sh"
	cat >"$r/init" <<'INIT'
#!/bin/sh
/bin/busybox mount -t proc proc /proc
/bin/busybox mount -t devtmpfs dev /dev
/bin/busybox devmem 0x0b001000 32 0x1717
echo "LINUX-UP: $(/bin/busybox uname -m) cpus $(/bin/busybox grep -c ^processor /proc/cpuinfo)"
/bin/busybox poweroff -f
INIT
	chmod 755 "$r/init"
	(cd "$r" && find . | cpio -o -H newc 2>/dev/null) | gzip >"$2"
}

boot() { # name kernel busybox want-machine armvm-options...
	name=$1 kernel=$2 bb=$3 want=$4
	shift 4
	if [ ! -f "$kernel" ] || [ ! -f "$bb" ]; then
		echo "SKIP: $name no $kernel or $bb (see the top of this script)"
		return
	fi
	make_initrd "$bb" "$tmp/initrd.gz"
	timeout 300 armvm run --gic "$gic" -c 2 -m 512M --no-input "$@" \
		--initrd "$tmp/initrd.gz" --append "console=ttyAMA0 panic=-1" \
		"$kernel" >"$tmp/out" 2>"$tmp/err"
	got=$?
	if [ $got = 0 ] && grep -q "^LINUX-UP: $want cpus 2" "$tmp/out"; then
		echo "PASS: $name"
		# A time since the VM started, in ms (sanity: under 10^7 ms).
		if grep -Eq "^bootmark: 0 value 0x1717 at [0-9]{1,7}\.[0-9]{3} ms$" "$tmp/err"; then
			echo "PASS: $name-bootmark"
			echo "INFO: $name init reached: $(grep '^bootmark: 0' "$tmp/err")"
		else
			echo "FAIL: $name-bootmark no well-formed 'bootmark: 0 value 0x1717 at T ms' line: $(head -n 2 "$tmp/err" | tr '\n' '|')"
		fi
	else
		echo "FAIL: $name status $got; last console lines: $(tail -n 3 "$tmp/out" | tr '\n' '|') $(head -n 1 "$tmp/err")"
	fi
}

boot linux-arm64-image /extra/linux-arm64.Image /bin/busybox aarch64
boot linux-armhf-zimage /extra/linux-armhf.zImage /extra/busybox-armhf armv7l --aarch32
