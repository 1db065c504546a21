/* SPDX-License-Identifier: MIT */
/*
 * Constants from the Virtual I/O Device (VIRTIO) specification 1.1 that are
 * common to every device and transport: device status bits (2.1), reserved
 * feature bits (6), device IDs (5) and split-virtqueue ring layout (2.6).
 * Everything in guest memory is little-endian (virtio 1.x); the helpers
 * below do the byte order and tolerate unaligned pointers.
 */
#ifndef ARMVM_DEV_VIRTIO_SPEC_H
#define ARMVM_DEV_VIRTIO_SPEC_H

#include <stdint.h>

/* 2.1 Device Status Field */
#define VIRTIO_STATUS_ACKNOWLEDGE        0x01u
#define VIRTIO_STATUS_DRIVER             0x02u
#define VIRTIO_STATUS_DRIVER_OK          0x04u
#define VIRTIO_STATUS_FEATURES_OK        0x08u
#define VIRTIO_STATUS_DEVICE_NEEDS_RESET 0x40u
#define VIRTIO_STATUS_FAILED             0x80u
/* The Status bits a driver may write (virtio 1.x, 2.1). */
#define VIRTIO_STATUS_DRIVER_BITS \
	(VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER | \
	 VIRTIO_STATUS_FEATURES_OK | VIRTIO_STATUS_DRIVER_OK | VIRTIO_STATUS_FAILED)

/* 6 Reserved Feature Bits */
#define VIRTIO_F_RING_INDIRECT_DESC      28
#define VIRTIO_F_RING_EVENT_IDX          29
#define VIRTIO_F_VERSION_1               32
#define VIRTIO_F_ACCESS_PLATFORM         33
#define VIRTIO_F_RING_PACKED             34

#define VIRTIO_BIT(f)                    (1ULL << (f))

/* 5 Device Types */
#define VIRTIO_ID_NET                    1
#define VIRTIO_ID_BLOCK                  2
#define VIRTIO_ID_CONSOLE                3
#define VIRTIO_ID_ENTROPY                4

/* 2.6.5 The Virtqueue Descriptor Table */
#define VIRTQ_DESC_F_NEXT                1u
#define VIRTQ_DESC_F_WRITE               2u
#define VIRTQ_DESC_F_INDIRECT            4u
#define VIRTQ_DESC_SIZE                  16u   /* le64 addr, le32 len, le16 flags, le16 next */
#define VIRTQ_DESC_OFF_ADDR              0
#define VIRTQ_DESC_OFF_LEN               8
#define VIRTQ_DESC_OFF_FLAGS             12
#define VIRTQ_DESC_OFF_NEXT              14

/* 2.6.6 The Virtqueue Available Ring: le16 flags, le16 idx, le16 ring[n], le16 used_event */
#define VIRTQ_AVAIL_F_NO_INTERRUPT       1u
#define VIRTQ_AVAIL_OFF_FLAGS            0
#define VIRTQ_AVAIL_OFF_IDX              2
#define VIRTQ_AVAIL_OFF_RING             4

/* 2.6.8 The Virtqueue Used Ring: le16 flags, le16 idx, {le32 id, le32 len}[n], le16 avail_event */
#define VIRTQ_USED_F_NO_NOTIFY           1u
#define VIRTQ_USED_OFF_FLAGS             0
#define VIRTQ_USED_OFF_IDX               2
#define VIRTQ_USED_OFF_RING              4
#define VIRTQ_USED_ELEM_SIZE             8u

/* 2.6 Alignment requirements of the three parts of a split virtqueue. */
#define VIRTQ_DESC_ALIGN                 16u
#define VIRTQ_AVAIL_ALIGN                2u
#define VIRTQ_USED_ALIGN                 4u

/* The largest queue a split virtqueue can have (2.6: Queue Size <= 32768). */
#define VIRTQ_SIZE_LIMIT                 32768u

static inline uint16_t virtio_ld16(const void *p)
{
	const uint8_t *b = p;
	return (uint16_t)(b[0] | b[1] << 8);
}

static inline uint32_t virtio_ld32(const void *p)
{
	const uint8_t *b = p;
	return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 |
	       (uint32_t)b[3] << 24;
}

static inline uint64_t virtio_ld64(const void *p)
{
	const uint8_t *b = p;
	return virtio_ld32(b) | (uint64_t)virtio_ld32(b + 4) << 32;
}

static inline void virtio_st16(void *p, uint16_t v)
{
	uint8_t *b = p;
	b[0] = (uint8_t)v;
	b[1] = (uint8_t)(v >> 8);
}

static inline void virtio_st32(void *p, uint32_t v)
{
	uint8_t *b = p;
	for (int i = 0; i < 4; i++)
		b[i] = (uint8_t)(v >> (8 * i));
}

static inline void virtio_st64(void *p, uint64_t v)
{
	virtio_st32(p, (uint32_t)v);
	virtio_st32((uint8_t *)p + 4, (uint32_t)(v >> 32));
}

/*
 * Ring indices shared with a guest that runs concurrently: read and write
 * them once, as a single 16-bit access (they are 2-byte aligned by the ring
 * alignment rules, checked when the queue is made ready).
 */
static inline uint16_t virtio_ring_ld16(const void *p)
{
	uint16_t v = __atomic_load_n((const uint16_t *)p, __ATOMIC_RELAXED);
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	v = __builtin_bswap16(v);
#endif
	return v;
}

static inline void virtio_ring_st16(void *p, uint16_t v)
{
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	v = __builtin_bswap16(v);
#endif
	__atomic_store_n((uint16_t *)p, v, __ATOMIC_RELAXED);
}

#endif
