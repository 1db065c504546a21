/* SPDX-License-Identifier: MIT */
/*
 * The saved state of a device model (the registry's save/load hooks): a
 * little-endian byte stream starting with a four-character tag and a
 * version, then the model's fields in a fixed order. Writers and readers
 * stop at the buffer's end and remember that they did, so a hook checks
 * once at the end. Header-only, freestanding.
 */
#ifndef ARMVM_DEV_DEV_STATE_H
#define ARMVM_DEV_DEV_STATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct dev_state {
	uint8_t *buf;                /* const for a reader */
	size_t len;
	size_t pos;
	bool bad;                    /* ran past the end, or a check failed */
	/* Why a load failed, when a check named it (a static string); NULL
	 * for a short stream. */
	const char *why;
};

/* A load's check failed: the stream goes bad, remembering the first reason. */
static inline void dev_state_fail(struct dev_state *s, const char *why)
{
	if (!s->bad)
		s->why = why;
	s->bad = true;
}

static inline void dev_state_put(struct dev_state *s, const void *p, size_t n)
{
	if (s->bad || n > s->len - s->pos) {
		s->bad = true;
		return;
	}
	memcpy(s->buf + s->pos, p, n);
	s->pos += n;
}

static inline void dev_state_get(struct dev_state *s, void *p, size_t n)
{
	if (s->bad || n > s->len - s->pos) {
		s->bad = true;
		memset(p, 0, n);
		return;
	}
	memcpy(p, s->buf + s->pos, n);
	s->pos += n;
}

static inline void dev_state_put_u64(struct dev_state *s, uint64_t v)
{
	uint8_t b[8];

	for (unsigned i = 0; i < 8; i++)
		b[i] = (uint8_t)(v >> (8 * i));
	dev_state_put(s, b, 8);
}

static inline uint64_t dev_state_get_u64(struct dev_state *s)
{
	uint8_t b[8];
	uint64_t v = 0;

	dev_state_get(s, b, 8);
	for (unsigned i = 0; i < 8; i++)
		v |= (uint64_t)b[i] << (8 * i);
	return v;
}

static inline void dev_state_put_u32(struct dev_state *s, uint32_t v)
{
	uint8_t b[4] = { (uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16),
			 (uint8_t)(v >> 24) };

	dev_state_put(s, b, 4);
}

static inline uint32_t dev_state_get_u32(struct dev_state *s)
{
	uint8_t b[4];

	dev_state_get(s, b, 4);
	return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 |
	       (uint32_t)b[3] << 24;
}

static inline void dev_state_put_u16(struct dev_state *s, uint16_t v)
{
	uint8_t b[2] = { (uint8_t)v, (uint8_t)(v >> 8) };

	dev_state_put(s, b, 2);
}

static inline uint16_t dev_state_get_u16(struct dev_state *s)
{
	uint8_t b[2];

	dev_state_get(s, b, 2);
	return (uint16_t)(b[0] | b[1] << 8);
}

static inline void dev_state_put_u8(struct dev_state *s, uint8_t v)
{
	dev_state_put(s, &v, 1);
}

static inline uint8_t dev_state_get_u8(struct dev_state *s)
{
	uint8_t v;

	dev_state_get(s, &v, 1);
	return v;
}

/* Start a stream for writing: tag (4 characters) and version. */
static inline void dev_state_begin_save(struct dev_state *s, void *buf, size_t len,
					const char tag[4], uint32_t version)
{
	*s = (struct dev_state){ .buf = buf, .len = buf ? len : 0 };
	dev_state_put(s, tag, 4);
	dev_state_put_u32(s, version);
}

/* Start reading: false (and s->bad) unless tag and version match. */
static inline bool dev_state_begin_load(struct dev_state *s, const void *buf,
					size_t len, const char tag[4],
					uint32_t version)
{
	char t[4];

	*s = (struct dev_state){ .buf = (uint8_t *)(uintptr_t)buf, .len = buf ? len : 0 };
	dev_state_get(s, t, 4);
	if (s->bad)
		return false;
	if (memcmp(t, tag, 4))
		dev_state_fail(s, "saved state is of another device type");
	else if (dev_state_get_u32(s) != version)
		dev_state_fail(s, "saved state is of another version of the device");
	return !s->bad;
}

/* A load that must use the whole state: trailing bytes make it bad. */
static inline void dev_state_expect_end(struct dev_state *s)
{
	if (!s->bad && s->pos != s->len)
		dev_state_fail(s, "saved state has trailing bytes");
}

/* Bytes written (save) or consumed (load), or -1 when the stream went bad
 * (a save buffer too small; a load of a short, foreign or invalid state). */
static inline int dev_state_end(const struct dev_state *s)
{
	return s->bad ? -1 : (int)s->pos;
}

#endif
