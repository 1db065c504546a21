/* SPDX-License-Identifier: MIT */
/* The verdict of the boot-time AArch32 syndrome probe (syndrome_probe.h). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "arch/esr.h"
#include "el2/syndrome_probe.h"

/* A stage-2 translation fault (level 1) on a 32-bit store, ISV set. */
static uint64_t store_abort(unsigned srt)
{
	return (uint64_t)ESR_ELx_EC_DABT_LOW << ESR_ELx_EC_SHIFT | ESR_ELx_IL | ESR_ELx_ISV |
	       2u << ESR_ELx_SAS_SHIFT | (uint64_t)srt << ESR_ELx_SRT_SHIFT | ESR_ELx_WNR |
	       ESR_ELx_FSC_TRANS | 1;
}

static void srt_18_is_the_architecture(void **state)
{
	(void)state;
	assert_int_equal(syndrome_probe_verdict(store_abort(18)), SYNDROME_VIEW_ARCH);
}

static void srt_14_is_qemu_tcg(void **state)
{
	(void)state;
	/* QEMU 7.2's value for `str lr, [r0]` in SVC mode: ESR 0x938e0045. */
	assert_int_equal(syndrome_probe_verdict(0x938e0045), SYNDROME_VIEW_BANKED);
	assert_int_equal(syndrome_probe_verdict(store_abort(14)), SYNDROME_VIEW_BANKED);
}

static void anything_else_is_no_verdict(void **state)
{
	(void)state;
	assert_int_equal(syndrome_probe_verdict(0), SYNDROME_VIEW_UNKNOWN);
	assert_int_equal(syndrome_probe_verdict(store_abort(0)), SYNDROME_VIEW_UNKNOWN);
	assert_int_equal(syndrome_probe_verdict(store_abort(18) & ~(uint64_t)ESR_ELx_ISV),
			 SYNDROME_VIEW_UNKNOWN);
	assert_int_equal(syndrome_probe_verdict(store_abort(18) & ~(uint64_t)ESR_ELx_WNR),
			 SYNDROME_VIEW_UNKNOWN);
	assert_int_equal(syndrome_probe_verdict((uint64_t)ESR_ELx_EC_ILL << ESR_ELx_EC_SHIFT),
			 SYNDROME_VIEW_UNKNOWN);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(srt_18_is_the_architecture),
		cmocka_unit_test(srt_14_is_qemu_tcg),
		cmocka_unit_test(anything_else_is_no_verdict),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
