// SPDX-License-Identifier: MIT
/*
 * Emulated GICv2 distributor (IHI 0048B chapter 4.3) for a partition on a
 * GICv2 host: no security extensions, the per-INTID arrays banked for
 * INTIDs 0-31 (seen from the accessing vCPU), SPI targets by
 * GICD_ITARGETSR (an SPI goes to the lowest-numbered vCPU of its target
 * byte; vCPU 0 while the byte is 0), SGIs by GICD_SGIR with their source
 * vCPU, which the guest reads back in GICC_IAR (the LR's CPUID field).
 * The interrupt state itself is vgic.c's, shared with the GICv3 model.
 * Known simplification: an SGI raised by two sources before it is taken
 * is pending once, from the last one (a GICv2 keeps one per source).
 */
#include "arch/gic_regs.h"
#include "el2/vgic_internal.h"

void vgic_dist_use_v2(struct vgic_dist *dist, unsigned (*current_vcpu)(void *ctx))
{
	spin_lock(&dist->lock);
	dist->v2 = true;
	dist->current_vcpu = current_vcpu;
	for (unsigned i = 0; i < VGIC_MAX_SPIS; i++) {
		dist->spi[i].flags &= (uint8_t)~VGIC_IRQ_GROUP1;
		dist->spi[i].irouter = 0;
	}
	for (unsigned c = 0; c < dist->nr_vcpus; c++)
		for (unsigned i = 0; dist->vcpus[c] && i < VGIC_NR_PRIVATE_IRQS; i++)
			dist->vcpus[c]->priv[i].flags &= (uint8_t)~VGIC_IRQ_GROUP1;
	spin_unlock(&dist->lock);
}

static struct vgic_cpu *accessor(struct vgic_dist *dist)
{
	unsigned id = dist->current_vcpu ? dist->current_vcpu(dist->kick_ctx) : 0;

	return id < dist->nr_vcpus ? dist->vcpus[id] : NULL;
}

static uint32_t cpu_mask_all(const struct vgic_dist *dist)
{
	return (1u << dist->nr_vcpus) - 1;
}

static uint32_t dist_typer(const struct vgic_dist *dist)
{
	return (((VGIC_NR_PRIVATE_IRQS + dist->nr_spis) / 32 - 1) & GICD_TYPER_ITLINES_MASK) |
	       ((dist->nr_vcpus - 1) & 7) << GICD_TYPER_CPUNUMBER_SHIFT;
}

/* One ITARGETSR byte of INTID `intid`. */
static uint8_t target_read(struct vgic_dist *dist, struct vgic_cpu *vcpu, unsigned intid)
{
	struct vgic_irq *irq;

	if (intid < VGIC_NR_PRIVATE_IRQS)
		return vcpu ? (uint8_t)(1u << vcpu->id) : 0;
	irq = vgic_irq_get(dist, NULL, intid);
	return irq ? (uint8_t)irq->irouter : 0;
}

/* Returns the vCPUs to kick. */
static uint32_t target_write(struct vgic_dist *dist, unsigned intid, uint8_t value)
{
	struct vgic_irq *irq = intid >= VGIC_NR_PRIVATE_IRQS ? vgic_irq_get(dist, NULL, intid) : NULL;
	uint8_t mask = (uint8_t)(value & cpu_mask_all(dist));

	if (!irq)
		return 0;       /* SGI/PPI targets are read-only */
	irq->irouter = mask;
	irq->target = mask ? (uint8_t)__builtin_ctz(mask) : 0;
	if (irq->flags & (VGIC_IRQ_ACTIVE | VGIC_IRQ_PENDING_LATCH | VGIC_IRQ_LINE_LEVEL))
		vgic_irq_mark_live(dist, NULL, intid);
	if (vgic_irq_deliverable(dist, irq))
		return 1u << irq->target;
	return 0;
}

