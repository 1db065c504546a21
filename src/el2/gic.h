/* SPDX-License-Identifier: MIT */
/*
 * The physical GIC as EL2 drives it: a GICv3, or a GICv2 with the
 * virtualization extensions (gic_init_v2(); gic_v2.c, and the hypervisor
 * interface through GICH: gich_v2.h) behind the same calls. The GICv3: EL2 owns the distributor and the
 * redistributors; with ICC_SRE_EL2.{SRE,Enable} and ICH_HCR_EL2.En, guests
 * at EL1 use the virtual CPU interface and every physical IRQ is taken at
 * EL2 (the core sets HCR_EL2.IMO/FMO). EL2 runs the physical CPU interface
 * with EOImode=1: it drops priority on EOIR1 and deactivates separately, so
 * the virtual timer PPI can stay active until the guest deactivates it
 * through the LR HW link.
 *
 * Physical interrupts EL2 uses:
 *   SGI GIC_SGI_KICK   pCPU-to-pCPU kick (make a vCPU exit and re-flush)
 *   PPI 25 (INTID 25)  GIC maintenance interrupt
 *   PPI 26 (INTID 26)  EL2 physical timer CNTHP (vtimer wake-ups)
 *   PPI 27 (INTID 27)  virtual timer of the loaded vCPU -> virtual INTID 27
 *   SPIs routed here with gic_route_spi() (assigned to a partition;
 *   HW-linked ones, gic_link_spi(), stay active until the guest is done)
 */
#ifndef ARMVM_EL2_GIC_H
#define ARMVM_EL2_GIC_H

#include <stdbool.h>
#include <stdint.h>

#include "arch/timer.h"
#include "arch/gic_regs.h"
#include "el2/gic_sysreg.h"
#include "el2/gic_v2.h"

#define GIC_SGI_KICK 0

/*
 * Once, on the boot pCPU at EL2 with the GIC mapped: reset the distributor
 * at gicd_base (ARE, Group 1 enabled, all SPIs disabled) and remember the
 * redistributor region at gicr_base (QEMU virt: 0x08000000, 0x080A0000).
 * Returns 0, or -1 when no GICv3 answers there.
 */
int gic_init(uint64_t gicd_base, uint64_t gicr_base);

/*
 * The same for a GICv2 with the virtualization extensions: distributor at
 * gicd_base, CPU interface at gicc_base, virtual interface control at
 * gich_base; maintenance interrupt `maint_intid` (a PPI). Everything below
 * then drives the GICv2 (gic_v2_host). Returns 0, or -1 when no GICv2
 * answers there.
 */
int gic_init_v2(uint64_t gicd_base, uint64_t gicc_base, uint64_t gich_base,
		uint64_t gicv_base, unsigned maint_intid);


/*
 * On every pCPU (boot pCPU after gic_init), at EL2: find this pCPU's
 * redistributor by MPIDR_EL1, wake it, enable SGI kick and PPIs 25/26/27,
 * enable the system-register interface for EL2 and EL1 (ICC_SRE_EL2),
 * EOImode=1, PMR open, Group 1 on, ICH_HCR_EL2.En. Returns 0 or -1.
 */
int gic_cpu_init(void);

/* What gic_ack_irq() found (one bit; 0 = spurious). */
#define GIC_IRQ_KICK      (1u << 0)   /* another pCPU kicked us */
#define GIC_IRQ_VTIMER    (1u << 1)   /* virtual timer of the loaded vCPU */
#define GIC_IRQ_HYPTIMER  (1u << 2)   /* CNTHP wake-up: check blocked vCPUs */
#define GIC_IRQ_MAINT     (1u << 3)   /* maintenance: re-flush the vCPU */
#define GIC_IRQ_SPI       (1u << 4)   /* a routed SPI, now masked */
#define GIC_IRQ_OTHER     (1u << 5)   /* unexpected INTID, acknowledged */
#define GIC_IRQ_SPI_HW    (1u << 6)   /* a HW-linked SPI, left active */

struct gic_irq {
	unsigned kind;                  /* GIC_IRQ_* */
	unsigned intid;                 /* the physical INTID acknowledged */
};

/*
 * The EL2 IRQ handler's physical half (IRQ vector, lower or current EL,
 * IRQs masked): acknowledge one interrupt through ICC_IAR1_EL1, do what the
 * hardware needs and report what it was; the vGIC (vgic_forward_irq())
 * injects it. With EOImode=1 the priority is always dropped; what is left
 * active:
 *   GIC_IRQ_VTIMER  PPI 27 when `vcpu_loaded`: it stays active until the
 *                   guest deactivates the HW-linked virtual INTID 27.
 *                   With no vCPU loaded the timer is masked (CNTV_CTL.IMASK)
 *                   and the PPI deactivated: GIC_IRQ_OTHER.
 *   GIC_IRQ_SPI     the SPI is masked and deactivated; gic_unmask_spi()
 *                   once its owner is done with it.
 *   GIC_IRQ_SPI_HW  a linked SPI (gic_link_spi()) stays active until the
 *                   guest deactivates the HW-linked virtual SPI.
 * Kicks, maintenance and CNTHP (disarmed here) are completed. The
 * maintenance interrupt (level) exists only to cause the exit: when the
 * core has run vgic_sync() first, as it should, the condition is already
 * cleared and the acknowledge reads as spurious (kind 0). Both are fine.
 */
static inline struct gic_irq gic_ack_irq(bool vcpu_loaded);

/* Mask physical SPI `hw_intid` (>= 32) at the distributor, and wait. */
void gic_mask_spi(unsigned hw_intid);

/* Send physical SGI `sgi` (0..15) to the pCPU whose MPIDR_EL1 is `mpidr`. */
void gic_send_sgi(uint64_t mpidr, unsigned sgi);

