// SPDX-License-Identifier: MIT
/*
 * Kernel loaders: ELF32/ELF64, raw binaries, arm64 Image and arm32 zImage.
 * Each validates everything before writing a byte to guest RAM, so a
 * rejected file leaves RAM untouched. Freestanding: string.h only.
 */
#include <string.h>

#include "machine/bytes.h"
#include "machine/elf.h"
#include "machine/kernel_image.h"
#include "machine/loader_util.h"

static int fail(struct strbuf *sb)
{
	(void)sb;
	return -1;
}

static void start_err(struct strbuf *sb, char *err, size_t errlen)
{
	strbuf_init(sb, errlen ? err : NULL, errlen);
}

static bool is_elf(const uint8_t *p, size_t len)
{
	return len >= SELFMAG && memcmp(p, ELFMAG, SELFMAG) == 0;
}

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
	case LOADER_FMT_UNKNOWN: break;
	}
	return "unknown";
}

/* "kernel is an arm64 Image (AArch64) but the guest is AArch32" */
static int wrong_width(struct strbuf *sb, const char *what,
		       enum machine_arch kernel_arch, enum machine_arch guest)
{
	strbuf_puts(sb, "kernel is ");
	strbuf_puts(sb, what);
	strbuf_puts(sb, " (");
	strbuf_puts(sb, arch_name(kernel_arch));
	strbuf_puts(sb, ") but the guest is ");
	strbuf_puts(sb, arch_name(guest));
	return fail(sb);
}

static int too_big_for_ram(struct strbuf *sb, const char *what, uint64_t need,
			   const struct guest_ram *ram)
{
	strbuf_puts(sb, what);
	strbuf_puts(sb, " (");
	strbuf_size(sb, need);
	strbuf_puts(sb, ") is larger than guest RAM (");
	strbuf_size(sb, ram->size);
	strbuf_putc(sb, ')');
	return fail(sb);
}

static int outside_ram(struct strbuf *sb, const char *what, uint64_t start,
		       uint64_t len, const struct guest_ram *ram)
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

static int truncated(struct strbuf *sb, const char *what, uint64_t need,
		     size_t have)
{
	strbuf_puts(sb, "truncated ");
	strbuf_puts(sb, what);
	strbuf_puts(sb, ": needs ");
	strbuf_dec(sb, need);
	strbuf_puts(sb, " bytes, file has ");
	strbuf_dec(sb, have);
	return fail(sb);
}

static bool usable_ram(const struct guest_ram *ram, struct strbuf *sb)
{
	if (!ram || !ram->host || !ram->size || ram->gpa + ram->size < ram->gpa) {
		strbuf_puts(sb, "no usable guest RAM window");
		return false;
	}
	return true;
}

/* ---- ELF ----------------------------------------------------------- */

struct elf_view {
	const uint8_t *p;
	size_t len;
	bool is64;
	uint64_t entry, phoff;
	unsigned phnum, phentsize;
};

struct elf_seg {
	uint32_t type;
	uint64_t offset, vaddr, paddr, filesz, memsz;
};

static void elf_seg_read(const struct elf_view *e, unsigned i,
			 struct elf_seg *s)
{
	const uint8_t *ph = e->p + e->phoff + (uint64_t)i * e->phentsize;

	s->type = get_le32(ph + PHDR_TYPE);
	if (e->is64) {
		s->offset = get_le64(ph + PHDR64_OFFSET);
		s->vaddr = get_le64(ph + PHDR64_VADDR);
		s->paddr = get_le64(ph + PHDR64_PADDR);
		s->filesz = get_le64(ph + PHDR64_FILESZ);
		s->memsz = get_le64(ph + PHDR64_MEMSZ);
	} else {
		s->offset = get_le32(ph + PHDR32_OFFSET);
		s->vaddr = get_le32(ph + PHDR32_VADDR);
		s->paddr = get_le32(ph + PHDR32_PADDR);
		s->filesz = get_le32(ph + PHDR32_FILESZ);
		s->memsz = get_le32(ph + PHDR32_MEMSZ);
	}
}

static int elf_parse_header(struct elf_view *e, enum machine_arch arch,
			    struct strbuf *sb)
{
	const uint8_t *p = e->p;
	enum machine_arch elf_arch;
	unsigned machine, type;
	uint64_t table;

