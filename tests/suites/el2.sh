#!/bin/bash
# The bare-metal engine (src/el2) booted directly by QEMU (its native unit
# tests, tests/el2/, run in tests/suites/unit.sh): every test guest in both
# widths with its transcript
# compared to the golden one, two partitions at once, isolation, a crashing
# guest beside a healthy one, the EL check, Linux partitions, a channel
# between partitions, device passthrough through armvm-el2 run, and bad
# configurations refused.
# One line per test: PASS:/FAIL:/SKIP:. Needs `make el2 guests` first.
set -u
cd "$(dirname "$0")/../.."
B=${B:-build}
export B
EL2_GIC=${EL2_GIC:-3}
OUT=$B/el2/tests
TAG=
[ "$EL2_GIC" = 3 ] || { OUT=$B/el2/tests-gicv$EL2_GIC; TAG=" [GICv$EL2_GIC host]"; }
QEMU_TIMEOUT=${EL2_QEMU_TIMEOUT:-120}
QEMU="qemu-system-aarch64 -cpu cortex-a57 -smp 4 -m 1G -nographic -monitor none -serial stdio"
# EL2_GIC=2 runs the suite on a GICv2 host (the same images: the hypervisor
# picks the guests' GIC model from the board); hyp.bin is booted as a Linux
# Image, so QEMU passes the board's device tree in x0.
MACHINE="-M virt,virtualization=on,gic-version=$EL2_GIC"
GUESTS="hello psci smp timer mmio wfi ldst"
mkdir -p "$OUT"

pass() { echo "PASS: $1$TAG"; }
fail() { echo "FAIL: $1$TAG ${2:-}"; }
skip() { echo "SKIP: $1$TAG $2"; }

have_el2() { [ -x "$B/host/el2-build" ] && [ -f "$B/el2/objects.list" ]; }

# build_image NAME  (config text on stdin) -> $OUT/NAME/hyp.{elf,bin}, log in build.log
build_image() {
	local d=$OUT/$1
	rm -rf "$d"; mkdir -p "$d"
	cat > "$d/cfg.conf"
	./el2/tools/el2-image.sh "$d/cfg.conf" "$d" > "$d/build.log" 2>&1
}

# run_image NAME [machine [timeout]] -> $OUT/NAME/console.txt, status in $run_rc
run_image() {
	local d=$OUT/$1
	timeout "${3:-$QEMU_TIMEOUT}" $QEMU ${2:-$MACHINE} -kernel "$d/hyp.bin" \
		< /dev/null > "$d/console.raw" 2>&1
	run_rc=$?
	tr -d '\r' < "$d/console.raw" > "$d/console.txt"
}

# guest_lines NAME INDEX -> that partition's lines, prefix stripped
guest_lines() { sed -n "s/^\[g$2\] //p" "$OUT/$1/console.txt"; }

# check_golden TEST NAME INDEX GOLDEN: partition INDEX's transcript == GOLDEN
check_golden() {
	if [ "$run_rc" = 124 ]; then fail "$1" "(timed out after ${QEMU_TIMEOUT}s; see $OUT/$2/console.txt)"; return 1; fi
	if [ "$run_rc" != 0 ]; then fail "$1" "(QEMU exited with $run_rc)"; return 1; fi
	if guest_lines "$2" "$3" | cmp -s - "$4"; then return 0; fi
	fail "$1" "(transcript differs from $4: diff <(sed -n 's/^\[g$3\] //p' $OUT/$2/console.txt) $4)"
	return 1
}

guest_cfg() {  # NAME ARCH CPUS IMAGE [extra lines]
	printf '[partition %s]\narch = %s\ncpus = %s\nram = 64M\nimage = %s\ndevices = pl011, testdev\n%s\n' \
		"$1" "$2" "$3" "$4" "${5:-}"
}

if ! have_el2; then
	skip "el2 images" "the EL2 build is missing: run 'make el2'"
	exit 0
fi

# ---- the EL check -----------------------------------------------------------
if [ -f "$B/guests/aarch64/hello.elf" ]; then
	guest_cfg hello aarch64 0 "$B/guests/aarch64/hello.elf" | build_image not-el2
	# Below EL2 the hypervisor can only report and halt: QEMU is ended by
	# the timeout, after the message.
	run_image not-el2 "-M virt,gic-version=$EL2_GIC" 10
	if grep -q "started at EL1, not EL2" "$OUT/not-el2/console.txt"; then pass "el2 refuses to run below EL2"
	else fail "el2 refuses to run below EL2" "(no message; see $OUT/not-el2/console.txt)"; fi
fi

# ---- every test guest, both widths, alone -----------------------------------
for arch in aarch64 aarch32; do
	for g in $GUESTS; do
		t="el2 $arch $g"
		elf=$B/guests/$arch/$g.elf
		golden=guests/expected/$arch/$g.txt
		if [ ! -f "$elf" ] || [ ! -f "$golden" ]; then
			skip "$t" "(guest $elf or golden $golden not built)"; continue
		fi
		cpus=0; [ "$g" = smp ] && cpus=0,1,2,3
		if ! guest_cfg "$g" "$arch" "$cpus" "$elf" | build_image "$arch-$g"; then
			fail "$t" "(image build failed: $(tail -1 "$OUT/$arch-$g/build.log"))"; continue
		fi
		run_image "$arch-$g"
		check_golden "$t" "$arch-$g" 0 "$golden" || continue
		if [ "$g" = mmio ] || [ "$g" = ldst ]; then
			# The device must have seen exactly what the guest did (ldst:
			# the syndrome-less forms, emulated by mmio_nisv.c).
			guest_hash=$(guest_lines "$arch-$g" 0 | sed -n "s/^$g: reads .* hash \([0-9a-f]*\)\$/\1/p")
			dev_hash=$(sed -n "s/^\[el2\] partition 0 ($g) testdev: .* hash \([0-9a-f]*\)\$/\1/p" "$OUT/$arch-$g/console.txt")
			if [ -z "$guest_hash" ] || [ "$guest_hash" != "$dev_hash" ]; then
				fail "$t" "(test device hash '$dev_hash' != guest hash '$guest_hash')"; continue
			fi
		fi
		pass "$t"
	done
done

# ---- a load/store no engine can emulate on a device (an exclusive): an ----
# external abort the guest takes, and one console line naming it.
for arch in aarch64 aarch32; do
	t="el2 $arch ldst-abort"
	elf=$B/guests/$arch/ldst-abort.elf
	if [ ! -f "$elf" ]; then skip "$t" "(guest $elf not built)"; continue; fi
	if ! guest_cfg ldst-abort "$arch" 0 "$elf" | build_image "$arch-ldst-abort"; then
		fail "$t" "(image build failed: $(tail -1 "$OUT/$arch-ldst-abort/build.log"))"; continue
	fi
	run_image "$arch-ldst-abort"
	con=$OUT/$arch-ldst-abort/console.txt
	abort='ESR_EL1 0x[f]*9[46]000010 FAR_EL1 0xb000000'
	[ $arch = aarch32 ] && abort='data abort, DFSR 0x8 DFAR 0xb000000'
	if [ "$run_rc" != 0 ]; then fail "$t" "(QEMU exited with $run_rc; see $con)"
	elif ! grep -qE '^\[el2\] partition 0 \(ldst-abort\) vCPU 0: cannot emulate (exclusive|LDREX).*external abort injected' "$con"; then
		fail "$t" "(no 'cannot emulate' line naming the exclusive; see $con)"
	elif ! grep -q "^\[g0\] ldst-abort: unexpected exception: .*$abort" "$con"; then
		fail "$t" "(the guest did not take the external abort; see $con)"
	else
		pass "$t"
	fi
