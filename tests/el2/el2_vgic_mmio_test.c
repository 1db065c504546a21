/* SPDX-License-Identifier: MIT */
/*
 * The emulated GICv3 distributor and redistributors as a guest sees them
 * through MMIO, plus guest SGIs (ICC_SGI1R) and the kick callback.
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
static int setup(void **state)
{
	(void)state;
	fake_reset(4);
	memset(kicks, 0, sizeof(kicks));
	assert_int_equal(vgic_dist_init(&dist, NR_VCPUS, NR_SPIS), 0);
	for (unsigned i = 0; i < NR_VCPUS; i++)
		assert_int_equal(vgic_cpu_init(&dist, &cpus[i], i, i), 0);
	vgic_dist_set_kick(&dist, record_kick, NULL);
	return 0;
}

static uint32_t rd32(uint64_t off)
{
	return (uint32_t)vgic_dist_read(&dist, off, 4);
}

static void wr32(uint64_t off, uint32_t v)
{
	vgic_dist_write(&dist, off, 4, v);
}

static uint64_t gicr(unsigned vcpu, uint64_t off)
{
	return vcpu * VGIC_REDIST_STRIDE + off;
}

static void init_rejects_bad_arguments(void **state)
{
	struct vgic_dist d;
	struct vgic_cpu c;

	(void)state;
	assert_int_equal(vgic_dist_init(&d, 0, 32), -1);
	assert_int_equal(vgic_dist_init(&d, VGIC_MAX_VCPUS + 1, 32), -1);
	assert_int_equal(vgic_dist_init(&d, 2, 5000), 0);
	assert_int_equal(d.nr_spis, VGIC_MAX_SPIS);
	assert_int_equal(vgic_cpu_init(&d, &c, 2, 0), -1);
	assert_int_equal(d.nr_lrs, 4);
	assert_int_equal(d.prio_mask, 0xF8);
}

static void dist_pidr2_reports_gicv3(void **state)
{
	(void)state;
	assert_int_equal((rd32(GICD_PIDR2) >> GIC_PIDR2_ARCHREV_SHIFT) & 0xF, 3);
	assert_int_equal((vgic_redist_read(&dist, gicr(2, GICR_PIDR2), 4) >> 4) & 0xF, 3);
	assert_int_equal(rd32(GICD_IIDR) & 0xFFF, GIC_IIDR_IMPLEMENTER_ARM);
}

static void dist_typer_counts_lines_and_cpus(void **state)
{
	uint32_t t;

	(void)state;
	t = rd32(GICD_TYPER);
	assert_int_equal(t & GICD_TYPER_ITLINES_MASK, (32 + NR_SPIS) / 32 - 1);
	assert_int_equal((t >> GICD_TYPER_CPUNUMBER_SHIFT) & 7, NR_VCPUS - 1);
	assert_int_equal((t >> GICD_TYPER_IDBITS_SHIFT) & 0x1F, 9);
	assert_int_equal(t & GICD_TYPER_SECURITYEXTN, 0);
}

static void dist_ctlr_forces_are_and_ds(void **state)
{
	(void)state;
	assert_int_equal(rd32(GICD_CTLR), GICD_CTLR_ARE | GICD_CTLR_DS);
	wr32(GICD_CTLR, GICD_CTLR_ENABLE_G1 | GICD_CTLR_ARE | 0x0F00);
	assert_int_equal(rd32(GICD_CTLR), GICD_CTLR_ENABLE_G1 | GICD_CTLR_ARE | GICD_CTLR_DS);
	wr32(GICD_CTLR, 0);
	assert_int_equal(rd32(GICD_CTLR), GICD_CTLR_ARE | GICD_CTLR_DS);
}

static void dist_spi_enable_set_and_clear(void **state)
{
	(void)state;
	wr32(GICD_ISENABLER + 4, 1u << 5 | 1u << 9);     /* INTIDs 37, 41 */
	assert_int_equal(rd32(GICD_ISENABLER + 4), 1u << 5 | 1u << 9);
	assert_int_equal(rd32(GICD_ICENABLER + 4), 1u << 5 | 1u << 9);
	wr32(GICD_ICENABLER + 4, 1u << 5);
	assert_int_equal(rd32(GICD_ISENABLER + 4), 1u << 9);
	/* With ARE the private range is RAZ/WI in the distributor. */
	wr32(GICD_ISENABLER, 0xFFFFFFFF);
	assert_int_equal(rd32(GICD_ISENABLER), 0);
	assert_int_equal(cpus[0].priv[27].flags & VGIC_IRQ_ENABLED, 0);
	/* Beyond the implemented SPIs: RAZ/WI. */
	wr32(GICD_ISENABLER + 4 * 3, 0xFFFFFFFF);
	assert_int_equal(rd32(GICD_ISENABLER + 4 * 3), 0);
}

