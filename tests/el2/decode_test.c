// SPDX-License-Identifier: MIT
/* Native tests of the data-abort decoder and the AArch32 register view. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "arch/aarch32.h"
#include "el2/dabt_decode.h"
#include "el2/el2_regs.h"
#include "arch/esr.h"

static uint64_t dabt_esr(unsigned sas, unsigned srt, int write, int sse, int sf)
{
	return (uint64_t)ESR_ELx_EC_DABT_LOW << ESR_ELx_EC_SHIFT | ESR_ELx_IL | ESR_ELx_ISV |
	       (uint64_t)sas << ESR_ELx_SAS_SHIFT | (uint64_t)srt << ESR_ELx_SRT_SHIFT |
	       (write ? ESR_ELx_WNR : 0) | (sse ? ESR_ELx_SSE : 0) | (sf ? ESR_ELx_SF : 0) |
	       ESR_ELx_FSC_TRANS | 1;
}

static void test_decode_fields(void **state)
{
	struct dabt_access a;

	(void)state;
	/* str w5, [x1] to 0x09000000 + 0x18 */
	assert_int_equal(dabt_decode(dabt_esr(2, 5, 1, 0, 0), 0x90000, 0x9000018, &a), DABT_OK);
	assert_int_equal(a.ipa, 0x9000018);
	assert_int_equal(a.size, 4);
	assert_int_equal(a.srt, 5);
	assert_true(a.write);
	assert_false(a.reg64);
	assert_false(a.sign_extend);
	assert_int_equal(a.insn_len, 4);
	/* ldrsb x30, [..]: 1 byte, sign-extended into a 64-bit register */
	assert_int_equal(dabt_decode(dabt_esr(0, 30, 0, 1, 1), 0xb0000, 0xb000007, &a), DABT_OK);
	assert_int_equal(a.size, 1);
	assert_int_equal(a.srt, 30);
	assert_false(a.write);
	assert_true(a.sign_extend);
	assert_true(a.reg64);
	/* 16-bit Thumb instruction: IL clear */
	assert_int_equal(dabt_decode(dabt_esr(3, 0, 0, 0, 1) & ~(uint64_t)ESR_ELx_IL, 0, 0, &a), DABT_OK);
	assert_int_equal(a.size, 8);
	assert_int_equal(a.insn_len, 2);
}

static void test_decode_refusals(void **state)
{
	struct dabt_access a;
	uint64_t esr = dabt_esr(2, 1, 0, 0, 0);

	(void)state;
	assert_int_equal(dabt_decode(esr & ~(uint64_t)ESR_ELx_ISV, 0, 0, &a), DABT_NO_SYNDROME);
	assert_int_equal(dabt_decode(esr | ESR_ELx_S1PTW, 0, 0, &a), DABT_TABLE_WALK);
	assert_int_equal(dabt_decode((esr & ~(uint64_t)ESR_ELx_ISV) | ESR_ELx_CM, 0, 0, &a), DABT_CACHE_MAINT);
	esr = (esr & ~((uint64_t)ESR_ELx_EC_MASK << ESR_ELx_EC_SHIFT)) |
	      (uint64_t)ESR_ELx_EC_IABT_LOW << ESR_ELx_EC_SHIFT;
	assert_int_equal(dabt_decode(esr, 0, 0, &a), DABT_NOT_DABT);
	assert_string_equal(dabt_result_name(DABT_NO_SYNDROME), "no instruction syndrome (ISV=0)");
}

static void test_fault_ipa(void **state)
{
	(void)state;
	/* HPFAR_EL2.FIPA holds IPA[47:12] at bits [43:4] */
	assert_int_equal(dabt_fault_ipa(0xc0000, 0xc000123), 0xc000123);
	assert_int_equal(dabt_fault_ipa(0x7ffffff0ULL, 0xabc), 0x7ffffffabcULL);
	/* FAR is a VA: only its page offset matters */
	assert_int_equal(dabt_fault_ipa(0x480000, 0xffff000000001ff8ULL), 0x48000ff8);
}

static void test_load_store_values(void **state)
{
	struct dabt_access a = { .size = 1, .sign_extend = true, .reg64 = false };

	(void)state;
	assert_int_equal(dabt_load_value(&a, 0x80), 0xffffff80);
	a.reg64 = true;
	assert_int_equal(dabt_load_value(&a, 0x180), 0xffffffffffffff80ULL);
	a.sign_extend = false;
	assert_int_equal(dabt_load_value(&a, 0x180), 0x80);
	a.size = 4;
	a.sign_extend = true;
	assert_int_equal(dabt_load_value(&a, 0x7fffffff), 0x7fffffff);
	assert_int_equal(dabt_load_value(&a, 0x80000000), 0xffffffff80000000ULL);
	a.size = 8;
	assert_int_equal(dabt_load_value(&a, 0x8000000000000001ULL), 0x8000000000000001ULL);
	a.size = 2;
	assert_int_equal(dabt_store_value(&a, 0x1234567890abcdefULL), 0xcdef);
	a.size = 8;
	assert_int_equal(dabt_store_value(&a, 0x1234567890abcdefULL), 0x1234567890abcdefULL);
}

