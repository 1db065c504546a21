// SPDX-License-Identifier: MIT
/*
 * The per-VM budget of guest-triggered lines (dev_log.h; issue 14 defect 1):
 * a guest that re-arms a device's own limit (the test device's LOG_RESET)
 * or writes boot marks in a loop gets a bounded number of host lines, the
 * rest counted for the final "N more suppressed" line.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "dev/bootmark.h"
#include "dev/dev_log.h"
#include "dev/testdev.h"
#include "fake_host.h"

static struct fake_host f;
static struct dev_log_limit limit;
static unsigned marks;

static void on_mark(void *ctx, uint64_t value, unsigned index)
{
	(void)ctx;
	(void)value;
	(void)index;
	marks++;
}

static struct dev_host limited_host(void)
{
	struct dev_host h = fake_dev_host(&f);

	memset(&f, 0, sizeof(f));
	marks = 0;
	dev_log_limit_init(&limit, DEV_LOG_VM_BUDGET);
	h.limit = &limit;
	return h;
}

/* Bad accesses, LOG_RESET, bad accesses...: the device's own limit is
 * re-armed each round, the VM's is not. */
static void test_testdev_log_reset_flood(void **state)
{
	static struct testdev t;
	struct dev_host h = limited_host();

	(void)state;
	testdev_init(&t, 0x0b000000, &h);
	for (unsigned round = 0; round < 1000; round++) {
		for (unsigned i = 0; i < 4; i++)
			t.region.write(&t, 0xf00, 4, 0);     /* no register there */
		t.region.write(&t, 0x808, 4, 0);             /* LOG_RESET */
	}
	assert_int_equal(f.logs, DEV_LOG_VM_BUDGET);
	assert_int_equal(dev_log_limit_suppressed(&limit), 4000 - DEV_LOG_VM_BUDGET);
}

static void test_bootmark_flood(void **state)
{
	static struct bootmark b;
	struct dev_host h = limited_host();
	struct bootmark_sink sink = { .ctx = NULL, .marked = on_mark };

	(void)state;
	bootmark_init(&b, 0x0b001000, &h, &sink);
	for (unsigned i = 0; i < 5000; i++)
		b.region.write(&b, 0, 4, i);
	assert_int_equal(marks, DEV_LOG_VM_BUDGET);
	assert_int_equal(dev_log_limit_suppressed(&limit), 5000 - DEV_LOG_VM_BUDGET);
	/* The device still counts every mark; only the printing stops. */
	assert_int_equal(b.region.read(&b, 0, 4), 5000);
}

/* One budget for the whole VM: two devices share it. */
static void test_shared_by_devices(void **state)
{
	static struct bootmark b;
	static struct testdev t;
	struct dev_host h = limited_host();
	struct bootmark_sink sink = { .ctx = NULL, .marked = on_mark };

	(void)state;
	bootmark_init(&b, 0x0b001000, &h, &sink);
	testdev_init(&t, 0x0b000000, &h);
	for (unsigned i = 0; i < 150; i++)
		b.region.write(&b, 0, 4, i);
	for (unsigned i = 0; i < 2000; i++) {
		t.region.write(&t, 0xf00, 4, 0);
		t.region.write(&t, 0x808, 4, 0);
	}
	assert_int_equal(marks + f.logs, DEV_LOG_VM_BUDGET);
	assert_int_equal(marks, 150);
	assert_int_equal(dev_log_limit_suppressed(&limit), 2150 - DEV_LOG_VM_BUDGET);
}

/* Without a limit (NULL) every line passes, as before. */
static void test_no_limit(void **state)
{
	static struct testdev t;
	struct dev_host h = fake_dev_host(&f);

	(void)state;
	memset(&f, 0, sizeof(f));
	testdev_init(&t, 0x0b000000, &h);
	for (unsigned i = 0; i < 300; i++) {
		t.region.write(&t, 0xf00, 4, 0);
		t.region.write(&t, 0x808, 4, 0);
	}
	assert_int_equal(f.logs, 300);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_testdev_log_reset_flood),
		cmocka_unit_test(test_bootmark_flood),
		cmocka_unit_test(test_shared_by_devices),
		cmocka_unit_test(test_no_limit),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