static void dist_pending_latch_and_level_line(void **state)
{
	(void)state;
	wr32(GICD_ISPENDR + 4, 1u << 3);                 /* INTID 35 */
	assert_int_equal(rd32(GICD_ISPENDR + 4), 1u << 3);
	wr32(GICD_ICPENDR + 4, 1u << 3);
	assert_int_equal(rd32(GICD_ISPENDR + 4), 0);
	/* A level line stays pending until the device lowers it. */
	vgic_set_spi_level(&dist, 4, true);              /* INTID 36 */
	wr32(GICD_ICPENDR + 4, 1u << 4);
	assert_int_equal(rd32(GICD_ISPENDR + 4), 1u << 4);
	vgic_set_spi_level(&dist, 4, false);
	assert_int_equal(rd32(GICD_ISPENDR + 4), 0);
	/* Active bits. */
	wr32(GICD_ISACTIVER + 4, 1u << 7);
	assert_int_equal(rd32(GICD_ICACTIVER + 4), 1u << 7);
	wr32(GICD_ICACTIVER + 4, 1u << 7);
	assert_int_equal(rd32(GICD_ISACTIVER + 4), 0);
}

static void dist_groups_reset_to_group1(void **state)
{
	(void)state;
	assert_int_equal(rd32(GICD_IGROUPR + 4), 0xFFFFFFFF);
	wr32(GICD_IGROUPR + 4, 0xFFFF0000);
	assert_int_equal(rd32(GICD_IGROUPR + 4), 0xFFFF0000);
	assert_int_equal(vgic_redist_read(&dist, gicr(1, GICR_IGROUPR0), 4), 0xFFFFFFFF);
}

static void dist_priority_bytes_and_words(void **state)
{
	(void)state;
	vgic_dist_write(&dist, GICD_IPRIORITYR + 40, 1, 0x80);
	vgic_dist_write(&dist, GICD_IPRIORITYR + 41, 1, 0xFF);     /* 5 bits kept */
	assert_int_equal(rd32(GICD_IPRIORITYR + 40), 0xF880);
	wr32(GICD_IPRIORITYR + 44, 0x10203040);
	assert_int_equal(vgic_dist_read(&dist, GICD_IPRIORITYR + 46, 1), 0x20);
	/* Private priorities live in the redistributor only. */
	wr32(GICD_IPRIORITYR + 24, 0xA0A0A0A0);
	assert_int_equal(rd32(GICD_IPRIORITYR + 24), 0);
	/* Halfword and unaligned word accesses are ignored. */
	vgic_dist_write(&dist, GICD_IPRIORITYR + 48, 2, 0x4040);
	vgic_dist_write(&dist, GICD_IPRIORITYR + 49, 4, 0x40404040);
	assert_int_equal(rd32(GICD_IPRIORITYR + 48), 0);
}

static void dist_icfgr_edge_and_level(void **state)
{
	(void)state;
	/* SPIs reset level-sensitive. */
	assert_int_equal(rd32(GICD_ICFGR + 8), 0);
	wr32(GICD_ICFGR + 8, GIC_ICFGR_EDGE << 2);        /* INTID 33 edge */
	assert_int_equal(rd32(GICD_ICFGR + 8), GIC_ICFGR_EDGE << 2);
	assert_int_equal(dist.spi[1].flags & VGIC_IRQ_LEVEL, 0);
	assert_int_not_equal(dist.spi[0].flags & VGIC_IRQ_LEVEL, 0);
	/* ICFGR0/1 in the distributor: RAZ/WI under ARE. */
	wr32(GICD_ICFGR + 4, 0xFFFFFFFF);
	assert_int_equal(rd32(GICD_ICFGR + 4), 0);
}

