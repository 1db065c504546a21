// SPDX-License-Identifier: MIT
/*
 * The board table (machine/board.h): kept sorted by address, overlaps and
 * overflow refused, QEMU virt places; the device tree follows the board's
 * order whatever the insertion order; and machine_boot()'s steps.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include <libfdt.h>

#include "dev/virtio_spec.h"
#include "dev/dev_registry.h"
#include "machine/fdt_build.h"
#include "machine/machine_boot.h"

static void test_sorted_and_checked(void **state)
{
	struct board b;
	struct board_dev d = { .type = BOARD_DEV_TESTDEV, .spi = BOARD_NO_IRQ,
			       .base = VIRT_ARMVM_TESTDEV_BASE + 0x800, .size = 0x10 };

	(void)state;
	board_init(&b);
	assert_int_equal(board_add_virt(&b, BOARD_DEV_BOOTMARK), 0);
	assert_int_equal(board_add_virtio(&b, 3, VIRTIO_ID_BLOCK), 0);
	assert_int_equal(board_add_virt(&b, BOARD_DEV_PL011), 0);
	assert_int_equal(board_add_virtio(&b, 0, 0), 0);
	assert_int_equal(b.nr, 4);
	for (unsigned i = 1; i < b.nr; i++)
		assert_true(b.dev[i - 1].base < b.dev[i].base);
	assert_int_equal(b.dev[0].type, BOARD_DEV_PL011);
	assert_int_equal(b.dev[0].spi, VIRT_SPI_UART);
	assert_int_equal(b.dev[2].base, VIRT_MMIO_BASE + 3 * VIRT_MMIO_STRIDE);
	assert_int_equal(b.dev[2].spi, VIRT_SPI_MMIO_FIRST + 3);
	assert_int_equal(b.dev[2].options, VIRTIO_ID_BLOCK);
	assert_int_equal(b.dev[3].spi, BOARD_NO_IRQ);

	/* Twice the same place, an overlap, nothing, a wrap: refused. */
	assert_int_equal(board_add_virt(&b, BOARD_DEV_PL011), -1);
	assert_int_equal(board_add_virtio(&b, 3, 0), -1);
	assert_int_equal(board_add_virtio(&b, VIRT_MMIO_COUNT, 0), -1);
	assert_int_equal(board_add_virt(&b, BOARD_DEV_VIRTIO_MMIO), -1);
	assert_int_equal(board_add_virt(&b, BOARD_DEV_TESTDEV), 0);
	assert_int_equal(board_add(&b, &d), -1);
	d.base = 0x100000000ULL;
	d.size = 0;
	assert_int_equal(board_add(&b, &d), -1);
	d.base = ~0ULL - 4;
	d.size = 0x10;
	assert_int_equal(board_add(&b, &d), -1);
	d.type = BOARD_DEV_NR_TYPES;
	d.base = 0x100000000ULL;
	assert_int_equal(board_add(&b, &d), -1);
	assert_int_equal(b.nr, 5);

	assert_ptr_equal(board_find(&b, BOARD_DEV_TESTDEV), &b.dev[3]);
	assert_null(board_find(&b, BOARD_DEV_PL031));
	assert_true(board_has(&b, BOARD_DEV_VIRTIO_MMIO));

	/* Full. */
	board_init(&b);
	for (unsigned i = 0; i < BOARD_MAX_DEVS; i++) {
		d = (struct board_dev){ .type = BOARD_DEV_TESTDEV, .spi = BOARD_NO_IRQ,
					.base = 0x100000000ULL + i * 0x1000, .size = 0x1000 };
		assert_int_equal(board_add(&b, &d), 0);
	}
	d.base += 0x1000;
	assert_int_equal(board_add(&b, &d), -1);
}

static void test_names(void **state)
{
	(void)state;
	for (int t = 0; t < BOARD_DEV_NR_TYPES; t++)
		assert_int_equal(board_dev_type_by_name(board_dev_type_name(t)), t);
	assert_string_equal(board_dev_type_name(BOARD_DEV_PL031), "pl031");
	assert_null(board_dev_type_name(BOARD_DEV_NR_TYPES));
	assert_int_equal(board_dev_type_by_name("pl0111"), -1);
	assert_int_equal(board_dev_type_by_name(""), -1);
}

