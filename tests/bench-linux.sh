#!/bin/sh
# Linux guest boot benchmark (issue 8): Debian's arm64 kernel (Image) and
# armhf kernel (zImage, AArch32 guest), 1 and 2 vCPUs, 256 MiB, `quiet`, the
# test initramfs whose /init writes the boot marker and powers off:
#   - armvm and kvmtool in the SAME boot of the lab's nested host, under
#     QEMU's -icount shift=0 (guest time counts instructions: 1 ms = 1e6
#     instructions of the emulated machine, all its CPUs together);
#   - the no-hypervisor floor: plain QEMU (TCG) -M virt on the same kernel
#     and initramfs, also -icount shift=0: instructions from reset to the
#     guest's counter readout after the marker (tests/linux/counter.c);
#   - a second table: that readout on every platform (KVM: from vCPU
#     creation; the EL2 engine: from the partition's start), and what one
#     readout costs on each.
# Columns:
#   to-mark(M)    VMM exec -> the /init marker line on the console, by the
#                 nested host's clock (10 ms resolution), same for both VMMs
#   warm(M)       armvm with --decompress-cache filled (zImage only: the
#                 inflated kernel is mapped, not inflated again)
#   ratio, warm/  armvm / kvmtool, warm / kvmtool
#   marker(M)     armvm's own marker device (VM start -> marker)
#   over(kB)      the VMM's peak RSS beyond resident guest RAM
#   own(kB)       its RSS beyond guest RAM while the guest runs
#   floor(M)      plain QEMU, no hypervisor: instructions from the
#                 machine's reset to the guest's counter readout right after
#                 the marker line (QEMU gives CNTVOFF = 0, so the guest's
#                 virtual count is time since reset); the second table
#                 adds the guest's uptime there (which starts only when the
#                 kernel's clock does, ~100 M after reset) and, for armhf,
#                 the kernel proper (the Image inside the zImage, entered
#                 directly, as armvm does after inflating it)
#   EL2(M)        the EL2 engine (el2-build image under QEMU with EL2): the
#                 machine's instructions from the partition's start to the
#                 marker
# kvmtool comes from ../shared/peers/kvmtool (SKIP when absent). The lab half
# is tests/linux/bench-lab.sh. Needs `make all`. Reports, never fails on a
# threshold. LINUX_BENCH_CONFIGS picks kernel:vCPUs pairs (default
# "arm64:1 arm64:2 armhf:1 armhf:2"; armhf on 2 vCPUs is slow under -icount,
# see the README).
cd "$(dirname "$0")/.." || exit 1
B=${B:-build}
export B
for f in "$B/arm64/armvm" "$B/linux/arm64/Image" "$B/linux/armhf/zImage"; do
	[ -s "$f" ] || { echo "bench-linux: no $f (make all)"; exit 1; }
done
KVMTOOL=../shared/peers/kvmtool/lkvm-static
add=""
if [ -x "$KVMTOOL" ]; then
	add="--add $KVMTOOL"
else
	echo "SKIP: bench-linux kvmtool rows: no $KVMTOOL (../shared absent)"
fi
configs=${LINUX_BENCH_CONFIGS:-arm64:1 arm64:2 armhf:1 armhf:2}
cmd="lab/run.sh --icount --timeout 3000 --add tests/linux/bench-lab.sh $add --run 'sh /extra/bench-lab.sh \"$configs\"'"
# shellcheck disable=SC2086 # $add is empty or two words
out=$(lab/run.sh --icount --timeout 3000 --add tests/linux/bench-lab.sh $add \
	--run "sh /extra/bench-lab.sh '$configs'" 2>/dev/null)
status=$?

