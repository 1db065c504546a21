/* SPDX-License-Identifier: MIT */
/*
 * The device registry: for each board device type (machine/board.h), how
 * to build its model, which MMIO region it serves, how the device tree
 * describes it and how its state is saved and loaded. Both engines
 * instantiate a board through it (kvmtool's device__register with its
 * per-device FDT callback is the model), and fdt_build() walks the board
 * calling each type's node writer through dev_fdt_node(), which its caller
 * passes in. Freestanding: the engine supplies the
 * storage (struct dev_instance), the struct dev_host and the per-type
 * back ends (struct dev_backends).
 */
#ifndef ARMVM_DEV_DEV_REGISTRY_H
#define ARMVM_DEV_DEV_REGISTRY_H

#include <stdbool.h>
#include <stddef.h>

#include "dev/bootmark.h"
#include "dev/device.h"
#include "dev/pl011.h"
#include "dev/pl031.h"
#include "dev/testdev.h"
#include "dev/virtio_absent.h"
#include "dev/virtio_blk.h"
#include "machine/board.h"
#include "machine/fdt_writer.h"

/* What the engine connects the models to; a missing one is a no-op sink. */
struct dev_backends {
	struct dev_byte_sink console;    /* PL011 output */
	struct pl031_clock clock;        /* PL031 wall clock */
	struct bootmark_sink marks;      /* boot-marker writes */
	/* The disk behind a virtio-mmio transport with VIRTIO_ID_BLOCK;
	 * NULL = the board has none for the registry to build. */
	const struct virtio_blk_backend *blk;
	const char *blk_name;            /* its diagnostics name, e.g. "virtio-blk0" */
};

/* Storage for any device model the registry builds. */
union dev_model {
	struct pl011 pl011;
	struct pl031 pl031;
	struct testdev testdev;
	struct bootmark bootmark;
	struct virtio_blk blk;
	struct virtio_absent absent;
};

struct dev_type;

/* One instantiated device: what it is and its model. */
struct dev_instance {
	const struct dev_type *type;
	struct board_dev desc;
	union dev_model m;
};

/* Largest saved state of any type (testdev's scratch window dominates). */
#define DEV_STATE_MAX 2304

struct dev_type {
	const char *name;
	/* Build the model from its board entry; 0, or -1 when the engine gave
	 * nothing to build it from (e.g. a virtio transport without a back end
	 * the registry knows: the engine attaches those itself). */
	int (*init)(union dev_model *m, const struct board_dev *d,
		    const struct dev_host *host, const struct dev_backends *be);
	/* The MMIO region to register with the engine. */
	struct mmio_region *(*region)(union dev_model *m);
	/* Its device-tree node; `irqs` false when the machine has no GIC. */
	void (*fdt_node)(const struct board_dev *d, const struct fdt_writer *w,
			 bool irqs);
	/* Saved state (dev_state.h): bytes written or -1; 0 or -1. NULL: the
	 * type has none yet. */
	int (*save)(const union dev_model *m, void *buf, size_t len);
	int (*load)(union dev_model *m, const void *buf, size_t len);
};

/* The type of a board entry, or NULL for an unknown type. */
const struct dev_type *dev_type_of(const struct board_dev *d);

/* The node writer fdt_build() takes (machine/fdt_writer.h): d's type's
 * node, nothing for an unknown type (fdt_build refuses those first). */
void dev_fdt_node(const struct board_dev *d, const struct fdt_writer *w, bool irqs);

/*
 * Build the device `d` in `inst`. Returns 0, or -1 when the registry cannot
 * build it (unknown type, or no back end for it).
 */
int dev_instance_init(struct dev_instance *inst, const struct board_dev *d,
		      const struct dev_host *host, const struct dev_backends *be);

static inline struct mmio_region *dev_instance_region(struct dev_instance *inst)
{
	return inst->type->region(&inst->m);
}

/* Save/load through the type's hooks; -1 when the type has none. */
int dev_instance_save(const struct dev_instance *inst, void *buf, size_t len);
int dev_instance_load(struct dev_instance *inst, const void *buf, size_t len);

/*
 * After a load: drive the device's interrupt line to the level its model
 * holds. The restoring side's interrupt controller starts with every line
 * low, and a model only signals changes. Nothing for a device without one.
 */
void dev_instance_sync_irq(struct dev_instance *inst);

/* The first instance of `type` among inst[0..n), or NULL. */
struct dev_instance *dev_instance_find(struct dev_instance *inst, unsigned n,
				       enum board_dev_type type);

#endif
