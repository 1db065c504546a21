# The guests the engines run in tests:
#  - test guests: tiny bare-metal programs built for AArch64 and AArch32
#    from shared C (guests/lib, guests/progs) plus per-architecture start
#    code, vectors and accessors (guests/arch/<arch>). Outputs
#    $(B)/guests/<arch>/<name>.elf and .bin (raw, loads at 0x40080000, entry
#    at its first byte). See guests/README.md.
#  - Linux guests (below): Debian kernels with a test initramfs, $(B)/linux/.

GUEST_PROGS := hello psci smp timer mmio wfi crash mmio-bench hvc-bench srt-probe ldst ldst-abort chan
# Feeds the virtio-mmio devices garbage (two program files, linked below).
GUEST_PROGS += virtio-hostile flood
# Counts on the timer in every CPU, to be snapshotted (tests/lab/44-vm-state.sh).
GUEST_PROGS += count
# Counts slowly, to be snapshotted through the control API (tests/lab/62-api-snapshot.sh).
GUEST_PROGS += count-slow
GUEST_ARCHS := aarch64 aarch32
# Iterations of the bench guests' measured loops.
GUEST_BENCH_ITERATIONS ?= 20000

GUEST_CC_aarch64 := $(CROSS64)gcc
GUEST_CC_aarch32 := $(CROSS32)gcc
GUEST_OBJCOPY_aarch64 := $(CROSS64)objcopy
GUEST_OBJCOPY_aarch32 := $(CROSS32)objcopy
# No FP/SIMD code (CPACR traps it at reset), no unaligned accesses (the MMU
# is off, so all data accesses are Device / Strongly-ordered).
GUEST_ARCHFLAGS_aarch64 := -march=armv8-a -mgeneral-regs-only -mstrict-align
GUEST_ARCHFLAGS_aarch32 := -march=armv7ve -marm -mfloat-abi=soft -mno-unaligned-access

GUEST_CFLAGS := $(CSTD) $(WARN) -O2 -g -ffreestanding -fno-builtin \
	-fno-stack-protector -fno-pie -fno-asynchronous-unwind-tables \
	-fno-unwind-tables -MMD -MP -Iguests/lib -Isrc \
	-DGUEST_BENCH_ITERATIONS=$(GUEST_BENCH_ITERATIONS)
GUEST_LDFLAGS := -nostdlib -static -no-pie -Wl,--build-id=none \
	-Wl,--no-warn-rwx-segments

