/* SPDX-License-Identifier: MIT */
/*
 * Virtual timer world switch and wake-up arithmetic on fake system
 * registers.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "arch/timer.h"
#include "el2/vtimer.h"
#include "el2_vgic_fake.h"

static int setup(void **state)
{
	(void)state;
	fake_reset(4);
	return 0;
}

static void condition_needs_enable_and_no_mask(void **state)
{
	(void)state;
	assert_false(vtimer_condition_met(0, 100, 0, 1000));
	assert_false(vtimer_condition_met(CNT_CTL_ENABLE | CNT_CTL_IMASK, 100, 0, 1000));
	assert_true(vtimer_condition_met(CNT_CTL_ENABLE, 100, 0, 1000));
	assert_true(vtimer_condition_met(CNT_CTL_ENABLE, 100, 0, 100));
	assert_false(vtimer_condition_met(CNT_CTL_ENABLE, 100, 0, 99));
}

static void condition_uses_the_virtual_count(void **state)
{
	(void)state;
	/* Virtual count = physical - CNTVOFF. */
	assert_false(vtimer_condition_met(CNT_CTL_ENABLE, 500, 1000, 1400));
	assert_true(vtimer_condition_met(CNT_CTL_ENABLE, 500, 1000, 1500));
}

static void deadline_in_physical_time(void **state)
{
	(void)state;
	assert_int_equal(vtimer_deadline_of(CNT_CTL_ENABLE, 500, 1000), 1500);
	assert_int_equal(vtimer_deadline_of(0, 500, 1000), UINT64_MAX);
	assert_int_equal(vtimer_deadline_of(CNT_CTL_ENABLE | CNT_CTL_IMASK, 500, 1000), UINT64_MAX);
	assert_int_equal(vtimer_deadline_of(CNT_CTL_ENABLE, UINT64_MAX - 10, 1000), UINT64_MAX);
}

static void save_disables_hardware_timer(void **state)
{
	struct vtimer t;

	(void)state;
	vtimer_init(&t, 1000);
	fake_sr[GIC_SR_CNTV_CTL_EL0] = CNT_CTL_ENABLE | CNT_CTL_ISTATUS;
	fake_sr[GIC_SR_CNTV_CVAL_EL0] = 4242;
	vtimer_save(&t);
	assert_int_equal(t.ctl, CNT_CTL_ENABLE);
	assert_int_equal(t.cval, 4242);
	assert_int_equal(fake_sr[GIC_SR_CNTV_CTL_EL0], 0);
	assert_int_equal(vtimer_deadline(&t), 5242);
	fake_sr[GIC_SR_CNTPCT_EL0] = 5241;
	assert_false(vtimer_pending(&t));
	fake_sr[GIC_SR_CNTPCT_EL0] = 5242;
	assert_true(vtimer_pending(&t));
}

static void restore_loads_offset_then_timer(void **state)
{
	struct vtimer t;

	(void)state;
	vtimer_init(&t, 77);
	t.ctl = CNT_CTL_ENABLE | CNT_CTL_IMASK | CNT_CTL_ISTATUS;
	t.cval = 99;
	vtimer_restore(&t);
	assert_int_equal(fake_sr[GIC_SR_CNTVOFF_EL2], 77);
	assert_int_equal(fake_sr[GIC_SR_CNTV_CVAL_EL0], 99);
	/* ISTATUS is read-only: never written back. */
	assert_int_equal(fake_sr[GIC_SR_CNTV_CTL_EL0], CNT_CTL_ENABLE | CNT_CTL_IMASK);
}

static void wakeup_arms_and_disarms_cnthp(void **state)
{
	(void)state;
	vtimer_set_wakeup(123456);
	assert_int_equal(fake_sr[GIC_SR_CNTHP_CVAL_EL2], 123456);
	assert_int_equal(fake_sr[GIC_SR_CNTHP_CTL_EL2], CNT_CTL_ENABLE);
	vtimer_set_wakeup(UINT64_MAX);
	assert_int_equal(fake_sr[GIC_SR_CNTHP_CTL_EL2], 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(condition_needs_enable_and_no_mask, setup),
		cmocka_unit_test_setup(condition_uses_the_virtual_count, setup),
		cmocka_unit_test_setup(deadline_in_physical_time, setup),
		cmocka_unit_test_setup(save_disables_hardware_timer, setup),
		cmocka_unit_test_setup(restore_loads_offset_then_timer, setup),
		cmocka_unit_test_setup(wakeup_arms_and_disarms_cnthp, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
