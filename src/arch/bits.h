/* SPDX-License-Identifier: MIT */
/*
 * BIT(), GENMASK() and ULL(), usable from C and assembly. GENMASK(h, l) has
 * Linux's argument order: bits h down to l inclusive.
 */
#ifndef ARMVM_ARCH_BITS_H
#define ARMVM_ARCH_BITS_H

#ifdef __ASSEMBLER__
#define ULL(x)        x
#define BIT(n)        (1 << (n))
#define GENMASK(h, l) (((1 << ((h) - (l) + 1)) - 1) << (l))
#else
#define ULL(x)        x##ULL
#define BIT(n)        (1ULL << (n))
/* (~0 >> (63 - h)) keeps bit 63 legal: no shift by 64 when h = 63, l = 0. */
#define GENMASK(h, l) ((~0ULL >> (63 - (h))) & (~0ULL << (l)))
#endif

#endif
