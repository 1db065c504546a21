// SPDX-License-Identifier: MIT
/*
 * Linux kernel images: the arm64 Image (Documentation/arch/arm64/booting.rst)
 * and the arm32 zImage (Documentation/arch/arm/booting.rst,
 * arch/arm/boot/compressed). Freestanding.
 */
#include <string.h>

#include "machine/bytes.h"
#include "machine/kernel_image.h"
#include "machine/loader_util.h"

/* ---- arm64 Image --------------------------------------------------- */

int loader_load_arm64_image(const struct guest_ram *ram, enum machine_arch arch,
			    const void *file, size_t len,
			    struct loader_image *out, char *err, size_t errlen)
{
	const uint8_t *p = file;
	uint64_t text_offset, image_size, flags, base, load;
	struct strbuf sb;

	start_err(&sb, err, errlen);
	if (!file || !usable_ram(ram, &sb))
		return fail(&sb);
	if (len < ARM64_IMAGE_HEADER_SIZE)
		return truncated(&sb, "arm64 Image header",
				 ARM64_IMAGE_HEADER_SIZE, len);
	if (get_le32(p + ARM64_IMAGE_MAGIC_OFFSET) != ARM64_IMAGE_MAGIC) {
		strbuf_puts(&sb, "not an arm64 Image (no ARM\\x64 magic at offset 56)");
		return fail(&sb);
	}
	if (arch != MACHINE_ARCH_AARCH64)
		return wrong_width(&sb, "an arm64 Image", MACHINE_ARCH_AARCH64,
				   arch);
	text_offset = get_le64(p + ARM64_IMAGE_TEXT_OFFSET);
	image_size = get_le64(p + ARM64_IMAGE_IMAGE_SIZE);
	flags = get_le64(p + ARM64_IMAGE_FLAGS);
	if (image_size == 0) {
		text_offset = ARM64_IMAGE_OLD_TEXT_OFFSET;
		image_size = len;
	}
	if (flags & ARM64_IMAGE_FLAG_BE) {
		strbuf_puts(&sb, "arm64 Image is big-endian: guests run little-endian");
		return fail(&sb);
	}
	if (image_size < len)
		image_size = len;    /* appended data: keep it all */
	if (image_size > ram->size || text_offset > ram->size - image_size)
		return too_big_for_ram(&sb, "arm64 Image (text_offset + image_size)",
				       text_offset + image_size, ram);
	/*
	 * The lowest 2 MiB aligned base in RAM: right for both placement
	 * rules (bit 3 clear: as close to the start of RAM as possible).
	 */
	base = align_up(ram->gpa, ARM64_IMAGE_BASE_ALIGN);
	load = base + text_offset;
	if (base == 0 || load < base || !ram_contains(ram, load, image_size))
		return outside_ram(&sb, "arm64 Image", load, image_size, ram);
	memcpy(ram_ptr(ram, load), file, len);
	if (out) {
		*out = (struct loader_image){
			.format = LOADER_FMT_ARM64_IMAGE, .entry = load,
			.start = load, .end = load + len,
			.reserved_end = load + image_size,
		};
	}
	return 0;
}

/* ---- arm32 zImage -------------------------------------------------- */

bool loader_zimage_sizes(const void *file, size_t len, struct zimage_sizes *z)
{
	const uint8_t *p = file;
	uint64_t off, words, piggy;

	if (!p || len < ZIMAGE_TABLE_OFFSET + 4 ||
	    get_le32(p + ZIMAGE_MAGIC2_OFFSET) != ZIMAGE_MAGIC2)
		return false;
	off = get_le32(p + ZIMAGE_TABLE_OFFSET);
	/* Walk the entries; every read is bounds-checked, loops are bounded. */
	for (int guard = 0; guard < 64; guard++) {
		if (off > len || len - off < 8)
			return false;
		words = get_le32(p + off);
		if (words == 0 || words > (len - off) / 4)
			return false;
		if (get_le32(p + off + 4) == ZIMAGE_TAG_KERNEL_SIZE &&
		    words > ZIMAGE_KLSZ_BSS_SIZE) {
			piggy = get_le32(p + off + 4 * ZIMAGE_KLSZ_PIGGY_SIZE_OFF);
			if (piggy > len || len - piggy < 4)
				return false;
			z->table_offset = off;
			z->piggy_size_offset = piggy;
			z->inflated = get_le32(p + piggy);
			z->bss = get_le32(p + off + 4 * ZIMAGE_KLSZ_BSS_SIZE);
			if (words > ZIMAGE_KLSZ_TEXT_OFFSET)
				z->text_offset = get_le32(p + off +
						4 * ZIMAGE_KLSZ_TEXT_OFFSET);
			if (words > ZIMAGE_KLSZ_MALLOC_SIZE)
				z->malloc_size = get_le32(p + off +
						4 * ZIMAGE_KLSZ_MALLOC_SIZE);
			return true;
		}
		off += 4 * words;
	}
	return false;
}

