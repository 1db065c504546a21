/* SPDX-License-Identifier: MIT */
/*
 * The checksum that names a file's entry in the cache of inflated kernels
 * (decompress_cache.h), hosted only: CRC-32C (Castagnoli) in the high half,
 * CRC-32 (IEEE 802.3, zlib's) in the low half. The two polynomials are
 * coprime, so together they detect what one CRC of degree 64 would.
 *
 * Why not one CRC-64 (liblzma's, used before): its table-driven loop costs
 * about 5 instructions a byte, 27 M instructions for Debian's 5 MiB armhf
 * zImage on every warm boot, more than mapping and copying the 20 MiB
 * kernel it finds. Armv8's CRC32 instructions (FEAT_CRC32, CRC32X and
 * CRC32CX: 8 bytes each) do both in under 1 instruction a byte. Without
 * them (HWCAP_CRC32 clear, or another host architecture) the same values
 * come from zlib's crc32() and a table: slower, never different.
 */
#ifndef ARMVM_MACHINE_FILE_CHECKSUM_H
#define ARMVM_MACHINE_FILE_CHECKSUM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* (CRC-32C << 32) | CRC-32 of p[0..n), each with the usual initial and
 * final inversion (CRC-32C of "123456789" is 0xe3069283, CRC-32's
 * 0xcbf43926). */
uint64_t file_checksum(const void *p, size_t n);

/* The same, computed without the CPU's CRC instructions (for the tests:
 * both ways must agree). */
uint64_t file_checksum_portable(const void *p, size_t n);

/* Whether file_checksum() uses the CPU's CRC32 instructions here. */
bool file_checksum_hw(void);

#endif
