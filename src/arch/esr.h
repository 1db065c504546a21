/* SPDX-License-Identifier: MIT */
/*
 * ESR_ELx (syndrome) fields: exception classes and the ISS layouts both
 * engines and the tools decode (Arm ARM D17.2.37). One header for all.
 */
#ifndef ARMVM_ARCH_ESR_H
#define ARMVM_ARCH_ESR_H

#include "arch/bits.h"

#define ESR_ELx_EC_SHIFT        26
#define ESR_ELx_EC_MASK         0x3f
#define ESR_ELx_EC(esr)         (((esr) >> ESR_ELx_EC_SHIFT) & ESR_ELx_EC_MASK)
#define ESR_ELx_IL              BIT(25)   /* 32-bit instruction trapped */
#define ESR_ELx_ISS_MASK        0x1ffffff
#define ESR_ELx_ISS(esr)        ((esr) & ESR_ELx_ISS_MASK)

/* Exception classes */
#define ESR_ELx_EC_UNKNOWN      0x00
#define ESR_ELx_EC_WFx          0x01
#define ESR_ELx_EC_CP15_32      0x03
#define ESR_ELx_EC_CP15_64      0x04
#define ESR_ELx_EC_CP14_MR      0x05
#define ESR_ELx_EC_CP14_LS      0x06
#define ESR_ELx_EC_FP_ASIMD     0x07
#define ESR_ELx_EC_CP10_ID      0x08
#define ESR_ELx_EC_CP14_64      0x0c
#define ESR_ELx_EC_ILL          0x0e
#define ESR_ELx_EC_SVC32        0x11
#define ESR_ELx_EC_HVC32        0x12
#define ESR_ELx_EC_SMC32        0x13
#define ESR_ELx_EC_SVC64        0x15
#define ESR_ELx_EC_HVC64        0x16
#define ESR_ELx_EC_SMC64        0x17
#define ESR_ELx_EC_SYS64        0x18
#define ESR_ELx_EC_IABT_LOW     0x20
#define ESR_ELx_EC_IABT_CUR     0x21
#define ESR_ELx_EC_PC_ALIGN     0x22
#define ESR_ELx_EC_DABT_LOW     0x24
#define ESR_ELx_EC_DABT_CUR     0x25
#define ESR_ELx_EC_SP_ALIGN     0x26
#define ESR_ELx_EC_FP_EXC32     0x28
#define ESR_ELx_EC_FP_EXC64     0x2c
#define ESR_ELx_EC_SERROR       0x2f
#define ESR_ELx_EC_BREAKPT_LOW  0x30
#define ESR_ELx_EC_SOFTSTP_LOW  0x32
#define ESR_ELx_EC_WATCHPT_LOW  0x34
#define ESR_ELx_EC_BKPT32       0x38
#define ESR_ELx_EC_BRK64        0x3c
#define ESR_ELx_EC_COUNT        0x40

/* Data abort ISS */
#define ESR_ELx_ISV             BIT(24)   /* bits 23:14 hold a valid syndrome */
#define ESR_ELx_SAS_SHIFT       22        /* access size: 1 << SAS bytes */
#define ESR_ELx_SAS_MASK        3
#define ESR_ELx_SSE             BIT(21)   /* sign-extend the loaded value */
#define ESR_ELx_SRT_SHIFT       16        /* transfer register */
#define ESR_ELx_SRT_MASK        0x1f
#define ESR_ELx_SF              BIT(15)   /* 64-bit transfer register */
#define ESR_ELx_AR              BIT(14)   /* acquire/release */
#define ESR_ELx_EA              BIT(9)
#define ESR_ELx_CM              BIT(8)    /* cache maintenance */
#define ESR_ELx_S1PTW           BIT(7)    /* fault on a stage-1 table walk */
#define ESR_ELx_WNR             BIT(6)    /* write, not read */
#define ESR_ELx_FSC_MASK        0x3f
#define ESR_ELx_FSC_TYPE_MASK   0x3c
#define ESR_ELx_FSC_TRANS       0x04      /* translation fault, level in 1:0 */
#define ESR_ELx_FSC_ACCESS      0x08
#define ESR_ELx_FSC_PERM        0x0c
#define ESR_ELx_FSC_EXTABT      0x10      /* synchronous external abort */

