/* SPDX-License-Identifier: MIT */
/*
 * Shared between the vgic files (state core, GICD and GICR emulation); not
 * part of the interface the el2 core uses. All functions here expect the
 * distributor lock held.
 */
#ifndef ARMVM_EL2_VGIC_INTERNAL_H
#define ARMVM_EL2_VGIC_INTERNAL_H

#include <stddef.h>

#include "el2/vgic.h"

#define VGIC_NO_TARGET 0xFFu

/* The state of `intid` as seen from vCPU `vcpu` (private IRQs are banked). */
struct vgic_irq *vgic_irq_get(struct vgic_dist *dist, struct vgic_cpu *vcpu,
			      unsigned intid);

/* Level-sensitive as far as LRs go: configured level, or HW-linked. */
static inline bool vgic_irq_is_level(const struct vgic_irq *irq)
{
	return (irq->flags & (VGIC_IRQ_LEVEL | VGIC_IRQ_HW)) != 0;
}

static inline bool vgic_irq_pending(const struct vgic_irq *irq)
{
	if (irq->flags & VGIC_IRQ_PENDING_LATCH)
		return true;
	return vgic_irq_is_level(irq) && (irq->flags & VGIC_IRQ_LINE_LEVEL);
}

/*
 * Note that `intid` may now be pending or active, so vgic_flush() looks at
 * it. Every change that sets ACTIVE, PENDING_LATCH or LINE_LEVEL calls this.
 */
static inline void vgic_irq_mark_live(struct vgic_dist *dist, struct vgic_cpu *vcpu,
				      unsigned intid)
{
	if (intid < VGIC_NR_PRIVATE_IRQS) {
		if (vcpu)
			vcpu->priv_live |= 1u << intid;
	} else if (intid - VGIC_NR_PRIVATE_IRQS < VGIC_MAX_SPIS) {
		unsigned spi = intid - VGIC_NR_PRIVATE_IRQS;

		dist->spi_live[spi / 32] |= 1u << (spi % 32);
		if (dist->spi[spi].target < VGIC_MAX_VCPUS)
			dist->spi_live_vcpus |= 1u << dist->spi[spi].target;
	} else if (intid >= GIC_LPI_INTID_BASE && vcpu) {
		/* LPIs share the SPIs' superset of vCPUs to look at. */
		dist->spi_live_vcpus |= 1u << vcpu->id;
	}
}

/* Pending, enabled and its group enabled in GICD_CTLR: would be signalled. */
bool vgic_irq_deliverable(const struct vgic_dist *dist, const struct vgic_irq *irq);

/* vCPU index that receives `irq` (INTID `intid`) seen from `vcpu`. */
static inline unsigned vgic_irq_target(const struct vgic_cpu *vcpu,
				       const struct vgic_irq *irq, unsigned intid)
{
	return intid < VGIC_NR_PRIVATE_IRQS ? vcpu->id : irq->target;
}

/* vCPU index whose affinity is `aff` (GICR_TYPER packing), or VGIC_NO_TARGET. */
unsigned vgic_vcpu_by_affinity(const struct vgic_dist *dist, uint32_t aff);

/*
 * Registers that hold one bit per INTID (IGROUPR, IS/ICENABLER, IS/ICPENDR,
 * IS/ICACTIVER): read or write the 32 INTIDs from first_intid seen from
 * `vcpu`. Writes return a mask of vCPUs to kick (bit n = vCPU n).
 */
enum vgic_bitreg {
	VGIC_BITREG_GROUP,
	VGIC_BITREG_SET_ENABLE,
	VGIC_BITREG_CLEAR_ENABLE,
	VGIC_BITREG_SET_PENDING,
	VGIC_BITREG_CLEAR_PENDING,
	VGIC_BITREG_SET_ACTIVE,
	VGIC_BITREG_CLEAR_ACTIVE,
};

uint32_t vgic_bitreg_read(struct vgic_dist *dist, struct vgic_cpu *vcpu,
			  enum vgic_bitreg reg, unsigned first_intid);
uint32_t vgic_bitreg_write(struct vgic_dist *dist, struct vgic_cpu *vcpu,
			   enum vgic_bitreg reg, unsigned first_intid, uint32_t value);

/* Whether `off` is in a register array of `bytes` bytes at `base`. */
static inline bool vgic_in_array(uint64_t off, uint64_t base, uint64_t bytes)
{
	return off >= base && off < base + bytes;
}

/* The bit register (and its base offset) a distributor offset falls in:
 * the same in both GIC versions' distributors. */
bool vgic_bitreg_of(uint64_t off, enum vgic_bitreg *reg, uint64_t *base);

/* GICD_CTLR's group enables (both versions); the vCPUs to kick. */
uint32_t vgic_ctlr_write(struct vgic_dist *dist, uint32_t value);

/* IPRIORITYR: `size` (1 or 4) bytes of priorities from first_intid. */
uint32_t vgic_priority_read(struct vgic_dist *dist, struct vgic_cpu *vcpu,
			    unsigned first_intid, unsigned size);
void vgic_priority_write(struct vgic_dist *dist, struct vgic_cpu *vcpu,
			 unsigned first_intid, unsigned size, uint32_t value);

/* ICFGR: 16 INTIDs from first_intid, two bits each. SGIs are always edge. */
uint32_t vgic_config_read(struct vgic_dist *dist, struct vgic_cpu *vcpu,
			  unsigned first_intid);
void vgic_config_write(struct vgic_dist *dist, struct vgic_cpu *vcpu,
		       unsigned first_intid, uint32_t value);

/* Latch `intid` pending (seen from `vcpu` for private ones); the vCPU to
 * kick, as a mask. */
uint32_t vgic_inject_locked(struct vgic_dist *dist, struct vgic_cpu *vcpu, unsigned intid);

/* Mask of vCPUs with a deliverable interrupt. */
uint32_t vgic_pending_vcpus(struct vgic_dist *dist);

/* Call the kick hook for every vCPU in `mask`; takes no lock. */
void vgic_kick_mask(struct vgic_dist *dist, uint32_t mask);

#endif
