// SPDX-License-Identifier: MIT
/* PL031 model: counter from the clock, load, match interrupt, IDs. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "dev/pl031.h"
#include "dev/pl031_regs.h"
#include "fake_host.h"

#define SPI 2

struct fixture {
	struct fake_host f;
	uint64_t now;
	struct pl031 r;
};

static uint64_t fake_seconds(void *ctx)
{
	return *(uint64_t *)ctx;
}

static int setup(void **state)
{
	static struct fixture fx;
	struct dev_host host;
	struct pl031_clock clock;

	memset(&fx, 0, sizeof(fx));
	fx.now = 1700000000;
	host = fake_dev_host(&fx.f);
	clock = (struct pl031_clock){ .ctx = &fx.now, .seconds = fake_seconds };
	pl031_init(&fx.r, 0x09010000, SPI, &host, &clock);
	*state = &fx;
	return 0;
}

static uint32_t rd(struct pl031 *r, uint64_t off)
{
	return (uint32_t)r->region.read(r->region.dev, off, 4);
}

static void wr(struct pl031 *r, uint64_t off, uint32_t v)
{
	r->region.write(r->region.dev, off, 4, v);
}

static void test_region_and_ids(void **state)
{
	struct fixture *fx = *state;
	static const uint8_t want[8] = { 0x31, 0x10, 0x14, 0x00,
					 0x0d, 0xf0, 0x05, 0xb1 };

	assert_string_equal(fx->r.region.name, "pl031");
	assert_int_equal(fx->r.region.base, 0x09010000);
	for (int i = 0; i < 8; i++)
		assert_int_equal(rd(&fx->r, 0xfe0 + 4 * i), want[i]);
}

static void test_counter_follows_clock(void **state)
{
	struct fixture *fx = *state;

	assert_int_equal(rd(&fx->r, RTCDR), 1700000000);
	fx->now += 5;
	assert_int_equal(rd(&fx->r, RTCDR), 1700000005);
	assert_int_equal(rd(&fx->r, RTCCR), RTCCR_START);
}

static void test_load_sets_counter(void **state)
{
	struct fixture *fx = *state;

	wr(&fx->r, RTCLR, 1000);
	assert_int_equal(rd(&fx->r, RTCDR), 1000);
	fx->now += 7;
	assert_int_equal(rd(&fx->r, RTCDR), 1007);
	/* Wraps like a 32-bit counter. */
	wr(&fx->r, RTCLR, 0xfffffffe);
	fx->now += 3;
	assert_int_equal(rd(&fx->r, RTCDR), 1);
}

static void test_match_interrupt(void **state)
{
	struct fixture *fx = *state;

	wr(&fx->r, RTCIMSC, RTCINT_MATCH);
	wr(&fx->r, RTCMR, 1700000010);
	assert_int_equal(pl031_seconds_to_match(&fx->r), 10);
	fx->now += 9;
	pl031_tick(&fx->r);
	assert_false(fx->f.level[SPI]);
	assert_int_equal(rd(&fx->r, RTCRIS), 0);
	/* Passing the match between two checks still counts. */
	fx->now += 30;
	pl031_tick(&fx->r);
	assert_true(fx->f.level[SPI]);
	assert_int_equal(rd(&fx->r, RTCMIS), RTCINT_MATCH);
	wr(&fx->r, RTCICR, RTCINT_MATCH);
	assert_false(fx->f.level[SPI]);
	/* It does not fire again until the counter comes round. */
	fx->now += 100;
	pl031_tick(&fx->r);
	assert_int_equal(rd(&fx->r, RTCRIS), 0);
}

static void test_match_checked_on_access(void **state)
{
	struct fixture *fx = *state;

	wr(&fx->r, RTCMR, 1700000002);
	fx->now += 2;
	/* Masked: RIS set, line low. */
	assert_int_equal(rd(&fx->r, RTCRIS), RTCINT_MATCH);
	assert_false(fx->f.level[SPI]);
	assert_int_equal(pl031_seconds_to_match(&fx->r), UINT64_MAX);
	wr(&fx->r, RTCIMSC, RTCINT_MATCH);
	assert_true(fx->f.level[SPI]);
}

static void test_match_now(void **state)
{
	struct fixture *fx = *state;

	wr(&fx->r, RTCIMSC, RTCINT_MATCH);
	wr(&fx->r, RTCMR, 1700000000);          /* equals the counter */
	assert_true(fx->f.level[SPI]);
	wr(&fx->r, RTCICR, 1);
	/* Loading the match value fires too. */
	wr(&fx->r, RTCLR, 1700000000);
	assert_true(fx->f.level[SPI]);
}

static void test_cr_cannot_stop(void **state)
{
	struct fixture *fx = *state;

	wr(&fx->r, RTCCR, 0);
	assert_int_equal(rd(&fx->r, RTCCR), RTCCR_START);
}

static void test_guest_garbage(void **state)
{
	struct fixture *fx = *state;

	assert_int_equal(fx->r.region.read(&fx->r, RTCDR, 1), 0);   /* size */
	assert_int_equal(fx->r.region.read(&fx->r, 0x2, 4), 0);     /* unaligned */
	assert_int_equal(fx->r.region.read(&fx->r, 0x20, 4), 0);    /* reserved */
	fx->r.region.write(&fx->r, RTCDR, 4, 5);                    /* read-only */
	fx->r.region.write(&fx->r, 0x2000, 4, 5);                   /* past end */
	assert_int_equal(fx->r.bad_accesses, 5);
	assert_int_equal(fx->f.logs, 5);
	assert_non_null(strstr(fx->f.last_log, "pl031:"));
	assert_int_equal(rd(&fx->r, RTCDR), 1700000000);
}

static void test_no_clock(void **state)
{
	struct pl031 r;

	(void)state;
	pl031_init(&r, 0, 2, NULL, NULL);
	assert_int_equal(pl031_read(&r, RTCDR, 4), 0);
	pl031_write(&r, RTCLR, 4, 42);
	assert_int_equal(pl031_read(&r, RTCDR, 4), 42);
	pl031_write(&r, 0x44, 4, 0);            /* no log hook: fine */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_region_and_ids, setup),
		cmocka_unit_test_setup(test_counter_follows_clock, setup),
		cmocka_unit_test_setup(test_load_sets_counter, setup),
		cmocka_unit_test_setup(test_match_interrupt, setup),
		cmocka_unit_test_setup(test_match_checked_on_access, setup),
		cmocka_unit_test_setup(test_match_now, setup),
		cmocka_unit_test_setup(test_cr_cannot_stop, setup),
		cmocka_unit_test_setup(test_guest_garbage, setup),
		cmocka_unit_test(test_no_clock),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
