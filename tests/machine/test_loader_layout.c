// SPDX-License-Identifier: MIT
/* Boot layout: DTB and initrd placement, layout checks, copies, registers. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>

#include "machine/loader.h"

#define RAM_BASE 0x40000000ULL
#define MiB (1ULL << 20)
#define GiB (1ULL << 30)

static char err[256];
/* Planning never touches RAM: a dummy host pointer serves any size. */
static uint8_t dummy;

static struct guest_ram ram_of(uint64_t size)
{
	return (struct guest_ram){ .gpa = RAM_BASE, .size = size, .host = &dummy };
}

static struct loader_image kernel_at(uint64_t start, uint64_t reserved_end)
{
	return (struct loader_image){
		.format = LOADER_FMT_ARM64_IMAGE, .entry = start, .start = start,
		.end = start + 0x1000, .reserved_end = reserved_end,
	};
}

static void expect_err(int rc, const char *needle)
{
	assert_int_equal(rc, -1);
	if (!strstr(err, needle))
		fail_msg("error \"%s\" lacks \"%s\"", err, needle);
	assert_null(strchr(err, '\n'));
}

static void test_aarch64_plan(void **state)
{
	struct guest_ram ram = ram_of(128 * MiB);
	struct loader_image k = kernel_at(RAM_BASE, RAM_BASE + 30 * MiB);
	struct boot_layout l;

	(void)state;
	assert_int_equal(loader_plan_boot(&ram, MACHINE_ARCH_AARCH64, &k,
					  5 * MiB + 123, 0x10000, &l, err,
					  sizeof(err)), 0);
	assert_int_equal(l.dtb_max, 0x10000);
	assert_int_equal(l.dtb_gpa, RAM_BASE + 128 * MiB - 0x10000);
	assert_int_equal(l.initrd_size, 5 * MiB + 123);
	assert_int_equal(l.initrd_gpa & 0xfff, 0);
	assert_true(l.initrd_gpa + l.initrd_size <= l.dtb_gpa);
	assert_true(l.dtb_gpa - (l.initrd_gpa + l.initrd_size) < 0x1000);
	assert_true(l.initrd_gpa >= k.reserved_end);
	assert_int_equal(loader_check_layout(&ram, MACHINE_ARCH_AARCH64, &k, &l,
					     err, sizeof(err)), 0);
}

static void test_dtb_rounded_no_initrd(void **state)
{
	struct guest_ram ram = ram_of(64 * MiB);
	struct boot_layout l;

	(void)state;
	assert_int_equal(loader_plan_boot(&ram, MACHINE_ARCH_AARCH64, NULL, 0,
					  5000, &l, err, sizeof(err)), 0);
	assert_int_equal(l.dtb_max, 0x2000);
	assert_int_equal(l.dtb_gpa, RAM_BASE + 64 * MiB - 0x2000);
	assert_int_equal(l.initrd_gpa, 0);
	assert_int_equal(l.initrd_size, 0);
}

static void test_aarch32_lowmem(void **state)
{
	struct guest_ram ram = ram_of(2 * GiB);
	struct loader_image k = kernel_at(RAM_BASE + 0x8000, RAM_BASE + 40 * MiB);
	struct boot_layout l;

	(void)state;
	assert_int_equal(loader_plan_boot(&ram, MACHINE_ARCH_AARCH32, &k, 16 * MiB,
					  0x10000, &l, err, sizeof(err)), 0);
	/* Inside the first 512 MiB, not at the top of 2 GiB. */
	assert_int_equal(l.dtb_gpa + l.dtb_max, RAM_BASE + LOADER_AARCH32_LOWMEM_SAFE);
	assert_int_equal(l.initrd_gpa, l.dtb_gpa - 16 * MiB);
	/* AArch64 uses the top of RAM instead. */
	assert_int_equal(loader_plan_boot(&ram, MACHINE_ARCH_AARCH64, &k, 16 * MiB,
					  0x10000, &l, err, sizeof(err)), 0);
	assert_int_equal(l.dtb_gpa + l.dtb_max, RAM_BASE + 2 * GiB);
}

static void test_aarch32_below_4g(void **state)
{
	/* RAM starting high: the 4 GiB limit bites before lowmem does. */
	struct guest_ram ram = { .gpa = 0xf0000000ULL, .size = 1 * GiB, .host = &dummy };
	struct boot_layout l;

	(void)state;
	assert_int_equal(loader_plan_boot(&ram, MACHINE_ARCH_AARCH32, NULL, 0,
					  0x1000, &l, err, sizeof(err)), 0);
	assert_int_equal(l.dtb_gpa + l.dtb_max, 0x100000000ULL);
}