/*
 * One past the highest address the decompressor touches: the kernel it
 * writes at the 128 MiB aligned base + TEXT_OFFSET, and, when that would
 * overwrite the zImage, the copy of the zImage (with its stack and malloc
 * area) it first moves past the kernel's end.
 */
static uint64_t zimage_boot_end(const uint8_t *p, size_t len, uint64_t load)
{
	struct zimage_sizes z = {
		.inflated = (uint64_t)len * ZIMAGE_INFLATE_ESTIMATE,
		.text_offset = ZIMAGE_DEFAULT_TEXT_OFFSET,
		.malloc_size = ZIMAGE_DEFAULT_MALLOC_SIZE,
	};
	uint64_t kernel, kernel_end, self_end;

	loader_zimage_sizes(p, len, &z);
	kernel = align_down(load, ZIMAGE_ZRELADDR_ALIGN) + z.text_offset;
	kernel_end = kernel + z.inflated + z.bss;
	self_end = load + len + ZIMAGE_STACK_SIZE + z.malloc_size;
	if (load >= kernel_end || self_end <= kernel)
		return kernel_end > self_end ? kernel_end : self_end;
	return align_up(kernel_end, LOADER_PAGE_SIZE) + len + ZIMAGE_STACK_SIZE +
	       z.malloc_size;
}

/* The header words every zImage has: magic, endianness, start < end <= len. */
static int zimage_check_header(const uint8_t *p, size_t len, struct strbuf *sb)
{
	uint32_t start, end, endian;

	if (len < ZIMAGE_HEADER_SIZE)
		return truncated(sb, "zImage header", ZIMAGE_HEADER_SIZE, len);
	if (get_le32(p + ZIMAGE_MAGIC_OFFSET) != ZIMAGE_MAGIC) {
		strbuf_puts(sb, "not an arm32 zImage (no 0x016f2818 magic at offset 0x24)");
		return fail(sb);
	}
	start = get_le32(p + ZIMAGE_START_OFFSET);
	end = get_le32(p + ZIMAGE_END_OFFSET);
	endian = get_le32(p + ZIMAGE_ENDIAN_OFFSET);
	if (endian == ZIMAGE_ENDIAN_BE) {
		strbuf_puts(sb, "zImage is big-endian: guests run little-endian");
		return fail(sb);
	}
	if (end <= start) {
		strbuf_puts(sb, "zImage header has end ");
		strbuf_hex(sb, end);
		strbuf_puts(sb, " not above start ");
		strbuf_hex(sb, start);
		return fail(sb);
	}
	if (end - start > len)
		return truncated(sb, "zImage", end - start, len);
	return 0;
}

int loader_zimage_check(const void *file, size_t len, char *err, size_t errlen)
{
	struct strbuf sb;

	start_err(&sb, err, errlen);
	if (!file) {
		strbuf_puts(&sb, "no zImage");
		return fail(&sb);
	}
	return zimage_check_header(file, len, &sb);
}

