# The bare-metal engine: a type-1 hypervisor at EL2 for QEMU virt
# (src/el2, docs/el2.md). Builds:
#   $(B)/el2/objects.list     what a hypervisor image links: the el2 target's
#                             libraries (el2, machine, dev, arch), whole
#   $(B)/el2/cflags           EL2_CFLAGS, for the generated partition table
#   $(B)/host/el2-build       host tool: partition config -> table + DTBs
#   $(B)/el2/<cfg>/hyp.elf    one bootable image per el2/configs/<cfg>.conf
#                             (el2/tools/el2-image.sh links it)
#   $(B)/el2/guests/*.elf     the engine's own test guests
#   $(B)/el2-vgic-qemu/gictest.elf  the vGIC hardware-emulation harness
# `make el2-demo` boots the two-partition demo (AArch64 + AArch32) (and
# `make el2-demo-raspi4b` on QEMU 10's Raspberry Pi 4 B model),
# `make el2-demo-linux` two Debian Linux partitions (arm64 + armhf), both
# through el2/tools/armvm-el2 (`armvm-el2 run CONFIG`).

EL2_OBJECTS_LIST := $(B)/el2/objects.list
EL2_TOOL := $(B)/host/el2-build

ALL_TARGETS += el2

.PHONY: el2 el2-demo el2-clang-check
el2: $(EL2_OBJECTS_LIST) $(B)/el2/cflags $(EL2_TOOL) $(B)/el2/freestanding.ok

# Whole archives: every object, as the hypervisor has always linked them.
$(EL2_OBJECTS_LIST): $(call layer_libs,el2)
	@mkdir -p $(@D)
	echo -Wl,--whole-archive $^ -Wl,--no-whole-archive $(EL2_LIBFDT) > $@

$(B)/el2/cflags: Makefile
	@mkdir -p $(@D)
	echo $(EL2_CFLAGS) > $@

$(EL2_TOOL): $(B)/host/obj/el2/tools/el2-build.c.o $(call layer_libs,host)
	$(HOST_CC) -o $@ $< -Wl,--start-group $(filter %.a,$^) -Wl,--end-group -lfdt -lzstd -llz4 -llzma -lz

# One image per configuration in el2/configs (guest images must exist).
$(B)/el2/%/hyp.elf: el2/configs/%.conf el2 guests src/el2/hyp.ld
	@B=$(B) CROSS64=$(CROSS64) ./el2/tools/el2-image.sh $< $(@D)

# The demos go through the one command (el2/tools/armvm-el2): it builds the
# image and starts QEMU with the machine the configuration describes.
EL2_RUN := B=$(B) CROSS64=$(CROSS64) el2/tools/armvm-el2 run

el2-demo: el2 guests
	@echo "el2-demo: two partitions (AArch64 on pCPUs 0-1, AArch32 on pCPUs 2-3); Ctrl-A N switches console input"
	$(EL2_RUN) --timeout 60 el2/configs/demo.conf

# An AArch64 and an AArch32 partition over a channel: el2/configs/channel.conf.
.PHONY: el2-demo-channel
el2-demo-channel: el2 guests
	@echo "el2-demo-channel: AArch64 and AArch32 partitions exchange messages over a channel"
	$(EL2_RUN) --timeout 60 el2/configs/channel.conf

# QEMU's virtio devices passed through to two Linux partitions:
# el2/configs/passthrough.conf (its disk image made here once).
.PHONY: el2-demo-passthrough
$(B)/el2/passthrough-disk.img:
	@mkdir -p $(@D)/passthrough-root
	echo el2seed > $(@D)/passthrough-root/seed
	mke2fs -q -t ext4 -d $(@D)/passthrough-root $@ 8M

el2-demo-passthrough: el2 guests el2-linux-guests $(B)/el2/passthrough-disk.img
	@echo "el2-demo-passthrough: arm64 Linux owns a virtio-blk (a host file), armhf Linux a virtio-net"
	$(EL2_RUN) --timeout 300 el2/configs/passthrough.conf

