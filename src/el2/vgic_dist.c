/* SPDX-License-Identifier: MIT */
/*
 * Emulated GICv3 distributor (GICD_*, IHI 0069 chapter 12.9) for one
 * partition: affinity routing always on (ARE RAO/WI), a single security
 * state (DS RAO/WI), no LPIs or message-based SPIs. The SGI/PPI parts of the
 * per-INTID arrays are RAZ/WI here, as the specification requires with
 * ARE set; those live in each vCPU's redistributor (vgic_redist.c).
 * Accesses of a wrong size or to unknown offsets read as zero and are
 * ignored on write.
 */
#include "arch/gic_regs.h"
#include "el2/vgic_internal.h"
#include "el2/vgic_lpi.h"

static uint32_t dist_typer(const struct vgic_dist *dist)
{
	uint32_t lines = (VGIC_NR_PRIVATE_IRQS + dist->nr_spis) / 32 - 1;
	uint32_t cpus = (dist->nr_vcpus - 1) & 7;
	/* 10 INTID bits (IDbits = bits - 1), or with LPIs their range
	 * (vgic_lpi.h); no 1-of-N (IRM routes to vCPU 0 anyway, see route_spi). */
	uint32_t idbits = dist->lpi ? VGIC_LPI_ID_BITS : 10;

	return (lines & GICD_TYPER_ITLINES_MASK) |
	       cpus << GICD_TYPER_CPUNUMBER_SHIFT |
	       (idbits - 1) << GICD_TYPER_IDBITS_SHIFT |
	       (dist->lpi ? GICD_TYPER_LPIS : 0);
}

/* Pick the vCPU an SPI goes to from its IROUTER value. */
static void route_spi(struct vgic_dist *dist, struct vgic_irq *irq, uint64_t router)
{
	irq->irouter = router & GICD_IROUTER_WRITABLE;
	if (router & GICD_IROUTER_IRM) {
		/* "Any participating PE": we always pick vCPU 0. */
		irq->target = 0;
		return;
	}
	irq->target = (uint8_t)vgic_vcpu_by_affinity(dist, mpidr_aff_packed(router));
}

static uint64_t irouter_read(struct vgic_dist *dist, uint64_t off, unsigned size)
{
	unsigned intid = (unsigned)((off - GICD_IROUTER) / 8);
	struct vgic_irq *irq = vgic_irq_get(dist, NULL, intid);
	unsigned shift = (unsigned)(off & 4) * 8;

	if (!irq || intid < VGIC_NR_PRIVATE_IRQS)
		return 0;
	if (size == 8 && !(off & 7))
		return irq->irouter;
	if (size == 4)
		return (uint32_t)(irq->irouter >> shift);
	return 0;
}

/* Returns the vCPUs to kick. */
static uint32_t irouter_write(struct vgic_dist *dist, uint64_t off, unsigned size,
			      uint64_t value)
{
	unsigned intid = (unsigned)((off - GICD_IROUTER) / 8);
	struct vgic_irq *irq = vgic_irq_get(dist, NULL, intid);
	uint64_t router;

	if (!irq || intid < VGIC_NR_PRIVATE_IRQS)
		return 0;
	if (size == 8 && !(off & 7)) {
		router = value;
	} else if (size == 4) {
		unsigned shift = (unsigned)(off & 4) * 8;

		router = irq->irouter & ~(0xFFFFFFFFull << shift);
		router |= (value & 0xFFFFFFFFull) << shift;
	} else {
		return 0;
	}
	route_spi(dist, irq, router);
	/* A live SPI's new target must look at it (spi_live_vcpus). */
	if (irq->flags & (VGIC_IRQ_ACTIVE | VGIC_IRQ_PENDING_LATCH | VGIC_IRQ_LINE_LEVEL))
		vgic_irq_mark_live(dist, NULL, intid);
	if (irq->target < dist->nr_vcpus && vgic_irq_deliverable(dist, irq))
		return 1u << irq->target;
	return 0;
}

