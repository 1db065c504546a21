// SPDX-License-Identifier: MIT
/* Kernel loaders: each format, and each error a bad file can cause. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "machine/loader.h"

#define RAM_BASE 0x40000000ULL
#define RAM_SIZE (16ULL << 20)
#define FILL 0xaa

static uint8_t *ram_mem;
static struct guest_ram ram;
static char err[256];
static uint8_t file[64 * 1024];

static int setup(void **state)
{
	(void)state;
	if (!ram_mem)
		ram_mem = malloc(RAM_SIZE);
	assert_non_null(ram_mem);
	memset(ram_mem, FILL, RAM_SIZE);
	ram = (struct guest_ram){ .gpa = RAM_BASE, .size = RAM_SIZE, .host = ram_mem };
	memset(file, 0, sizeof(file));
	memset(err, 0, sizeof(err));
	return 0;
}

static uint8_t *at(uint64_t gpa)
{
	return ram_mem + (gpa - RAM_BASE);
}

static bool ram_untouched(void)
{
	for (uint64_t i = 0; i < RAM_SIZE; i++)
		if (ram_mem[i] != FILL)
			return false;
	return true;
}

static void put16(uint8_t *p, uint16_t v) { p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8); }
static void put32(uint8_t *p, uint32_t v) { put16(p, (uint16_t)v); put16(p + 2, (uint16_t)(v >> 16)); }
static void put64(uint8_t *p, uint64_t v) { put32(p, (uint32_t)v); put32(p + 4, (uint32_t)(v >> 32)); }

static void expect_err(int rc, const char *needle)
{
	assert_int_equal(rc, -1);
	if (!strstr(err, needle))
		fail_msg("error \"%s\" lacks \"%s\"", err, needle);
	assert_null(strchr(err, '\n'));
}

/* ---- ELF builders ---- */

struct seg { uint64_t offset, vaddr, paddr, filesz, memsz; uint32_t type; };

/* ELF64 AArch64 executable with program headers at 64, data after. */
static size_t make_elf64(uint64_t entry, const struct seg *s, int n)
{
	memcpy(file, "\177ELF", 4);
	file[4] = 2; file[5] = 1; file[6] = 1;
	put16(file + 16, 2);            /* ET_EXEC */
	put16(file + 18, 183);          /* EM_AARCH64 */
	put32(file + 20, 1);
	put64(file + 24, entry);
	put64(file + 32, 64);           /* phoff */
	put16(file + 52, 64);
	put16(file + 54, 56);
	put16(file + 56, (uint16_t)n);
	size_t end = 64 + 56 * (size_t)n;
	for (int i = 0; i < n; i++) {
		uint8_t *ph = file + 64 + 56 * i;
		put32(ph, s[i].type ? s[i].type : 1);
		put32(ph + 4, 5);
		put64(ph + 8, s[i].offset);
		put64(ph + 16, s[i].vaddr);
		put64(ph + 24, s[i].paddr);
		put64(ph + 32, s[i].filesz);
		put64(ph + 40, s[i].memsz);
		for (uint64_t b = 0; b < s[i].filesz && s[i].offset + b < sizeof(file); b++)
			file[s[i].offset + b] = (uint8_t)(0x10 + i + b);
		if (s[i].offset + s[i].filesz > end)
			end = s[i].offset + s[i].filesz;
	}
	return end;
}

static size_t make_elf32(uint32_t entry, const struct seg *s, int n)
{
	memcpy(file, "\177ELF", 4);
	file[4] = 1; file[5] = 1; file[6] = 1;
	put16(file + 16, 2);
	put16(file + 18, 40);           /* EM_ARM */
	put32(file + 20, 1);
	put32(file + 24, entry);
	put32(file + 28, 52);
	put16(file + 40, 52);
	put16(file + 42, 32);
	put16(file + 44, (uint16_t)n);
	size_t end = 52 + 32 * (size_t)n;
	for (int i = 0; i < n; i++) {
		uint8_t *ph = file + 52 + 32 * i;
		put32(ph, s[i].type ? s[i].type : 1);
		put32(ph + 4, (uint32_t)s[i].offset);
		put32(ph + 8, (uint32_t)s[i].vaddr);
		put32(ph + 12, (uint32_t)s[i].paddr);
		put32(ph + 16, (uint32_t)s[i].filesz);
		put32(ph + 20, (uint32_t)s[i].memsz);
		for (uint64_t b = 0; b < s[i].filesz; b++)
			file[s[i].offset + b] = (uint8_t)(0x10 + i + b);
		if (s[i].offset + s[i].filesz > end)
			end = s[i].offset + s[i].filesz;
	}
	return end;
}

