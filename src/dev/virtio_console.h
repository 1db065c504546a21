/* SPDX-License-Identifier: MIT */
/*
 * virtio console (virtio 1.1, 5.3), a single port without
 * VIRTIO_CONSOLE_F_MULTIPORT: receiveq0 and transmitq0 only. Linux sees it
 * as /dev/hvc0 (console=hvc0). Output bytes go to a dev_byte_sink; input
 * comes from a back end polled when the engine learns it has bytes.
 */
#ifndef ARMVM_DEV_VIRTIO_CONSOLE_H
#define ARMVM_DEV_VIRTIO_CONSOLE_H

#include "dev/virtio_mmio.h"

#define VIRTIO_CONSOLE_RXQ        0
#define VIRTIO_CONSOLE_TXQ        1
/* Config (5.3.4): le16 cols, le16 rows, le32 max_nr_ports, le32 emerg_wr;
 * none of the features that give them meaning is offered. */
#define VIRTIO_CONSOLE_CFG_SIZE   12

struct virtio_console_input {
	void *ctx;
	/* Up to len bytes of input: how many (> 0), 0 when none is waiting
	 * (or no more will come), < 0 on an error. */
	long (*read)(void *ctx, uint8_t *buf, size_t len);
};

struct virtio_console {
	struct virtio_mmio transport;
	struct dev_byte_sink out;
	struct virtio_console_input in;
	uint8_t config[VIRTIO_CONSOLE_CFG_SIZE];
	uint64_t rx_bytes, tx_bytes;
};

/* `in` may be NULL or have a NULL read: an output-only console. */
void virtio_console_init(struct virtio_console *c,
			 const struct virtio_mmio_params *p,
			 const struct dev_byte_sink *out,
			 const struct virtio_console_input *in);

/* The input back end has bytes; same contract as virtio_net_receive(). */
enum virtio_q_result virtio_console_receive(struct virtio_console *c);


/*
 * Saved state (dev_state.h; virtio_mmio.h "Saved state"): the transport
 * with its queues, the device's config space and counters. save returns
 * the bytes written or -1 (buffer too small). load, into a device the
 * loading side built with init over its own back end: 0, or -1 leaving
 * the device unchanged, with *why (if not NULL) naming the problem when a
 * check found one (NULL for a short state): e.g. another device type.
 */
int virtio_console_save(const struct virtio_console *c, void *buf, size_t len);
int virtio_console_load(struct virtio_console *c, const void *buf, size_t len,
			const char **why);

#endif
