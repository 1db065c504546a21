/* SPDX-License-Identifier: MIT */
#include "fdt.h"

#include "layout.h"

/* Sanity bound on totalsize: a `virt` DTB is a few KiB. */
#define FDT_MAX_SIZE (2u << 20)
/* Highest address a boot-register DTB pointer is trusted to lie below: the
 * top of `virt`'s RAM (255 GiB above its base). */
#define FDT_PTR_LIMIT 0x4000000000ULL

static const uint8_t *blob;
static uint32_t blob_size;

static uint32_t be32_at(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static bool fdt_valid_at(uint64_t addr)
{
	/* An FDT is 8-byte aligned; don't dereference what can't be one. */
	if (addr < GUEST_RAM_BASE || addr >= FDT_PTR_LIMIT || (addr & 7))
		return false;
	const uint8_t *p = (const uint8_t *)(uintptr_t)addr;
	uint32_t size = be32_at(p + 4);
	return be32_at(p) == FDT_MAGIC && size >= 40 && size <= FDT_MAX_SIZE;
}

void fdt_locate(ureg_t boot_arg)
{
	uint64_t addr;

	if (fdt_valid_at(boot_arg))
		addr = boot_arg;
	else if (fdt_valid_at(GUEST_RAM_BASE))
		addr = GUEST_RAM_BASE;
	else
		return;
	blob = (const uint8_t *)(uintptr_t)addr;
	blob_size = be32_at(blob + 4);
}

const uint8_t *fdt_blob(void)
{
	return blob;
}

bool fdt_contains_string(const char *s)
{
	uint32_t len = 0;

	while (s[len])
		len++;
	len++;   /* match the terminating NUL too: a whole property string */
	if (!blob || blob_size < len)
		return false;
	for (uint32_t i = 0; i + len <= blob_size; i++) {
		uint32_t j = 0;
		while (j < len && blob[i + j] == (uint8_t)s[j])
			j++;
		if (j == len)
			return true;
	}
	return false;
}