static const struct seg two_segs[2] = {
	{ .offset = 0x1000, .vaddr = RAM_BASE + 0x80000, .paddr = RAM_BASE + 0x80000,
	  .filesz = 0x200, .memsz = 0x200 },
	{ .offset = 0x2000, .vaddr = RAM_BASE + 0x90000, .paddr = RAM_BASE + 0x90000,
	  .filesz = 0x100, .memsz = 0x1000 },        /* bss after 0x100 */
};

static void test_detect(void **state)
{
	size_t n;

	(void)state;
	n = make_elf64(RAM_BASE, two_segs, 2);
	assert_int_equal(loader_detect(file, n), LOADER_FMT_ELF64);
	file[4] = 1;
	assert_int_equal(loader_detect(file, n), LOADER_FMT_ELF32);
	file[4] = 9;
	assert_int_equal(loader_detect(file, n), LOADER_FMT_UNKNOWN);
	memset(file, 0, 128);
	put32(file + 56, 0x644d5241);
	assert_int_equal(loader_detect(file, 64), LOADER_FMT_ARM64_IMAGE);
	assert_int_equal(loader_detect(file, 63), LOADER_FMT_UNKNOWN);
	memset(file, 0, 128);
	put32(file + 0x24, 0x016f2818);
	assert_int_equal(loader_detect(file, 0x34), LOADER_FMT_ZIMAGE);
	assert_int_equal(loader_detect(file, 0x30), LOADER_FMT_UNKNOWN);
	memset(file, 0x5a, 128);
	assert_int_equal(loader_detect(file, 128), LOADER_FMT_UNKNOWN);
	assert_int_equal(loader_detect(NULL, 128), LOADER_FMT_UNKNOWN);
	assert_int_equal(loader_detect(file, 0), LOADER_FMT_UNKNOWN);
	assert_string_equal(loader_format_name(LOADER_FMT_ARM64_IMAGE), "arm64 Image");
	assert_string_equal(loader_format_name(LOADER_FMT_ZIMAGE), "arm32 zImage");
	assert_string_equal(loader_format_name(LOADER_FMT_ELF32), "ELF32");
	assert_string_equal(loader_format_name(LOADER_FMT_RAW), "raw binary");
	assert_string_equal(loader_format_name(LOADER_FMT_UNKNOWN), "unknown");
}

static void test_elf64_load(void **state)
{
	struct loader_image img;
	size_t n;

	(void)state;
	n = make_elf64(RAM_BASE + 0x80010, two_segs, 2);
	assert_int_equal(loader_load_elf(&ram, MACHINE_ARCH_AARCH64, file, n,
					 &img, err, sizeof(err)), 0);
	assert_int_equal(img.format, LOADER_FMT_ELF64);
	assert_int_equal(img.entry, RAM_BASE + 0x80010);
	assert_int_equal(img.start, RAM_BASE + 0x80000);
	assert_int_equal(img.end, RAM_BASE + 0x91000);
	assert_int_equal(img.reserved_end, img.end);
	assert_false(img.thumb);
	assert_memory_equal(at(RAM_BASE + 0x80000), file + 0x1000, 0x200);
	assert_memory_equal(at(RAM_BASE + 0x90000), file + 0x2000, 0x100);
	for (int i = 0x100; i < 0x1000; i++)
		assert_int_equal(at(RAM_BASE + 0x90000)[i], 0);     /* bss zeroed */
	assert_int_equal(*at(RAM_BASE + 0x80200), FILL);         /* nothing else */
	assert_int_equal(*at(RAM_BASE + 0x91000), FILL);
	assert_int_equal(*at(RAM_BASE + 0x7ffff), FILL);
}

