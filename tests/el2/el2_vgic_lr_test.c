/* SPDX-License-Identifier: MIT */
/*
 * List-register management: vgic_flush() fills ICH_LR<n>_EL2 and
 * ICH_HCR_EL2, the test plays the guest on the fake LRs, vgic_sync() folds
 * the result back; vgic_save()/vgic_restore() for the world switch.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "el2/vgic.h"
#include "el2_vgic_fake.h"

#define NR_VCPUS 2
#define NR_LRS   4

static struct vgic_dist dist;
static struct vgic_cpu cpus[NR_VCPUS];
static int setup(void **state)
{
	(void)state;
	fake_reset(NR_LRS);
	assert_int_equal(vgic_dist_init(&dist, NR_VCPUS, 32), 0);
	for (unsigned i = 0; i < NR_VCPUS; i++)
		assert_int_equal(vgic_cpu_init(&dist, &cpus[i], i, i), 0);
	vgic_dist_write(&dist, GICD_CTLR, 4, GICD_CTLR_ENABLE_G1);
	vgic_dist_set_kick(&dist, record_kick, NULL);
	return 0;
}

static uint64_t gicr(unsigned vcpu, uint64_t off)
{
	return vcpu * VGIC_REDIST_STRIDE + off;
}

/* Enable private INTID on vcpu with a priority. */
static void enable_private(unsigned vcpu, unsigned intid, uint8_t prio)
{
	vgic_redist_write(&dist, gicr(vcpu, GICR_IPRIORITYR0 + intid), 1, prio);
	vgic_redist_write(&dist, gicr(vcpu, GICR_ISENABLER0), 4, 1u << intid);
}

static void enable_spi(unsigned intid, uint8_t prio, unsigned target)
{
	vgic_dist_write(&dist, GICD_IPRIORITYR + intid, 1, prio);
	vgic_dist_write(&dist, GICD_IROUTER + 8ull * intid, 8, target);
	vgic_dist_write(&dist, GICD_ISENABLER + (intid / 32) * 4, 4, 1u << (intid % 32));
}

static unsigned lr_intid(unsigned n)
{
	return (unsigned)(fake_lr(n) & ICH_LR_VINTID_MASK);
}

static uint64_t lr_state(unsigned n)
{
	return fake_lr(n) & ICH_LR_STATE_MASK;
}

/* One guest exit/entry: what the el2 core does around every exit. */
static void exit_and_reenter(unsigned vcpu)
{
	vgic_sync(&cpus[vcpu]);
	vgic_flush(&cpus[vcpu]);
}

static void flush_with_nothing_pending(void **state)
{
	(void)state;
	vgic_flush(&cpus[0]);
	assert_int_equal(fake_sr[GIC_SR_ICH_HCR_EL2], ICH_HCR_EL2_EN);
	for (unsigned i = 0; i < NR_LRS; i++)
		assert_int_equal(fake_sr_writes[GIC_SR_ICH_LR(i)], 0);
}

static void flush_sorts_by_priority(void **state)
{
	(void)state;
	enable_private(0, 1, 0x80);
	enable_private(0, 2, 0x20);
	enable_spi(40, 0x40, 0);
	vgic_inject(&dist, 0, 1);
	vgic_inject(&dist, 0, 2);
	vgic_inject(&dist, 0, 40);
	vgic_flush(&cpus[0]);
	assert_int_equal(lr_intid(0), 2);
	assert_int_equal(lr_intid(1), 40);
	assert_int_equal(lr_intid(2), 1);
	assert_int_equal(fake_lr(3), 0);
	assert_int_equal((fake_lr(0) >> ICH_LR_PRIORITY_SHIFT) & 0xFF, 0x20);
	assert_int_equal(lr_state(0), ICH_LR_STATE_PENDING);
	assert_true(fake_lr(0) & ICH_LR_GROUP);
	assert_int_equal(fake_sr[GIC_SR_ICH_HCR_EL2], ICH_HCR_EL2_EN);
	/* The other vCPU sees none of them. */
	vgic_flush(&cpus[1]);
	assert_int_equal(cpus[1].lr_used, 0);
}

