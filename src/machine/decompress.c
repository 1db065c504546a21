// SPDX-License-Identifier: MIT
/*
 * Whole-buffer decompression: see decompress.h. Each method runs its
 * library's streaming decoder over the one input buffer into the one output
 * buffer, so a stream that would outgrow the output stops there (no
 * allocation sized by the input) and the three failures are told apart:
 * the input ran out (truncated), the decoder refused it (corrupt), or the
 * output filled (too large).
 */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lz4.h>
#include <lz4frame.h>
#include <lzma.h>
#include <zlib.h>
#include <zstd.h>

#include "machine/decompress.h"

/* lz4 -l: 8 MiB blocks, each [le32 compressed size][block] (lib/decompress_unlz4.c). */
#define LZ4_LEGACY_MAGIC       0x184c2102u
#define LZ4_LEGACY_BLOCK_SIZE  (8u << 20)

static const struct {
	enum decompress_method method;
	unsigned char magic[6];
	size_t len;
} magics[] = {
	{ DECOMPRESS_GZIP, { 0x1f, 0x8b, 0x08 }, 3 },
	{ DECOMPRESS_XZ, { 0xfd, '7', 'z', 'X', 'Z', 0x00 }, 6 },
	{ DECOMPRESS_LZMA, { 0x5d, 0x00, 0x00 }, 3 },
	{ DECOMPRESS_LZ4_LEGACY, { 0x02, 0x21, 0x4c, 0x18 }, 4 },
	{ DECOMPRESS_LZ4_FRAME, { 0x04, 0x22, 0x4d, 0x18 }, 4 },
	{ DECOMPRESS_ZSTD, { 0x28, 0xb5, 0x2f, 0xfd }, 4 },
	{ DECOMPRESS_LZO, { 0x89, 'L', 'Z', 'O' }, 4 },
	{ DECOMPRESS_BZIP2, { 'B', 'Z', 'h' }, 3 },
};

enum decompress_method decompress_detect(const void *p, size_t len)
{
	for (size_t i = 0; p && i < sizeof(magics) / sizeof(magics[0]); i++)
		if (len >= magics[i].len && !memcmp(p, magics[i].magic, magics[i].len))
			return magics[i].method;
	return DECOMPRESS_NONE;
}

const char *decompress_method_name(enum decompress_method m)
{
	switch (m) {
	case DECOMPRESS_GZIP: return "gzip";
	case DECOMPRESS_XZ: return "xz";
	case DECOMPRESS_LZMA: return "lzma";
	case DECOMPRESS_LZ4_LEGACY: case DECOMPRESS_LZ4_FRAME: return "lz4";
	case DECOMPRESS_ZSTD: return "zstd";
	case DECOMPRESS_LZO: return "lzo";
	case DECOMPRESS_BZIP2: return "bzip2";
	case DECOMPRESS_NONE: break;
	}
	return "none";
}

bool decompress_supported(enum decompress_method m)
{
	return m != DECOMPRESS_NONE && m != DECOMPRESS_LZO && m != DECOMPRESS_BZIP2;
}

/* ---- the three failures, worded once ------------------------------------ */

struct job {
	enum decompress_method m;
	size_t cap;
	const char *cap_what;
	char *err;
	size_t errlen;
};

static int truncated(const struct job *j)
{
	if (j->err && j->errlen)
		snprintf(j->err, j->errlen, "%s data is truncated",
			 decompress_method_name(j->m));
	return -1;
}

static int corrupt(const struct job *j, const char *why)
{
	if (j->err && j->errlen)
		snprintf(j->err, j->errlen, "%s data is corrupt%s%s",
			 decompress_method_name(j->m), why ? ": " : "", why ? why : "");
	return -1;
}

static int too_large(const struct job *j)
{
	if (j->err && j->errlen) {
		if (j->cap_what)
			snprintf(j->err, j->errlen, "%s data inflates to more than %s",
				 decompress_method_name(j->m), j->cap_what);
		else
			snprintf(j->err, j->errlen, "%s data inflates to more than %zu bytes",
				 decompress_method_name(j->m), j->cap);
	}
	return -1;
}

static int no_memory(const struct job *j)
{
	if (j->err && j->errlen)
		snprintf(j->err, j->errlen, "out of memory for the %s decoder",
			 decompress_method_name(j->m));
	return -1;
}

/* ---- gzip: zlib ------------------------------------------------------------ */