static void test_elf_virtual_entry(void **state)
{
	struct loader_image img;
	struct seg s = { .offset = 0x1000, .vaddr = 0xffff800010000000ULL,
			 .paddr = RAM_BASE + 0x200000, .filesz = 0x100, .memsz = 0x100 };
	size_t n;

	(void)state;
	n = make_elf64(0xffff800010000040ULL, &s, 1);
	assert_int_equal(loader_load_elf(&ram, MACHINE_ARCH_AARCH64, file, n,
					 &img, err, sizeof(err)), 0);
	assert_int_equal(img.entry, RAM_BASE + 0x200040);
}

static void test_elf32_thumb(void **state)
{
	struct loader_image img;
	struct seg s = { .offset = 0x100, .vaddr = RAM_BASE, .paddr = RAM_BASE,
			 .filesz = 0x40, .memsz = 0x80 };
	struct boot_regs br;
	size_t n;

	(void)state;
	n = make_elf32((uint32_t)RAM_BASE + 0x21, &s, 1);
	assert_int_equal(loader_load_elf(&ram, MACHINE_ARCH_AARCH32, file, n,
					 &img, err, sizeof(err)), 0);
	assert_int_equal(img.format, LOADER_FMT_ELF32);
	assert_int_equal(img.entry, RAM_BASE + 0x20);
	assert_true(img.thumb);
	loader_boot_regs(MACHINE_ARCH_AARCH32, &img, 0x48000000, &br);
	assert_int_equal(br.pc, RAM_BASE + 0x20);
	assert_int_equal(br.pstate, 0x1f3);           /* SVC, A I F masked, T */
	assert_int_equal(br.r[0], 0);
	assert_int_equal(br.r[1], 0xffffffff);
	assert_int_equal(br.r[2], 0x48000000);
}

static void test_elf_width_mismatch(void **state)
{
	size_t n;

	(void)state;
	n = make_elf64(RAM_BASE + 0x80000, two_segs, 2);
	expect_err(loader_load_elf(&ram, MACHINE_ARCH_AARCH32, file, n, NULL,
				   err, sizeof(err)),
		   "kernel is an ELF64 executable (AArch64) but the guest is AArch32");
	n = make_elf32((uint32_t)RAM_BASE + 0x80000, two_segs, 2);
	expect_err(loader_load_elf(&ram, MACHINE_ARCH_AARCH64, file, n, NULL,
				   err, sizeof(err)),
		   "kernel is an ELF32 executable (AArch32) but the guest is AArch64");
	assert_true(ram_untouched());
}

static void test_elf_header_errors(void **state)
{
	size_t n;

	(void)state;
	n = make_elf64(RAM_BASE + 0x80000, two_segs, 2);
	put16(file + 18, 62);                      /* x86-64 */
	expect_err(loader_load_elf(&ram, MACHINE_ARCH_AARCH64, file, n, NULL, err, sizeof(err)),
		   "machine type 62 is not AArch64");
	put16(file + 18, 183);
	file[5] = 2;                               /* big-endian */
	expect_err(loader_load_elf(&ram, MACHINE_ARCH_AARCH64, file, n, NULL, err, sizeof(err)),
		   "big-endian");
	file[5] = 1;
	file[4] = 3;
	expect_err(loader_load_elf(&ram, MACHINE_ARCH_AARCH64, file, n, NULL, err, sizeof(err)),
		   "invalid class 3");
	file[4] = 2;
	put16(file + 16, 1);                       /* ET_REL */
	expect_err(loader_load_elf(&ram, MACHINE_ARCH_AARCH64, file, n, NULL, err, sizeof(err)),
		   "not an executable");
	put16(file + 16, 2);
	expect_err(loader_load_elf(&ram, MACHINE_ARCH_AARCH64, file, 40, NULL, err, sizeof(err)),
		   "truncated ELF header");
	expect_err(loader_load_elf(&ram, MACHINE_ARCH_AARCH64, file, 100, NULL, err, sizeof(err)),
		   "truncated ELF program header table");
	put16(file + 54, 20);
	expect_err(loader_load_elf(&ram, MACHINE_ARCH_AARCH64, file, n, NULL, err, sizeof(err)),
		   "program header size 20");
	put16(file + 54, 56);
	put16(file + 56, 0);
	expect_err(loader_load_elf(&ram, MACHINE_ARCH_AARCH64, file, n, NULL, err, sizeof(err)),
		   "no program headers");
	expect_err(loader_load_elf(&ram, MACHINE_ARCH_AARCH64, "\177EL", 3, NULL, err, sizeof(err)),
		   "not an ELF file");
	assert_true(ram_untouched());
}

