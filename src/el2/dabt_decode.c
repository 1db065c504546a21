// SPDX-License-Identifier: MIT
/* Data abort syndrome decoding (ESR_EL2 ISS for EC 0x24). */
#include "el2/dabt_decode.h"
#include "arch/esr.h"
#include "el2/pte.h"

uint64_t dabt_fault_ipa(uint64_t hpfar, uint64_t far)
{
	return ((hpfar & HPFAR_EL2_FIPA_MASK) << (PAGE_SHIFT - HPFAR_EL2_FIPA_SHIFT)) |
	       (far & PAGE_OFFSET_MASK);
}

enum dabt_result dabt_decode(uint64_t esr, uint64_t hpfar, uint64_t far,
			     struct dabt_access *out)
{
	if (ESR_ELx_EC(esr) != ESR_ELx_EC_DABT_LOW)
		return DABT_NOT_DABT;
	/* S1PTW and CM are checked first: their syndromes carry no ISV. */
	if (esr & ESR_ELx_S1PTW)
		return DABT_TABLE_WALK;
	if (esr & ESR_ELx_CM)
		return DABT_CACHE_MAINT;
	if (!(esr & ESR_ELx_ISV))
		return DABT_NO_SYNDROME;
	out->ipa = dabt_fault_ipa(hpfar, far);
	out->size = 1u << ((esr >> ESR_ELx_SAS_SHIFT) & ESR_ELx_SAS_MASK);
	out->srt = (esr >> ESR_ELx_SRT_SHIFT) & ESR_ELx_SRT_MASK;
	out->write = (esr & ESR_ELx_WNR) != 0;
	out->sign_extend = (esr & ESR_ELx_SSE) != 0;
	out->reg64 = (esr & ESR_ELx_SF) != 0;
	out->insn_len = esr_insn_len(esr);
	return DABT_OK;
}

const char *dabt_result_name(enum dabt_result r)
{
	switch (r) {
	case DABT_OK: return "ok";
	case DABT_NO_SYNDROME: return "no instruction syndrome (ISV=0)";
	case DABT_TABLE_WALK: return "stage-2 fault on a stage-1 table walk";
	case DABT_CACHE_MAINT: return "cache maintenance on unmapped memory";
	case DABT_NOT_DABT: return "not a data abort";
	}
	return "?";
}

static uint64_t size_mask(unsigned size)
{
	return size >= 8 ? ~0ULL : (1ULL << (8 * size)) - 1;
}

uint64_t dabt_load_value(const struct dabt_access *a, uint64_t data)
{
	uint64_t v = data & size_mask(a->size);

	if (a->sign_extend && a->size < 8) {
		uint64_t sign = 1ULL << (8 * a->size - 1);
		v = (v ^ sign) - sign;
	}
	if (!a->reg64)
		v &= 0xffffffffULL;
	return v;
}

uint64_t dabt_store_value(const struct dabt_access *a, uint64_t reg)
{
	return reg & size_mask(a->size);
}