static int run_gzip(const struct job *j, const uint8_t *in, size_t len,
		    uint8_t *out, size_t *out_len, size_t *used)
{
	z_stream z;
	size_t in_left = len, out_left = j->cap;
	int rc;

	memset(&z, 0, sizeof(z));
	if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK)   /* 16: gzip wrapper only */
		return no_memory(j);
	z.next_in = (Bytef *)in;
	z.next_out = out;
	for (;;) {
		/* avail_in/out are 32-bit: feed and drain in pieces. */
		if (!z.avail_in && in_left) {
			z.avail_in = in_left > UINT_MAX ? UINT_MAX : (uInt)in_left;
			in_left -= z.avail_in;
		}
		if (!z.avail_out && out_left) {
			z.avail_out = out_left > UINT_MAX ? UINT_MAX : (uInt)out_left;
			out_left -= z.avail_out;
		}
		rc = inflate(&z, Z_NO_FLUSH);
		if (rc == Z_STREAM_END)
			break;
		if (rc == Z_OK)
			continue;
		if (rc == Z_BUF_ERROR && !z.avail_out && !out_left) {
			inflateEnd(&z);
			return too_large(j);
		}
		if (rc == Z_BUF_ERROR && !z.avail_in && !in_left) {
			inflateEnd(&z);
			return truncated(j);
		}
		char why[80];
		snprintf(why, sizeof(why), "%s", z.msg ? z.msg : "bad stream");
		inflateEnd(&z);
		return rc == Z_MEM_ERROR ? no_memory(j) : corrupt(j, why);
	}
	*out_len = (size_t)z.total_out;
	if (used)
		*used = (size_t)z.total_in;
	inflateEnd(&z);
	return 0;
}

/*
 * The memory a decoder may take for its window (dictionary): up to the
 * output cap, as the kernel's own decompressors allow, but at least the
 * 128 MiB default of zstd (xz -9 uses 64 MiB). A header claiming a bigger
 * window than that is refused instead of allocated (a 4 GiB lzma
 * dictionary or a 2 GiB zstd window used to be).
 */
#define WINDOW_FLOOR ((size_t)128 << 20)

static size_t window_max(const struct job *j)
{
	return j->cap > WINDOW_FLOOR ? j->cap : WINDOW_FLOOR;
}

/* ---- xz and lzma: liblzma ------------------------------------------------- */

static int run_lzma(const struct job *j, const uint8_t *in, size_t len,
		    uint8_t *out, size_t *out_len, size_t *used)
{
	lzma_stream s = LZMA_STREAM_INIT;
	/* the dictionary plus liblzma's own state (well under 1 MiB) */
	uint64_t memlimit = (uint64_t)window_max(j) + (1u << 20);
	lzma_ret rc = j->m == DECOMPRESS_XZ ?
		lzma_stream_decoder(&s, memlimit, 0) :
		lzma_alone_decoder(&s, memlimit);

	if (rc != LZMA_OK)
		return no_memory(j);
	s.next_in = in;
	s.avail_in = len;
	s.next_out = out;
	s.avail_out = j->cap;
	do
		rc = lzma_code(&s, LZMA_FINISH);
	while (rc == LZMA_OK);
	*out_len = j->cap - s.avail_out;
	if (used)
		*used = len - s.avail_in;
	lzma_end(&s);
	switch (rc) {
	case LZMA_STREAM_END:
		return 0;
	case LZMA_BUF_ERROR:
		return s.avail_out ? truncated(j) : too_large(j);
	case LZMA_MEM_ERROR:
		return no_memory(j);
	case LZMA_MEMLIMIT_ERROR:
		return corrupt(j, "dictionary larger than the output could be");
	case LZMA_FORMAT_ERROR:
		return corrupt(j, "bad header");
	case LZMA_OPTIONS_ERROR:
		return corrupt(j, "unsupported options");
	default:
		return corrupt(j, rc == LZMA_DATA_ERROR ? "bad data" : "check failed");
	}
}

/* ---- lz4 legacy (the kernel's lz4) and lz4 frames: liblz4 ----------------- */

static int run_lz4_legacy(const struct job *j, const uint8_t *in, size_t len,
			  uint8_t *out, size_t *out_len, size_t *used)
{
	size_t pos = 4, done = 0;     /* after the magic */

	while (len - pos >= 4) {
		uint32_t size = (uint32_t)in[pos] | (uint32_t)in[pos + 1] << 8 |
				(uint32_t)in[pos + 2] << 16 | (uint32_t)in[pos + 3] << 24;
		if (size == LZ4_LEGACY_MAGIC) {       /* concatenated streams */
			pos += 4;
			continue;
		}
		/* The kernel's build appends the size (le32) after the stream. */
		if (len - pos == 4 && done)
			break;
		if (size == 0 || size > (uint32_t)LZ4_compressBound(LZ4_LEGACY_BLOCK_SIZE))
			return corrupt(j, "bad block size");
		if (size > len - pos - 4)
			return truncated(j);
		pos += 4;
		size_t room = j->cap - done;
		int n = LZ4_decompress_safe((const char *)in + pos, (char *)out + done,
					    (int)size, room > LZ4_LEGACY_BLOCK_SIZE ?
					    (int)LZ4_LEGACY_BLOCK_SIZE : (int)room);
		if (n < 0 && room < LZ4_LEGACY_BLOCK_SIZE) {
			/* Corrupt, or the block outgrows the room: decode it
			 * into a full-size scratch block to tell which. */
			char *scratch = malloc(LZ4_LEGACY_BLOCK_SIZE);
			if (!scratch)
				return no_memory(j);
			n = LZ4_decompress_safe((const char *)in + pos, scratch, (int)size,
						(int)LZ4_LEGACY_BLOCK_SIZE);
			free(scratch);
			if (n >= 0)
				return too_large(j);
		}
		if (n < 0)
			return corrupt(j, "bad block");
		done += (size_t)n;
		pos += size;
	}
	if (!done)
		return truncated(j);
	*out_len = done;
	if (used)
		*used = len - pos == 4 ? len : pos;
	return 0;
}

