/* SPDX-License-Identifier: MIT */
/*
 * A GICv2's virtual interface control (GICH, memory-mapped) in the shape of
 * the GICv3 ICH_*_EL2 registers, so the vGIC's list-register code serves
 * both: gic_sysreg.c sends ICH_* accesses here once gich_v2_attach() named
 * the GICH frame. GICH_HCR, GICH_VMCR and the VTR fields the vGIC reads
 * have the ICH layout already; list registers are converted (IHI 0048B
 * 5.3.8 GICH_LRn vs IHI 0069 ICH_LR<n>_EL2): the 5 priority bits are the
 * top of the 8, and for an SGI without HW the source CPU travels in the
 * low bits of the ICH pINTID field (RES0 there on a GICv3, so the vGIC
 * puts it there only for a GICv2: vgic_dist.v2). Both active-priority
 * views (AP0R0, AP1R0) are the one GICH_APR.
 */
#ifndef EL2_GICH_V2_H
#define EL2_GICH_V2_H

#include <stdbool.h>
#include <stdint.h>

#include "el2/gic_sysreg.h"

/* Use the GICH frame at `gich` (0: none, back to system registers). */
void gich_v2_attach(uintptr_t gich);

/* Inline, and tested first: every ICH access on a GICv3 pays one load. */
extern uintptr_t gich_v2_frame;
static inline bool gich_v2_attached(void)
{
	return gich_v2_frame != 0;
}

/* True for the ICH_* registers, which gich_v2_read/write serve. */
static inline bool gich_v2_serves(enum gic_sysreg reg)
{
	return reg <= GIC_SR_ICH_LR15_EL2;
}

uint64_t gich_v2_read(enum gic_sysreg reg);
void gich_v2_write(enum gic_sysreg reg, uint64_t value);

/* The list-register conversions (pure). */
uint32_t gich_lr_from_ich(uint64_t ich_lr);
uint64_t ich_lr_from_gich(uint32_t gich_lr);

#endif
