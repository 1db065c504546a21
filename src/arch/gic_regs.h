/* SPDX-License-Identifier: MIT */
/*
 * GIC architectural constants (Arm IHI 0069, "GIC architecture
 * specification v3 and v4"; the GICv2 CPU interface from Arm IHI 0048):
 * distributor and redistributor register offsets and fields, CPU interface
 * and hypervisor-interface system register fields. Names follow the specification. MPIDR fields are in
 * arch/mpidr.h, the generic timer's CNT*_CTL bits in arch/timer.h.
 */
#ifndef ARMVM_ARCH_GIC_REGS_H
#define ARMVM_ARCH_GIC_REGS_H

#include <stdint.h>

#include "arch/esr.h"
#include "arch/mpidr.h"

/* INTID ranges. */
#define GIC_NR_SGIS                 16
#define GIC_NR_PRIVATE              32      /* SGIs + PPIs */
#define GIC_INTID_SPURIOUS          1023
#define GIC_INTID_SPECIAL_FIRST     1020    /* 1020..1023 are special */

/* PPIs EL2 uses, as INTIDs. */
#define GIC_INTID_MAINT             25      /* GIC maintenance interrupt */
#define GIC_INTID_HYPTIMER          26      /* CNTHP, EL2 physical timer */
#define GIC_INTID_VTIMER            27      /* CNTV, virtual timer */
#define GIC_INTID_PTIMER_NS         30      /* CNTP, EL1 physical timer */

/* ---- Distributor (GICD_*), offsets from the GICD base ---- */
#define GICD_CTLR                   0x0000
#define GICD_TYPER                  0x0004
#define GICD_IIDR                   0x0008
#define GICD_TYPER2                 0x000C
#define GICD_STATUSR                0x0010
#define GICD_SETSPI_NSR             0x0040
#define GICD_CLRSPI_NSR             0x0048
#define GICD_SETSPI_SR              0x0050
#define GICD_CLRSPI_SR              0x0058
#define GICD_IGROUPR                0x0080
#define GICD_ISENABLER              0x0100
#define GICD_ICENABLER              0x0180
#define GICD_ISPENDR                0x0200
#define GICD_ICPENDR                0x0280
#define GICD_ISACTIVER              0x0300
#define GICD_ICACTIVER              0x0380
#define GICD_IPRIORITYR             0x0400
#define GICD_ITARGETSR              0x0800
#define GICD_ICFGR                  0x0C00
#define GICD_IGRPMODR               0x0D00
#define GICD_NSACR                  0x0E00
#define GICD_SGIR                   0x0F00
#define GICD_CPENDSGIR              0x0F10
#define GICD_SPENDSGIR              0x0F20
#define GICD_IROUTER                0x6000  /* 64-bit, INTID n at +8n (n >= 32) */
#define GICD_PIDR2                  0xFFE8

/* Size in bytes of the per-INTID register arrays, for 1020 INTIDs. */
#define GICD_BITMAP_BYTES           0x80    /* 1 bit per INTID */
#define GICD_PRIORITY_BYTES         0x400   /* 8 bits per INTID */
#define GICD_ICFGR_BYTES            0x100   /* 2 bits per INTID */
#define GICD_IROUTER_BYTES          0x2000  /* 64 bits per INTID */

/* GICD_CTLR, single security state view (DS == 1). */
#define GICD_CTLR_ENABLE_G0         (1u << 0)
#define GICD_CTLR_ENABLE_G1         (1u << 1)   /* EnableGrp1A when DS == 0 */
#define GICD_CTLR_ARE               (1u << 4)   /* ARE_NS when DS == 0 */
#define GICD_CTLR_DS                (1u << 6)
#define GICD_CTLR_RWP               (1u << 31)
/* Secure/DS==0 view of the physical GIC as EL2 (Non-secure) sees it. */
#define GICD_CTLR_NS_ENABLE_G1A     (1u << 1)
#define GICD_CTLR_NS_ARE_NS         (1u << 4)

/* GICD_TYPER fields. */
#define GICD_TYPER_ITLINES_MASK     0x1Fu       /* (ITLinesNumber + 1) * 32 INTIDs */
#define GICD_TYPER_CPUNUMBER_SHIFT  5
#define GICD_TYPER_SECURITYEXTN     (1u << 10)
#define GICD_TYPER_IDBITS_SHIFT     19          /* INTID bits - 1 */
#define GICD_TYPER_LPIS             (1u << 17)
#define GICD_TYPER_A3V              (1u << 24)
#define GICD_TYPER_NO1N             (1u << 25)