static void test_elf_segment_errors(void **state)
{
	struct seg s[2];
	size_t n;

	(void)state;
	memcpy(s, two_segs, sizeof(s));
	s[1].filesz = 0x2000;                      /* filesz > memsz */
	n = make_elf64(RAM_BASE + 0x80000, s, 2);
	expect_err(loader_load_elf(&ram, MACHINE_ARCH_AARCH64, file, n, NULL, err, sizeof(err)),
		   "ELF segment 1: file size 0x2000 exceeds memory size 0x1000");

	memcpy(s, two_segs, sizeof(s));
	n = make_elf64(RAM_BASE + 0x80000, s, 2);
	expect_err(loader_load_elf(&ram, MACHINE_ARCH_AARCH64, file, n - 1, NULL, err, sizeof(err)),
		   "truncated ELF segment 1: needs 8448 bytes, file has 8447");

	memcpy(s, two_segs, sizeof(s));
	s[1].paddr = RAM_BASE + RAM_SIZE - 0x800;  /* runs off the end of RAM */
	n = make_elf64(RAM_BASE + 0x80000, s, 2);
	expect_err(loader_load_elf(&ram, MACHINE_ARCH_AARCH64, file, n, NULL, err, sizeof(err)),
		   "ELF segment 1 [0x40fff800, 0x41000800) lies outside guest RAM [0x40000000, 0x41000000)");

	memcpy(s, two_segs, sizeof(s));
	s[0].paddr = 0x1000;                       /* below RAM */
	n = make_elf64(RAM_BASE + 0x80000, s, 2);
	expect_err(loader_load_elf(&ram, MACHINE_ARCH_AARCH64, file, n, NULL, err, sizeof(err)),
		   "ELF segment 0 [0x1000, 0x1200) lies outside guest RAM");

	memcpy(s, two_segs, sizeof(s));
	s[0].paddr = UINT64_MAX - 0x100;           /* wraps */
	n = make_elf64(RAM_BASE + 0x80000, s, 2);
	expect_err(loader_load_elf(&ram, MACHINE_ARCH_AARCH64, file, n, NULL, err, sizeof(err)),
		   "lies outside guest RAM");

	memcpy(s, two_segs, sizeof(s));
	s[1].memsz = RAM_SIZE * 2;                 /* bigger than RAM */
	n = make_elf64(RAM_BASE + 0x80000, s, 2);
	expect_err(loader_load_elf(&ram, MACHINE_ARCH_AARCH64, file, n, NULL, err, sizeof(err)),
		   "ELF segment 1 (32 MiB) is larger than guest RAM (16 MiB)");

	memcpy(s, two_segs, sizeof(s));
	s[0].type = 4; s[1].type = 6;              /* PT_NOTE, PT_PHDR */
	n = make_elf64(RAM_BASE + 0x80000, s, 2);
	expect_err(loader_load_elf(&ram, MACHINE_ARCH_AARCH64, file, n, NULL, err, sizeof(err)),
		   "no loadable segments");

	n = make_elf64(RAM_BASE + 0x100000, two_segs, 2);
	expect_err(loader_load_elf(&ram, MACHINE_ARCH_AARCH64, file, n, NULL, err, sizeof(err)),
		   "entry point 0x40100000 is outside every loadable segment");
	assert_true(ram_untouched());
}

