/* SPDX-License-Identifier: MIT */
/*
 * Processor state: AArch64 PSTATE / SPSR_ELx and AArch32 CPSR fields, the
 * same for both engines (Arm ARM C5.2.18 SPSR_EL1, D1.4 PSTATE, G1.9.3
 * Table G1-5 "AArch32 processor modes"). Usable from C and assembly.
 */
#ifndef ARMVM_ARCH_PSR_H
#define ARMVM_ARCH_PSR_H

#include "arch/bits.h"

/* AArch64 SPSR.M[3:0]: exception level and stack pointer selection. */
#define PSR_MODE_MASK        0xf
#define PSR_MODE_EL0t        0x0
#define PSR_MODE_EL1t        0x4
#define PSR_MODE_EL1h        0x5
/* SPSR.M[4] (nRW): the state the exception came from is AArch32. */
#define PSR_MODE32_BIT       BIT(4)
/* DAIF */
#define PSR_F_BIT            BIT(6)
#define PSR_I_BIT            BIT(7)
#define PSR_A_BIT            BIT(8)
#define PSR_D_BIT            BIT(9)

/* AArch32 CPSR.M[4:0] (M[4] is PSR_MODE32_BIT) */
#define PSR_AA32_MODE_MASK   0x1f
#define PSR_AA32_MODE_USR    0x10
#define PSR_AA32_MODE_FIQ    0x11
#define PSR_AA32_MODE_IRQ    0x12
#define PSR_AA32_MODE_SVC    0x13
#define PSR_AA32_MODE_ABT    0x17
#define PSR_AA32_MODE_HYP    0x1a
#define PSR_AA32_MODE_UND    0x1b
#define PSR_AA32_MODE_SYS    0x1f
#define PSR_AA32_T_BIT       BIT(5)   /* Thumb state */
#define PSR_AA32_F_BIT       BIT(6)
#define PSR_AA32_I_BIT       BIT(7)
#define PSR_AA32_A_BIT       BIT(8)
#define PSR_AA32_E_BIT       BIT(9)   /* big-endian data */
/* IT[7:0]: IT[1:0] in CPSR[26:25], IT[7:2] in CPSR[15:10]. */
#define PSR_AA32_IT_MASK     (GENMASK(15, 10) | GENMASK(26, 25))
#define PSR_AA32_V_BIT       BIT(28)
#define PSR_AA32_C_BIT       BIT(29)
#define PSR_AA32_Z_BIT       BIT(30)
#define PSR_AA32_N_BIT       BIT(31)

#endif