/* GICD_IROUTER<n> fields. */
#define GICD_IROUTER_AFF0_SHIFT     0
#define GICD_IROUTER_AFF1_SHIFT     8
#define GICD_IROUTER_AFF2_SHIFT     16
#define GICD_IROUTER_IRM            (1ull << 31)
#define GICD_IROUTER_AFF3_SHIFT     32
#define GICD_IROUTER_AFF_MASK       0xFF00FFFFFFull  /* Aff3 + Aff2..Aff0 */
#define GICD_IROUTER_WRITABLE       (GICD_IROUTER_AFF_MASK | GICD_IROUTER_IRM)

/* Peripheral ID2 (both GICD and GICR frames): ArchRev in bits [7:4]. */
#define GIC_PIDR2_ARCHREV_SHIFT     4
#define GIC_PIDR2_ARCHREV_MASK      (0xFu << GIC_PIDR2_ARCHREV_SHIFT)
#define GIC_PIDR2_ARCHREV_GICV3     0x3u
#define GIC_PIDR2_JEP106_BITS       0xBu        /* JEDEC bit + JEP106 ID[6:4] of Arm */

/* IIDR: implementer JEP106 code of Arm (0x43B), as QEMU reports. */
#define GIC_IIDR_IMPLEMENTER_ARM    0x43Bu
#define GIC_IIDR_PRODUCTID_SHIFT    24

/* ---- Redistributor, RD_base frame ---- */
#define GICR_CTLR                   0x0000
#define GICR_IIDR                   0x0004
#define GICR_TYPER                  0x0008      /* 64-bit */
#define GICR_STATUSR                0x0010
#define GICR_WAKER                  0x0014
#define GICR_PROPBASER              0x0070
#define GICR_PENDBASER              0x0078
#define GICR_PIDR2                  0xFFE8
/* SGI_base frame follows RD_base. */
#define GICR_SGI_BASE               0x10000
#define GICR_FRAME_SIZE             0x10000
#define GICR_STRIDE                 0x20000     /* RD_base + SGI_base */
#define GICR_IGROUPR0               (GICR_SGI_BASE + 0x0080)
#define GICR_ISENABLER0             (GICR_SGI_BASE + 0x0100)
#define GICR_ICENABLER0             (GICR_SGI_BASE + 0x0180)
#define GICR_ISPENDR0               (GICR_SGI_BASE + 0x0200)
#define GICR_ICPENDR0               (GICR_SGI_BASE + 0x0280)
#define GICR_ISACTIVER0             (GICR_SGI_BASE + 0x0300)
#define GICR_ICACTIVER0             (GICR_SGI_BASE + 0x0380)
#define GICR_IPRIORITYR0            (GICR_SGI_BASE + 0x0400)  /* 32 bytes */
#define GICR_ICFGR0                 (GICR_SGI_BASE + 0x0C00)  /* SGIs */
#define GICR_ICFGR1                 (GICR_SGI_BASE + 0x0C04)  /* PPIs */
#define GICR_IGRPMODR0              (GICR_SGI_BASE + 0x0D00)
#define GICR_NSACR                  (GICR_SGI_BASE + 0x0E00)

#define GICR_CTLR_ENABLE_LPIS       (1u << 0)
#define GICR_CTLR_RWP               (1u << 3)
#define GICR_TYPER_PLPIS            (1ull << 0)
/* GICR_PROPBASER.IDbits: LPI INTID bits - 1 (IHI 0069 12.11.19). */
#define GICR_PROPBASER_IDBITS_MASK  0x1Full
/* LPI configuration table byte (IHI 0069 5.1.1). */
#define LPI_PROP_ENABLE             0x01u
#define LPI_PROP_PRIORITY_MASK      0xFCu
#define GICR_TYPER_LAST             (1ull << 4)
#define GICR_TYPER_PROCNUM_SHIFT    8
#define GICR_TYPER_AFFINITY_SHIFT   32
#define GICR_WAKER_PROCESSORSLEEP   (1u << 1)
#define GICR_WAKER_CHILDRENASLEEP   (1u << 2)

/* GICD_ICFGR/GICR_ICFGR: two bits per INTID, bit 1 set = edge-triggered. */
#define GIC_ICFGR_EDGE              0x2u