# The floor: plain QEMU, no hypervisor, same kernel, initramfs, RAM, cmdline.
# Without EL2 or EL3 QEMU's CNTVOFF is 0, so the guest's virtual count at
# the readout after the marker line (tests/linux/counter.c) counts from the
# machine's reset: everything the kernel does, before its clocks start too.
# Consoles are kept in $B/bench-linux-floor/.
FLOOR_DIR=$B/bench-linux-floor
FLOOR_APPEND="console=ttyAMA0 quiet panic=-1 armvm.test=cpus"
qemu_for() { # arch -> the plain QEMU machine
	case $1 in
	arm64) echo "qemu-system-aarch64 -M virt,gic-version=3 -cpu cortex-a57" ;;
	armhf) echo "qemu-system-arm -M virt,gic-version=3 -cpu cortex-a15" ;;
	esac
}
floor_boot() { # log arch cpus qemu-boot-args... -> the console in log
	log=$1 a=$2 n=$3
	shift 3
	# 240 s: QEMU's qemu-system-arm with -icount and 2 vCPUs stalls after
	# bringing up CPU1 (also with the zImage decompressing itself): "-".
	# shellcheck disable=SC2046 # a command line
	timeout -s KILL 240 $(qemu_for "$a") -smp "$n" -m 256 -icount shift=0 \
		-display none -no-reboot -monitor none -nic none -serial stdio "$@" \
		</dev/null 2>/dev/null | tr -d '\r' >"$log"
}
# From a console: a field of the ARMVM-COUNTER <label> line (optionally
# behind the EL2 engine's "[gN] " prefix), the uptime on the marker line.
console_counter() { # log label -> ns, or -
	v=$(sed -n "s/^\(\[g[0-9]*\] \)\{0,1\}ARMVM-COUNTER $2 .* ns=\([0-9]*\)$/\2/p" "$1" 2>/dev/null | head -n 1)
	echo "${v:--}"
}
console_uptime_ms() { # log -> ms, or -
	v=$(sed -n 's/^ARMVM-BOOT-MARK uptime=\([0-9.]*\).*/\1/p' "$1" 2>/dev/null |
		head -n 1 | awk '{ printf "%d", $1 * 1000 }')
	echo "${v:--}"
}
# The counter figures of a console: "<mark-ns>:<again-ns>".
console_counters() { # log
	echo "$(console_counter "$1" mark):$(console_counter "$1" again)"
}
floor() { # arch cpus -> <uptime-ms>:<mark-ns>:<again-ns> (reset -> readout)
	case $1 in arm64) k=$B/linux/arm64/Image ;; armhf) k=$B/linux/armhf/zImage ;; esac
	log=$FLOOR_DIR/$1-$2.log
	floor_boot "$log" "$1" "$2" -kernel "$k" -initrd "$B/linux/$1/initramfs.cpio.gz" \
		-append "$FLOOR_APPEND"
	echo "$(console_uptime_ms "$log"):$(console_counters "$log")"
}
# The armhf kernel proper: the arm32 Image inside Debian's zImage (its XZ
# payload, as armvm inflates it: src/machine/decompress_kernel.c), loaded
# at RAM base + 0x208000 (its TEXT_OFFSET) and entered as armvm enters it
# (SVC, MMU off, r0 = 0, r1 = ~0, r2 = the DTB) by a four-instruction stub;
# QEMU's generic loader places the files, so no guest instruction copies
# them. The DTB is QEMU's own for that machine (dumpdtb, with -kernel
# -initrd -append so /chosen has the initrd and bootargs), the initrd where
# that DTB says, the DTB on the next 4 KiB above it.
floor_image() { # cpus -> <uptime-ms>:<mark-ns>:<again-ns>, or -
	w=$FLOOR_DIR/armhf-image
	z=$B/linux/armhf/zImage i=$B/linux/armhf/initramfs.cpio.gz
	mkdir -p "$w"
	# The payload: the first XZ stream in the zImage that inflates.
	rm -f "$w/Image"
	LC_ALL=C grep -obUaP '\xfd7zXZ\x00' "$z" | cut -d: -f1 >"$w/offsets"
	while read -r off; do
		tail -c +$((off + 1)) "$z" | xz -dc --single-stream >"$w/Image" 2>/dev/null && break
		rm -f "$w/Image"
	done <"$w/offsets"
	[ -s "$w/Image" ] || { echo -; return; }
	qemu-system-arm -M virt,gic-version=3,dumpdtb="$w/virt.dtb" -cpu cortex-a15 -smp "$1" -m 256 -display none \
		-kernel "$z" -initrd "$i" -append "$FLOOR_APPEND" >/dev/null 2>&1
	start=$(fdtget -t x "$w/virt.dtb" /chosen linux,initrd-start 2>/dev/null)
	end=$(fdtget -t x "$w/virt.dtb" /chosen linux,initrd-end 2>/dev/null)
	if [ -z "$start" ] || [ -z "$end" ]; then echo -; return; fi
	dtb=$(printf '0x%x' $(((0x$end + 0xfff) & ~0xfff)))
	printf '\tmov r0, #0\n\tmvn r1, #0\n\tldr r2, dtb\n\tldr pc, entry\ndtb:\t.word %s\nentry:\t.word 0x40208000\n' \
		"$dtb" >"$w/stub.S"
	cross=${CROSS32:-arm-linux-gnueabihf-}
	if ! "${cross}as" -o "$w/stub.o" "$w/stub.S" ||
		! "${cross}objcopy" -O binary "$w/stub.o" "$w/stub.bin"; then
		echo -; return
	fi
	# The stub above QEMU's own DTB at RAM base (placed there without -kernel).
	floor_boot "$w/boot-$1.log" armhf "$1" \
		-device "loader,file=$w/Image,addr=0x40208000,force-raw=on" \
		-device "loader,file=$i,addr=0x$start,force-raw=on" \
		-device "loader,file=$w/virt.dtb,addr=$dtb,force-raw=on" \
		-device "loader,file=$w/stub.bin,addr=0x40100000,cpu-num=0,force-raw=on"
	echo "$(console_uptime_ms "$w/boot-$1.log"):$(console_counters "$w/boot-$1.log")"
}
# The same kernel on plain QEMU with the EL2 engine's device tree for the
# partition (el2-build's p0.dtb: its devices, the initrd where the engine
# puts it, no random seeds), entered directly by a stub as the engine enters
# it: the guest's own work on that machine, so EL2(M) minus this is what the
# engine itself costs. The kernel is the arm64 Image at RAM base + 2 MiB
# (text_offset 0) or the armhf Image of floor_image() at + 0x208000.
floor_el2dt() { # arch cpus -> <uptime-ms>:<mark-ns>:<again-ns>, or -
	mkdir -p "$FLOOR_DIR/$1-$2-el2dt"
	floor_direct "$FLOOR_DIR/$1-$2-el2dt" "$1" "$2" "$B/bench-linux-el2/$1-$2/p0.dtb"
}
# Plain QEMU, the kernel entered directly with a given device tree at
# 0x48000000 and the initrd where that tree's /chosen says.
floor_direct() { # workdir arch cpus dtb -> <uptime-ms>:<mark-ns>:<again-ns>, or -
	w=$1 dt=$4
	set -- "$2" "$3"
	start=$(fdtget -t x "$dt" /chosen linux,initrd-start 2>/dev/null | awk '{ print $NF }')
	if [ -z "$start" ]; then echo -; return; fi
	cross=${CROSS32:-arm-linux-gnueabihf-}
	case $1 in
	arm64)
		k=$B/linux/arm64/Image entry=0x40200000 cross=${CROSS64:-aarch64-linux-gnu-}
		printf '\tldr x0, dtb\n\tmov x1, xzr\n\tmov x2, xzr\n\tmov x3, xzr\n\tldr x4, entry\n\tbr x4\ndtb:\t.quad 0x48000000\nentry:\t.quad %s\n' \
			"$entry" >"$w/stub.S" ;;
	armhf)
		k=$FLOOR_DIR/armhf-image/Image entry=0x40208000
		printf '\tmov r0, #0\n\tmvn r1, #0\n\tldr r2, dtb\n\tldr pc, entry\ndtb:\t.word 0x48000000\nentry:\t.word %s\n' \
			"$entry" >"$w/stub.S" ;;
	esac
	[ -s "$k" ] || { echo -; return; }
	if ! "${cross}as" -o "$w/stub.o" "$w/stub.S" ||
		! "${cross}objcopy" -O binary "$w/stub.o" "$w/stub.bin"; then
		echo -; return
	fi
	floor_boot "$w/boot.log" "$1" "$2" \
		-device "loader,file=$k,addr=$entry,force-raw=on" \
		-device "loader,file=$B/linux/$1/initramfs.cpio.gz,addr=0x$start,force-raw=on" \
		-device "loader,file=$dt,addr=0x48000000,force-raw=on" \
		-device "loader,file=$w/stub.bin,addr=0x40100000,cpu-num=0,force-raw=on"
	echo "$(console_uptime_ms "$w/boot.log"):$(console_counters "$w/boot.log")"
}
# The same on armvm's own machine: the device tree `armvm run --dtb-out`
# gives this guest in the lab (the "dtb" lines of bench-lab.sh), plus a
# fixed 64-byte /chosen/rng-seed. The seed stands for what KVM gives a
# guest and plain QEMU cannot: the SMCCC TRNG call (arch/arm64/kvm/trng.c),
# from which the guest seeds its RNG at boot; without any early entropy
# this kernel spends ~25 M more before init (docs/performance.md).
floor_armvmdt() { # arch cpus -> <uptime-ms>:<mark-ns>:<again-ns>, or -
	w=$FLOOR_DIR/$1-$2-armvmdt
	mkdir -p "$w"
	echo "$out" | awk -v a="$1" -v n="$2" '$1 == "dtb" && $2 == a && $3 == n { print $4; exit }' |
		xxd -r -p >"$w/armvm.dtb"
	[ -s "$w/armvm.dtb" ] || { echo -; return; }
	# shellcheck disable=SC2046 # 64 words, one a byte
	fdtput -t bx "$w/armvm.dtb" /chosen rng-seed \
		$(seq 1 64 | awk '{ printf "%02x ", ($1 * 37) % 256 }') 2>/dev/null || { echo -; return; }
	floor_direct "$w" "$1" "$2" "$w/armvm.dtb"
}
# The EL2 engine on the same kernel, initramfs and command line: one
# partition (el2-build inflates a zImage's payload), the whole machine's
# instructions from the partition's start to the boot marker.
# The partition's console is in $B/bench-linux-el2/<arch>-<cpus>/console.log:
# its guest's counter lines count from the partition's start (the engine
# sets CNTVOFF_EL2 to the physical count then: src/el2/partition.c).
el2() { # arch cpus -> instructions/1e6, or -
	d=$B/bench-linux-el2/$1-$2
	rm -rf "$d" && mkdir -p "$d" || return
	case $1 in arm64) w=aarch64 k=Image ;; armhf) w=aarch32 k=zImage ;; esac
	c=0; [ "$2" = 2 ] && c="0, 1"
	printf '[partition linux]\narch = %s\ncpus = %s\nram = 256M\nimage = %s\ninitrd = %s\ncmdline = console=ttyAMA0 quiet panic=-1 armvm.test=cpus\ndevices = pl011, pl031, bootmark\n' \
		"$w" "$c" "$B/linux/$1/$k" "$B/linux/$1/initramfs.cpio.gz" >"$d/cfg.conf"
	./el2/tools/el2-image.sh "$d/cfg.conf" "$d" >"$d/build.log" 2>&1 || return
	timeout -s KILL 240 qemu-system-aarch64 -M virt,virtualization=on,gic-version=3 \
		-cpu cortex-a57 -smp 4 -m 1G -icount shift=0 -display none -monitor none \
		-serial stdio -kernel "$d/hyp.elf" </dev/null 2>/dev/null | tr -d '\r' >"$d/console.log"
	sed -n 's/^\[el2\] partition 0 (linux) boot mark 0 .* (\([0-9]*\) ns)$/\1/p' "$d/console.log" |
		head -n 1 | awk '{ printf "%d", $1 / 1000000 }'
}
floors="" counters=""
mkdir -p "$FLOOR_DIR"
# The lab's raw lines (rows, counters, armvm's device trees), for a re-run
# of the host half.
echo "$out" >"$FLOOR_DIR/lab.out"
for config in $configs; do
	a=${config%:*} n=${config#*:}
	f=$(floor "$a" "$n")
	e=$(el2 "$a" "$n")
	e2c=$(console_counters "$B/bench-linux-el2/$a-$n/console.log")
	im=-:-:- e2f=-:-:- avf=-:-:-
	# Where plain QEMU did not reach the readout (qemu-system-arm stalls
	# with -icount and 2 vCPUs, above), its variants would wait out their
	# timeouts too.
	case $f in
	*:-:*) ;;
	*)
		[ "$a" = armhf ] && im=$(floor_image "$n")
		e2f=$(floor_el2dt "$a" "$n")
		avf=$(floor_armvmdt "$a" "$n") ;;
	esac
	floors="$floors $config:$(echo "$f" | awk -F: '{ print ($2 ~ /^[0-9]+$/) ? int($2 / 1000000) : "-" }'):${e:--}"
	# config floor(uptime:mark:again) image(uptime:mark:again) el2(mark:again)
	# floor-on-el2's-dt(uptime:mark:again) floor-on-armvm's-dt(uptime:mark:again)
	counters="$counters $a,$n,$f,$im,$e2c,$e2f,$avf"
