/* SPDX-License-Identifier: MIT */
/*
 * List registers: vgic_flush() loads the interrupts a vCPU should see into
 * ICH_LR<n>_EL2 before entry, vgic_sync() folds what the guest did with them
 * back into the software state after exit, vgic_save()/vgic_restore() carry
 * the rest of the virtual CPU interface across a world switch.
 *
 * Between a sync and the next flush every interrupt lives in software
 * (struct vgic_irq) only; an LR is a copy the guest may advance from pending
 * to active to invalid. Edge interrupts move their pending latch into the
 * LR; level ones keep their line state and request a maintenance interrupt
 * at EOI (LR.EOI) so EL2 can sample the line again. The timer PPI uses the
 * LR HW bit instead: EL2 leaves the physical PPI active and the guest's
 * deactivation deactivates it.
 */
#include "el2/gic.h"
#include "arch/gic_regs.h"
#include "el2/gic_sysreg.h"
#include "el2/vgic_internal.h"
#include "el2/vgic_lpi.h"

#define LR_NO_INTID 0xFFFFu

struct lr_candidate {
	struct vgic_irq *irq;
	unsigned intid;
};

/* Order of LR filling: active first (the guest must be able to complete
 * them), then by priority (lower value first), then by INTID. */
static bool candidate_before(const struct lr_candidate *a, const struct lr_candidate *b)
{
	bool aa = a->irq->flags & VGIC_IRQ_ACTIVE, ba = b->irq->flags & VGIC_IRQ_ACTIVE;

	if (aa != ba)
		return aa;
	if (a->irq->priority != b->irq->priority)
		return a->irq->priority < b->irq->priority;
	return a->intid < b->intid;
}

/* Keep the best `cap` candidates sorted in `best`; returns the new count. */
static unsigned candidate_insert(struct lr_candidate *best, unsigned n, unsigned cap,
				 struct lr_candidate c)
{
	unsigned pos = n;

	while (pos > 0 && candidate_before(&c, &best[pos - 1]))
		pos--;
	if (pos >= cap)
		return n;
	if (n == cap)
		n--;            /* the worst one drops out */
	for (unsigned i = n; i > pos; i--)
		best[i] = best[i - 1];
	best[pos] = c;
	return n + 1;
}

static uint64_t lr_encode(const struct vgic_dist *dist, struct vgic_irq *irq,
			  unsigned intid)
{
	bool pending = vgic_irq_deliverable(dist, irq);
	bool active = irq->flags & VGIC_IRQ_ACTIVE;
	uint64_t lr = (uint64_t)intid & ICH_LR_VINTID_MASK;

	lr |= (uint64_t)irq->priority << ICH_LR_PRIORITY_SHIFT;
	if (irq->flags & VGIC_IRQ_GROUP1)
		lr |= ICH_LR_GROUP;
	if (irq->flags & VGIC_IRQ_HW) {
		/* Active-and-pending is not allowed with HW=1. */
		lr |= ICH_LR_HW | ((uint64_t)irq->hw_intid & ICH_LR_PINTID_MASK) << ICH_LR_PINTID_SHIFT;
		lr |= active ? ICH_LR_STATE_ACTIVE : pending ? ICH_LR_STATE_PENDING : 0;
		return lr;
	}
	/* A GICv2 guest reads an SGI's source in GICC_IAR: gich_v2.h. */
	if (dist->v2 && intid < GIC_NR_SGIS)
		lr |= (uint64_t)irq->sgi_source << ICH_LR_PINTID_SHIFT;
	if (pending)
		lr |= ICH_LR_STATE_PENDING;
	if (active)
		lr |= ICH_LR_STATE_ACTIVE;
	if (vgic_irq_is_level(irq))
		lr |= ICH_LR_EOI;
	return lr;
}

/*
 * Offer one interrupt for the LRs. Returns false when it is idle (its live
 * bit can go). Counts the deliverable (pending) ones in *pending.
 */
static bool consider(struct vgic_cpu *vcpu, struct vgic_irq *irq, unsigned intid,
		     struct lr_candidate *best, unsigned *n, unsigned *pending)
{
	struct vgic_dist *dist = vcpu->dist;
	struct lr_candidate c = { irq, intid };
	bool deliverable;

