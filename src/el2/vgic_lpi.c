/* SPDX-License-Identifier: MIT */
/*
 * LPIs of the emulated GICv3 and the glue to its ITS (see vgic_lpi.h).
 * Everything here runs with the distributor lock held, except the ITS
 * MMIO entry points, which take it.
 */
#include "el2/vgic_lpi.h"

#include <string.h>

#include "arch/gic_regs.h"
#include "el2/vgic_internal.h"

/* Writable bits of GICR_PROPBASER/PENDBASER: address [51:12], the cache
 * and shareability fields, PROPBASER.IDbits; PENDBASER.PTZ reads 0. */
#define LPI_BASER_WRITABLE  (0x000FFFFFFFFFF000ull | 0x0700000000000000ull | \
			     0x0000000000000F80ull | GICR_PROPBASER_IDBITS_MASK)

static int read_guest(void *ctx, uint64_t ipa, void *buf, size_t len)
{
	struct vgic_lpi_state *lpi = ctx;

	if (ipa < lpi->ram_gpa || ipa - lpi->ram_gpa > lpi->ram_size ||
	    len > lpi->ram_size - (ipa - lpi->ram_gpa))
		return -1;
	memcpy(buf, lpi->ram_host + (ipa - lpi->ram_gpa), len);
	return 0;
}

/* Priority and enable from the guest's configuration table, as seen by
 * vCPU `vcpu`'s redistributor (IHI 0069 5.1.1). */
static void read_config(struct vgic_lpi_state *lpi, struct vgic_irq *irq, unsigned intid,
			unsigned vcpu)
{
	uint64_t prop = lpi->propbaser[vcpu];
	unsigned bits = (unsigned)(prop & GICR_PROPBASER_IDBITS_MASK) + 1;
	uint8_t cfg = 0;

	if (bits > VGIC_LPI_ID_BITS)
		bits = VGIC_LPI_ID_BITS;
	if (intid >= 1u << bits ||
	    read_guest(lpi, (prop & GITS_BASER_ADDR_MASK) + (intid - GIC_LPI_INTID_BASE), &cfg, 1))
		cfg = 0;                 /* outside the table or RAM: disabled */
	irq->priority = (uint8_t)(cfg & LPI_PROP_PRIORITY_MASK & lpi->dist->prio_mask);
	if (cfg & LPI_PROP_ENABLE)
		irq->flags |= VGIC_IRQ_ENABLED;
	else
		irq->flags &= (uint8_t)~VGIC_IRQ_ENABLED;
}

static void mark_live(struct vgic_lpi_state *lpi, struct vgic_irq *irq)
{
	lpi->dist->spi_live_vcpus |= 1u << irq->target;
	if (vgic_irq_deliverable(lpi->dist, irq))
		lpi->kick |= 1u << irq->target;
}

static void set_pending(struct vgic_lpi_state *lpi, unsigned intid, unsigned vcpu)
{
	struct vgic_irq *irq = vgic_irq_get(lpi->dist, NULL, intid);

	if (!(lpi->enabled & (1u << vcpu)))
		return;          /* LPIs off at that redistributor: no effect */
	if (!irq) {
		for (unsigned i = 0; i < VGIC_MAX_LPIS && !irq; i++) {
			if (lpi->slot[i].intid)
				continue;
			lpi->slot[i].intid = (uint16_t)intid;
			irq = &lpi->slot[i].irq;
			*irq = (struct vgic_irq){ .flags = VGIC_IRQ_GROUP1, .target = (uint8_t)vcpu };
			read_config(lpi, irq, intid, vcpu);
		}
		if (!irq) {
			lpi->dropped++;
			return;
		}
	}
	irq->flags |= VGIC_IRQ_PENDING_LATCH;
	mark_live(lpi, irq);
}

/* The ITS's LPI events, with the distributor lock held. */
static void its_lpi(void *ctx, enum vgic_its_lpi_op op, uint32_t intid, unsigned vcpu,
		    unsigned to_vcpu)
{
	struct vgic_lpi_state *lpi = ctx;
	struct vgic_irq *irq;

	if (op == VGIC_ITS_LPI_SET_PENDING) {
		set_pending(lpi, intid, vcpu);
		return;
	}
	irq = vgic_irq_get(lpi->dist, NULL, intid);
	if (!irq)
		return;          /* not in flight: nothing to clear, re-read or move */
	switch (op) {
	case VGIC_ITS_LPI_CLEAR_PENDING:
		irq->flags &= (uint8_t)~VGIC_IRQ_PENDING_LATCH;
		if (irq->lr_owner) {
			/* Held in an LR: dropped when that vCPU folds it back. */
			irq->lr_clear |= VGIC_LR_CLEAR_PENDING;
			lpi->kick |= 1u << (irq->lr_owner - 1);
		}
		break;
	case VGIC_ITS_LPI_INV:
		read_config(lpi, irq, intid, irq->target);
		mark_live(lpi, irq);
		break;
	case VGIC_ITS_LPI_MOVE:
		if (irq->target != vcpu)
			break;
		irq->target = (uint8_t)to_vcpu;
		mark_live(lpi, irq);
		break;
	case VGIC_ITS_LPI_SET_PENDING:
		break;
	}
}

