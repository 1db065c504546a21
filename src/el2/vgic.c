/* SPDX-License-Identifier: MIT */
/*
 * Virtual GICv3 state: reset, interrupt injection, guest-generated SGIs, the
 * per-INTID register helpers the GICD/GICR emulation shares, and the WFI
 * wake-up test. List registers are in vgic_lr.c; the EL2 IRQ entry that
 * forwards physical interrupts here is in vgic_forward.c.
 */
#include <string.h>

#include "arch/gic_regs.h"
#include "el2/gic_sysreg.h"
#include "el2/gic.h"
#include "el2/vgic_internal.h"
#include "el2/vgic_lpi.h"

#define VGIC_DEFAULT_PRIO_BITS 5

struct vgic_irq *vgic_irq_get(struct vgic_dist *dist, struct vgic_cpu *vcpu,
			      unsigned intid)
{
	if (intid < VGIC_NR_PRIVATE_IRQS)
		return vcpu ? &vcpu->priv[intid] : NULL;
	if (intid - VGIC_NR_PRIVATE_IRQS < dist->nr_spis)
		return &dist->spi[intid - VGIC_NR_PRIVATE_IRQS];
	if (intid >= GIC_LPI_INTID_BASE && dist->lpi) {
		for (unsigned i = 0; i < VGIC_MAX_LPIS; i++)       /* vgic_lpi.h */
			if (dist->lpi->slot[i].intid == intid)
				return &dist->lpi->slot[i].irq;
	}
	return NULL;
}

bool vgic_irq_deliverable(const struct vgic_dist *dist, const struct vgic_irq *irq)
{
	uint32_t grp = (irq->flags & VGIC_IRQ_GROUP1) ? GICD_CTLR_ENABLE_G1
						      : GICD_CTLR_ENABLE_G0;

	return (irq->flags & VGIC_IRQ_ENABLED) && (dist->ctlr & grp) &&
	       vgic_irq_pending(irq);
}

unsigned vgic_vcpu_by_affinity(const struct vgic_dist *dist, uint32_t aff)
{
	for (unsigned i = 0; i < dist->nr_vcpus; i++)
		if (dist->vcpus[i] && dist->vcpus[i]->affinity == aff)
			return i;
	return VGIC_NO_TARGET;
}

void vgic_kick_mask(struct vgic_dist *dist, uint32_t mask)
{
	for (unsigned i = 0; mask && i < dist->nr_vcpus; i++) {
		if (!(mask & (1u << i)))
			continue;
		mask &= ~(1u << i);
		if (dist->kick)
			dist->kick(dist->kick_ctx, i);
	}
}

static void irq_reset(struct vgic_irq *irq, bool level)
{
	memset(irq, 0, sizeof(*irq));
	/* Group 1, as QEMU virt resets them when it boots a kernel directly. */
	irq->flags = VGIC_IRQ_GROUP1 | (level ? VGIC_IRQ_LEVEL : 0);
}

int vgic_dist_init(struct vgic_dist *dist, unsigned nr_vcpus, unsigned nr_spis)
{
	uint64_t vtr;
	unsigned pri_bits;

	if (!dist || nr_vcpus == 0 || nr_vcpus > VGIC_MAX_VCPUS)
		return -1;
	memset(dist, 0, sizeof(*dist));
	spin_lock_init(&dist->lock);
	dist->nr_vcpus = nr_vcpus;
	nr_spis = (nr_spis + 31) & ~31u;
	dist->nr_spis = nr_spis > VGIC_MAX_SPIS ? VGIC_MAX_SPIS : nr_spis;
	dist->ctlr = 0;
	for (unsigned i = 0; i < VGIC_MAX_SPIS; i++)
		irq_reset(&dist->spi[i], true);

	vtr = gic_sysreg_read(GIC_SR_ICH_VTR_EL2);
	dist->nr_lrs = (unsigned)(vtr & ICH_VTR_EL2_LISTREGS_MASK) + 1;
	pri_bits = (unsigned)((vtr >> ICH_VTR_EL2_PRIBITS_SHIFT) & ICH_VTR_EL2_PRIBITS_MASK) + 1;
	if (pri_bits < VGIC_DEFAULT_PRIO_BITS)
		pri_bits = VGIC_DEFAULT_PRIO_BITS;
	dist->nr_aprs = ICH_VTR_EL2_NR_APRS(vtr);
	dist->prio_mask = (uint8_t)(0xFFu << (8 - pri_bits));
	return 0;
}