	if (!(irq->flags & (VGIC_IRQ_ACTIVE | VGIC_IRQ_PENDING_LATCH | VGIC_IRQ_LINE_LEVEL)))
		return false;
	if (irq->lr_owner && irq->lr_owner != vcpu->id + 1)
		return true;    /* still live in another vCPU's LR */
	deliverable = vgic_irq_deliverable(dist, irq);
	if (!(irq->flags & VGIC_IRQ_ACTIVE) && !deliverable)
		return true;
	if (deliverable)
		(*pending)++;
	*n = candidate_insert(best, *n, dist->nr_lrs, c);
	return true;
}

/* LPIs in flight for this vCPU (vgic_lpi.h); an idle one frees its slot.
 * Returns whether any is still live here. */
static bool consider_lpis(struct vgic_cpu *vcpu, struct lr_candidate *best, unsigned *n,
			  unsigned *pending)
{
	bool live = false;

	for (unsigned i = 0; i < VGIC_MAX_LPIS; i++) {
		struct vgic_lpi *l = &vcpu->dist->lpi->slot[i];

		if (!l->intid || l->irq.target != vcpu->id)
			continue;
		if (consider(vcpu, &l->irq, l->intid, best, n, pending))
			live = true;
		else if (!l->irq.lr_owner)
			l->intid = 0;
	}
	return live;
}

static void write_ich_hcr(struct vgic_cpu *vcpu, uint64_t hcr)
{
	gic_sysreg_write(GIC_SR_ICH_HCR_EL2, hcr);
	vcpu->ich_hcr = hcr;
}

/*
 * Nothing for flush to do: no LR in use and nothing that may be pending or
 * active. Read without the lock; see "Fast path" in vgic.h for why a
 * concurrent injection cannot be lost.
 */
static bool vgic_vcpu_idle(const struct vgic_cpu *vcpu)
{
	const struct vgic_dist *dist = vcpu->dist;

	return vcpu->lr_used == 0 &&
	       __atomic_load_n(&vcpu->priv_live, __ATOMIC_RELAXED) == 0 &&
	       __atomic_load_n(&vcpu->hw_deactivate, __ATOMIC_RELAXED) == 0 &&
	       !(__atomic_load_n(&dist->spi_live_vcpus, __ATOMIC_RELAXED) & (1u << vcpu->id));
}

