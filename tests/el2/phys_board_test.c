// SPDX-License-Identifier: MIT
/*
 * Native tests of the board parser (src/el2/phys_board.c) on device trees
 * built here: QEMU virt with a GICv3 and with a GICv2 (the layouts QEMU's
 * dumpdtb shows), a Raspberry Pi 4-like tree whose GIC-400 and PL011 sit
 * behind /soc's ranges, and broken ones. Also the GICH list-register
 * conversions of src/el2/gich_v2.c.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <libfdt.h>

#include "arch/gic_regs.h"
#include "el2/gich_v2.h"
#include "el2/phys_board.h"

static char tree[16384];

static void begin(void)
{
	assert_int_equal(fdt_create(tree, sizeof(tree)), 0);
	assert_int_equal(fdt_finish_reservemap(tree), 0);
	assert_int_equal(fdt_begin_node(tree, ""), 0);
	fdt_property_u32(tree, "#address-cells", 2);
	fdt_property_u32(tree, "#size-cells", 2);
}

static void end(void)
{
	assert_int_equal(fdt_end_node(tree), 0);
	assert_int_equal(fdt_finish(tree), 0);
}

static void reg2(const char *name, const uint64_t *cells, unsigned n)
{
	fdt64_t v[16];

	for (unsigned i = 0; i < n; i++)
		v[i] = cpu_to_fdt64(cells[i]);
	fdt_property(tree, name, v, (int)(n * 8));
}

static void cells32(const char *name, const uint32_t *c, unsigned n)
{
	fdt32_t v[16];

	for (unsigned i = 0; i < n; i++)
		v[i] = cpu_to_fdt32(c[i]);
	fdt_property(tree, name, v, (int)(n * 4));
}

static void memory(uint64_t base, uint64_t size)
{
	uint64_t r[] = { base, size };

	fdt_begin_node(tree, "memory");
	fdt_property_string(tree, "device_type", "memory");
	reg2("reg", r, 2);
	fdt_end_node(tree);
}

static void cpus(unsigned n, const uint32_t *mpidr)
{
	fdt_begin_node(tree, "cpus");
	fdt_property_u32(tree, "#address-cells", 1);
	fdt_property_u32(tree, "#size-cells", 0);
	for (unsigned i = 0; i < n; i++) {
		char name[16];

		snprintf(name, sizeof(name), "cpu@%x", mpidr[i]);
		fdt_begin_node(tree, name);
		fdt_property_string(tree, "device_type", "cpu");
		fdt_property_u32(tree, "reg", mpidr[i]);
		fdt_end_node(tree);
	}
	fdt_end_node(tree);
}

static void psci(const char *method)
{
	fdt_begin_node(tree, "psci");
	fdt_property_string(tree, "compatible", "arm,psci-1.0");
	fdt_property_string(tree, "method", method);
	fdt_end_node(tree);
}

static void pl011(uint64_t base)
{
	uint64_t r[] = { base, 0x1000 };

	fdt_begin_node(tree, "pl011@9000000");
	fdt_property_string(tree, "compatible", "arm,pl011");
	reg2("reg", r, 2);
	fdt_end_node(tree);
}

static void virt_tree(unsigned gic, const char *method)
{
	static const uint32_t mpidr[] = { 0, 1, 2, 3 };
	static const uint32_t maint[] = { 1, 9, 4 };

	begin();
	memory(0x40000000, 0x20000000);
	cpus(4, mpidr);
	fdt_begin_node(tree, "intc@8000000");
	if (gic == 3) {
		uint64_t r[] = { 0x8000000, 0x10000, 0x80a0000, 0xf60000 };

		fdt_property_string(tree, "compatible", "arm,gic-v3");
		reg2("reg", r, 4);
	} else {
		uint64_t r[] = { 0x8000000, 0x10000, 0x8010000, 0x10000,
				 0x8030000, 0x10000, 0x8040000, 0x10000 };

		fdt_property_string(tree, "compatible", "arm,cortex-a15-gic");
		reg2("reg", r, 8);
	}
	cells32("interrupts", maint, 3);
	fdt_end_node(tree);
	pl011(0x9000000);
	{
		static const uint32_t timer_irqs[] = { 1, 13, 0x104, 1, 14, 0x104,
						       1, 11, 0x104, 1, 10, 0x104 };

		fdt_begin_node(tree, "timer");
		fdt_property_string(tree, "compatible", "arm,armv8-timer");
		cells32("interrupts", timer_irqs, 12);
		fdt_end_node(tree);
	}
	if (method)
		psci(method);
	fdt_begin_node(tree, "chosen");
	fdt_property_string(tree, "stdout-path", "/pl011@9000000");
	fdt_end_node(tree);
	end();
}

static void virt_gicv3(void **state)
{
	struct phys_board b;
	char err[128];

	(void)state;
	virt_tree(3, "smc");
	assert_int_equal(phys_board_parse(tree, &b, err, sizeof(err)), 0);
	assert_int_equal(b.nr_mem, 1);
	assert_int_equal(b.mem[0].base, 0x40000000);
	assert_int_equal(b.mem[0].size, 0x20000000);
	assert_int_equal(b.nr_cpus, 4);
	assert_int_equal(b.cpu_mpidr[3], 3);
	assert_int_equal(b.gic_version, 3);
	assert_int_equal(b.gicd_base, 0x8000000);
	assert_int_equal(b.gicr_base, 0x80a0000);
	assert_int_equal(b.gic_maint_intid, 25);
	assert_int_equal(b.timer_virt_intid, 27);
	assert_int_equal(b.timer_hyp_intid, 26);
	assert_int_equal(b.uart_base, 0x9000000);
	assert_int_equal(b.psci, PHYS_PSCI_SMC);
	assert_int_equal(phys_board_cpu_index(&b, 2), 2);
	assert_int_equal(phys_board_cpu_index(&b, 0x100), -1);
	assert_true(phys_board_is_ram(&b, 0x44000000, 0x4000000));
	assert_false(phys_board_is_ram(&b, 0x5e000000, 0x4000000));
}

static void virt_gicv2(void **state)
{
	struct phys_board b;
	char err[128];

	(void)state;
	virt_tree(2, "hvc");
	assert_int_equal(phys_board_parse(tree, &b, err, sizeof(err)), 0);
	assert_int_equal(b.gic_version, 2);
	assert_int_equal(b.gicc_base, 0x8010000);
	assert_int_equal(b.gich_base, 0x8030000);
	assert_int_equal(b.gicv_base, 0x8040000);
	assert_int_equal(b.psci, PHYS_PSCI_HVC);
}

/* A Raspberry Pi 4 shape: RAM in two banks, 32-bit /soc bus mapped from
 * 0x7e000000 to 0xfe000000, the GIC-400 behind /soc, no PSCI, the UART
 * named through an alias. */
