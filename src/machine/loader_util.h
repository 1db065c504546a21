/* SPDX-License-Identifier: MIT */
/* Helpers shared by loader.c and loader_layout.c (internal). */
#ifndef ARMVM_MACHINE_LOADER_UTIL_H
#define ARMVM_MACHINE_LOADER_UTIL_H

#include <string.h>

#include "machine/elf.h"
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

/* ---- error messages (one line, into a strbuf) ---- */

/* Every error path ends here: the message is already in sb. */
static inline int fail(struct strbuf *sb)
{
	(void)sb;
	return -1;
}

static inline void start_err(struct strbuf *sb, char *err, size_t errlen)
{
	strbuf_init(sb, errlen ? err : NULL, errlen);
}

static inline bool is_elf(const uint8_t *p, size_t len)
{
	return len >= SELFMAG && memcmp(p, ELFMAG, SELFMAG) == 0;
}

/* "kernel is an arm64 Image (AArch64) but the guest is AArch32" */
static inline int wrong_width(struct strbuf *sb, const char *what,
			      enum machine_arch kernel_arch,
			      enum machine_arch guest)
{
	strbuf_puts(sb, "kernel is ");
	strbuf_puts(sb, what);
	strbuf_puts(sb, " (");
	strbuf_puts(sb, arch_name(kernel_arch));
	strbuf_puts(sb, ") but the guest is ");
	strbuf_puts(sb, arch_name(guest));
	return fail(sb);
}

static inline int too_big_for_ram(struct strbuf *sb, const char *what,
				  uint64_t need, const struct guest_ram *ram)
{
	strbuf_puts(sb, what);
	strbuf_puts(sb, " (");
	strbuf_size(sb, need);
	strbuf_puts(sb, ") is larger than guest RAM (");
	strbuf_size(sb, ram->size);
	strbuf_putc(sb, ')');
	return fail(sb);
}

static inline int outside_ram(struct strbuf *sb, const char *what,
			      uint64_t start, uint64_t len,
			      const struct guest_ram *ram)
{
	strbuf_puts(sb, what);
	strbuf_putc(sb, ' ');
	/* A range that wraps is shown with its length instead of an end. */
	if (start + len < start) {
		strbuf_puts(sb, "at ");
		strbuf_hex(sb, start);
		strbuf_puts(sb, " of ");
		strbuf_hex(sb, len);
		strbuf_puts(sb, " bytes");
	} else {
		sb_range(sb, start, start + len);
	}
	strbuf_puts(sb, " lies outside ");
	sb_ram(sb, ram);
	return fail(sb);
}

static inline int truncated(struct strbuf *sb, const char *what,
			    uint64_t need, size_t have)
{
	strbuf_puts(sb, "truncated ");
	strbuf_puts(sb, what);
	strbuf_puts(sb, ": needs ");
	strbuf_dec(sb, need);
	strbuf_puts(sb, " bytes, file has ");
	strbuf_dec(sb, have);
	return fail(sb);
}

static inline bool usable_ram(const struct guest_ram *ram, struct strbuf *sb)
{
	if (!ram || !ram->host || !ram->size || ram->gpa + ram->size < ram->gpa) {
		strbuf_puts(sb, "no usable guest RAM window");
		return false;
	}
	return true;
}

#endif