int vgic_cpu_init(struct vgic_dist *dist, struct vgic_cpu *vcpu, unsigned id,
		  uint32_t affinity)
{
	if (!dist || !vcpu || id >= dist->nr_vcpus)
		return -1;
	memset(vcpu, 0, sizeof(*vcpu));
	vcpu->dist = dist;
	vcpu->id = id;
	vcpu->affinity = affinity;
	vcpu->waker = GICR_WAKER_PROCESSORSLEEP;
	/* SGIs are edge-triggered; PPIs level (the timers are). */
	for (unsigned i = 0; i < VGIC_NR_PRIVATE_IRQS; i++)
		irq_reset(&vcpu->priv[i], i >= GIC_NR_SGIS);
	spin_lock(&dist->lock);
	dist->vcpus[id] = vcpu;
	spin_unlock(&dist->lock);
	return 0;
}

void vgic_dist_set_kick(struct vgic_dist *dist,
			void (*kick)(void *ctx, unsigned vcpu_id), void *ctx)
{
	spin_lock(&dist->lock);
	dist->kick = kick;
	dist->kick_ctx = ctx;
	spin_unlock(&dist->lock);
}

/* Mask of the vCPU that should look at `irq` now, or 0. Lock held. */
static uint32_t kick_if_deliverable(struct vgic_dist *dist, struct vgic_cpu *vcpu,
				    struct vgic_irq *irq, unsigned intid)
{
	unsigned t = vgic_irq_target(vcpu, irq, intid);

	if (t >= dist->nr_vcpus || !vgic_irq_deliverable(dist, irq))
		return 0;
	return 1u << t;
}

/* Set the edge latch of `intid` on vcpu (private) or the SPI; lock held. */
uint32_t vgic_inject_locked(struct vgic_dist *dist, struct vgic_cpu *vcpu,
			      unsigned intid)
{
	struct vgic_irq *irq = vgic_irq_get(dist, vcpu, intid);

	if (!irq)
		return 0;
	irq->flags |= VGIC_IRQ_PENDING_LATCH;
	vgic_irq_mark_live(dist, vcpu, intid);
	return kick_if_deliverable(dist, vcpu, irq, intid);
}

void vgic_inject(struct vgic_dist *dist, unsigned vcpu_id, unsigned intid)
{
	struct vgic_cpu *vcpu = NULL;
	uint32_t kick;

	if (intid < VGIC_NR_PRIVATE_IRQS) {
		if (vcpu_id >= dist->nr_vcpus || !dist->vcpus[vcpu_id])
			return;
		vcpu = dist->vcpus[vcpu_id];
	}
	spin_lock(&dist->lock);
	kick = vgic_inject_locked(dist, vcpu, intid);
	spin_unlock(&dist->lock);
	vgic_kick_mask(dist, kick);
}

void vgic_set_spi_level(struct vgic_dist *dist, unsigned spi, bool level)
{
	struct vgic_irq *irq;
	uint32_t kick = 0;

	if (spi >= dist->nr_spis)
		return;
	irq = &dist->spi[spi];
	spin_lock(&dist->lock);
	if (level && !(irq->flags & VGIC_IRQ_LINE_LEVEL)) {
		/* A rising edge latches if the guest configured it as edge. */
		if (!(irq->flags & VGIC_IRQ_LEVEL))
			irq->flags |= VGIC_IRQ_PENDING_LATCH;
		irq->flags |= VGIC_IRQ_LINE_LEVEL;
		vgic_irq_mark_live(dist, NULL, spi + VGIC_NR_PRIVATE_IRQS);
		kick = kick_if_deliverable(dist, NULL, irq, spi + VGIC_NR_PRIVATE_IRQS);
	} else if (!level) {
		irq->flags &= (uint8_t)~VGIC_IRQ_LINE_LEVEL;
	}
	spin_unlock(&dist->lock);
	vgic_kick_mask(dist, kick);
}

