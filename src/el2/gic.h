/* SPDX-License-Identifier: MIT */
/*
 * The physical GICv3 as EL2 drives it. EL2 owns the distributor and the
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
 *   SPIs assigned to a partition with gic_assign_spi()
 */
#ifndef ARMVM_EL2_GIC_H
#define ARMVM_EL2_GIC_H

#include <stdbool.h>
#include <stdint.h>

#include "el2/vgic.h"

#define GIC_SGI_KICK 0

/*
 * Once, on the boot pCPU at EL2 with the GIC mapped: reset the distributor
 * at gicd_base (ARE, Group 1 enabled, all SPIs disabled) and remember the
 * redistributor region at gicr_base (QEMU virt: 0x08000000, 0x080A0000).
 * Returns 0, or -1 when no GICv3 answers there.
 */
int gic_init(uint64_t gicd_base, uint64_t gicr_base);

/*
 * On every pCPU (boot pCPU after gic_init), at EL2: find this pCPU's
 * redistributor by MPIDR_EL1, wake it, enable SGI kick and PPIs 25/26/27,
 * enable the system-register interface for EL2 and EL1 (ICC_SRE_EL2),
 * EOImode=1, PMR open, Group 1 on, ICH_HCR_EL2.En. Returns 0 or -1.
 */
int gic_cpu_init(void);

/* What gic_handle_irq() found (a bit mask; 0 = spurious). */
#define GIC_IRQ_KICK      (1u << 0)   /* another pCPU kicked us */
#define GIC_IRQ_VTIMER    (1u << 1)   /* virtual timer forwarded to `running` */
#define GIC_IRQ_HYPTIMER  (1u << 2)   /* CNTHP wake-up: check blocked vCPUs */
#define GIC_IRQ_MAINT     (1u << 3)   /* maintenance: re-flush `running` */
#define GIC_IRQ_SPI       (1u << 4)   /* an assigned SPI was injected */
#define GIC_IRQ_OTHER     (1u << 5)   /* unexpected INTID, acknowledged */

/*
 * The EL2 IRQ handler (from the IRQ vector, lower or current EL, IRQs
 * masked): acknowledge one interrupt through ICC_IAR1_EL1, route it and
 * complete it. `running` is the vCPU loaded on this pCPU or NULL when idle
 * (a virtual timer PPI with no vCPU loaded is just deactivated).
 * The core then re-enters via vgic_flush(), which loads what was injected.
 * The maintenance interrupt (level) exists only to cause the exit: when the
 * core has run vgic_sync() first, as it should, the condition is already
 * cleared and the acknowledge reads as spurious (returns 0). Both are fine.
 */
unsigned gic_handle_irq(struct vgic_cpu *running);

/* Send physical SGI `sgi` (0..15) to the pCPU whose MPIDR_EL1 is `mpidr`. */
void gic_send_sgi(uint64_t mpidr, unsigned sgi);

/* The ICC_SGI1R_EL1 value that targets exactly `mpidr` with SGI `sgi`. */
uint64_t gic_sgi1r_value(uint64_t mpidr, unsigned sgi);

/*
 * Give physical SPI `hw_intid` (>= 32) to a partition as its SPI `intid`,
 * routed to the pCPU `target_mpidr`. When it fires, EL2 masks it, injects it
 * (level) and unmasks it once the guest deactivates it.
 * Returns 0, or -1 on bad arguments/table full.
 */
int gic_assign_spi(unsigned hw_intid, struct vgic_dist *dist, unsigned intid,
		   uint64_t target_mpidr);

/* Unmask physical SPI `hw_intid` (vgic.c calls it when the guest is done). */
void gic_unmask_spi(unsigned hw_intid);

/*
 * Set or clear the physical active state of PPI `intid` on this pCPU's
 * redistributor (world switch of the HW-linked timer, vgic.c).
 */
void gic_set_ppi_active(unsigned intid, bool active);

#endif