GUEST_LIB_SRCS := $(wildcard guests/lib/*.c)

# $(1) = architecture
define guest_arch_rules
GUEST_OBJDIR_$(1) := $(B)/guests/$(1)/obj
GUEST_COMMON_OBJS_$(1) := \
	$$(patsubst guests/lib/%.c,$$(GUEST_OBJDIR_$(1))/lib/%.o,$(GUEST_LIB_SRCS)) \
	$$(patsubst guests/arch/$(1)/%,$$(GUEST_OBJDIR_$(1))/arch/%.o,\
		$$(wildcard guests/arch/$(1)/*.c guests/arch/$(1)/*.S))

$$(GUEST_OBJDIR_$(1))/lib/%.o: guests/lib/%.c
	@mkdir -p $$(@D)
	$$(GUEST_CC_$(1)) $$(GUEST_CFLAGS) $$(GUEST_ARCHFLAGS_$(1)) -Iguests/arch/$(1) -c $$< -o $$@

$$(GUEST_OBJDIR_$(1))/progs/%.o: guests/progs/%.c
	@mkdir -p $$(@D)
	$$(GUEST_CC_$(1)) $$(GUEST_CFLAGS) $$(GUEST_ARCHFLAGS_$(1)) -Iguests/arch/$(1) -c $$< -o $$@

$$(GUEST_OBJDIR_$(1))/arch/%.o: guests/arch/$(1)/%
	@mkdir -p $$(@D)
	$$(GUEST_CC_$(1)) $$(GUEST_CFLAGS) $$(GUEST_ARCHFLAGS_$(1)) -Iguests/arch/$(1) -c $$< -o $$@

$$(GUEST_OBJDIR_$(1))/link.ld: guests/lib/link.ld guests/lib/layout.h
	@mkdir -p $$(@D)
	$$(GUEST_CC_$(1)) -E -P -x c -Iguests/lib $$< -o $$@

$(B)/guests/$(1)/%.elf: $$(GUEST_OBJDIR_$(1))/progs/%.o $$(GUEST_COMMON_OBJS_$(1)) $$(GUEST_OBJDIR_$(1))/link.ld
	$$(GUEST_CC_$(1)) $$(GUEST_ARCHFLAGS_$(1)) $(GUEST_LDFLAGS) \
		-Wl,-T,$$(GUEST_OBJDIR_$(1))/link.ld -o $$@ $$< $$(GUEST_COMMON_OBJS_$(1))

$(B)/guests/$(1)/%.bin: $(B)/guests/$(1)/%.elf
	$$(GUEST_OBJCOPY_$(1)) -O binary $$< $$@

GUEST_OUTPUTS += $$(foreach g,$(GUEST_PROGS),$(B)/guests/$(1)/$$(g).elf $(B)/guests/$(1)/$$(g).bin)
GUEST_INTERMEDIATES += $$(GUEST_COMMON_OBJS_$(1)) $$(GUEST_OBJDIR_$(1))/link.ld \
	$$(foreach g,$(GUEST_PROGS),$$(GUEST_OBJDIR_$(1))/progs/$$(g).o)
-include $$(wildcard $$(GUEST_OBJDIR_$(1))/*/*.d)
endef

GUEST_OUTPUTS :=
GUEST_INTERMEDIATES :=
$(foreach a,$(GUEST_ARCHS),$(eval $(call guest_arch_rules,$(a))))

# virtio-hostile is four program files: virtio-hostile.c (runner,
# descriptor scenarios), virtio-hostile-transport.c (queue setup, features,
# registers), virtio-hostile-dev.c (per device type) and
# virtio-hostile-race.c (a second CPU, overlapping rings).
VIRTIO_HOSTILE_PARTS := virtio-hostile virtio-hostile-transport \
	virtio-hostile-dev virtio-hostile-race
define guest_virtio_hostile_rule
$(B)/guests/$(1)/virtio-hostile.elf: \
		$$(VIRTIO_HOSTILE_PARTS:%=$$(GUEST_OBJDIR_$(1))/progs/%.o) \
		$$(GUEST_COMMON_OBJS_$(1)) $$(GUEST_OBJDIR_$(1))/link.ld
	$$(GUEST_CC_$(1)) $$(GUEST_ARCHFLAGS_$(1)) $(GUEST_LDFLAGS) \
		-Wl,-T,$$(GUEST_OBJDIR_$(1))/link.ld -o $$@ $$(filter %.o,$$^)
GUEST_INTERMEDIATES += $$(VIRTIO_HOSTILE_PARTS:%=$$(GUEST_OBJDIR_$(1))/progs/%.o)
endef
$(foreach a,$(GUEST_ARCHS),$(eval $(call guest_virtio_hostile_rule,$(a))))

.PHONY: guests
guests: $(GUEST_OUTPUTS)
# Keep the objects and ELF files make treats as intermediates.
.SECONDARY: $(GUEST_OUTPUTS) $(GUEST_INTERMEDIATES)

ALL_TARGETS += guests