void vgic_inject_hw_ppi(struct vgic_cpu *vcpu, unsigned intid)
{
	struct vgic_dist *dist = vcpu->dist;
	struct vgic_irq *irq;

	if (intid < GIC_NR_SGIS || intid >= VGIC_NR_PRIVATE_IRQS)
		return;
	irq = &vcpu->priv[intid];
	spin_lock(&dist->lock);
	irq->flags |= VGIC_IRQ_HW | VGIC_IRQ_LINE_LEVEL;
	irq->hw_intid = (uint16_t)intid;
	vgic_irq_mark_live(dist, vcpu, intid);
	spin_unlock(&dist->lock);
	/* The caller runs on vcpu's pCPU and re-enters it; no kick needed. */
}

void vgic_set_ppi_level(struct vgic_cpu *vcpu, unsigned intid, bool level)
{
	struct vgic_dist *dist = vcpu->dist;
	struct vgic_irq *irq;

	if (intid < GIC_NR_SGIS || intid >= VGIC_NR_PRIVATE_IRQS)
		return;
	irq = &vcpu->priv[intid];
	spin_lock(&dist->lock);
	if (level && !(irq->flags & VGIC_IRQ_LINE_LEVEL)) {
		if (!(irq->flags & VGIC_IRQ_LEVEL))
			irq->flags |= VGIC_IRQ_PENDING_LATCH;
		irq->flags |= VGIC_IRQ_LINE_LEVEL;
		vgic_irq_mark_live(dist, vcpu, intid);
	} else if (!level) {
		irq->flags &= (uint8_t)~VGIC_IRQ_LINE_LEVEL;
	}
	spin_unlock(&dist->lock);
	/* The caller re-enters this vCPU next (vgic_flush): no kick. */
}

void vgic_hw_ppi_line_low(struct vgic_cpu *vcpu, unsigned intid)
{
	struct vgic_dist *dist = vcpu->dist;
	struct vgic_irq *irq;

	if (intid < GIC_NR_SGIS || intid >= VGIC_NR_PRIVATE_IRQS)
		return;
	irq = &vcpu->priv[intid];
	spin_lock(&dist->lock);
	/* Only a pending one: an active interrupt stays until the guest
	 * deactivates it, whatever its source does meanwhile. */
	if ((irq->flags & VGIC_IRQ_HW) && (irq->flags & VGIC_IRQ_LINE_LEVEL) &&
	    !(irq->flags & VGIC_IRQ_ACTIVE)) {
		/* A pending state the guest set (ISPENDR) is its own: it stays. */
		irq->flags &= (uint8_t)~VGIC_IRQ_LINE_LEVEL;
		if (!vgic_irq_pending(irq))
			vcpu->hw_deactivate |= 1u << intid;
	}
	spin_unlock(&dist->lock);
}

void vgic_inject_hw_spi(struct vgic_dist *dist, unsigned intid, unsigned hw_intid)
{
	struct vgic_irq *irq = vgic_irq_get(dist, NULL, intid);
	uint32_t kick;

	if (!irq || intid < VGIC_NR_PRIVATE_IRQS) {
		/* Nobody will take it: give the line back rather than lose it. */
		gic_unmask_spi(hw_intid);
		return;
	}
	spin_lock(&dist->lock);
	irq->flags |= VGIC_IRQ_HW_SPI | VGIC_IRQ_LINE_LEVEL | VGIC_IRQ_LEVEL;
	irq->hw_intid = (uint16_t)hw_intid;
	vgic_irq_mark_live(dist, NULL, intid);
	kick = kick_if_deliverable(dist, NULL, irq, intid);
	spin_unlock(&dist->lock);
	vgic_kick_mask(dist, kick);
}

void vgic_inject_hw_spi_linked(struct vgic_dist *dist, unsigned intid, unsigned hw_intid)
{
	struct vgic_irq *irq = vgic_irq_get(dist, NULL, intid);
	uint32_t kick;

	if (!irq || intid < VGIC_NR_PRIVATE_IRQS) {
		gic_deactivate_spi(hw_intid);   /* nobody will deactivate it */
		return;
	}
	spin_lock(&dist->lock);
	/* A level whose line drops when the guest acknowledges it (fold_lr):
	 * while it is active the physical SPI cannot fire again. */
	irq->flags |= VGIC_IRQ_HW | VGIC_IRQ_LINE_LEVEL | VGIC_IRQ_LEVEL;
	irq->hw_intid = (uint16_t)hw_intid;
	vgic_irq_mark_live(dist, NULL, intid);
	kick = kick_if_deliverable(dist, NULL, irq, intid);
	spin_unlock(&dist->lock);
	vgic_kick_mask(dist, kick);
}

