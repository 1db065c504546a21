/* SPDX-License-Identifier: MIT */
/* The emulated EL1 physical timer's register semantics (Arm ARM D11). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "arch/timer.h"
#include "el2/ptimer.h"

static void reset_is_disabled_and_silent(void **state)
{
	struct ptimer t;

	(void)state;
	ptimer_reset(&t);
	assert_int_equal(ptimer_read_ctl(&t, 1000), 0);
	assert_false(ptimer_output(&t, 1000));
	assert_true(ptimer_deadline(&t) == UINT64_MAX);
}

static void istatus_follows_the_count_only_when_enabled(void **state)
{
	struct ptimer t;

	(void)state;
	ptimer_reset(&t);
	t.cval = 500;
	assert_int_equal(ptimer_read_ctl(&t, 600), 0);
	ptimer_write_ctl(&t, CNT_CTL_ENABLE | CNT_CTL_ISTATUS);   /* ISTATUS is RO */
	assert_int_equal(t.ctl, CNT_CTL_ENABLE);
	assert_int_equal(ptimer_read_ctl(&t, 499), CNT_CTL_ENABLE);
	assert_int_equal(ptimer_read_ctl(&t, 500), CNT_CTL_ENABLE | CNT_CTL_ISTATUS);
	assert_true(ptimer_output(&t, 500));
	assert_false(ptimer_output(&t, 499));
}

static void mask_drops_the_output_not_istatus(void **state)
{
	struct ptimer t;

	(void)state;
	ptimer_reset(&t);
	t.cval = 10;
	ptimer_write_ctl(&t, CNT_CTL_ENABLE | CNT_CTL_IMASK);
	assert_int_equal(ptimer_read_ctl(&t, 20), CNT_CTL_ENABLE | CNT_CTL_IMASK | CNT_CTL_ISTATUS);
	assert_false(ptimer_output(&t, 20));
	assert_true(ptimer_deadline(&t) == UINT64_MAX);
	ptimer_write_ctl(&t, CNT_CTL_ENABLE);
	assert_true(ptimer_deadline(&t) == 10);
}

static void tval_is_signed_32_bits(void **state)
{
	struct ptimer t;

	(void)state;
	ptimer_reset(&t);
	ptimer_write_tval(&t, 1000, 100);
	assert_true(t.cval == 1100);
	assert_true(ptimer_read_tval(&t, 1000) == 100);
	ptimer_write_tval(&t, 1000, 0xffffff9cu);                /* -100 */
	assert_true(t.cval == 900);
	assert_true(ptimer_read_tval(&t, 1000) == 0xffffff9cu);
	/* Upper bits of the written register are ignored. */
	ptimer_write_tval(&t, 1000, 0x1234567800000010ull);
	assert_true(t.cval == 1016);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(reset_is_disabled_and_silent),
		cmocka_unit_test(istatus_follows_the_count_only_when_enabled),
		cmocka_unit_test(mask_drops_the_output_not_istatus),
		cmocka_unit_test(tval_is_signed_32_bits),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
