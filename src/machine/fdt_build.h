/* SPDX-License-Identifier: MIT */
/*
 * Generate the guest's flattened device tree from a struct machine_desc, the
 * way QEMU's `virt` board does (hw/arm/virt.c): the same node names,
 * compatibles, interrupt specifiers and clocks, so a kernel configured for
 * QEMU virt needs nothing new. Host side: uses libfdt. docs/platform.md
 * lists the nodes.
 */
#ifndef ARMVM_MACHINE_FDT_BUILD_H
#define ARMVM_MACHINE_FDT_BUILD_H

#include <stddef.h>

#include "machine/machine.h"

/* A QEMU virt tree with every device is ~5 KiB; this is plenty. */
#define FDT_BUILD_DEFAULT_SIZE  0x10000

/*
 * Write the device tree for `m` into buf[0..bufsize), packed.
 * Returns its size in bytes (> 0), or -1 with a one-line reason in
 * err[0..errlen) (an invalid description, or a buffer too small).
 */
int fdt_build(const struct machine_desc *m, void *buf, size_t bufsize,
	      char *err, size_t errlen);

/* phandles fdt_build assigns (fixed, so tests and overlays can rely on them). */
#define FDT_PHANDLE_GIC      0x8001
#define FDT_PHANDLE_APB_PCLK 0x8000

#endif
