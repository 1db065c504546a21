/* SPDX-License-Identifier: MIT */
/*
 * The AArch32 view of a 32-bit guest, for both engines: which AArch64
 * register (x0-x30) holds AArch32 register rN in a given mode, per the
 * architected mapping (Arm ARM D1.20.1 "Mapping of AArch32 registers to
 * AArch64"; SP, LR and, in FIQ mode, r8-r12 are banked), the condition
 * check of a trapped conditional instruction and the IT-state step.
 * Pure and freestanding; unit-tested natively.
 */
#ifndef ARMVM_ARCH_AARCH32_H
#define ARMVM_ARCH_AARCH32_H

#include <stdbool.h>
#include <stdint.h>

/* AArch32 r15 (the PC) is not one of the x registers. */
#define AARCH32_REG_PC      15
#define AARCH32_NO_XREG     (-1)

/* Where each mode's banked registers live in the AArch64 view. */
#define AARCH32_X_SP_USR    13
#define AARCH32_X_LR_USR    14
#define AARCH32_X_LR_IRQ    16
#define AARCH32_X_SP_IRQ    17
#define AARCH32_X_LR_SVC    18
#define AARCH32_X_SP_SVC    19
#define AARCH32_X_LR_ABT    20
#define AARCH32_X_SP_ABT    21
#define AARCH32_X_LR_UND    22
#define AARCH32_X_SP_UND    23
#define AARCH32_X_R8_FIQ    24   /* r8_fiq..r12_fiq in x24..x28 */
#define AARCH32_X_SP_FIQ    29
#define AARCH32_X_LR_FIQ    30

/* x-register index for rN (0..14) in CPSR mode `mode`; AARCH32_NO_XREG for
 * r15, an out-of-range n or a mode that has no bank (hyp, monitor). */
int aarch32_xreg_index(unsigned mode, unsigned n);

/* Does an AArch32 condition code pass for these CPSR flags? (cond 0xe and
 * 0xf: always) */
bool aarch32_cond_passed(unsigned cond, uint64_t cpsr);

/* Does a trapped AArch32 instruction execute? Its syndrome carries the
 * condition when ESR.CV is set; without it the instruction is
 * unconditional (Arm ARM D17.2.37, "ISS encoding ... CV, COND"). */
bool aarch32_trap_cond_passed(uint64_t esr, uint64_t cpsr);

/* Step the IT state of an AArch32 CPSR past one instruction. */
uint64_t aarch32_advance_it(uint64_t cpsr);

#endif