static void test_raw(void **state)
{
	struct loader_image img;
	static uint8_t big[RAM_SIZE + 1];

	(void)state;
	memcpy(file, "\x01\x02\x03\x04", 4);
	assert_int_equal(loader_load_raw(&ram, file, 4, RAM_BASE + 0x1000, &img,
					 err, sizeof(err)), 0);
	assert_int_equal(img.format, LOADER_FMT_RAW);
	assert_int_equal(img.entry, RAM_BASE + 0x1000);
	assert_int_equal(img.end, RAM_BASE + 0x1004);
	assert_memory_equal(at(RAM_BASE + 0x1000), "\x01\x02\x03\x04", 4);
	expect_err(loader_load_raw(&ram, file, 16, RAM_BASE + RAM_SIZE - 8, NULL,
				   err, sizeof(err)),
		   "raw binary [0x40fffff8, 0x41000008) lies outside guest RAM");
	expect_err(loader_load_raw(&ram, file, 0, RAM_BASE, NULL, err, sizeof(err)),
		   "raw binary is empty");
	expect_err(loader_load_raw(&ram, big, sizeof(big), RAM_BASE, NULL, err, sizeof(err)),
		   "raw binary (16777217 bytes) is larger than guest RAM (16 MiB)");
}

/* ---- arm64 Image ---- */

static size_t make_image(uint64_t text_offset, uint64_t image_size,
			 uint64_t flags, size_t len)
{
	memset(file, 0, len);
	for (size_t i = 64; i < len; i++)
		file[i] = (uint8_t)i;
	put32(file, 0x91005a4d);                  /* "MZ" + add: an EFI stub */
	put64(file + 8, text_offset);
	put64(file + 16, image_size);
	put64(file + 24, flags);
	put32(file + 56, 0x644d5241);
	return len;
}

static void test_arm64_image(void **state)
{
	struct loader_image img;
	struct boot_regs br;
	size_t n;

	(void)state;
	n = make_image(0, 0x20000, 0xa, 0x8000);   /* 4K pages, phys anywhere */
	assert_int_equal(loader_load_kernel(&ram, MACHINE_ARCH_AARCH64, file, n, 0,
					    &img, err, sizeof(err)), 0);
	assert_int_equal(img.format, LOADER_FMT_ARM64_IMAGE);
	assert_int_equal(img.entry, RAM_BASE);
	assert_int_equal(img.end, RAM_BASE + 0x8000);
	assert_int_equal(img.reserved_end, RAM_BASE + 0x20000);
	assert_memory_equal(at(RAM_BASE), file, n);
	loader_boot_regs(MACHINE_ARCH_AARCH64, &img, 0x40f00000, &br);
	assert_int_equal(br.pc, RAM_BASE);
	assert_int_equal(br.r[0], 0x40f00000);
	assert_int_equal(br.r[1] | br.r[2] | br.r[3], 0);
	assert_int_equal(br.pstate, 0x3c5);        /* EL1h, DAIF masked */
}

static void test_arm64_image_placement(void **state)
{
	struct guest_ram odd = { .gpa = RAM_BASE + 0x100000,
				 .size = RAM_SIZE - 0x100000,
				 .host = ram_mem + 0x100000 };
	struct loader_image img;
	size_t n;

	(void)state;
	/* RAM not 2 MiB aligned: the next 2 MiB boundary, plus text_offset. */
	n = make_image(0x80000, 0x10000, 0, 0x1000);
	assert_int_equal(loader_load_arm64_image(&odd, MACHINE_ARCH_AARCH64, file,
						 n, &img, err, sizeof(err)), 0);
	assert_int_equal(img.entry, RAM_BASE + 0x200000 + 0x80000);
	/* image_size 0: an old kernel, text_offset taken as 0x80000. */
	n = make_image(0x12345, 0, 0, 0x1000);
	assert_int_equal(loader_load_arm64_image(&ram, MACHINE_ARCH_AARCH64, file,
						 n, &img, err, sizeof(err)), 0);
	assert_int_equal(img.entry, RAM_BASE + 0x80000);
	assert_int_equal(img.reserved_end, RAM_BASE + 0x81000);
}

