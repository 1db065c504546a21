// SPDX-License-Identifier: MIT
/*
 * Native kernel decompression (decompress.c, decompress_kernel.c): every
 * method round-trips, and each bad input (truncated, corrupt, unknown
 * method, output larger than the room) is refused with a line naming the
 * problem. The compressed inputs are made here with the same libraries'
 * encoders, shaped as the kernel's build shapes them (scripts/Makefile.lib:
 * lz4 -l and xz with the size appended; arch/arm/boot/compressed: the
 * zImage's KLSZ table pointing at the size word that ends the payload).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include <lz4.h>
#include <lz4frame.h>
#include <lzma.h>
#include <zlib.h>
#include <zstd.h>

#include <dirent.h>
#include <stdio.h>
#include <unistd.h>

#include "machine/decompress.h"
#include "machine/decompress_cache.h"
#include "machine/decompress_kernel.h"
#include "machine/kernel_image.h"
#include "machine/machine_boot.h"

#define PLAIN_SIZE (3u << 20)
#define RAM_BASE   0x40000000ULL
#define RAM_SIZE   (64ULL << 20)

static uint8_t *plain;            /* compressible, not trivial */
static uint8_t *packed;
static size_t packed_len;
static uint8_t *out;
static char err[300];

static void make_plain(void)
{
	uint32_t x = 12345;
	plain = malloc(PLAIN_SIZE);
	assert_non_null(plain);
	for (size_t i = 0; i < PLAIN_SIZE; i++) {
		x = x * 1103515245u + 12345u;
		plain[i] = (i % 64) < 48 ? (uint8_t)(i / 64) : (uint8_t)(x >> 24) % 8;
	}
}

static int setup(void **state)
{
	(void)state;
	if (!plain)
		make_plain();
	free(packed);
	packed = malloc(PLAIN_SIZE + (1u << 20));
	free(out);
	out = malloc(PLAIN_SIZE + 4096);
	assert_non_null(packed);
	assert_non_null(out);
	packed_len = 0;
	memset(err, 0, sizeof(err));
	return 0;
}

static void put_le32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16); p[3] = (uint8_t)(v >> 24);
}

/* ---- encoders, as the kernel's build uses them -------------------------- */

static size_t enc_gzip(const uint8_t *in, size_t len, uint8_t *dst, size_t cap)
{
	z_stream z = { 0 };
	assert_int_equal(deflateInit2(&z, 9, Z_DEFLATED, 16 + MAX_WBITS, 8,
				      Z_DEFAULT_STRATEGY), Z_OK);
	z.next_in = (Bytef *)in; z.avail_in = (uInt)len;
	z.next_out = dst; z.avail_out = (uInt)cap;
	assert_int_equal(deflate(&z, Z_FINISH), Z_STREAM_END);
	size_t n = z.total_out;
	deflateEnd(&z);
	return n;
}

static size_t enc_xz(const uint8_t *in, size_t len, uint8_t *dst, size_t cap)
{
	size_t pos = 0;
	assert_int_equal(lzma_easy_buffer_encode(1, /* fast: the test is of decoding */ LZMA_CHECK_CRC32, NULL, in, len,
						 dst, &pos, cap), LZMA_OK);
	return pos;
}

static size_t enc_lzma(const uint8_t *in, size_t len, uint8_t *dst, size_t cap)
{
	lzma_stream s = LZMA_STREAM_INIT;
	lzma_options_lzma opt;
	lzma_lzma_preset(&opt, 1);   /* fast: the test is of decoding */
	assert_int_equal(lzma_alone_encoder(&s, &opt), LZMA_OK);
	s.next_in = in; s.avail_in = len; s.next_out = dst; s.avail_out = cap;
	assert_int_equal(lzma_code(&s, LZMA_FINISH), LZMA_STREAM_END);
	size_t n = cap - s.avail_out;
	lzma_end(&s);
	return n;
}

