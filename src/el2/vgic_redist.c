/* SPDX-License-Identifier: MIT */
/*
 * Emulated GICv3 redistributors (GICR_*, IHI 0069 chapter 12.10): one
 * RD_base + SGI_base frame pair per vCPU, laid out back to back, vCPU n at
 * n * VGIC_REDIST_STRIDE. The SGI_base frame holds the vCPU's SGI and PPI
 * configuration. LPI registers (CTLR.EnableLPIs, PROPBASER, PENDBASER,
 * TYPER.PLPIS) when the distributor has LPIs: vgic_lpi.c; otherwise RAZ/WI.
 * Wrong sizes and unknown offsets read as zero and are ignored on write.
 */
#include "arch/gic_regs.h"
#include "el2/vgic_internal.h"
#include "el2/vgic_lpi.h"

static uint64_t redist_typer(const struct vgic_dist *dist, const struct vgic_cpu *vcpu)
{
	uint64_t v = (uint64_t)vcpu->affinity << GICR_TYPER_AFFINITY_SHIFT |
		     (uint64_t)vcpu->id << GICR_TYPER_PROCNUM_SHIFT;

	/* Guests walk the frames until they see Last. */
	if (vcpu->id == dist->nr_vcpus - 1)
		v |= GICR_TYPER_LAST;
	if (dist->lpi)
		v |= GICR_TYPER_PLPIS;
	return v;
}

static uint32_t redist_waker(const struct vgic_cpu *vcpu)
{
	/* No real sleep: the children are asleep exactly when asked to be. */
	if (vcpu->waker & GICR_WAKER_PROCESSORSLEEP)
		return GICR_WAKER_PROCESSORSLEEP | GICR_WAKER_CHILDRENASLEEP;
	return 0;
}

static bool sgi_bitreg_of(uint64_t off, enum vgic_bitreg *reg)
{
	switch (off) {
	case GICR_IGROUPR0:   *reg = VGIC_BITREG_GROUP; return true;
	case GICR_ISENABLER0: *reg = VGIC_BITREG_SET_ENABLE; return true;
	case GICR_ICENABLER0: *reg = VGIC_BITREG_CLEAR_ENABLE; return true;
	case GICR_ISPENDR0:   *reg = VGIC_BITREG_SET_PENDING; return true;
	case GICR_ICPENDR0:   *reg = VGIC_BITREG_CLEAR_PENDING; return true;
	case GICR_ISACTIVER0: *reg = VGIC_BITREG_SET_ACTIVE; return true;
	case GICR_ICACTIVER0: *reg = VGIC_BITREG_CLEAR_ACTIVE; return true;
	default: return false;
	}
}

static bool is_priority(uint64_t off, unsigned size)
{
	return off >= GICR_IPRIORITYR0 && off < GICR_IPRIORITYR0 + VGIC_NR_PRIVATE_IRQS &&
	       (size == 1 || size == 4) && !(off & (size - 1));
}

static uint64_t redist_read_locked(struct vgic_dist *dist, struct vgic_cpu *vcpu,
				   uint64_t off, unsigned size)
{
	enum vgic_bitreg reg;
	uint64_t v;

	if (dist->lpi && vgic_lpi_redist_read(dist->lpi, vcpu, off, size, &v))
		return v;
	if (is_priority(off, size))
		return vgic_priority_read(dist, vcpu, (unsigned)(off - GICR_IPRIORITYR0), size);
	if (off == GICR_TYPER && size == 8)
		return redist_typer(dist, vcpu);
	if (size != 4 || (off & 3))
		return 0;
	if (sgi_bitreg_of(off, &reg))
		return vgic_bitreg_read(dist, vcpu, reg, 0);
	switch (off) {
	case GICR_TYPER:
	case GICR_TYPER + 4:
		return (uint32_t)(redist_typer(dist, vcpu) >> ((off - GICR_TYPER) * 8));
	case GICR_IIDR:
		return GIC_IIDR_IMPLEMENTER_ARM;
	case GICR_WAKER:
		return redist_waker(vcpu);
	case GICR_PIDR2:
		return GIC_PIDR2_ARCHREV_GICV3 << GIC_PIDR2_ARCHREV_SHIFT | GIC_PIDR2_JEP106_BITS;
	case GICR_ICFGR0:
		return vgic_config_read(dist, vcpu, 0);
	case GICR_ICFGR1:
		return vgic_config_read(dist, vcpu, GIC_NR_SGIS);
	default:
		return 0;       /* CTLR, STATUSR, IGRPMODR0, NSACR, LPI regs: RAZ */
	}
}

static uint32_t redist_write_locked(struct vgic_dist *dist, struct vgic_cpu *vcpu,
				    uint64_t off, unsigned size, uint64_t value)
{
	enum vgic_bitreg reg;

	if (dist->lpi && vgic_lpi_redist_write(dist->lpi, vcpu, off, size, value))
		return 0;
	if (is_priority(off, size)) {
		vgic_priority_write(dist, vcpu, (unsigned)(off - GICR_IPRIORITYR0), size,
				    (uint32_t)value);
		return 0;
	}
	if (size != 4 || (off & 3))
		return 0;
	if (sgi_bitreg_of(off, &reg))
		return vgic_bitreg_write(dist, vcpu, reg, 0, (uint32_t)value);
	switch (off) {
	case GICR_WAKER:
		vcpu->waker = (uint32_t)value & GICR_WAKER_PROCESSORSLEEP;
		break;
	case GICR_ICFGR1:
		vgic_config_write(dist, vcpu, GIC_NR_SGIS, (uint32_t)value);
		break;
	default:
		break;          /* ICFGR0 (SGIs) is read-only; the rest WI */
	}
	return 0;
}

/* The vCPU whose frames hold `offset`, and the offset within them. */
static struct vgic_cpu *redist_vcpu(struct vgic_dist *dist, uint64_t *offset)
{
	uint64_t n = *offset / VGIC_REDIST_STRIDE;

	if (n >= dist->nr_vcpus)
		return NULL;
	*offset -= n * VGIC_REDIST_STRIDE;
	return dist->vcpus[n];
}

uint64_t vgic_redist_read(void *opaque, uint64_t offset, unsigned size)
{
	struct vgic_dist *dist = opaque;
	struct vgic_cpu *vcpu = redist_vcpu(dist, &offset);
	uint64_t v;

	if (!vcpu)
		return 0;
	spin_lock(&dist->lock);
	v = redist_read_locked(dist, vcpu, offset, size);
	spin_unlock(&dist->lock);
	return v;
}

void vgic_redist_write(void *opaque, uint64_t offset, unsigned size, uint64_t value)
{
	struct vgic_dist *dist = opaque;
	struct vgic_cpu *vcpu = redist_vcpu(dist, &offset);
	uint32_t kick;

	if (!vcpu)
		return;
	spin_lock(&dist->lock);
	kick = redist_write_locked(dist, vcpu, offset, size, value);
	spin_unlock(&dist->lock);
	vgic_kick_mask(dist, kick);
}