static void test_arm64_image_errors(void **state)
{
	size_t n;

	(void)state;
	n = make_image(0, 0x20000, 0, 0x1000);
	expect_err(loader_load_kernel(&ram, MACHINE_ARCH_AARCH32, file, n, 0, NULL,
				      err, sizeof(err)),
		   "kernel is an arm64 Image (AArch64) but the guest is AArch32");
	n = make_image(0, 0x20000, 1, 0x1000);
	expect_err(loader_load_kernel(&ram, MACHINE_ARCH_AARCH64, file, n, 0, NULL,
				      err, sizeof(err)), "big-endian");
	n = make_image(0, 32ULL << 20, 0, 0x1000);
	expect_err(loader_load_kernel(&ram, MACHINE_ARCH_AARCH64, file, n, 0, NULL,
				      err, sizeof(err)),
		   "arm64 Image (text_offset + image_size) (32 MiB) is larger than guest RAM (16 MiB)");
	n = make_image(RAM_SIZE - 0x1000, 0x2000, 0, 0x1000);
	expect_err(loader_load_kernel(&ram, MACHINE_ARCH_AARCH64, file, n, 0, NULL,
				      err, sizeof(err)), "larger than guest RAM");
	/* A 2 MiB boundary too close to the end of RAM. */
	struct guest_ram tiny = { .gpa = RAM_BASE + 0x1000, .size = 0x1ff000,
				  .host = ram_mem };
	n = make_image(0, 0x1000, 0, 0x1000);
	expect_err(loader_load_arm64_image(&tiny, MACHINE_ARCH_AARCH64, file, n,
					   NULL, err, sizeof(err)),
		   "arm64 Image [0x40200000, 0x40201000) lies outside guest RAM [0x40001000, 0x40200000)");
	expect_err(loader_load_arm64_image(&ram, MACHINE_ARCH_AARCH64, file, 60,
					   NULL, err, sizeof(err)),
		   "truncated arm64 Image header");
	memset(file, 0, 64);
	expect_err(loader_load_arm64_image(&ram, MACHINE_ARCH_AARCH64, file, 64,
					   NULL, err, sizeof(err)),
		   "not an arm64 Image");
	assert_true(ram_untouched());
}

/* ---- zImage ---- */

static size_t make_zimage(size_t len, uint32_t start, uint32_t end,
			  uint32_t endian)
{
	for (size_t i = 0; i < len; i++)
		file[i] = (uint8_t)(i * 7);
	put32(file + 0x24, 0x016f2818);
	put32(file + 0x28, start);
	put32(file + 0x2c, end);
	put32(file + 0x30, endian);
	return len;
}

static void test_zimage(void **state)
{
	struct loader_image img;
	size_t n;

	(void)state;
	n = make_zimage(0x4000, 0, 0x4000, 0x04030201);
	assert_int_equal(loader_load_kernel(&ram, MACHINE_ARCH_AARCH32, file, n, 0,
					    &img, err, sizeof(err)), 0);
	assert_int_equal(img.format, LOADER_FMT_ZIMAGE);
	assert_int_equal(img.entry, RAM_BASE + 0x8000);
	assert_int_equal(img.end, RAM_BASE + 0xc000);
	/*
	 * No size table: assume a 4x inflation at RAM base + 32 KiB, which
	 * overlaps the zImage, so it moves past the kernel first:
	 * kernel end 0x40018000 + zImage 0x4000 + stack 0x1000 + malloc 0x10000.
	 */
	assert_int_equal(img.reserved_end, RAM_BASE + 0x2d000);
	assert_false(img.thumb);
	assert_memory_equal(at(RAM_BASE + 0x8000), file, n);
	assert_int_equal(*at(RAM_BASE + 0x7fff), FILL);
}