/* lz4 -l: magic, then [le32 size][block] per 8 MiB of input. */
static size_t enc_lz4_legacy(const uint8_t *in, size_t len, uint8_t *dst, size_t cap)
{
	size_t pos = 4;
	put_le32(dst, 0x184c2102u);
	for (size_t o = 0; o < len; o += 8u << 20) {
		size_t n = len - o > (8u << 20) ? (8u << 20) : len - o;
		int c = LZ4_compress_default((const char *)in + o, (char *)dst + pos + 4,
					     (int)n, (int)(cap - pos - 4));
		assert_true(c > 0);
		put_le32(dst + pos, (uint32_t)c);
		pos += 4 + (size_t)c;
	}
	return pos;
}

static size_t enc_lz4_frame(const uint8_t *in, size_t len, uint8_t *dst, size_t cap)
{
	LZ4F_preferences_t prefs;
	memset(&prefs, 0, sizeof(prefs));
	prefs.frameInfo.contentChecksumFlag = LZ4F_contentChecksumEnabled;
	size_t n = LZ4F_compressFrame(dst, cap, in, len, &prefs);
	assert_false(LZ4F_isError(n));
	return n;
}

static size_t enc_zstd(const uint8_t *in, size_t len, uint8_t *dst, size_t cap)
{
	/* With a checksum, as the zstd tool writes by default. */
	ZSTD_CCtx *c = ZSTD_createCCtx();
	assert_non_null(c);
	ZSTD_CCtx_setParameter(c, ZSTD_c_checksumFlag, 1);
	size_t n = ZSTD_compress2(c, dst, cap, in, len);
	ZSTD_freeCCtx(c);
	assert_false(ZSTD_isError(n));
	return n;
}

typedef size_t (*encoder)(const uint8_t *, size_t, uint8_t *, size_t);
static const struct {
	enum decompress_method m;
	encoder enc;
	const char *name;
} methods[] = {
	{ DECOMPRESS_GZIP, enc_gzip, "gzip" },
	{ DECOMPRESS_XZ, enc_xz, "xz" },
	{ DECOMPRESS_LZMA, enc_lzma, "lzma" },
	{ DECOMPRESS_LZ4_LEGACY, enc_lz4_legacy, "lz4" },
	{ DECOMPRESS_LZ4_FRAME, enc_lz4_frame, "lz4" },
	{ DECOMPRESS_ZSTD, enc_zstd, "zstd" },
};
#define NR_METHODS (sizeof(methods) / sizeof(methods[0]))

static void pack(unsigned i, size_t len)
{
	packed_len = methods[i].enc(plain, len, packed, PLAIN_SIZE + (1u << 20));
	assert_int_equal(decompress_detect(packed, packed_len), methods[i].m);
}

/* ---- decompress_buffer --------------------------------------------------- */

static void test_round_trip(void **state)
{
	(void)state;
	for (unsigned i = 0; i < NR_METHODS; i++) {
		size_t got = 0, used = 0;
		pack(i, PLAIN_SIZE);
		assert_int_equal(decompress_buffer(methods[i].m, packed, packed_len, out,
						   PLAIN_SIZE, NULL, &got, &used,
						   err, sizeof(err)), 0);
		assert_int_equal(got, PLAIN_SIZE);
		assert_int_equal(used, packed_len);
		assert_memory_equal(out, plain, PLAIN_SIZE);
		assert_string_equal(decompress_method_name(methods[i].m), methods[i].name);
	}
}

static void test_truncated(void **state)
{
	(void)state;
	for (unsigned i = 0; i < NR_METHODS; i++) {
		pack(i, PLAIN_SIZE);
		err[0] = '\0';
		assert_int_equal(decompress_buffer(methods[i].m, packed, packed_len / 2,
						   out, PLAIN_SIZE, NULL, NULL, NULL,
						   err, sizeof(err)), -1);
		assert_non_null(strstr(err, "truncated"));
		assert_non_null(strstr(err, methods[i].name));
		assert_null(strchr(err, '\n'));
	}
}