static void overflow_requests_npie_and_refills(void **state)
{
	(void)state;
	for (unsigned i = 0; i < 6; i++) {
		enable_private(0, i, (uint8_t)(0xA0 - 8 * i));
		vgic_inject(&dist, 0, i);
	}
	vgic_flush(&cpus[0]);
	/* The four best priorities: INTIDs 5, 4, 3, 2. */
	for (unsigned n = 0; n < NR_LRS; n++)
		assert_int_equal(lr_intid(n), 5 - n);
	assert_int_equal(fake_sr[GIC_SR_ICH_HCR_EL2], ICH_HCR_EL2_EN | ICH_HCR_EL2_NPIE);
	/* The guest takes and completes all four: LRs go invalid. */
	for (unsigned n = 0; n < NR_LRS; n++)
		fake_lr_set_state(n, 0);
	exit_and_reenter(0);
	assert_int_equal(lr_intid(0), 1);
	assert_int_equal(lr_intid(1), 0);
	assert_int_equal(lr_state(0), ICH_LR_STATE_PENDING);
	assert_int_equal(fake_lr(2), 0);
	assert_int_equal(fake_lr(3), 0);
	assert_int_equal(fake_sr[GIC_SR_ICH_HCR_EL2], ICH_HCR_EL2_EN);
}

/* LRs full of active interrupts with one more pending: NPIE would fire at
 * once and loop, so flush asks for underflow (UIE) instead. */
static void actives_fill_lrs_then_underflow(void **state)
{
	(void)state;
	for (unsigned i = 0; i < NR_LRS; i++) {
		enable_private(0, i, 0x80);
		vgic_redist_write(&dist, gicr(0, GICR_ISACTIVER0), 4, 1u << i);
	}
	enable_private(0, 9, 0x10);
	vgic_inject(&dist, 0, 9);
	vgic_flush(&cpus[0]);
	for (unsigned n = 0; n < NR_LRS; n++)
		assert_int_equal(lr_state(n), ICH_LR_STATE_ACTIVE);
	assert_int_equal(fake_sr[GIC_SR_ICH_HCR_EL2], ICH_HCR_EL2_EN | ICH_HCR_EL2_UIE);
	/* The guest finishes three of them: the pending one gets its LR. */
	for (unsigned n = 0; n < 3; n++)
		fake_lr_set_state(n, 0);
	exit_and_reenter(0);
	assert_int_equal(lr_intid(0), 3);
	assert_int_equal(lr_intid(1), 9);
	assert_int_equal(lr_state(1), ICH_LR_STATE_PENDING);
	assert_int_equal(fake_sr[GIC_SR_ICH_HCR_EL2], ICH_HCR_EL2_EN);
}

static void edge_lifecycle(void **state)
{
	struct vgic_irq *irq = &cpus[0].priv[3];

	(void)state;
	enable_private(0, 3, 0x10);
	vgic_inject(&dist, 0, 3);
	vgic_flush(&cpus[0]);
	assert_int_equal(lr_state(0), ICH_LR_STATE_PENDING);
	assert_false(fake_lr(0) & ICH_LR_EOI);           /* edge: no EOI exit */
	assert_int_equal(irq->flags & VGIC_IRQ_PENDING_LATCH, 0);
	/* Not taken before the exit: still pending afterwards. */
	vgic_sync(&cpus[0]);
	assert_true(vgic_vcpu_has_pending(&cpus[0]));
	vgic_flush(&cpus[0]);
	/* Guest acknowledges (IAR): active. */
	fake_lr_set_state(0, ICH_LR_STATE_ACTIVE);
	vgic_sync(&cpus[0]);
	assert_true(irq->flags & VGIC_IRQ_ACTIVE);
	assert_false(vgic_vcpu_has_pending(&cpus[0]));
	assert_int_equal(fake_sr[GIC_SR_ICH_HCR_EL2], 0);  /* no maintenance at EL2 */
	vgic_flush(&cpus[0]);
	assert_int_equal(lr_state(0), ICH_LR_STATE_ACTIVE);
	/* A second edge while active: active and pending. */
	vgic_inject(&dist, 0, 3);
	exit_and_reenter(0);
	assert_int_equal(lr_state(0), ICH_LR_STATE_ACTIVE | ICH_LR_STATE_PENDING);
	/* Guest EOIs the first and takes the second, then EOIs it. */
	fake_lr_set_state(0, 0);
	exit_and_reenter(0);
	assert_int_equal(cpus[0].lr_used, 0);
	assert_int_equal(fake_lr(0), 0);
	assert_int_equal(irq->flags & (VGIC_IRQ_ACTIVE | VGIC_IRQ_PENDING_LATCH), 0);
}

