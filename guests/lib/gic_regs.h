/* SPDX-License-Identifier: MIT */
/* GICv2 / GICv3 register offsets and bits used by the guests (Arm IHI 0048
 * GICv2 architecture specification, Arm IHI 0069 GICv3/v4). */
#ifndef GUEST_GIC_REGS_H
#define GUEST_GIC_REGS_H

/* Distributor (both versions). */
#define GICD_CTLR             0x0000
#define GICD_TYPER            0x0004
/* INTID bits - 1; GICv3 only: RES0 on GICv2, at least 15 on GICv3. */
#define GICD_TYPER_IDBITS(v)  (((v) >> 19) & 0x1f)
#define GICD_ISENABLER(n)     (0x0100 + 4 * (n))
#define GICD_ISPENDR(n)       (0x0200 + 4 * (n))
#define GICD_IPRIORITYR(n)    (0x0400 + 4 * (n))
#define GICD_IGROUPR(n)       (0x0080 + 4 * (n))
#define GICD_ITARGETSR(n)     (0x0800 + 4 * (n))   /* GICv2 */
#define GICD_ICFGR(n)         (0x0C00 + 4 * (n))
#define GICD_ICFGR_EDGE       2u                   /* per 2-bit field */
#define GICD_IROUTER_LO(id)   (0x6000 + 8 * (id))  /* GICv3 */
#define GICD_IROUTER_HI(id)   (0x6004 + 8 * (id))

/* GICv2 distributor control. */
#define GICD_CTLR_ENABLE      (1u << 0)

/* GICv3 distributor control (single security state view, as on `virt`). */
#define GICD_CTLR_ENABLE_G1   (1u << 0)
#define GICD_CTLR_ENABLE_G1A  (1u << 1)
#define GICD_CTLR_ARE_NS      (1u << 4)
#define GICD_CTLR_RWP         (1u << 31)

/* GICv2 CPU interface. */
#define GICC_CTLR             0x0000
#define GICC_PMR              0x0004
#define GICC_IAR              0x000C
#define GICC_EOIR             0x0010
#define GICC_CTLR_ENABLE      (1u << 0)
#define GICC_IAR_INTID(v)     ((v) & 0x3ff)

/* GICv3 redistributor: RD_base frame, then SGI_base frame 64 KiB above. */
#define GICR_TYPER_LO         0x0008
#define GICR_TYPER_HI         0x000C   /* Affinity_Value: Aff3.Aff2.Aff1.Aff0 */
#define GICR_TYPER_LAST       (1u << 4)
#define GICR_WAKER            0x0014
#define GICR_WAKER_PROCESSOR_SLEEP (1u << 1)
#define GICR_WAKER_CHILDREN_ASLEEP (1u << 2)
#define GICR_SGI_BASE         0x10000
#define GICR_IGROUPR0         (GICR_SGI_BASE + 0x0080)
#define GICR_ISENABLER0       (GICR_SGI_BASE + 0x0100)
#define GICR_ISPENDR0         (GICR_SGI_BASE + 0x0200)
#define GICR_IPRIORITYR(n)    (GICR_SGI_BASE + 0x0400 + 4 * (n))

/* GICv3 CPU interface system register bits. */
#define ICC_SRE_SRE           (1u << 0)
#define ICC_IGRPEN1_ENABLE    (1u << 0)
#define ICC_IAR_INTID(v)      ((v) & 0xffffff)

#endif