static void test_no_room(void **state)
{
	struct guest_ram ram = ram_of(64 * MiB);
	struct loader_image k = kernel_at(RAM_BASE, RAM_BASE + 60 * MiB);
	struct boot_layout l;

	(void)state;
	expect_err(loader_plan_boot(&ram, MACHINE_ARCH_AARCH64, &k, 8 * MiB,
				    0x10000, &l, err, sizeof(err)),
		   "no room for an initrd of 8 MiB and the DTB (64 KiB): the kernel "
		   "uses RAM up to 0x43c00000 and RAM ends at 0x44000000");
	k.reserved_end = RAM_BASE + 64 * MiB;
	expect_err(loader_plan_boot(&ram, MACHINE_ARCH_AARCH64, &k, 0, 0x10000,
				    &l, err, sizeof(err)), "no room for the DTB");
	/* AArch32: the limit named is low memory. */
	struct guest_ram big = ram_of(1 * GiB);
	k.reserved_end = RAM_BASE + 500 * MiB;
	expect_err(loader_plan_boot(&big, MACHINE_ARCH_AARCH32, &k, 64 * MiB,
				    0x10000, &l, err, sizeof(err)),
		   "AArch32 low memory ends at 0x60000000");
	/* A huge initrd size must not wrap around. */
	k.reserved_end = RAM_BASE + MiB;
	expect_err(loader_plan_boot(&ram, MACHINE_ARCH_AARCH64, &k, UINT64_MAX - 10,
				    0x10000, &l, err, sizeof(err)), "no room");
}

static void test_dtb_reservation_limits(void **state)
{
	struct guest_ram ram = ram_of(64 * MiB);
	struct boot_layout l;

	(void)state;
	expect_err(loader_plan_boot(&ram, MACHINE_ARCH_AARCH64, NULL, 0, 0, &l,
				    err, sizeof(err)), "DTB reservation of 0 bytes");
	expect_err(loader_plan_boot(&ram, MACHINE_ARCH_AARCH64, NULL, 0,
				    2 * MiB + 1, &l, err, sizeof(err)),
		   "must be 1 byte to 2 MiB");
	assert_int_equal(loader_plan_boot(&ram, MACHINE_ARCH_AARCH64, NULL, 0,
					  2 * MiB, &l, err, sizeof(err)), 0);
}

static void test_check_layout_errors(void **state)
{
	struct guest_ram ram = ram_of(64 * MiB);
	struct loader_image k = kernel_at(RAM_BASE, RAM_BASE + 16 * MiB);
	struct boot_layout l = {
		.dtb_gpa = RAM_BASE + 32 * MiB, .dtb_max = 0x10000,
		.initrd_gpa = RAM_BASE + 20 * MiB, .initrd_size = 4 * MiB,
	};
	struct boot_layout b;

	(void)state;
	assert_int_equal(loader_check_layout(&ram, MACHINE_ARCH_AARCH64, &k, &l,
					     err, sizeof(err)), 0);
	b = l; b.dtb_gpa = RAM_BASE + 15 * MiB;
	expect_err(loader_check_layout(&ram, MACHINE_ARCH_AARCH64, &k, &b, err, sizeof(err)),
		   "DTB [0x40f00000, 0x40f10000) overlaps the kernel [0x40000000, 0x41000000)");
	b = l; b.initrd_gpa = RAM_BASE + 14 * MiB;
	expect_err(loader_check_layout(&ram, MACHINE_ARCH_AARCH64, &k, &b, err, sizeof(err)),
		   "initrd [0x40e00000, 0x41200000) overlaps the kernel");
	b = l; b.dtb_gpa = RAM_BASE + 22 * MiB;
	expect_err(loader_check_layout(&ram, MACHINE_ARCH_AARCH64, &k, &b, err, sizeof(err)),
		   "initrd [0x41400000, 0x41800000) overlaps the DTB [0x41600000, 0x41610000)");
	b = l; b.dtb_gpa += 4;
	expect_err(loader_check_layout(&ram, MACHINE_ARCH_AARCH64, &k, &b, err, sizeof(err)),
		   "DTB at 0x42000004 is not 8 bytes aligned");
	b = l; b.initrd_gpa += 0x800;
	expect_err(loader_check_layout(&ram, MACHINE_ARCH_AARCH64, &k, &b, err, sizeof(err)),
		   "initrd at 0x41400800 is not 4 KiB aligned");
	b = l; b.dtb_gpa = RAM_BASE + 64 * MiB - 0x8000;
	expect_err(loader_check_layout(&ram, MACHINE_ARCH_AARCH64, &k, &b, err, sizeof(err)),
		   "DTB [0x43ff8000, 0x44008000) lies outside guest RAM [0x40000000, 0x44000000)");
	b = l; b.initrd_gpa = 0x1000;
	expect_err(loader_check_layout(&ram, MACHINE_ARCH_AARCH64, &k, &b, err, sizeof(err)),
		   "initrd [0x1000, 0x401000) lies outside guest RAM");
	b = l; b.dtb_max = 4 * MiB;
	expect_err(loader_check_layout(&ram, MACHINE_ARCH_AARCH64, &k, &b, err, sizeof(err)),
		   "exceeds the 2 MiB Linux accepts");
	b = l; b.dtb_max = 0;
	expect_err(loader_check_layout(&ram, MACHINE_ARCH_AARCH64, &k, &b, err, sizeof(err)),
		   "no room reserved for the DTB");
	struct guest_ram big = ram_of(1 * GiB);
	b = l; b.initrd_gpa = RAM_BASE + 600 * MiB;
	expect_err(loader_check_layout(&big, MACHINE_ARCH_AARCH32, &k, &b, err, sizeof(err)),
		   "ends above 0x60000000, the low memory an AArch32 kernel maps early");
	assert_int_equal(loader_check_layout(&big, MACHINE_ARCH_AARCH64, &k, &b,
					     err, sizeof(err)), 0);
}