static void disabled_not_loaded_but_active_is(void **state)
{
	(void)state;
	vgic_inject(&dist, 0, 4);                         /* never enabled */
	vgic_flush(&cpus[0]);
	assert_int_equal(cpus[0].lr_used, 0);
	/* Active (e.g. restored by the guest) must be loaded to be EOIed. */
	vgic_redist_write(&dist, gicr(0, GICR_ISACTIVER0), 4, 1u << 6);
	vgic_flush(&cpus[0]);
	assert_int_equal(cpus[0].lr_used, 1);
	assert_int_equal(lr_intid(0), 6);
	assert_int_equal(lr_state(0), ICH_LR_STATE_ACTIVE);
	/* Active ones come first, whatever the priority. */
	enable_private(0, 7, 0x00);
	vgic_redist_write(&dist, gicr(0, GICR_IPRIORITYR0 + 6), 1, 0xF0);
	vgic_inject(&dist, 0, 7);
	exit_and_reenter(0);
	assert_int_equal(lr_intid(0), 6);
	assert_int_equal(lr_intid(1), 7);
}

static void level_spi_resampled_at_eoi(void **state)
{
	(void)state;
	enable_spi(33, 0x50, 1);
	vgic_set_spi_level(&dist, 1, true);
	vgic_flush(&cpus[0]);
	assert_int_equal(cpus[0].lr_used, 0);             /* routed to vCPU 1 */
	vgic_flush(&cpus[1]);
	assert_int_equal(lr_intid(0), 33);
	assert_int_equal(lr_state(0), ICH_LR_STATE_PENDING);
	assert_true(fake_lr(0) & ICH_LR_EOI);             /* level: exit at EOI */
	/* Guest takes it; the device keeps the line up: after EOI it is
	 * pending again. */
	fake_lr_set_state(0, ICH_LR_STATE_ACTIVE);
	exit_and_reenter(1);
	assert_int_equal(lr_state(0), ICH_LR_STATE_ACTIVE | ICH_LR_STATE_PENDING);
	fake_lr_set_state(0, 0);
	exit_and_reenter(1);
	assert_int_equal(lr_state(0), ICH_LR_STATE_PENDING);
	/* The handler lowers the line (an MMIO exit) before EOI. */
	fake_lr_set_state(0, ICH_LR_STATE_ACTIVE);
	vgic_sync(&cpus[1]);
	vgic_set_spi_level(&dist, 1, false);
	vgic_flush(&cpus[1]);
	assert_int_equal(lr_state(0), ICH_LR_STATE_ACTIVE);
	fake_lr_set_state(0, 0);
	exit_and_reenter(1);
	assert_int_equal(cpus[1].lr_used, 0);
}

static void spi_in_other_vcpus_lr_is_skipped(void **state)
{
	(void)state;
	enable_spi(35, 0x50, 0);
	vgic_inject(&dist, 0, 35);
	vgic_flush(&cpus[0]);                             /* live in vCPU 0 */
	assert_int_equal(lr_intid(0), 35);
	/* The guest moves it to vCPU 1 while vCPU 0 holds it. */
	vgic_dist_write(&dist, GICD_IROUTER + 8 * 35, 8, 1);
	vgic_inject(&dist, 0, 35);
	vgic_flush(&cpus[1]);
	assert_int_equal(cpus[1].lr_used, 0);
	/* vCPU 0 exits with it still pending: now vCPU 1 gets it. */
	vgic_sync(&cpus[0]);
	vgic_flush(&cpus[0]);
	assert_int_equal(cpus[0].lr_used, 0);
	vgic_flush(&cpus[1]);
	assert_int_equal(lr_intid(0), 35);
}

/* vCPU 1 clears an SPI that sits pending in running vCPU 0's LR: vCPU 0
 * is kicked and the clear wins when its LR is folded back. */