static void pi4_like(void **state)
{
	static const uint32_t mpidr[] = { 0, 1, 2, 3 };
	struct phys_board b;
	char err[128];

	(void)state;
	begin();
	{
		uint64_t r[] = { 0, 0x3b400000, 0x40000000, 0xbc000000 };

		fdt_begin_node(tree, "memory@0");
		fdt_property_string(tree, "device_type", "memory");
		reg2("reg", r, 4);
		fdt_end_node(tree);
	}
	cpus(4, mpidr);
	fdt_begin_node(tree, "aliases");
	fdt_property_string(tree, "serial0", "/soc/serial@7e201000");
	fdt_end_node(tree);
	fdt_begin_node(tree, "chosen");
	fdt_property_string(tree, "stdout-path", "serial0:115200n8");
	fdt_end_node(tree);
	fdt_begin_node(tree, "soc");
	fdt_property_u32(tree, "#address-cells", 1);
	fdt_property_u32(tree, "#size-cells", 1);
	{
		static const uint32_t ranges[] = { 0x7e000000, 0x0, 0xfe000000, 0x1800000,
						   0x40000000, 0x0, 0xff800000, 0x800000 };

		cells32("ranges", ranges, 8);
	}
	fdt_begin_node(tree, "serial@7e201000");
	fdt_property_string(tree, "compatible", "arm,pl011");
	{
		static const uint32_t r[] = { 0x7e201000, 0x200 };

		cells32("reg", r, 2);
	}
	fdt_end_node(tree);
	fdt_begin_node(tree, "interrupt-controller@40041000");
	fdt_property_string(tree, "compatible", "arm,gic-400");
	{
		static const uint32_t r[] = { 0x40041000, 0x1000, 0x40042000, 0x2000,
					      0x40044000, 0x2000, 0x40046000, 0x2000 };
		static const uint32_t maint[] = { 1, 9, 0xf04 };

		cells32("reg", r, 8);
		cells32("interrupts", maint, 3);
	}
	fdt_end_node(tree);
	fdt_end_node(tree);
	end();
	assert_int_equal(phys_board_parse(tree, &b, err, sizeof(err)), 0);
	assert_int_equal(b.nr_mem, 2);
	assert_int_equal(b.mem[1].base, 0x40000000);
	assert_int_equal(b.gic_version, 2);
	assert_int_equal(b.gicd_base, 0xff841000);
	assert_int_equal(b.gicc_base, 0xff842000);
	assert_int_equal(b.gich_base, 0xff844000);
	assert_int_equal(b.gicv_base, 0xff846000);
	assert_int_equal(b.gic_maint_intid, 25);
	assert_int_equal(b.uart_base, 0xfe201000);
	assert_int_equal(b.psci, PHYS_PSCI_NONE);
}

