// SPDX-License-Identifier: MIT
/* Native kernel decompression before loading: see decompress_kernel.h. */
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

#include "machine/decompress_kernel.h"
#include "machine/kernel_image.h"
#include "machine/loader.h"

/* An output buffer: anonymous memory, so only what is written costs. */
static void *buf_alloc(size_t cap)
{
	void *p = mmap(NULL, cap, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	return p == MAP_FAILED ? NULL : p;
}

static void buf_release(struct decompressed_kernel *k)
{
	if (k->buf)
		munmap(k->buf, k->buf_cap);
	k->buf = NULL;
	k->buf_cap = 0;
}

void decompressed_kernel_free(struct decompressed_kernel *k)
{
	if (!k)
		return;
	buf_release(k);
	k->image = NULL;
	k->image_size = 0;
}

static void ram_words(char *s, size_t n, uint64_t ram_size)
{
	snprintf(s, n, "the %llu MiB of guest RAM", (unsigned long long)(ram_size >> 20));
}

/* A whole file in a compressed format, inflated into out->buf. */
static int inflate_file(const void *file, size_t len, uint64_t ram_size,
			struct decompressed_kernel *out, char *err, size_t errlen)
{
	enum decompress_method m = decompress_detect(file, len);
	char cap_what[64], why[200];
	size_t got;

	if (!decompress_supported(m)) {
		snprintf(err, errlen, "%s-compressed kernels are not supported "
			 "(gzip, xz, lzma, lz4, zstd are)", decompress_method_name(m));
		return -1;
	}
	out->buf_cap = ram_size;
	out->buf = buf_alloc(out->buf_cap);
	if (!out->buf) {
		out->buf_cap = 0;
		snprintf(err, errlen, "out of memory for the decompressed kernel");
		return -1;
	}
	ram_words(cap_what, sizeof(cap_what), ram_size);
	if (decompress_buffer(m, file, len, out->buf, out->buf_cap, cap_what, &got,
			      NULL, why, sizeof(why)) < 0) {
		snprintf(err, errlen, "%s-compressed kernel: %s",
			 decompress_method_name(m), why);
		buf_release(out);
		return -1;
	}
	out->file_method = m;
	out->image = out->buf;
	out->image_size = got;
	return 0;
}

/*
 * Try the stream starting at `at` as the zImage payload: it must end at
 * the size word (or, gzip, include it as its trailer) and inflate to
 * exactly the size it records. 1: it is; 0: it is not; -1: it is the
 * payload but broken (why in err).
 */
static int try_payload(const uint8_t *p, size_t at, const struct zimage_sizes *z,
		       enum decompress_method m, void *buf, char *err, size_t errlen)
{
	size_t end = z->piggy_size_offset + 4, got = 0, used = 0;
	char why[160];

	if (decompress_buffer(m, p + at, end - at, buf, z->inflated,
			      "the size the zImage records", &got, &used,
			      why, sizeof(why)) < 0) {
		snprintf(err, errlen, "zImage payload (%s at offset 0x%zx): %s",
			 decompress_method_name(m), at, why);
		return -1;
	}
	if (got != z->inflated || (used != end - at && used != end - 4 - at)) {
		snprintf(err, errlen, "zImage payload (%s at offset 0x%zx) inflates to "
			 "%zu bytes ending at 0x%zx, not %llu bytes ending at the size "
			 "word 0x%llx", decompress_method_name(m), at, got, at + used,
			 (unsigned long long)z->inflated,
			 (unsigned long long)z->piggy_size_offset);
		return -1;
	}
	return 1;
}

/* A methods whose magic cannot plausibly occur by chance in code. */
static bool strong_magic(enum decompress_method m)
{
	return m == DECOMPRESS_XZ || m == DECOMPRESS_ZSTD ||
	       m == DECOMPRESS_LZ4_LEGACY || m == DECOMPRESS_LZ4_FRAME;
}

static int inflate_zimage(const void *file, size_t len, uint64_t ram_size,
			  struct decompressed_kernel *out, char *err, size_t errlen)
{
	const uint8_t *p = file;
	struct zimage_sizes z = { .text_offset = ZIMAGE_DEFAULT_TEXT_OFFSET };
	char first_err[240] = "";
	void *buf;

	/* A broken header is refused as the loader would refuse it. */
	if (loader_zimage_check(file, len, err, errlen) < 0)
		return -1;
	if (!loader_zimage_sizes(file, len, &z) || z.inflated == 0)
		return 0;                    /* no table: its decompressor runs */
	if (z.inflated > ram_size) {
		snprintf(err, errlen, "zImage payload inflates to %llu MiB, more than "
			 "the %llu MiB of guest RAM",
			 (unsigned long long)(z.inflated >> 20),
			 (unsigned long long)(ram_size >> 20));
		return -1;
	}
	buf = buf_alloc(z.inflated);
	if (!buf) {
		snprintf(err, errlen, "out of memory for the decompressed kernel");
		return -1;
	}
	/* piggy_data follows the table (vmlinux.lds.S): scan from there. */
	for (size_t at = z.table_offset; at < z.piggy_size_offset; at++) {
		enum decompress_method m = decompress_detect(p + at, len - at);
		char why[240];
		int r;

		if (!decompress_supported(m))
			continue;
		r = try_payload(p, at, &z, m, buf, why, sizeof(why));
		if (r == 1) {
			out->buf = buf;
			out->buf_cap = z.inflated;
			out->image = buf;
			out->image_size = z.inflated;
			out->payload_method = m;
			out->arm32_image = true;
			out->text_offset = z.text_offset;
			out->bss_size = z.bss;
			return 0;
		}
		if (!first_err[0] && strong_magic(m))
			snprintf(first_err, sizeof(first_err), "%s", why);
	}
	munmap(buf, z.inflated);
	if (first_err[0]) {
		snprintf(err, errlen, "%s", first_err);
		return -1;
	}
	return 0;                            /* not understood: it decompresses itself */
}

int decompress_kernel(enum machine_arch arch, const void *file, size_t len,
		      uint64_t ram_size, enum decompress_mode mode,
		      struct decompressed_kernel *out, char *err, size_t errlen)
{
	memset(out, 0, sizeof(*out));
	out->image = file;
	out->image_size = len;
	if (!file || len == 0) {
		snprintf(err, errlen, "kernel file is empty");
		return -1;
	}
	/* A kernel format wins over a compression magic: an arm64 Image that
	 * starts with `b` +0x174 (5d 00 00 14) is not lzma data. */
	if (loader_detect(file, len) == LOADER_FMT_UNKNOWN &&
	    decompress_detect(file, len) != DECOMPRESS_NONE &&
	    inflate_file(file, len, ram_size, out, err, errlen) < 0)
		return -1;
	if (mode == DECOMPRESS_MODE_GUEST || arch != MACHINE_ARCH_AARCH32 ||
	    loader_detect(out->image, out->image_size) != LOADER_FMT_ZIMAGE)
		return 0;
	{
		struct decompressed_kernel zk = { 0 };
		const void *zimage = out->image;
		size_t zlen = out->image_size;

		if (inflate_zimage(zimage, zlen, ram_size, &zk, err, errlen) < 0) {
			decompressed_kernel_free(out);
			return -1;
		}
		if (!zk.arm32_image)
			return 0;
		buf_release(out);            /* the inflated zImage, if any */
		zk.file_method = out->file_method;
		*out = zk;
	}
	return 0;
}
