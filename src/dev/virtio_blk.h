/* SPDX-License-Identifier: MIT */
/*
 * virtio block device (virtio 1.1, 5.2) over a back end of byte-addressed
 * reads and writes: the hosted engine's is a file (src/host/host_blk.c).
 * Requests: IN, OUT, FLUSH (must reach stable storage: the back end's
 * flush), GET_ID, and DISCARD when the back end can. A read-only disk
 * offers VIRTIO_BLK_F_RO and fails writes with VIRTIO_BLK_S_IOERR.
 *
 * No lost data (docs/virtio.md, "Data integrity"): a request's segments
 * reach the back end in one vectored call; a driver that did not negotiate
 * VIRTIO_BLK_F_FLUSH gets a write-through disk (a flush after every write
 * before it completes); a host I/O failure completes the request with
 * VIRTIO_BLK_S_IOERR and is reported on the host once per kind, naming the
 * disk and the errno, through dev_host.log.
 */
#ifndef ARMVM_DEV_VIRTIO_BLK_H
#define ARMVM_DEV_VIRTIO_BLK_H

#include "dev/virtio_iov.h"
#include "dev/virtio_mmio.h"

/* Feature bits (5.2.3) */
#define VIRTIO_BLK_F_SIZE_MAX     1
#define VIRTIO_BLK_F_SEG_MAX      2
#define VIRTIO_BLK_F_RO           5
#define VIRTIO_BLK_F_BLK_SIZE     6
#define VIRTIO_BLK_F_FLUSH        9
#define VIRTIO_BLK_F_DISCARD      13

/* Request types and status (5.2.6) */
#define VIRTIO_BLK_T_IN           0
#define VIRTIO_BLK_T_OUT          1
#define VIRTIO_BLK_T_FLUSH        4
#define VIRTIO_BLK_T_GET_ID       8
#define VIRTIO_BLK_T_DISCARD      11
#define VIRTIO_BLK_S_OK           0
#define VIRTIO_BLK_S_IOERR        1
#define VIRTIO_BLK_S_UNSUPP       2

#define VIRTIO_BLK_SECTOR_SIZE    512u
#define VIRTIO_BLK_ID_BYTES       20u
#define VIRTIO_BLK_REQ_HDR_SIZE   16u   /* le32 type, le32 reserved, le64 sector */
#define VIRTIO_BLK_DISCARD_SEG_SIZE 16u /* le64 sector, le32 num_sectors, le32 flags */

/* Device configuration layout (5.2.4), the fields we fill in. */
#define VIRTIO_BLK_CFG_CAPACITY            0   /* le64, in 512-byte sectors */
#define VIRTIO_BLK_CFG_SIZE_MAX            8   /* le32 */
#define VIRTIO_BLK_CFG_SEG_MAX             12  /* le32 */
#define VIRTIO_BLK_CFG_BLK_SIZE            20  /* le32 */
#define VIRTIO_BLK_CFG_MAX_DISCARD_SECTORS 36  /* le32 */
#define VIRTIO_BLK_CFG_MAX_DISCARD_SEG     40  /* le32 */
#define VIRTIO_BLK_CFG_DISCARD_ALIGNMENT   44  /* le32, sectors */
#define VIRTIO_BLK_CFG_SIZE                60

/* What we advertise: data segments per request (the chain also carries the
 * header and the status byte) and the largest discard. */
#define VIRTIO_BLK_SEG_MAX        (VIRTIO_MMIO_QUEUE_MAX - 2)
#define VIRTIO_BLK_MAX_DISCARD_SECTORS (1u << 22)   /* 2 GiB */
#define VIRTIO_BLK_MAX_DISCARD_SEG 1u

struct virtio_blk_backend {
	void *ctx;
	uint64_t size;               /* bytes; capacity is size / 512 */
	bool readonly;
	/*
	 * Each returns 0, or a negative errno (-EIO, -ENOSPC...; any value < 0
	 * is an error) on an I/O error. Offsets are in bytes and within
	 * [0, size). A request's data segments come in one call, so a file
	 * back end writes them with one pwritev: a kill cannot land between
	 * two segments of one request.
	 */
	int (*read)(void *ctx, uint64_t off, const struct dev_iovec *iov, unsigned n);
	int (*write)(void *ctx, uint64_t off, const struct dev_iovec *iov, unsigned n);
	/* Make every completed write durable (FLUSH, and after each write
	 * when the driver did not negotiate VIRTIO_BLK_F_FLUSH). */
	int (*flush)(void *ctx);
	/* Deallocate a range; NULL = no VIRTIO_BLK_F_DISCARD. */
	int (*discard)(void *ctx, uint64_t off, uint64_t len);
	/* For the host's report of a failed host I/O: what the disk is (a
	 * file name; may be NULL) and an errno's text (strerror; may be NULL,
	 * then the number alone is printed). */
	const char *name;
	const char *(*error_str)(int errnum);
	/* Up to VIRTIO_BLK_ID_BYTES of serial for GET_ID (NUL-padded). */
	char id[VIRTIO_BLK_ID_BYTES];
};

/* Host I/O failures reported once per kind (operation and errno): how
 * many distinct kinds one device remembers before it stops reporting. */
#define VIRTIO_BLK_HOST_ERR_KINDS 8

enum virtio_blk_host_op {
	VIRTIO_BLK_HOST_READ,
	VIRTIO_BLK_HOST_WRITE,
	VIRTIO_BLK_HOST_FLUSH,
	VIRTIO_BLK_HOST_DISCARD,
};

struct virtio_blk {
	struct virtio_mmio transport;
	struct virtio_blk_backend be;
	uint8_t config[VIRTIO_BLK_CFG_SIZE];
	uint64_t requests;           /* counters, for tests and diagnostics */
	uint64_t errors;
	uint64_t host_errors;        /* back-end failures (all, reported or not) */
	/* Kinds of host failure already reported (op << 16 | errno): never
	 * cleared, not even by a device reset, so a guest retrying a failing
	 * write cannot flood the host's log. */
	uint32_t host_err_seen[VIRTIO_BLK_HOST_ERR_KINDS];
	unsigned host_err_nseen;
	/* One request's data segments, handed to the back end in one call. */
	struct dev_iovec iov[VIRTQ_MAX_SEGS];
};

void virtio_blk_init(struct virtio_blk *b, const struct virtio_mmio_params *p,
		     const struct virtio_blk_backend *be);


/*
 * Saved state (dev_state.h; virtio_mmio.h "Saved state"): the transport
 * with its queues, the device's config space and counters. save returns
 * the bytes written or -1 (buffer too small). load, into a device the
 * loading side built with init over its own back end: 0, or -1 leaving
 * the device unchanged, with *why (if not NULL) naming the problem when a
 * check found one (NULL for a short state): e.g. a disk of another size or a read-only one where the snapshot's was writable.
 */
int virtio_blk_save(const struct virtio_blk *b, void *buf, size_t len);
int virtio_blk_load(struct virtio_blk *b, const void *buf, size_t len,
		    const char **why);

#endif
