/* SPDX-License-Identifier: MIT */
/*
 * MPIDR_EL1 affinity fields (Arm ARM D23.2 "MPIDR_EL1"): Aff0 [7:0],
 * Aff1 [15:8], Aff2 [23:16], Aff3 [39:32]. GICD_IROUTER<n> and the pCPU
 * numbering in both engines use the same layout.
 */
#ifndef ARMVM_ARCH_MPIDR_H
#define ARMVM_ARCH_MPIDR_H

#define MPIDR_AFF0_SHIFT      0
#define MPIDR_AFF1_SHIFT      8
#define MPIDR_AFF2_SHIFT      16
#define MPIDR_AFF3_SHIFT      32
#define MPIDR_AFF_FIELD_MASK  0xFFull       /* one AffN field, shifted down */

#endif