static void test_corrupt(void **state)
{
	(void)state;
	for (unsigned i = 0; i < NR_METHODS; i++) {
		pack(i, PLAIN_SIZE);
		/* Past each format's header: garble a run in the middle. The
		 * kernel's lz4 has no checksum: garble its block framing. */
		if (methods[i].m == DECOMPRESS_LZ4_LEGACY)
			put_le32(packed + 4, 0xfffffff0u);
		else
			for (size_t k = packed_len / 3; k < packed_len / 3 + 64; k++)
				packed[k] ^= 0x5a;
		err[0] = '\0';
		assert_int_equal(decompress_buffer(methods[i].m, packed, packed_len, out,
						   PLAIN_SIZE, NULL, NULL, NULL,
						   err, sizeof(err)), -1);
		assert_non_null(strstr(err, "corrupt"));
		assert_non_null(strstr(err, methods[i].name));
	}
}

static void test_too_large(void **state)
{
	(void)state;
	for (unsigned i = 0; i < NR_METHODS; i++) {
		pack(i, PLAIN_SIZE);
		err[0] = '\0';
		assert_int_equal(decompress_buffer(methods[i].m, packed, packed_len, out,
						   PLAIN_SIZE - 100, "the room", NULL,
						   NULL, err, sizeof(err)), -1);
		assert_non_null(strstr(err, "inflates to more than the room"));
	}
}

static void test_detect_and_unsupported(void **state)
{
	(void)state;
	static const uint8_t lzo[] = { 0x89, 'L', 'Z', 'O', 0, 0x0d, 0x0a };
	static const uint8_t bz[] = { 'B', 'Z', 'h', '9', 1, 2 };
	static const uint8_t none[] = { 0x4d, 0x5a, 0, 0 };
	assert_int_equal(decompress_detect(lzo, sizeof(lzo)), DECOMPRESS_LZO);
	assert_int_equal(decompress_detect(bz, sizeof(bz)), DECOMPRESS_BZIP2);
	assert_int_equal(decompress_detect(none, sizeof(none)), DECOMPRESS_NONE);
	assert_int_equal(decompress_detect(lzo, 2), DECOMPRESS_NONE);
	assert_false(decompress_supported(DECOMPRESS_LZO));
	assert_int_equal(decompress_buffer(DECOMPRESS_LZO, lzo, sizeof(lzo), out, 100,
					   NULL, NULL, NULL, err, sizeof(err)), -1);
	assert_string_equal(err, "lzo compression is not supported");
}

/* ---- decompress_kernel: whole compressed files ------------------------- */

/* A small arm64 Image: the header booting.rst describes, then text. */
static size_t make_arm64_image(uint8_t *img, size_t len)
{
	memcpy(img, plain, len);
	memset(img, 0, ARM64_IMAGE_HEADER_SIZE);
	put_le32(img + ARM64_IMAGE_TEXT_OFFSET, 0x80000);
	put_le32(img + ARM64_IMAGE_IMAGE_SIZE, (uint32_t)len + 0x10000);
	put_le32(img + ARM64_IMAGE_FLAGS, 1u << 1);
	put_le32(img + ARM64_IMAGE_MAGIC_OFFSET, ARM64_IMAGE_MAGIC);
	return len;
}

