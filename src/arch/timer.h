/* SPDX-License-Identifier: MIT */
/*
 * Generic timer control registers CNTP_CTL_EL0, CNTV_CTL_EL0, CNTHP_CTL_EL2
 * (Arm ARM D13.8 "Generic Timer registers"): the same three bits in each;
 * the timers' interrupt numbers and the physical timer's register encodings.
 */
#ifndef ARMVM_ARCH_TIMER_H
#define ARMVM_ARCH_TIMER_H

#include "arch/esr.h"

#define CNT_CTL_ENABLE   (1ull << 0)   /* timer enabled */
#define CNT_CTL_IMASK    (1ull << 1)   /* interrupt masked */
#define CNT_CTL_ISTATUS  (1ull << 2)   /* condition met (read-only) */

/* PPI of the EL1 physical timer on every Arm platform (SBSA, QEMU virt, KVM;
 * the virtual timer is GIC_INTID_VTIMER, 27). */
#define TIMER_PPI_PHYS   30            /* EL1 physical timer, CNTP */

/* CNTP_* system registers as a trapped AArch64 MRS/MSR's ISS encodes them
 * (op0 3, op1 3, CRn 14, CRm 2, op2 0/1/2; Arm ARM D13.8); the AArch32 views are MRC/MCR p15, 0, <Rt>,
 * c14, c2, {0 TVAL | 1 CTL} and MRRC/MCRR p15, 2, <Rt>, <Rt2>, c14 (CVAL). */
#define CNTP_TVAL_EL0_SYS64 ESR_ELx_SYS64_ENC(3, 3, 14, 2, 0)
#define CNTP_CTL_EL0_SYS64  ESR_ELx_SYS64_ENC(3, 3, 14, 2, 1)
#define CNTP_CVAL_EL0_SYS64 ESR_ELx_SYS64_ENC(3, 3, 14, 2, 2)
#define CNTP_CP15_CRN     14
#define CNTP_CP15_CRM     2
#define CNTP_TVAL_CP15_OPC2 0
#define CNTP_CTL_CP15_OPC2  1
#define CNTP_CVAL_CP15_OPC1 2
#define CNTP_CVAL_CP15_CRM  14

#endif
