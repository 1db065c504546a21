# Helpers for the Linux-guest lab tests (tests/lab/5x-*.sh), sourced as
# /linux/lib.sh inside the nested host (mk/guests.mk copies it into build/linux/).
# busybox sh.
# shellcheck shell=sh disable=SC2034 # the LB_* results are for the tests
#
# /linux/arm64/{Image,initramfs.cpio.gz}, /linux/armhf/{zImage,initramfs.cpio.gz}
# are Debian's kernels and the test guest's initramfs (tests/linux/).
# A guest boots with  console=ttyAMA0 quiet panic=-1 armvm.test=<actions>
# (panic=-1: a guest kernel panic resets, so armvm exits 3 at once instead
# of sitting in a dead guest until the timeout).

# Generous: Linux under nested KVM under TCG takes 15-40 s to boot here.
LINUX_BOOT_TIMEOUT=${LINUX_BOOT_TIMEOUT:-300}
LINUX_MEM=${LINUX_MEM:-256M}

linux_kernel() { # arch -> path of the kernel image
	case $1 in
	arm64) echo /linux/arm64/Image ;;
	armhf) echo /linux/armhf/zImage ;;
	esac
}

# True when the guest files of <arch> are there; else prints a FAIL for <test>.
linux_have() { # arch test-name
	for f in "$(linux_kernel "$1")" "/linux/$1/initramfs.cpio.gz"; do
		[ -s "$f" ] && continue
		echo "FAIL: $2 no $f in the nested host (make linux-guests; lab/mkinitramfs.sh packs build/linux/)"
		return 1
	done
}

# Boot a guest. Sets LB_STATUS (armvm's exit status), LB_OUT / LB_ERR
# (files with its stdout / stderr), LB_SECS and LB_MS (the nested host's
# uptime around the run, 10 ms resolution: wall time, or guest time under
# --icount). Console input stays off (--no-input): stdin is not the guest's.
# Options after the arguments go to armvm run before the image. LB_KERNEL,
# when set, is the kernel file instead of the arch's usual one.
linux_boot() { # tag arch cpus actions extra-cmdline [armvm options...]
	tag=$1 arch=$2 cpus=$3 actions=$4 extra=$5
	shift 5
	LB_OUT=$PWD/$tag.out LB_ERR=$PWD/$tag.err
	width=""
	[ "$arch" = armhf ] && width=--aarch32
	append="console=ttyAMA0 quiet panic=-1${actions:+ armvm.test=$actions}${extra:+ $extra}"
	t0=$(cut -d' ' -f1 /proc/uptime)
	# shellcheck disable=SC2086 # $width is empty or one word
	timeout -s KILL "$LINUX_BOOT_TIMEOUT" armvm run --no-input $width -c "$cpus" -m "$LINUX_MEM" \
		--initrd "/linux/$arch/initramfs.cpio.gz" --append "$append" "$@" \
		"${LB_KERNEL:-$(linux_kernel "$arch")}" >"$LB_OUT" 2>"$LB_ERR" </dev/null
	LB_STATUS=$?
	t1=$(cut -d' ' -f1 /proc/uptime)
	LB_SECS=$(echo "$t0 $t1" | awk '{ printf "%.1f", $2 - $1 }')
	LB_MS=$(echo "$t0 $t1" | awk '{ printf "%d", ($2 - $1) * 1000 }')
}

# Start BINARY (an armvm) on the test guest in the background, console in
# o.out, stderr in o.err, and return once the guest has printed its cpus
# result (or after 5 minutes, or when it ended): it then idles in two
# `sleep` actions while the caller looks at the running process ($LR_PID).
# Options after the arguments go to `run` before the image.
linux_start_running() { # binary arch cpus [armvm options...]
	lr_bin=$1 lr_arch=$2 lr_cpus=$3
	shift 3
	lr_width=""
	[ "$lr_arch" = armhf ] && lr_width=--aarch32
	: >o.out   # a previous run's result line must not end the wait
	# shellcheck disable=SC2086 # $lr_width is empty or one word
	"$lr_bin" run --no-input $lr_width -c "$lr_cpus" -m "$LINUX_MEM" "$@" \
		--initrd "/linux/$lr_arch/initramfs.cpio.gz" \
		--append "console=ttyAMA0 quiet panic=-1 armvm.test=cpus,sleep,sleep" \
		"$(linux_kernel "$lr_arch")" >o.out 2>o.err </dev/null &
	LR_PID=$!
	lr_n=0
	while ! grep -q '^ARMVM-RESULT cpus' o.out && [ $lr_n -lt 3000 ] && kill -0 $LR_PID 2>/dev/null; do
		sleep 0.1
		lr_n=$((lr_n + 1))
	done
	sleep 1
}

# Why the last boot did not reach a clean power-off, or nothing when it did.
linux_boot_problem() {
	if [ "$LB_STATUS" = 137 ]; then
		echo "no power-off within ${LINUX_BOOT_TIMEOUT}s (killed); console: $(linux_tail)"
	elif [ "$LB_STATUS" != 0 ]; then
		echo "armvm exit status $LB_STATUS: $(grep -v '^bootmark:' "$LB_ERR" | tail -n 2 | tr '\n' ' ')console: $(linux_tail)"
	elif ! grep -q '^ARMVM-GUEST-READY ' "$LB_OUT"; then
		echo "powered off without the ready line; console: $(linux_tail)"
	fi
}

# The end of the guest console, on one line.
linux_tail() {
	tail -n 4 "$LB_OUT" | tr -d '\r' | tr '\n' '|'
}

# A field of the ready line (cpus, online, arch, kernel).
linux_ready_field() { # name
	sed -n "s/^ARMVM-GUEST-READY .*$1=\([^ ]*\).*/\1/p" "$LB_OUT" | tr -d '\r' | head -n 1
}

# The result line of an action: "ok facts..." or "error why...", empty if none.
linux_result() { # action
	sed -n "s/^ARMVM-RESULT $1 //p" "$LB_OUT" | tr -d '\r' | head -n 1
}

# A fact (key=value) of an ok result line.
linux_fact() { # action key
	linux_result "$1" | tr ' ' '\n' | sed -n "s/^$2=//p" | head -n 1
}

# The guest's virtual counter at its readout right after the marker line
# (/bin/armvm-counter <label>: ARMVM-COUNTER <label> cntvct= cntfrq= ns=),
# in ms, or empty when the line is missing or the frequency is 0. Under
# KVM the count starts at the VM's vCPU creation.
linux_counter_ms() { # label
	tr -d '\r' <"$LB_OUT" |
		sed -n "s/^ARMVM-COUNTER $1 cntvct=[0-9]* cntfrq=[1-9][0-9]* ns=\([0-9]*\)$/\1/p" |
		head -n 1 | awk '{ printf "%d", $1 / 1000000 }'
}

# The boot marker's time in ms as armvm reported it (first mark), or empty.
linux_bootmark_ms() {
	sed -n 's/^bootmark: 0 value 0x[0-9a-f]* at \([0-9]*\)\.[0-9]* ms$/\1/p' "$LB_ERR" | head -n 1
}