static void test_compressed_arm64_image_boots(void **state)
{
	(void)state;
	uint8_t *img = malloc(1u << 20), *ram = calloc(1, RAM_SIZE);
	assert_non_null(img);
	assert_non_null(ram);
	size_t ilen = make_arm64_image(img, 1u << 20);
	for (unsigned i = 0; i < NR_METHODS; i++) {
		struct decompressed_kernel k;
		packed_len = methods[i].enc(img, ilen, packed, PLAIN_SIZE);
		if (methods[i].m == DECOMPRESS_LZ4_LEGACY || methods[i].m == DECOMPRESS_XZ) {
			put_le32(packed + packed_len, (uint32_t)ilen);   /* size_append */
			packed_len += 4;
		}
		assert_int_equal(decompress_kernel(MACHINE_ARCH_AARCH64, packed, packed_len,
						   RAM_SIZE, DECOMPRESS_MODE_AUTO, &k,
						   err, sizeof(err)), 0);
		assert_int_equal(k.file_method, methods[i].m);
		assert_false(k.arm32_image);
		assert_int_equal(k.image_size, ilen);
		assert_memory_equal(k.image, img, ilen);

		struct machine_boot_spec s = {
			.arch = MACHINE_ARCH_AARCH64,
			.ram = { RAM_BASE, RAM_SIZE, ram },
			.image = k.image, .image_size = k.image_size, .dtb_max = 4096,
		};
		struct machine_boot_result r;
		assert_int_equal(machine_boot(&s, &r), 0);
		assert_int_equal(r.image.format, LOADER_FMT_ARM64_IMAGE);
		assert_int_equal(r.regs.pc, RAM_BASE + 0x80000);
		assert_memory_equal(ram + 0x80000, img, ilen);
		decompressed_kernel_free(&k);
		assert_null(k.buf);
	}
	free(img);
	free(ram);
}

static void test_plain_file_untouched(void **state)
{
	(void)state;
	struct decompressed_kernel k;
	uint8_t *img = malloc(4096);
	make_arm64_image(img, 4096);
	assert_int_equal(decompress_kernel(MACHINE_ARCH_AARCH64, img, 4096, RAM_SIZE,
					   DECOMPRESS_MODE_AUTO, &k, err, sizeof(err)), 0);
	assert_ptr_equal(k.image, img);
	assert_null(k.buf);
	assert_int_equal(k.file_method, DECOMPRESS_NONE);
	decompressed_kernel_free(&k);
	/* An Image whose first instruction looks like an lzma magic is an
	 * Image (b +0x174 is 5d 00 00 14). */
	img[0] = 0x5d; img[1] = 0; img[2] = 0; img[3] = 0x14;
	assert_int_equal(decompress_kernel(MACHINE_ARCH_AARCH64, img, 4096, RAM_SIZE,
					   DECOMPRESS_MODE_AUTO, &k, err, sizeof(err)), 0);
	assert_ptr_equal(k.image, img);
	decompressed_kernel_free(&k);
	free(img);
}

static void test_kernel_bad_inputs(void **state)
{
	(void)state;
	struct decompressed_kernel k;
	static const uint8_t lzo[] = { 0x89, 'L', 'Z', 'O', 0, 0x0d, 0x0a, 0x1a };

	/* unknown method */
	assert_int_equal(decompress_kernel(MACHINE_ARCH_AARCH64, lzo, sizeof(lzo),
					   RAM_SIZE, DECOMPRESS_MODE_AUTO, &k,
					   err, sizeof(err)), -1);
	assert_string_equal(err, "lzo-compressed kernels are not supported "
			    "(gzip, xz, lzma, lz4, zstd are)");
	/* truncated */
	packed_len = enc_gzip(plain, PLAIN_SIZE, packed, PLAIN_SIZE);
	assert_int_equal(decompress_kernel(MACHINE_ARCH_AARCH64, packed, packed_len - 9,
					   RAM_SIZE, DECOMPRESS_MODE_AUTO, &k,
					   err, sizeof(err)), -1);
	assert_string_equal(err, "gzip-compressed kernel: gzip data is truncated");
	/* corrupt: a bad CRC in the gzip trailer */
	packed[packed_len - 6] ^= 1;
	assert_int_equal(decompress_kernel(MACHINE_ARCH_AARCH64, packed, packed_len,
					   RAM_SIZE, DECOMPRESS_MODE_AUTO, &k,
					   err, sizeof(err)), -1);
	assert_non_null(strstr(err, "gzip data is corrupt"));
	/* larger than guest RAM */
	packed[packed_len - 6] ^= 1;
	assert_int_equal(decompress_kernel(MACHINE_ARCH_AARCH64, packed, packed_len,
					   2u << 20, DECOMPRESS_MODE_AUTO, &k,
					   err, sizeof(err)), -1);
	assert_string_equal(err, "gzip-compressed kernel: gzip data inflates to more "
			    "than the 2 MiB of guest RAM");
	/* empty */
	assert_int_equal(decompress_kernel(MACHINE_ARCH_AARCH64, packed, 0, RAM_SIZE,
					   DECOMPRESS_MODE_AUTO, &k, err, sizeof(err)), -1);
	assert_string_equal(err, "kernel file is empty");
}

