/* SPDX-License-Identifier: MIT */
/*
 * virtio-mmio transport, version 2 only (virtio 1.x, VIRTIO_F_VERSION_1
 * required), shared by every virtio device model. One transport is one
 * VIRTIO_MMIO_SIZE window and one SPI; a device model (virtio_blk.h, ...)
 * embeds it and supplies a struct virtio_device_ops.
 *
 * Two ways to run it (docs/virtio.md, "Threading"):
 *
 *  - Synchronous (EL2 engine, unit tests): hooks == NULL, or only
 *    lock/unlock when several vCPUs may touch the device. A QueueNotify
 *    write processes the queue inside virtio_mmio_write(); the interrupt is
 *    a level driven through dev_host.set_irq (high while InterruptStatus is
 *    non-zero).
 *  - Threaded (hosted engine): hooks->notify receives QueueNotify writes that
 *    reach the MMIO handler (the fast path is an ioeventfd that never does),
 *    and an I/O thread calls virtio_mmio_process_queue(); hooks->interrupt
 *    sends an edge (an irqfd write). hooks->lock/unlock serialise the
 *    transport: every register access and every queue run hold it, except
 *    InterruptStatus reads and InterruptACK writes, which are lock-free
 *    atomics so the guest's interrupt handler never waits for disk I/O.
 */
#ifndef ARMVM_DEV_VIRTIO_MMIO_H
#define ARMVM_DEV_VIRTIO_MMIO_H

#include <stdbool.h>
#include <stdint.h>

#include "dev/device.h"
#include "dev/virtio_mmio_regs.h"
#include "dev/virtqueue.h"

#define VIRTIO_MMIO_MAX_QUEUES 4
/* QueueNumMax of every queue (also the chain segment limit). */
#define VIRTIO_MMIO_QUEUE_MAX  VIRTQ_MAX_SEGS
/* Subsystem vendor ID reported in VendorID: "ARMV" is not a PCI vendor, so
 * use the value QEMU uses for its virtio-mmio devices ("QEMU"). */
#define VIRTIO_MMIO_VENDOR     0x554d4551u
/* Diagnostics per transport before further ones are suppressed (per reset). */
#define VIRTIO_MMIO_LOG_BUDGET 16

struct virtio_mmio;

enum virtio_q_result {
	VIRTIO_Q_DONE = 0,           /* nothing more to do for now */
	VIRTIO_Q_NEED_BUFFERS = 1,   /* input is waiting but the driver posted no buffer */
	VIRTIO_Q_NOT_READY = 2,      /* queue not live: no DRIVER_OK, not ready, or broken */
};

/* What a device model supplies; a static const table per device type. */
struct virtio_device_ops {
	uint32_t device_id;          /* VIRTIO_ID_* */
	unsigned nr_queues;          /* 1..VIRTIO_MMIO_MAX_QUEUES */
	uint32_t config_size;        /* bytes of device config at VIRTIO_MMIO_CONFIG */
	/* Copy config bytes [off, off+len) (already bounds-checked) out/in.
	 * config_write may be NULL (read-only config; writes are logged). */
	void (*config_read)(void *dev, uint32_t off, void *buf, unsigned len);
	void (*config_write)(void *dev, uint32_t off, const void *buf, unsigned len);
	/*
	 * Run queue q: virtio_mmio_pop() chains and virtio_mmio_push() them
	 * back. Called with the transport lock held, only while the queue is
	 * live. Returns VIRTIO_Q_DONE or VIRTIO_Q_NEED_BUFFERS.
	 */
	enum virtio_q_result (*queue_process)(void *dev, struct virtio_mmio *t,
					      unsigned q);
	/* The driver reset the device (Status = 0); may be NULL. */
	void (*reset)(void *dev);
};

struct virtio_mmio_hooks {
	void *ctx;
	void (*lock)(void *ctx);
	void (*unlock)(void *ctx);
	/* A QueueNotify write for queue q reached the handler. Called with the
	 * lock held: wake the processing thread, do not call back in. */
	void (*notify)(void *ctx, unsigned q);
	/* Signal an interrupt edge; NULL = level through dev_host.set_irq. */
	void (*interrupt)(void *ctx);
};

/* Where a transport lives; the same for every device model's init. */
struct virtio_mmio_params {
	const char *name;            /* for diagnostics, e.g. "virtio-blk0" */
	uint64_t base;               /* guest physical base of the window */
	unsigned spi;                /* its interrupt */
	const struct dev_host *host; /* copied */
	const struct virtio_mmio_hooks *hooks; /* copied; NULL = synchronous */
};

struct virtio_mmio {
	struct mmio_region region;   /* register with the engine as is */
	struct dev_host host;
	struct virtio_mmio_hooks hooks;
	bool threaded;
	unsigned spi;
	const struct virtio_device_ops *ops;
	void *dev;
	uint64_t device_features;

