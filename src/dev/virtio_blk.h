/* SPDX-License-Identifier: MIT */
/*
 * virtio block device (virtio 1.1, 5.2) over a back end of byte-addressed
 * reads and writes: the hosted engine's is a file (src/host/host_blk.c).
 * Requests: IN, OUT, FLUSH (must reach stable storage: the back end's
 * flush), GET_ID, and DISCARD when the back end can. A read-only disk
 * offers VIRTIO_BLK_F_RO and fails writes with VIRTIO_BLK_S_IOERR.
 */
#ifndef ARMVM_DEV_VIRTIO_BLK_H
#define ARMVM_DEV_VIRTIO_BLK_H

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
	/* Each returns 0, or < 0 on an I/O error. Offsets are in bytes and
	 * within [0, size). */
	int (*read)(void *ctx, uint64_t off, void *buf, size_t len);
	int (*write)(void *ctx, uint64_t off, const void *buf, size_t len);
	int (*flush)(void *ctx);
	/* Deallocate a range; NULL = no VIRTIO_BLK_F_DISCARD. */
	int (*discard)(void *ctx, uint64_t off, uint64_t len);
	/* Up to VIRTIO_BLK_ID_BYTES of serial for GET_ID (NUL-padded). */
	char id[VIRTIO_BLK_ID_BYTES];
};

struct virtio_blk {
	struct virtio_mmio transport;
	struct virtio_blk_backend be;
	uint8_t config[VIRTIO_BLK_CFG_SIZE];
	uint64_t requests;           /* counters, for tests and diagnostics */
	uint64_t errors;
};

void virtio_blk_init(struct virtio_blk *b, const struct virtio_mmio_params *p,
		     const struct virtio_blk_backend *be);

#endif