static void remote_clear_beats_lr_state(void **state)
{
	(void)state;
	memset(kicks, 0, sizeof(kicks));
	enable_spi(38, 0x50, 0);
	vgic_inject(&dist, 0, 38);
	vgic_flush(&cpus[0]);
	assert_int_equal(lr_intid(0), 38);
	kicks[0] = 0;
	vgic_dist_write(&dist, GICD_ICPENDR + 4, 4, 1u << 6);
	assert_int_equal(kicks[0], 1);
	exit_and_reenter(0);                              /* LR still says pending */
	assert_int_equal(cpus[0].lr_used, 0);
	assert_false(vgic_vcpu_has_pending(&cpus[0]));
	/* Active in the LR, cleared remotely: not reloaded as active. */
	vgic_inject(&dist, 0, 38);
	vgic_flush(&cpus[0]);
	fake_lr_set_state(0, ICH_LR_STATE_ACTIVE);
	vgic_dist_write(&dist, GICD_ICACTIVER + 4, 4, 1u << 6);
	exit_and_reenter(0);
	assert_int_equal(cpus[0].lr_used, 0);
	assert_int_equal(vgic_dist_read(&dist, GICD_ISACTIVER + 4, 4), 0);
}

static void timer_ppi_uses_hw_link(void **state)
{
	struct vgic_irq *irq = &cpus[0].priv[GIC_INTID_VTIMER];

	(void)state;
	enable_private(0, GIC_INTID_VTIMER, 0xA0);
	vgic_restore(&cpus[0]);
	vgic_inject_hw_ppi(&cpus[0], GIC_INTID_VTIMER);
	vgic_flush(&cpus[0]);
	assert_int_equal(lr_intid(0), GIC_INTID_VTIMER);
	assert_true(fake_lr(0) & ICH_LR_HW);
	assert_int_equal((fake_lr(0) >> ICH_LR_PINTID_SHIFT) & ICH_LR_PINTID_MASK, GIC_INTID_VTIMER);
	assert_false(fake_lr(0) & ICH_LR_EOI);            /* HW: no EOI exit */
	assert_int_equal(lr_state(0), ICH_LR_STATE_PENDING);
	/* An exit before the guest takes it: GICR_ISPENDR0 shows it. */
	vgic_sync(&cpus[0]);
	assert_int_equal(vgic_redist_read(&dist, gicr(0, GICR_ISPENDR0), 4),
			 1u << GIC_INTID_VTIMER);
	vgic_flush(&cpus[0]);
	assert_int_equal(lr_state(0), ICH_LR_STATE_PENDING);
	/* Guest acknowledges: the line is considered consumed. */
	fake_lr_set_state(0, ICH_LR_STATE_ACTIVE);
	exit_and_reenter(0);
	assert_int_equal(lr_state(0), ICH_LR_STATE_ACTIVE);  /* never A|P with HW */
	assert_int_equal(irq->flags & VGIC_IRQ_LINE_LEVEL, 0);
	/* Descheduled while active: the physical PPI must not stay active. */
	vgic_sync(&cpus[0]);
	vgic_save(&cpus[0]);
	assert_int_equal(fake_ppi_active[GIC_INTID_VTIMER], -1);
	for (unsigned n = 0; n < NR_LRS; n++)
		assert_int_equal(fake_lr(n), 0);
	vgic_restore(&cpus[0]);
	assert_int_equal(fake_ppi_active[GIC_INTID_VTIMER], 1);
	vgic_flush(&cpus[0]);
	assert_int_equal(lr_state(0), ICH_LR_STATE_ACTIVE);
	/* Guest deactivates: done, nothing reloaded. */
	fake_lr_set_state(0, 0);
	exit_and_reenter(0);
	assert_int_equal(cpus[0].lr_used, 0);
	assert_false(irq->flags & VGIC_IRQ_ACTIVE);
	/* Timer no longer live: switching out leaves the physical PPI alone. */
	fake_ppi_active[GIC_INTID_VTIMER] = 0;
	vgic_sync(&cpus[0]);
	vgic_save(&cpus[0]);
	assert_int_equal(fake_ppi_active[GIC_INTID_VTIMER], 0);
}

/* Passthrough: a HW-linked SPI's LR carries HW=1 and the physical INTID, so
 * the guest's deactivation reaches the physical SPI with no exit at EOI;
 * EL2 neither unmasks nor deactivates anything itself. */
