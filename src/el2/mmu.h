/* SPDX-License-Identifier: MIT */
/*
 * The hypervisor's own stage-1 translation (TTBR0_EL2): an identity map of
 * the 512 GiB a 39-bit VA covers in 1 GiB blocks: the board's RAM (from its
 * device tree) as normal write-back cacheable memory, so EL2 can reach every
 * partition's RAM, everything else as Device-nGnRE.
 */
#ifndef EL2_MMU_H
#define EL2_MMU_H

#include <stdint.h>

/* Build the tables (boot CPU, once, MMU off): the GiBs holding the two
 * addresses (the image, the device tree) normal, all others device. */
void mmu_build_tables(uint64_t ram_a, uint64_t ram_b);
/* Make the GiBs of one RAM bank normal memory (boot CPU, MMU on, before
 * the other CPUs start). */
void mmu_map_ram(uint64_t base, uint64_t size);
/* Program this CPU's MAIR/TCR/TTBR0_EL2 and turn the MMU and caches on. */
void mmu_enable(void);

#endif