static void test_copy(void **state)
{
	static uint8_t mem[0x4000];
	struct guest_ram ram = { .gpa = RAM_BASE, .size = sizeof(mem), .host = mem };

	(void)state;
	assert_int_equal(loader_copy(&ram, RAM_BASE + 0x100, "dtb!", 4, "DTB", err,
				     sizeof(err)), 0);
	assert_memory_equal(mem + 0x100, "dtb!", 4);
	assert_int_equal(loader_copy(&ram, RAM_BASE + 0x4000, "", 0, "DTB", err,
				     sizeof(err)), 0);
	expect_err(loader_copy(&ram, RAM_BASE + 0x3ffe, "abcd", 4, "initrd", err,
			       sizeof(err)),
		   "initrd of 4 bytes at 0x40003ffe does not fit in guest RAM [0x40000000, 0x40004000)");
	expect_err(loader_copy(&ram, 0, "abcd", 4, NULL, err, sizeof(err)),
		   "blob of 4 bytes at 0x0 does not fit");
	expect_err(loader_copy(&ram, UINT64_MAX, "abcd", 4, "DTB", err, sizeof(err)),
		   "does not fit");
}

static void test_boot_regs(void **state)
{
	struct loader_image k = kernel_at(RAM_BASE + 0x8000, RAM_BASE + MiB);
	struct boot_regs br;

	(void)state;
	loader_boot_regs(MACHINE_ARCH_AARCH32, &k, 0x5fff0000, &br);
	assert_int_equal(br.pc, RAM_BASE + 0x8000);
	assert_int_equal(br.pstate, 0x1d3);         /* SVC, A I F masked, ARM */
	assert_int_equal(br.r[0], 0);
	assert_int_equal(br.r[1], 0xffffffff);
	assert_int_equal(br.r[2], 0x5fff0000);
	assert_int_equal(br.r[3], 0);
	loader_boot_regs(MACHINE_ARCH_AARCH64, NULL, 0x48000000, &br);
	assert_int_equal(br.pc, 0);
	assert_int_equal(br.r[0], 0x48000000);
	assert_int_equal(br.pstate, 0x3c5);
}

static void test_truncated_error_buffer(void **state)
{
	struct guest_ram ram = ram_of(64 * MiB);
	struct loader_image k = kernel_at(RAM_BASE, RAM_BASE + 64 * MiB);
	struct boot_layout l;
	char small[12];

	(void)state;
	memset(small, 'x', sizeof(small));
	assert_int_equal(loader_plan_boot(&ram, MACHINE_ARCH_AARCH64, &k, 0, 0x1000,
					  &l, small, sizeof(small)), -1);
	assert_int_equal(strlen(small), sizeof(small) - 1);
	assert_int_equal(loader_plan_boot(&ram, MACHINE_ARCH_AARCH64, &k, 0, 0x1000,
					  &l, NULL, 0), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_aarch64_plan),
		cmocka_unit_test(test_dtb_rounded_no_initrd),
		cmocka_unit_test(test_aarch32_lowmem),
		cmocka_unit_test(test_aarch32_below_4g),
		cmocka_unit_test(test_no_room),
		cmocka_unit_test(test_dtb_reservation_limits),
		cmocka_unit_test(test_check_layout_errors),
		cmocka_unit_test(test_copy),
		cmocka_unit_test(test_boot_regs),
		cmocka_unit_test(test_truncated_error_buffer),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