static void linked_spi_deactivated_by_the_guest(void **state)
{
	unsigned deactivated = fake_nr_deactivated;

	(void)state;
	enable_spi(41, 0x30, 0);
	vgic_inject_hw_spi_linked(&dist, 41, 73);
	vgic_flush(&cpus[0]);
	assert_int_equal(lr_intid(0), 41);
	assert_true(fake_lr(0) & ICH_LR_HW);
	assert_false(fake_lr(0) & ICH_LR_EOI);
	assert_int_equal((fake_lr(0) >> ICH_LR_PINTID_SHIFT) & ICH_LR_PINTID_MASK, 73);
	assert_int_equal(lr_state(0), ICH_LR_STATE_PENDING);
	fake_lr_set_state(0, ICH_LR_STATE_ACTIVE);
	exit_and_reenter(0);
	assert_int_equal(lr_state(0), ICH_LR_STATE_ACTIVE);
	fake_lr_set_state(0, 0);
	exit_and_reenter(0);
	assert_int_equal(cpus[0].lr_used, 0);
	assert_int_equal(fake_nr_unmasked, 0);
	assert_int_equal(fake_nr_deactivated, deactivated);
	/* One the partition lacks is deactivated at once, not left active. */
	vgic_inject_hw_spi_linked(&dist, 500, 74);
	assert_int_equal(fake_nr_deactivated, deactivated + 1);
	assert_int_equal(fake_deactivated_spi[deactivated], 74);
}

static void forwarded_spi_unmasked_after_deactivation(void **state)
{
	(void)state;
	enable_spi(40, 0x30, 0);
	vgic_inject_hw_spi(&dist, 40, 77);
	vgic_flush(&cpus[0]);
	assert_int_equal(lr_intid(0), 40);
	assert_true(fake_lr(0) & ICH_LR_EOI);
	assert_false(fake_lr(0) & ICH_LR_HW);
	fake_lr_set_state(0, ICH_LR_STATE_ACTIVE);
	exit_and_reenter(0);
	/* Acknowledged: not pending again, physical still masked. */
	assert_int_equal(lr_state(0), ICH_LR_STATE_ACTIVE);
	assert_int_equal(fake_nr_unmasked, 0);
	fake_lr_set_state(0, 0);
	exit_and_reenter(0);
	assert_int_equal(fake_nr_unmasked, 1);
	assert_int_equal(fake_unmasked_spi[0], 77);
	assert_int_equal(cpus[0].lr_used, 0);
	/* A forward to an INTID the partition lacks unmasks at once. */
	vgic_inject_hw_spi(&dist, 500, 78);
	assert_int_equal(fake_nr_unmasked, 2);
	assert_int_equal(fake_unmasked_spi[1], 78);
}

static void group0_interrupt_lr_group_bit(void **state)
{
	(void)state;
	vgic_dist_write(&dist, GICD_CTLR, 4, GICD_CTLR_ENABLE_G0 | GICD_CTLR_ENABLE_G1);
	vgic_redist_write(&dist, gicr(0, GICR_IGROUPR0), 4, ~(1u << 8));
	enable_private(0, 8, 0x10);
	vgic_inject(&dist, 0, 8);
	vgic_flush(&cpus[0]);
	assert_int_equal(lr_intid(0), 8);
	assert_false(fake_lr(0) & ICH_LR_GROUP);
}

static void save_restore_cpu_interface(void **state)
{
	(void)state;
	vgic_restore(&cpus[1]);
	fake_sr[GIC_SR_ICH_VMCR_EL2] = 0xF0000001;      /* what the guest set */
	fake_sr[GIC_SR_ICH_AP1R(0)] = 0x4;
	fake_sr[GIC_SR_ICH_AP0R(0)] = 0x2;
	enable_private(1, 9, 0x10);
	vgic_inject(&dist, 1, 9);
	vgic_flush(&cpus[1]);
	vgic_sync(&cpus[1]);
	vgic_save(&cpus[1]);
	assert_true(cpus[1].loaded == false);
	assert_int_equal(fake_lr(0), 0);
	assert_int_equal(fake_sr[GIC_SR_ICH_HCR_EL2], 0);
	/* Another vCPU runs here meanwhile. */
	vgic_restore(&cpus[0]);
	assert_int_equal(fake_sr[GIC_SR_ICH_VMCR_EL2], 0);
	vgic_flush(&cpus[0]);
	assert_int_equal(fake_lr(0), 0);
	vgic_sync(&cpus[0]);
	vgic_save(&cpus[0]);
	vgic_restore(&cpus[1]);
	assert_int_equal(fake_sr[GIC_SR_ICH_VMCR_EL2], 0xF0000001);
	assert_int_equal(fake_sr[GIC_SR_ICH_AP1R(0)], 0x4);
	assert_int_equal(fake_sr[GIC_SR_ICH_AP0R(0)], 0x2);
	vgic_flush(&cpus[1]);
	assert_int_equal(lr_intid(0), 9);                 /* still pending */
}