/* A zImage with the "KLSZ" size table at 0x40, the piggy size at 0x100. */
static size_t make_zimage_table(uint32_t inflated, uint32_t bss,
				uint32_t text_offset)
{
	size_t n = make_zimage(0x4000, 0, 0x4000, 0x04030201);

	put32(file + 0x34, 0x45454545);
	put32(file + 0x38, 0x40);
	put32(file + 0x40, 6);
	put32(file + 0x44, 0x5a534c4b);
	put32(file + 0x48, 0x100);
	put32(file + 0x4c, bss);
	put32(file + 0x50, text_offset);
	put32(file + 0x54, 0x10000);
	put32(file + 0x58, 0);
	put32(file + 0x100, inflated);
	return n;
}

static void test_zimage_size_table(void **state)
{
	struct loader_image img;
	size_t n;

	(void)state;
	/* Kernel at base + 0x208000, clear of the zImage: ends after bss. */
	n = make_zimage_table(0x30000, 0x1000, 0x208000);
	assert_int_equal(loader_load_zimage(&ram, MACHINE_ARCH_AARCH32, file, n,
					    &img, err, sizeof(err)), 0);
	assert_int_equal(img.reserved_end, RAM_BASE + 0x208000 + 0x31000);
	/* Kernel over the zImage: it relocates past the kernel's end. */
	n = make_zimage_table(0x30000, 0x1000, 0x8000);
	assert_int_equal(loader_load_zimage(&ram, MACHINE_ARCH_AARCH32, file, n,
					    &img, err, sizeof(err)), 0);
	assert_int_equal(img.reserved_end, RAM_BASE + 0x39000 + 0x4000 + 0x11000);
	/* A table pointing outside the file is ignored, not trusted. */
	n = make_zimage_table(0x30000, 0x1000, 0x8000);
	put32(file + 0x48, 0xfffffff0);
	assert_int_equal(loader_load_zimage(&ram, MACHINE_ARCH_AARCH32, file, n,
					    &img, err, sizeof(err)), 0);
	assert_int_equal(img.reserved_end, RAM_BASE + 0x2d000);
	n = make_zimage_table(0x30000, 0x1000, 0x8000);
	put32(file + 0x40, 0x7fffffff);          /* entry size past the end */
	assert_int_equal(loader_load_zimage(&ram, MACHINE_ARCH_AARCH32, file, n,
					    &img, err, sizeof(err)), 0);
	assert_int_equal(img.reserved_end, RAM_BASE + 0x2d000);
	put32(file + 0x40, 0);                   /* empty table */
	assert_int_equal(loader_load_zimage(&ram, MACHINE_ARCH_AARCH32, file, n,
					    &img, err, sizeof(err)), 0);
	assert_int_equal(img.reserved_end, RAM_BASE + 0x2d000);
}

static void test_zimage_errors(void **state)
{
	static uint8_t big[RAM_SIZE];
	size_t n;

	(void)state;
	n = make_zimage(0x4000, 0, 0x4000, 0x04030201);
	expect_err(loader_load_kernel(&ram, MACHINE_ARCH_AARCH64, file, n, 0, NULL,
				      err, sizeof(err)),
		   "kernel is an arm32 zImage (AArch32) but the guest is AArch64");
	expect_err(loader_load_zimage(&ram, MACHINE_ARCH_AARCH32, file, 0x3000,
				      NULL, err, sizeof(err)),
		   "truncated zImage: needs 16384 bytes, file has 12288");
	n = make_zimage(0x4000, 0x4000, 0x4000, 0x04030201);
	expect_err(loader_load_zimage(&ram, MACHINE_ARCH_AARCH32, file, n, NULL,
				      err, sizeof(err)), "not above start");
	n = make_zimage(0x4000, 0, 0x4000, 0x01020304);
	expect_err(loader_load_zimage(&ram, MACHINE_ARCH_AARCH32, file, n, NULL,
				      err, sizeof(err)), "big-endian");
	expect_err(loader_load_zimage(&ram, MACHINE_ARCH_AARCH32, file, 0x20, NULL,
				      err, sizeof(err)), "truncated zImage header");
	memcpy(big, file, 0x40);
	put32(big + 0x2c, (uint32_t)sizeof(big));
	put32(big + 0x30, 0x04030201);
	expect_err(loader_load_zimage(&ram, MACHINE_ARCH_AARCH32, big, sizeof(big),
				      NULL, err, sizeof(err)),
		   "zImage (at RAM base + 32 KiB) (16416 KiB) is larger than guest RAM (16 MiB)");
	/* Fits, but not with room to decompress. */
	n = make_zimage_table(RAM_SIZE, 0x1000, 0x8000);
	expect_err(loader_load_zimage(&ram, MACHINE_ARCH_AARCH32, file, n, NULL,
				      err, sizeof(err)),
		   "zImage needs RAM up to 0x4101e000 to decompress, but guest "
		   "RAM [0x40000000, 0x41000000) ends before");
	/* AUTO_ZRELADDR kernels decompress at a 128 MiB boundary. */
	struct guest_ram odd = { .gpa = RAM_BASE + 0x100000, .size = RAM_SIZE - 0x100000,
				 .host = ram_mem + 0x100000 };
	n = make_zimage(0x4000, 0, 0x4000, 0x04030201);
	expect_err(loader_load_zimage(&odd, MACHINE_ARCH_AARCH32, file, n, NULL,
				      err, sizeof(err)),
		   "zImage would decompress at 0x40000000, below guest RAM "
		   "[0x40100000, 0x41000000): RAM must start 128 MiB aligned");
	assert_true(ram_untouched());
}