done

# ---- the benchmark guests run correctly (timing is tests/bench-el2.sh's job) ----
for arch in aarch64 aarch32; do
	for g in hvc-bench mmio-bench; do
		t="el2 $arch $g"
		elf=$B/guests/$arch/$g.elf
		if [ ! -f "$elf" ]; then skip "$t" "(guest $elf not built)"; continue; fi
		if ! guest_cfg "$g" "$arch" 0 "$elf" | build_image "$arch-$g"; then
			fail "$t" "(image build failed: $(tail -1 "$OUT/$arch-$g/build.log"))"; continue
		fi
		run_image "$arch-$g"
		con=$OUT/$arch-$g/console.txt
		n=$(guest_lines "$arch-$g" 0 | sed -n 's/^bench: [a-z]* iterations \([0-9]*\) ticks [0-9]* cntfrq [0-9]*$/\1/p')
		if [ "$run_rc" != 0 ]; then fail "$t" "(QEMU exited with $run_rc; see $con)"
		elif [ -z "$n" ]; then fail "$t" "(no bench line; see $con)"
		elif [ "$g" = mmio-bench ] &&
		     ! grep -q "^\[el2\] partition 0 (mmio-bench) testdev: .* doorbell $n bad 0 " "$con"; then
			fail "$t" "(the test device did not count $n doorbell writes; see $con)"
		else
			pass "$t"
		fi
	done
done

# ---- the full world switch on every exit (world_switch = full) ----------------
# EL1 registers, FP/SIMD, timer and GIC interface are saved, scrubbed and
# restored at each exit: the transcripts only match if nothing is missed.
for arch in aarch64 aarch32; do
	for g in smp timer wfi mmio; do
		t="el2 $arch $g (world_switch = full)"
		elf=$B/guests/$arch/$g.elf
		golden=guests/expected/$arch/$g.txt
		if [ ! -f "$elf" ] || [ ! -f "$golden" ]; then
			skip "$t" "(guest $elf or golden $golden not built)"; continue
		fi
		cpus=0; [ "$g" = smp ] && cpus=0,1,2,3
		if ! guest_cfg "$g" "$arch" "$cpus" "$elf" "world_switch = full" | build_image "full-$arch-$g"; then
			fail "$t" "(image build failed: $(tail -1 "$OUT/full-$arch-$g/build.log"))"; continue
		fi
		run_image "full-$arch-$g"
		check_golden "$t" "full-$arch-$g" 0 "$golden" && pass "$t"
	done
done

# ---- two partitions at once: AArch64 + AArch32 on 4 pCPUs ---------------------
two() {  # TEST NAME G0-ARCH G0 G1-ARCH G1
	local t=$1 n=$2
	local e0=$B/guests/$3/$4.elf e1=$B/guests/$5/$6.elf
	if [ ! -f "$e0" ] || [ ! -f "$e1" ]; then skip "$t" "(guests not built)"; return; fi
	{ guest_cfg "$4" "$3" 0,1 "$e0"; guest_cfg "$6" "$5" 2,3 "$e1"; } | build_image "$n" ||
		{ fail "$t" "(image build failed: $(tail -1 "$OUT/$n/build.log"))"; return; }
	run_image "$n"
	check_golden "$t" "$n" 0 "guests/expected/$3/$4.txt" &&
		check_golden "$t" "$n" 1 "guests/expected/$5/$6.txt" && pass "$t"
}
two "el2 two partitions aarch64 timer + aarch32 mmio" two-a aarch64 timer aarch32 mmio
two "el2 two partitions aarch32 wfi + aarch64 psci" two-b aarch32 wfi aarch64 psci

# ---- isolation: the probe beside an AArch32 timer guest -------------------------
t="el2 isolation probe"
probe=$B/el2/guests/probe.elf
if [ -f "$probe" ] && [ -f "$B/guests/aarch32/timer.elf" ]; then
	{ printf '[partition probe]\narch = aarch64\ncpus = 0\nram = 64M\nram_phys = 0x44000000\nimage = %s\non_fault = abort\n\n' "$probe"
	  printf '[partition neighbour]\narch = aarch32\ncpus = 1,2,3\nram = 64M\nram_phys = 0x48000000\nimage = %s\n' "$B/guests/aarch32/timer.elf"; } |
		build_image isolation || fail "$t" "(image build failed)"
	run_image isolation
	if check_golden "$t" isolation 0 el2/guests/probe.expected &&
	   check_golden "$t (neighbour undisturbed)" isolation 1 guests/expected/aarch32/timer.txt; then
		if grep -q "^\[el2\] partition 0 (probe) vCPU 0: read at IPA 0x48000000 outside its RAM and devices: abort injected" "$OUT/isolation/console.txt"
		then pass "$t"; else fail "$t" "(no hypervisor report of the blocked access)"; fi
	fi
else
	skip "$t" "(probe or aarch32 timer guest not built)"
fi

# ---- isolation, AArch32: the probe32 guest beside an AArch64 timer guest ---------
t="el2 isolation probe (aarch32)"
probe32=$B/el2/guests/probe32.elf
if [ -f "$probe32" ] && [ -f "$B/guests/aarch64/timer.elf" ]; then
	{ printf '[partition probe32]\narch = aarch32\ncpus = 0\nram = 64M\nram_phys = 0x44000000\nimage = %s\non_fault = abort\n\n' "$probe32"
	  printf '[partition neighbour]\narch = aarch64\ncpus = 1,2,3\nram = 64M\nram_phys = 0x48000000\nimage = %s\n' "$B/guests/aarch64/timer.elf"; } |
		build_image isolation32 || fail "$t" "(image build failed)"
	run_image isolation32
	check_golden "$t" isolation32 0 el2/guests/probe32.expected &&
		check_golden "$t (neighbour undisturbed)" isolation32 1 guests/expected/aarch64/timer.txt &&
		pass "$t"
else
	skip "$t" "(probe32 or aarch64 timer guest not built)"
fi

# ---- AArch32 syndrome register numbers: the boot probe, and each forced path -----
# banked32 stores and loads r8-r14 of every mode through the test device.
# The probe's verdict must be printed and give a correct transcript; forcing
# the path the probe chose must too, forcing the other one must get exactly
# the banked registers wrong (src/el2/syndrome_probe.h).
banked32() {  # NAME aarch32_syndrome
	printf 'aarch32_syndrome = %s\n[partition banked32]\narch = aarch32\ncpus = 0\nram = 64M\nimage = %s\ndevices = pl011, testdev\n' \
		"$2" "$B/el2/guests/banked32.elf" | build_image "$1"
}
t="el2 aarch32 syndrome probe"
if [ -f "$B/el2/guests/banked32.elf" ]; then
	if banked32 syndrome-probe probe; then
		run_image syndrome-probe
		verdict=$(sed -n 's/^\[el2\] AArch32 syndromes: probe (str lr in SVC mode) SRT [0-9]*, ESR 0x[0-9a-f]*: \(.*\); reading .*/\1/p' \
			"$OUT/syndrome-probe/console.txt")
		case "$verdict" in
		"the AArch64 view (architectural)") chosen=arch other=banked ;;
		"AArch32 numbers (QEMU TCG deviation)") chosen=banked other=arch ;;
		*) chosen= ;;
		esac
		if [ -z "$chosen" ]; then
			fail "$t" "(no probe verdict line; see $OUT/syndrome-probe/console.txt)"
		elif check_golden "$t" syndrome-probe 0 el2/guests/banked32.expected; then
			pass "$t ($verdict)"
		fi
		t="el2 aarch32 syndrome forced to the probe's path ($chosen)"
		if [ -n "$chosen" ] && banked32 "syndrome-$chosen" "$chosen"; then
			run_image "syndrome-$chosen"
			if ! grep -q "(forced by aarch32_syndrome)$" "$OUT/syndrome-$chosen/console.txt"; then
				fail "$t" "(the forced path is not said)"
			elif check_golden "$t" "syndrome-$chosen" 0 el2/guests/banked32.expected; then
				pass "$t"
			fi
		else
			fail "$t" "(no verdict or image build failed)"
		fi
		t="el2 aarch32 syndrome forced to the other path ($other): banked registers go wrong"
		if [ -n "$chosen" ] && banked32 "syndrome-$other" "$other"; then
			run_image "syndrome-$other"
			# On this QEMU the wrong path is the architecture's: exactly the
			# registers the AArch64 view banks differently go wrong.
			if [ "$other" = arch ]; then
				check_golden "$t" "syndrome-$other" 0 el2/guests/banked32-deviant.expected && pass "$t"
			elif guest_lines "syndrome-$other" 0 | grep -q "^banked32: svc .*WRONG$"; then
				pass "$t"
			else
				fail "$t" "(see $OUT/syndrome-$other/console.txt)"
			fi
		else
			fail "$t" "(no verdict or image build failed)"
		fi
	else
		fail "$t" "(image build failed)"
	fi