/* The guest clears a forwarded timer interrupt through the redistributor:
 * the physical PPI is released on the vCPU's next flush. */
static void guest_clearing_hw_ppi_releases_physical(void **state)
{
	(void)state;
	enable_private(0, GIC_INTID_VTIMER, 0xA0);
	vgic_inject_hw_ppi(&cpus[0], GIC_INTID_VTIMER);
	vgic_flush(&cpus[0]);
	vgic_sync(&cpus[0]);
	vgic_redist_write(&dist, gicr(0, GICR_ICPENDR0), 4, 1u << GIC_INTID_VTIMER);
	assert_int_equal(fake_ppi_active[GIC_INTID_VTIMER], 0);   /* not from here */
	assert_int_equal(vgic_redist_read(&dist, gicr(0, GICR_ISPENDR0), 4), 0);
	vgic_flush(&cpus[0]);
	assert_int_equal(fake_ppi_active[GIC_INTID_VTIMER], -1);
	assert_int_equal(cpus[0].lr_used, 0);
	/* Taken and active, then cleared active by the guest: same. */
	fake_ppi_active[GIC_INTID_VTIMER] = 0;
	vgic_inject_hw_ppi(&cpus[0], GIC_INTID_VTIMER);
	vgic_flush(&cpus[0]);
	fake_lr_set_state(0, ICH_LR_STATE_ACTIVE);
	vgic_sync(&cpus[0]);
	vgic_redist_write(&dist, gicr(0, GICR_ICACTIVER0), 4, 1u << GIC_INTID_VTIMER);
	vgic_flush(&cpus[0]);
	assert_int_equal(fake_ppi_active[GIC_INTID_VTIMER], -1);
	assert_int_equal(cpus[0].lr_used, 0);
}

/* The timer's output dropped while its interrupt was pending (disabled or
 * masked before the guest took it): no longer pending, physical PPI
 * released; an active one is left alone. */
static void hw_ppi_line_low_drops_pending_only(void **state)
{
	(void)state;
	enable_private(0, GIC_INTID_VTIMER, 0xA0);
	vgic_restore(&cpus[0]);
	vgic_inject_hw_ppi(&cpus[0], GIC_INTID_VTIMER);
	vgic_flush(&cpus[0]);
	vgic_sync(&cpus[0]);
	vgic_hw_ppi_line_low(&cpus[0], GIC_INTID_VTIMER);
	assert_int_equal(vgic_redist_read(&dist, gicr(0, GICR_ISPENDR0), 4), 0);
	assert_false(vgic_vcpu_has_pending(&cpus[0]));
	vgic_flush(&cpus[0]);
	assert_int_equal(fake_ppi_active[GIC_INTID_VTIMER], -1);
	assert_int_equal(cpus[0].lr_used, 0);
	/* Taken (active): the line going low changes nothing. */
	fake_ppi_active[GIC_INTID_VTIMER] = 0;
	vgic_inject_hw_ppi(&cpus[0], GIC_INTID_VTIMER);
	vgic_flush(&cpus[0]);
	fake_lr_set_state(0, ICH_LR_STATE_ACTIVE);
	vgic_sync(&cpus[0]);
	vgic_hw_ppi_line_low(&cpus[0], GIC_INTID_VTIMER);
	assert_int_equal(vgic_redist_read(&dist, gicr(0, GICR_ISACTIVER0), 4),
			 1u << GIC_INTID_VTIMER);
	vgic_flush(&cpus[0]);
	assert_int_equal(lr_state(0), ICH_LR_STATE_ACTIVE);
}

/* A level PPI driven by its source (the emulated physical timer, PPI 30):
 * pending while high, not pending once low. */
