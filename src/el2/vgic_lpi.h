/* SPDX-License-Identifier: MIT */
/*
 * LPIs for the emulated GICv3 (IHI 0069 chapter 5.1): the redistributors'
 * LPI registers (GICR_CTLR.EnableLPIs, GICR_PROPBASER, GICR_PENDBASER,
 * GICR_TYPER.PLPIS), the partition's ITS (vgic_its.h) as their only
 * source, and the pending/active state of the LPIs in flight, which
 * vgic_flush() loads into list registers (vINTID >= 8192, group 1) like
 * any other interrupt.
 *
 * Model: an LPI's configuration byte (priority, enable) is read from the
 * guest's LPI configuration table (PROPBASER) when the LPI becomes pending
 * and again on INV/INVALL. Pending state is kept here, not in the guest's
 * pending table (PENDBASER is accepted and never read or written). At
 * most VGIC_MAX_LPIS LPIs are pending or active at once per partition;
 * an event beyond that is dropped and counted (`dropped`). A table
 * outside the partition's RAM reads as "disabled". Direct LPIs
 * (GICR_SETLPIR) are not implemented (GICR_TYPER.DirectLPI = 0).
 *
 * Attached to a distributor after vgic_dist_init(); a distributor without
 * one has no LPIs (GICD_TYPER.LPIS = 0) and no ITS.
 */
#ifndef ARMVM_EL2_VGIC_LPI_H
#define ARMVM_EL2_VGIC_LPI_H

#include <stdbool.h>
#include <stdint.h>

#include "el2/vgic.h"
#include "el2/vgic_its.h"

#define VGIC_MAX_LPIS        64         /* in flight at once */
#define VGIC_LPI_ID_BITS     VGIC_ITS_LPI_ID_BITS   /* GICD_TYPER.IDbits + 1 */

struct vgic_lpi {
	uint16_t intid;                  /* 0: free slot */
	struct vgic_irq irq;             /* target = vCPU index */
};

struct vgic_lpi_state {
	struct vgic_its its;
	/* The partition's RAM: IPA ram_gpa.. seen by the hypervisor at ram_host. */
	uint64_t ram_gpa, ram_size;
	const uint8_t *ram_host;
	struct vgic_dist *dist;
	uint64_t propbaser[VGIC_MAX_VCPUS];
	uint64_t pendbaser[VGIC_MAX_VCPUS];
	uint32_t enabled;                /* vCPUs with GICR_CTLR.EnableLPIs */
	struct vgic_lpi slot[VGIC_MAX_LPIS];
	uint32_t kick;                   /* vCPUs to kick after the lock drops */
	unsigned dropped;                /* events lost to full slots */
};

/* Give `dist` (already initialised) LPIs and an ITS; RAM as above.
 * Returns 0, or -1 on bad arguments. */
int vgic_lpi_attach(struct vgic_dist *dist, struct vgic_lpi_state *lpi,
		    uint64_t ram_gpa, uint64_t ram_size, const void *ram_host);

/* The ITS's MMIO window (opaque = the distributor), as mmio regions take. */
uint64_t vgic_its_mmio_read(void *opaque, uint64_t offset, unsigned size);
void vgic_its_mmio_write(void *opaque, uint64_t offset, unsigned size, uint64_t value);

/* Hooks for vgic_redist.c; distributor lock held. (vgic.c finds an
 * LPI's state in slot[] itself: vgic_irq_get.) */
/* GICR LPI registers: true when `off` is one (value in *v for reads). */
bool vgic_lpi_redist_read(struct vgic_lpi_state *lpi, const struct vgic_cpu *vcpu,
			  uint64_t off, unsigned size, uint64_t *v);
bool vgic_lpi_redist_write(struct vgic_lpi_state *lpi, const struct vgic_cpu *vcpu,
			   uint64_t off, unsigned size, uint64_t value);

#endif