/* ---- CPU interface system register fields ---- */
#define ICC_SRE_EL2_SRE             (1ull << 0)
#define ICC_SRE_EL2_DFB             (1ull << 1)
#define ICC_SRE_EL2_DIB             (1ull << 2)
#define ICC_SRE_EL2_ENABLE          (1ull << 3)  /* EL1 may use ICC_SRE_EL1 */
#define ICC_CTLR_EL1_EOIMODE        (1ull << 1)
#define ICC_IGRPEN1_EL1_ENABLE      (1ull << 0)
#define ICC_PMR_OPEN                0xFFull
#define ICC_IAR_INTID_MASK          0xFFFFFFull

/* ICC_SGI1R_EL1 (op0 3, op1 0, CRn 12, CRm 11, op2 5) as a trapped MSR's
 * ISS encoding (compare under ESR_ELx_SYS64_ENC_MASK); its AArch32 view
 * ICC_SGI1R is MCRR p15, opc1 0, <Rt>, <Rt2>, c12. Then its fields. */
#define ICC_SGI1R_EL1_SYS64         ESR_ELx_SYS64_ENC(3, 0, 12, 11, 5)
#define ICC_SGI1R_CP15_OPC1         0
#define ICC_SGI1R_CP15_CRM          12
#define ICC_SGI1R_TARGETLIST_MASK   0xFFFFull
#define ICC_SGI1R_AFF1_SHIFT        16
#define ICC_SGI1R_INTID_SHIFT       24
#define ICC_SGI1R_INTID_MASK        0xFull
#define ICC_SGI1R_AFF2_SHIFT        32
#define ICC_SGI1R_IRM               (1ull << 40)
#define ICC_SGI1R_RS_SHIFT          44
#define ICC_SGI1R_RS_MASK           0xFull
#define ICC_SGI1R_AFF3_SHIFT        48
#define ICC_SGI1R_AFF_MASK          0xFFull

/* ---- Hypervisor interface (ICH_*_EL2) ---- */
#define ICH_HCR_EL2_EN              (1ull << 0)
#define ICH_HCR_EL2_UIE             (1ull << 1)
#define ICH_HCR_EL2_LRENPIE         (1ull << 2)
#define ICH_HCR_EL2_NPIE            (1ull << 3)
#define ICH_HCR_EL2_EOICOUNT_SHIFT  27

#define ICH_VTR_EL2_LISTREGS_MASK   0x1Full      /* number of LRs - 1 */
#define ICH_LR_MAX                  16           /* ICH_LR<n>_EL2, n = 0..15 */
#define ICH_VTR_EL2_PREBITS_SHIFT   26           /* preemption bits - 1 */
#define ICH_VTR_EL2_PREBITS_MASK    0x7ull
#define ICH_VTR_EL2_PRIBITS_SHIFT   29           /* priority bits - 1 */
#define ICH_VTR_EL2_PRIBITS_MASK    0x7ull
/* Active-priority registers per group: 5 preemption bits need 1, 6 need 2,
 * 7 need 4; the others do not exist (UNDEFINED). */
#define ICH_VTR_EL2_NR_APRS(vtr) \
	((((vtr) >> ICH_VTR_EL2_PREBITS_SHIFT) & ICH_VTR_EL2_PREBITS_MASK) + 1 <= 5 ? 1u : \
	 (((vtr) >> ICH_VTR_EL2_PREBITS_SHIFT) & ICH_VTR_EL2_PREBITS_MASK) + 1 == 6 ? 2u : 4u)

#define ICH_LR_VINTID_MASK          0xFFFFFFFFull
#define ICH_LR_PINTID_SHIFT         32
#define ICH_LR_PINTID_MASK          0x1FFFull
#define ICH_LR_EOI                  (1ull << 41)  /* with HW == 0: maintenance on EOI */
#define ICH_LR_PRIORITY_SHIFT       48
#define ICH_LR_PRIORITY_MASK        0xFFull
#define ICH_LR_GROUP                (1ull << 60)
#define ICH_LR_HW                   (1ull << 61)
#define ICH_LR_STATE_SHIFT          62
#define ICH_LR_STATE_PENDING        (1ull << 62)
#define ICH_LR_STATE_ACTIVE         (1ull << 63)
#define ICH_LR_STATE_MASK           (3ull << 62)

#define ICH_MISR_EL2_EOI            (1ull << 0)
#define ICH_MISR_EL2_U              (1ull << 1)
#define ICH_MISR_EL2_NP             (1ull << 3)

/* ---- GICv2 (IHI 0048B) ----
 * Distributor registers that differ from the GICv3 view above; the
 * per-INTID arrays (IGROUPR ... ICFGR, ITARGETSR) sit at the same offsets,
 * INTIDs 0-31 banked per CPU interface. */
