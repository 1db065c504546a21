/* SPDX-License-Identifier: MIT */
/*
 * The AArch32 register view of a 32-bit guest: which AArch64 register
 * (x0-x30) holds AArch32 register rN in a given mode, per the architected
 * mapping (Arm ARM D1.20.1, "Mapping of AArch32 registers to AArch64").
 * SP, LR and (in FIQ mode) r8-r12 are banked. Pure, unit-tested natively.
 */
#ifndef EL2_AARCH32_REGS_H
#define EL2_AARCH32_REGS_H

#include <stdbool.h>
#include <stdint.h>

/* AArch32 r15 (the PC) is not one of the x registers. */
#define AARCH32_REG_PC      15
#define AARCH32_NO_XREG     (-1)

/* x-register index for rN (0..14) in CPSR mode `mode`; AARCH32_NO_XREG for
 * r15, an out-of-range n or a mode that has no bank (hyp, monitor). */
int aarch32_xreg_index(unsigned mode, unsigned n);

/* Does an AArch32 condition code pass for these CPSR flags? (cond 0xe and
 * 0xf: always) */
bool aarch32_cond_passed(unsigned cond, uint64_t cpsr);

/* Step the IT state of an AArch32 CPSR past one instruction. */
uint64_t aarch32_advance_it(uint64_t cpsr);

#endif
