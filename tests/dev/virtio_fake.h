/* SPDX-License-Identifier: MIT */
/*
 * Test harness for the virtio device models: a fake guest RAM behind a
 * dev_host, and a minimal virtio-mmio driver that talks to a transport only
 * through its MMIO registers and builds rings in that RAM, the way Linux's
 * virtio_mmio + virtio_ring do.
 */
#ifndef ARMVM_TESTS_VIRTIO_FAKE_H
#define ARMVM_TESTS_VIRTIO_FAKE_H

#include <stdbool.h>
#include <stdint.h>

#include "dev/virtio_mmio.h"

#define FAKE_RAM_BASE 0x40000000ULL
#define FAKE_RAM_SIZE (8u << 20)

struct fake_guest {
	uint8_t ram[FAKE_RAM_SIZE];
	uint64_t brk;                /* bump allocator, gpa */
	struct dev_host host;
	bool irq_level;
	unsigned irq_raises;         /* low -> high transitions */
	unsigned logs;
	char last_log[160];
};

/* The global fake guest (the RAM is large: keep it off the stack). */
extern struct fake_guest fake;

void fake_reset(void);
uint64_t fake_alloc(uint64_t len, uint64_t align);
void *fake_ptr(uint64_t gpa);

struct fake_queue {
	uint16_t num;
	uint64_t desc, avail, used;
	uint16_t free_head;          /* next unused descriptor (no recycling) */
	uint16_t avail_idx;
	uint16_t used_seen;
	/* Unless set, drv_publish() asks (with event index) for an interrupt
	 * at the next used entry, as Linux's virtqueue_enable_cb does. */
	bool manual_used_event;
};

struct fake_drv {
	struct virtio_mmio *t;
	struct fake_queue q[VIRTIO_MMIO_MAX_QUEUES];
	/* Register access other than calling the transport directly (the
	 * host tests go through the engine's MMIO and ioeventfd paths). */
	void *io_ctx;
	uint32_t (*io_read)(void *ctx, uint64_t off);
	void (*io_write)(void *ctx, uint64_t off, uint32_t v);
	/* Feature bits drv_init() declines although offered (kept by it). */
	uint64_t decline;
};

struct fake_buf {
	uint64_t gpa;
	uint32_t len;
	bool write;
};

uint32_t drv_rd(struct fake_drv *d, uint64_t off);
void drv_wr(struct fake_drv *d, uint64_t off, uint32_t v);

/*
 * Reset, negotiate `features` (0 = accept all offered, minus EVENT_IDX and
 * INDIRECT unless `ring_features`), set up nr_queues of size num, DRIVER_OK.
 * Returns the status read back.
 */
uint32_t drv_init(struct fake_drv *d, struct virtio_mmio *t, unsigned nr_queues,
		  uint16_t num, bool ring_features);
/* Set up queue q with size num at fresh addresses (queue must be off). */
void drv_setup_queue(struct fake_drv *d, unsigned q, uint16_t num);
/* Write descriptors for bufs as one direct chain and return its head. */
uint16_t drv_chain(struct fake_drv *d, unsigned q, const struct fake_buf *b,
		   unsigned n);
/* Same, as an indirect table referenced by one descriptor. */
uint16_t drv_chain_indirect(struct fake_drv *d, unsigned q,
			    const struct fake_buf *b, unsigned n);
/* Publish head in the avail ring (does not notify). */
void drv_publish(struct fake_drv *d, unsigned q, uint16_t head);
/* Write QueueNotify. */
void drv_kick(struct fake_drv *d, unsigned q);
/* Chain + publish + kick. */
uint16_t drv_submit(struct fake_drv *d, unsigned q, const struct fake_buf *b,
		    unsigned n);
/* Next used element, if any. */
bool drv_used(struct fake_drv *d, unsigned q, uint32_t *id, uint32_t *len);
/* Raw descriptor write. */
void drv_desc(struct fake_drv *d, unsigned q, uint16_t i, uint64_t addr,
	      uint32_t len, uint16_t flags, uint16_t next);

/* Transport parameters for a device under test: synchronous, SPI 16. */
struct virtio_mmio_params fake_params(const char *name);

#endif