/* Fault status values written when injecting an abort into a guest */
#define DFSR_SHORT_FS_EXTABT    0x8       /* short-descriptor FS: sync ext abort */
#define DFSR_LPAE               BIT(9)    /* long-descriptor format in use */
#define DFSR_LONG_STATUS_EXTABT 0x10
#define DFSR_WNR                BIT(11)

/* Condition fields present in AArch32 trap syndromes (WFx, CP15, HVC32...) */
#define ESR_ELx_CV              BIT(24)
#define ESR_ELx_COND_SHIFT      20
#define ESR_ELx_COND_MASK       0xf

/* WFx ISS */
#define ESR_ELx_WFx_TI_WFE      BIT(0)

/* SYS64 (MSR/MRS) ISS */
#define ESR_ELx_SYS64_OP0_SHIFT 20
#define ESR_ELx_SYS64_OP2_SHIFT 17
#define ESR_ELx_SYS64_OP1_SHIFT 14
#define ESR_ELx_SYS64_CRN_SHIFT 10
#define ESR_ELx_SYS64_RT_SHIFT  5
#define ESR_ELx_SYS64_CRM_SHIFT 1
#define ESR_ELx_SYS64_ISREAD    BIT(0)
/* The op0/op1/CRn/CRm/op2 part of a SYS64 ISS, for comparing encodings. */
#define ESR_ELx_SYS64_ENC_MASK  0x3ffc1e
#define ESR_ELx_SYS64_ENC(op0, op1, crn, crm, op2)			\
	(((op0) << ESR_ELx_SYS64_OP0_SHIFT) | ((op1) << ESR_ELx_SYS64_OP1_SHIFT) | \
	 ((crn) << ESR_ELx_SYS64_CRN_SHIFT) | ((crm) << ESR_ELx_SYS64_CRM_SHIFT) | \
	 ((op2) << ESR_ELx_SYS64_OP2_SHIFT))

/* CP15 MCR/MRC (32-bit) ISS */
#define ESR_ELx_CP32_OPC2_SHIFT 17
#define ESR_ELx_CP32_OPC1_SHIFT 14
#define ESR_ELx_CP32_CRN_SHIFT  10
#define ESR_ELx_CP32_RT_SHIFT   5
#define ESR_ELx_CP32_CRM_SHIFT  1
#define ESR_ELx_CP_ISREAD       BIT(0)

/* CP15 MCRR/MRRC (64-bit) ISS */
#define ESR_ELx_CP64_OPC1_SHIFT 16
#define ESR_ELx_CP64_OPC1_MASK  0xf
#define ESR_ELx_CP64_RT2_SHIFT  10
#define ESR_ELx_CP64_RT_SHIFT   5
#define ESR_ELx_CP64_CRM_SHIFT  1
#define ESR_ELx_CP_REG_MASK     0x1f
#define ESR_ELx_CP_CRM_MASK     0xf

/* HVC/SMC ISS */
#define ESR_ELx_IMM16_MASK      0xffff

/* HPFAR_EL2: FIPA holds IPA[47:12] in bits [43:4] */
#define HPFAR_EL2_FIPA_SHIFT    4
#define HPFAR_EL2_FIPA_MASK     ULL(0xfffffffffff0)

#ifndef __ASSEMBLER__
#include <stdbool.h>
#include <stdint.h>

/* Length of the trapped instruction: IL set = 32-bit (A64, A32, wide T32),
 * clear = 16-bit T32. */
static inline unsigned esr_insn_len(uint64_t esr)
{
	return (esr & ESR_ELx_IL) ? 4 : 2;
}

/* The condition field of an AArch32 trap syndrome (valid when CV is set). */
static inline unsigned esr_cond(uint64_t esr)
{
	return (unsigned)(esr >> ESR_ELx_COND_SHIFT) & ESR_ELx_COND_MASK;
}
#endif

#endif