#define GICD_V2_PIDR2               0x0FE8
#define GICD_V2_WINDOW_SIZE         0x1000
#define GICD_ITARGETSR_BYTES        0x400       /* 8 bits per INTID */
#define GICD_SGIR_TARGETFILTER_SHIFT 24
#define GICD_SGIR_TARGETFILTER_MASK 0x3u
#define GICD_SGIR_FILTER_LIST       0u          /* CPUTargetList */
#define GICD_SGIR_FILTER_OTHERS     1u          /* all but the requester */
#define GICD_SGIR_FILTER_SELF       2u          /* the requester only */
#define GICD_SGIR_CPULIST_SHIFT     16
#define GICD_SGIR_CPULIST_MASK      0xFFu
#define GICD_SGIR_INTID_MASK        0xFu
#define GICD_SGI_BYTES              0x10        /* C/SPENDSGIR: a byte per SGI */
#define GIC_PIDR2_ARCHREV_GICV2     0x2u
#define GICV2_MAX_CPUS              8

/* CPU interface (GICC_*; the virtual one, GICV_*, has the same layout). */
#define GICC_CTLR                   0x0000
#define GICC_PMR                    0x0004
#define GICC_BPR                    0x0008
#define GICC_IAR                    0x000C
#define GICC_EOIR                   0x0010
#define GICC_DIR                    0x1000
#define GICC_CTLR_ENABLE_GRP0       (1u << 0)
#define GICC_CTLR_ENABLE_GRP1       (1u << 1)
#define GICC_CTLR_ACKCTL            (1u << 2)
#define GICC_CTLR_EOIMODES          (1u << 9)
#define GICC_CTLR_EOIMODENS         (1u << 10)
#define GICC_IAR_INTID_MASK         0x3FFu
#define GICC_PMR_OPEN               0xFFu
#define GICV_FRAME_SIZE             0x2000      /* 8 KiB: GICV_DIR at 0x1000 */

/* Virtual interface control (GICH_*). HCR and VMCR have the ICH_HCR_EL2 /
 * ICH_VMCR_EL2 layout; VTR ListRegs/PREbits/PRIbits too. */
#define GICH_HCR                    0x0000
#define GICH_VTR                    0x0004
#define GICH_VMCR                   0x0008
#define GICH_MISR                   0x0010
#define GICH_EISR0                  0x0020
#define GICH_ELRSR0                 0x0030
#define GICH_APR                    0x00F0
#define GICH_LR0                    0x0100      /* GICH_LR<n> at +4n, n < 64 */
#define GICH_VTR_LISTREGS_MASK      0x3Fu
#define GICH_LR_VIRTUALID_MASK      0x3FFu
#define GICH_LR_PHYSICALID_SHIFT    10
#define GICH_LR_PHYSICALID_MASK     0x3FFu
#define GICH_LR_CPUID_MASK          0x7u        /* HW == 0, SGIs: source CPU */
#define GICH_LR_EOI                 (1u << 19)  /* HW == 0 */
#define GICH_LR_PRIORITY_SHIFT      23          /* the top 5 bits of 8 */
#define GICH_LR_PRIORITY_MASK       0x1Fu
#define GICH_LR_STATE_SHIFT         28
#define GICH_LR_GROUP1              (1u << 30)
#define GICH_LR_HW                  (1u << 31)

/* ---- ITS (GITS_*), offsets from its control frame (IHI 0069 12.19) ---- */
#define GITS_CTLR                   0x0000
#define GITS_IIDR                   0x0004
#define GITS_CBASER                 0x0080      /* 64-bit */
#define GITS_CWRITER                0x0088      /* 64-bit */
#define GITS_CREADR                 0x0090      /* 64-bit */
#define GITS_BASER                  0x0100      /* 64-bit, GITS_BASER<n> at +8n */
#define GITS_NR_BASERS              8
#define GITS_TYPER                  0x0008      /* 64-bit */
#define GITS_PIDR2                  0xFFE8
/* Translation frame (second 64 KiB): MSI writes land at GITS_TRANSLATER. */
#define GITS_TRANSLATER             0x10040
#define GITS_FRAME_SIZE             0x20000     /* control + translation frames */