static void dist_irouter_routes_spis(void **state)
{
	uint64_t off = GICD_IROUTER + 8 * 40;

	(void)state;
	vgic_dist_write(&dist, off, 8, 2);
	assert_int_equal(vgic_dist_read(&dist, off, 8), 2);
	assert_int_equal(dist.spi[8].target, 2);
	/* 32-bit halves. */
	vgic_dist_write(&dist, off, 4, 3);
	vgic_dist_write(&dist, off + 4, 4, 0);
	assert_int_equal(dist.spi[8].target, 3);
	assert_int_equal(vgic_dist_read(&dist, off + 4, 4), 0);
	/* An affinity no vCPU has: delivered nowhere. */
	vgic_dist_write(&dist, off, 8, 1ull << GICD_IROUTER_AFF1_SHIFT);
	assert_int_equal(dist.spi[8].target, 0xFF);
	wr32(GICD_CTLR, GICD_CTLR_ENABLE_G1);
	memset(kicks, 0, sizeof(kicks));
	wr32(GICD_ISENABLER + 4, 1u << 8);
	vgic_inject(&dist, 0, 40);
	for (unsigned i = 0; i < NR_VCPUS; i++)
		assert_int_equal(kicks[i], 0);
	/* Routing it to a vCPU now kicks that vCPU. */
	vgic_dist_write(&dist, off, 8, 1);
	assert_int_equal(kicks[1], 1);
	/* IRM: any PE, we pick vCPU 0. */
	vgic_dist_write(&dist, off, 8, GICD_IROUTER_IRM | 3);
	assert_int_equal(dist.spi[8].target, 0);
	assert_int_equal(vgic_dist_read(&dist, off, 8), GICD_IROUTER_IRM | 3);
	/* IROUTER of private INTIDs does not exist. */
	vgic_dist_write(&dist, GICD_IROUTER + 8 * 20, 8, 1);
	assert_int_equal(vgic_dist_read(&dist, GICD_IROUTER + 8 * 20, 8), 0);
}

static void dist_bad_accesses_are_ignored(void **state)
{
	uint8_t before[sizeof(dist.spi)];

	(void)state;
	memcpy(before, dist.spi, sizeof(before));
	vgic_dist_write(&dist, GICD_ISENABLER + 4, 2, 0xFFFF);
	vgic_dist_write(&dist, GICD_ISENABLER + 5, 4, 0xFFFFFFFF);
	vgic_dist_write(&dist, GICD_ISPENDR + 4, 8, ~0ull);
	vgic_dist_write(&dist, 0x10000, 4, 1);
	vgic_dist_write(&dist, ~0ull - 3, 4, 1);
	vgic_dist_write(&dist, GICD_IROUTER + 8 * 1019 + 2, 4, 1);
	vgic_dist_write(&dist, GICD_SGIR, 4, 0x00FF0001);
	assert_memory_equal(before, dist.spi, sizeof(before));
	assert_int_equal(vgic_dist_read(&dist, GICD_ISENABLER + 4, 2), 0);
	assert_int_equal(vgic_dist_read(&dist, 0x20000, 4), 0);
	assert_int_equal(vgic_dist_read(&dist, GICD_IROUTER + 8 * 1019, 8), 0);
	assert_int_equal(vgic_dist_read(&dist, GICD_TYPER, 8), 0);
}

static void redist_typer_affinity_and_last(void **state)
{
	(void)state;
	for (unsigned i = 0; i < NR_VCPUS; i++) {
		uint64_t t = vgic_redist_read(&dist, gicr(i, GICR_TYPER), 8);

		assert_int_equal(t >> GICR_TYPER_AFFINITY_SHIFT, i);
		assert_int_equal((t >> GICR_TYPER_PROCNUM_SHIFT) & 0xFFFF, i);
		assert_int_equal(!!(t & GICR_TYPER_LAST), i == NR_VCPUS - 1);
		assert_int_equal(vgic_redist_read(&dist, gicr(i, GICR_TYPER + 4), 4), i);
		assert_int_equal(vgic_redist_read(&dist, gicr(i, GICR_TYPER), 4), (uint32_t)t);
	}
	/* Past the last redistributor: nothing. */
	assert_int_equal(vgic_redist_read(&dist, gicr(NR_VCPUS, GICR_TYPER), 8), 0);
	vgic_redist_write(&dist, gicr(NR_VCPUS, GICR_ISENABLER0), 4, ~0u);
}

static void redist_waker_handshake(void **state)
{
	uint64_t w = gicr(2, GICR_WAKER);

	(void)state;
	assert_int_equal(vgic_redist_read(&dist, w, 4),
			 GICR_WAKER_PROCESSORSLEEP | GICR_WAKER_CHILDRENASLEEP);
	vgic_redist_write(&dist, w, 4, 0);
	assert_int_equal(vgic_redist_read(&dist, w, 4), 0);
	vgic_redist_write(&dist, w, 4, GICR_WAKER_PROCESSORSLEEP);
	assert_int_equal(vgic_redist_read(&dist, w, 4),
			 GICR_WAKER_PROCESSORSLEEP | GICR_WAKER_CHILDRENASLEEP);
	/* Other vCPUs untouched. */
	vgic_redist_write(&dist, gicr(1, GICR_WAKER), 4, 0);
	assert_int_not_equal(vgic_redist_read(&dist, w, 4), 0);
}