done

echo "== Linux boot: armvm vs kvmtool in one lab boot, and the no-hypervisor floor (-icount shift=0: 1 ms = 1e6 instructions) =="
echo "command: $cmd"
echo "floor:   qemu-system-{aarch64,arm} -M virt -icount shift=0 -smp N -m 256 -kernel K -initrd I (reset -> the counter readout after the marker line)"
printf '%-6s %5s %10s %10s %10s %6s %6s %10s %10s %10s %10s %10s %9s %7s  %s\n' kernel vcpus \
	"armvm(M)" "warm(M)" "kvmtool(M)" ratio "warm/" "marker(M)" "armvm-over" "armvm-own" \
	"kvm-over" "kvm-own" "floor(M)" "EL2(M)" note
echo "$out" | awk -v floors="$floors" '
	BEGIN { n = split(floors, f, " "); for (i = 1; i <= n; i++) { split(f[i], p, ":"); fl[p[1] " " p[2]] = p[3]; e2[p[1] " " p[2]] = p[4] } }
	$1 == "row" {
		key = $3 " " $4
		if (!(key in seen)) { seen[key] = 1; order[++rows] = key }
		cm[$2, key] = $5; mk[$2, key] = $6; over[$2, key] = $10; own[$2, key] = $11
		note = ""; for (i = 12; i <= NF; i++) if ($i != "-") note = note " " $2 ":" $i
		notes[key] = notes[key] note
	}
	END {
		for (r = 1; r <= rows; r++) {
			key = order[r]; split(key, k, " ")
			a = cm["armvm", key]; b = cm["kvmtool", key]; w = cm["armvm-warm", key]
			ratio = (a ~ /^[0-9]+$/ && b ~ /^[0-9]+$/ && b > 0) ? sprintf("%.2f", a / b) : "-"
			wratio = (w ~ /^[0-9]+$/ && b ~ /^[0-9]+$/ && b > 0) ? sprintf("%.2f", w / b) : "-"
			printf "%-6s %5s %10s %10s %10s %6s %6s %10s %10s %10s %10s %10s %9s %7s %s\n", k[1], k[2],
				a, (w == "" ? "-" : w), (b == "" ? "-" : b), ratio, wratio,
				mk["armvm", key], over["armvm", key],
				own["armvm", key], (over["kvmtool", key] == "" ? "-" : over["kvmtool", key]),
				(own["kvmtool", key] == "" ? "-" : own["kvmtool", key]),
				(key in fl ? fl[key] : "-"), (key in e2 ? e2[key] : "-"), notes[key]
		}
	}'

