/* SPDX-License-Identifier: MIT */
/*
 * LPIs end to end on the emulated GICv3: redistributor LPI registers, an
 * ITS command queue in (fake) guest RAM, and the LPI reaching a list
 * register (vINTID >= 8192, group 1, the configuration table's priority),
 * its enable bit, INV, CLEAR, MOVI, and the WFI wake-up check.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "el2/vgic.h"
#include "el2/vgic_lpi.h"
#include "el2_vgic_fake.h"

#define NR_VCPUS 4
#define RAM_GPA  0x40000000ull
#define RAM_SIZE 0x40000ull
#define PROP     (RAM_GPA + 0x10000)
#define QUEUE    (RAM_GPA + 0x20000)

static struct vgic_dist dist;
static struct vgic_cpu cpus[NR_VCPUS];
static struct vgic_lpi_state lpi;
static uint8_t ram[RAM_SIZE];
static uint64_t cwriter;

static uint64_t gicr(unsigned vcpu, uint64_t off)
{
	return vcpu * VGIC_REDIST_STRIDE + off;
}

static int setup(void **state)
{
	(void)state;
	fake_reset(4);
	memset(kicks, 0, sizeof(kicks));
	memset(ram, 0, sizeof(ram));
	cwriter = 0;
	assert_int_equal(vgic_dist_init(&dist, NR_VCPUS, 64), 0);
	for (unsigned i = 0; i < NR_VCPUS; i++)
		assert_int_equal(vgic_cpu_init(&dist, &cpus[i], i, i), 0);
	vgic_dist_set_kick(&dist, record_kick, NULL);
	assert_int_equal(vgic_lpi_attach(&dist, &lpi, RAM_GPA, RAM_SIZE, ram), 0);
	/* What a guest does (kvm-unit-tests' its_enable_defaults). */
	vgic_dist_write(&dist, GICD_CTLR, 4, GICD_CTLR_ENABLE_G1 | GICD_CTLR_ARE);
	for (unsigned i = 0; i < NR_VCPUS; i++) {
		vgic_redist_write(&dist, gicr(i, GICR_PROPBASER), 8, PROP | 13);
		vgic_redist_write(&dist, gicr(i, GICR_CTLR), 4, GICR_CTLR_ENABLE_LPIS);
	}
	vgic_its_mmio_write(&dist, GITS_CBASER, 8, GITS_BASER_VALID | QUEUE | 1);   /* 8 KiB */
	vgic_its_mmio_write(&dist, GITS_CTLR, 4, GITS_CTLR_ENABLED);
	return 0;
}

static void send(uint64_t d0, uint64_t d1, uint64_t d2)
{
	uint64_t c[4] = { d0, d1, d2, 0 };

	for (unsigned i = 0; i < 4; i++)
		for (unsigned b = 0; b < 8; b++)
			ram[QUEUE - RAM_GPA + cwriter + i * 8 + b] = (uint8_t)(c[i] >> (8 * b));
	cwriter += 32;
	vgic_its_mmio_write(&dist, GITS_CWRITER, 8, cwriter);
	assert_int_equal(vgic_its_mmio_read(&dist, GITS_CREADR, 8), cwriter);
}

/* dev 2 event 20 -> LPI 8195 on collection 3 (vCPU 3), priority 0xa0. */
static void map_8195(void)
{
	ram[PROP - RAM_GPA + 3] = 0xa0 | 0x2 | LPI_PROP_ENABLE;
	send(GITS_CMD_MAPD | 2ull << 32, 7, 1ull << 63);
	send(GITS_CMD_MAPC, 0, 1ull << 63 | 3ull << 16 | 3);
	send(GITS_CMD_MAPC, 0, 1ull << 63 | 1ull << 16 | 1);
	send(GITS_CMD_MAPTI | 2ull << 32, 20 | 8195ull << 32, 3);
}

static void registers(void **state)
{
	(void)state;
	assert_true(vgic_dist_read(&dist, GICD_TYPER, 4) & GICD_TYPER_LPIS);
	assert_int_equal(vgic_dist_read(&dist, GICD_TYPER, 4) >> GICD_TYPER_IDBITS_SHIFT & 0x1F,
			 VGIC_LPI_ID_BITS - 1);
	assert_true(vgic_redist_read(&dist, gicr(1, GICR_TYPER), 8) & GICR_TYPER_PLPIS);
	assert_int_equal(vgic_redist_read(&dist, gicr(1, GICR_PROPBASER), 8), PROP | 13);
	assert_int_equal(vgic_redist_read(&dist, gicr(1, GICR_CTLR), 4), GICR_CTLR_ENABLE_LPIS);
	/* PROPBASER is frozen while LPIs are on. */
	vgic_redist_write(&dist, gicr(1, GICR_PROPBASER), 8, 0);
	assert_int_equal(vgic_redist_read(&dist, gicr(1, GICR_PROPBASER), 8), PROP | 13);
}

