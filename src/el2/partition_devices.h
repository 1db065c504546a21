/* SPDX-License-Identifier: MIT */
/* A partition's emulated devices: host callbacks and MMIO region wiring. */
#ifndef EL2_PARTITION_DEVICES_H
#define EL2_PARTITION_DEVICES_H

#include <stdbool.h>
#include <stdint.h>

struct partition;

/* struct dev_host callbacks for a partition (ctx = the partition). */
void host_set_irq(void *ctx, unsigned spi, bool level);
void *host_guest_mem(void *ctx, uint64_t gpa, uint64_t len);
void host_log(void *ctx, const char *dev, const char *msg);

/* (Re)build the partition's devices and MMIO region table from its config. */
void devices_setup(struct partition *p);

#endif
