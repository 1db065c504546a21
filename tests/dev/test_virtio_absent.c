// SPDX-License-Identifier: MIT
/*
 * Absent virtio-mmio transports: they answer as QEMU's unplugged ones
 * (magic, version, vendor, DeviceID 0, the rest zero, writes ignored), the
 * board fills every free transport place with one, and the registry builds
 * them, saves and loads them and writes QEMU's node.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>

#include "dev/dev_registry.h"
#include "dev/virtio_mmio.h"
#include "dev/virtio_mmio_regs.h"
#include "machine/board.h"
#include "machine/fdt_build.h"

static void test_registers(void **state)
{
	struct virtio_absent v;

	(void)state;
	virtio_absent_init(&v, 0x0a000000, VIRTIO_MMIO_SIZE);
	assert_int_equal(v.region.base, 0x0a000000);
	assert_int_equal(v.region.size, VIRTIO_MMIO_SIZE);
	assert_int_equal(virtio_absent_read(&v, VIRTIO_MMIO_MAGIC_VALUE, 4), VIRTIO_MMIO_MAGIC);
	assert_int_equal(virtio_absent_read(&v, VIRTIO_MMIO_VERSION, 4), VIRTIO_MMIO_VERSION_MODERN);
	assert_int_equal(virtio_absent_read(&v, VIRTIO_MMIO_DEVICE_ID, 4), 0);
	assert_int_equal(virtio_absent_read(&v, VIRTIO_MMIO_VENDOR_ID, 4), VIRTIO_MMIO_VENDOR);
	/* Writes change nothing: a driver cannot bring it up. */
	virtio_absent_write(&v, VIRTIO_MMIO_STATUS, 4, 0xff);
	virtio_absent_write(&v, VIRTIO_MMIO_DEVICE_ID, 4, 5);
	assert_int_equal(virtio_absent_read(&v, VIRTIO_MMIO_STATUS, 4), 0);
	assert_int_equal(virtio_absent_read(&v, VIRTIO_MMIO_DEVICE_ID, 4), 0);
	for (uint64_t off = VIRTIO_MMIO_DEVICE_FEATURES; off < VIRTIO_MMIO_SIZE; off += 4)
		assert_int_equal(virtio_absent_read(&v, off, 4), 0);
	/* Registers are 32-bit: other widths read zero. */
	assert_int_equal(virtio_absent_read(&v, VIRTIO_MMIO_MAGIC_VALUE, 1), 0);
	assert_int_equal(virtio_absent_read(&v, VIRTIO_MMIO_MAGIC_VALUE, 8), 0);
}

static void test_board_fills_free_places(void **state)
{
	struct board b;

	(void)state;
	board_init(&b);
	assert_int_equal(board_add_virt(&b, BOARD_DEV_PL011), 0);
	assert_int_equal(board_add_virtio(&b, 0, 2), 0);
	assert_int_equal(board_add_virtio(&b, 5, 1), 0);
	assert_int_equal(board_add_virtio_absent(&b), VIRT_MMIO_COUNT - 2);
	assert_int_equal(b.nr, 1 + VIRT_MMIO_COUNT);
	/* Again: every place is taken. */
	assert_int_equal(board_add_virtio_absent(&b), 0);
	unsigned absent = 0;
	for (unsigned i = 0; i < b.nr; i++) {
		const struct board_dev *d = &b.dev[i];
		if (d->type != BOARD_DEV_VIRTIO_ABSENT)
			continue;
		absent++;
		unsigned n = (unsigned)((d->base - VIRT_MMIO_BASE) / VIRT_MMIO_STRIDE);
		assert_int_not_equal(n, 0);
		assert_int_not_equal(n, 5);
		assert_int_equal(d->spi, VIRT_SPI_MMIO_FIRST + n);
		assert_int_equal(d->size, VIRT_MMIO_STRIDE);
	}
	assert_int_equal(absent, VIRT_MMIO_COUNT - 2);
	assert_string_equal(board_dev_type_name(BOARD_DEV_VIRTIO_ABSENT), "virtio-absent");
}

static void test_registry(void **state)
{
	struct board b;
	struct dev_instance inst;
	uint8_t buf[DEV_STATE_MAX];

	(void)state;
	board_init(&b);
	assert_int_equal(board_add_virtio_absent(&b), VIRT_MMIO_COUNT);
	assert_int_equal(dev_instance_init(&inst, &b.dev[3], NULL, NULL), 0);
	struct mmio_region *r = dev_instance_region(&inst);
	assert_int_equal(r->base, VIRT_MMIO_BASE + 3 * VIRT_MMIO_STRIDE);
	assert_int_equal(r->read(r->dev, VIRTIO_MMIO_MAGIC_VALUE, 4), VIRTIO_MMIO_MAGIC);
	int n = dev_instance_save(&inst, buf, sizeof(buf));
	assert_true(n > 0);
	assert_int_equal(dev_instance_load(&inst, buf, (size_t)n), 0);
	buf[0] ^= 1;
	assert_int_equal(dev_instance_load(&inst, buf, (size_t)n), -1);
	assert_int_equal(dev_instance_save(&inst, buf, 2), -1);
}

/* The device tree lists them as QEMU's virt does: one virtio,mmio node per
 * transport, with its edge-rising SPI. */
static void test_fdt_nodes(void **state)
{
	static uint8_t dtb[FDT_BUILD_DEFAULT_SIZE];
	struct machine_desc m;
	char err[200];

	(void)state;
	machine_desc_default(&m, MACHINE_ARCH_AARCH64);
	board_add_virt(&m.board, BOARD_DEV_PL011);
	board_add_virtio(&m.board, 0, 2);
	assert_int_equal(board_add_virtio_absent(&m.board), VIRT_MMIO_COUNT - 1);
	int len = fdt_build(&m, dev_fdt_node, dtb, sizeof(dtb), err, sizeof(err));
	assert_true(len > 0);
	unsigned nodes = 0;
	bool last = false;
	for (int i = 0; i + 20 <= len; i++) {
		if (!memcmp(dtb + i, "virtio_mmio@", 12))
			nodes++;
		if (!memcmp(dtb + i, "virtio_mmio@a003e00", 20))
			last = true;
	}
	assert_int_equal(nodes, VIRT_MMIO_COUNT);
	assert_true(last);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_registers),
		cmocka_unit_test(test_board_fills_free_places),
		cmocka_unit_test(test_registry),
		cmocka_unit_test(test_fdt_nodes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
