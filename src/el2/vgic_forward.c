/* SPDX-License-Identifier: MIT */
/*
 * Physical interrupts forwarded to guests: the EL2 IRQ entry point that
 * injects what the physical GIC driver (gic.c) acknowledged (through the
 * HW-linked injections of vgic.c), and the table of physical SPIs assigned
 * to partitions. The dependency runs one way: this file calls the driver,
 * the driver never calls the vGIC.
 */
#include <stddef.h>

#include "el2/gic.h"
#include "el2/vgic_internal.h"

#define VGIC_MAX_HW_SPIS 32

/* Physical SPI hw_intid belongs to `dist` as its SPI `intid`. */
struct vgic_hw_spi {
	uint16_t hw_intid;
	uint16_t intid;
	struct vgic_dist *dist;
};

static struct vgic_hw_spi hw_spis[VGIC_MAX_HW_SPIS];
static struct spinlock hw_spis_lock = SPINLOCK_INIT;

/* Read without the lock: an entry is complete before a route unmasks it. */
static const struct vgic_hw_spi *hw_spi_owner(unsigned hw_intid)
{
	for (unsigned i = 0; i < VGIC_MAX_HW_SPIS; i++)
		if (hw_spis[i].dist && hw_spis[i].hw_intid == hw_intid)
			return &hw_spis[i];
	return NULL;
}

int vgic_assign_hw_spi(struct vgic_dist *dist, unsigned intid, unsigned hw_intid,
		       uint64_t target_mpidr)
{
	struct vgic_hw_spi *slot = NULL;

	if (!dist || hw_intid < VGIC_NR_PRIVATE_IRQS || intid < VGIC_NR_PRIVATE_IRQS)
		return -1;
	spin_lock(&hw_spis_lock);
	for (unsigned i = 0; i < VGIC_MAX_HW_SPIS && !slot; i++)
		if (!hw_spis[i].dist || hw_spis[i].hw_intid == hw_intid)
			slot = &hw_spis[i];
	if (slot) {
		slot->hw_intid = (uint16_t)hw_intid;
		slot->intid = (uint16_t)intid;
		slot->dist = dist;
	}
	spin_unlock(&hw_spis_lock);
	if (!slot)
		return -1;
	if (gic_link_spi(hw_intid) < 0 || gic_route_spi(hw_intid, target_mpidr) < 0) {
		spin_lock(&hw_spis_lock);
		slot->dist = NULL;
		spin_unlock(&hw_spis_lock);
		return -1;
	}
	return 0;
}

unsigned vgic_forward_irq(struct vgic_cpu *running)
{
	struct gic_irq irq = gic_ack_irq(running != NULL);
	const struct vgic_hw_spi *owner;

	switch (irq.kind) {
	case GIC_IRQ_VTIMER:
		vgic_inject_hw_ppi(running, irq.intid);
		break;
	case GIC_IRQ_SPI_HW:
		owner = hw_spi_owner(irq.intid);
		if (!owner) {
			gic_deactivate_spi(irq.intid);
			return GIC_IRQ_OTHER;
		}
		vgic_inject_hw_spi_linked(owner->dist, owner->intid, owner->hw_intid);
		break;
	case GIC_IRQ_SPI:
		owner = hw_spi_owner(irq.intid);
		if (!owner)
			return GIC_IRQ_OTHER;   /* stays masked: nobody's */
		vgic_inject_hw_spi(owner->dist, owner->intid, owner->hw_intid);
		break;
	default:
		break;
	}
	return irq.kind;
}