static uint64_t dist_read_locked(struct vgic_dist *dist, uint64_t off, unsigned size)
{
	enum vgic_bitreg reg;
	uint64_t base;

	if (vgic_in_array(off, GICD_IROUTER, GICD_IROUTER_BYTES))
		return irouter_read(dist, off, size);
	if (vgic_in_array(off, GICD_IPRIORITYR, GICD_PRIORITY_BYTES)) {
		unsigned intid = (unsigned)(off - GICD_IPRIORITYR);

		if ((size != 1 && size != 4) || (off & (size - 1)) ||
		    intid < VGIC_NR_PRIVATE_IRQS)
			return 0;
		return vgic_priority_read(dist, NULL, intid, size);
	}
	if (size != 4 || (off & 3))
		return 0;
	if (vgic_bitreg_of(off, &reg, &base)) {
		unsigned intid = (unsigned)(off - base) * 8;

		return intid < VGIC_NR_PRIVATE_IRQS ? 0
		       : vgic_bitreg_read(dist, NULL, reg, intid);
	}
	if (vgic_in_array(off, GICD_ICFGR, GICD_ICFGR_BYTES)) {
		unsigned intid = (unsigned)(off - GICD_ICFGR) * 4;

		return intid < VGIC_NR_PRIVATE_IRQS ? 0 : vgic_config_read(dist, NULL, intid);
	}
	switch (off) {
	case GICD_CTLR:
		return dist->ctlr | GICD_CTLR_ARE | GICD_CTLR_DS;
	case GICD_TYPER:
		return dist_typer(dist);
	case GICD_IIDR:
		return GIC_IIDR_IMPLEMENTER_ARM;
	case GICD_PIDR2:
		return GIC_PIDR2_ARCHREV_GICV3 << GIC_PIDR2_ARCHREV_SHIFT | GIC_PIDR2_JEP106_BITS;
	default:
		return 0;       /* TYPER2, STATUSR, IGRPMODR, NSACR, legacy: RAZ */
	}
}

static uint32_t dist_write_locked(struct vgic_dist *dist, uint64_t off, unsigned size,
				  uint64_t value)
{
	enum vgic_bitreg reg;
	uint64_t base;

	if (vgic_in_array(off, GICD_IROUTER, GICD_IROUTER_BYTES))
		return irouter_write(dist, off, size, value);
	if (vgic_in_array(off, GICD_IPRIORITYR, GICD_PRIORITY_BYTES)) {
		unsigned intid = (unsigned)(off - GICD_IPRIORITYR);

		if ((size == 1 || size == 4) && !(off & (size - 1)) &&
		    intid >= VGIC_NR_PRIVATE_IRQS)
			vgic_priority_write(dist, NULL, intid, size, (uint32_t)value);
		return 0;
	}
	if (size != 4 || (off & 3))
		return 0;
	if (vgic_bitreg_of(off, &reg, &base)) {
		unsigned intid = (unsigned)(off - base) * 8;

		return intid < VGIC_NR_PRIVATE_IRQS ? 0
		       : vgic_bitreg_write(dist, NULL, reg, intid, (uint32_t)value);
	}
	if (vgic_in_array(off, GICD_ICFGR, GICD_ICFGR_BYTES)) {
		unsigned intid = (unsigned)(off - GICD_ICFGR) * 4;

		if (intid >= VGIC_NR_PRIVATE_IRQS)
			vgic_config_write(dist, NULL, intid, (uint32_t)value);
		return 0;
	}
	if (off == GICD_CTLR)
		return vgic_ctlr_write(dist, (uint32_t)value);
	return 0;
}

uint64_t vgic_dist_read(void *opaque, uint64_t offset, unsigned size)
{
	struct vgic_dist *dist = opaque;
	uint64_t v;

	if (offset >= VGIC_DIST_WINDOW_SIZE)
		return 0;
	spin_lock(&dist->lock);
	v = dist_read_locked(dist, offset, size);
	spin_unlock(&dist->lock);
	return v;
}

void vgic_dist_write(void *opaque, uint64_t offset, unsigned size, uint64_t value)
{
	struct vgic_dist *dist = opaque;
	uint32_t kick;

	if (offset >= VGIC_DIST_WINDOW_SIZE)
		return;
	spin_lock(&dist->lock);
	kick = dist_write_locked(dist, offset, size, value);
	spin_unlock(&dist->lock);
	vgic_kick_mask(dist, kick);
}
