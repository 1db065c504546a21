// SPDX-License-Identifier: MIT
/* Boot marker: marks reach the engine's callback, garbage does not. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "dev/bootmark.h"
#include "fake_host.h"

struct fixture {
	struct fake_host f;
	struct bootmark b;
	unsigned marks;
	uint64_t last_value;
	unsigned last_index;
};

static void on_mark(void *ctx, uint64_t value, unsigned index)
{
	struct fixture *fx = ctx;

	fx->marks++;
	fx->last_value = value;
	fx->last_index = index;
}

static int setup(void **state)
{
	static struct fixture fx;
	struct dev_host host;
	struct bootmark_sink sink;

	memset(&fx, 0, sizeof(fx));
	host = fake_dev_host(&fx.f);
	sink = (struct bootmark_sink){ .ctx = &fx, .marked = on_mark };
	bootmark_init(&fx.b, 0x0b001000, &host, &sink);
	*state = &fx;
	return 0;
}

static void test_region(void **state)
{
	struct fixture *fx = *state;

	assert_string_equal(fx->b.region.name, "bootmark");
	assert_int_equal(fx->b.region.base, 0x0b001000);
	assert_int_equal(fx->b.region.size, 0x1000);
}

static void test_marks(void **state)
{
	struct fixture *fx = *state;

	assert_int_equal(fx->b.region.read(&fx->b, 0, 4), 0);
	fx->b.region.write(&fx->b, 0, 4, 123);
	assert_int_equal(fx->marks, 1);
	assert_int_equal(fx->last_value, 123);
	assert_int_equal(fx->last_index, 0);
	fx->b.region.write(&fx->b, 0, 1, 0x1ff);     /* byte write: 0xff */
	assert_int_equal(fx->marks, 2);
	assert_int_equal(fx->last_value, 0xff);
	assert_int_equal(fx->last_index, 1);
	fx->b.region.write(&fx->b, 0, 8, UINT64_MAX);
	assert_int_equal(fx->last_value, UINT64_MAX);
	assert_int_equal(fx->b.region.read(&fx->b, 0, 8), 3);
}

static void test_garbage_ignored(void **state)
{
	struct fixture *fx = *state;

	fx->b.region.write(&fx->b, 4, 4, 1);
	fx->b.region.write(&fx->b, 0, 3, 1);
	fx->b.region.write(&fx->b, 0xfff, 1, 1);
	assert_int_equal(fx->b.region.read(&fx->b, 8, 4), 0);
	assert_int_equal(fx->marks, 0);
	assert_int_equal(fx->b.count, 0);
	assert_int_equal(fx->b.bad_accesses, 4);
	assert_int_equal(fx->f.logs, 4);
	assert_non_null(strstr(fx->f.last_log, "bootmark: bad read"));
}

static void test_no_sink(void **state)
{
	struct bootmark b;

	(void)state;
	bootmark_init(&b, 0, NULL, NULL);
	bootmark_write(&b, 0, 4, 1);
	bootmark_write(&b, 4, 4, 1);
	assert_int_equal(bootmark_read(&b, 0, 4), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_region, setup),
		cmocka_unit_test_setup(test_marks, setup),
		cmocka_unit_test_setup(test_garbage_ignored, setup),
		cmocka_unit_test(test_no_sink),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
