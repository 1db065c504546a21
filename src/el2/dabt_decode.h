/* SPDX-License-Identifier: MIT */
/*
 * Turning a stage-2 data abort into an MMIO access: the syndrome fields of
 * ESR_EL2 plus the faulting IPA from HPFAR_EL2/FAR_EL2. Pure functions, so
 * the native unit tests cover them.
 */
#ifndef EL2_DABT_DECODE_H
#define EL2_DABT_DECODE_H

#include <stdbool.h>
#include <stdint.h>

struct dabt_access {
	uint64_t ipa;       /* faulting guest physical address */
	unsigned size;      /* 1, 2, 4 or 8 bytes */
	unsigned srt;       /* transfer register as encoded (guest's view) */
	bool write;
	bool sign_extend;   /* SSE: sign-extend a load to the register width */
	bool reg64;         /* SF: the register is 64 bits wide */
	unsigned insn_len;  /* 2 or 4: how far to step the PC */
};

enum dabt_result {
	DABT_OK = 0,
	DABT_NO_SYNDROME,   /* ISV clear: the access cannot be emulated */
	DABT_TABLE_WALK,    /* stage-2 fault on the guest's own table walk */
	DABT_CACHE_MAINT,   /* DC/IC maintenance on an unmapped address */
	DABT_NOT_DABT,      /* ESR is not a lower-EL data abort */
};

/* Decode ESR_EL2 of a lower-EL data abort; fills *out on DABT_OK. */
enum dabt_result dabt_decode(uint64_t esr, uint64_t hpfar, uint64_t far,
			     struct dabt_access *out);
const char *dabt_result_name(enum dabt_result r);

/* The faulting IPA: HPFAR_EL2.FIPA gives the page, FAR_EL2 the offset. */
uint64_t dabt_fault_ipa(uint64_t hpfar, uint64_t far);

/* The value a load leaves in its register: sign- or zero-extended from the
 * access size, then truncated to 32 bits unless reg64. */
uint64_t dabt_load_value(const struct dabt_access *a, uint64_t data);

/* The bytes a store writes: the low `size` bytes of the register. */
uint64_t dabt_store_value(const struct dabt_access *a, uint64_t reg);

#endif