else
	skip "$t" "(banked32 guest not built: make el2)"
fi

# ---- the emulated physical timer through its AArch32 CP15 encodings -------------
t="el2 aarch32 physical timer registers"
if [ -f "$B/el2/guests/ptimer32.elf" ]; then
	printf '[partition ptimer32]\narch = aarch32\ncpus = 0\nram = 64M\nimage = %s\n' \
		"$B/el2/guests/ptimer32.elf" | build_image ptimer32 || fail "$t" "(image build failed)"
	run_image ptimer32
	check_golden "$t" ptimer32 0 el2/guests/ptimer32.expected && pass "$t"
else
	skip "$t" "(ptimer32 guest not built: make el2)"
fi

# ---- SYSTEM_RESET from a secondary vCPU: the boot vCPU restarts, image reloaded --
t="el2 SYSTEM_RESET restarts the partition"
if [ -f "$B/el2/guests/reset.elf" ]; then
	printf '[partition reset]\narch = aarch64\ncpus = 0,1\nram = 64M\nimage = %s\n' \
		"$B/el2/guests/reset.elf" | build_image reset || fail "$t" "(image build failed)"
	# The guest resets forever; the timeout ends the run.
	run_image reset "$MACHINE" 15
	boots=$(guest_lines reset 0 | grep -c "^reset: boot, generation 7 (fresh image)$")
	resets=$(grep -c "^\[el2\] partition 0 (reset): SYSTEM_RESET$" "$OUT/reset/console.txt")
	if guest_lines reset 0 | grep -q "STALE\|failed\|returned\|unexpected"; then
		fail "$t" "(see $OUT/reset/console.txt)"
	elif [ "$boots" -lt 3 ] || [ "$resets" -lt 2 ]; then
		fail "$t" "(only $boots fresh boots and $resets resets in 15 s)"
	else
		pass "$t"
	fi
else
	skip "$t" "(reset guest not built)"
fi

# ---- console input goes to the selected partition (Ctrl-A N switches) -----------
t="el2 console input switching"
if [ -f "$B/el2/guests/echo.elf" ]; then
	printf '[partition e0]\narch = aarch64\ncpus = 0\nram = 16M\nimage = %s\n[partition e1]\narch = aarch64\ncpus = 1\nram = 16M\nimage = %s\n' \
		"$B/el2/guests/echo.elf" "$B/el2/guests/echo.elf" | build_image echo || fail "$t" "(image build failed)"
	d=$OUT/echo
	# 'a' for partition 0, then Ctrl-A 1, then 'b' for partition 1.
	printf 'a\0011b' | timeout "$QEMU_TIMEOUT" $QEMU $MACHINE -kernel "$d/hyp.bin" > "$d/console.raw" 2>&1
	run_rc=$?
	tr -d '\r' < "$d/console.raw" > "$d/console.txt"
	if [ "$run_rc" != 0 ]; then fail "$t" "(QEMU exited with $run_rc; see $d/console.txt)"
	elif [ "$(guest_lines echo 0 | tail -1)" != "echo: got 0x61" ] ||
	     [ "$(guest_lines echo 1 | tail -1)" != "echo: got 0x62" ]; then
		fail "$t" "(wrong bytes delivered; see $d/console.txt)"
	else
		pass "$t"
	fi
else
	skip "$t" "(echo guest not built)"
fi

# ---- a crashing guest is stopped with a report; the other finishes -----------------
for arch in aarch64 aarch32; do
	t="el2 $arch crash stopped, neighbour finishes"
	other=aarch64; [ "$arch" = aarch64 ] && other=aarch32
	c=$B/guests/$arch/crash.elf h=$B/guests/$other/hello.elf
	if [ ! -f "$c" ] || [ ! -f "$h" ]; then skip "$t" "(guests not built)"; continue; fi
	{ guest_cfg crash "$arch" 0 "$c"; guest_cfg hello "$other" 1 "$h"; } | build_image "crash-$arch" ||
		{ fail "$t" "(image build failed)"; continue; }
	run_image "crash-$arch"
	con=$OUT/crash-$arch/console.txt
	if ! check_golden "$t" "crash-$arch" 1 "guests/expected/$other/hello.txt"; then continue; fi
	if ! guest_lines "crash-$arch" 0 | grep -q "^crash: loading from 0x0c000000"; then
		fail "$t" "(crash guest never ran)"
	elif guest_lines "crash-$arch" 0 | grep -q "the load returned"; then
		fail "$t" "(the bad load returned to the guest)"
	elif ! grep -q "^\[el2\] partition 0 (crash) vCPU 0 stopped: read at IPA 0xc000000: nothing is mapped there" "$con" ||
	     ! grep -q "^\[el2\]   ESR_EL2 0x9" "$con"; then
		fail "$t" "(no stop report; see $con)"
	else
		pass "$t"
	fi
done

# ---- Debian Linux, AArch64 and AArch32, side by side --------------------------------
t="el2 linux arm64 + armhf partitions boot to init"
if tests/linux/mk-guest-initramfs.sh arm64 > "$OUT/linux-prep.log" 2>&1 &&
   tests/linux/mk-guest-initramfs.sh armhf >> "$OUT/linux-prep.log" 2>&1; then
	if ! build_image linux < el2/configs/linux.conf; then
		fail "$t" "(image build failed: $(tail -1 "$OUT/linux/build.log"))"
	else
		run_image linux "$MACHINE" 300
		con=$OUT/linux/console.txt
		ok=1
		for i in 0 1; do
			guest_lines linux $i | grep -q "^ARMVM-RESULT cpus ok online=0-1 count=2$" || ok=0
			grep -q "^\[el2\] partition $i (linux[0-9]*) boot mark 0 " "$con" || ok=0
			grep -q "^\[el2\] partition $i (linux[0-9]*) powered off$" "$con" || ok=0
		done
		if [ "$run_rc" != 0 ]; then fail "$t" "(QEMU exited with $run_rc; see $con)"
		elif [ $ok = 0 ]; then fail "$t" "(a kernel did not reach init with 2 CPUs or did not power off; see $con)"
		else pass "$t"; fi
	fi
else
	skip "$t" "(Debian's kernels are not available: $(tail -1 "$OUT/linux-prep.log"))"
fi

