/* SPDX-License-Identifier: MIT */
/*
 * The EL2 side of the physical GIC that needs no MMIO: routing of
 * acknowledged interrupts (gic_ack_irq() through vgic_forward_irq()) and
 * the ICC_SGI1R_EL1 encoding of a kick, on fake system registers.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#define EL2_VGIC_FAKE_REAL_GIC   /* gic.c provides the physical hooks */
#include "el2/gic.h"
#include "el2/vgic.h"
#include "el2_vgic_fake.h"

static struct vgic_dist dist;
static struct vgic_cpu vcpu;

static int setup(void **state)
{
	(void)state;
	fake_reset(4);
	assert_int_equal(vgic_dist_init(&dist, 1, 32), 0);
	assert_int_equal(vgic_cpu_init(&dist, &vcpu, 0, 0), 0);
	return 0;
}

static unsigned ack(unsigned intid, struct vgic_cpu *running)
{
	fake_sr[GIC_SR_ICC_IAR1_EL1] = intid;
	memset(fake_sr_writes, 0, sizeof(fake_sr_writes));
	return vgic_forward_irq(running);
}

static void sgi1r_targets_one_pe(void **state)
{
	(void)state;
	assert_int_equal(gic_sgi1r_value(0, GIC_SGI_KICK), 1);
	assert_int_equal(gic_sgi1r_value(3, 7), 7ull << ICC_SGI1R_INTID_SHIFT | 1u << 3);
	/* Aff0 17: range selector 1, bit 1. */
	assert_int_equal(gic_sgi1r_value(17, 0), 1ull << ICC_SGI1R_RS_SHIFT | 1u << 1);
	assert_int_equal(gic_sgi1r_value(0x0700050200ull | 0x80000000ull, 1),
			 7ull << ICC_SGI1R_AFF3_SHIFT | 5ull << ICC_SGI1R_AFF2_SHIFT |
			 2ull << ICC_SGI1R_AFF1_SHIFT | 1ull << ICC_SGI1R_INTID_SHIFT | 1);
}

static void spurious_is_not_completed(void **state)
{
	(void)state;
	assert_int_equal(ack(GIC_INTID_SPURIOUS, &vcpu), 0);
	assert_int_equal(fake_sr_writes[GIC_SR_ICC_EOIR1_EL1], 0);
	assert_int_equal(fake_sr_writes[GIC_SR_ICC_DIR_EL1], 0);
}

static void kick_maintenance_and_hyp_timer_are_completed(void **state)
{
	(void)state;
	assert_int_equal(ack(GIC_SGI_KICK, &vcpu), GIC_IRQ_KICK);
	assert_int_equal(fake_sr_writes[GIC_SR_ICC_EOIR1_EL1], 1);
	assert_int_equal(fake_sr_writes[GIC_SR_ICC_DIR_EL1], 1);
	assert_int_equal(ack(GIC_INTID_MAINT, &vcpu), GIC_IRQ_MAINT);
	assert_int_equal(fake_sr_writes[GIC_SR_ICC_DIR_EL1], 1);
	fake_sr[GIC_SR_CNTHP_CTL_EL2] = CNT_CTL_ENABLE;
	assert_int_equal(ack(GIC_INTID_HYPTIMER, NULL), GIC_IRQ_HYPTIMER);
	assert_int_equal(fake_sr[GIC_SR_CNTHP_CTL_EL2], 0);
	assert_int_equal(fake_sr_writes[GIC_SR_ICC_DIR_EL1], 1);
	assert_int_equal(ack(20, &vcpu), GIC_IRQ_OTHER);
	assert_int_equal(fake_sr_writes[GIC_SR_ICC_DIR_EL1], 1);
}

static void vtimer_forwarded_and_left_active(void **state)
{
	(void)state;
	assert_int_equal(ack(GIC_INTID_VTIMER, &vcpu), GIC_IRQ_VTIMER);
	/* Priority dropped, not deactivated: the guest's EOI will. */
	assert_int_equal(fake_sr[GIC_SR_ICC_EOIR1_EL1], GIC_INTID_VTIMER);
	assert_int_equal(fake_sr_writes[GIC_SR_ICC_DIR_EL1], 0);
	assert_true(vcpu.priv[GIC_INTID_VTIMER].flags & VGIC_IRQ_HW);
	assert_true(vcpu.priv[GIC_INTID_VTIMER].flags & VGIC_IRQ_LINE_LEVEL);
	assert_int_equal(vcpu.priv[GIC_INTID_VTIMER].hw_intid, GIC_INTID_VTIMER);
	/* With no vCPU loaded the timer is silenced and completed. */
	fake_sr[GIC_SR_CNTV_CTL_EL0] = CNT_CTL_ENABLE;
	assert_int_equal(ack(GIC_INTID_VTIMER, NULL), GIC_IRQ_OTHER);
	assert_true(fake_sr[GIC_SR_CNTV_CTL_EL0] & CNT_CTL_IMASK);
	assert_int_equal(fake_sr_writes[GIC_SR_ICC_DIR_EL1], 1);
}

static void setup_calls_fail_before_init(void **state)
{
	(void)state;
	assert_int_equal(gic_cpu_init(), -1);
	assert_int_equal(vgic_assign_hw_spi(&dist, 40, 40, 0), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(sgi1r_targets_one_pe, setup),
		cmocka_unit_test_setup(spurious_is_not_completed, setup),
		cmocka_unit_test_setup(kick_maintenance_and_hyp_timer_are_completed, setup),
		cmocka_unit_test_setup(vtimer_forwarded_and_left_active, setup),
		cmocka_unit_test_setup(setup_calls_fail_before_init, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