# The same demo on QEMU 10's Raspberry Pi 4 B model (GIC-400, spin-table
# CPUs, RAM at 0): el2/configs/demo-raspi4b.conf, docs/el2-boards.md.
.PHONY: el2-demo-raspi4b
el2-demo-raspi4b: $(B)/el2/demo-raspi4b/hyp.elf
	@echo "el2-demo-raspi4b: no PSCI on the Pi: the hypervisor halts at the end (Ctrl-A X or the timeout ends QEMU)"
	-timeout 60 ./el2/tools/qemu-raspi4b.sh $(B)/el2/demo-raspi4b/hyp.bin

# Two Debian Linux partitions (AArch64 + AArch32): el2/configs/linux.conf.
.PHONY: el2-linux-guests el2-demo-linux
el2-linux-guests:
	@tests/linux/mk-guest-initramfs.sh arm64 && tests/linux/mk-guest-initramfs.sh armhf

$(B)/el2/linux/hyp.elf: el2-linux-guests

el2-demo-linux: el2 guests el2-linux-guests
	@echo "el2-demo-linux: arm64 Linux on pCPUs 0-1, armhf Linux on pCPUs 2-3"
	$(EL2_RUN) --timeout 300 el2/configs/linux.conf

# The EL2 engine's own test guests (el2/guests, AArch64, self-contained):
# probe (isolation), reset (SYSTEM_RESET from a secondary vCPU) and echo
# (console input); probe32 is the AArch32 probe.
EL2_GUEST_COMMON := el2/guests/start.S el2/guests/io.c el2/guests/abort_probe.c
EL2_OWN_GUESTS := $(B)/el2/guests/probe.elf $(B)/el2/guests/reset.elf $(B)/el2/guests/poke.elf \
	$(B)/el2/guests/echo.elf $(B)/el2/guests/probe32.elf $(B)/el2/guests/banked32.elf \
	$(B)/el2/guests/ptimer32.elf
el2: $(EL2_OWN_GUESTS)

# The AArch32 isolation probe (el2/guests/aarch32): the injected-abort path
# of 32-bit guests.
$(B)/el2/guests/probe32.elf: el2/guests/aarch32/start.S el2/guests/aarch32/probe32.c el2/guests/link.ld
	@mkdir -p $(dir $@)
	$(CROSS32)gcc $(CSTD) $(WARN) -O2 -ffreestanding -nostdlib -static -no-pie \
		-march=armv7ve -marm -mfloat-abi=soft -mno-unaligned-access -fno-stack-protector \
		-Wl,--build-id=none -Wl,--no-warn-rwx-segments \
		-Wl,-T,el2/guests/link.ld -o $@ el2/guests/aarch32/start.S el2/guests/aarch32/probe32.c
# AArch32 banked registers stored to and loaded from the test device in
# every mode: the syndrome register numbering (src/el2/syndrome_probe.h).
$(B)/el2/guests/banked32.elf: el2/guests/aarch32/start.S el2/guests/aarch32/banked32.c \
		el2/guests/aarch32/banked32_modes.S el2/guests/link.ld
	@mkdir -p $(dir $@)
	$(CROSS32)gcc $(CSTD) $(WARN) -O2 -ffreestanding -nostdlib -static -no-pie \
		-march=armv7ve -marm -mfloat-abi=soft -mno-unaligned-access -fno-stack-protector \
		-Wl,--build-id=none -Wl,--no-warn-rwx-segments \
		-Wl,-T,el2/guests/link.ld -o $@ el2/guests/aarch32/start.S \
		el2/guests/aarch32/banked32_modes.S el2/guests/aarch32/banked32.c