echo
echo "== The floor from reset, and each guest's own counter after the marker line (M = 1e6 instructions) =="
echo "floor     plain QEMU (no EL2/EL3: CNTVOFF = 0): the guest's virtual count read right after the marker"
echo "          line (tests/linux/counter.c, one fork+exec): instructions from reset, the kernel's"
echo "          early boot before its clocks start included; floor-up: its uptime on the marker line"
echo "Image     armhf: the arm32 Image inside the zImage entered directly (r0=0 r1=~0 r2=DTB, as armvm does)"
echo "armvm kvmtool warm   the same readout under KVM in the lab: counts from vCPU creation (VM start -> readout)"
echo "EL2       the same readout in an EL2 engine partition: counts from the partition's start"
echo "armvm-dt  plain QEMU, the kernel entered directly with armvm's own device tree for this guest"
echo "          (--dtb-out in the lab) + an rng-seed (the entropy KVM's SMCCC TRNG gives): the floor on"
echo "          armvm's machine; a/dt: armvm exec -> marker / armvm-dt (armhf: armvm with the cache"
echo "          warm, which enters the same Image)"
echo "EL2-dt    plain QEMU, the kernel entered directly with the EL2 partition's own device tree (no"
echo "          hypervisor, the engine's machine): EL2(M) - EL2-dt(M) is the engine's own cost"
echo "marker    armvm's marker device (VM start -> the guest's devmem write, before the marker line)"
echo "a/floor k/floor  armvm's and kvmtool's exec -> marker (console, table above) / floor"
echo "w/Image   armhf: armvm with its cache warm (enters the Image) exec -> marker / the Image floor"
echo "rd-*      the second readout minus the first: what one readout costs on that platform (M)"
printf '%-6s %5s %9s %9s %9s %9s %9s %9s %9s %9s %9s %9s %7s %7s %7s %7s %8s %8s %8s %8s %8s %8s\n' kernel vcpus \
	"floor(M)" "floor-up" "Image(M)" "armvm-dt" "armvm(M)" "kvmtool" "warm(M)" "EL2(M)" "EL2-dt" "marker" \
	"a/floor" "k/floor" "w/Image" "a/dt" rd-floor rd-Image rd-a-dt rd-armvm rd-kvm rd-EL2
