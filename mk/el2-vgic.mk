# The bare-metal engine's virtual GIC, virtual timer and physical GICv3
# driver (src/el2/vgic*, vtimer*, gic*). Built two ways here:
#   host x86_64 -> $(B)/host/libel2-vgic.a, appended to UNIT_LIBS: the
#                  tests/unit/el2_vgic*_test.c programs (built and run by
#                  mk/unit.mk and tests/suites/unit.sh) link it together
#                  with the fake system registers of tests/unit/el2_vgic_fake.h.
#   EL2 aarch64 -> $(B)/arm64/el2-vgic-freestanding.ok proves every file
#                  compiles with the hypervisor's freestanding flags and needs
#                  nothing from outside but memset/memcpy. The hypervisor
#                  image itself compiles these sources with its own rules
#                  (el2 core).

EL2_VGIC_HOST_SRCS := src/el2/vgic.c src/el2/vgic_lr.c src/el2/vgic_dist.c src/el2/gic.c \
	src/el2/vgic_redist.c src/el2/vtimer.c src/el2/vgic_forward.c
EL2_VGIC_EL2_SRCS  := $(EL2_VGIC_HOST_SRCS) src/el2/gic_sysreg.c
EL2_VGIC_HDRS      := $(wildcard src/el2/vgic*.h src/el2/vtimer.h src/el2/gic*.h src/el2/spinlock.h)

EL2_VGIC_HOST_OBJS := $(EL2_VGIC_HOST_SRCS:%.c=$(B)/host/el2-vgic/%.o)
EL2_VGIC_FS_OBJS   := $(EL2_VGIC_EL2_SRCS:%.c=$(B)/arm64/el2-vgic-fs/%.o)
EL2_VGIC_HOST_LIB  := $(B)/host/libel2-vgic.a
EL2_VGIC_FS_STAMP  := $(B)/arm64/el2-vgic-freestanding.ok

EL2_VGIC_FS_CFLAGS := $(CSTD) $(WARN) -O2 -ffreestanding -fno-builtin -nostdlib \
	-mgeneral-regs-only -Isrc
EL2_VGIC_ALLOWED_SYMS := memset memcpy

UNIT_LIBS += $(EL2_VGIC_HOST_LIB)
ALL_TARGETS += $(EL2_VGIC_HOST_LIB) $(EL2_VGIC_FS_STAMP)

.PHONY: el2-vgic
el2-vgic: $(EL2_VGIC_HOST_LIB) $(EL2_VGIC_FS_STAMP)

$(B)/host/el2-vgic/%.o: %.c $(EL2_VGIC_HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(HOST_CFLAGS) -c $< -o $@

$(EL2_VGIC_HOST_LIB): $(EL2_VGIC_HOST_OBJS)
	@rm -f $@
	$(or $(HOST_AR),ar) rcs $@ $^

$(B)/arm64/el2-vgic-fs/%.o: %.c $(EL2_VGIC_HDRS)
	@mkdir -p $(dir $@)
	$(CROSS64)gcc $(EL2_VGIC_FS_CFLAGS) -c $< -o $@

# Link the objects together (relocatable) and allow only string.h symbols.
$(EL2_VGIC_FS_STAMP): $(EL2_VGIC_FS_OBJS)
	@$(CROSS64)ld -r -o $(B)/arm64/el2-vgic-fs/all.o $^
	@bad=$$($(CROSS64)nm -u $(B)/arm64/el2-vgic-fs/all.o | awk 'NF==2{print $$2}' | \
		grep -vxF $(EL2_VGIC_ALLOWED_SYMS:%=-e %)); \
	if [ -n "$$bad" ]; then echo "el2-vgic: freestanding objects need: $$bad" >&2; exit 1; fi
	@touch $@

# Hardware-emulation test: tests/el2-vgic is a minimal EL2 harness (one
# vCPU, no stage 2) around the real gic.c/vgic*.c/vtimer.c and a small EL1
# guest; QEMU virt (GICv3, virtualization=on) runs it and it prints
# PASS:/FAIL: lines. tests/suites/el2-vgic-qemu.sh runs it.
EL2_VGIC_QEMU_SRCS := $(wildcard tests/el2-vgic/*.c tests/el2-vgic/*.S) $(EL2_VGIC_EL2_SRCS) \
	src/el2/uart.c
EL2_VGIC_QEMU_OBJS := $(patsubst %,$(B)/el2-vgic-qemu/%.o,$(EL2_VGIC_QEMU_SRCS))
EL2_VGIC_QEMU_ELF  := $(B)/el2-vgic-qemu/gictest.elf
EL2_VGIC_QEMU_CFLAGS := $(EL2_VGIC_FS_CFLAGS) -g -mstrict-align -fno-pie \
	-fno-stack-protector -Itests/el2-vgic

ALL_TARGETS += $(EL2_VGIC_QEMU_ELF)
TEST_SUITES += tests/suites/el2-vgic-qemu.sh

$(B)/el2-vgic-qemu/%.c.o: %.c $(EL2_VGIC_HDRS) $(wildcard tests/el2-vgic/*.h)
	@mkdir -p $(dir $@)
	$(CROSS64)gcc $(EL2_VGIC_QEMU_CFLAGS) -c $< -o $@

$(B)/el2-vgic-qemu/%.S.o: %.S $(wildcard tests/el2-vgic/*.h)
	@mkdir -p $(dir $@)
	$(CROSS64)gcc $(EL2_VGIC_QEMU_CFLAGS) -c $< -o $@

$(EL2_VGIC_QEMU_ELF): $(EL2_VGIC_QEMU_OBJS) tests/el2-vgic/link.ld
	$(CROSS64)gcc -nostdlib -static -no-pie -Wl,--build-id=none \
		-Wl,--no-warn-rwx-segments -T tests/el2-vgic/link.ld $(EL2_VGIC_QEMU_OBJS) -o $@