/* ---- decompress_kernel: the zImage payload -------------------------------- */

#define Z_TABLE      0x100u
#define Z_PAYLOAD    0x400u       /* after some "code" */
#define Z_TEXT_OFF   0x208000u    /* Debian armmp's */
#define Z_BSS        0x5e4d4u
#define ARM_IMAGE_SIZE (1u << 20)

/*
 * A zImage as arch/arm/boot/compressed lays it out: header, the KLSZ
 * table, code, then piggy_data (the compressed Image; the size word is
 * its last 4 bytes: appended, or gzip's own ISIZE).
 */
static size_t make_zimage(uint8_t *z, unsigned method_index, bool lzo)
{
	size_t pos = Z_PAYLOAD, size_off;

	memset(z, 0, Z_PAYLOAD);
	for (size_t i = 0x200; i < Z_PAYLOAD; i++)     /* "code", no magics */
		z[i] = (uint8_t)(0x10 + i % 0x40);
	put_le32(z + ZIMAGE_MAGIC_OFFSET, ZIMAGE_MAGIC);
	put_le32(z + ZIMAGE_ENDIAN_OFFSET, ZIMAGE_ENDIAN_LE);
	put_le32(z + ZIMAGE_MAGIC2_OFFSET, ZIMAGE_MAGIC2);
	put_le32(z + ZIMAGE_TABLE_OFFSET, Z_TABLE);
	put_le32(z + Z_TABLE, 6);
	put_le32(z + Z_TABLE + 4, ZIMAGE_TAG_KERNEL_SIZE);
	put_le32(z + Z_TABLE + 12, Z_BSS);
	put_le32(z + Z_TABLE + 16, Z_TEXT_OFF);
	put_le32(z + Z_TABLE + 20, 0x10000);
	if (lzo) {
		static const uint8_t m[] = { 0x89, 'L', 'Z', 'O', 0, 0x0d, 0x0a, 0x1a };
		memcpy(z + pos, m, sizeof(m));
		memset(z + pos + sizeof(m), 0x77, 4096);
		pos += sizeof(m) + 4096;
	} else {
		pos += methods[method_index].enc(plain, ARM_IMAGE_SIZE, z + pos, PLAIN_SIZE);
	}
	if (lzo || methods[method_index].m != DECOMPRESS_GZIP) {
		put_le32(z + pos, ARM_IMAGE_SIZE);            /* size_append */
		pos += 4;
	}
	size_off = pos - 4;
	put_le32(z + Z_TABLE + 8, (uint32_t)size_off);
	pos = (pos + 3) & ~(size_t)3;
	put_le32(z + ZIMAGE_END_OFFSET, (uint32_t)pos);
	return pos;
}

