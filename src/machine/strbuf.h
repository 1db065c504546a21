/* SPDX-License-Identifier: MIT */
/*
 * A tiny bounded string builder for freestanding code (no snprintf):
 * appends text, decimal and hex numbers, always NUL-terminates, truncates
 * silently. Header-only so device models can use it without a link
 * dependency.
 */
#ifndef ARMVM_MACHINE_STRBUF_H
#define ARMVM_MACHINE_STRBUF_H

#include <stddef.h>
#include <stdint.h>

struct strbuf {
	char *buf;
	size_t cap;                  /* bytes in buf, including the NUL */
	size_t len;                  /* length the full text would have */
};

static inline void strbuf_init(struct strbuf *sb, char *buf, size_t cap)
{
	sb->buf = buf;
	sb->cap = cap;
	sb->len = 0;
	if (buf && cap)
		buf[0] = '\0';
}

static inline void strbuf_putc(struct strbuf *sb, char ch)
{
	if (sb->buf && sb->len + 1 < sb->cap) {
		sb->buf[sb->len] = ch;
		sb->buf[sb->len + 1] = '\0';
	}
	sb->len++;
}

static inline void strbuf_puts(struct strbuf *sb, const char *s)
{
	while (s && *s)
		strbuf_putc(sb, *s++);
}

static inline void strbuf_dec(struct strbuf *sb, uint64_t v)
{
	char tmp[20];
	int n = 0;

	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n)
		strbuf_putc(sb, tmp[--n]);
}

/* Exactly `digits` lowercase hex digits (1..16), no prefix. */
static inline void strbuf_hex_fixed(struct strbuf *sb, uint64_t v, int digits)
{
	for (int i = digits - 1; i >= 0; i--)
		strbuf_putc(sb, "0123456789abcdef"[(v >> (4 * i)) & 0xf]);
}

/* "0x" and the shortest hex form. */
static inline void strbuf_hex(struct strbuf *sb, uint64_t v)
{
	int digits = 1;

	while (digits < 16 && (v >> (4 * digits)))
		digits++;
	strbuf_puts(sb, "0x");
	strbuf_hex_fixed(sb, v, digits);
}

/* A size in bytes, with the unit that reads best: "512 bytes", "4 KiB",
 * "1.5 MiB" is not attempted: exact multiples only, else bytes. */
static inline void strbuf_size(struct strbuf *sb, uint64_t v)
{
	if (v && !(v & ((1ULL << 30) - 1))) {
		strbuf_dec(sb, v >> 30);
		strbuf_puts(sb, " GiB");
	} else if (v && !(v & ((1ULL << 20) - 1))) {
		strbuf_dec(sb, v >> 20);
		strbuf_puts(sb, " MiB");
	} else if (v && !(v & ((1ULL << 10) - 1))) {
		strbuf_dec(sb, v >> 10);
		strbuf_puts(sb, " KiB");
	} else {
		strbuf_dec(sb, v);
		strbuf_puts(sb, v == 1 ? " byte" : " bytes");
	}
}

#endif
