// SPDX-License-Identifier: MIT
/*
 * Kernel loading entry points: format detection, raw binaries and the
 * loader_load_kernel() dispatcher. ELF is in loader_elf.c, the Linux image
 * formats in loader_linux.c, placement of the boot blobs in
 * loader_layout.c. Every loader validates everything before writing a byte
 * to guest RAM, so a rejected file leaves RAM untouched. Freestanding.
 */
#include <string.h>

#include "machine/bytes.h"
#include "machine/elf.h"
#include "machine/kernel_image.h"
#include "machine/loader_util.h"

enum loader_format loader_detect(const void *file, size_t len)
{
	const uint8_t *p = file;

	if (!p)
		return LOADER_FMT_UNKNOWN;
	if (is_elf(p, len) && len > EI_CLASS) {
		if (p[EI_CLASS] == ELFCLASS32)
			return LOADER_FMT_ELF32;
		if (p[EI_CLASS] == ELFCLASS64)
			return LOADER_FMT_ELF64;
		return LOADER_FMT_UNKNOWN;
	}
	if (len >= ARM64_IMAGE_HEADER_SIZE &&
	    get_le32(p + ARM64_IMAGE_MAGIC_OFFSET) == ARM64_IMAGE_MAGIC)
		return LOADER_FMT_ARM64_IMAGE;
	if (len >= ZIMAGE_HEADER_SIZE &&
	    get_le32(p + ZIMAGE_MAGIC_OFFSET) == ZIMAGE_MAGIC)
		return LOADER_FMT_ZIMAGE;
	return LOADER_FMT_UNKNOWN;
}

const char *loader_format_name(enum loader_format fmt)
{
	switch (fmt) {
	case LOADER_FMT_ELF32: return "ELF32";
	case LOADER_FMT_ELF64: return "ELF64";
	case LOADER_FMT_ARM64_IMAGE: return "arm64 Image";
	case LOADER_FMT_ZIMAGE: return "arm32 zImage";
	case LOADER_FMT_RAW: return "raw binary";
	case LOADER_FMT_ARM32_IMAGE: return "arm32 Image";
	case LOADER_FMT_UNKNOWN: break;
	}
	return "unknown";
}

/* ---- raw binary ---------------------------------------------------- */

int loader_load_raw(const struct guest_ram *ram, const void *file, size_t len,
		    uint64_t load_gpa, struct loader_image *out,
		    char *err, size_t errlen)
{
	struct strbuf sb;

	start_err(&sb, err, errlen);
	if (!file || !usable_ram(ram, &sb))
		return fail(&sb);
	if (len == 0) {
		strbuf_puts(&sb, "raw binary is empty");
		return fail(&sb);
	}
	if (len > ram->size)
		return too_big_for_ram(&sb, "raw binary", len, ram);
	if (!ram_contains(ram, load_gpa, len))
		return outside_ram(&sb, "raw binary", load_gpa, len, ram);
	memcpy(ram_ptr(ram, load_gpa), file, len);
	if (out) {
		*out = (struct loader_image){
			.format = LOADER_FMT_RAW, .entry = load_gpa,
			.start = load_gpa, .end = load_gpa + len,
			.reserved_end = load_gpa + len,
		};
	}
	return 0;
}

/* ---- any ----------------------------------------------------------- */

int loader_load_kernel(const struct guest_ram *ram, enum machine_arch arch,
		       const void *file, size_t len, uint64_t raw_load_gpa,
		       struct loader_image *out, char *err, size_t errlen)
{
	struct strbuf sb;

	start_err(&sb, err, errlen);
	if (!file || len == 0) {
		strbuf_puts(&sb, "kernel file is empty");
		return fail(&sb);
	}
	if (is_elf(file, len))
		return loader_load_elf(ram, arch, file, len, out, err, errlen);
	switch (loader_detect(file, len)) {
	case LOADER_FMT_ARM64_IMAGE:
		return loader_load_arm64_image(ram, arch, file, len, out, err,
					       errlen);
	case LOADER_FMT_ZIMAGE:
		return loader_load_zimage(ram, arch, file, len, out, err, errlen);
	default:
		break;
	}
	if (raw_load_gpa)
		return loader_load_raw(ram, file, len, raw_load_gpa, out, err,
				       errlen);
	strbuf_puts(&sb, "not a kernel: neither ELF, arm64 Image nor arm32 zImage "
		    "(give a load address to load a raw binary)");
	return fail(&sb);
}