static void test_zimage_payload_each_method(void **state)
{
	(void)state;
	uint8_t *ram = calloc(1, RAM_SIZE);
	assert_non_null(ram);
	for (unsigned i = 0; i < NR_METHODS; i++) {
		struct decompressed_kernel k;
		if (methods[i].m == DECOMPRESS_LZ4_FRAME || methods[i].m == DECOMPRESS_ZSTD)
			continue;            /* not zImage methods; covered above */
		packed_len = make_zimage(packed, i, false);
		assert_int_equal(decompress_kernel(MACHINE_ARCH_AARCH32, packed, packed_len,
						   RAM_SIZE, DECOMPRESS_MODE_AUTO, &k,
						   err, sizeof(err)), 0);
		assert_true(k.arm32_image);
		assert_int_equal(k.payload_method, methods[i].m);
		assert_int_equal(k.text_offset, Z_TEXT_OFF);
		assert_int_equal(k.bss_size, Z_BSS);
		assert_int_equal(k.image_size, ARM_IMAGE_SIZE);
		assert_memory_equal(k.image, plain, ARM_IMAGE_SIZE);

		/* Entered as booting.rst allows an uncompressed Image. */
		struct machine_boot_spec s = {
			.arch = MACHINE_ARCH_AARCH32,
			.ram = { RAM_BASE, RAM_SIZE, ram },
			.image = k.image, .image_size = k.image_size,
			.arm32_image = true, .arm32_text_offset = k.text_offset,
			.arm32_bss = k.bss_size, .dtb_max = 4096,
		};
		struct machine_boot_result r;
		assert_int_equal(machine_boot(&s, &r), 0);
		assert_int_equal(r.image.format, LOADER_FMT_ARM32_IMAGE);
		assert_int_equal(r.regs.pc, RAM_BASE + Z_TEXT_OFF);
		assert_int_equal(r.regs.r[0], 0);
		assert_int_equal(r.regs.r[1], 0xffffffffu);
		assert_int_equal(r.regs.r[2], r.layout.dtb_gpa);
		assert_true(r.layout.dtb_gpa >= RAM_BASE + Z_TEXT_OFF + ARM_IMAGE_SIZE + Z_BSS);
		assert_memory_equal(ram + Z_TEXT_OFF, plain, ARM_IMAGE_SIZE);
		decompressed_kernel_free(&k);

		/* --decompress=guest: the zImage as it is. */
		assert_int_equal(decompress_kernel(MACHINE_ARCH_AARCH32, packed, packed_len,
						   RAM_SIZE, DECOMPRESS_MODE_GUEST, &k,
						   err, sizeof(err)), 0);
		assert_false(k.arm32_image);
		assert_ptr_equal(k.image, packed);
		decompressed_kernel_free(&k);
	}
	free(ram);
}