static uint32_t sgir_write(struct vgic_dist *dist, struct vgic_cpu *src, uint32_t v)
{
	unsigned sgi = v & GICD_SGIR_INTID_MASK;
	unsigned filter = (v >> GICD_SGIR_TARGETFILTER_SHIFT) & GICD_SGIR_TARGETFILTER_MASK;
	uint32_t targets = (v >> GICD_SGIR_CPULIST_SHIFT) & GICD_SGIR_CPULIST_MASK;
	uint32_t kick = 0;

	if (!src)
		return 0;
	if (filter == GICD_SGIR_FILTER_OTHERS)
		targets = cpu_mask_all(dist) & ~(1u << src->id);
	else if (filter == GICD_SGIR_FILTER_SELF)
		targets = 1u << src->id;
	else if (filter != GICD_SGIR_FILTER_LIST)
		return 0;
	targets &= cpu_mask_all(dist);
	for (unsigned t = 0; t < dist->nr_vcpus; t++) {
		if (!(targets & (1u << t)) || !dist->vcpus[t])
			continue;
		dist->vcpus[t]->priv[sgi].sgi_source = (uint8_t)src->id;
		kick |= vgic_inject_locked(dist, dist->vcpus[t], sgi);
	}
	return kick;
}

/* C/SPENDSGIR, one byte per SGI: the bit of its source when pending. */
static uint32_t sgi_pending_read(struct vgic_cpu *vcpu, unsigned first_sgi, unsigned size)
{
	uint32_t v = 0;

	for (unsigned i = 0; vcpu && i < size; i++) {
		struct vgic_irq *irq = &vcpu->priv[first_sgi + i];

		if (vgic_irq_pending(irq))
			v |= (1u << irq->sgi_source) << (8 * i);
	}
	return v;
}

static uint32_t sgi_pending_write(struct vgic_dist *dist, struct vgic_cpu *vcpu, bool set,
				  unsigned first_sgi, unsigned size, uint32_t value)
{
	uint32_t kick = 0;

	for (unsigned i = 0; vcpu && i < size; i++) {
		uint8_t sources = (uint8_t)(value >> (8 * i)) & (uint8_t)cpu_mask_all(dist);
		unsigned sgi = first_sgi + i;
		struct vgic_irq *irq = &vcpu->priv[sgi];

		if (!sources)
			continue;
		if (set) {
			irq->sgi_source = (uint8_t)__builtin_ctz(sources);
			kick |= vgic_bitreg_write(dist, vcpu, VGIC_BITREG_SET_PENDING, 0, 1u << sgi);
		} else if (sources & (1u << irq->sgi_source)) {
			kick |= vgic_bitreg_write(dist, vcpu, VGIC_BITREG_CLEAR_PENDING, 0, 1u << sgi);
		}
	}
	return kick;
}

static bool byte_array_access(uint64_t off, unsigned size)
{
	return (size == 1 || size == 4) && !(off & (size - 1));
}

static uint64_t read_locked(struct vgic_dist *dist, uint64_t off, unsigned size)
{
	struct vgic_cpu *vcpu = accessor(dist);
	enum vgic_bitreg reg;
	uint64_t base;

	if (vgic_in_array(off, GICD_IPRIORITYR, GICD_PRIORITY_BYTES)) {
		if (!byte_array_access(off, size))
			return 0;
		return vgic_priority_read(dist, vcpu, (unsigned)(off - GICD_IPRIORITYR), size);
	}
	if (vgic_in_array(off, GICD_ITARGETSR, GICD_ITARGETSR_BYTES)) {
		unsigned intid = (unsigned)(off - GICD_ITARGETSR);
		uint32_t v = 0;

		if (!byte_array_access(off, size))
			return 0;
		for (unsigned i = 0; i < size; i++)
			v |= (uint32_t)target_read(dist, vcpu, intid + i) << (8 * i);
		return v;
	}
	if (vgic_in_array(off, GICD_CPENDSGIR, 2 * GICD_SGI_BYTES)) {
		if (!byte_array_access(off, size))
			return 0;
		return sgi_pending_read(vcpu, (unsigned)((off - GICD_CPENDSGIR) % GICD_SGI_BYTES), size);
	}
	if (size != 4 || (off & 3))
		return 0;
	if (vgic_bitreg_of(off, &reg, &base))
		return vgic_bitreg_read(dist, vcpu, reg, (unsigned)(off - base) * 8);
	if (vgic_in_array(off, GICD_ICFGR, GICD_ICFGR_BYTES))
		return vgic_config_read(dist, vcpu, (unsigned)(off - GICD_ICFGR) * 4);
	switch (off) {
	case GICD_CTLR:
		return dist->ctlr;
	case GICD_TYPER:
		return dist_typer(dist);
	case GICD_IIDR:
		return GIC_IIDR_IMPLEMENTER_ARM;
	case GICD_V2_PIDR2:
		return GIC_PIDR2_ARCHREV_GICV2 << GIC_PIDR2_ARCHREV_SHIFT | GIC_PIDR2_JEP106_BITS;
	default:
		return 0;
	}
}