static void int_reaches_lr(void **state)
{
	(void)state;
	map_8195();
	assert_false(vgic_vcpu_has_pending(&cpus[3]));
	send(GITS_CMD_INT | 2ull << 32, 20, 0);
	assert_int_equal(kicks[3], 1);
	assert_true(vgic_vcpu_has_pending(&cpus[3]));
	assert_false(vgic_vcpu_has_pending(&cpus[0]));
	vgic_flush(&cpus[3]);
	uint64_t lr = fake_lr(0);
	assert_int_equal(lr & ICH_LR_VINTID_MASK, 8195);
	assert_true(lr & ICH_LR_GROUP);
	assert_int_equal(lr & ICH_LR_STATE_MASK, ICH_LR_STATE_PENDING);
	assert_int_equal(lr >> ICH_LR_PRIORITY_SHIFT & 0xFF, 0xa0);
	/* The guest takes it (pending -> invalid for an LPI): all gone. */
	fake_lr_set_state(0, 0);
	vgic_sync(&cpus[3]);
	vgic_flush(&cpus[3]);
	assert_int_equal(fake_lr(0), 0);
	assert_false(vgic_vcpu_has_pending(&cpus[3]));
}

static void disabled_then_inv(void **state)
{
	(void)state;
	map_8195();
	ram[PROP - RAM_GPA + 3] &= (uint8_t)~LPI_PROP_ENABLE;
	send(GITS_CMD_INV | 2ull << 32, 20, 0);
	send(GITS_CMD_INT | 2ull << 32, 20, 0);
	assert_false(vgic_vcpu_has_pending(&cpus[3]));
	vgic_flush(&cpus[3]);
	assert_int_equal(fake_lr(0) & ICH_LR_STATE_MASK, 0);
	/* Enabled again: seen at INVALL, still pending. */
	ram[PROP - RAM_GPA + 3] |= LPI_PROP_ENABLE;
	send(GITS_CMD_INVALL, 0, 3);
	assert_true(vgic_vcpu_has_pending(&cpus[3]));
	/* CLEAR drops it. */
	send(GITS_CMD_CLEAR | 2ull << 32, 20, 0);
	assert_false(vgic_vcpu_has_pending(&cpus[3]));
}

static void movi_and_lpis_off(void **state)
{
	(void)state;
	map_8195();
	send(GITS_CMD_INT | 2ull << 32, 20, 0);
	send(GITS_CMD_MOVI | 2ull << 32, 20, 1);
	assert_false(vgic_vcpu_has_pending(&cpus[3]));
	assert_true(vgic_vcpu_has_pending(&cpus[1]));
	send(GITS_CMD_CLEAR | 2ull << 32, 20, 0);
	/* LPIs off at vCPU 1's redistributor: INT has no effect. */
	vgic_redist_write(&dist, gicr(1, GICR_CTLR), 4, 0);
	send(GITS_CMD_INT | 2ull << 32, 20, 0);
	assert_false(vgic_vcpu_has_pending(&cpus[1]));
}

static void slots_full(void **state)
{
	(void)state;
	map_8195();
	for (unsigned e = 0; e < VGIC_MAX_LPIS + 1; e++) {
		ram[PROP - RAM_GPA + 100 + e] = 0xa1;
		send(GITS_CMD_MAPTI | 2ull << 32, (30 + e) | (8292ull + e) << 32, 3);
		send(GITS_CMD_INT | 2ull << 32, 30 + e, 0);
	}
	assert_int_equal(lpi.dropped, 1);
	assert_true(vgic_vcpu_has_pending(&cpus[3]));
}

/* A configuration table outside the partition's RAM reads as "disabled". */
static void table_outside_ram(void **state)
{
	(void)state;
	vgic_redist_write(&dist, gicr(3, GICR_CTLR), 4, 0);
	vgic_redist_write(&dist, gicr(3, GICR_PROPBASER), 8, (RAM_GPA + RAM_SIZE) | 13);
	vgic_redist_write(&dist, gicr(3, GICR_CTLR), 4, GICR_CTLR_ENABLE_LPIS);
	map_8195();
	send(GITS_CMD_INT | 2ull << 32, 20, 0);
	assert_false(vgic_vcpu_has_pending(&cpus[3]));
	send(GITS_CMD_INV | 2ull << 32, 20, 0);
	assert_false(vgic_vcpu_has_pending(&cpus[3]));
}

static void no_lpis_without_attach(void **state)
{
	(void)state;
	assert_int_equal(vgic_dist_init(&dist, NR_VCPUS, 64), 0);
	assert_false(vgic_dist_read(&dist, GICD_TYPER, 4) & GICD_TYPER_LPIS);
	assert_int_equal(vgic_its_mmio_read(&dist, GITS_TYPER, 8), 0);
	assert_int_equal(vgic_lpi_attach(NULL, &lpi, RAM_GPA, RAM_SIZE, ram), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(registers, setup),
		cmocka_unit_test_setup(int_reaches_lr, setup),
		cmocka_unit_test_setup(disabled_then_inv, setup),
		cmocka_unit_test_setup(movi_and_lpis_off, setup),
		cmocka_unit_test_setup(slots_full, setup),
		cmocka_unit_test_setup(table_outside_ram, setup),
		cmocka_unit_test_setup(no_lpis_without_attach, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