# ---- a virtio-blk disk: Linux writes a file to its ext4 disk and reads it back ----
t="el2 linux arm64 virtio-blk disk write and read"
if [ -f "$B/linux/arm64/Image" ] && command -v mke2fs > /dev/null; then
	d=$OUT/disk-files
	rm -rf "$d"; mkdir -p "$d/root"
	echo el2seed > "$d/root/seed"
	if ! mke2fs -q -t ext4 -d "$d/root" "$d/disk.img" 8M > "$d/mke2fs.log" 2>&1; then
		fail "$t" "(mke2fs failed: $(tail -1 "$d/mke2fs.log"))"
	else
		printf '[partition linux]\narch = aarch64\ncpus = 0,1\nram = 256M\nimage = %s\ninitrd = %s\ndisk = %s\ncmdline = console=ttyAMA0 panic=-1 armvm.test=disk-write,disk-read armvm.token=el2tok\ndevices = pl011, pl031, bootmark\n' \
			"$B/linux/arm64/Image" "$B/linux/arm64/initramfs.cpio.gz" "$d/disk.img" |
			build_image disk || fail "$t" "(image build failed)"
		run_image disk "$MACHINE" 300
		if [ "$run_rc" != 0 ]; then fail "$t" "(QEMU exited with $run_rc; see $OUT/disk/console.txt)"
		elif ! guest_lines disk 0 | grep -q "^ARMVM-RESULT disk-write ok wrote=el2tok$" ||
		     ! guest_lines disk 0 | grep -q "^ARMVM-RESULT disk-read ok token=el2tok seed=el2seed$"; then
			fail "$t" "(the guest did not write and read back its disk; see $OUT/disk/console.txt)"
		else
			pass "$t"
		fi
	fi
else
	skip "$t" "(no arm64 Linux guest (see the test above) or no mke2fs)"
fi

# ---- the one command: armvm-el2 check / run's QEMU line ------------------------
t="el2 armvm-el2: the QEMU line from the configuration, --icount and --gdb passed"
d=$OUT/front
rm -rf "$d"; mkdir -p "$d"
head -c 1M /dev/zero > "$d/disk,1.img"
# A virtio-mmio owner needs ram_ipa = phys: the arm64 Linux Image (relocatable)
# when the Linux test above fetched it, else the skip below.
printf 'machine_cpus = 3\nmachine_ram = 512M\nmachine_virtio_blk = 9 %s\n[partition a]\narch = aarch64\ncpus = 2\nram = 64M\nram_ipa = phys\nimage = %s\npassthrough = virtio-mmio 0x0a001000 4K 24-31\n' \
	"$d/disk,1.img" "$B/linux/arm64/Image" > "$d/cfg.conf"
if [ ! -f "$B/linux/arm64/Image" ]; then skip "$t" "(no arm64 Linux Image)"; else
./el2/tools/armvm-el2 run --print --icount --gdb 1234 --out "$d/img" "$d/cfg.conf" -- -d guest_errors > "$d/cmd.txt" 2> "$d/err.txt"
rc=$?
want="qemu-system-aarch64 -M virt,virtualization=on,gic-version=3 -cpu cortex-a57 -smp 3 -m 512M -drive file=$d/disk,,1.img,if=none,format=raw,id=el2blk0 -device virtio-blk-device,drive=el2blk0,bus=virtio-mmio-bus.9 -d guest_errors -icount shift=0 -gdb tcp::1234 -S -nographic -monitor none -serial stdio -kernel $(cd "$d" && pwd)/img/hyp.bin"
if [ $rc != 0 ]; then fail "$t" "(exit $rc: $(cat "$d/err.txt"))"
elif [ "$(tr '\n' ' ' < "$d/cmd.txt" | sed 's/ $//')" != "$want" ]; then fail "$t" "(got: $(tr '\n' ' ' < "$d/cmd.txt"))"
elif [ ! -f "$d/img/hyp.bin" ]; then fail "$t" "(no image built)"
else pass "$t"; fi
fi
# The GIC version: the config's machine_gic, overridden by --gic (same image).
t="el2 armvm-el2: machine_gic = 2 gives gic-version=2, --gic 3 overrides it"
if [ ! -f "$B/linux/arm64/Image" ]; then skip "$t" "(no arm64 Linux Image)"; else
sed '1i machine_gic = 2' "$d/cfg.conf" > "$d/cfg2.conf"
g2=$(./el2/tools/armvm-el2 run --print --out "$d/img" "$d/cfg2.conf" 2>&1 | sed -n 3p)
g3=$(./el2/tools/armvm-el2 run --print --gic 3 --out "$d/img" "$d/cfg2.conf" 2>&1 | sed -n 3p)
if [ "$g2" != virt,virtualization=on,gic-version=2 ] || [ "$g3" != virt,virtualization=on,gic-version=3 ]; then
	fail "$t" "(machine_gic = 2: '$g2'; --gic 3: '$g3')"
else pass "$t"; fi
fi
t="el2 armvm-el2: a bad configuration is one line and status 1, a bad command line status 2"
printf '[partition a]\narch = aarch64\ncpus = 0\nram = 64M\nimage = %s\nram_ipa = maybe\n' "$B/guests/aarch64/hello.elf" > "$d/bad.conf"
./el2/tools/armvm-el2 check "$d/bad.conf" > "$d/bad.txt" 2>&1; rc1=$?
./el2/tools/armvm-el2 run --gdb port "$d/cfg.conf" > /dev/null 2>&1; rc2=$?
./el2/tools/armvm-el2 frobnicate "$d/cfg.conf" > /dev/null 2>&1; rc3=$?
if [ $rc1 != 1 ] || [ "$(wc -l < "$d/bad.txt")" != 1 ] || ! grep -qF "$d/bad.conf:6: ram_ipa must be virt or phys" "$d/bad.txt"; then
	fail "$t" "(check: exit $rc1, $(cat "$d/bad.txt"))"
elif [ $rc2 != 2 ] || [ $rc3 != 2 ]; then fail "$t" "(bad command lines exit $rc2 and $rc3)"
else pass "$t"; fi

# ---- a channel between an AArch64 and an AArch32 partition, both ways ------------
# The chan guest (guests/progs/chan.c, the same C in both widths) on each
# side of channel 0: side 0 pings, side 1 pongs, three rounds, each message
# announced by the doorbell interrupt; each side's transcript holds what the
# other wrote. Run twice, with the AArch64 and then the AArch32 guest as side 0.
for first in aarch64 aarch32; do
	second=$([ $first = aarch64 ] && echo aarch32 || echo aarch64)
	t="el2 channel: $first side 0, $second side 1, messages both ways"
	if [ ! -f "$B/guests/aarch64/chan.elf" ] || [ ! -f "$B/guests/aarch32/chan.elf" ]; then
		skip "$t" "(chan guests not built)"; continue
	fi
	printf '[partition p64]\narch = aarch64\ncpus = 0\nram = 64M\nimage = %s\n[partition p32]\narch = aarch32\ncpus = 1\nram = 64M\nimage = %s\n[channel link]\nbetween = %s, %s\nsize = 8K\n' \
		"$B/guests/aarch64/chan.elf" "$B/guests/aarch32/chan.elf" \
		"$([ $first = aarch64 ] && echo p64 || echo p32)" "$([ $first = aarch64 ] && echo p32 || echo p64)" |
		build_image "chan-$first" || { fail "$t" "(image build failed: $(tail -1 "$OUT/chan-$first/build.log"))"; continue; }
	if ! dtc -I dtb -O dts "$OUT/chan-$first/p0.dtb" 2> /dev/null | grep -q 'compatible = "armvm,channel\\0generic-uio"'; then
		command -v dtc > /dev/null && { fail "$t" "(p0.dtb has no armvm,channel node)"; continue; }
	fi
	run_image "chan-$first"
	for side in 0 1; do
		arch=$([ $side = 0 ] && echo $first || echo $second)
		peer=$([ $side = 0 ] && echo $second || echo $first)
		idx=$([ $arch = aarch64 ] && echo 0 || echo 1)
		sed "s/%W/$arch/; s/%P/$peer/" el2/guests/chan-side$side.expected > "$OUT/chan-$first/side$side.expected"
		check_golden "$t" "chan-$first" $idx "$OUT/chan-$first/side$side.expected" || continue 2
	done
	pass "$t"