	if (!is_elf(p, e->len)) {
		strbuf_puts(sb, "not an ELF file");
		return fail(sb);
	}
	if (e->len < EI_NIDENT)
		return truncated(sb, "ELF header", EI_NIDENT, e->len);
	if (p[EI_CLASS] != ELFCLASS32 && p[EI_CLASS] != ELFCLASS64) {
		strbuf_puts(sb, "ELF file has an invalid class ");
		strbuf_dec(sb, p[EI_CLASS]);
		return fail(sb);
	}
	e->is64 = p[EI_CLASS] == ELFCLASS64;
	elf_arch = e->is64 ? MACHINE_ARCH_AARCH64 : MACHINE_ARCH_AARCH32;
	if (elf_arch != arch)
		return wrong_width(sb, e->is64 ? "an ELF64 executable" :
				   "an ELF32 executable", elf_arch, arch);
	if (p[EI_DATA] != ELFDATA2LSB) {
		strbuf_puts(sb, "big-endian ELF files are not supported: "
			    "guests run little-endian");
		return fail(sb);
	}
	if (e->len < (e->is64 ? EHDR64_SIZE : EHDR32_SIZE))
		return truncated(sb, "ELF header",
				 e->is64 ? EHDR64_SIZE : EHDR32_SIZE, e->len);
	machine = get_le16(p + EHDR_MACHINE);
	if (machine != (e->is64 ? EM_AARCH64 : EM_ARM)) {
		strbuf_puts(sb, "ELF machine type ");
		strbuf_dec(sb, machine);
		strbuf_puts(sb, e->is64 ? " is not AArch64 (183)" :
			    " is not ARM (40)");
		return fail(sb);
	}
	type = get_le16(p + EHDR_TYPE);
	if (type != ET_EXEC && type != ET_DYN) {
		strbuf_puts(sb, "ELF file is not an executable (e_type ");
		strbuf_dec(sb, type);
		strbuf_putc(sb, ')');
		return fail(sb);
	}
	if (e->is64) {
		e->entry = get_le64(p + EHDR64_ENTRY);
		e->phoff = get_le64(p + EHDR64_PHOFF);
		e->phentsize = get_le16(p + EHDR64_PHENTSIZE);
		e->phnum = get_le16(p + EHDR64_PHNUM);
	} else {
		e->entry = get_le32(p + EHDR32_ENTRY);
		e->phoff = get_le32(p + EHDR32_PHOFF);
		e->phentsize = get_le16(p + EHDR32_PHENTSIZE);
		e->phnum = get_le16(p + EHDR32_PHNUM);
	}
	if (e->phnum == 0) {
		strbuf_puts(sb, "ELF file has no program headers");
		return fail(sb);
	}
	if (e->phentsize < (e->is64 ? PHDR64_SIZE : PHDR32_SIZE)) {
		strbuf_puts(sb, "ELF program header size ");
		strbuf_dec(sb, e->phentsize);
		strbuf_puts(sb, " is too small");
		return fail(sb);
	}
	table = (uint64_t)e->phnum * e->phentsize;
	if (e->phoff > e->len || table > e->len - e->phoff)
		return truncated(sb, "ELF program header table",
				 e->phoff + table, e->len);
	return 0;
}

static void seg_name(struct strbuf *sb, unsigned i)
{
	strbuf_puts(sb, "ELF segment ");
	strbuf_dec(sb, i);
}

static int elf_check_segment(const struct elf_view *e, unsigned i,
			     const struct elf_seg *s,
			     const struct guest_ram *ram, struct strbuf *sb)
{
	if (s->filesz > s->memsz) {
		seg_name(sb, i);
		strbuf_puts(sb, ": file size ");
		strbuf_hex(sb, s->filesz);
		strbuf_puts(sb, " exceeds memory size ");
		strbuf_hex(sb, s->memsz);
		return fail(sb);
	}
	if (s->offset > e->len || s->filesz > e->len - s->offset) {
		struct strbuf name;
		char buf[32];

		strbuf_init(&name, buf, sizeof(buf));
		seg_name(&name, i);
		return truncated(sb, buf, s->offset + s->filesz, e->len);
	}
	if (s->memsz > ram->size) {
		struct strbuf name;
		char buf[32];

		strbuf_init(&name, buf, sizeof(buf));
		seg_name(&name, i);
		return too_big_for_ram(sb, buf, s->memsz, ram);
	}
	if (!ram_contains(ram, s->paddr, s->memsz)) {
		struct strbuf name;
		char buf[32];

		strbuf_init(&name, buf, sizeof(buf));
		seg_name(&name, i);
		return outside_ram(sb, buf, s->paddr, s->memsz, ram);
	}
	return 0;
}

