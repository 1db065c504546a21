/* SPDX-License-Identifier: MIT */
/*
 * The guest's own (EL1&0, stage 1) translation controls and descriptor
 * fields, as the stage-1 walker (arch/stage1.h) reads them: VMSAv8-64
 * (Arm ARM D8 "The AArch64 Virtual Memory System Architecture") and the
 * AArch32 short-descriptor and long-descriptor (LPAE) formats (Arm ARM G5
 * "The AArch32 Virtual Memory System Architecture"). Names follow the Arm
 * ARM register and field names.
 */
#ifndef ARMVM_ARCH_VMSA_H
#define ARMVM_ARCH_VMSA_H

#include "arch/bits.h"

/* SCTLR_EL1 / AArch32 SCTLR */
#define SCTLR_ELx_M            BIT(0)    /* stage-1 MMU enable */
#define SCTLR_ELx_WXN          BIT(19)   /* writable implies execute-never */
#define SCTLR_EL1_E0E          BIT(24)   /* EL0 data big-endian */
#define SCTLR_ELx_EE           BIT(25)   /* translation tables (and EL1 data) big-endian */
#define SCTLR_AFE              BIT(29)   /* AArch32: AP[0] is the Access flag */

/* TCR_EL1 (D19.2 "TCR_EL1") */
#define TCR_EL1_T0SZ_SHIFT     0
#define TCR_EL1_EPD0           BIT(7)
#define TCR_EL1_TG0_SHIFT      14
#define TCR_EL1_TG0_4K         0
#define TCR_EL1_TG0_64K        1
#define TCR_EL1_TG0_16K        2
#define TCR_EL1_T1SZ_SHIFT     16
#define TCR_EL1_EPD1           BIT(23)
#define TCR_EL1_TG1_SHIFT      30
#define TCR_EL1_TG1_16K        1
#define TCR_EL1_TG1_4K         2
#define TCR_EL1_TG1_64K        3
#define TCR_EL1_IPS_SHIFT      32
#define TCR_EL1_IPS_MASK       7
#define TCR_EL1_TBI0           BIT(37)
#define TCR_EL1_TBI1           BIT(38)
#define TCR_EL1_HPD0           BIT(41)   /* hierarchical permissions disabled */
#define TCR_EL1_HPD1           BIT(42)
#define TCR_EL1_TxSZ_MASK      0x3f
#define TCR_EL1_TGx_MASK       3

/* TTBRn_EL1: BADDR is bits [47:1]; with 52-bit output addresses and the
 * 64KB granule, bits [5:2] hold BADDR[51:48] (FEAT_LPA). */
#define TTBR_BADDR_MASK        GENMASK(47, 1)
#define TTBR_BADDR_51_48_SHIFT 2

/* AArch32 TTBCR (G8.2.167) */
#define TTBCR_N_MASK           7         /* short-descriptor */
#define TTBCR_PD0              BIT(4)
#define TTBCR_PD1              BIT(5)
#define TTBCR_T0SZ_MASK        7         /* long-descriptor, bits [2:0] */
#define TTBCR_EPD0             BIT(7)
#define TTBCR_T1SZ_SHIFT       16
#define TTBCR_EPD1             BIT(23)
#define TTBCR_EAE              BIT(31)   /* long-descriptor format */

/* VMSAv8-64 and LPAE descriptors (D8.3 "Translation table descriptor
 * formats"; G5.5.1 for the AArch32 long-descriptor format) */
#define PTE_DESC_VALID         BIT(0)
#define PTE_DESC_TABLE         BIT(1)    /* table (level < 3) or page (level 3) */
#define PTE_DESC_AP_EL0        BIT(6)    /* AP[1]: EL0 access */
#define PTE_DESC_AP_RO         BIT(7)    /* AP[2]: read-only */
#define PTE_DESC_AF            BIT(10)
#define PTE_DESC_PXN           BIT(53)
#define PTE_DESC_UXN           BIT(54)   /* XN in the AArch32 LPAE format */
#define PTE_DESC_OA_51_48_SHIFT 12       /* 64KB granule, FEAT_LPA */
#define PTE_TABLE_PXN          BIT(59)   /* PXNTable */
#define PTE_TABLE_UXN          BIT(60)   /* UXNTable / XNTable */
#define PTE_TABLE_AP_NO_EL0    BIT(61)   /* APTable[0] */
#define PTE_TABLE_AP_RO        BIT(62)   /* APTable[1] */

/* AArch32 short-descriptor format (G5.4 "The VMSAv8-32 Short-descriptor
 * translation table format") */
#define SD_L1_TYPE_MASK        3
#define SD_L1_TYPE_FAULT       0
#define SD_L1_TYPE_TABLE       1
#define SD_L1_SECTION          BIT(1)    /* 0b1x: section or supersection */
#define SD_L1_PXN_SECTION      BIT(0)
#define SD_L1_TABLE_PXN        BIT(2)
#define SD_L1_XN               BIT(4)
#define SD_L1_DOMAIN_SHIFT     5
#define SD_L1_DOMAIN_MASK      0xf
#define SD_L1_AP01_SHIFT       10
#define SD_L1_AP2              BIT(15)
#define SD_L1_SUPERSECTION     BIT(18)
#define SD_L1_TABLE_BASE_MASK  GENMASK(31, 10)
#define SD_L1_SECTION_BASE     GENMASK(31, 20)
#define SD_L1_SUPER_BASE       GENMASK(31, 24)
#define SD_L1_SUPER_PA_35_32_SHIFT 20    /* extended base address PA[35:32] */
#define SD_L1_SUPER_PA_39_36_SHIFT 5     /* PA[39:36] */
#define SD_L2_TYPE_MASK        3
#define SD_L2_TYPE_FAULT       0
#define SD_L2_TYPE_LARGE       1         /* 64KB large page */
#define SD_L2_SMALL            BIT(1)    /* 0b1x: 4KB small page */
#define SD_L2_SMALL_XN         BIT(0)
#define SD_L2_LARGE_XN         BIT(15)
#define SD_L2_AP01_SHIFT       4
#define SD_L2_AP2              BIT(9)
#define SD_L2_SMALL_BASE       GENMASK(31, 12)
#define SD_L2_LARGE_BASE       GENMASK(31, 16)
#define SD_AP01_MASK           3

#endif