/* Insertion order does not matter: the tree lists devices by address. */
static void test_fdt_follows_board(void **state)
{
	static uint8_t t1[FDT_BUILD_DEFAULT_SIZE], t2[FDT_BUILD_DEFAULT_SIZE];
	struct machine_desc m1, m2;
	char err[200];

	(void)state;
	machine_desc_default(&m1, MACHINE_ARCH_AARCH64);
	machine_desc_default(&m2, MACHINE_ARCH_AARCH64);
	board_add_virt(&m1.board, BOARD_DEV_TESTDEV);
	board_add_virtio(&m1.board, 1, 0);
	board_init(&m2.board);
	board_add_virtio(&m2.board, 1, 0);
	board_add_virt(&m2.board, BOARD_DEV_TESTDEV);
	board_add_virt(&m2.board, BOARD_DEV_PL031);
	board_add_virt(&m2.board, BOARD_DEV_PL011);
	int n1 = fdt_build(&m1, dev_fdt_node, t1, sizeof(t1), err, sizeof(err));
	int n2 = fdt_build(&m2, dev_fdt_node, t2, sizeof(t2), err, sizeof(err));
	assert_true(n1 > 0);
	assert_int_equal(n1, n2);
	assert_memory_equal(t1, t2, (size_t)n1);
	int prev = -1;
	const char *order[] = { "/pl011@9000000", "/pl031@9010000",
				"/virtio_mmio@a000200", "/testdev@b000000" };
	for (unsigned i = 0; i < 4; i++) {
		int off = fdt_path_offset(t1, order[i]);
		assert_true(off > prev);
		prev = off;
	}
	/* An unknown device type is an invalid description. */
	m1.board.dev[0].type = BOARD_DEV_NR_TYPES;
	assert_int_equal(fdt_build(&m1, dev_fdt_node, t1, sizeof(t1), err, sizeof(err)), -1);
	assert_non_null(strstr(err, "unknown type"));
}

/* armvm run's device tree: the absent transports answer but are not listed. */
static void test_described_leaves_absent_out(void **state)
{
	static uint8_t t[FDT_BUILD_DEFAULT_SIZE];
	struct machine_desc m;
	struct board full;
	char err[200];

	(void)state;
	machine_desc_default(&m, MACHINE_ARCH_AARCH64);
	board_init(&full);
	board_add_virt(&full, BOARD_DEV_PL011);
	board_add_virtio(&full, 3, VIRTIO_ID_ENTROPY);
	board_add_virt(&full, BOARD_DEV_BOOTMARK);
	assert_int_equal(board_add_virtio_absent(&full), VIRT_MMIO_COUNT - 1);
	board_described(&full, &m.board);
	assert_int_equal(m.board.nr, 3);
	assert_int_equal(m.board.dev[0].type, BOARD_DEV_PL011);
	assert_int_equal(m.board.dev[1].type, BOARD_DEV_VIRTIO_MMIO);
	assert_int_equal(m.board.dev[1].base, 0x0a000600);
	assert_int_equal(m.board.dev[2].type, BOARD_DEV_BOOTMARK);
	assert_true(fdt_build(&m, dev_fdt_node, t, sizeof(t), err, sizeof(err)) > 0);
	assert_true(fdt_path_offset(t, "/virtio_mmio@a000600") >= 0);
	assert_true(fdt_path_offset(t, "/virtio_mmio@a000000") < 0);
	assert_true(fdt_path_offset(t, "/virtio_mmio@a003e00") < 0);
	/* The full board, as the devices attach it, lists all 32. */
	m.board = full;
	assert_true(fdt_build(&m, dev_fdt_node, t, sizeof(t), err, sizeof(err)) > 0);
	assert_true(fdt_path_offset(t, "/virtio_mmio@a000000") >= 0);
	assert_true(fdt_path_offset(t, "/virtio_mmio@a003e00") >= 0);
}

/* ---- machine_boot ---- */

#define RAM_SIZE (16u << 20)
static uint8_t ram[RAM_SIZE];
static const uint8_t dtb_blob[100] = { 0xd0, 0x0d, 0xfe, 0xed };

struct builder {
	unsigned calls;
	struct boot_layout seen;
	bool fail;
};

static int build(void *ctx, const struct boot_layout *layout, const void **dtb,
		 size_t *len, char *err, size_t errlen)
{
	struct builder *b = ctx;

	b->calls++;
	b->seen = *layout;
	if (b->fail) {
		snprintf(err, errlen, "no tree today");
		return -1;
	}
	*dtb = dtb_blob;
	*len = sizeof(dtb_blob);
	return 0;
}

static struct machine_boot_spec raw_spec(const void *image, size_t len)
{
	memset(ram, 0, sizeof(ram));
	return (struct machine_boot_spec){
		.arch = MACHINE_ARCH_AARCH64,
		.ram = { VIRT_RAM_BASE, RAM_SIZE, ram },
		.image = image, .image_size = len,
		.raw = true, .raw_load = VIRT_RAM_BASE + 0x80000,
		.dtb_max = 0x1000,
	};
}