void vgic_sgi1r_write(struct vgic_dist *dist, unsigned src_vcpu, uint64_t value)
{
	unsigned intid = (unsigned)((value >> ICC_SGI1R_INTID_SHIFT) & ICC_SGI1R_INTID_MASK);
	uint32_t kick = 0;

	if (src_vcpu >= dist->nr_vcpus)
		return;
	spin_lock(&dist->lock);
	if (value & ICC_SGI1R_IRM) {
		/* Every PE but the sender. */
		for (unsigned i = 0; i < dist->nr_vcpus; i++)
			if (i != src_vcpu && dist->vcpus[i])
				kick |= vgic_inject_locked(dist, dist->vcpus[i], intid);
	} else {
		uint32_t aff3 = (uint32_t)((value >> ICC_SGI1R_AFF3_SHIFT) & ICC_SGI1R_AFF_MASK);
		uint32_t aff2 = (uint32_t)((value >> ICC_SGI1R_AFF2_SHIFT) & ICC_SGI1R_AFF_MASK);
		uint32_t aff1 = (uint32_t)((value >> ICC_SGI1R_AFF1_SHIFT) & ICC_SGI1R_AFF_MASK);
		uint32_t rs = (uint32_t)((value >> ICC_SGI1R_RS_SHIFT) & ICC_SGI1R_RS_MASK);
		uint32_t list = (uint32_t)(value & ICC_SGI1R_TARGETLIST_MASK);

		for (unsigned bit = 0; bit < 16; bit++) {
			uint32_t aff0 = rs * 16 + bit, aff;
			unsigned t;

			if (!(list & (1u << bit)))
				continue;
			aff = aff3 << 24 | aff2 << 16 | aff1 << 8 | aff0;
			t = vgic_vcpu_by_affinity(dist, aff);
			if (t != VGIC_NO_TARGET)
				kick |= vgic_inject_locked(dist, dist->vcpus[t], intid);
		}
	}
	spin_unlock(&dist->lock);
	vgic_kick_mask(dist, kick);
}

static bool has_pending_locked(struct vgic_dist *dist, struct vgic_cpu *vcpu)
{
	for (uint32_t m = vcpu->priv_live; m; m &= m - 1)
		if (vgic_irq_deliverable(dist, &vcpu->priv[__builtin_ctz(m)]))
			return true;
	for (unsigned w = 0; w < dist->nr_spis / 32; w++) {
		for (uint32_t m = dist->spi_live[w]; m; m &= m - 1) {
			struct vgic_irq *irq = &dist->spi[w * 32 + (unsigned)__builtin_ctz(m)];

			if (irq->target == vcpu->id && vgic_irq_deliverable(dist, irq))
				return true;
		}
	}
	for (unsigned i = 0; dist->lpi && i < VGIC_MAX_LPIS; i++) {
		const struct vgic_lpi *l = &dist->lpi->slot[i];

		if (l->intid && l->irq.target == vcpu->id && vgic_irq_deliverable(dist, &l->irq))
			return true;
	}
	return false;
}

uint32_t vgic_pending_vcpus(struct vgic_dist *dist)
{
	uint32_t mask = 0;

	for (unsigned i = 0; i < dist->nr_vcpus; i++)
		if (dist->vcpus[i] && has_pending_locked(dist, dist->vcpus[i]))
			mask |= 1u << i;
	return mask;
}

bool vgic_vcpu_has_pending(struct vgic_cpu *vcpu)
{
	struct vgic_dist *dist = vcpu->dist;
	bool found;

	spin_lock(&dist->lock);
	found = has_pending_locked(dist, vcpu);
	spin_unlock(&dist->lock);
	return found;
}

/* ---- per-INTID register helpers shared by GICD and GICR ---- */

uint32_t vgic_bitreg_read(struct vgic_dist *dist, struct vgic_cpu *vcpu,
			  enum vgic_bitreg reg, unsigned first_intid)
{
	uint32_t v = 0;

