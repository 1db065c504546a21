/* SPDX-License-Identifier: MIT */
/* BIT() and field helpers usable from both C and assembly. */
#ifndef EL2_BITS_H
#define EL2_BITS_H

#ifdef __ASSEMBLER__
#define BIT(n)        (1 << (n))
#define ULL(x)        x
#else
#define BIT(n)        (1ULL << (n))
#define ULL(x)        x##ULL
#endif
/* A mask of `len` bits starting at bit `lo`. */
#define GENMASK(len, lo) (((ULL(1) << (len)) - 1) << (lo))

#endif