static void ppi_level_follows_the_line(void **state)
{
	(void)state;
	enable_private(0, 30, 0x80);
	vgic_set_ppi_level(&cpus[0], 30, true);
	assert_true(vgic_vcpu_has_pending(&cpus[0]));
	vgic_flush(&cpus[0]);
	assert_int_equal(lr_intid(0), 30);
	assert_int_equal(lr_state(0), ICH_LR_STATE_PENDING);
	assert_true(fake_lr(0) & ICH_LR_EOI);             /* level: resampled at EOI */
	vgic_sync(&cpus[0]);
	vgic_set_ppi_level(&cpus[0], 30, false);
	assert_false(vgic_vcpu_has_pending(&cpus[0]));
	assert_int_equal(vgic_redist_read(&dist, gicr(0, GICR_ISPENDR0), 4), 0);
}

/* Every way to make an interrupt pending reaches the LRs, and completed
 * interrupts drop out of the live maps flush scans. */
static void every_pending_path_reaches_lrs(void **state)
{
	(void)state;
	enable_private(0, 1, 0x10);
	enable_private(0, 2, 0x20);
	enable_spi(36, 0x30, 0);
	enable_spi(37, 0x40, 0);
	vgic_redist_write(&dist, gicr(0, GICR_ISPENDR0), 4, 1u << 1);
	vgic_sgi1r_write(&dist, 1, 2ull << ICC_SGI1R_INTID_SHIFT | 1u);   /* to Aff0 0 */
	vgic_dist_write(&dist, GICD_ISPENDR + 4, 4, 1u << 4);
	vgic_set_spi_level(&dist, 5, true);
	assert_true(cpus[0].priv_live == (1u << 1 | 1u << 2));
	assert_true(dist.spi_live[0] == (1u << 4 | 1u << 5));
	vgic_flush(&cpus[0]);
	assert_int_equal(cpus[0].lr_used, 4);
	assert_int_equal(lr_intid(0), 1);
	assert_int_equal(lr_intid(1), 2);
	assert_int_equal(lr_intid(2), 36);
	assert_int_equal(lr_intid(3), 37);
	/* All taken and completed; the device drops its line. */
	for (unsigned n = 0; n < NR_LRS; n++)
		fake_lr_set_state(n, 0);
	vgic_set_spi_level(&dist, 5, false);
	exit_and_reenter(0);
	assert_int_equal(cpus[0].lr_used, 0);
	assert_int_equal(cpus[0].priv_live, 0);
	assert_int_equal(dist.spi_live[0], 0);
	assert_false(vgic_vcpu_has_pending(&cpus[0]));
}

/* An idle vCPU's entry and exit touch no system register: flush finds
 * nothing live and no LR in use, sync finds no LR to fold. */
static void idle_round_trip_is_fast_path(void **state)
{
	unsigned hcr_writes, lr_writes;

	(void)state;
	vgic_flush(&cpus[0]);
	assert_int_equal(fake_sr[GIC_SR_ICH_HCR_EL2], ICH_HCR_EL2_EN);
	hcr_writes = fake_sr_writes[GIC_SR_ICH_HCR_EL2];
	lr_writes = fake_sr_writes[GIC_SR_ICH_LR(0)];
	for (unsigned i = 0; i < 3; i++)
		exit_and_reenter(0);
	assert_int_equal(fake_sr_writes[GIC_SR_ICH_HCR_EL2], hcr_writes);
	assert_int_equal(fake_sr_writes[GIC_SR_ICH_LR(0)], lr_writes);
	assert_int_equal(fake_sr[GIC_SR_ICH_HCR_EL2], ICH_HCR_EL2_EN);
	/* After activity, the idle path resumes once the LRs are cleaned. */
	enable_private(0, 3, 0x10);
	vgic_inject(&dist, 0, 3);
	vgic_sync(&cpus[0]);
	vgic_flush(&cpus[0]);
	assert_int_equal(lr_intid(0), 3);
	fake_lr_set_state(0, 0);
	exit_and_reenter(0);
	assert_int_equal(fake_lr(0), 0);
	assert_int_equal(cpus[0].lr_used, 0);
	hcr_writes = fake_sr_writes[GIC_SR_ICH_HCR_EL2];
	exit_and_reenter(0);
	assert_int_equal(fake_sr_writes[GIC_SR_ICH_HCR_EL2], hcr_writes);
}

