/* SPDX-License-Identifier: MIT */
/*
 * Program status register fields the register mapping needs (Arm ARM
 * C5.2.18 SPSR_EL1 and G1.9.3 / Table G1-5 "AArch32 processor modes").
 */
#ifndef ARMVM_KVM_ARM_PSR_H
#define ARMVM_KVM_ARM_PSR_H

/* PSTATE.nRW: set when the state is AArch32. */
#define PSR_nRW            (1u << 4)

/* AArch64 PSTATE.M[3:0]: exception level and stack pointer selection. */
#define PSR_MODE_MASK      0xfu
#define PSR_MODE_EL0t      0x0u
#define PSR_MODE_EL1t      0x4u
#define PSR_MODE_EL1h      0x5u

/* AArch32 CPSR.M[4:0]. */
#define PSR_AA32_MODE_MASK 0x1fu
#define PSR_AA32_MODE_USR  0x10u
#define PSR_AA32_MODE_FIQ  0x11u
#define PSR_AA32_MODE_IRQ  0x12u
#define PSR_AA32_MODE_SVC  0x13u
#define PSR_AA32_MODE_ABT  0x17u
#define PSR_AA32_MODE_HYP  0x1au
#define PSR_AA32_MODE_UND  0x1bu
#define PSR_AA32_MODE_SYS  0x1fu
/* CPSR.T: Thumb instruction set state. */
#define PSR_AA32_T_BIT     (1u << 5)

#endif