static void refused(void **state)
{
	static const uint32_t mpidr[] = { 0 };
	struct phys_board b;
	char err[128];

	(void)state;
	assert_int_equal(phys_board_parse("not a tree", &b, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "no valid device tree"));

	begin();
	cpus(1, mpidr);
	end();
	assert_int_equal(phys_board_parse(tree, &b, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "no memory node"));

	begin();
	memory(0x40000000, 0x10000000);
	cpus(1, mpidr);
	end();
	assert_int_equal(phys_board_parse(tree, &b, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "no GICv3 or GICv2"));

	/* A GICv2 without GICH/GICV: no virtualization extensions. */
	begin();
	memory(0x40000000, 0x10000000);
	cpus(1, mpidr);
	{
		uint64_t r[] = { 0x8000000, 0x10000, 0x8010000, 0x10000 };

		fdt_begin_node(tree, "intc");
		fdt_property_string(tree, "compatible", "arm,cortex-a15-gic");
		reg2("reg", r, 4);
		fdt_end_node(tree);
	}
	end();
	assert_int_equal(phys_board_parse(tree, &b, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "no virtualization extensions"));
}

static void gich_lr_conversion(void **state)
{
	(void)state;
	/* Pending SGI 3 from vCPU 2, priority 0xa0, group 0, EOI maintenance. */
	uint64_t ich = 3 | 2ull << ICH_LR_PINTID_SHIFT | 0xa0ull << ICH_LR_PRIORITY_SHIFT |
		       ICH_LR_STATE_PENDING | ICH_LR_EOI;
	uint32_t v2 = gich_lr_from_ich(ich);

	assert_int_equal(v2 & GICH_LR_VIRTUALID_MASK, 3);
	assert_int_equal((v2 >> GICH_LR_PHYSICALID_SHIFT) & GICH_LR_CPUID_MASK, 2);
	assert_int_equal((v2 >> GICH_LR_PRIORITY_SHIFT) & GICH_LR_PRIORITY_MASK, 0xa0 >> 3);
	assert_int_equal((v2 >> GICH_LR_STATE_SHIFT) & 3, 1);
	assert_true(v2 & GICH_LR_EOI);
	assert_false(v2 & (GICH_LR_HW | GICH_LR_GROUP1));
	assert_int_equal(ich_lr_from_gich(v2), ich);

	/* The HW-linked virtual timer, active, group 1. */
	ich = 27 | 27ull << ICH_LR_PINTID_SHIFT | ICH_LR_HW | ICH_LR_GROUP |
	      ICH_LR_STATE_ACTIVE | 0x80ull << ICH_LR_PRIORITY_SHIFT;
	v2 = gich_lr_from_ich(ich);
	assert_true(v2 & GICH_LR_HW);
	assert_true(v2 & GICH_LR_GROUP1);
	assert_int_equal((v2 >> GICH_LR_PHYSICALID_SHIFT) & GICH_LR_PHYSICALID_MASK, 27);
	assert_int_equal((v2 >> GICH_LR_STATE_SHIFT) & 3, 2);
	assert_int_equal(ich_lr_from_gich(v2), ich);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(virt_gicv3),
		cmocka_unit_test(virt_gicv2),
		cmocka_unit_test(pi4_like),
		cmocka_unit_test(refused),
		cmocka_unit_test(gich_lr_conversion),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