# The emulated physical timer through its AArch32 CP15 encodings.
$(B)/el2/guests/ptimer32.elf: el2/guests/aarch32/start.S el2/guests/aarch32/ptimer32.c \
		el2/guests/link.ld
	@mkdir -p $(dir $@)
	$(CROSS32)gcc $(CSTD) $(WARN) -O2 -ffreestanding -nostdlib -static -no-pie \
		-march=armv7ve -marm -mfloat-abi=soft -mno-unaligned-access -fno-stack-protector \
		-Wl,--build-id=none -Wl,--no-warn-rwx-segments \
		-Wl,-T,el2/guests/link.ld -o $@ el2/guests/aarch32/start.S el2/guests/aarch32/ptimer32.c
$(B)/el2/guests/%.elf: el2/guests/%.c $(EL2_GUEST_COMMON) el2/guests/io.h el2/guests/abort_probe.h el2/guests/link.ld
	@mkdir -p $(dir $@)
	$(CROSS64)gcc $(CSTD) $(WARN) -O2 -ffreestanding -nostdlib -static -no-pie \
		-mgeneral-regs-only -mstrict-align -fno-stack-protector \
		-Wl,--build-id=none -Wl,--no-warn-rwx-segments \
		-Wl,-T,el2/guests/link.ld -o $@ $(EL2_GUEST_COMMON) $<

# The vGIC hardware-emulation harness: tests/el2-vgic is a minimal EL2
# harness (one vCPU, no stage 2) around the el2 library's real GIC, vGIC and
# virtual timer (what it calls is pulled from the archive) and a small EL1
# guest; QEMU virt (GICv3, virtualization=on) runs it and it prints
# PASS:/FAIL: lines. tests/suites/el2-vgic-qemu.sh runs it.
EL2_VGIC_QEMU_ELF  := $(B)/el2-vgic-qemu/gictest.elf
EL2_VGIC_QEMU_OBJS := $(patsubst %,$(B)/el2-vgic-qemu/%.o,\
	$(wildcard tests/el2-vgic/*.c tests/el2-vgic/*.S))

$(B)/el2-vgic-qemu/%.o: %
	@mkdir -p $(@D)
	$(EL2_CC) $(EL2_CFLAGS) -Itests/el2-vgic -MMD -MP -c $< -o $@
-include $(wildcard $(B)/el2-vgic-qemu/tests/el2-vgic/*.d)

ALL_TARGETS += $(EL2_VGIC_QEMU_ELF)
$(EL2_VGIC_QEMU_ELF): $(EL2_VGIC_QEMU_OBJS) $(call layer_lib,el2,el2) \
		$(call layer_lib,el2,arch) tests/el2-vgic/link.ld
	$(EL2_CC) -nostdlib -static -no-pie -Wl,--build-id=none \
		-Wl,--no-warn-rwx-segments -T tests/el2-vgic/link.ld $(EL2_VGIC_QEMU_OBJS) \
		-Wl,--start-group $(filter %.a,$^) -Wl,--end-group -o $@

# The hypervisor, its host tool and test guests also compile cleanly with
# clang (its unit tests: tests/suites/clang.sh builds them with clang).
EL2_CLANG_CFLAGS := $(filter-out -mno-outline-atomics -fno-tree-loop-distribute-patterns,$(EL2_CFLAGS))
el2-clang-check:
	@for f in $(filter %.c,$(foreach l,$(LAYERS_el2),$(call layer_srcs,el2,$(l)))) \
			$(wildcard tests/el2-vgic/*.c); do \
		clang --target=aarch64-linux-gnu $(EL2_CLANG_CFLAGS) -Itests/el2-vgic \
			-fsyntax-only $$f || exit 1; done
	@for f in $(wildcard el2/tools/*.c); do \
		clang $(HOST_CFLAGS) -fsyntax-only $$f || exit 1; done
	@for f in el2/guests/*.c; do \
		clang --target=aarch64-linux-gnu $(CSTD) $(WARN) -ffreestanding \
			-mgeneral-regs-only -fsyntax-only $$f || exit 1; done
	@echo "el2: clang clean"
