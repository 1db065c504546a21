// SPDX-License-Identifier: MIT
/* GICv2 GICH as ICH_*_EL2 registers: see gich_v2.h. */
#include "arch/gic_regs.h"
#include "el2/gich_v2.h"

uintptr_t gich_v2_frame;

void gich_v2_attach(uintptr_t base)
{
	gich_v2_frame = base;
}

uint32_t gich_lr_from_ich(uint64_t lr)
{
	uint32_t v = (uint32_t)(lr & GICH_LR_VIRTUALID_MASK);
	uint32_t pintid = (uint32_t)((lr >> ICH_LR_PINTID_SHIFT) & ICH_LR_PINTID_MASK);

	v |= (uint32_t)((lr >> ICH_LR_PRIORITY_SHIFT) & ICH_LR_PRIORITY_MASK) >> 3
	     << GICH_LR_PRIORITY_SHIFT;
	v |= (uint32_t)((lr & ICH_LR_STATE_MASK) >> ICH_LR_STATE_SHIFT) << GICH_LR_STATE_SHIFT;
	if (lr & ICH_LR_GROUP)
		v |= GICH_LR_GROUP1;
	if (lr & ICH_LR_HW)
		return v | GICH_LR_HW | (pintid & GICH_LR_PHYSICALID_MASK) << GICH_LR_PHYSICALID_SHIFT;
	v |= (pintid & GICH_LR_CPUID_MASK) << GICH_LR_PHYSICALID_SHIFT;
	if (lr & ICH_LR_EOI)
		v |= GICH_LR_EOI;
	return v;
}

uint64_t ich_lr_from_gich(uint32_t v)
{
	uint64_t lr = v & GICH_LR_VIRTUALID_MASK;
	uint64_t pid = (v >> GICH_LR_PHYSICALID_SHIFT) & GICH_LR_PHYSICALID_MASK;

	lr |= (uint64_t)(((v >> GICH_LR_PRIORITY_SHIFT) & GICH_LR_PRIORITY_MASK) << 3)
	      << ICH_LR_PRIORITY_SHIFT;
	lr |= (uint64_t)((v >> GICH_LR_STATE_SHIFT) & 3u) << ICH_LR_STATE_SHIFT;
	if (v & GICH_LR_GROUP1)
		lr |= ICH_LR_GROUP;
	if (v & GICH_LR_HW)
		return lr | ICH_LR_HW | pid << ICH_LR_PINTID_SHIFT;
	lr |= (pid & GICH_LR_CPUID_MASK) << ICH_LR_PINTID_SHIFT;
	if (v & GICH_LR_EOI)
		lr |= ICH_LR_EOI;
	return lr;
}

static inline uint32_t rd(uintptr_t off)
{
	return *(volatile uint32_t *)(gich_v2_frame + off);
}

static inline void wr(uintptr_t off, uint32_t v)
{
	*(volatile uint32_t *)(gich_v2_frame + off) = v;
}

uint64_t gich_v2_read(enum gic_sysreg reg)
{
	unsigned r = (unsigned)reg;

	if (r >= GIC_SR_ICH_LR0_EL2 && r <= GIC_SR_ICH_LR15_EL2)
		return ich_lr_from_gich(rd(GICH_LR0 + 4u * (r - GIC_SR_ICH_LR0_EL2)));
	switch (r) {
	case GIC_SR_ICH_HCR_EL2: return rd(GICH_HCR);
	case GIC_SR_ICH_VTR_EL2: return rd(GICH_VTR);
	case GIC_SR_ICH_VMCR_EL2: return rd(GICH_VMCR);
	case GIC_SR_ICH_MISR_EL2: return rd(GICH_MISR);
	case GIC_SR_ICH_EISR_EL2: return rd(GICH_EISR0);
	case GIC_SR_ICH_ELRSR_EL2: return rd(GICH_ELRSR0);
	case GIC_SR_ICH_AP0R0_EL2:
	case GIC_SR_ICH_AP1R0_EL2: return rd(GICH_APR);
	default: return 0;
	}
}

void gich_v2_write(enum gic_sysreg reg, uint64_t value)
{
	unsigned r = (unsigned)reg;

	if (r >= GIC_SR_ICH_LR0_EL2 && r <= GIC_SR_ICH_LR15_EL2) {
		wr(GICH_LR0 + 4u * (r - GIC_SR_ICH_LR0_EL2), gich_lr_from_ich(value));
		return;
	}
	switch (r) {
	case GIC_SR_ICH_HCR_EL2: wr(GICH_HCR, (uint32_t)value); break;
	case GIC_SR_ICH_VMCR_EL2: wr(GICH_VMCR, (uint32_t)value); break;
	case GIC_SR_ICH_AP1R0_EL2: wr(GICH_APR, (uint32_t)value); break;
	default: break;   /* AP0R0 is the same APR: written once, as AP1R0 */
	}
}