/* Whatever another pCPU makes pending for an idle vCPU (SGI, SPI edge or
 * level, GICR/GICD pending or active writes) takes it off the fast path. */
static void idle_vcpu_sees_every_injection(void **state)
{
	(void)state;
	enable_private(1, 5, 0x10);
	enable_spi(33, 0x10, 1);
	enable_spi(34, 0x10, 1);
	vgic_flush(&cpus[1]);
	exit_and_reenter(1);
	vgic_sgi1r_write(&dist, 0, 5ull << ICC_SGI1R_INTID_SHIFT | 1u << 1);
	exit_and_reenter(1);
	assert_int_equal(cpus[1].lr_used, 1);
	assert_int_equal(lr_intid(0), 5);
	fake_lr_set_state(0, 0);
	exit_and_reenter(1);
	assert_int_equal(cpus[1].lr_used, 0);
	vgic_set_spi_level(&dist, 1, true);                        /* INTID 33 */
	exit_and_reenter(1);
	assert_int_equal(lr_intid(0), 33);
	fake_lr_set_state(0, 0);
	vgic_set_spi_level(&dist, 1, false);
	exit_and_reenter(1);
	assert_int_equal(cpus[1].lr_used, 0);
	vgic_dist_write(&dist, GICD_ISACTIVER + 4, 4, 1u << 2);    /* INTID 34 */
	exit_and_reenter(1);
	assert_int_equal(cpus[1].lr_used, 1);
	assert_int_equal(lr_intid(0), 34);
	assert_int_equal(lr_state(0), ICH_LR_STATE_ACTIVE);
	/* vCPU 0 saw none of it and stays idle. */
	vgic_flush(&cpus[0]);
	assert_int_equal(cpus[0].lr_used, 0);
}

/* A pending SPI moved to an idle vCPU by IROUTER reaches that vCPU. */
static void retargeted_spi_reaches_idle_vcpu(void **state)
{
	(void)state;
	enable_spi(35, 0x10, 1);
	vgic_flush(&cpus[0]);
	vgic_inject(&dist, 0, 35);
	vgic_dist_write(&dist, GICD_IROUTER + 8 * 35, 8, 0);
	exit_and_reenter(0);
	assert_int_equal(cpus[0].lr_used, 1);
	assert_int_equal(lr_intid(0), 35);
	assert_int_equal(lr_state(0), ICH_LR_STATE_PENDING);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(flush_with_nothing_pending, setup),
		cmocka_unit_test_setup(idle_round_trip_is_fast_path, setup),
		cmocka_unit_test_setup(idle_vcpu_sees_every_injection, setup),
		cmocka_unit_test_setup(retargeted_spi_reaches_idle_vcpu, setup),
		cmocka_unit_test_setup(flush_sorts_by_priority, setup),
		cmocka_unit_test_setup(overflow_requests_npie_and_refills, setup),
		cmocka_unit_test_setup(actives_fill_lrs_then_underflow, setup),
		cmocka_unit_test_setup(edge_lifecycle, setup),
		cmocka_unit_test_setup(disabled_not_loaded_but_active_is, setup),
		cmocka_unit_test_setup(level_spi_resampled_at_eoi, setup),
		cmocka_unit_test_setup(spi_in_other_vcpus_lr_is_skipped, setup),
		cmocka_unit_test_setup(remote_clear_beats_lr_state, setup),
		cmocka_unit_test_setup(timer_ppi_uses_hw_link, setup),
		cmocka_unit_test_setup(forwarded_spi_unmasked_after_deactivation, setup),
		cmocka_unit_test_setup(linked_spi_deactivated_by_the_guest, setup),
		cmocka_unit_test_setup(group0_interrupt_lr_group_bit, setup),
		cmocka_unit_test_setup(save_restore_cpu_interface, setup),
		cmocka_unit_test_setup(every_pending_path_reaches_lrs, setup),
		cmocka_unit_test_setup(guest_clearing_hw_ppi_releases_physical, setup),
		cmocka_unit_test_setup(hw_ppi_line_low_drops_pending_only, setup),
		cmocka_unit_test_setup(ppi_level_follows_the_line, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
