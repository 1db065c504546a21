#!/bin/sh
# Bad input to `armvm run`: each must give one `armvm: error: ...` line
# naming the problem and the documented non-zero status (2 usage/input,
# 1 host), never a crash or a hang.
# lab-timeout: 300

gic=${ARMVM_LAB_GIC:-3}
aarch32=1
kvmcheck 2>/dev/null | grep -q '^el1_32bit=0' && aarch32=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
hello=/guests/aarch64/hello.elf

bad() { # name want-status message-pattern armvm-run-args...
	name=$1 want=$2 pat=$3
	shift 3
	timeout 60 armvm run "$@" >"$tmp/out" 2>"$tmp/err"
	got=$?
	lines=$(wc -l <"$tmp/err")
	if [ "$got" != "$want" ]; then
		echo "FAIL: bad-$name exit status $got, want $want: $(head -n 1 "$tmp/err")"
	elif [ "$lines" != 1 ] || ! grep -q "^armvm: error: .*$pat" "$tmp/err"; then
		echo "FAIL: bad-$name want one 'armvm: error: ...$pat' line, got $lines: $(head -n 2 "$tmp/err" | tr '\n' '|')"
	elif [ -s "$tmp/out" ]; then
		echo "FAIL: bad-$name the guest ran: $(head -n 1 "$tmp/out")"
	else
		echo "PASS: bad-$name"
	fi
}

# Images.
bad missing-image 2 "cannot open image '/nonexistent.elf'" /nonexistent.elf
: >"$tmp/empty"
bad empty-image 2 "is empty" "$tmp/empty"
bad directory-image 2 "not a regular file" /guests
head -c 200 $hello >"$tmp/truncated.elf"
bad truncated-elf 2 "truncated.elf'" "$tmp/truncated.elf"
dd if=/dev/urandom of="$tmp/garbage" bs=1k count=8 2>/dev/null
bad garbage-image 2 "not an ELF, arm64 Image or zImage" "$tmp/garbage"
# A raw image larger than RAM (3 MiB into 2 MiB).
dd if=/dev/zero of="$tmp/big.bin" bs=1k count=3072 2>/dev/null
bad image-larger-than-ram 2 "big.bin'" -m 2M --raw "$tmp/big.bin"
# An ELF whose first segment claims the PL011's address: patch p_paddr of
# program header 0 (ELF64: e_phoff at 0x20, p_paddr at +0x18).
cp $hello "$tmp/over-uart.elf"
phoff=$(od -A n -t u8 -j 32 -N 8 $hello | tr -d ' ')
printf '\000\000\000\011\000\000\000\000' |
	dd of="$tmp/over-uart.elf" bs=1 seek=$((phoff + 24)) conv=notrunc 2>/dev/null
bad elf-over-device 2 "over-uart.elf'" "$tmp/over-uart.elf"
bad raw-load-addr-on-device 2 "load address 0x9000000 is outside RAM" \
	--load-addr 0x09000000 /guests/aarch64/hello.bin
# (Where the host cannot run AArch32 at all, that refusal comes first:
# 32-aarch32-host.sh checks it.)
if [ $aarch32 = 1 ]; then
	bad aarch64-elf-as-aarch32 2 "hello.elf'" --aarch32 $hello
else
	echo "SKIP: bad-aarch64-elf-as-aarch32 this host's KVM cannot run AArch32 guests"
fi

# Sizes and counts.
bad zero-memory 2 "below the minimum" -m 0 $hello
bad garbage-memory 2 "bad memory size" -m lots $hello
bad absurd-memory 2 "memory size" -m 900G $hello
bad aarch32-memory-above-4g 2 "below 4 GiB" --aarch32 -m 4G /guests/aarch32/hello.elf
bad zero-cpus 2 "out of range" -c 0 $hello
bad absurd-cpus 2 "out of range" -c 4096 $hello
bad gicv2-too-many-cpus 2 "at most 8" --gic 2 -c 9 $hello
bad unknown-option 2 "unknown option '--frobnicate'" --frobnicate $hello
bad no-image 2 "no image given"
bad two-images 2 "more than one image" $hello $hello

# virtio devices.
bad missing-disk 2 "cannot open disk image /nonexistent.img" --disk /nonexistent.img $hello
bad bad-net 2 "use --net tap=NAME" --net user $hello
bad bad-console 2 "bad console 'serial'" --console serial $hello

# The host side.
bad no-kvm-device 1 "cannot open /nonexistent/kvm" --kvm-path /nonexistent/kvm $hello
bad not-a-kvm-device 1 "/dev/null is not a KVM device" --kvm-path /dev/null $hello
# No permission: a root-only copy of the KVM device node, opened by user
# nobody (added to the lab's /etc/passwd for su when missing).
kvm_dev=$(sed -n 's/^ *\([0-9]*\) kvm$/\1/p' /proc/misc)
added_passwd=""
if ! grep -q '^nobody:' /etc/passwd 2>/dev/null; then
	[ -e /etc/passwd ] || added_passwd=/etc/passwd
	echo "nobody:x:65534:65534:nobody:/:/bin/sh" >>/etc/passwd
fi
if [ -n "$kvm_dev" ] && mknod "$tmp/kvm" c 10 "$kvm_dev" && chmod 600 "$tmp/kvm" &&
	chmod 755 "$tmp"; then
	name=no-kvm-permission
	timeout 60 su -s /bin/sh nobody -c \
		"armvm run --kvm-path $tmp/kvm $hello" >"$tmp/out" 2>"$tmp/err"
	got=$?
	if [ "$got" = 1 ] && grep -q "^armvm: error: no permission to open $tmp/kvm" "$tmp/err"; then
		echo "PASS: bad-$name"
	else
		echo "FAIL: bad-$name status $got: $(head -n 1 "$tmp/err")"
	fi
else
	echo "FAIL: bad-no-kvm-permission cannot make a private KVM device node"
fi
[ -n "$added_passwd" ] && rm -f "$added_passwd"
