// SPDX-License-Identifier: MIT
/* CRC-32C and CRC-32 of a file's bytes: see file_checksum.h. */
#include <string.h>
#include <zlib.h>

#include "machine/file_checksum.h"

#if defined(__aarch64__) && defined(__linux__) && !defined(__AARCH64EB__)
#include <sys/auxv.h>
#include <asm/hwcap.h>
#define CHECKSUM_HW 1
#endif

#define CRC32C_POLY_REFLECTED 0x82f63b78u   /* Castagnoli, bit-reversed */

static uint32_t crc32c_portable(const uint8_t *b, size_t n)
{
	uint32_t table[256];
	for (uint32_t i = 0; i < 256; i++) {
		uint32_t c = i;
		for (int k = 0; k < 8; k++)
			c = (c >> 1) ^ (CRC32C_POLY_REFLECTED & (0u - (c & 1)));
		table[i] = c;
	}
	uint32_t c = ~0u;
	while (n--)
		c = table[(c ^ *b++) & 0xff] ^ (c >> 8);
	return ~c;
}

static uint32_t crc32_ieee(const uint8_t *b, size_t n)
{
	uLong c = crc32(0L, Z_NULL, 0);
	/* zlib takes uInt lengths: feed it in pieces. */
	while (n) {
		uInt piece = n > (1u << 30) ? 1u << 30 : (uInt)n;
		c = crc32(c, b, piece);
		b += piece;
		n -= piece;
	}
	return (uint32_t)c;
}

uint64_t file_checksum_portable(const void *p, size_t n)
{
	return (uint64_t)crc32c_portable(p, n) << 32 | crc32_ieee(p, n);
}

#ifdef CHECKSUM_HW
/* The assembler is told about the CRC extension here, not by -march, so
 * the rest of armvm still runs on a CPU without it. Little-endian only: the
 * CRCs take the bytes in memory order, the instructions a register's from
 * its low byte up. */
static uint64_t checksum_hw(const uint8_t *b, size_t n)
{
	uint32_t c = ~0u, i = ~0u;
	/* 32 bytes a round: about 13 instructions. */
	while (n >= 32) {
		uint64_t v[4];
		memcpy(v, b, 32);          /* unaligned, little-endian */
		__asm__(".arch_extension crc\n\t"
			"crc32cx %w0, %w0, %x2\n\tcrc32x %w1, %w1, %x2\n\t"
			"crc32cx %w0, %w0, %x3\n\tcrc32x %w1, %w1, %x3\n\t"
			"crc32cx %w0, %w0, %x4\n\tcrc32x %w1, %w1, %x4\n\t"
			"crc32cx %w0, %w0, %x5\n\tcrc32x %w1, %w1, %x5"
			: "+r"(c), "+r"(i) : "r"(v[0]), "r"(v[1]), "r"(v[2]), "r"(v[3]));
		b += 32;
		n -= 32;
	}
	while (n--) {
		uint32_t v = *b++;
		__asm__(".arch_extension crc\n\t"
			"crc32cb %w0, %w0, %w2\n\tcrc32b %w1, %w1, %w2"
			: "+r"(c), "+r"(i) : "r"(v));
	}
	return (uint64_t)~c << 32 | (uint32_t)~i;
}
#endif

bool file_checksum_hw(void)
{
#ifdef CHECKSUM_HW
	return (getauxval(AT_HWCAP) & HWCAP_CRC32) != 0;
#else
	return false;
#endif
}

uint64_t file_checksum(const void *p, size_t n)
{
#ifdef CHECKSUM_HW
	if (file_checksum_hw())
		return checksum_hw(p, n);
#endif
	return file_checksum_portable(p, n);
}
