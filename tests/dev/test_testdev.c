// SPDX-License-Identifier: MIT
/* The test device against docs/testdev.md. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "dev/testdev.h"
#include "fake_host.h"

struct fixture {
	struct fake_host f;
	struct testdev t;
};

static int setup(void **state)
{
	static struct fixture fx;
	struct dev_host host;

	memset(&fx, 0, sizeof(fx));
	host = fake_dev_host(&fx.f);
	testdev_init(&fx.t, 0x0b000000, &host);
	*state = &fx;
	return 0;
}

/*
 * Reference FNV-1a 64 written from the spec's words, independent of
 * testdev_hash.h: per access, 8 LE bytes of (dir<<63 | size<<56 | offset),
 * then 8 LE bytes of the value.
 */
static uint64_t ref_hash(uint64_t h, int write, unsigned size, uint64_t off,
			 uint64_t val)
{
	uint8_t bytes[16];
	uint64_t key = ((uint64_t)write << 63) | ((uint64_t)size << 56) | off;

	for (int i = 0; i < 8; i++) {
		bytes[i] = (uint8_t)(key >> (8 * i));
		bytes[8 + i] = (uint8_t)(val >> (8 * i));
	}
	for (int i = 0; i < 16; i++) {
		h ^= bytes[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

static void test_region_and_id(void **state)
{
	struct fixture *fx = *state;

	assert_string_equal(fx->t.region.name, "testdev");
	assert_int_equal(fx->t.region.base, 0x0b000000);
	assert_int_equal(fx->t.region.size, 0x1000);
	assert_int_equal(fx->t.region.read(&fx->t, 0x800, 4), 0x41524D56);
	assert_true(testdev_touched(&fx->t));   /* the read touched it */
	assert_int_equal(fx->t.bad, 0);
}

static void test_untouched(void **state)
{
	struct fixture *fx = *state;

	assert_false(testdev_touched(&fx->t));
}

static void test_scratch_is_little_endian_ram(void **state)
{
	struct fixture *fx = *state;
	void *d = &fx->t;

	fx->t.region.write(d, 0x10, 8, 0x1122334455667788ULL);
	assert_int_equal(fx->t.region.read(d, 0x10, 1), 0x88);
	assert_int_equal(fx->t.region.read(d, 0x12, 2), 0x5566);
	assert_int_equal(fx->t.region.read(d, 0x14, 4), 0x11223344);
	fx->t.region.write(d, 0x11, 1, 0xab);
	fx->t.region.write(d, 0x16, 2, 0xabcdef);     /* truncated to 16 bits */
	assert_int_equal(fx->t.region.read(d, 0x10, 8), 0xcdef33445566ab88ULL);
	fx->t.region.write(d, 0x7f8, 8, 42);          /* last slot */
	assert_int_equal(fx->t.region.read(d, 0x7f8, 8), 42);
}

static void test_counts_and_hash(void **state)
{
	struct fixture *fx = *state;
	void *d = &fx->t;
	uint64_t h = 0xcbf29ce484222325ULL;

	fx->t.region.write(d, 0x0, 1, 0x5a);
	h = ref_hash(h, 1, 1, 0x0, 0x5a);
	fx->t.region.write(d, 0x2, 2, 0x1234);
	h = ref_hash(h, 1, 2, 0x2, 0x1234);
	fx->t.region.write(d, 0x4, 4, 0xdeadbeef);
	h = ref_hash(h, 1, 4, 0x4, 0xdeadbeef);
	fx->t.region.write(d, 0x8, 8, 0x0123456789abcdefULL);
	h = ref_hash(h, 1, 8, 0x8, 0x0123456789abcdefULL);
	assert_int_equal(fx->t.region.read(d, 0x4, 4), 0xdeadbeef);
	h = ref_hash(h, 0, 4, 0x4, 0xdeadbeef);
	assert_int_equal(fx->t.region.read(d, 0x8, 8), 0x0123456789abcdefULL);
	h = ref_hash(h, 0, 8, 0x8, 0x0123456789abcdefULL);
	assert_int_equal(fx->t.region.read(d, 0x0, 1), 0x5a);
	h = ref_hash(h, 0, 1, 0x0, 0x5a);

	assert_int_equal(fx->t.writes[0], 1);
	assert_int_equal(fx->t.writes[1], 1);
	assert_int_equal(fx->t.writes[2], 1);
	assert_int_equal(fx->t.writes[3], 1);
	assert_int_equal(fx->t.reads[0], 1);
	assert_int_equal(fx->t.reads[1], 0);
	assert_int_equal(fx->t.reads[2], 1);
	assert_int_equal(fx->t.reads[3], 1);
	assert_int_equal(fx->t.hash, h);
	/* ID reads and doorbells are not part of the hash. */
	fx->t.region.read(d, 0x800, 4);
	fx->t.region.write(d, 0x810, 4, 1);
	assert_int_equal(fx->t.hash, h);
}

static void test_hash_depends_on_order(void **state)
{
	struct fixture *fx = *state;
	void *d = &fx->t;
	uint64_t h1;

	fx->t.region.write(d, 0x0, 4, 1);
	fx->t.region.write(d, 0x4, 4, 2);
	h1 = fx->t.hash;
	fx->t.region.write(d, 0x808, 4, 0);          /* LOG_RESET */
	fx->t.region.write(d, 0x4, 4, 2);
	fx->t.region.write(d, 0x0, 4, 1);
	assert_int_not_equal(fx->t.hash, h1);
}

static void test_doorbell_and_reset(void **state)
{
	struct fixture *fx = *state;
	void *d = &fx->t;

	fx->t.region.write(d, 0x810, 4, 0);
	fx->t.region.write(d, 0x810, 8, 0);
	fx->t.region.write(d, 0x810, 1, 0);
	assert_int_equal(fx->t.doorbell, 3);
	fx->t.region.write(d, 0x20, 4, 7);
	fx->t.region.read(d, 0x3, 2);                /* bad: unaligned */
	assert_int_equal(fx->t.bad, 1);
	fx->t.region.write(d, 0x808, 4, 0);
	assert_int_equal(fx->t.doorbell, 0);
	assert_int_equal(fx->t.bad, 0);
	assert_int_equal(fx->t.writes[2], 0);
	assert_int_equal(fx->t.hash, 0xcbf29ce484222325ULL);
	assert_true(testdev_touched(&fx->t));
	/* The reset clears the log, not the scratch contents. */
	assert_int_equal(fx->t.region.read(d, 0x20, 4), 7);
}

static void test_bad_accesses(void **state)
{
	struct fixture *fx = *state;
	void *d = &fx->t;

	assert_int_equal(fx->t.region.read(d, 0x1, 2), 0);       /* unaligned */
	assert_int_equal(fx->t.region.read(d, 0x4, 3), 0);       /* bad size */
	assert_int_equal(fx->t.region.read(d, 0x800, 8), 0);     /* ID is 32-bit */
	assert_int_equal(fx->t.region.read(d, 0x808, 4), 0);     /* write-only */
	assert_int_equal(fx->t.region.read(d, 0x810, 4), 0);     /* write-only */
	assert_int_equal(fx->t.region.read(d, 0x900, 4), 0);     /* reserved */
	fx->t.region.write(d, 0x800, 4, 1);                      /* write to ID */
	fx->t.region.write(d, 0x7fc, 8, 1);                      /* unaligned */
	fx->t.region.write(d, 0xffc, 4, 1);                      /* reserved */
	fx->t.region.write(d, 0x10000, 4, 1);                    /* past end */
	assert_int_equal(fx->t.bad, 10);
	assert_int_equal(fx->f.logs, 8);                         /* capped */
	for (int i = 0; i < 4; i++) {
		assert_int_equal(fx->t.reads[i], 0);
		assert_int_equal(fx->t.writes[i], 0);
	}
	assert_int_equal(fx->t.hash, 0xcbf29ce484222325ULL);
	assert_int_equal(fx->t.region.read(d, 0x800, 4), 0x41524D56);
}

static void test_summary_line(void **state)
{
	struct fixture *fx = *state;
	void *d = &fx->t;
	char line[TESTDEV_SUMMARY_MAX];
	char want[TESTDEV_SUMMARY_MAX];
	size_t n;

	fx->t.region.write(d, 0x0, 1, 1);
	fx->t.region.write(d, 0x8, 8, 2);
	fx->t.region.write(d, 0x8, 8, 3);
	fx->t.region.read(d, 0x8, 8);
	fx->t.region.read(d, 0x4, 4);
	fx->t.region.write(d, 0x810, 4, 0);
	fx->t.region.read(d, 0x5, 4);
	n = testdev_format_summary(&fx->t, line, sizeof(line));
	snprintf(want, sizeof(want),
		 "testdev: reads 1:0 2:0 4:1 8:1 writes 1:1 2:0 4:0 8:2 "
		 "doorbell 1 bad 1 hash %016llx",
		 (unsigned long long)fx->t.hash);
	assert_string_equal(line, want);
	assert_int_equal(n, strlen(want));
}

static void test_summary_truncates(void **state)
{
	struct fixture *fx = *state;
	char small[16];
	size_t n;

	memset(small, 'x', sizeof(small));
	n = testdev_format_summary(&fx->t, small, sizeof(small));
	assert_int_equal(strlen(small), sizeof(small) - 1);
	assert_memory_equal(small, "testdev: reads ", 15);
	assert_true(n > sizeof(small));
	/* Large counters fit in TESTDEV_SUMMARY_MAX. */
	for (int i = 0; i < 4; i++)
		fx->t.reads[i] = fx->t.writes[i] = UINT64_MAX;
	fx->t.doorbell = fx->t.bad = UINT64_MAX;
	char big[TESTDEV_SUMMARY_MAX];
	n = testdev_format_summary(&fx->t, big, sizeof(big));
	assert_true(n < sizeof(big));
	assert_int_equal(strlen(big), n);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_region_and_id, setup),
		cmocka_unit_test_setup(test_untouched, setup),
		cmocka_unit_test_setup(test_scratch_is_little_endian_ram, setup),
		cmocka_unit_test_setup(test_counts_and_hash, setup),
		cmocka_unit_test_setup(test_hash_depends_on_order, setup),
		cmocka_unit_test_setup(test_doorbell_and_reset, setup),
		cmocka_unit_test_setup(test_bad_accesses, setup),
		cmocka_unit_test_setup(test_summary_line, setup),
		cmocka_unit_test_setup(test_summary_truncates, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