static void test_zimage_fallback_and_errors(void **state)
{
	(void)state;
	struct decompressed_kernel k;

	/* An LZO payload: not understood, its own decompressor runs. */
	packed_len = make_zimage(packed, 0, true);
	assert_int_equal(decompress_kernel(MACHINE_ARCH_AARCH32, packed, packed_len,
					   RAM_SIZE, DECOMPRESS_MODE_AUTO, &k,
					   err, sizeof(err)), 0);
	assert_false(k.arm32_image);
	assert_ptr_equal(k.image, packed);
	/* No KLSZ table: the same. */
	packed_len = make_zimage(packed, 1, false);
	put_le32(packed + ZIMAGE_MAGIC2_OFFSET, 0);
	assert_int_equal(decompress_kernel(MACHINE_ARCH_AARCH32, packed, packed_len,
					   RAM_SIZE, DECOMPRESS_MODE_AUTO, &k,
					   err, sizeof(err)), 0);
	assert_false(k.arm32_image);
	/* A corrupt xz payload: refused. */
	packed_len = make_zimage(packed, 1, false);
	for (size_t i = Z_PAYLOAD + 2000; i < Z_PAYLOAD + 2100; i++)
		packed[i] ^= 0xa5;
	assert_int_equal(decompress_kernel(MACHINE_ARCH_AARCH32, packed, packed_len,
					   RAM_SIZE, DECOMPRESS_MODE_AUTO, &k,
					   err, sizeof(err)), -1);
	assert_non_null(strstr(err, "zImage payload (xz at offset 0x400): xz data is corrupt"));
	/* A payload inflating beyond the size the zImage records: refused. */
	packed_len = make_zimage(packed, 1, false);
	put_le32(packed + packed_len - 4, ARM_IMAGE_SIZE - 1);
	assert_int_equal(decompress_kernel(MACHINE_ARCH_AARCH32, packed, packed_len,
					   RAM_SIZE, DECOMPRESS_MODE_AUTO, &k,
					   err, sizeof(err)), -1);
	assert_non_null(strstr(err, "inflates to more than the size the zImage records"));
	/* Larger than guest RAM. */
	packed_len = make_zimage(packed, 1, false);
	assert_int_equal(decompress_kernel(MACHINE_ARCH_AARCH32, packed, packed_len,
					   512u << 10, DECOMPRESS_MODE_AUTO, &k,
					   err, sizeof(err)), -1);
	assert_string_equal(err, "zImage payload inflates to 1 MiB, more than the "
			    "0 MiB of guest RAM");
	/* A broken header is refused as the loader refuses it, payload or not. */
	packed_len = make_zimage(packed, 1, false);
	put_le32(packed + ZIMAGE_END_OFFSET, 0);
	assert_int_equal(decompress_kernel(MACHINE_ARCH_AARCH32, packed, packed_len,
					   RAM_SIZE, DECOMPRESS_MODE_AUTO, &k,
					   err, sizeof(err)), -1);
	assert_string_equal(err, "zImage header has end 0x0 not above start 0x0");
	/* A gzip'd zImage (whole file): inflated, then its payload too. */
	uint8_t *z = malloc(PLAIN_SIZE);
	size_t zlen = make_zimage(z, 1, false);
	packed_len = enc_gzip(z, zlen, packed, PLAIN_SIZE);
	assert_int_equal(decompress_kernel(MACHINE_ARCH_AARCH32, packed, packed_len,
					   RAM_SIZE, DECOMPRESS_MODE_AUTO, &k,
					   err, sizeof(err)), 0);
	assert_true(k.arm32_image);
	assert_int_equal(k.file_method, DECOMPRESS_GZIP);
	assert_int_equal(k.payload_method, DECOMPRESS_XZ);
	assert_memory_equal(k.image, plain, ARM_IMAGE_SIZE);
	decompressed_kernel_free(&k);
	free(z);
}

static void test_arm32_image_loader_errors(void **state)
{
	(void)state;
	uint8_t *ram = calloc(1, 4u << 20);
	struct guest_ram g = { RAM_BASE, 4u << 20, ram };
	struct loader_image li;
	/* image + bss beyond RAM */
	assert_int_equal(loader_load_arm32_image(&g, MACHINE_ARCH_AARCH32, plain,
						 3u << 20, Z_TEXT_OFF, Z_BSS, &li,
						 err, sizeof(err)), -1);
	assert_non_null(strstr(err, "arm32 Image"));
	/* wrong width */
	assert_int_equal(loader_load_arm32_image(&g, MACHINE_ARCH_AARCH64, plain,
						 4096, Z_TEXT_OFF, Z_BSS, &li,
						 err, sizeof(err)), -1);
	assert_non_null(strstr(err, "arm32 Image"));
	assert_int_equal(loader_load_arm32_image(&g, MACHINE_ARCH_AARCH32, plain,
						 4096, Z_TEXT_OFF, Z_BSS, &li,
						 err, sizeof(err)), 0);
	assert_int_equal(li.entry, RAM_BASE + Z_TEXT_OFF);
	assert_int_equal(li.reserved_end, RAM_BASE + Z_TEXT_OFF + 4096 + Z_BSS);
	free(ram);
}