void vgic_flush(struct vgic_cpu *vcpu)
{
	struct vgic_dist *dist = vcpu->dist;
	struct lr_candidate best[VGIC_MAX_LRS];
	unsigned n = 0, pending = 0, placed_pending = 0, nr_lrs = dist->nr_lrs;
	uint64_t hcr = ICH_HCR_EL2_EN;

	bool spi_for_me = false;

	if (vgic_vcpu_idle(vcpu)) {
		if (vcpu->ich_hcr != ICH_HCR_EL2_EN)
			write_ich_hcr(vcpu, ICH_HCR_EL2_EN);
		return;
	}
	if (nr_lrs > VGIC_MAX_LRS)
		nr_lrs = dist->nr_lrs = VGIC_MAX_LRS;
	spin_lock(&dist->lock);
	for (uint32_t m = vcpu->hw_deactivate; m; m &= m - 1) {
		struct vgic_irq *irq = &vcpu->priv[__builtin_ctz(m)];

		if (!(irq->flags & VGIC_IRQ_ACTIVE) && !vgic_irq_pending(irq))
			gic_set_ppi_active(irq->hw_intid, false);
	}
	vcpu->hw_deactivate = 0;
	/* Only interrupts marked live can be pending or active; the idle
	 * ones among them lose their mark. */
	for (uint32_t m = vcpu->priv_live; m; m &= m - 1) {
		unsigned i = (unsigned)__builtin_ctz(m);

		if (!consider(vcpu, &vcpu->priv[i], i, best, &n, &pending))
			vcpu->priv_live &= ~(1u << i);
	}
	for (unsigned w = 0; w < dist->nr_spis / 32; w++) {
		for (uint32_t m = dist->spi_live[w]; m; m &= m - 1) {
			unsigned b = (unsigned)__builtin_ctz(m), i = w * 32 + b;
			struct vgic_irq *irq = &dist->spi[i];

			if (irq->target != vcpu->id)
				continue;
			if (!consider(vcpu, irq, i + VGIC_NR_PRIVATE_IRQS, best, &n, &pending))
				dist->spi_live[w] &= ~(1u << b);
			else
				spi_for_me = true;
		}
	}
	if (dist->lpi && (dist->spi_live_vcpus & (1u << vcpu->id)) &&
	    consider_lpis(vcpu, best, &n, &pending))
		spi_for_me = true;
	if (!spi_for_me)
		dist->spi_live_vcpus &= ~(1u << vcpu->id);

	for (unsigned i = 0; i < n; i++) {
		struct vgic_irq *irq = best[i].irq;

		gic_sysreg_write(GIC_SR_ICH_LR(i), lr_encode(dist, irq, best[i].intid));
		vcpu->lr_intid[i] = (uint16_t)best[i].intid;
		irq->lr_owner = (uint8_t)(vcpu->id + 1);
		irq->lr_clear = 0;
		if (vgic_irq_deliverable(dist, irq))
			placed_pending++;
		/* An edge's pending state now lives in the LR. */
		if (!vgic_irq_is_level(irq) && vgic_irq_deliverable(dist, irq))
			irq->flags &= (uint8_t)~VGIC_IRQ_PENDING_LATCH;
	}
	spin_unlock(&dist->lock);

	for (unsigned i = n; i < vcpu->lr_used; i++) {
		gic_sysreg_write(GIC_SR_ICH_LR(i), 0);
		vcpu->lr_intid[i] = LR_NO_INTID;
	}
	vcpu->lr_used = n;
	/*
	 * Pending interrupts left out: come back when no LR is pending any
	 * more (NPIE). If the LRs hold only active ones, that condition would
	 * hold at once and loop; wait for them to drain instead (UIE: at most
	 * one valid LR left; with a single LR that too would hold at once).
	 */
	if (pending > placed_pending && placed_pending)
		hcr |= ICH_HCR_EL2_NPIE;
	else if (pending > placed_pending && n > 1)
		hcr |= ICH_HCR_EL2_UIE;
	write_ich_hcr(vcpu, hcr);
}

static void fold_lr(struct vgic_cpu *vcpu, struct vgic_irq *irq, uint64_t lr)
{
	uint64_t state = lr & ICH_LR_STATE_MASK;

	irq->lr_owner = 0;
	/* The guest cleared it through GICD/GICR while it sat in the LR. */
	if (irq->lr_clear & VGIC_LR_CLEAR_PENDING)
		state &= ~ICH_LR_STATE_PENDING;
	if (irq->lr_clear & VGIC_LR_CLEAR_ACTIVE)
		state &= ~ICH_LR_STATE_ACTIVE;
	irq->lr_clear = 0;
	if (state & ICH_LR_STATE_ACTIVE)
		irq->flags |= VGIC_IRQ_ACTIVE;
	else
		irq->flags &= (uint8_t)~VGIC_IRQ_ACTIVE;

	if (!vgic_irq_is_level(irq)) {
		/* Still pending in the LR: not taken yet. New edges since the
		 * flush already set the latch again. */
		if (state & ICH_LR_STATE_PENDING)
			irq->flags |= VGIC_IRQ_PENDING_LATCH;
		return;
	}
	if (!(state & ICH_LR_STATE_PENDING)) {
		/* The guest acknowledged it: a latched pending state is used up,
		 * and for forwarded lines the physical side resamples. */
		irq->flags &= (uint8_t)~VGIC_IRQ_PENDING_LATCH;
		if (irq->flags & (VGIC_IRQ_HW | VGIC_IRQ_HW_SPI))
			irq->flags &= (uint8_t)~VGIC_IRQ_LINE_LEVEL;
	}
	if ((irq->flags & VGIC_IRQ_HW_SPI) && state == 0)
		gic_unmask_spi(irq->hw_intid);
	(void)vcpu;
}

