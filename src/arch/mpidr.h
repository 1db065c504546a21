/* SPDX-License-Identifier: MIT */
/*
 * MPIDR_EL1 affinity fields (Arm ARM D23.2 "MPIDR_EL1": Aff0 [7:0], Aff1
 * [15:8], Aff2 [23:16], Aff3 [39:32]) for both engines: the fields, the
 * mask of all four, the fields PSCI AFFINITY_INFO compares from a lowest
 * affinity level up, and the packed 32-bit Aff3.Aff2.Aff1.Aff0 form the
 * GICv3 uses (GICR_TYPER.Affinity_Value; GICD_IROUTER has the MPIDR layout).
 */
#ifndef ARMVM_ARCH_MPIDR_H
#define ARMVM_ARCH_MPIDR_H

#include <stdint.h>

#include "arch/bits.h"

#define MPIDR_AFF0_SHIFT      0
#define MPIDR_AFF1_SHIFT      8
#define MPIDR_AFF2_SHIFT      16
#define MPIDR_AFF3_SHIFT      32
#define MPIDR_AFF_FIELD_MASK  ULL(0xff)     /* one AffN field, shifted down */
#define MPIDR_AFF_MASK        ULL(0xff00ffffff)

/* The affinity fields at `level` (0-3) and above: what PSCI
 * AFFINITY_INFO(target, lowest affinity level) compares. Clearing the low
 * 8 * level bits works for level 3 too: only Aff3 lies above bit 23. */
static inline uint64_t mpidr_aff_from_level(unsigned level)
{
	return MPIDR_AFF_MASK & ~((ULL(1) << (8 * level)) - 1);
}

/* Aff3.Aff2.Aff1.Aff0 packed into 32 bits (GICR_TYPER[63:32]). */
static inline uint32_t mpidr_aff_packed(uint64_t mpidr)
{
	return (uint32_t)((mpidr >> MPIDR_AFF3_SHIFT) & MPIDR_AFF_FIELD_MASK) << 24 |
	       (uint32_t)(mpidr & 0xffffff);
}

#endif