done

# ---- stage 2 at its largest: 4 passthrough ranges across 2 MiB boundaries ----
# and 2 channels need 12 of the partition's stage-2 tables (its pool: 16).
t="el2 stage 2 with 4 passthrough ranges and 2 channels"
hello64=$B/guests/aarch64/hello.elf
if [ -f "$hello64" ]; then
	{ printf '[partition a]\narch = aarch64\ncpus = 0\nram = 64M\nimage = %s\n' "$hello64"
	  for r in 0x0c1ff000 0x0c5ff000 0x0c9ff000 0x0cdff000; do echo "passthrough = mmio $r 8K"; done
	  printf '[partition b]\narch = aarch64\ncpus = 1\nram = 4M\nimage = %s\n' "$hello64"
	  printf '[channel c0]\nbetween = a, b\n[channel c1]\nbetween = a, b\n'; } | build_image s2-big ||
		fail "$t" "(image build failed: $(tail -1 "$OUT/s2-big/build.log"))"
	run_image s2-big
	check_golden "$t" s2-big 0 guests/expected/aarch64/hello.txt && pass "$t"
else
	skip "$t" "(hello guest not built)"
fi

# ---- Linux on a channel: the AArch32 chan guest and an arm64 Linux -------------
# Debian's kernels have no uio_pdrv_genirq, so Linux's side goes through
# /dev/mem (guest-test action chan): it finds the channel's device-tree node,
# reads each ping from the shared memory and answers with a doorbell; the
# chan guest's transcript shows the answers.
t="el2 channel: arm64 Linux answers the AArch32 chan guest"
if [ -f "$B/linux/arm64/Image" ] && [ -f "$B/guests/aarch32/chan.elf" ]; then
	printf '[partition lin]\narch = aarch64\ncpus = 0\nram = 256M\nimage = %s\ninitrd = %s\ncmdline = console=ttyAMA0 panic=-1 armvm.test=chan\ndevices = pl011, pl031, bootmark\n[partition c32]\narch = aarch32\ncpus = 1\nram = 64M\nimage = %s\n[channel link]\nbetween = c32, lin\nsize = 8K\n' \
		"$B/linux/arm64/Image" "$B/linux/arm64/initramfs.cpio.gz" "$B/guests/aarch32/chan.elf" |
		build_image chan-linux || fail "$t" "(image build failed: $(tail -1 "$OUT/chan-linux/build.log"))"
	run_image chan-linux "$MACHINE" 120
	sed "s/%W/aarch32/; s/%P/linux/" el2/guests/chan-side0.expected > "$OUT/chan-linux/side0.expected"
	if check_golden "$t" chan-linux 1 "$OUT/chan-linux/side0.expected"; then
		if guest_lines chan-linux 0 | grep -q "^ARMVM-RESULT chan ok side=1 compatible=armvm,channel,generic-uio got=ping 1 aarch32|ping 2 aarch32|ping 3 aarch32$"; then
			pass "$t"
		else
			fail "$t" "(Linux did not read the pings; see $OUT/chan-linux/console.txt)"
		fi
	fi
else
	skip "$t" "(no arm64 Linux guest or chan guest)"
fi

# ---- passthrough: QEMU's own virtio devices owned by partitions -----------------
# One run of `armvm-el2 run` (the one command: the QEMU line comes from the
# configuration): an arm64 Linux owns the virtio-mmio transport page
# 0x0A001000 with a virtio-blk on a host file, an armhf Linux the page
# 0x0A002000 with a virtio-net (QEMU's restricted user network: traffic
# stays in QEMU); the poke guest touches both pages and gets aborts while
# the owners carry on. After QEMU exits the token is in the host file.
t="el2 passthrough: virtio-blk on a host file, virtio-net, a neighbour aborted"
# On a GICv3 suite run the same configuration runs again on a GICv2 host
# (HW-linked SPIs through GICH_LR; ~15 s): passthrough is tested on both.
debugfs=$(command -v debugfs || echo /sbin/debugfs)
if [ -f "$B/linux/arm64/Image" ] && [ -f "$B/linux/armhf/zImage" ] &&
   [ -f "$B/el2/guests/poke.elf" ] && command -v mke2fs > /dev/null && [ -x "$debugfs" ]; then
for pt_gic in $EL2_GIC $([ "$EL2_GIC" = 3 ] && echo 2); do
	pt=passthrough; [ "$pt_gic" = "$EL2_GIC" ] || { pt=passthrough-gicv2; t="${t%% \[*} [GICv2 host]"; }
	d=$OUT/$pt
	rm -rf "$d"; mkdir -p "$d/root"
	echo ptseed > "$d/root/seed"
	mke2fs -q -t ext4 -d "$d/root" "$d/disk.img" 8M > "$d/mke2fs.log" 2>&1
	cat > "$d/cfg.conf" <<EOF
machine_virtio_blk = 8 $d/disk.img
machine_virtio_net = 16 user

[partition disk64]
arch = aarch64
cpus = 0
ram = 256M
ram_ipa = phys
image = $B/linux/arm64/Image
initrd = $B/linux/arm64/initramfs.cpio.gz
cmdline = console=ttyAMA0 panic=-1 armvm.test=disk-write,disk-read armvm.token=pttok
devices = pl011, pl031, bootmark
passthrough = virtio-mmio 0x0a001000 4K 24-31

[partition net32]
arch = aarch32
cpus = 1
ram = 256M
ram_phys = 0x48000000
ram_ipa = phys
image = $B/linux/armhf/zImage
initrd = $B/linux/armhf/initramfs.cpio.gz
cmdline = console=ttyAMA0 panic=-1 armvm.test=net armvm.ip=10.0.2.15/24 armvm.peer=10.0.2.2
devices = pl011, pl031, bootmark
passthrough = virtio-mmio 0x0a002000 4K 32-39

[partition poke]
arch = aarch64
cpus = 2
ram = 64M
image = $B/el2/guests/poke.elf
on_fault = abort
EOF
	./el2/tools/armvm-el2 run --gic "$pt_gic" --timeout 300 --out "$d/img" "$d/cfg.conf" < /dev/null > "$d/console.raw" 2>&1
	run_rc=$?
	tr -d '\r' < "$d/console.raw" > "$d/console.txt"
	token=$("$debugfs" -R "cat /armvm-token" "$d/disk.img" 2> /dev/null)
	if [ "$run_rc" != 0 ]; then fail "$t" "(armvm-el2 run exited with $run_rc; see $d/console.txt)"
	elif ! grep -q "^\[el2\] board: .*GICv$pt_gic at " "$d/console.txt"; then
		fail "$t" "(not on a GICv$pt_gic board; see $d/console.txt)"
	elif ! guest_lines "$pt" 0 | grep -q "^ARMVM-RESULT disk-write ok wrote=pttok$" ||
	     ! guest_lines "$pt" 0 | grep -q "^ARMVM-RESULT disk-read ok token=pttok seed=ptseed$"; then
		fail "$t" "(the disk partition did not write and read its disk; see $d/console.txt)"
	elif ! guest_lines "$pt" 1 | grep -q "^ARMVM-RESULT net ok .* received=3 "; then
		fail "$t" "(the net partition got no ping replies; see $d/console.txt)"
	elif [ "$(guest_lines "$pt" 2 | grep -c ': external abort$')" != 6 ] ||
	     ! guest_lines "$pt" 2 | grep -q "^poke: all accesses blocked$"; then
		fail "$t" "(the poke partition was not aborted on every access; see $d/console.txt)"
	elif [ "$token" != pttok ]; then
		fail "$t" "(the host file holds '$token', not the token the guest wrote)"
	else
		pass "$t"
	fi
