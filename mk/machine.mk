# The shared guest platform: src/machine (machine description, device tree,
# loader, board table, machine_boot) and the platform devices in src/dev
# (PL011, PL031, test device, boot marker, the device registry and the
# virtio-blk model it can build). Built three ways:
#   host x86_64 -> $(B)/host/libarmvm-platform.a   (unit tests)
#   arm64 VMM   -> $(B)/arm64/libarmvm-platform.a  (the CLI links it; it
#                  needs libfdt from $(SYSROOT64) at link time: -lfdt)
#   EL2         -> nothing here: the hypervisor compiles src/dev/*.c and
#                  the freestanding src/machine files with its own flags.
# $(B)/arm64/platform-freestanding.ok proves the freestanding sources build
# with -ffreestanding -mgeneral-regs-only and call nothing beyond the
# string.h-level functions in PLATFORM_ALLOWED_SYMS.

PLATFORM_FREESTANDING_SRCS := src/machine/machine.c src/machine/loader.c \
	src/machine/loader_elf.c src/machine/loader_linux.c \
	src/machine/loader_layout.c src/machine/board.c src/machine/machine_boot.c \
	src/dev/pl011.c src/dev/pl031.c src/dev/testdev.c src/dev/bootmark.c \
	src/dev/dev_registry.c src/dev/virtio_blk.c src/dev/virtio_mmio.c src/dev/virtqueue.c
PLATFORM_HOSTED_SRCS := src/machine/fdt_build.c
PLATFORM_SRCS := $(PLATFORM_FREESTANDING_SRCS) $(PLATFORM_HOSTED_SRCS)
PLATFORM_HDRS := $(wildcard src/machine/*.h src/dev/*.h)

PLATFORM_HOST_OBJS  := $(PLATFORM_SRCS:%.c=$(B)/host/platform/%.o)
PLATFORM_ARM64_OBJS := $(PLATFORM_SRCS:%.c=$(B)/arm64/platform/%.o)
PLATFORM_FS_OBJS    := $(PLATFORM_FREESTANDING_SRCS:%.c=$(B)/arm64/platform-fs/%.o)

PLATFORM_HOST_LIB  := $(B)/host/libarmvm-platform.a
PLATFORM_ARM64_LIB := $(B)/arm64/libarmvm-platform.a
PLATFORM_FS_STAMP  := $(B)/arm64/platform-freestanding.ok

PLATFORM_FS_CFLAGS := $(CSTD) $(WARN) -O2 -ffreestanding -fno-builtin \
	-mgeneral-regs-only -Isrc
PLATFORM_ALLOWED_SYMS := memcpy memset memmove memcmp strlen

ALL_TARGETS += $(PLATFORM_HOST_LIB) $(PLATFORM_ARM64_LIB) $(PLATFORM_FS_STAMP)

.PHONY: platform platform-host
platform: $(PLATFORM_HOST_LIB) $(PLATFORM_ARM64_LIB) $(PLATFORM_FS_STAMP)
platform-host: $(PLATFORM_HOST_LIB)

$(B)/host/platform/%.o: %.c $(PLATFORM_HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(HOST_CFLAGS) -c $< -o $@

$(B)/arm64/platform/%.o: %.c $(PLATFORM_HDRS)
	@mkdir -p $(dir $@)
	$(VMM_CC) $(VMM_CFLAGS) -c $< -o $@

$(B)/arm64/platform-fs/%.o: %.c $(PLATFORM_HDRS)
	@mkdir -p $(dir $@)
	$(CROSS64)gcc $(PLATFORM_FS_CFLAGS) -c $< -o $@

$(PLATFORM_HOST_LIB): $(PLATFORM_HOST_OBJS)
	@rm -f $@
	$(HOST_AR) rcs $@ $^

$(PLATFORM_ARM64_LIB): $(PLATFORM_ARM64_OBJS)
	@rm -f $@
	$(CROSS64)ar rcs $@ $^

# Every symbol the freestanding objects need from outside them must be allowed.
$(PLATFORM_FS_STAMP): $(PLATFORM_FS_OBJS)
	@$(CROSS64)nm --defined-only $^ | awk 'NF==3{print $$3}' | sort -u >$@.def
	@bad=$$($(CROSS64)nm -u $^ | awk 'NF==2{print $$2}' | sort -u | \
		comm -23 - $@.def | \
		grep -vxE '$(subst $() ,|,$(PLATFORM_ALLOWED_SYMS))' | tr '\n' ' ' || true); \
	rm -f $@.def; \
	if [ -n "$$bad" ]; then \
		echo "platform: freestanding objects call: $$bad" >&2; exit 1; fi
	@touch $@

HOST_AR ?= ar
