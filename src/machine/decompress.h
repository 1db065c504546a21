/* SPDX-License-Identifier: MIT */
/*
 * Whole-buffer decompression of kernel payloads with the libraries Debian
 * ships (zlib, liblzma, liblz4, libzstd). Hosted only (host and arm64
 * targets, never EL2: see the Makefile's head comment).
 *
 * Methods are recognised by their magic, as the kernel's own
 * lib/decompress.c does; the recognised-but-unsupported ones (LZO, bzip2)
 * are named so a caller can fall back or say why not.
 *
 * decompress_buffer() returns 0 on success or -1 with a one-line message in
 * err[0..errlen) naming the problem (truncated, corrupt, too large).
 */
#ifndef ARMVM_MACHINE_DECOMPRESS_H
#define ARMVM_MACHINE_DECOMPRESS_H

#include <stdbool.h>
#include <stddef.h>

enum decompress_method {
	DECOMPRESS_NONE = 0,     /* no known compression magic */
	DECOMPRESS_GZIP,         /* 1f 8b 08 (RFC 1952) */
	DECOMPRESS_XZ,           /* fd '7zXZ' 00 */
	DECOMPRESS_LZMA,         /* 5d 00 00: lzma_alone, as `lzma -9` writes */
	DECOMPRESS_LZ4_LEGACY,   /* 02 21 4c 18: `lz4 -l`, the kernel's format */
	DECOMPRESS_LZ4_FRAME,    /* 04 22 4d 18 */
	DECOMPRESS_ZSTD,         /* 28 b5 2f fd */
	DECOMPRESS_LZO,          /* 89 'LZO': recognised, not supported */
	DECOMPRESS_BZIP2,        /* 'BZh': recognised, not supported */
};

/* The method whose magic starts p[0..len), or DECOMPRESS_NONE. */
enum decompress_method decompress_detect(const void *p, size_t len);
/* "gzip", "xz", "lzma", "lz4", "zstd", "lzo", "bzip2", "none" */
const char *decompress_method_name(enum decompress_method m);
bool decompress_supported(enum decompress_method m);

/*
 * Decompress the one stream at in[0..len) into out[0..cap). On success
 * *out_len is the decompressed size and *used (may be NULL) the input
 * bytes the stream took (trailing bytes are the caller's to judge).
 * Output that would exceed cap is an error naming `cap_what` (e.g. "the
 * 256 MiB of guest RAM"; NULL: the byte count).
 */
int decompress_buffer(enum decompress_method m, const void *in, size_t len,
		      void *out, size_t cap, const char *cap_what,
		      size_t *out_len, size_t *used, char *err, size_t errlen);

#endif