echo "$out" | awk -v counters="$counters" '
	function m(ns) { return (ns ~ /^[0-9]+$/) ? sprintf("%.1f", ns / 1e6) : "-" }
	function d(a, b) { return (a ~ /^[0-9]+$/ && b ~ /^[0-9]+$/) ? sprintf("%.2f", (b - a) / 1e6) : "-" }
	function r(a, b) { return (a ~ /^[0-9]+$/ && b ~ /^[0-9.]+$/ && b > 0) ? sprintf("%.3f", a / b) : "-" }
	$1 == "counter" { mark[$2, $3 " " $4] = $5; again[$2, $3 " " $4] = $6 }
	$1 == "row" { cm[$2, $3 " " $4] = $5; mk[$2, $3 " " $4] = $6 }
	END {
		n = split(counters, c, " ")
		for (i = 1; i <= n; i++) {
			split(c[i], f, ","); key = f[1] " " f[2]
			split(f[3], fl, ":"); split(f[4], im, ":"); split(f[5], e2, ":"); split(f[6], ed, ":")
			split(f[7], ad, ":")
			ad_m = (ad[2] ~ /^[0-9]+$/) ? ad[2] / 1e6 : "-"
			floor_m = (fl[2] ~ /^[0-9]+$/) ? fl[2] / 1e6 : "-"
			image_m = (im[2] ~ /^[0-9]+$/) ? im[2] / 1e6 : "-"
			printf "%-6s %5s %9s %9s %9s %9s %9s %9s %9s %9s %9s %9s %7s %7s %7s %7s %8s %8s %8s %8s %8s %8s\n",
				f[1], f[2], m(fl[2]), (fl[1] ~ /^[0-9]+$/ ? fl[1] : "-"), m(im[2]), m(ad[2]),
				m(mark["armvm", key]), m(mark["kvmtool", key]), m(mark["armvm-warm", key]),
				m(e2[1]), m(ed[2]), (mk["armvm", key] == "" ? "-" : mk["armvm", key]),
				r(cm["armvm", key], floor_m), r(cm["kvmtool", key], floor_m),
				r(cm["armvm-warm", key], image_m), r(cm[f[1] == "armhf" ? "armvm-warm" : "armvm", key], ad_m),
				d(fl[2], fl[3]), d(im[2], im[3]), d(ad[2], ad[3]), d(mark["armvm", key], again["armvm", key]),
				d(mark["kvmtool", key], again["kvmtool", key]), d(e2[1], e2[2])
		}
	}'
