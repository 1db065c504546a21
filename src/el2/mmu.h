/* SPDX-License-Identifier: MIT */
/*
 * The hypervisor's own stage-1 translation (TTBR0_EL2): an identity map of
 * the low 2 GiB, devices (0-1 GiB) as Device-nGnRE, RAM (1-2 GiB) as normal
 * write-back cacheable memory, so EL2 can reach every partition's RAM.
 */
#ifndef EL2_MMU_H
#define EL2_MMU_H

/* Build the tables (boot CPU, once). */
void mmu_build_tables(void);
/* Program this CPU's MAIR/TCR/TTBR0_EL2 and turn the MMU and caches on. */
void mmu_enable(void);

#endif
