/* SPDX-License-Identifier: MIT */
/*
 * Generate the guest's flattened device tree from a struct machine_desc, the
 * way QEMU's `virt` board does (hw/arm/virt.c): the same node names,
 * compatibles, interrupt specifiers and clocks, so a kernel configured for
 * QEMU virt needs nothing new. The device nodes come from walking the
 * board table, each written by the node writer the caller passes (the
 * device registry's dev_fdt_node, dev/dev_registry.h). Host side: uses libfdt. docs/platform.md
 * lists the nodes.
 */
#ifndef ARMVM_MACHINE_FDT_BUILD_H
#define ARMVM_MACHINE_FDT_BUILD_H

#include <stddef.h>

#include "machine/fdt_writer.h"
#include "machine/machine.h"

/* A QEMU virt tree with every device is ~5 KiB; this is plenty. */
#define FDT_BUILD_DEFAULT_SIZE  0x10000
/* The room fdt_build() tries first, doubling up to the buffer's size. */
#define FDT_BUILD_FIRST_TRY     0x2000

/*
 * Write the device tree for `m` into buf[0..bufsize), packed, with
 * `dev_node` writing each board device's node. Only the start of buf is
 * written: FDT_BUILD_FIRST_TRY bytes, doubled (up to bufsize) for as long
 * as the tree does not fit.
 * Returns its size in bytes (> 0), or -1 with a one-line reason in
 * err[0..errlen) (an invalid description, or a buffer too small).
 */
int fdt_build(const struct machine_desc *m, fdt_dev_node_fn dev_node, void *buf,
	      size_t bufsize, char *err, size_t errlen);

#endif
