// SPDX-License-Identifier: MIT
/*
 * The emulated GICv2 distributor (src/el2/vgic_dist_v2.c) a partition on a
 * GICv2 host sees: banked private registers seen from the accessing vCPU,
 * ITARGETSR routing, GICD_SGIR with its three filters and the source vCPU
 * that reaches the list register (GICH CPUID, gich_v2.h), C/SPENDSGIR.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "el2/vgic.h"
#include "el2_vgic_fake.h"

#define NR_VCPUS 4
#define NR_SPIS  64

static struct vgic_dist dist;
static struct vgic_cpu cpus[NR_VCPUS];
static unsigned accessing;             /* the vCPU making the access */

static unsigned current_vcpu(void *ctx)
{
	(void)ctx;
	return accessing;
}

static int setup(void **state)
{
	(void)state;
	fake_reset(4);
	memset(kicks, 0, sizeof(kicks));
	accessing = 0;
	assert_int_equal(vgic_dist_init(&dist, NR_VCPUS, NR_SPIS), 0);
	for (unsigned i = 0; i < NR_VCPUS; i++)
		assert_int_equal(vgic_cpu_init(&dist, &cpus[i], i, i), 0);
	vgic_dist_set_kick(&dist, record_kick, NULL);
	vgic_dist_use_v2(&dist, current_vcpu);
	return 0;
}

static uint32_t rd(uint64_t off, unsigned size)
{
	return (uint32_t)vgic_dist_v2_read(&dist, off, size);
}

static void wr(uint64_t off, unsigned size, uint32_t v)
{
	vgic_dist_v2_write(&dist, off, size, v);
}

static void ids_and_reset_state(void **state)
{
	(void)state;
	assert_int_equal((rd(GICD_V2_PIDR2, 4) >> GIC_PIDR2_ARCHREV_SHIFT) & 0xF, 2);
	assert_int_equal(rd(GICD_TYPER, 4) & GICD_TYPER_ITLINES_MASK, (32 + NR_SPIS) / 32 - 1);
	assert_int_equal((rd(GICD_TYPER, 4) >> GICD_TYPER_CPUNUMBER_SHIFT) & 7, NR_VCPUS - 1);
	/* Group 0 everywhere, as a GICv2 without security extensions resets. */
	assert_int_equal(rd(GICD_IGROUPR, 4), 0);
	assert_int_equal(rd(GICD_IGROUPR + 4, 4), 0);
	/* No GICv3 registers: IROUTER is nothing here. */
	assert_int_equal(rd(GICD_IROUTER + 8 * 40, 4), 0);
}

static void private_registers_are_banked(void **state)
{
	(void)state;
	accessing = 1;
	wr(GICD_ISENABLER, 4, 1u << 27);
	wr(GICD_IPRIORITYR + 27, 1, 0x80);
	assert_int_equal(rd(GICD_ISENABLER, 4), 1u << 27);
	assert_true(cpus[1].priv[27].flags & VGIC_IRQ_ENABLED);
	accessing = 2;
	assert_int_equal(rd(GICD_ISENABLER, 4), 0);
	assert_int_equal(rd(GICD_IPRIORITYR + 27, 1), 0);
	/* Each vCPU reads its own bit in the private ITARGETSR bytes. */
	assert_int_equal(rd(GICD_ITARGETSR, 4), 0x04040404);
	wr(GICD_ITARGETSR, 4, 0xFFFFFFFF);                /* read-only */
	assert_int_equal(rd(GICD_ITARGETSR + 28, 1), 0x04);
}

static void itargetsr_routes_spis(void **state)
{
	(void)state;
	wr(GICD_CTLR, 4, GICD_CTLR_ENABLE_G0);
	wr(GICD_ITARGETSR + 40, 1, 0xF4);                 /* vCPU 2; bits 4-7 no CPU */
	assert_int_equal(rd(GICD_ITARGETSR + 40, 1), 0x04);
	assert_int_equal(dist.spi[8].target, 2);
	wr(GICD_ISENABLER + 4, 4, 1u << 8);
	vgic_set_spi_level(&dist, 8, true);
	assert_int_equal(kicks[2], 1);
	assert_true(vgic_vcpu_has_pending(&cpus[2]));
	assert_false(vgic_vcpu_has_pending(&cpus[0]));
	/* Word access, several CPUs: the lowest gets it. */
	wr(GICD_ITARGETSR + 44, 4, 0x0A0A0A0A);
	assert_int_equal(rd(GICD_ITARGETSR + 44, 4), 0x0A0A0A0A);
	assert_int_equal(dist.spi[12].target, 1);
	/* Halfwords are not a GICv2 access size for this array: RAZ/WI. */
	wr(GICD_ITARGETSR + 48, 2, 0x0101);
	assert_int_equal(rd(GICD_ITARGETSR + 48, 4), 0);
}