static void redist_private_irqs_are_banked(void **state)
{
	(void)state;
	vgic_redist_write(&dist, gicr(1, GICR_ISENABLER0), 4, 1u << 27);
	assert_int_equal(vgic_redist_read(&dist, gicr(1, GICR_ISENABLER0), 4), 1u << 27);
	assert_int_equal(vgic_redist_read(&dist, gicr(0, GICR_ISENABLER0), 4), 0);
	vgic_redist_write(&dist, gicr(3, GICR_IPRIORITYR0 + 27), 1, 0xA0);
	assert_int_equal(vgic_redist_read(&dist, gicr(3, GICR_IPRIORITYR0 + 24), 4), 0xA0000000);
	assert_int_equal(vgic_redist_read(&dist, gicr(2, GICR_IPRIORITYR0 + 24), 4), 0);
	vgic_redist_write(&dist, gicr(1, GICR_ICENABLER0), 4, 1u << 27);
	assert_int_equal(vgic_redist_read(&dist, gicr(1, GICR_ISENABLER0), 4), 0);
}

static void redist_sgi_config_is_fixed_edge(void **state)
{
	(void)state;
	assert_int_equal(vgic_redist_read(&dist, gicr(0, GICR_ICFGR0), 4), 0xAAAAAAAA);
	vgic_redist_write(&dist, gicr(0, GICR_ICFGR0), 4, 0);
	assert_int_equal(vgic_redist_read(&dist, gicr(0, GICR_ICFGR0), 4), 0xAAAAAAAA);
	/* PPIs: level at reset, configurable. */
	assert_int_equal(vgic_redist_read(&dist, gicr(0, GICR_ICFGR1), 4), 0);
	vgic_redist_write(&dist, gicr(0, GICR_ICFGR1), 4, GIC_ICFGR_EDGE << 2 * 11);
	assert_int_equal(vgic_redist_read(&dist, gicr(0, GICR_ICFGR1), 4), GIC_ICFGR_EDGE << 2 * 11);
}

static void kick_when_deliverable(void **state)
{
	(void)state;
	/* Pending but disabled and group off: no kick. */
	vgic_redist_write(&dist, gicr(2, GICR_ISPENDR0), 4, 1u << 20);
	assert_int_equal(kicks[2], 0);
	vgic_redist_write(&dist, gicr(2, GICR_ISENABLER0), 4, 1u << 20);
	assert_int_equal(kicks[2], 0);
	assert_false(vgic_vcpu_has_pending(&cpus[2]));
	/* Enabling group 1 makes it deliverable. */
	wr32(GICD_CTLR, GICD_CTLR_ENABLE_G1);
	assert_int_equal(kicks[2], 1);
	assert_true(vgic_vcpu_has_pending(&cpus[2]));
	assert_false(vgic_vcpu_has_pending(&cpus[1]));
	/* A group 0 interrupt needs EnableGrp0. */
	vgic_redist_write(&dist, gicr(1, GICR_IGROUPR0), 4, 0);
	vgic_redist_write(&dist, gicr(1, GICR_ISENABLER0), 4, 1u << 21);
	vgic_inject(&dist, 1, 21);
	assert_int_equal(kicks[1], 0);
	assert_false(vgic_vcpu_has_pending(&cpus[1]));
	wr32(GICD_CTLR, GICD_CTLR_ENABLE_G0 | GICD_CTLR_ENABLE_G1);
	assert_true(vgic_vcpu_has_pending(&cpus[1]));
}

