/* SPDX-License-Identifier: MIT */
/* Helpers shared by loader.c and loader_layout.c (internal). */
#ifndef ARMVM_MACHINE_LOADER_UTIL_H
#define ARMVM_MACHINE_LOADER_UTIL_H

#include "machine/loader.h"
#include "machine/strbuf.h"

#define LOADER_PAGE_SIZE 0x1000ULL

static inline uint64_t align_down(uint64_t v, uint64_t a)
{
	return v & ~(a - 1);
}

/* Round up; returns 0 on overflow (callers treat 0 as "does not fit"). */
static inline uint64_t align_up(uint64_t v, uint64_t a)
{
	return v + (a - 1) < v ? 0 : (v + (a - 1)) & ~(a - 1);
}

static inline uint64_t ram_end(const struct guest_ram *ram)
{
	return ram->gpa + ram->size;
}

/* [gpa, gpa+len) lies wholly inside RAM (len may be 0). */
static inline bool ram_contains(const struct guest_ram *ram, uint64_t gpa,
				uint64_t len)
{
	return gpa >= ram->gpa && len <= ram->size &&
	       gpa - ram->gpa <= ram->size - len;
}

static inline uint8_t *ram_ptr(const struct guest_ram *ram, uint64_t gpa)
{
	return (uint8_t *)ram->host + (gpa - ram->gpa);
}

static inline bool ranges_overlap(uint64_t a, uint64_t alen, uint64_t b,
				  uint64_t blen)
{
	return alen && blen && a < b + blen && b < a + alen;
}

/* "[0x..., 0x...)" */
static inline void sb_range(struct strbuf *sb, uint64_t start, uint64_t end)
{
	strbuf_putc(sb, '[');
	strbuf_hex(sb, start);
	strbuf_puts(sb, ", ");
	strbuf_hex(sb, end);
	strbuf_putc(sb, ')');
}

static inline void sb_ram(struct strbuf *sb, const struct guest_ram *ram)
{
	strbuf_puts(sb, "guest RAM ");
	sb_range(sb, ram->gpa, ram_end(ram));
}

static inline const char *arch_name(enum machine_arch arch)
{
	return arch == MACHINE_ARCH_AARCH64 ? "AArch64" : "AArch32";
}

#endif
