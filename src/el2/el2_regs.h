/* SPDX-License-Identifier: MIT */
/*
 * Bits of the EL2 control registers the hypervisor programs (Arm ARM D23:
 * HCR_EL2, SCTLR_EL2, TCR_EL2, VTCR_EL2, CPTR_EL2, CNTHCTL_EL2, MDCR_EL2,
 * SPSR_EL2, MAIR). Usable from C and assembly.
 */
#ifndef EL2_EL2_REGS_H
#define EL2_EL2_REGS_H

#include "arch/bits.h"
#include "arch/psr.h"

/* CurrentEL */
#define CURRENTEL_EL_SHIFT   2
#define CURRENTEL_EL_MASK    3

/* HCR_EL2 */
#define HCR_EL2_VM           BIT(0)   /* stage-2 translation on */
#define HCR_EL2_SWIO         BIT(1)
#define HCR_EL2_FMO          BIT(3)   /* physical FIQ to EL2, vFIQ to EL1 */
#define HCR_EL2_IMO          BIT(4)   /* physical IRQ to EL2, vIRQ to EL1 */
#define HCR_EL2_AMO          BIT(5)   /* SError to EL2, vSError to EL1 */
#define HCR_EL2_VSE          BIT(8)   /* virtual SError pending */
#define HCR_EL2_FB           BIT(9)   /* broadcast TLB/cache maintenance */
#define HCR_EL2_BSU_IS       (1 << 10)
#define HCR_EL2_TWI          BIT(13)  /* trap WFI */
#define HCR_EL2_TWE          BIT(14)  /* trap WFE */
#define HCR_EL2_TSC          BIT(19)  /* trap SMC */
#define HCR_EL2_TACR         BIT(21)
#define HCR_EL2_TIDCP        BIT(20)
#define HCR_EL2_RW           BIT(31)  /* EL1 is AArch64 */

/* SCTLR_EL2 (non-VHE) */
#define SCTLR_EL2_M          BIT(0)
#define SCTLR_EL2_A          BIT(1)
#define SCTLR_EL2_C          BIT(2)
#define SCTLR_EL2_SA         BIT(3)
#define SCTLR_EL2_I          BIT(12)
#define SCTLR_EL2_WXN        BIT(19)
#define SCTLR_EL2_EE         BIT(25)
/* Bits that are RES1 in the ARMv8.0 non-VHE layout. */
#define SCTLR_EL2_RES1       (BIT(4) | BIT(5) | BIT(11) | BIT(16) | BIT(18) | \
			      BIT(22) | BIT(23) | BIT(28) | BIT(29))

/* TCR_EL2 (non-VHE, one VA range) */
#define TCR_EL2_T0SZ(bits)   (64 - (bits))
#define TCR_EL2_IRGN0_WBWA   (1 << 8)
#define TCR_EL2_ORGN0_WBWA   (1 << 10)
#define TCR_EL2_SH0_INNER    (3 << 12)
#define TCR_EL2_TG0_4K       (0 << 14)
#define TCR_EL2_PS_SHIFT     16
#define TCR_EL2_RES1         (BIT(23) | BIT(31))

/* VTCR_EL2 */
#define VTCR_EL2_T0SZ(bits)  (64 - (bits))
#define VTCR_EL2_SL0_SHIFT   6
#define VTCR_EL2_SL0_L1      (1 << 6) /* 4K granule: start at level 1 */
#define VTCR_EL2_IRGN0_WBWA  (1 << 8)
#define VTCR_EL2_ORGN0_WBWA  (1 << 10)
#define VTCR_EL2_SH0_INNER   (3 << 12)
#define VTCR_EL2_TG0_4K      (0 << 14)
#define VTCR_EL2_PS_SHIFT    16
#define VTCR_EL2_RES1        BIT(31)

/* {TCR,VTCR}_EL2.PS / ID_AA64MMFR0_EL1.PARange encodings */
#define PARANGE_32BIT        0
#define PARANGE_36BIT        1
#define PARANGE_40BIT        2
#define ID_AA64MMFR0_PARANGE_MASK 0xf

/* VTTBR_EL2 */
#define VTTBR_EL2_VMID_SHIFT 48

/* MAIR attribute encodings and the indexes our stage-1 tables use. */
#define MAIR_ATTR_DEVICE_nGnRE 0x04
#define MAIR_ATTR_NORMAL_WB    0xff
#define MAIR_IDX_DEVICE        0
#define MAIR_IDX_NORMAL        1

/* CPTR_EL2 (non-VHE) */
#define CPTR_EL2_TFP         BIT(10)  /* trap FP/SIMD */
#define CPTR_EL2_TTA         BIT(20)
#define CPTR_EL2_TCPAC       BIT(31)
#define CPTR_EL2_RES1        (GENMASK(7, 0) | BIT(12) | BIT(13))

/* CNTHCTL_EL2 (non-VHE) */
#define CNTHCTL_EL2_EL1PCTEN BIT(0)   /* EL1 may read the physical counter */
#define CNTHCTL_EL2_EL1PCEN  BIT(1)   /* EL1 may use the physical timer */

/* MDCR_EL2 */
#define MDCR_EL2_HPMN_MASK   0x1f

/* AArch32 SCTLR bits used when entering a guest exception vector */
#define SCTLR32_V            BIT(13)  /* high vectors at 0xffff0000 */
#define SCTLR32_EE           BIT(25)
#define SCTLR32_TE           BIT(30)
/* AArch32 TTBCR.EAE: long-descriptor translation (fault status format) */
#define TTBCR_EAE            BIT(31)

/* VMPIDR_EL2 (the MPIDR affinity fields are arch/mpidr.h) */
#define VMPIDR_RES1          BIT(31)

#endif
