/* SPDX-License-Identifier: MIT */
/* Processor state values for entering a guest (Arm ARM C5.2.19 SPSR_EL2,
 * G1.9.3 CPSR). */
#ifndef ARMVM_MACHINE_PSR_H
#define ARMVM_MACHINE_PSR_H

/* AArch64 PSTATE */
#define PSR_MODE_EL1h     0x5u
#define PSR_F_BIT         (1u << 6)
#define PSR_I_BIT         (1u << 7)
#define PSR_A_BIT         (1u << 8)
#define PSR_D_BIT         (1u << 9)

/* AArch32 CPSR */
#define PSR_AA32_MODE_SVC 0x13u
#define PSR_AA32_T_BIT    (1u << 5)
#define PSR_AA32_F_BIT    (1u << 6)
#define PSR_AA32_I_BIT    (1u << 7)
#define PSR_AA32_A_BIT    (1u << 8)

#endif