static void sgi1r_target_list_and_broadcast(void **state)
{
	uint64_t v;

	(void)state;
	wr32(GICD_CTLR, GICD_CTLR_ENABLE_G1);
	for (unsigned i = 0; i < NR_VCPUS; i++)
		vgic_redist_write(&dist, gicr(i, GICR_ISENABLER0), 4, 0xFFFF);
	memset(kicks, 0, sizeof(kicks));
	/* SGI 3 to Aff0 1 and 2. */
	v = 3ull << ICC_SGI1R_INTID_SHIFT | 0x6;
	vgic_sgi1r_write(&dist, 0, v);
	assert_int_equal(vgic_redist_read(&dist, gicr(1, GICR_ISPENDR0), 4), 1u << 3);
	assert_int_equal(vgic_redist_read(&dist, gicr(2, GICR_ISPENDR0), 4), 1u << 3);
	assert_int_equal(vgic_redist_read(&dist, gicr(0, GICR_ISPENDR0), 4), 0);
	assert_int_equal(kicks[1], 1);
	assert_int_equal(kicks[2], 1);
	assert_int_equal(kicks[3], 0);
	/* Aff1 = 1 matches nobody; RS = 1 means Aff0 16..31: nobody. */
	vgic_sgi1r_write(&dist, 0, 5ull << ICC_SGI1R_INTID_SHIFT | 1ull << ICC_SGI1R_AFF1_SHIFT | 0xF);
	vgic_sgi1r_write(&dist, 0, 5ull << ICC_SGI1R_INTID_SHIFT | 1ull << ICC_SGI1R_RS_SHIFT | 0xF);
	for (unsigned i = 0; i < NR_VCPUS; i++)
		assert_int_equal(vgic_redist_read(&dist, gicr(i, GICR_ISPENDR0), 4) & (1u << 5), 0);
	/* IRM: everyone but the sender. */
	vgic_sgi1r_write(&dist, 2, ICC_SGI1R_IRM | 7ull << ICC_SGI1R_INTID_SHIFT);
	for (unsigned i = 0; i < NR_VCPUS; i++)
		assert_int_equal(!!(vgic_redist_read(&dist, gicr(i, GICR_ISPENDR0), 4) & (1u << 7)),
				 i != 2);
	/* A bogus sender is ignored. */
	vgic_sgi1r_write(&dist, 99, ICC_SGI1R_IRM | 9ull << ICC_SGI1R_INTID_SHIFT);
	assert_int_equal(vgic_redist_read(&dist, gicr(0, GICR_ISPENDR0), 4) & (1u << 9), 0);
}

static void spi_level_input_configured_edge(void **state)
{
	(void)state;
	wr32(GICD_ICFGR + 8, GIC_ICFGR_EDGE << 4);        /* INTID 34 = SPI 2 edge */
	vgic_set_spi_level(&dist, 2, true);
	assert_int_equal(rd32(GICD_ISPENDR + 4), 1u << 2);
	wr32(GICD_ICPENDR + 4, 1u << 2);
	/* Held high: no new edge, so not pending again. */
	vgic_set_spi_level(&dist, 2, true);
	assert_int_equal(rd32(GICD_ISPENDR + 4), 0);
	vgic_set_spi_level(&dist, 2, false);
	vgic_set_spi_level(&dist, 2, true);
	assert_int_equal(rd32(GICD_ISPENDR + 4), 1u << 2);
	/* Out of range lines and INTIDs are ignored. */
	vgic_set_spi_level(&dist, NR_SPIS, true);
	vgic_inject(&dist, 0, 32 + NR_SPIS);
	vgic_inject(&dist, NR_VCPUS, 3);
	vgic_inject(&dist, 0, 5000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(init_rejects_bad_arguments, setup),
		cmocka_unit_test_setup(dist_pidr2_reports_gicv3, setup),
		cmocka_unit_test_setup(dist_typer_counts_lines_and_cpus, setup),
		cmocka_unit_test_setup(dist_ctlr_forces_are_and_ds, setup),
		cmocka_unit_test_setup(dist_spi_enable_set_and_clear, setup),
		cmocka_unit_test_setup(dist_pending_latch_and_level_line, setup),
		cmocka_unit_test_setup(dist_groups_reset_to_group1, setup),
		cmocka_unit_test_setup(dist_priority_bytes_and_words, setup),
		cmocka_unit_test_setup(dist_icfgr_edge_and_level, setup),
		cmocka_unit_test_setup(dist_irouter_routes_spis, setup),
		cmocka_unit_test_setup(dist_bad_accesses_are_ignored, setup),
		cmocka_unit_test_setup(redist_typer_affinity_and_last, setup),
		cmocka_unit_test_setup(redist_waker_handshake, setup),
		cmocka_unit_test_setup(redist_private_irqs_are_banked, setup),
		cmocka_unit_test_setup(redist_sgi_config_is_fixed_edge, setup),
		cmocka_unit_test_setup(kick_when_deliverable, setup),
		cmocka_unit_test_setup(sgi1r_target_list_and_broadcast, setup),
		cmocka_unit_test_setup(spi_level_input_configured_edge, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
