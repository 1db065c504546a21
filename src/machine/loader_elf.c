// SPDX-License-Identifier: MIT
/* ELF32 (EM_ARM) and ELF64 (EM_AARCH64) executables: PT_LOAD segments at
 * their physical addresses. Freestanding. */
#include <string.h>

#include "machine/bytes.h"
#include "machine/elf.h"
#include "machine/loader_util.h"

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

