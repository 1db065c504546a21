// SPDX-License-Identifier: MIT
/*
 * The cache key's checksum (machine/file_checksum.h): CRC-32C and CRC-32 of
 * the standard check input, of nothing, and file_checksum() agreeing with
 * the portable computation at every length around its 32-byte rounds and
 * at every alignment (on an arm64 host with FEAT_CRC32 that compares the
 * CRC32 instructions with the table; lab 57 checks an entry's name made
 * there).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>

#include "machine/file_checksum.h"

static void test_check_values(void **state)
{
	(void)state;
	/* The "check" values of both CRCs (Rocksoft model: CRC-32C, CRC-32). */
	assert_int_equal(file_checksum_portable("123456789", 9), 0xe3069283cbf43926ULL);
	assert_int_equal(file_checksum("123456789", 9), 0xe3069283cbf43926ULL);
	assert_int_equal(file_checksum_portable("", 0), 0);
	assert_int_equal(file_checksum("", 0), 0);
	/* 32 bytes of zeros: CRC-32C 0x8a9136aa (RFC 3720 B.4), CRC-32 0x190a55ad. */
	static const uint8_t zeros[32];
	assert_int_equal(file_checksum(zeros, 32), 0x8a9136aa190a55adULL);
}

static void test_lengths_and_alignment(void **state)
{
	uint8_t buf[300];
	(void)state;
	for (unsigned i = 0; i < sizeof(buf); i++)
		buf[i] = (uint8_t)(i * 131 + 7);
	for (size_t off = 0; off < 8; off++)
		for (size_t n = 0; n + off <= sizeof(buf); n++)
			assert_int_equal(file_checksum(buf + off, n),
					 file_checksum_portable(buf + off, n));
	/* One bit anywhere changes it. */
	uint64_t all = file_checksum(buf, sizeof(buf));
	buf[257] ^= 0x10;
	assert_int_not_equal(file_checksum(buf, sizeof(buf)), all);
}

/* The file lab 57 makes (a gzip "stored" member holding a 4 KiB arm64 Image
 * header and zeros) and the entry name it expects armvm to give it there. */
static void test_lab_file(void **state)
{
	static uint8_t gz[4119];
	static const uint8_t head[15] = { 0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3,
					  1, 0x00, 0x10, 0xff, 0xef };
	static const uint8_t image[64] = {
		[0] = 0x10, [3] = 0x14,                 /* code0 */
		[16 + 1] = 0x10,                        /* image_size 4096 */
		[24] = 0x0a,                            /* flags */
		[56] = 'A', [57] = 'R', [58] = 'M', [59] = 0x64,
	};
	static const uint8_t tail[8] = { 0xb5, 0xf5, 0xc9, 0x1d, 0x00, 0x10, 0, 0 };
	(void)state;
	memcpy(gz, head, sizeof(head));
	memcpy(gz + sizeof(head), image, sizeof(image));
	memcpy(gz + sizeof(gz) - sizeof(tail), tail, sizeof(tail));
	assert_int_equal(file_checksum_portable(gz, sizeof(gz)), 0x12262d3a5ee3be21ULL);
	assert_int_equal(file_checksum(gz, sizeof(gz)), 0x12262d3a5ee3be21ULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_check_values),
		cmocka_unit_test(test_lengths_and_alignment),
		cmocka_unit_test(test_lab_file),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