	for (unsigned b = 0; b < 32; b++) {
		struct vgic_irq *irq = vgic_irq_get(dist, vcpu, first_intid + b);
		bool set;

		if (!irq)
			continue;
		switch (reg) {
		case VGIC_BITREG_GROUP:
			set = irq->flags & VGIC_IRQ_GROUP1;
			break;
		case VGIC_BITREG_SET_ENABLE:
		case VGIC_BITREG_CLEAR_ENABLE:
			set = irq->flags & VGIC_IRQ_ENABLED;
			break;
		case VGIC_BITREG_SET_PENDING:
		case VGIC_BITREG_CLEAR_PENDING:
			set = vgic_irq_pending(irq);
			break;
		default:
			set = irq->flags & VGIC_IRQ_ACTIVE;
			break;
		}
		if (set)
			v |= 1u << b;
	}
	return v;
}

/*
 * A clear of an interrupt that sits in a running vCPU's LR: remember it for
 * when that LR is folded back, and make that vCPU exit. Returns the kick.
 */
static uint32_t clear_in_lr(struct vgic_irq *irq, uint8_t what)
{
	if (!irq->lr_owner)
		return 0;
	irq->lr_clear |= what;
	return 1u << (irq->lr_owner - 1);
}

/*
 * What a 1 written to each set/clear register does: the flag it sets or
 * clears and, for the clears, what must also leave a list register.
 */
static const struct {
	uint8_t flag;
	bool set;
	uint8_t lr_clear;
} bitreg_op[] = {
	[VGIC_BITREG_SET_ENABLE] = { VGIC_IRQ_ENABLED, true, 0 },
	[VGIC_BITREG_CLEAR_ENABLE] = { VGIC_IRQ_ENABLED, false, 0 },
	[VGIC_BITREG_SET_PENDING] = { VGIC_IRQ_PENDING_LATCH, true, 0 },
	[VGIC_BITREG_CLEAR_PENDING] = { VGIC_IRQ_PENDING_LATCH, false, VGIC_LR_CLEAR_PENDING },
	[VGIC_BITREG_SET_ACTIVE] = { VGIC_IRQ_ACTIVE, true, 0 },
	[VGIC_BITREG_CLEAR_ACTIVE] = { VGIC_IRQ_ACTIVE, false, VGIC_LR_CLEAR_ACTIVE },
};

/*
 * The guest dropped a forwarded interrupt's pending or active state: forget
 * the sampled line and, once it is neither, release the physical interrupt
 * (it fires again if the device still asserts it): a PPI through its vCPU's
 * deactivation mask, a HW-linked SPI (passthrough, active state global)
 * at the distributor.
 */
static void release_hw(struct vgic_cpu *vcpu, struct vgic_irq *irq, unsigned intid,
		       bool pending_cleared)
{
	if (pending_cleared)
		irq->flags &= (uint8_t)~VGIC_IRQ_LINE_LEVEL;
	if ((irq->flags & VGIC_IRQ_ACTIVE) || vgic_irq_pending(irq))
		return;
	if (vcpu)
		vcpu->hw_deactivate |= 1u << intid;
	else
		gic_deactivate_spi(irq->hw_intid);
}

uint32_t vgic_bitreg_write(struct vgic_dist *dist, struct vgic_cpu *vcpu,
			   enum vgic_bitreg reg, unsigned first_intid, uint32_t value)
{
	uint32_t kick = 0;

	for (unsigned b = 0; b < 32; b++) {
		unsigned intid = first_intid + b;
		struct vgic_irq *irq = vgic_irq_get(dist, vcpu, intid);
		bool one = value & (1u << b);

		if (!irq)
			continue;
		if (reg == VGIC_BITREG_GROUP) {
			irq->flags = one ? (irq->flags | VGIC_IRQ_GROUP1)
					 : (irq->flags & (uint8_t)~VGIC_IRQ_GROUP1);
		} else if (one && bitreg_op[reg].set) {
			irq->flags |= bitreg_op[reg].flag;
			if (bitreg_op[reg].flag != VGIC_IRQ_ENABLED)
				vgic_irq_mark_live(dist, vcpu, intid);
		} else if (one) {
			irq->flags &= (uint8_t)~bitreg_op[reg].flag;
			if (bitreg_op[reg].lr_clear) {
				kick |= clear_in_lr(irq, bitreg_op[reg].lr_clear);
				if (irq->flags & VGIC_IRQ_HW)
					release_hw(vcpu, irq, intid, reg == VGIC_BITREG_CLEAR_PENDING);
			}
		}
		if (one)
			kick |= kick_if_deliverable(dist, vcpu, irq, intid);
	}
	return kick;
}

