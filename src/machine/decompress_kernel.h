/* SPDX-License-Identifier: MIT */
/*
 * Native kernel decompression before loading (issue 8). Hosted only (it
 * links zlib, liblzma, liblz4, libzstd): armvm and el2-build call it, then
 * hand what it returns to machine_boot().
 *
 *   - A whole file in a compressed format (Image.gz, .xz, .lzma, .lz4,
 *     .zst): inflated into a buffer no larger than guest RAM; the result is
 *     loaded as what it is (an arm64 Image, an ELF, or a zImage, which is
 *     then treated as below).
 *   - An arm32 zImage (AArch32 guests): its payload is found as the
 *     kernel's decompressor finds it (arch/arm/boot/compressed: the KLSZ
 *     table gives the offset of the size word that ends piggy_data; the
 *     compressed stream runs from its magic, after the table, to there) and
 *     inflated to the arm32 Image, loaded at RAM base + TEXT_OFFSET and
 *     entered directly. A payload in a method not supported here (LZO,
 *     or no KLSZ table) is left to the zImage's own decompressor, as is
 *     every zImage in DECOMPRESS_MODE_GUEST.
 *
 * Bad input (truncated, corrupt, unknown method, output larger than guest
 * RAM) is an error: -1 with one line in err.
 */
#ifndef ARMVM_MACHINE_DECOMPRESS_KERNEL_H
#define ARMVM_MACHINE_DECOMPRESS_KERNEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "machine/decompress.h"
#include "machine/machine.h"

enum decompress_mode {
	DECOMPRESS_MODE_AUTO = 0,    /* natively where understood */
	DECOMPRESS_MODE_GUEST,       /* a zImage decompresses itself */
};

struct decompressed_kernel {
	const void *image;           /* what to load: the file, or buf */
	size_t image_size;
	void *buf;                   /* the inflated kernel (NULL: none) */
	size_t buf_cap;
	enum decompress_method file_method;     /* the whole file's */
	enum decompress_method payload_method;  /* a zImage payload's */
	/* A zImage's payload, inflated: an arm32 Image for
	 * machine_boot_spec.arm32_image. */
	bool arm32_image;
	uint64_t text_offset;
	uint64_t bss_size;
};

/*
 * Prepare `file` for loading into a guest of `arch` with ram_size bytes of
 * RAM. 0 with *out filled (out->image is the file itself when nothing was
 * to be decompressed), or -1 with err. Free with decompressed_kernel_free().
 */
int decompress_kernel(enum machine_arch arch, const void *file, size_t len,
		      uint64_t ram_size, enum decompress_mode mode,
		      struct decompressed_kernel *out, char *err, size_t errlen);
void decompressed_kernel_free(struct decompressed_kernel *k);

#endif