static uint32_t write_locked(struct vgic_dist *dist, uint64_t off, unsigned size, uint64_t value)
{
	struct vgic_cpu *vcpu = accessor(dist);
	enum vgic_bitreg reg;
	uint64_t base;

	if (vgic_in_array(off, GICD_IPRIORITYR, GICD_PRIORITY_BYTES)) {
		if (byte_array_access(off, size))
			vgic_priority_write(dist, vcpu, (unsigned)(off - GICD_IPRIORITYR), size,
					    (uint32_t)value);
		return 0;
	}
	if (vgic_in_array(off, GICD_ITARGETSR, GICD_ITARGETSR_BYTES)) {
		unsigned intid = (unsigned)(off - GICD_ITARGETSR);
		uint32_t kick = 0;

		if (!byte_array_access(off, size))
			return 0;
		for (unsigned i = 0; i < size; i++)
			kick |= target_write(dist, intid + i, (uint8_t)(value >> (8 * i)));
		return kick;
	}
	if (vgic_in_array(off, GICD_CPENDSGIR, 2 * GICD_SGI_BYTES)) {
		if (!byte_array_access(off, size))
			return 0;
		return sgi_pending_write(dist, vcpu, off >= GICD_SPENDSGIR,
					 (unsigned)((off - GICD_CPENDSGIR) % GICD_SGI_BYTES), size,
					 (uint32_t)value);
	}
	if (size != 4 || (off & 3))
		return 0;
	if (vgic_bitreg_of(off, &reg, &base))
		return vgic_bitreg_write(dist, vcpu, reg, (unsigned)(off - base) * 8, (uint32_t)value);
	if (vgic_in_array(off, GICD_ICFGR, GICD_ICFGR_BYTES)) {
		vgic_config_write(dist, vcpu, (unsigned)(off - GICD_ICFGR) * 4, (uint32_t)value);
		return 0;
	}
	if (off == GICD_SGIR)
		return sgir_write(dist, vcpu, (uint32_t)value);
	if (off == GICD_CTLR)
		return vgic_ctlr_write(dist, (uint32_t)value);
	return 0;
}

uint64_t vgic_dist_v2_read(void *opaque, uint64_t offset, unsigned size)
{
	struct vgic_dist *dist = opaque;
	uint64_t v;

	if (offset >= GICD_V2_WINDOW_SIZE)
		return 0;
	spin_lock(&dist->lock);
	v = read_locked(dist, offset, size);
	spin_unlock(&dist->lock);
	return v;
}

void vgic_dist_v2_write(void *opaque, uint64_t offset, unsigned size, uint64_t value)
{
	struct vgic_dist *dist = opaque;
	uint32_t kick;

	if (offset >= GICD_V2_WINDOW_SIZE)
		return;
	spin_lock(&dist->lock);
	kick = write_locked(dist, offset, size, value);
	spin_unlock(&dist->lock);
	vgic_kick_mask(dist, kick);
}