# Compile (not link) every guest source with clang too, to keep them clean
# with both compilers: `make guests-clang-check`.
GUEST_CLANG_TARGET_aarch64 := --target=aarch64-none-elf
GUEST_CLANG_TARGET_aarch32 := --target=armv7a-none-eabi
.PHONY: guests-clang-check
guests-clang-check:
	@set -e; for a in $(GUEST_ARCHS); do \
		case $$a in aarch64) t="$(GUEST_CLANG_TARGET_aarch64) $(GUEST_ARCHFLAGS_aarch64)";; \
		*) t="$(GUEST_CLANG_TARGET_aarch32) $(GUEST_ARCHFLAGS_aarch32)";; esac; \
		for f in guests/lib/*.c guests/progs/*.c guests/arch/$$a/*.c guests/arch/$$a/*.S; do \
			clang $$t $(filter-out -MMD -MP,$(GUEST_CFLAGS)) -Iguests/arch/$$a \
				-c $$f -o /dev/null; \
		done; \
	done
	@# The Linux test guest's counter readout (a freestanding Linux binary).
	clang --target=aarch64-linux-gnu $(CSTD) $(WARN) -O2 -ffreestanding -fno-builtin \
		-fno-stack-protector -c tests/linux/counter.c -o /dev/null
	clang --target=armv7a-linux-gnueabihf -marm $(CSTD) $(WARN) -O2 -ffreestanding \
		-fno-builtin -fno-stack-protector -c tests/linux/counter.c -o /dev/null
	@echo "guests: clean with clang"

# ---- Linux guests --------------------------------------------------------------
# Linux guests for the lab: Debian's arm64 and armhf kernels with a small
# busybox initramfs whose /init runs test actions (tests/linux/). Built into
# $(B)/linux/<arch>/, which lab/mkinitramfs.sh packs at /linux in the nested
# host; $(B)/linux/lib.sh is the lab tests' helper library and
# $(B)/linux/disk.ext4.gz a small ext4 image (one file, /seed) for the
# virtio-blk tests.
#   make linux-guests     both guests (the kernels come from lab/fetch.sh's cache)
#   make bench            includes tests/bench-linux.sh (boot to the marker
#                         under -icount, VMM memory)
LINUX_GUEST_ARCHES := arm64 armhf

# The crash test's e2fsck (tests/lab/55-linux-crash.sh), a static arm64 one
# that scripts/setup.sh unpacks; without it the test SKIPs.
E2FSCK_ARM64 := $(ARMVM_CACHE)/e2fsck-arm64/sbin/e2fsck.static
LINUX_E2FSCK := $(if $(wildcard $(E2FSCK_ARM64)),$(B)/linux/e2fsck)
.PHONY: linux-guests
# The script checks its own manifest of inputs, so running it is cheap when
# nothing changed.
linux-guests: $(B)/linux/lib.sh $(B)/linux/disk.ext4.gz $(B)/linux/crash.ext4.gz \
	$(LINUX_E2FSCK)
	@for a in $(LINUX_GUEST_ARCHES); do \
		B=$(B) tests/linux/mk-guest-initramfs.sh $$a || exit 1; \
	done

$(B)/linux/e2fsck: $(E2FSCK_ARM64)
	@mkdir -p $(@D)
	cp $< $@

$(B)/linux/lib.sh: tests/linux/lab-lib.sh
	@mkdir -p $(@D)
	cp $< $@

# 8 MiB, made on this side (busybox in the lab has no mke2fs -t ext4).
$(B)/linux/disk.ext4.gz: mk/guests.mk
	@mkdir -p $(@D) $(B)/linux-work/disk-root
	echo armvm-ext4-seed >$(B)/linux-work/disk-root/seed
	PATH="$$PATH:/sbin:/usr/sbin" mke2fs -q -F -t ext4 -L armvm-test \
		-d $(B)/linux-work/disk-root $(B)/linux-work/disk.ext4 8M
	gzip -9 -n -c $(B)/linux-work/disk.ext4 >$@.tmp && mv $@.tmp $@

# The crash test's disk: 64 MiB of empty ext4 (20 runs of fsync'ed files).
$(B)/linux/crash.ext4.gz: mk/guests.mk
	@mkdir -p $(@D) $(B)/linux-work
	PATH="$$PATH:/sbin:/usr/sbin" mke2fs -q -F -t ext4 -L armvm-crash \
		$(B)/linux-work/crash.ext4 64M
	gzip -9 -n -c $(B)/linux-work/crash.ext4 >$@.tmp && mv $@.tmp $@

ALL_TARGETS += linux-guests
