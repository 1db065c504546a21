# The bare-metal engine: a type-1 hypervisor at EL2 for QEMU virt
# (src/el2, docs/el2.md). Builds:
#   $(B)/el2/obj/...          the hypervisor objects (src/el2 including the
#                             vGIC files, plus the freestanding platform
#                             devices and loader), listed in objects.list
#   $(B)/host/el2-build       host tool: partition config -> table + DTBs
#   $(B)/el2/<cfg>/hyp.elf    one bootable image per el2/configs/<cfg>.conf
#   $(B)/host/el2-unit/*      native cmocka tests of the pure EL2 logic
# `make el2-demo` boots the two-partition demo (AArch64 + AArch32),
# `make el2-demo-linux` two Debian Linux partitions (arm64 + armhf).

EL2_CC      := $(CROSS64)gcc
EL2_CFLAGS  := $(CSTD) $(WARN) -O2 -g -ffreestanding -fno-builtin -nostdlib \
	-mgeneral-regs-only -mstrict-align -mno-outline-atomics \
	-fno-stack-protector -fno-pie -fno-pic -fno-asynchronous-unwind-tables \
	-fno-unwind-tables -fno-tree-loop-distribute-patterns -Isrc
EL2_SRCS    := $(wildcard src/el2/*.c src/el2/*.S src/arch/*.c)
# Every freestanding src/machine file (fdt_build.c is host-only: libfdt)
# and the platform devices a partition can have.
EL2_PLATFORM_SRCS := $(filter-out src/machine/fdt_build.c,$(wildcard src/machine/*.c)) \
	src/dev/pl011.c src/dev/pl031.c src/dev/testdev.c src/dev/bootmark.c src/dev/dev_registry.c \
	src/dev/virtio_mmio.c src/dev/virtqueue.c src/dev/virtio_blk.c src/dev/virtio_blk_ram.c
EL2_OBJS    := $(patsubst %,$(B)/el2/obj/%.o,$(EL2_SRCS) $(EL2_PLATFORM_SRCS))
EL2_HDRS    := $(wildcard src/el2/*.h src/dev/*.h src/machine/*.h src/arch/*.h)
EL2_TOOL    := $(B)/host/el2-build
EL2_TOOL_SRCS := el2/tools/el2-build.c el2/tools/el2_config.c
EL2_UNIT_SRCS := $(wildcard el2/unit/*.c)
EL2_UNIT_BINS := $(EL2_UNIT_SRCS:el2/unit/%.c=$(B)/host/el2-unit/%)
EL2_PLATFORM_HOST_LIB := $(B)/host/libarmvm-platform.a

ALL_TARGETS += el2
TEST_SUITES += tests/suites/el2.sh
BENCH_SUITES += tests/bench-el2.sh

.PHONY: el2 el2-demo el2-clang-check
el2: $(EL2_OBJS) $(B)/el2/objects.list $(B)/el2/cflags $(EL2_TOOL) $(EL2_UNIT_BINS)

$(B)/el2/obj/%.c.o: %.c $(EL2_HDRS)
	@mkdir -p $(dir $@)
	@echo "  CC-EL2  $<"
	@$(EL2_CC) $(EL2_CFLAGS) -c $< -o $@

$(B)/el2/obj/%.S.o: %.S $(EL2_HDRS)
	@mkdir -p $(dir $@)
	@echo "  AS-EL2  $<"
	@$(EL2_CC) -Isrc -c $< -o $@

$(B)/el2/objects.list: $(EL2_OBJS)
	@mkdir -p $(dir $@)
	@echo $(EL2_OBJS) > $@

$(B)/el2/cflags: mk/el2.mk
	@mkdir -p $(dir $@)
	@echo $(EL2_CFLAGS) > $@

$(EL2_TOOL): $(EL2_TOOL_SRCS) el2/tools/el2_config.h $(EL2_HDRS) $(EL2_PLATFORM_HOST_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(HOST_CFLAGS) -Iel2/tools $(EL2_TOOL_SRCS) $(EL2_PLATFORM_HOST_LIB) -lfdt -o $@

# Native tests of the pure parts: stage-2 builder, ESR decoding, AArch32
# register view, config parser.
$(B)/host/el2-unit/%: el2/unit/%.c src/el2/stage2.c src/el2/dabt_decode.c \
		src/arch/aarch32.c el2/tools/el2_config.c src/machine/board.c $(EL2_HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(HOST_CFLAGS) -Iel2/tools $< src/el2/stage2.c src/el2/dabt_decode.c \
		src/arch/aarch32.c el2/tools/el2_config.c src/machine/board.c -lcmocka -o $@

# One image per configuration in el2/configs (guest images must exist).
$(B)/el2/%/hyp.elf: el2/configs/%.conf el2 guests src/el2/hyp.ld
	@B=$(B) CROSS64=$(CROSS64) ./el2/tools/el2-image.sh $< $(@D)

EL2_QEMU := qemu-system-aarch64 -M virt,virtualization=on,gic-version=3 \
	-cpu cortex-a57 -smp 4 -m 1G -nographic -monitor none -serial stdio

el2-demo: $(B)/el2/demo/hyp.elf
	@echo "el2-demo: two partitions (AArch64 on pCPUs 0-1, AArch32 on pCPUs 2-3); Ctrl-A N switches console input"
	timeout 60 $(EL2_QEMU) -kernel $<

# Two Debian Linux partitions (AArch64 + AArch32): el2/configs/linux.conf.
.PHONY: el2-linux-guests el2-demo-linux
el2-linux-guests:
	@tests/linux/mk-guest-initramfs.sh arm64 && tests/linux/mk-guest-initramfs.sh armhf

$(B)/el2/linux/hyp.elf: el2-linux-guests

el2-demo-linux: $(B)/el2/linux/hyp.elf
	@echo "el2-demo-linux: arm64 Linux on pCPUs 0-1, armhf Linux on pCPUs 2-3"
	timeout 300 $(EL2_QEMU) -kernel $<

# The hypervisor, its host tool, unit tests and test guests also compile
# cleanly with clang.
el2-clang-check:
	@for f in $(filter %.c,$(EL2_SRCS)); do \
		clang --target=aarch64-linux-gnu $(filter-out -mno-outline-atomics -fno-tree-loop-distribute-patterns,$(EL2_CFLAGS)) \
			-fsyntax-only $$f || exit 1; done
	@for f in $(EL2_TOOL_SRCS) $(EL2_UNIT_SRCS); do \
		clang $(HOST_CFLAGS) -Iel2/tools -fsyntax-only $$f || exit 1; done
	@for f in el2/guests/*.c; do \
		clang --target=aarch64-linux-gnu $(CSTD) $(WARN) -ffreestanding \
			-mgeneral-regs-only -fsyntax-only $$f || exit 1; done
	@echo "el2: clang clean"

# The EL2 engine's own test guests (el2/guests, AArch64, self-contained):
# probe (isolation), reset (SYSTEM_RESET from a secondary vCPU) and echo
# (console input); probe32 is the AArch32 probe.
EL2_GUEST_COMMON := el2/guests/start.S el2/guests/io.c
EL2_OWN_GUESTS := $(B)/el2/guests/probe.elf $(B)/el2/guests/reset.elf \
	$(B)/el2/guests/echo.elf $(B)/el2/guests/probe32.elf
el2: $(EL2_OWN_GUESTS)

# The AArch32 isolation probe (el2/guests/aarch32): the injected-abort path
# of 32-bit guests.
$(B)/el2/guests/probe32.elf: el2/guests/aarch32/start.S el2/guests/aarch32/probe32.c el2/guests/link.ld
	@mkdir -p $(dir $@)
	$(CROSS32)gcc $(CSTD) $(WARN) -O2 -ffreestanding -nostdlib -static -no-pie \
		-march=armv7ve -marm -mfloat-abi=soft -mno-unaligned-access -fno-stack-protector \
		-Wl,--build-id=none -Wl,--no-warn-rwx-segments \
		-Wl,-T,el2/guests/link.ld -o $@ el2/guests/aarch32/start.S el2/guests/aarch32/probe32.c
$(B)/el2/guests/%.elf: el2/guests/%.c $(EL2_GUEST_COMMON) el2/guests/io.h el2/guests/link.ld
	@mkdir -p $(dir $@)
	$(CROSS64)gcc $(CSTD) $(WARN) -O2 -ffreestanding -nostdlib -static -no-pie \
		-mgeneral-regs-only -mstrict-align -fno-stack-protector \
		-Wl,--build-id=none -Wl,--no-warn-rwx-segments \
		-Wl,-T,el2/guests/link.ld -o $@ $(EL2_GUEST_COMMON) $<