static void sgir_filters_and_sources(void **state)
{
	(void)state;
	wr(GICD_CTLR, 4, GICD_CTLR_ENABLE_G0);
	for (unsigned c = 0; c < NR_VCPUS; c++) {
		accessing = c;
		wr(GICD_ISENABLER, 4, 0xFFFF);            /* SGIs */
	}
	accessing = 3;
	/* Target list: vCPUs 0 and 2, SGI 5. */
	wr(GICD_SGIR, 4, 0x5u << GICD_SGIR_CPULIST_SHIFT | 5);
	assert_true(vgic_vcpu_has_pending(&cpus[0]));
	assert_true(vgic_vcpu_has_pending(&cpus[2]));
	assert_false(vgic_vcpu_has_pending(&cpus[1]));
	assert_int_equal(cpus[2].priv[5].sgi_source, 3);
	/* SPENDSGIR shows the source's bit in the SGI's byte. */
	accessing = 2;
	assert_int_equal(rd(GICD_SPENDSGIR + 4, 4), 1u << 3 << 8);
	/* CPENDSGIR with another source's bit leaves it; with its own clears. */
	wr(GICD_CPENDSGIR + 5, 1, 1u << 1);
	assert_true(vgic_vcpu_has_pending(&cpus[2]));
	wr(GICD_CPENDSGIR + 5, 1, 1u << 3);
	assert_false(vgic_vcpu_has_pending(&cpus[2]));
	/* All but self, and self only. */
	accessing = 1;
	wr(GICD_SGIR, 4, GICD_SGIR_FILTER_OTHERS << GICD_SGIR_TARGETFILTER_SHIFT | 7);
	assert_true(cpus[3].priv[7].flags & VGIC_IRQ_PENDING_LATCH);
	assert_false(cpus[1].priv[7].flags & VGIC_IRQ_PENDING_LATCH);
	wr(GICD_SGIR, 4, GICD_SGIR_FILTER_SELF << GICD_SGIR_TARGETFILTER_SHIFT | 9);
	assert_true(cpus[1].priv[9].flags & VGIC_IRQ_PENDING_LATCH);
	assert_false(cpus[0].priv[9].flags & VGIC_IRQ_PENDING_LATCH);
	/* SPENDSGIR sets a pending SGI from the lowest source named. */
	wr(GICD_SPENDSGIR + 2, 1, 0x6);
	assert_int_equal(cpus[1].priv[2].sgi_source, 1);
	assert_true(cpus[1].priv[2].flags & VGIC_IRQ_PENDING_LATCH);
}

/* The source travels in the LR (ICH layout: pINTID low bits), which the
 * GICH conversion turns into GICH_LR.CPUID. */
static void sgi_source_reaches_the_list_register(void **state)
{
	(void)state;
	wr(GICD_CTLR, 4, GICD_CTLR_ENABLE_G0);
	accessing = 0;
	wr(GICD_ISENABLER, 4, 1u << 4);
	accessing = 2;
	wr(GICD_SGIR, 4, 1u << GICD_SGIR_CPULIST_SHIFT | 4);
	vgic_restore(&cpus[0]);
	vgic_flush(&cpus[0]);
	assert_int_equal(fake_sr[GIC_SR_ICH_LR(0)] & ICH_LR_VINTID_MASK, 4);
	assert_int_equal((fake_sr[GIC_SR_ICH_LR(0)] >> ICH_LR_PINTID_SHIFT) & 7, 2);
	assert_false(fake_sr[GIC_SR_ICH_LR(0)] & ICH_LR_GROUP);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(ids_and_reset_state, setup),
		cmocka_unit_test_setup(private_registers_are_banked, setup),
		cmocka_unit_test_setup(itargetsr_routes_spis, setup),
		cmocka_unit_test_setup(sgir_filters_and_sources, setup),
		cmocka_unit_test_setup(sgi_source_reaches_the_list_register, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
