/* SPDX-License-Identifier: MIT */
/*
 * A cache of inflated kernels (issue 8), hosted only. Inflating a kernel
 * costs about as many instructions as the guest's own decompressor would
 * (liblzma: ~1.6 G for Debian's 20 MiB armhf kernel); a boot of a kernel
 * seen before maps the inflated copy instead.
 *
 * An entry is DIR/<checksum>-<file size>-<arch><mode>.kernel, the checksum
 * the file's CRC-32C and CRC-32 in 16 hex digits (file_checksum.h); a
 * header (magic, what decompress_kernel() returned) and the inflated
 * kernel. It is written to a temporary file and renamed into place, so a
 * reader sees a whole entry or none; one whose size disagrees with its
 * header is ignored. The cache never fails a boot: a miss, an unreadable
 * entry or a failed write just means inflating.
 */
#ifndef ARMVM_MACHINE_DECOMPRESS_CACHE_H
#define ARMVM_MACHINE_DECOMPRESS_CACHE_H

#include <stdbool.h>
#include <stddef.h>

#include "machine/decompress_kernel.h"

/* On a hit fill *out (out->buf maps the entry; free it with
 * decompressed_kernel_free()) and return true. */
bool decompress_cache_load(const char *dir, enum machine_arch arch,
			   enum decompress_mode mode, const void *file, size_t len,
			   struct decompressed_kernel *out);
/* Store what decompress_kernel() inflated from `file` (nothing if it
 * inflated nothing). Creates dir (one level) if needed. */
void decompress_cache_store(const char *dir, enum machine_arch arch,
			    enum decompress_mode mode, const void *file, size_t len,
			    const struct decompressed_kernel *k);

#endif