/* The cache of inflated kernels: a miss, a store, a hit equal to inflating
 * again, and an entry cut short ignored. */
static void test_cache(void **state)
{
	(void)state;
	char dir[] = "/tmp/armvm-kcache-XXXXXX", sub[64], path[4200] = "";
	struct decompressed_kernel k, hit;

	assert_non_null(mkdtemp(dir));
	snprintf(sub, sizeof(sub), "%s/k", dir);      /* created on store */
	packed_len = make_zimage(packed, 1, false);
	assert_false(decompress_cache_load(sub, MACHINE_ARCH_AARCH32, DECOMPRESS_MODE_AUTO,
					   packed, packed_len, &hit));
	assert_int_equal(decompress_kernel(MACHINE_ARCH_AARCH32, packed, packed_len,
					   RAM_SIZE, DECOMPRESS_MODE_AUTO, &k,
					   err, sizeof(err)), 0);
	decompress_cache_store(sub, MACHINE_ARCH_AARCH32, DECOMPRESS_MODE_AUTO,
			       packed, packed_len, &k);
	assert_true(decompress_cache_load(sub, MACHINE_ARCH_AARCH32, DECOMPRESS_MODE_AUTO,
					  packed, packed_len, &hit));
	assert_true(hit.arm32_image);
	assert_int_equal(hit.text_offset, Z_TEXT_OFF);
	assert_int_equal(hit.bss_size, Z_BSS);
	assert_int_equal(hit.payload_method, DECOMPRESS_XZ);
	assert_int_equal(hit.image_size, k.image_size);
	assert_memory_equal(hit.image, k.image, k.image_size);
	decompressed_kernel_free(&hit);
	/* Another mode or width is another entry. */
	assert_false(decompress_cache_load(sub, MACHINE_ARCH_AARCH32, DECOMPRESS_MODE_GUEST,
					   packed, packed_len, &hit));
	assert_false(decompress_cache_load(sub, MACHINE_ARCH_AARCH64, DECOMPRESS_MODE_AUTO,
					   packed, packed_len, &hit));
	/* Another file (one byte changed) misses. */
	packed[packed_len - 8] ^= 1;
	assert_false(decompress_cache_load(sub, MACHINE_ARCH_AARCH32, DECOMPRESS_MODE_AUTO,
					   packed, packed_len, &hit));
	packed[packed_len - 8] ^= 1;
	/* An entry cut short is ignored. */
	DIR *d = opendir(sub);
	struct dirent *e;
	assert_non_null(d);
	while ((e = readdir(d)))
		if (e->d_name[0] != '.')
			snprintf(path, sizeof(path), "%s/%s", sub, e->d_name);
	closedir(d);
	assert_true(path[0]);
	assert_int_equal(truncate(path, 4096 + 1000), 0);
	assert_false(decompress_cache_load(sub, MACHINE_ARCH_AARCH32, DECOMPRESS_MODE_AUTO,
					   packed, packed_len, &hit));
	unlink(path);
	rmdir(sub);
	rmdir(dir);
	decompressed_kernel_free(&k);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_round_trip, setup),
		cmocka_unit_test_setup(test_truncated, setup),
		cmocka_unit_test_setup(test_corrupt, setup),
		cmocka_unit_test_setup(test_too_large, setup),
		cmocka_unit_test_setup(test_detect_and_unsupported, setup),
		cmocka_unit_test_setup(test_compressed_arm64_image_boots, setup),
		cmocka_unit_test_setup(test_plain_file_untouched, setup),
		cmocka_unit_test_setup(test_kernel_bad_inputs, setup),
		cmocka_unit_test_setup(test_zimage_payload_each_method, setup),
		cmocka_unit_test_setup(test_zimage_fallback_and_errors, setup),
		cmocka_unit_test_setup(test_arm32_image_loader_errors, setup),
		cmocka_unit_test_setup(test_cache, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
