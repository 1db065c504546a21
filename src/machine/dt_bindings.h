/* SPDX-License-Identifier: MIT */
/*
 * Device-tree binding constants for GIC interrupt specifiers
 * (Linux include/dt-bindings/interrupt-controller/arm-gic.h and irq.h):
 * interrupts = <type number flags>.
 */
#ifndef ARMVM_MACHINE_DT_BINDINGS_H
#define ARMVM_MACHINE_DT_BINDINGS_H

#define GIC_SPI                 0
#define GIC_PPI                 1

#define IRQ_TYPE_EDGE_RISING    1
#define IRQ_TYPE_LEVEL_HIGH     4

/* GICv2 only: PPI flags carry a mask of the CPUs the PPI is wired to. */
#define GIC_CPU_MASK_SHIFT      8
#define GIC_CPU_MASK_SIMPLE(n)  ((((1u << (n)) - 1) & 0xffu) << GIC_CPU_MASK_SHIFT)

#endif