int vgic_lpi_attach(struct vgic_dist *dist, struct vgic_lpi_state *lpi,
		    uint64_t ram_gpa, uint64_t ram_size, const void *ram_host)
{
	struct vgic_its_ops ops = { read_guest, its_lpi, lpi };

	if (!dist || !lpi || !ram_host)
		return -1;
	memset(lpi, 0, sizeof(*lpi));
	lpi->ram_gpa = ram_gpa;
	lpi->ram_size = ram_size;
	lpi->ram_host = ram_host;
	lpi->dist = dist;
	if (vgic_its_init(&lpi->its, dist->nr_vcpus, &ops) < 0)
		return -1;
	spin_lock(&dist->lock);
	dist->lpi = lpi;
	spin_unlock(&dist->lock);
	return 0;
}

static uint32_t take_kick(struct vgic_lpi_state *lpi)
{
	uint32_t k = lpi->kick;

	lpi->kick = 0;
	return k;
}

uint64_t vgic_its_mmio_read(void *opaque, uint64_t offset, unsigned size)
{
	struct vgic_dist *dist = opaque;
	uint64_t v = 0;

	spin_lock(&dist->lock);
	if (dist->lpi)
		v = vgic_its_read(&dist->lpi->its, offset, size);
	spin_unlock(&dist->lock);
	return v;
}

void vgic_its_mmio_write(void *opaque, uint64_t offset, unsigned size, uint64_t value)
{
	struct vgic_dist *dist = opaque;
	uint32_t kick = 0;

	spin_lock(&dist->lock);
	if (dist->lpi) {
		vgic_its_write(&dist->lpi->its, offset, size, value);
		kick = take_kick(dist->lpi);
	}
	spin_unlock(&dist->lock);
	vgic_kick_mask(dist, kick);
}

bool vgic_lpi_redist_read(struct vgic_lpi_state *lpi, const struct vgic_cpu *vcpu,
			  uint64_t off, unsigned size, uint64_t *v)
{
	uint64_t reg;

	switch (off & ~7ull) {
	case GICR_PROPBASER: reg = lpi->propbaser[vcpu->id]; break;
	case GICR_PENDBASER: reg = lpi->pendbaser[vcpu->id]; break;
	default:
		if (off != GICR_CTLR || size != 4)
			return false;
		*v = (lpi->enabled >> vcpu->id) & 1 ? GICR_CTLR_ENABLE_LPIS : 0;
		return true;
	}
	if (size == 8 && !(off & 7))
		*v = reg;
	else if (size == 4 && !(off & 3))
		*v = (uint32_t)(reg >> ((off & 4) * 8));
	else
		*v = 0;
	return true;
}

bool vgic_lpi_redist_write(struct vgic_lpi_state *lpi, const struct vgic_cpu *vcpu,
			   uint64_t off, unsigned size, uint64_t value)
{
	uint64_t *reg;
	unsigned shift;

	switch (off & ~7ull) {
	case GICR_PROPBASER: reg = &lpi->propbaser[vcpu->id]; break;
	case GICR_PENDBASER: reg = &lpi->pendbaser[vcpu->id]; break;
	default:
		if (off != GICR_CTLR || size != 4)
			return false;
		if (value & GICR_CTLR_ENABLE_LPIS)
			lpi->enabled |= 1u << vcpu->id;
		else
			lpi->enabled &= ~(1u << vcpu->id);
		return true;
	}
	/* Changing the tables with LPIs on is UNPREDICTABLE: ignored. */
	if (lpi->enabled & (1u << vcpu->id))
		return true;
	if (size == 8 && !(off & 7)) {
		*reg = value & LPI_BASER_WRITABLE;
	} else if (size == 4 && !(off & 3)) {
		shift = (unsigned)(off & 4) * 8;
		*reg = ((*reg & ~(0xFFFFFFFFull << shift)) |
			(value & 0xFFFFFFFFull) << shift) & LPI_BASER_WRITABLE;
	}
	return true;
}
