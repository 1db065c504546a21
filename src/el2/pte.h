/* SPDX-License-Identifier: MIT */
/*
 * VMSAv8-64 translation table descriptors, 4 KiB granule (Arm ARM D8.3):
 * the bits of stage-1 (EL2) and stage-2 block, page and table entries.
 */
#ifndef EL2_PTE_H
#define EL2_PTE_H

#include "arch/bits.h"

#define PTE_VALID            BIT(0)
#define PTE_TYPE_MASK        3
#define PTE_TYPE_BLOCK       1      /* level 1 and 2 */
#define PTE_TYPE_TABLE       3      /* level 0, 1 and 2 */
#define PTE_TYPE_PAGE        3      /* level 3 */
#define PTE_ADDR_MASK        ULL(0x0000fffffffff000)
#define PTE_AF               BIT(10)
#define PTE_SH_INNER         (3 << 8)
#define PTE_XN               BIT(54)

/* Stage-1 lower attributes */
#define PTE_S1_ATTRIDX(i)    ((i) << 2)
#define PTE_S1_AP_RW_EL2     (0 << 6)

/* Stage-2 lower attributes */
#define PTE_S2_MEMATTR_SHIFT 2
#define PTE_S2_MEMATTR_MASK  (0xf << 2)
#define PTE_S2_MEMATTR_NORMAL_WB (0xf << 2)  /* outer WB, inner WB */
#define PTE_S2_MEMATTR_DEVICE    (0x1 << 2)  /* Device-nGnRE */
#define PTE_S2_S2AP_R        (1 << 6)
#define PTE_S2_S2AP_W        (2 << 6)
#define PTE_S2_S2AP_RW       (3 << 6)

/* 4 KiB granule geometry */
#define PAGE_SHIFT           12
#define PAGE_SIZE            (ULL(1) << PAGE_SHIFT)
#define PAGE_OFFSET_MASK     (PAGE_SIZE - 1)
#define PT_ENTRIES           512
#define PT_LEVEL_SHIFT(l)    (12 + 9 * (3 - (l)))   /* l1: 30, l2: 21, l3: 12 */
#define PT_LEVEL_SIZE(l)     (ULL(1) << PT_LEVEL_SHIFT(l))
#define PT_INDEX(addr, l)    (((addr) >> PT_LEVEL_SHIFT(l)) & (PT_ENTRIES - 1))

#endif