int loader_load_elf(const struct guest_ram *ram, enum machine_arch arch,
		    const void *file, size_t len, struct loader_image *out,
		    char *err, size_t errlen)
{
	struct elf_view e = { .p = file, .len = len };
	struct loader_image img = { .start = UINT64_MAX };
	struct elf_seg s;
	bool entry_found = false;
	struct strbuf sb;

	start_err(&sb, err, errlen);
	if (!file || !usable_ram(ram, &sb))
		return fail(&sb);
	if (elf_parse_header(&e, arch, &sb) < 0)
		return -1;

	/* Pass 1: validate every loadable segment, find the entry. */
	for (unsigned i = 0; i < e.phnum; i++) {
		elf_seg_read(&e, i, &s);
		if (s.type != PT_LOAD || s.memsz == 0)
			continue;
		if (elf_check_segment(&e, i, &s, ram, &sb) < 0)
			return -1;
		if (s.paddr < img.start)
			img.start = s.paddr;
		if (s.paddr + s.memsz > img.end)
			img.end = s.paddr + s.memsz;
		/* e_entry is virtual: translate it through its segment. */
		uint64_t entry = e.is64 ? e.entry : e.entry & ~1ULL;
		if (!entry_found && entry >= s.vaddr && entry - s.vaddr < s.memsz) {
			img.entry = s.paddr + (entry - s.vaddr);
			entry_found = true;
		}
	}
	if (img.end == 0) {
		strbuf_puts(&sb, "ELF file has no loadable segments");
		return fail(&sb);
	}
	if (!entry_found) {
		strbuf_puts(&sb, "ELF entry point ");
		strbuf_hex(&sb, e.entry);
		strbuf_puts(&sb, " is outside every loadable segment");
		return fail(&sb);
	}

	/* Pass 2: copy and zero the bss. */
	for (unsigned i = 0; i < e.phnum; i++) {
		elf_seg_read(&e, i, &s);
		if (s.type != PT_LOAD || s.memsz == 0)
			continue;
		memcpy(ram_ptr(ram, s.paddr), e.p + s.offset, s.filesz);
		memset(ram_ptr(ram, s.paddr) + s.filesz, 0, s.memsz - s.filesz);
	}
	img.format = e.is64 ? LOADER_FMT_ELF64 : LOADER_FMT_ELF32;
	img.thumb = !e.is64 && (e.entry & 1);
	img.reserved_end = img.end;
	if (out)
		*out = img;
	return 0;
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

/* The "KLSZ" entry of the zImage extension table, if there is one. */
struct zimage_sizes {
	uint64_t inflated;           /* decompressed kernel, without bss */
	uint64_t bss;
	uint64_t text_offset;
	uint64_t malloc_size;
};

static bool zimage_read_table(const uint8_t *p, size_t len,
			      struct zimage_sizes *z)
{
	uint64_t off, words, piggy;

	if (len < ZIMAGE_TABLE_OFFSET + 4 ||
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

	zimage_read_table(p, len, &z);
	kernel = align_down(load, ZIMAGE_ZRELADDR_ALIGN) + z.text_offset;
	kernel_end = kernel + z.inflated + z.bss;
	self_end = load + len + ZIMAGE_STACK_SIZE + z.malloc_size;
	if (load >= kernel_end || self_end <= kernel)
		return kernel_end > self_end ? kernel_end : self_end;
	return align_up(kernel_end, LOADER_PAGE_SIZE) + len + ZIMAGE_STACK_SIZE +
	       z.malloc_size;
}

int loader_load_zimage(const struct guest_ram *ram, enum machine_arch arch,
		       const void *file, size_t len, struct loader_image *out,
		       char *err, size_t errlen)
{
	const uint8_t *p = file;
	uint32_t start, end, endian;
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
	start = get_le32(p + ZIMAGE_START_OFFSET);
	end = get_le32(p + ZIMAGE_END_OFFSET);
	endian = get_le32(p + ZIMAGE_ENDIAN_OFFSET);
	if (endian == ZIMAGE_ENDIAN_BE) {
		strbuf_puts(&sb, "zImage is big-endian: guests run little-endian");
		return fail(&sb);
	}
	if (end <= start) {
		strbuf_puts(&sb, "zImage header has end ");
		strbuf_hex(&sb, end);
		strbuf_puts(&sb, " not above start ");
		strbuf_hex(&sb, start);
		return fail(&sb);
	}
	if (end - start > len)
		return truncated(&sb, "zImage", end - start, len);
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