done
else
	skip "$t" "(no Linux guests, poke guest, mke2fs or debugfs)"
fi

# ---- a flooding, disk-hammering partition beside a heartbeat and a console reader ----
# Partition 0 makes the hypervisor print all it can (issue 14: LOG_RESET,
# boot marks, virtio-blk errors re-armed by device resets), then keeps its
# virtio-blk queue busy; partition 1 (the timer guest) keeps time and must
# match its golden transcript; partition 2 reads console input, which now
# waits in its own queue rather than behind partition 0's device lock.
t="el2 flood and disk hammer: bounded reports, neighbours keep time and get input"
fl=$B/guests/aarch64/flood.elf tm=$B/guests/aarch32/timer.elf ec=$B/el2/guests/echo.elf
if [ -f "$fl" ] && [ -f "$tm" ] && [ -f "$ec" ]; then
	head -c 1M /dev/zero > "$OUT/flood-disk.img"
	printf 'console = 2\n[partition flood]\narch = aarch64\ncpus = 0\nram = 64M\nimage = %s\ndevices = pl011, testdev, bootmark\ndisk = %s\n' "$fl" "$OUT/flood-disk.img" > "$OUT/flood.conf"
	guest_cfg heartbeat aarch32 1 "$tm" >> "$OUT/flood.conf"
	printf '[partition echo]\narch = aarch64\ncpus = 2\nram = 16M\nimage = %s\n' "$ec" >> "$OUT/flood.conf"
	if ! build_image flood < "$OUT/flood.conf"; then
		fail "$t" "(image build failed: $(tail -1 "$OUT/flood/build.log"))"
	else
		d=$OUT/flood
		printf 'x' | timeout "$QEMU_TIMEOUT" $QEMU $MACHINE -kernel "$d/hyp.bin" > "$d/console.raw" 2>&1
		run_rc=$?
		tr -d '\r' < "$d/console.raw" > "$d/console.txt"
		reports=$(grep -c '^\[el2\] partition 0 (flood)' "$d/console.txt")
		if ! check_golden "$t (heartbeat)" flood 1 guests/expected/aarch32/timer.txt; then :
		elif [ "$(guest_lines flood 2 | tail -1)" != "echo: got 0x78" ]; then
			fail "$t" "(the console reader did not get its byte; see $d/console.txt)"
		elif ! guest_lines flood 0 | grep -q '^flood: virtio-blk@[0-9a-f]*: 2000 of 2000 reads ok$' ||
		     ! guest_lines flood 0 | grep -q '^flood: done$'; then
			fail "$t" "(the flooding guest did not finish its disk reads; see $d/console.txt)"
		elif [ "$reports" -gt 1034 ]; then
			fail "$t" "($reports hypervisor lines for the flooding partition; at most 1024 + a few)"
		elif ! grep -q '^\[el2\] partition 0 (flood): [0-9]* more guest-triggered report lines suppressed (at most 1024)$' "$d/console.txt"; then
			fail "$t" "(no 'more suppressed' line; see $d/console.txt)"
		else
			pass "$t"
		fi
	fi
else
	skip "$t" "(flood, timer or echo guest not built)"
fi

# ---- the board from the device tree: other -smp and -m than the images assume ----
# The hypervisor reads CPUs and RAM from the tree QEMU passes in x0.
if [ -d "$OUT/aarch64-hello" ] && [ -d "$OUT/aarch64-smp" ]; then
	t="el2 board: one CPU and 256M"
	run_image aarch64-hello "$MACHINE -smp 1 -m 256M" 30
	if [ "$run_rc" = 0 ] && grep -q '^\[el2\] board: 1 CPUs, RAM 0x40000000+0x10000000, ' "$OUT/aarch64-hello/console.txt" &&
	   guest_lines aarch64-hello 0 | cmp -s - guests/expected/aarch64/hello.txt; then pass "$t"
	else fail "$t" "(see $OUT/aarch64-hello/console.txt)"; fi
	t="el2 board: a partition on a CPU the board lacks is refused"
	run_image aarch64-smp "$MACHINE -smp 2" 30
	if grep -q '^\[el2\] partition 0 (smp): physical CPU 2 does not exist (the board has 2)$' "$OUT/aarch64-smp/console.txt" &&
	   grep -q '^\[el2\] no partition could be started; powering off$' "$OUT/aarch64-smp/console.txt"; then pass "$t"
	else fail "$t" "(see $OUT/aarch64-smp/console.txt)"; fi
	t="el2 board: partition RAM beyond the board's is refused"
	run_image aarch64-hello "$MACHINE -m 64M" 30
	if grep -q '^\[el2\] partition 0 (hello): RAM 0x44000000+0x4000000 is not free RAM of this board$' "$OUT/aarch64-hello/console.txt"
	then pass "$t"; else fail "$t" "(see $OUT/aarch64-hello/console.txt)"; fi
fi
# machine_ram up to 3G: the EL2 map covers every RAM bank, also above 2 GiB.
if [ -f "$B/guests/aarch64/hello.elf" ]; then
	t="el2 board: a partition in RAM above 2 GiB (machine_ram = 3G)"
	if ! { echo "machine_ram = 3G"; guest_cfg hello aarch64 0 "$B/guests/aarch64/hello.elf" "ram_phys = 0xf0000000"; } |
	     build_image ram-3g; then
		fail "$t" "(image build failed: $(tail -1 "$OUT/ram-3g/build.log"))"
	else
		QEMU=${QEMU/-m 1G/-m 3G} run_image ram-3g "$MACHINE" 30
		if [ "$run_rc" = 0 ] && grep -q '^\[el2\] partition 0 (hello): .* RAM 0xf0000000+0x4000000 ' "$OUT/ram-3g/console.txt" &&
		   guest_lines ram-3g 0 | cmp -s - guests/expected/aarch64/hello.txt; then pass "$t"
		else fail "$t" "(see $OUT/ram-3g/console.txt)"; fi
	fi
fi

