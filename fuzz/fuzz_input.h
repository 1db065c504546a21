/* SPDX-License-Identifier: MIT */
/*
 * Reading a fuzzer's input as a stream of little-endian fields: once the
 * bytes run out every read returns 0, so a harness never reads past them
 * and a short input is just a shorter run. Header-only.
 */
#ifndef ARMVM_FUZZ_INPUT_H
#define ARMVM_FUZZ_INPUT_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct fuzz_in {
	const uint8_t *p;
	size_t n;
};

static inline uint64_t fuzz_take(struct fuzz_in *in, unsigned bytes)
{
	uint64_t v = 0;

	for (unsigned i = 0; i < bytes && in->n; i++, in->p++, in->n--)
		v |= (uint64_t)*in->p << (8 * i);
	return v;
}

static inline uint8_t fuzz_u8(struct fuzz_in *in) { return (uint8_t)fuzz_take(in, 1); }
static inline uint16_t fuzz_u16(struct fuzz_in *in) { return (uint16_t)fuzz_take(in, 2); }
static inline uint32_t fuzz_u32(struct fuzz_in *in) { return (uint32_t)fuzz_take(in, 4); }
static inline uint64_t fuzz_u64(struct fuzz_in *in) { return fuzz_take(in, 8); }

/* Up to len bytes into buf; returns how many were there. */
static inline size_t fuzz_bytes(struct fuzz_in *in, void *buf, size_t len)
{
	if (len > in->n)
		len = in->n;
	memcpy(buf, in->p, len);
	in->p += len;
	in->n -= len;
	return len;
}

/* An MMIO access size: 1, 2, 4 or 8 bytes, from two bits. */
static inline unsigned fuzz_access_size(uint8_t bits)
{
	return 1u << (bits & 3);
}

#endif