/* The bit registers sit at the same offsets in the GICv2 and GICv3
 * distributors (GIC architecture spec 12.9 / v2 4.3). */
bool vgic_bitreg_of(uint64_t off, enum vgic_bitreg *reg, uint64_t *base)
{
	static const struct { uint64_t base; enum vgic_bitreg reg; } map[] = {
		{ GICD_IGROUPR, VGIC_BITREG_GROUP },
		{ GICD_ISENABLER, VGIC_BITREG_SET_ENABLE },
		{ GICD_ICENABLER, VGIC_BITREG_CLEAR_ENABLE },
		{ GICD_ISPENDR, VGIC_BITREG_SET_PENDING },
		{ GICD_ICPENDR, VGIC_BITREG_CLEAR_PENDING },
		{ GICD_ISACTIVER, VGIC_BITREG_SET_ACTIVE },
		{ GICD_ICACTIVER, VGIC_BITREG_CLEAR_ACTIVE },
	};

	for (unsigned i = 0; i < sizeof(map) / sizeof(map[0]); i++) {
		if (vgic_in_array(off, map[i].base, GICD_BITMAP_BYTES)) {
			*reg = map[i].reg;
			*base = map[i].base;
			return true;
		}
	}
	return false;
}

uint32_t vgic_ctlr_write(struct vgic_dist *dist, uint32_t value)
{
	uint32_t old = dist->ctlr;

	dist->ctlr = value & (GICD_CTLR_ENABLE_G0 | GICD_CTLR_ENABLE_G1);
	/* A newly enabled group may make anything deliverable. */
	return (dist->ctlr & ~old) ? vgic_pending_vcpus(dist) : 0;
}

uint32_t vgic_priority_read(struct vgic_dist *dist, struct vgic_cpu *vcpu,
			    unsigned first_intid, unsigned size)
{
	uint32_t v = 0;

	for (unsigned i = 0; i < size; i++) {
		struct vgic_irq *irq = vgic_irq_get(dist, vcpu, first_intid + i);

		if (irq)
			v |= (uint32_t)irq->priority << (8 * i);
	}
	return v;
}

void vgic_priority_write(struct vgic_dist *dist, struct vgic_cpu *vcpu,
			 unsigned first_intid, unsigned size, uint32_t value)
{
	for (unsigned i = 0; i < size; i++) {
		struct vgic_irq *irq = vgic_irq_get(dist, vcpu, first_intid + i);

		if (irq)
			irq->priority = (uint8_t)(value >> (8 * i)) & dist->prio_mask;
	}
}

uint32_t vgic_config_read(struct vgic_dist *dist, struct vgic_cpu *vcpu,
			  unsigned first_intid)
{
	uint32_t v = 0;

	for (unsigned i = 0; i < 16; i++) {
		unsigned intid = first_intid + i;
		struct vgic_irq *irq = vgic_irq_get(dist, vcpu, intid);

		if (irq && !(irq->flags & VGIC_IRQ_LEVEL))
			v |= GIC_ICFGR_EDGE << (2 * i);
	}
	return v;
}

void vgic_config_write(struct vgic_dist *dist, struct vgic_cpu *vcpu,
		       unsigned first_intid, uint32_t value)
{
	for (unsigned i = 0; i < 16; i++) {
		unsigned intid = first_intid + i;
		struct vgic_irq *irq = vgic_irq_get(dist, vcpu, intid);

		/* SGI configuration is fixed; HW-linked lines stay level. */
		if (!irq || intid < GIC_NR_SGIS || (irq->flags & (VGIC_IRQ_HW | VGIC_IRQ_HW_SPI)))
			continue;
		if (value & (GIC_ICFGR_EDGE << (2 * i)))
			irq->flags &= (uint8_t)~VGIC_IRQ_LEVEL;
		else
			irq->flags |= VGIC_IRQ_LEVEL;
	}
}