static void test_load_kernel_dispatch(void **state)
{
	struct loader_image img;
	size_t n;

	(void)state;
	memset(file, 0x5a, 256);
	expect_err(loader_load_kernel(&ram, MACHINE_ARCH_AARCH64, file, 256, 0,
				      NULL, err, sizeof(err)), "not a kernel");
	assert_int_equal(loader_load_kernel(&ram, MACHINE_ARCH_AARCH64, file, 256,
					    RAM_BASE + 0x4000, &img, err,
					    sizeof(err)), 0);
	assert_int_equal(img.format, LOADER_FMT_RAW);
	assert_int_equal(img.entry, RAM_BASE + 0x4000);
	expect_err(loader_load_kernel(&ram, MACHINE_ARCH_AARCH64, file, 0, 0,
				      NULL, err, sizeof(err)), "kernel file is empty");
	/* An ELF with a bad class is reported as an ELF problem. */
	n = make_elf64(RAM_BASE + 0x80000, two_segs, 2);
	file[4] = 0;
	expect_err(loader_load_kernel(&ram, MACHINE_ARCH_AARCH64, file, n, RAM_BASE,
				      NULL, err, sizeof(err)), "invalid class");
	/* No RAM window. */
	struct guest_ram none = { 0 };
	n = make_elf64(RAM_BASE + 0x80000, two_segs, 2);
	expect_err(loader_load_kernel(&none, MACHINE_ARCH_AARCH64, file, n, 0,
				      NULL, err, sizeof(err)), "no usable guest RAM");
	/* err may be NULL. */
	assert_int_equal(loader_load_kernel(&ram, MACHINE_ARCH_AARCH32, file, n, 0,
					    NULL, NULL, 0), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_detect, setup),
		cmocka_unit_test_setup(test_elf64_load, setup),
		cmocka_unit_test_setup(test_elf_virtual_entry, setup),
		cmocka_unit_test_setup(test_elf32_thumb, setup),
		cmocka_unit_test_setup(test_elf_width_mismatch, setup),
		cmocka_unit_test_setup(test_elf_header_errors, setup),
		cmocka_unit_test_setup(test_elf_segment_errors, setup),
		cmocka_unit_test_setup(test_raw, setup),
		cmocka_unit_test_setup(test_arm64_image, setup),
		cmocka_unit_test_setup(test_arm64_image_placement, setup),
		cmocka_unit_test_setup(test_arm64_image_errors, setup),
		cmocka_unit_test_setup(test_zimage, setup),
		cmocka_unit_test_setup(test_zimage_size_table, setup),
		cmocka_unit_test_setup(test_zimage_errors, setup),
		cmocka_unit_test_setup(test_load_kernel_dispatch, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
