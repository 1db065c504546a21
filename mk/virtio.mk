# virtio-mmio device models (src/dev/virtio*, src/dev/virtqueue*), their
# hosted-engine back ends and I/O thread (src/host), and their unit tests.
# See docs/virtio.md.

VIRTIO_DEV_SRCS  := src/dev/virtqueue.c src/dev/virtio_mmio.c \
                    src/dev/virtio_blk.c src/dev/virtio_net.c \
                    src/dev/virtio_console.c src/dev/virtio_rng.c
VIRTIO_DEV_HDRS  := $(wildcard src/dev/virtio*.h src/dev/virtqueue.h src/dev/device.h)

# ---- native unit tests (cmocka) ----
VIRTIO_TEST_NAMES := virtio_mmio_test virtqueue_test virtio_blk_test virtio_net_test virtio_console_rng_test
VIRTIO_TESTS      := $(VIRTIO_TEST_NAMES:%=$(B)/tests/unit/%)
VIRTIO_FAKE       := tests/unit/virtio_fake.c tests/unit/virtio_fake.h

$(VIRTIO_TESTS): $(B)/tests/unit/%: tests/unit/%.c $(VIRTIO_FAKE) $(VIRTIO_DEV_SRCS) $(VIRTIO_DEV_HDRS)
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) -Itests/unit -o $@ $< tests/unit/virtio_fake.c $(VIRTIO_DEV_SRCS) -lcmocka

ALL_TARGETS += $(VIRTIO_TESTS)
TEST_SUITES += tests/suites/virtio-unit.sh

.PHONY: virtio-test
virtio-test: $(VIRTIO_TESTS)
	@./tests/suites/virtio-unit.sh