echo "floor consoles and the lab's raw lines: $FLOOR_DIR/; EL2 consoles: $B/bench-linux-el2/*/console.log"

# The memory the VMMs do not share with another VM of the same binary
# (tests/linux/bench-lab.sh: priv-kB, anon-kB), from the same memory runs.
echo "-- beyond guest RAM while the guest runs (kB): private (smaps Private_*), anonymous --"
printf '%-6s %5s %12s %12s %12s %12s %12s %12s\n' kernel vcpus armvm-priv armvm-anon \
	warm-priv warm-anon kvm-priv kvm-anon
echo "$out" | awk '
	$1 == "mem" { key = $3 " " $4; if (!(key in seen)) { seen[key] = 1; order[++rows] = key }
		      p[$2, key] = $5; a[$2, key] = $6 }
	function v(x) { return x == "" ? "-" : x }
	END { for (r = 1; r <= rows; r++) { key = order[r]; split(key, k, " ")
		printf "%-6s %5s %12s %12s %12s %12s %12s %12s\n", k[1], k[2],
			v(p["armvm", key]), v(a["armvm", key]), v(p["armvm-warm", key]),
			v(a["armvm-warm", key]), v(p["kvmtool", key]), v(a["kvmtool", key]) } }'
if [ $status != 0 ] || ! echo "$out" | grep -q '^row '; then
	echo "bench-linux: the lab run failed (status $status):"
	echo "$out" | tail -n 20
	exit 1
fi