static int run_lz4_frame(const struct job *j, const uint8_t *in, size_t len,
			 uint8_t *out, size_t *out_len, size_t *used)
{
	LZ4F_dctx *d;
	size_t pos = 0, done = 0, hint = 1;

	if (LZ4F_isError(LZ4F_createDecompressionContext(&d, LZ4F_VERSION)))
		return no_memory(j);
	while (hint) {
		size_t src = len - pos, dst = j->cap - done;
		hint = LZ4F_decompress(d, out + done, &dst, in + pos, &src, NULL);
		if (LZ4F_isError(hint)) {
			char why[80];
			snprintf(why, sizeof(why), "%s", LZ4F_getErrorName(hint));
			LZ4F_freeDecompressionContext(d);
			return corrupt(j, why);
		}
		pos += src;
		done += dst;
		if (hint && !src && !dst) {          /* no progress */
			LZ4F_freeDecompressionContext(d);
			return pos == len ? truncated(j) : too_large(j);
		}
	}
	LZ4F_freeDecompressionContext(d);
	*out_len = done;
	if (used)
		*used = pos;
	return 0;
}

/* ---- zstd: libzstd --------------------------------------------------------- */

static int run_zstd(const struct job *j, const uint8_t *in, size_t len,
		    uint8_t *out, size_t *out_len, size_t *used)
{
	ZSTD_DCtx *d = ZSTD_createDCtx();
	ZSTD_inBuffer ib = { in, len, 0 };
	ZSTD_outBuffer ob = { out, j->cap, 0 };
	size_t rc = 1;

	if (!d)
		return no_memory(j);
	/* The kernel's decompressor allows a window up to the output size
	 * (window_max); zstd allows at most 2^31. */
	int window_log = 27;
	while (window_log < 31 && ((size_t)1 << window_log) < window_max(j))
		window_log++;
	ZSTD_DCtx_setParameter(d, ZSTD_d_windowLogMax, window_log);
	while (rc) {
		size_t in0 = ib.pos, out0 = ob.pos;
		rc = ZSTD_decompressStream(d, &ob, &ib);
		if (ZSTD_isError(rc)) {
			char why[80];
			snprintf(why, sizeof(why), "%s", ZSTD_getErrorName(rc));
			ZSTD_freeDCtx(d);
			return corrupt(j, why);
		}
		if (rc && ib.pos == in0 && ob.pos == out0) {
			ZSTD_freeDCtx(d);
			return ob.pos == ob.size ? too_large(j) : truncated(j);
		}
	}
	ZSTD_freeDCtx(d);
	*out_len = ob.pos;
	if (used)
		*used = ib.pos;
	return 0;
}

int decompress_buffer(enum decompress_method m, const void *in, size_t len,
		      void *out, size_t cap, const char *cap_what,
		      size_t *out_len, size_t *used, char *err, size_t errlen)
{
	struct job j = { m, cap, cap_what, err, errlen };
	size_t dummy;

	if (!out_len)
		out_len = &dummy;
	*out_len = 0;
	if (!in || !out) {
		if (err && errlen)
			snprintf(err, errlen, "no input or output buffer to decompress");
		return -1;
	}
	if (decompress_supported(m) && decompress_detect(in, len) != m)
		return corrupt(&j, "no magic");
	switch (m) {
	case DECOMPRESS_GZIP:
		return run_gzip(&j, in, len, out, out_len, used);
	case DECOMPRESS_XZ: case DECOMPRESS_LZMA:
		return run_lzma(&j, in, len, out, out_len, used);
	case DECOMPRESS_LZ4_LEGACY:
		return run_lz4_legacy(&j, in, len, out, out_len, used);
	case DECOMPRESS_LZ4_FRAME:
		return run_lz4_frame(&j, in, len, out, out_len, used);
	case DECOMPRESS_ZSTD:
		return run_zstd(&j, in, len, out, out_len, used);
	default:
		if (err && errlen)
			snprintf(err, errlen, "%s compression is not supported",
				 decompress_method_name(m));
		return -1;
	}
}
