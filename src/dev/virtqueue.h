/* SPDX-License-Identifier: MIT */
/*
 * Device side of a split virtqueue (virtio 1.1, 2.6) over guest memory that
 * is reached only through dev_host.guest_mem, so a hostile guest cannot make
 * the device touch anything outside its RAM.
 *
 * virtq_pop() walks one descriptor chain (following indirect tables) into a
 * struct virtq_chain: a list of host pointers into guest RAM, readable
 * segments first, then writable ones. Every descriptor is copied out of guest
 * memory once before it is checked (the guest may rewrite it meanwhile), the
 * walk is bounded by the queue size, and lengths are summed with overflow
 * checks. A chain that breaks the rules is reported as VIRTQ_ERR_*; the
 * transport then marks the device DEVICE_NEEDS_RESET (docs/virtio.md).
 *
 * Not thread-safe: the transport serialises all calls for one queue.
 */
#ifndef ARMVM_DEV_VIRTQUEUE_H
#define ARMVM_DEV_VIRTQUEUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dev/device.h"

/*
 * Most segments one chain may carry after zero-length descriptors are
 * dropped; also the largest queue the devices offer (QueueNumMax), so a
 * well-formed chain (never longer than the queue, 2.6.5.3.1) always fits.
 */
#define VIRTQ_MAX_SEGS 256
/* Largest total byte count of one chain, in each direction. */
#define VIRTQ_MAX_CHAIN_BYTES (1u << 30)

struct virtq_seg {
	uint8_t *ptr;                /* host address of guest bytes */
	uint32_t len;
};

struct virtq_chain {
	uint16_t head;               /* descriptor index to return in the used ring */
	unsigned nr_read;            /* seg[0 .. nr_read) are device-readable */
	unsigned nr_write;           /* seg[nr_read .. nr_read + nr_write) writable */
	uint32_t read_len;           /* total readable bytes */
	uint32_t write_len;          /* total writable bytes */
	struct virtq_seg seg[VIRTQ_MAX_SEGS];
};

struct virtq {
	/* Set by the driver through the transport while the queue is not ready. */
	uint16_t num;
	bool ready;
	uint64_t desc_gpa;
	uint64_t avail_gpa;
	uint64_t used_gpa;
	/* Negotiated features that change the ring protocol. */
	bool indirect;
	bool event_idx;
	/* Device state. */
	uint16_t last_avail;         /* next avail ring slot to consume */
	uint16_t used_idx;           /* our copy of used->idx */
	uint16_t signalled_used;     /* used_idx when we last interrupted (event idx) */
	bool signalled_valid;
	/* Host pointers to the rings, resolved once when the queue is enabled. */
	uint8_t *desc;
	uint8_t *avail;
	uint8_t *used;
};

enum virtq_status {
	VIRTQ_OK = 0,                /* a chain was returned */
	VIRTQ_EMPTY = 1,             /* no new buffers in the avail ring */
	VIRTQ_ERR_AVAIL_IDX = -1,    /* avail->idx moved more than the queue size */
	VIRTQ_ERR_HEAD = -2,         /* a ring entry or next index >= queue size */
	VIRTQ_ERR_MEMORY = -3,       /* a buffer or indirect table outside guest RAM */
	VIRTQ_ERR_LOOP = -4,         /* a chain longer than the queue / table */
	VIRTQ_ERR_INDIRECT = -5,     /* a bad indirect descriptor */
	VIRTQ_ERR_ORDER = -6,        /* a readable descriptor after a writable one */
	VIRTQ_ERR_LENGTH = -7,       /* total length beyond VIRTQ_MAX_CHAIN_BYTES */
	VIRTQ_ERR_TOO_MANY = -8,     /* more than VIRTQ_MAX_SEGS segments */
};

/* One line naming a virtq_status, for the device log. */
const char *virtq_status_str(enum virtq_status s);

/* Forget everything (device reset). */
void virtq_reset(struct virtq *vq);

/*
 * Check the driver's ring addresses and size and resolve them to host
 * pointers. Returns NULL on success or a one-line reason (size not a power
 * of two, misaligned, outside guest RAM...). `max` is QueueNumMax.
 */
const char *virtq_enable(struct virtq *vq, const struct dev_host *host,
			 uint16_t max);

/*
 * Take the next available chain. On VIRTQ_OK *c is filled and the avail
 * slot consumed; on VIRTQ_EMPTY nothing changed; on an error the queue must
 * not be used any more (the device needs a reset).
 */
enum virtq_status virtq_pop(struct virtq *vq, const struct dev_host *host,
			    struct virtq_chain *c);

/* Give back the last popped chain unused (e.g. no data arrived for it). */
void virtq_unpop(struct virtq *vq);

/* Whether buffers are waiting in the avail ring. */
bool virtq_has_avail(const struct virtq *vq);

/* Return a chain to the driver: `written` bytes were written into it. */
void virtq_push(struct virtq *vq, uint16_t head, uint32_t written);

/*
 * After one or more virtq_push(): whether the driver asked to be
 * interrupted (VIRTQ_AVAIL_F_NO_INTERRUPT, or used_event with event index).
 * Updates the event-index bookkeeping, so call it once per batch.
 */
bool virtq_should_interrupt(struct virtq *vq);

/*
 * With event index: publish avail_event so the driver notifies us for the
 * next buffer, then re-check (a buffer may have come in meanwhile).
 * Returns true when buffers are available again.
 */
bool virtq_arm_notify(struct virtq *vq);

/* Copy `len` bytes at byte `off` of the readable part of c into buf;
 * returns how many were available (< len at the end of the data). */
size_t virtq_chain_read(const struct virtq_chain *c, size_t off, void *buf,
			size_t len);
/* Copy into the writable part of c at byte `off`; returns bytes written. */
size_t virtq_chain_write(const struct virtq_chain *c, size_t off,
			 const void *buf, size_t len);

/*
 * Walk a byte range of the readable (write == false) or writable part of c as
 * contiguous host slices: calls fn(arg, ptr, len) for each piece, stopping
 * at the first non-zero return, which is returned. Returns 0 when the whole
 * range was visited, or -1 when the range runs past the end of that part.
 */
int virtq_chain_slices(const struct virtq_chain *c, bool write, size_t off,
		       size_t len,
		       int (*fn)(void *arg, uint8_t *ptr, size_t len),
		       void *arg);

#endif