static void test_aarch32_banked(void **state)
{
	(void)state;
	for (unsigned r = 0; r < 15; r++) {
		assert_int_equal(aarch32_xreg_index(PSR_AA32_MODE_USR, r), (int)r);
		assert_int_equal(aarch32_xreg_index(PSR_AA32_MODE_SYS, r), (int)r);
	}
	assert_int_equal(aarch32_xreg_index(PSR_AA32_MODE_SVC, 13), 19);
	assert_int_equal(aarch32_xreg_index(PSR_AA32_MODE_SVC, 14), 18);
	assert_int_equal(aarch32_xreg_index(PSR_AA32_MODE_SVC, 12), 12);
	assert_int_equal(aarch32_xreg_index(PSR_AA32_MODE_IRQ, 13), 17);
	assert_int_equal(aarch32_xreg_index(PSR_AA32_MODE_IRQ, 14), 16);
	assert_int_equal(aarch32_xreg_index(PSR_AA32_MODE_ABT, 13), 21);
	assert_int_equal(aarch32_xreg_index(PSR_AA32_MODE_ABT, 14), 20);
	assert_int_equal(aarch32_xreg_index(PSR_AA32_MODE_UND, 13), 23);
	assert_int_equal(aarch32_xreg_index(PSR_AA32_MODE_UND, 14), 22);
	assert_int_equal(aarch32_xreg_index(PSR_AA32_MODE_FIQ, 7), 7);
	for (unsigned r = 8; r <= 12; r++)
		assert_int_equal(aarch32_xreg_index(PSR_AA32_MODE_FIQ, r), (int)(24 + r - 8));
	assert_int_equal(aarch32_xreg_index(PSR_AA32_MODE_FIQ, 13), 29);
	assert_int_equal(aarch32_xreg_index(PSR_AA32_MODE_FIQ, 14), 30);
	/* The full SPSR value works too (mode in the low bits). */
	assert_int_equal(aarch32_xreg_index(0x600001d3, 13), 19);
	assert_int_equal(aarch32_xreg_index(PSR_AA32_MODE_SVC, 15), AARCH32_NO_XREG);
	assert_int_equal(aarch32_xreg_index(PSR_AA32_MODE_HYP, 0), AARCH32_NO_XREG);
}

static void test_aarch32_cond(void **state)
{
	const uint64_t N = 1u << 31, Z = 1u << 30, C = 1u << 29, V = 1u << 28;

	(void)state;
	assert_true(aarch32_cond_passed(0x0, Z));        /* EQ */
	assert_false(aarch32_cond_passed(0x1, Z));       /* NE */
	assert_true(aarch32_cond_passed(0x2, C));        /* CS */
	assert_true(aarch32_cond_passed(0x8, C));        /* HI */
	assert_false(aarch32_cond_passed(0x8, C | Z));
	assert_true(aarch32_cond_passed(0xa, N | V));    /* GE */
	assert_false(aarch32_cond_passed(0xa, N));
	assert_true(aarch32_cond_passed(0xb, N));        /* LT */
	assert_false(aarch32_cond_passed(0xc, Z));       /* GT */
	assert_true(aarch32_cond_passed(0xd, Z));        /* LE */
	assert_true(aarch32_cond_passed(0xe, 0));        /* AL */
	assert_true(aarch32_cond_passed(0xf, 0));
}

static uint64_t cpsr_with_it(unsigned it)
{
	return (uint64_t)(it & 3) << 25 | (uint64_t)(it >> 2) << 10 | PSR_AA32_MODE_SVC;
}

static void test_aarch32_it(void **state)
{
	(void)state;
	assert_int_equal(aarch32_advance_it(PSR_AA32_MODE_SVC), PSR_AA32_MODE_SVC);
	/* ITTE EQ (0x06 mask... ): 0b0000_0110 -> shifts mask left */
	assert_int_equal(aarch32_advance_it(cpsr_with_it(0x06)), cpsr_with_it(0x0c));
	/* last instruction of the block: IT state ends */
	assert_int_equal(aarch32_advance_it(cpsr_with_it(0x08)), cpsr_with_it(0x00));
	assert_int_equal(aarch32_advance_it(cpsr_with_it(0xe8)), cpsr_with_it(0x00));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decode_fields),
		cmocka_unit_test(test_decode_refusals),
		cmocka_unit_test(test_fault_ipa),
		cmocka_unit_test(test_load_store_values),
		cmocka_unit_test(test_aarch32_banked),
		cmocka_unit_test(test_aarch32_cond),
		cmocka_unit_test(test_aarch32_it),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
