/* SPDX-License-Identifier: MIT */
/*
 * For the harnesses of the simple MMIO devices (PL011, PL031, test device,
 * boot marker): one device built through the device registry, with quiet
 * back ends, and a fuzzed guest's accesses to it.
 */
#ifndef ARMVM_FUZZ_MMIO_MODEL_H
#define ARMVM_FUZZ_MMIO_MODEL_H

#include "dev/dev_registry.h"
#include "fuzz_input.h"

/* Build a device of board type `type` (< BOARD_DEV_VIRTIO_MMIO) at its
 * QEMU virt place; 0, or -1 if the registry cannot. */
int fuzz_mmio_model_init(struct dev_instance *inst, enum board_dev_type type);
/* Run the input as accesses (any offset in the window and beyond, any
 * size), host input for a UART, clock ticks, until it runs out. */
void fuzz_mmio_model_run(struct dev_instance *inst, struct fuzz_in *in);

#endif