# ---- a GICv2 host: the test guests again, four partitions a boot ---------------
# The same kind of image on QEMU virt with gic-version=2 (8 CPUs: a GICv2
# serves at most 8): the hypervisor drives the GICv2 (GICH list registers,
# GICV mapped as the guests' GICC) and gives each partition the device tree
# with a GICv2. EL2_GIC=2 runs this whole suite on a GICv2 host instead.
V2_QEMU="${QEMU/-smp 4/-smp 8}"
V2_MACHINE="-M virt,virtualization=on,gic-version=2"
pack_v2() {  # NAME SPEC... where SPEC = arch:guest:cpu-cpu[:full]
	local n=$1 i=0 spec arch g cpus full missing=
	shift
	for spec in "$@"; do
		IFS=: read -r arch g cpus full <<< "$spec"
		[ -f "$B/guests/$arch/$g.elf" ] && [ -f "guests/expected/$arch/$g.txt" ] || missing="$missing $arch/$g"
	done
	if [ -n "$missing" ]; then skip "el2 GICv2 host $n" "(guests not built:$missing)"; return; fi
	echo "machine_cpus = 8" > "$OUT/$n.globals"
	for spec in "$@"; do
		IFS=: read -r arch g cpus full <<< "$spec"
		guest_cfg "p$i-$g" "$arch" "${cpus//-/,}" "$B/guests/$arch/$g.elf" \
			"${full:+world_switch = full}"
		i=$((i + 1))
	done | cat "$OUT/$n.globals" - | build_image "$n" || { fail "el2 GICv2 host $n" "(image build failed: $(tail -1 "$OUT/$n/build.log"))"; return; }
	QEMU=$V2_QEMU run_image "$n" "$V2_MACHINE"
	if ! grep -q '^\[el2\] board: 8 CPUs, .*GICv2 at ' "$OUT/$n/console.txt"; then
		fail "el2 GICv2 host $n" "(not on a GICv2 board; see $OUT/$n/console.txt)"; return
	fi
	i=0
	for spec in "$@"; do
		IFS=: read -r arch g cpus full <<< "$spec"
		t="el2 GICv2 host: $arch $g${full:+ (world_switch = full)}"
		if check_golden "$t" "$n" "$i" "guests/expected/$arch/$g.txt"; then
			case $g in mmio|ldst)
				gh=$(guest_lines "$n" "$i" | sed -n "s/^$g: reads .* hash \([0-9a-f]*\)\$/\1/p")
				dh=$(sed -n "s/^\[el2\] partition $i (p$i-$g) testdev: .* hash \([0-9a-f]*\)\$/\1/p" "$OUT/$n/console.txt")
				if [ -z "$gh" ] || [ "$gh" != "$dh" ]; then fail "$t" "(test device hash '$dh' != guest hash '$gh')"
				else pass "$t"; fi ;;
			*) pass "$t" ;;
			esac
		fi
		i=$((i + 1))
	done
}
if [ "$EL2_GIC" = 3 ]; then
	pack_v2 v2-a aarch64:smp:0-1-2-3 aarch64:hello:4 aarch64:psci:5 aarch64:timer:6
	pack_v2 v2-b aarch32:smp:0-1-2-3 aarch32:hello:4 aarch32:psci:5 aarch32:timer:6
	pack_v2 v2-c aarch64:mmio:0 aarch64:wfi:1 aarch64:ldst:2 aarch32:mmio:3
	pack_v2 v2-d aarch32:wfi:0 aarch32:ldst:1 aarch64:timer:2:full aarch32:timer:3:full
	pack_v2 v2-e aarch64:smp:0-1-2-3:full aarch32:smp:4-5-6-7:full
	pack_v2 v2-f aarch64:mmio:0:full aarch32:mmio:1:full aarch64:wfi:2:full aarch32:wfi:3:full
	# Isolation on a GICv2 host: the image of the test above, booted again.
	t="el2 GICv2 host: isolation probe"
	if [ -f "$OUT/isolation/hyp.bin" ]; then
		QEMU=$V2_QEMU run_image isolation "$V2_MACHINE"
		check_golden "$t" isolation 0 el2/guests/probe.expected &&
			check_golden "$t (neighbour undisturbed)" isolation 1 guests/expected/aarch32/timer.txt &&
			pass "$t"
	else
		skip "$t" "(the isolation image was not built)"
	fi
fi

# ---- QEMU's Raspberry Pi 4 B: the demo on a GIC-400, spin-table CPUs ---------
# QEMU 10 (el2/tools/qemu-raspi4b.sh fetches it into the cache); without
# PSCI the hypervisor halts at the end instead of powering off, so the run
# is ended once it says so.
t="el2 raspi4b demo (GIC-400, no PSCI)"
if [ "$EL2_GIC" = 3 ]; then
	d=$OUT/raspi4b
	rm -rf "$d"; mkdir -p "$d"
	if ! ./el2/tools/el2-image.sh el2/configs/demo-raspi4b.conf "$d" > "$d/build.log" 2>&1; then
		fail "$t" "(image build failed: $(tail -1 "$d/build.log"))"
	else
		./el2/tools/qemu-raspi4b.sh "$d/hyp.bin" < /dev/null > "$d/console.raw" 2> "$d/qemu.err" &
		qpid=$!
		for _ in $(seq 1 120); do
			grep -q 'no PSCI on this board: halting' "$d/console.raw" 2>/dev/null && break
			kill -0 $qpid 2>/dev/null || break
			sleep 0.5
		done
		kill $qpid 2>/dev/null; wait $qpid; qrc=$?
		tr -d '\r' < "$d/console.raw" > "$d/console.txt"
		if [ "$qrc" = 2 ]; then
			skip "$t" "($(tail -1 "$d/qemu.err"))"
		elif ! grep -q '^\[el2\] board: 4 CPUs, RAM 0x0+0x3c000000, GICv2 at 0xff841000, UART 0xfe201000, PSCI none' "$d/console.txt"; then
			fail "$t" "(no board line for the Pi; see $d/console.txt)"
		elif ! guest_lines raspi4b 0 | grep -q '^smp: 2 CPUs came up$' ||
		     ! guest_lines raspi4b 0 | grep -q '^smp: done$' ||
		     ! guest_lines raspi4b 1 | cmp -s - guests/expected/aarch32/timer.txt; then
			fail "$t" "(smp did not bring up its 2 CPUs or timer's transcript differs; see $d/console.txt)"
		elif ! grep -q '^\[el2\] all partitions stopped; powering off$' "$d/console.txt"; then
			fail "$t" "(the partitions did not finish; see $d/console.txt)"
		else
			pass "$t"
		fi
	fi
fi

# ---- bad configurations are refused with a clear one-line error ---------------------
hello=$B/guests/aarch64/hello.elf
[ -f "$hello" ] || hello=$probe
bad() {  # NAME EXPECTED-MESSAGE-SUBSTRING [LINE] (config on stdin)
	local t="el2 config refused: $1" d=$OUT/bad-$(echo "$1" | tr ' ' '-')
	rm -rf "$d"; mkdir -p "$d"; cat > "$d/cfg.conf"
	"$B/host/el2-build" "$d/cfg.conf" "$d" > "$d/out.txt" 2>&1
	local rc=$?
	if [ $rc = 0 ]; then fail "$t" "(accepted)"
	elif [ -f "$d/partitions.c" ]; then fail "$t" "(wrote output anyway)"
	elif [ "$(wc -l < "$d/out.txt")" != 1 ]; then fail "$t" "(error is not one line: $(cat "$d/out.txt"))"
	elif ! grep -qF -- "$2" "$d/out.txt"; then fail "$t" "(message '$(cat "$d/out.txt")' lacks '$2')"
	elif [ -n "${3:-}" ] && ! grep -qF -- "$d/cfg.conf:$3: " "$d/out.txt"; then
		fail "$t" "(message '$(cat "$d/out.txt")' does not name line $3)"
	else pass "$t"; fi
}
printf '[partition a]\narch = aarch64\ncpus = 0\nram = 64M\nram_phys = 0x48000000\nimage = %s\n[partition b]\narch = aarch64\ncpus = 1\nram = 64M\nram_phys = 0x4a000000\nimage = %s\n' "$hello" "$hello" |
	bad "overlapping RAM" "overlaps partition 'a'"
printf '[partition a]\narch = aarch64\ncpus = 0, 1\nram = 64M\nimage = %s\n[partition b]\narch = aarch64\ncpus = 1\nram = 64M\nimage = %s\n' "$hello" "$hello" |
	bad "CPU given twice" "CPU 1 is already given to partition 'a'"
