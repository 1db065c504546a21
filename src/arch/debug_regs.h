/* SPDX-License-Identifier: MIT */
/*
 * The self-hosted debug breakpoint and watchpoint control registers
 * (DBGBCR<n>_EL1, DBGWCR<n>_EL1: Arm ARM D19.3), as a hypervisor programs
 * them for debugging its guest at EL1 and EL0.
 */
#ifndef ARMVM_ARCH_DEBUG_REGS_H
#define ARMVM_ARCH_DEBUG_REGS_H

#include "arch/bits.h"

#define DBGBCR_E             BIT(0)
#define DBGBCR_PMC_EL1_EL0   (3 << 1)      /* match at EL1 and EL0 */
#define DBGBCR_BAS_SHIFT     5
#define DBGBCR_BAS_A64       0xf           /* A64 (and A32) instruction */
#define DBGBCR_BAS_T32_HI    0xc           /* T32 at address + 2 */

#define DBGWCR_E             BIT(0)
#define DBGWCR_PAC_EL1_EL0   (3 << 1)
#define DBGWCR_LSC_LOAD      (1 << 3)
#define DBGWCR_LSC_STORE     (2 << 3)
#define DBGWCR_BAS_SHIFT     5             /* byte mask in the doubleword */

#endif