int loader_load_zimage(const struct guest_ram *ram, enum machine_arch arch,
		       const void *file, size_t len, struct loader_image *out,
		       char *err, size_t errlen)
{
	const uint8_t *p = file;
	uint64_t load, boot_end;
	struct strbuf sb;

	start_err(&sb, err, errlen);
	if (!file || !usable_ram(ram, &sb))
		return fail(&sb);
	if (len < ZIMAGE_HEADER_SIZE)
		return truncated(&sb, "zImage header", ZIMAGE_HEADER_SIZE, len);
	if (get_le32(p + ZIMAGE_MAGIC_OFFSET) != ZIMAGE_MAGIC) {
		strbuf_puts(&sb, "not an arm32 zImage (no 0x016f2818 magic at offset 0x24)");
		return fail(&sb);
	}
	if (arch != MACHINE_ARCH_AARCH32)
		return wrong_width(&sb, "an arm32 zImage", MACHINE_ARCH_AARCH32,
				   arch);
	if (zimage_check_header(p, len, &sb) < 0)
		return -1;
	load = ram->gpa + ZIMAGE_LOAD_OFFSET;
	if (len > ram->size || ZIMAGE_LOAD_OFFSET > ram->size - len)
		return too_big_for_ram(&sb, "zImage (at RAM base + 32 KiB)",
				       ZIMAGE_LOAD_OFFSET + len, ram);
	if (ram->gpa + ram->size > VIRT_RAM_END_32BIT &&
	    load + len > VIRT_RAM_END_32BIT)
		return outside_ram(&sb, "zImage (above 4 GiB)", load, len, ram);
	if (align_down(load, ZIMAGE_ZRELADDR_ALIGN) < ram->gpa) {
		strbuf_puts(&sb, "zImage would decompress at ");
		strbuf_hex(&sb, align_down(load, ZIMAGE_ZRELADDR_ALIGN));
		strbuf_puts(&sb, ", below ");
		sb_ram(&sb, ram);
		strbuf_puts(&sb, ": RAM must start 128 MiB aligned");
		return fail(&sb);
	}
	boot_end = zimage_boot_end(p, len, load);
	if (boot_end > ram_end(ram)) {
		strbuf_puts(&sb, "zImage needs RAM up to ");
		strbuf_hex(&sb, boot_end);
		strbuf_puts(&sb, " to decompress, but ");
		sb_ram(&sb, ram);
		strbuf_puts(&sb, " ends before");
		return fail(&sb);
	}
	memcpy(ram_ptr(ram, load), file, len);
	if (out) {
		*out = (struct loader_image){
			.format = LOADER_FMT_ZIMAGE, .entry = load,
			.start = load, .end = load + len,
			.reserved_end = boot_end,
		};
	}
	return 0;
}


/* ---- arm32 Image (a zImage's payload, decompressed by the VMM) ------ */

int loader_load_arm32_image(const struct guest_ram *ram, enum machine_arch arch,
			    const void *file, size_t len, uint64_t text_offset,
			    uint64_t bss_size, struct loader_image *out,
			    char *err, size_t errlen)
{
	uint64_t load, need;
	struct strbuf sb;

	start_err(&sb, err, errlen);
	if (!file || !usable_ram(ram, &sb))
		return fail(&sb);
	if (len == 0) {
		strbuf_puts(&sb, "arm32 Image is empty");
		return fail(&sb);
	}
	if (arch != MACHINE_ARCH_AARCH32)
		return wrong_width(&sb, "an arm32 Image", MACHINE_ARCH_AARCH32, arch);
	/*
	 * Where the zImage's own decompressor puts it (AUTO_ZRELADDR: the
	 * 128 MiB aligned RAM base + TEXT_OFFSET); the kernel derives
	 * PHYS_OFFSET from its load address minus TEXT_OFFSET.
	 */
	need = (uint64_t)len + bss_size;
	if (text_offset >= ZIMAGE_ZRELADDR_ALIGN || need > ram->size ||
	    text_offset > ram->size - need)
		return too_big_for_ram(&sb, "arm32 Image (TEXT_OFFSET + image + bss)",
				       text_offset + need, ram);
	load = ram->gpa + text_offset;
	if (ram->gpa & (ZIMAGE_ZRELADDR_ALIGN - 1)) {
		strbuf_puts(&sb, "arm32 Image needs RAM starting 128 MiB aligned, not ");
		sb_ram(&sb, ram);
		return fail(&sb);
	}
	if (load + need > VIRT_RAM_END_32BIT)
		return outside_ram(&sb, "arm32 Image (above 4 GiB)", load, need, ram);
	memcpy(ram_ptr(ram, load), file, len);
	if (out) {
		*out = (struct loader_image){
			.format = LOADER_FMT_ARM32_IMAGE, .entry = load,
			.start = load, .end = load + len,
			.reserved_end = load + need,
		};
	}
	return 0;
}