printf '[partition a]\narch = aarch64\ncpus = 0\nram = 64M\nimage = %s/no-such-image.elf\n' "$OUT" |
	bad "missing image" "cannot read image"
printf '[partition a]\narch = aarch64\ncpus = 4\nram = 64M\nimage = %s\n' "$hello" |
	bad "CPU beyond the machine" "CPU 4 does not exist"
printf '[partition a]\narch = aarch64\ncpus = 0\nram = 3M\nimage = %s\n' "$hello" |
	bad "RAM not in 2M blocks" "multiple of 2M"
printf '[partition a]\narch = arm\ncpus = 0\nram = 64M\nimage = %s\n' "$hello" |
	bad "unknown arch" "arch must be aarch64 or aarch32"
printf '[partition a]\narch = aarch64\ncpus = 0\nram = 64M\ncolour = blue\nimage = %s\n' "$hello" |
	bad "unknown key" "unknown key 'colour'"
printf '[partition a]\narch = aarch64\ncpus = 0\nram = 960M\nimage = %s\n[partition b]\narch = aarch64\ncpus = 1\nram = 64M\nimage = %s\n' "$hello" "$hello" |
	bad "RAM exhausted" "no room for 64 MiB"
printf '# nothing\n' | bad "no partition" "no [partition] defined"
head -c 1000 /dev/zero > "$OUT/odd-disk.img"
printf '[partition a]\narch = aarch64\ncpus = 0\nram = 64M\nimage = %s\ndisk = %s\n' "$hello" "$OUT/odd-disk.img" |
	bad "disk not in sectors" "not a whole number of 512-byte sectors"
printf 'machine_ram_base = 0x100000\n[partition a]\narch = aarch64\ncpus = 0\nram = 64M\nimage = %s\n' "$hello" |
	bad "machine_ram_base not 2M aligned" "bad machine_ram_base"
printf 'machine_gic = 4\n[partition a]\narch = aarch64\ncpus = 0\nram = 64M\nimage = %s\n' "$hello" |
	bad "machine_gic not 2 or 3" "machine_gic must be 2 or 3, not '4'" 1
if [ -f "$B/guests/aarch32/hello.elf" ]; then
	printf '[partition a]\narch = aarch64\ncpus = 0\nram = 64M\nimage = %s\n' "$B/guests/aarch32/hello.elf" |
		bad "image of the wrong width" "image"
fi
printf 'aarch32_syndrome = maybe\n[partition a]\narch = aarch64\ncpus = 0\nram = 64M\nimage = %s\n' "$hello" |
	bad "unknown aarch32_syndrome" "aarch32_syndrome must be probe, arch or banked"

# Passthrough, ram_ipa and the machine's devices: each refused at its line.
pa() {  # partition NAME on CPU N with extra lines
	printf '[partition %s]\narch = aarch64\ncpus = %s\nram = 64M\nimage = %s\n%b' "$1" "$2" "$hello" "${3:-}"
}
pa a 0 'passthrough = pci 0x0a001000 4K\n' | bad "passthrough of an unknown kind" "unknown kind 'pci'" 6
pa a 0 'passthrough = mmio 0x0a001100 4K\n' | bad "passthrough not page aligned" "multiples of 4K" 6
pa a 0 'ram_ipa = phys\npassthrough = virtio-mmio 0x0a001000 4K 24-30\n' |
	bad "passthrough virtio-mmio without an SPI per transport" "8 transports need 8 SPIs, not 7" 7
pa a 0 'passthrough = virtio-mmio 0x0a001000 4K 24-31\n' |
	bad "passthrough DMA device without ram_ipa = phys" "set ram_ipa = phys" 6
{ pa a 0 'passthrough = mmio 0x0a001000 8K\n'; pa b 1 'passthrough = mmio 0x0a002000 4K\n'; } |
	bad "passthrough range claimed twice" "0xa002000-0xa003000 is already given to partition 'a' (line 6)" 12
{ pa a 0 'passthrough = mmio 0x0a001000 4K 40\n'; pa b 1 'passthrough = mmio 0x0a003000 4K 40\n'; } |
	bad "passthrough SPI claimed twice" "SPI 40 is already given to partition 'a' (line 6)" 12
pa a 0 'devices = pl011, testdev\npassthrough = mmio 0x0b000000 4K\n' |
	bad "passthrough over an emulated device" "overlaps its emulated testdev" 7
head -c 4096 /dev/zero > "$OUT/pt-bad-disk.img"
pa a 0 "disk = $OUT/pt-bad-disk.img\npassthrough = mmio 0x0a004000 4K 16\n" |
	bad "passthrough SPI of an emulated device" "SPI 16 is its emulated virtio-mmio's" 7
pa a 0 'passthrough = mmio 0x40000000 4K\n' | bad "passthrough over RAM" "overlaps RAM" 6
pa a 0 'passthrough = mmio 0x08000000 64K\n' | bad "passthrough of the GIC" "the GIC (the hypervisor's)" 6
pa a 0 'passthrough = mmio 0x09000000 4K\n' | bad "passthrough of the hypervisor's UART" "the hypervisor's console UART" 6
pa a 0 'ram_ipa = host\n' | bad "bad ram_ipa" "ram_ipa must be virt or phys" 6
{ printf 'machine_virtio_blk = 9 %s\n' "$OUT/odd-disk.img"; pa a 0 'ram_ipa = phys\npassthrough = virtio-mmio 0x0a002000 4K 32-39\n'; } |
	bad "machine disk on a transport nobody owns" "transport 9 (0xa001200) is not passed through" 1
{ printf 'machine_virtio_net = 16 tap0\n'; pa a 0; } |
	bad "machine network other than user" "the network must be 'user'" 1
{ printf 'machine_virtio_net = 16 user\nmachine_virtio_net = 16 user\n'; pa a 0 'ram_ipa = phys\npassthrough = virtio-mmio 0x0a002000 4K 32-39\n'; } |
	bad "machine transport given twice" "transport 16 already has a device (line 1)" 2
{ printf 'machine_virtio_blk = 16 %s/no-such-disk.img\n' "$OUT"; pa a 0 'ram_ipa = phys\npassthrough = virtio-mmio 0x0a002000 4K 32-39\n'; } |
	bad "machine disk missing" "cannot open" 1
# Channels.
{ pa a 0; pa b 1; printf '[channel c]\nbetween = a, b\ncolour = red\n'; } |
	bad "unknown key in a channel" "unknown key 'colour' in a channel" 13
{ pa a 0; pa b 1; printf '[channel c]\nbetween = a, z\n'; } |
	bad "channel to a partition that does not exist" "channel 'c': no partition 'z'" 12
{ pa a 0; pa b 1; printf '[channel c]\nbetween = a, a\n'; } |
	bad "channel between a partition and itself" "between a partition and itself" 12
{ pa a 0; pa b 1; printf '[channel c]\nbetween = a, b\nsize = 100K\n'; } |
	bad "channel too big" "size must be a multiple of 4K, at most 64K" 13
{ pa a 0; pa b 1; printf '[channel c]\nbetween = a, b\n[channel c]\n'; } |
	bad "channel defined twice" "channel 'c' defined twice" 13
{ pa a 0; pa b 1; printf '[channel c]\nsize = 4K\n'; } |
	bad "channel without partitions" "channel 'c': no between" 11
{ pa a 0 'passthrough = mmio 0x0b100000 4K\n'; pa b 1; printf '[channel c]\nbetween = a, b\n'; } |
	bad "passthrough over a channel" "passthrough takes the place of channel 'c'" 6
exit 0
