# virtio-mmio device models (src/dev/virtio*, src/dev/virtqueue*), the hosted
# engine's back ends and I/O thread (src/host), and their unit tests
# (tests/unit/virtio/, kept out of mk/unit.mk's tests/unit/*.c glob: they
# link their own fake guest). See docs/virtio.md. Outputs:
#   $(B)/arm64/libarmvm-virtio.a     device models + src/host, for the CLI
#                                    (link it before libarmvm.a; -pthread)
#   $(B)/host/libarmvm-virtio.a      the same, native, for unit tests
#   $(B)/arm64/virtio-freestanding.ok  the device models build freestanding
#                                    (EL2 flags) and call only memcpy/memset
#   $(B)/host/virtio/<test>          cmocka programs, run by
#                                    tests/suites/virtio-unit.sh

VIRTIO_DEV_SRCS  := src/dev/virtqueue.c src/dev/virtio_mmio.c \
                    src/dev/virtio_blk.c src/dev/virtio_net.c \
                    src/dev/virtio_console.c src/dev/virtio_rng.c \
                    src/dev/virtio_blk_ram.c
VIRTIO_HOST_SRCS := $(wildcard src/host/*.c)
VIRTIO_HDRS      := $(wildcard src/dev/virtio*.h src/dev/virtqueue.h \
                    src/dev/device.h src/host/*.h include/armvm/armvm.h)
VIRTIO_SRCS      := $(VIRTIO_DEV_SRCS) $(VIRTIO_HOST_SRCS)

VIRTIO_ARM64_LIB := $(B)/arm64/libarmvm-virtio.a
VIRTIO_HOST_LIB  := $(B)/host/libarmvm-virtio.a
VIRTIO_FS_STAMP  := $(B)/arm64/virtio-freestanding.ok
VIRTIO_FS_CFLAGS := $(CSTD) $(WARN) -O2 -ffreestanding -fno-builtin \
                    -mgeneral-regs-only -Isrc
VIRTIO_ALLOWED_SYMS := memcpy memset

$(B)/arm64/virtio/%.o: %.c $(VIRTIO_HDRS)
	@mkdir -p $(dir $@)
	$(VMM_CC) $(VMM_CFLAGS) -c $< -o $@

$(B)/host/virtio-obj/%.o: %.c $(VIRTIO_HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(HOST_CFLAGS) -c $< -o $@

$(B)/arm64/virtio-fs/%.o: %.c $(VIRTIO_HDRS)
	@mkdir -p $(dir $@)
	$(CROSS64)gcc $(VIRTIO_FS_CFLAGS) -c $< -o $@

$(VIRTIO_ARM64_LIB): $(VIRTIO_SRCS:%.c=$(B)/arm64/virtio/%.o)
	@rm -f $@
	$(CROSS64)ar rcs $@ $^

$(VIRTIO_HOST_LIB): $(VIRTIO_SRCS:%.c=$(B)/host/virtio-obj/%.o)
	@rm -f $@
	$(or $(HOST_AR),ar) rcs $@ $^

# Link the objects together (relocatable) so only outside symbols remain.
$(VIRTIO_FS_STAMP): $(VIRTIO_DEV_SRCS:%.c=$(B)/arm64/virtio-fs/%.o)
	@$(CROSS64)ld -r -o $(B)/arm64/virtio-fs/all.o $^
	@bad=$$($(CROSS64)nm -u $(B)/arm64/virtio-fs/all.o | awk 'NF==2{print $$2}' | sort -u | \
		grep -vxE '$(subst $() ,|,$(VIRTIO_ALLOWED_SYMS))' || true); \
	if [ -n "$$bad" ]; then \
		echo "virtio: freestanding objects call: $$bad" >&2; exit 1; fi
	@touch $@

# ---- native unit tests (cmocka) ----
VIRTIO_TEST_SRCS := $(wildcard tests/unit/virtio/*_test.c)
VIRTIO_TESTS     := $(VIRTIO_TEST_SRCS:tests/unit/virtio/%.c=$(B)/host/virtio/%)
VIRTIO_TEST_HELPERS := $(filter-out $(VIRTIO_TEST_SRCS),$(wildcard tests/unit/virtio/*.c))

$(VIRTIO_TESTS): $(B)/host/virtio/%: tests/unit/virtio/%.c $(VIRTIO_TEST_HELPERS) \
		$(wildcard tests/unit/virtio/*.h) $(VIRTIO_HOST_LIB)
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) -Itests/unit/virtio -o $@ $< $(VIRTIO_TEST_HELPERS) \
		$(VIRTIO_HOST_LIB) -lcmocka -pthread

ALL_TARGETS += $(VIRTIO_ARM64_LIB) $(VIRTIO_HOST_LIB) $(VIRTIO_FS_STAMP) $(VIRTIO_TESTS)
TEST_SUITES += tests/suites/virtio-unit.sh

.PHONY: virtio virtio-test
virtio: $(VIRTIO_ARM64_LIB) $(VIRTIO_HOST_LIB) $(VIRTIO_FS_STAMP)
virtio-test: $(VIRTIO_TESTS)
	@B=$(B) ./tests/suites/virtio-unit.sh