static void test_boot_raw_with_builder(void **state)
{
	static const uint8_t image[64] = { 1, 2, 3 };
	static const uint8_t initrd[5000] = { 9, 8, 7 };
	struct builder b = { 0 };
	struct machine_boot_spec s = raw_spec(image, sizeof(image));
	struct machine_boot_result r;

	(void)state;
	s.initrd = initrd;
	s.initrd_size = sizeof(initrd);
	s.build_dtb = build;
	s.build_ctx = &b;
	s.dtb_at_ram_base = true;
	assert_int_equal(machine_boot(&s, &r), 0);
	assert_int_equal(r.failed, MACHINE_BOOT_OK);
	assert_int_equal(b.calls, 1);
	/* The builder saw the planned layout, which loader_plan_boot gives. */
	struct boot_layout want;
	assert_int_equal(loader_plan_boot(&s.ram, s.arch, &r.image, sizeof(initrd),
					  0x1000, &want, NULL, 0), 0);
	assert_memory_equal(&b.seen, &want, sizeof(want));
	assert_memory_equal(&r.layout, &want, sizeof(want));
	assert_memory_equal(ram + 0x80000, image, sizeof(image));
	assert_memory_equal(ram + (want.initrd_gpa - VIRT_RAM_BASE), initrd, sizeof(initrd));
	assert_memory_equal(ram + (want.dtb_gpa - VIRT_RAM_BASE), dtb_blob, sizeof(dtb_blob));
	assert_int_equal(r.dtb_size, sizeof(dtb_blob));
	/* QEMU's place for bare-metal guests was free: a copy there too. */
	assert_memory_equal(ram, dtb_blob, sizeof(dtb_blob));
	/* The boot protocol's registers (loader_boot_regs). */
	struct boot_regs regs;
	loader_boot_regs(s.arch, &r.image, want.dtb_gpa, &regs);
	assert_memory_equal(&r.regs, &regs, sizeof(regs));
	assert_int_equal(r.regs.pc, VIRT_RAM_BASE + 0x80000);
	assert_int_equal(r.regs.r[0], want.dtb_gpa);
}

static void test_boot_given_dtb_and_entry(void **state)
{
	static const uint8_t image[64] = { 1 };
	struct machine_boot_spec s = raw_spec(image, sizeof(image));
	struct machine_boot_result r;

	(void)state;
	s.raw_load = VIRT_RAM_BASE;          /* the image takes the RAM base */
	s.dtb = dtb_blob;
	s.dtb_size = sizeof(dtb_blob);
	s.dtb_at_ram_base = true;
	s.entry = VIRT_RAM_BASE + 0x20;
	assert_int_equal(machine_boot(&s, &r), 0);
	assert_int_equal(r.regs.pc, VIRT_RAM_BASE + 0x20);
	assert_memory_equal(ram, image, sizeof(image));   /* no copy over it */
	assert_memory_equal(ram + (r.layout.dtb_gpa - VIRT_RAM_BASE), dtb_blob,
			    sizeof(dtb_blob));
	assert_int_equal(r.layout.initrd_gpa, 0);
}

static void test_boot_failures(void **state)
{
	static const uint8_t image[64] = { 1 };
	struct builder b = { .fail = true };
	struct machine_boot_spec s = raw_spec(image, 0);
	struct machine_boot_result r;

	(void)state;
	assert_int_equal(machine_boot(&s, &r), -1);
	assert_int_equal(r.failed, MACHINE_BOOT_LOAD);
	assert_string_equal(r.err, "raw binary is empty");

	s = raw_spec(image, sizeof(image));
	s.raw = false;                           /* not a kernel, no raw load */
	s.raw_load = 0;
	assert_int_equal(machine_boot(&s, &r), -1);
	assert_int_equal(r.failed, MACHINE_BOOT_LOAD);
	assert_non_null(strstr(r.err, "not a kernel"));

	s = raw_spec(image, sizeof(image));
	s.initrd_size = RAM_SIZE;                /* no room */
	assert_int_equal(machine_boot(&s, &r), -1);
	assert_int_equal(r.failed, MACHINE_BOOT_PLACE);
	assert_true(r.err[0] != '\0');

	s = raw_spec(image, sizeof(image));
	s.build_dtb = build;
	s.build_ctx = &b;
	assert_int_equal(machine_boot(&s, &r), -1);
	assert_int_equal(r.failed, MACHINE_BOOT_DTB);
	assert_string_equal(r.err, "no tree today");

	s = raw_spec(image, sizeof(image));
	s.dtb = dtb_blob;
	s.dtb_size = 0x2000;                     /* more than its slot */
	assert_int_equal(machine_boot(&s, &r), -1);
	assert_int_equal(r.failed, MACHINE_BOOT_COPY);
	assert_non_null(strstr(r.err, "slot"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sorted_and_checked),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_fdt_follows_board),
		cmocka_unit_test(test_described_leaves_absent_out),
		cmocka_unit_test(test_boot_raw_with_builder),
		cmocka_unit_test(test_boot_given_dtb_and_entry),
		cmocka_unit_test(test_boot_failures),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