#define GITS_CTLR_ENABLED           (1u << 0)
#define GITS_CTLR_QUIESCENT         (1u << 31)
/* GITS_TYPER fields (IHI 0069 12.19.20). */
#define GITS_TYPER_PLPIS            (1ull << 0)
#define GITS_TYPER_ITT_ENTRY_SIZE_SHIFT 4       /* bytes - 1 */
#define GITS_TYPER_IDBITS_SHIFT     8           /* EventID bits - 1 */
#define GITS_TYPER_DEVBITS_SHIFT    13          /* DeviceID bits - 1 */
#define GITS_TYPER_PTA              (1ull << 19)
#define GITS_TYPER_CIDBITS_SHIFT    32          /* collection ID bits - 1 */
#define GITS_TYPER_CIL              (1ull << 36)
/* GITS_CBASER / GITS_BASER<n> fields. */
#define GITS_BASER_VALID            (1ull << 63)
#define GITS_BASER_INDIRECT         (1ull << 62)
#define GITS_BASER_TYPE_SHIFT       56
#define GITS_BASER_TYPE_NONE        0ull
#define GITS_BASER_TYPE_DEVICE      1ull
#define GITS_BASER_TYPE_COLLECTION  4ull
#define GITS_BASER_ENTRY_SIZE_SHIFT 48          /* bytes - 1 */
#define GITS_BASER_PAGE_SIZE_64K    (2ull << 8)
#define GITS_BASER_ADDR_MASK        0x0000FFFFFFFFF000ull
#define GITS_BASER_SIZE_MASK        0xFFull     /* pages - 1 */
#define GITS_CBASER_PAGE_SIZE       0x1000ull   /* CBASER.Size counts 4 KiB pages */
#define GITS_CMD_SIZE               32          /* bytes per command */
#define GITS_CWRITER_OFFSET_MASK    0xFFFE0ull  /* bits [19:5] */
/* ITS commands (IHI 0069 5.3), byte 0 of the first doubleword. */
#define GITS_CMD_MOVI               0x01
#define GITS_CMD_INT                0x03
#define GITS_CMD_CLEAR              0x04
#define GITS_CMD_SYNC               0x05
#define GITS_CMD_MAPD               0x08
#define GITS_CMD_MAPC               0x09
#define GITS_CMD_MAPTI              0x0A
#define GITS_CMD_MAPI               0x0B
#define GITS_CMD_INV                0x0C
#define GITS_CMD_INVALL             0x0D
#define GITS_CMD_MOVALL             0x0E
#define GITS_CMD_DISCARD            0x0F
/* The first LPI INTID (IHI 0069 2.2.1). */
#define GIC_LPI_INTID_BASE          8192u

/* ---- GICv2 CPU interface (GICC_*), offsets from its base (IHI 0048 4.4) ---- */
#define GICC_ABPR                   0x001C
#define GICC_APR0                   0x00D0   /* GICC_APR<n> at +4n, n = 0..3 */
#define GICV2_NR_APRS               4
#define GICD_SGI_PENDING_REGS       4        /* GICD_[CS]PENDSGIR<n>, n = 0..3 */

/* ---- CPU interface system registers as (op0, op1, CRn, CRm, op2) ---- */
#define ICC_PMR_EL1_ENC             3, 0, 4, 6, 0
#define ICC_BPR0_EL1_ENC            3, 0, 12, 8, 3
#define ICC_AP0R_EL1_ENC(n)         3, 0, 12, 8, (4 + (n))
#define ICC_AP1R_EL1_ENC(n)         3, 0, 12, 9, (n)
#define ICC_BPR1_EL1_ENC            3, 0, 12, 12, 3
#define ICC_CTLR_EL1_ENC            3, 0, 12, 12, 4
#define ICC_SRE_EL1_ENC             3, 0, 12, 12, 5
#define ICC_IGRPEN0_EL1_ENC         3, 0, 12, 12, 6
#define ICC_IGRPEN1_EL1_ENC         3, 0, 12, 12, 7
#define ICC_NR_APRS                 4        /* ICC_AP<g>R<n>_EL1, n = 0..3 */
/* ICC_CTLR_EL1.PRIbits (priority bits - 1) and the active-priority
 * registers per group they call for: 5 bits 1, 6 bits 2, 7 bits 4. */
#define ICC_CTLR_EL1_PRIBITS_SHIFT  8
#define ICC_CTLR_EL1_PRIBITS_MASK   0x7ull
#define ICC_CTLR_EL1_NR_APRS(ctlr) \
	((((ctlr) >> ICC_CTLR_EL1_PRIBITS_SHIFT) & ICC_CTLR_EL1_PRIBITS_MASK) + 1 <= 5 ? 1u : \
	 (((ctlr) >> ICC_CTLR_EL1_PRIBITS_SHIFT) & ICC_CTLR_EL1_PRIBITS_MASK) + 1 == 6 ? 2u : 4u)

#endif