	/* Register state (under the lock). */
	uint32_t device_features_sel;
	uint32_t driver_features_sel;
	uint64_t driver_features;
	uint32_t queue_sel;
	uint32_t status;
	uint32_t config_generation;
	uint32_t shm_sel;
	bool broken;                 /* DEVICE_NEEDS_RESET set: no queue runs */
	unsigned log_budget;
	struct virtq vq[VIRTIO_MMIO_MAX_QUEUES];
	uint16_t used_checked[VIRTIO_MMIO_MAX_QUEUES];

	/* InterruptStatus bits 0 (used buffer) and 1 (config change): pending
	 * while raised != acked; see virtio_mmio.c. */
	uint32_t irq_raised[2];
	uint32_t irq_acked[2];
	bool irq_level;              /* level mode: what we last drove */

	struct virtq_chain chain;    /* the chain virtio_mmio_pop() returns */
};

/*
 * Set up a transport in reset state. `device_features` are the device's own
 * feature bits; the transport adds VIRTIO_F_VERSION_1,
 * VIRTIO_F_RING_INDIRECT_DESC and VIRTIO_F_RING_EVENT_IDX.
 */
void virtio_mmio_init(struct virtio_mmio *t, const struct virtio_mmio_params *p,
		      const struct virtio_device_ops *ops, void *dev,
		      uint64_t device_features);

/* MMIO handlers (also t->region.read/write). */
uint64_t virtio_mmio_read(void *t, uint64_t offset, unsigned size);
void virtio_mmio_write(void *t, uint64_t offset, unsigned size, uint64_t value);

/*
 * Run queue q now (threaded mode: from the I/O thread, on its ioeventfd or
 * when the back end has input). Takes the lock, runs the device, and raises
 * the used-buffer interrupt if the driver wants one.
 */
enum virtio_q_result virtio_mmio_process_queue(struct virtio_mmio *t, unsigned q);

/* Signal a device configuration change (ConfigGeneration + interrupt).
 * Takes the lock: call it from the engine, not from queue_process. */
void virtio_mmio_config_changed(struct virtio_mmio *t);

/*
 * Saved state (dev_state.h), written inside a device model's own state
 * (virtio_blk_save...; virtio_mmio_state.c): the registers, the negotiated
 * features, InterruptStatus, and per queue its size, ring addresses,
 * ready flag and device-side indices (last_avail, used_idx, event-index
 * bookkeeping). Not the wiring (region, host, hooks, back end): the
 * loading side builds the transport with init first. Save only between
 * queue runs: the transport lock held, or no vCPU and no I/O thread running.
 *
 * Loading is two steps so a device model commits all or nothing:
 * virtio_mmio_state_load parses and checks the transport's part into a
 * struct virtio_mmio_saved, touching nothing else; a different device or
 * feature set (another back end, e.g. a read-only disk), a ready queue
 * whose rings are not in this guest's RAM, or impossible values make s bad
 * with s->why. Once the model's whole state has loaded,
 * virtio_mmio_state_commit installs it and drives a synchronous
 * transport's interrupt line to InterruptStatus (a threaded one's pending
 * edge is in the interrupt controller's saved state).
 */
struct virtio_mmio_saved {
	uint32_t device_features_sel;
	uint32_t driver_features_sel;
	uint64_t driver_features;
	uint32_t queue_sel;
	uint32_t status;
	uint32_t config_generation;
	uint32_t shm_sel;
	bool broken;
	unsigned log_budget;
	uint32_t isr;                /* InterruptStatus bits */
	struct virtq vq[VIRTIO_MMIO_MAX_QUEUES];
	uint16_t used_checked[VIRTIO_MMIO_MAX_QUEUES];
};

struct dev_state;
void virtio_mmio_state_save(const struct virtio_mmio *t, struct dev_state *s);
void virtio_mmio_state_load(const struct virtio_mmio *t, struct dev_state *s,
			    struct virtio_mmio_saved *out);
void virtio_mmio_state_commit(struct virtio_mmio *t,
			      const struct virtio_mmio_saved *saved);

/* ---- for device models, inside queue_process (lock held) ---- */

/*
 * Next chain of queue q, or NULL when there is none (then, with event
 * index, the driver has been asked to notify for the next one) or when the
 * chain was malformed (then the device is marked DEVICE_NEEDS_RESET and the
 * reason logged). The chain stays valid until the next pop.
 */
struct virtq_chain *virtio_mmio_pop(struct virtio_mmio *t, unsigned q);
void virtio_mmio_unpop(struct virtio_mmio *t, unsigned q);
void virtio_mmio_push(struct virtio_mmio *t, unsigned q, uint16_t head,
		      uint32_t written);
/* Whether queue q can take buffers now (live and not broken). */
bool virtio_mmio_queue_live(const struct virtio_mmio *t, unsigned q);
/* Whether the driver accepted feature bit `f`. */
bool virtio_mmio_has_feature(const struct virtio_mmio *t, unsigned f);
/* Mark the device DEVICE_NEEDS_RESET because of `why` (logged). */
void virtio_mmio_device_error(struct virtio_mmio *t, const char *why);
/* Report guest misbehaviour through dev_host.log (rate-limited). */
void virtio_mmio_log(struct virtio_mmio *t, const char *msg);

#endif