void vgic_sync(struct vgic_cpu *vcpu)
{
	struct vgic_dist *dist = vcpu->dist;

	/* No LR in use: flush wrote ICH_HCR_EL2 = En alone, which raises no
	 * maintenance interrupt, and there is nothing to fold. */
	if (vcpu->lr_used == 0)
		return;
	/* Maintenance interrupts off at once: nothing may fire at EL2. */
	write_ich_hcr(vcpu, 0);
	spin_lock(&dist->lock);
	for (unsigned i = 0; i < vcpu->lr_used; i++) {
		unsigned intid = vcpu->lr_intid[i];
		struct vgic_irq *irq;

		if (intid == LR_NO_INTID)
			continue;
		irq = vgic_irq_get(dist, vcpu, intid);
		if (!irq || irq->lr_owner != vcpu->id + 1)
			continue;
		fold_lr(vcpu, irq, gic_sysreg_read(GIC_SR_ICH_LR(i)));
		/* Still live (or newly so, by the guest's hand): keep it in the
		 * live maps, for its current target. */
		if (irq->flags & (VGIC_IRQ_ACTIVE | VGIC_IRQ_PENDING_LATCH | VGIC_IRQ_LINE_LEVEL))
			vgic_irq_mark_live(dist, vcpu, intid);
		vcpu->lr_intid[i] = LR_NO_INTID;
	}
	spin_unlock(&dist->lock);
	/* lr_used stays: those LRs still hold stale copies the next flush or
	 * save overwrites. */
}

/* Physical active state of HW-linked PPIs follows the vCPU. Lock held. */
static void hw_ppis_set_active(struct vgic_cpu *vcpu, bool loading)
{
	for (unsigned i = GIC_NR_SGIS; i < VGIC_NR_PRIVATE_IRQS; i++) {
		struct vgic_irq *irq = &vcpu->priv[i];
		bool live = (irq->flags & VGIC_IRQ_ACTIVE) || vgic_irq_pending(irq);

		if (!(irq->flags & VGIC_IRQ_HW) || !live)
			continue;
		gic_set_ppi_active(irq->hw_intid, loading);
	}
}

void vgic_save(struct vgic_cpu *vcpu)
{
	struct vgic_dist *dist = vcpu->dist;

	vcpu->vmcr = gic_sysreg_read(GIC_SR_ICH_VMCR_EL2);
	for (unsigned i = 0; i < dist->nr_aprs; i++) {
		vcpu->ap0r[i] = gic_sysreg_read(GIC_SR_ICH_AP0R(i));
		vcpu->ap1r[i] = gic_sysreg_read(GIC_SR_ICH_AP1R(i));
	}
	for (unsigned i = 0; i < vcpu->lr_used; i++) {
		gic_sysreg_write(GIC_SR_ICH_LR(i), 0);
		vcpu->lr_intid[i] = LR_NO_INTID;
	}
	vcpu->lr_used = 0;
	write_ich_hcr(vcpu, 0);
	spin_lock(&dist->lock);
	hw_ppis_set_active(vcpu, false);
	spin_unlock(&dist->lock);
	vcpu->loaded = false;
}

void vgic_restore(struct vgic_cpu *vcpu)
{
	struct vgic_dist *dist = vcpu->dist;

	gic_sysreg_write(GIC_SR_ICH_VMCR_EL2, vcpu->vmcr);
	for (unsigned i = 0; i < dist->nr_aprs; i++) {
		gic_sysreg_write(GIC_SR_ICH_AP0R(i), vcpu->ap0r[i]);
		gic_sysreg_write(GIC_SR_ICH_AP1R(i), vcpu->ap1r[i]);
	}
	spin_lock(&dist->lock);
	hw_ppis_set_active(vcpu, true);
	spin_unlock(&dist->lock);
	/* What the previous occupant of this pCPU left (its save wrote 0). */
	vcpu->ich_hcr = gic_sysreg_read(GIC_SR_ICH_HCR_EL2);
	vcpu->lr_used = 0;
	vcpu->loaded = true;
}