/* The ICC_SGI1R_EL1 value that targets exactly `mpidr` with SGI `sgi`. */
uint64_t gic_sgi1r_value(uint64_t mpidr, unsigned sgi);

/*
 * Route physical SPI `hw_intid` (>= 32) to the pCPU `target_mpidr` and
 * unmask it (the vGIC's SPI assignment, vgic_assign_hw_spi(), calls it).
 * Returns 0, or -1 before gic_init() or when the GIC has no such SPI.
 */
int gic_route_spi(unsigned hw_intid, uint64_t target_mpidr);

/* Unmask physical SPI `hw_intid` (the vGIC calls it when the guest is done). */
void gic_unmask_spi(unsigned hw_intid);

/*
 * HW-linked SPIs (device passthrough): gic_ack_irq() leaves such an SPI
 * active, and the guest's deactivation of the virtual interrupt, whose
 * list register carries HW=1 and pINTID = the SPI, deactivates it (GICv3
 * 4.4: ICH_LR<n>_EL2.HW). gic_link_spi() marks `hw_intid` (>= 32) linked
 * and clears an active state left from before (a reset partition's).
 * Returns 0, or -1 when the GIC has no such SPI.
 */
extern uint32_t gic_linked_spis[GIC_INTID_SPECIAL_FIRST / 32];
int gic_link_spi(unsigned hw_intid);
/* Deactivate SPI `hw_intid` at the distributor (an HW-linked SPI nobody
 * takes). */
void gic_deactivate_spi(unsigned hw_intid);

static inline bool gic_spi_linked(unsigned hw_intid)
{
	return hw_intid < GIC_INTID_SPECIAL_FIRST &&
	       (__atomic_load_n(&gic_linked_spis[hw_intid / 32], __ATOMIC_RELAXED) >> (hw_intid % 32)) & 1;
}

/*
 * Set or clear the physical active state of PPI `intid` on this pCPU's
 * redistributor (world switch of the HW-linked timer, vgic_lr.c).
 */
void gic_set_ppi_active(unsigned intid, bool active);

/* The physical CPU interface's acknowledge, priority drop, deactivate:
 * system registers on a GICv3, GICC on a GICv2. */
static inline uint64_t gic_cpuif_ack(void)
{
	if (gic_v2_host) {
		uint32_t iar = *(volatile uint32_t *)(gic_v2_gicc + GICC_IAR);

		/* 1023 and friends read the same in both; keep SGI source bits. */
		return (iar & GICC_IAR_INTID_MASK) >= GIC_INTID_SPECIAL_FIRST ?
		       (iar & GICC_IAR_INTID_MASK) : iar;
	}
	return gic_sysreg_read(GIC_SR_ICC_IAR1_EL1);
}

static inline unsigned gic_iar_intid(uint64_t iar)
{
	return (unsigned)(iar & (gic_v2_host ? GICC_IAR_INTID_MASK : ICC_IAR_INTID_MASK));
}

static inline void gic_cpuif_eoi(uint64_t iar)
{
	if (gic_v2_host)
		*(volatile uint32_t *)(gic_v2_gicc + GICC_EOIR) = (uint32_t)iar;
	else
		gic_sysreg_write(GIC_SR_ICC_EOIR1_EL1, iar);
}

static inline void gic_cpuif_deactivate(uint64_t iar)
{
	if (gic_v2_host)
		*(volatile uint32_t *)(gic_v2_gicc + GICC_DIR) = (uint32_t)iar;
	else
		gic_sysreg_write(GIC_SR_ICC_DIR_EL1, iar);
}

/* Inline: the timer's way into the guest is one call shorter. */
static inline struct gic_irq gic_ack_irq(bool vcpu_loaded)
{
	uint64_t iar = gic_cpuif_ack();
	struct gic_irq irq = { 0, gic_iar_intid(iar) };

	if (irq.intid >= GIC_INTID_SPECIAL_FIRST)
		return irq;
	/* EOImode 1: this only drops the running priority. */
	gic_cpuif_eoi(iar);

	switch (irq.intid) {
	case GIC_SGI_KICK:
		irq.kind = GIC_IRQ_KICK;
		break;
	case GIC_INTID_MAINT:
		/* Level: it drops once vgic_sync() clears ICH_HCR_EL2. */
		irq.kind = GIC_IRQ_MAINT;
		break;
	case GIC_INTID_HYPTIMER:
		gic_sysreg_write(GIC_SR_CNTHP_CTL_EL2, 0);
		gic_sysreg_sync();
		irq.kind = GIC_IRQ_HYPTIMER;
		break;
	case GIC_INTID_VTIMER:
		if (vcpu_loaded) {
			/* Stays active until the guest deactivates INTID 27. */
			irq.kind = GIC_IRQ_VTIMER;
			return irq;
		}
		/* No vCPU here to take it: silence the timer, not the guest's. */
		gic_sysreg_write(GIC_SR_CNTV_CTL_EL0, CNT_CTL_IMASK);
		gic_sysreg_sync();
		irq.kind = GIC_IRQ_OTHER;
		break;
	default:
		if (irq.intid >= GIC_NR_PRIVATE && gic_spi_linked(irq.intid)) {
			/* Stays active until the guest deactivates it (HW=1). */
			irq.kind = GIC_IRQ_SPI_HW;
			return irq;
		}
		if (irq.intid >= GIC_NR_PRIVATE) {
			/* Masked until the guest is done with it (level). */
			gic_mask_spi(irq.intid);
			irq.kind = GIC_IRQ_SPI;
		} else {
			irq.kind = GIC_IRQ_OTHER;
		}
		break;
	}
	gic_cpuif_deactivate(iar);
	return irq;
}

#endif
