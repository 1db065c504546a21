/* SPDX-License-Identifier: MIT */
/* virtio-console (single port) and virtio-rng. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "dev/virtio_console.h"
#include "dev/virtio_rng.h"
#include "dev/virtio_spec.h"
#include "virtio_fake.h"

static struct virtio_console con;
static struct virtio_rng rng;
static struct fake_drv drv;

static char out[256];
static size_t out_len;
static const char *input;
static size_t input_left;

static void sink_write(void *c, const uint8_t *buf, size_t len)
{
	(void)c;
	memcpy(out + out_len, buf, len);
	out_len += len;
}

static long in_read(void *c, uint8_t *buf, size_t len)
{
	(void)c;
	if (len > input_left)
		len = input_left;
	memcpy(buf, input, len);
	input += len;
	input_left -= len;
	return (long)len;
}

static void set_input(const char *s)
{
	input = s;
	input_left = strlen(s);
}

static int setup_console(void **state)
{
	struct virtio_mmio_params p = fake_params("virtio-console0");
	struct dev_byte_sink sink = { .write = sink_write };
	struct virtio_console_input in = { .read = in_read };

	(void)state;
	fake_reset();
	memset(out, 0, sizeof(out));
	out_len = 0;
	set_input("");
	virtio_console_init(&con, &p, &sink, &in);
	drv_init(&drv, &con.transport, 2, 8, false);
	return 0;
}

static void test_console_identity(void **state)
{
	(void)state;
	assert_int_equal(drv_rd(&drv, VIRTIO_MMIO_DEVICE_ID), VIRTIO_ID_CONSOLE);
	/* No multiport: max_nr_ports etc. read as zero. */
	assert_int_equal(virtio_mmio_read(&con.transport, VIRTIO_MMIO_CONFIG + 4, 4), 0);
}

static void test_console_output(void **state)
{
	uint64_t a = fake_alloc(6, 1), b = fake_alloc(7, 1);
	struct fake_buf bufs[2] = { { a, 6, false }, { b, 7, false } };
	uint32_t id, len;

	(void)state;
	memcpy(fake_ptr(a), "hello ", 6);
	memcpy(fake_ptr(b), "world\r\n", 7);
	drv_submit(&drv, VIRTIO_CONSOLE_TXQ, bufs, 2);
	assert_string_equal(out, "hello world\r\n");
	assert_true(drv_used(&drv, VIRTIO_CONSOLE_TXQ, &id, &len));
	assert_int_equal(len, 0);
	assert_true(fake.irq_level);
}

static void test_console_input(void **state)
{
	struct fake_buf b = { fake_alloc(16, 1), 16, true };
	uint32_t id, len;

	(void)state;
	drv_submit(&drv, VIRTIO_CONSOLE_RXQ, &b, 1);
	assert_false(drv_used(&drv, VIRTIO_CONSOLE_RXQ, &id, &len));
	set_input("ls -l\n");
	assert_int_equal(virtio_console_receive(&con), VIRTIO_Q_NEED_BUFFERS);
	assert_true(drv_used(&drv, VIRTIO_CONSOLE_RXQ, &id, &len));
	assert_int_equal(len, 6);
	assert_memory_equal(fake_ptr(b.gpa), "ls -l\n", 6);
}

static void test_console_input_without_buffers(void **state)
{
	struct fake_buf b = { fake_alloc(4, 1), 4, true };
	uint32_t id, len;

	(void)state;
	set_input("abcdef");
	assert_int_equal(virtio_console_receive(&con), VIRTIO_Q_NEED_BUFFERS);
	assert_int_equal(input_left, 6);
	/* Small buffers: the rest stays in the back end for the next one. */
	drv_submit(&drv, VIRTIO_CONSOLE_RXQ, &b, 1);
	assert_true(drv_used(&drv, VIRTIO_CONSOLE_RXQ, &id, &len));
	assert_int_equal(len, 4);
	assert_int_equal(input_left, 2);
	b.gpa = fake_alloc(4, 1);
	drv_submit(&drv, VIRTIO_CONSOLE_RXQ, &b, 1);
	assert_true(drv_used(&drv, VIRTIO_CONSOLE_RXQ, &id, &len));
	assert_int_equal(len, 2);
	assert_memory_equal(fake_ptr(b.gpa), "ef", 2);
}

static void test_console_output_only(void **state)
{
	struct virtio_mmio_params p = fake_params("virtio-console0");
	struct dev_byte_sink sink = { .write = sink_write };
	struct fake_buf b = { fake_alloc(16, 1), 16, true };
	uint32_t id, len;

	(void)state;
	virtio_console_init(&con, &p, &sink, NULL);
	drv_init(&drv, &con.transport, 2, 8, false);
	drv_submit(&drv, VIRTIO_CONSOLE_RXQ, &b, 1);
	assert_int_equal(virtio_console_receive(&con), VIRTIO_Q_DONE);
	assert_false(drv_used(&drv, VIRTIO_CONSOLE_RXQ, &id, &len));
}

static size_t rng_budget;
static uint8_t rng_next;

static size_t rng_fill(void *c, uint8_t *buf, size_t len)
{
	(void)c;
	if (len > rng_budget)
		len = rng_budget;
	for (size_t i = 0; i < len; i++)
		buf[i] = rng_next++;
	rng_budget -= len;
	return len;
}

static int setup_rng(void **state)
{
	struct virtio_mmio_params p = fake_params("virtio-rng0");
	struct virtio_rng_backend be = { .fill = rng_fill };

	(void)state;
	fake_reset();
	rng_budget = 1 << 20;
	rng_next = 1;
	virtio_rng_init(&rng, &p, &be);
	drv_init(&drv, &rng.transport, 1, 8, false);
	return 0;
}

static void test_rng_fills_buffers(void **state)
{
	uint64_t a = fake_alloc(10, 1), b = fake_alloc(20, 1);
	struct fake_buf bufs[2] = { { a, 10, true }, { b, 20, true } };
	uint32_t id, len;

	(void)state;
	assert_int_equal(drv_rd(&drv, VIRTIO_MMIO_DEVICE_ID), VIRTIO_ID_ENTROPY);
	drv_submit(&drv, 0, bufs, 2);
	assert_true(drv_used(&drv, 0, &id, &len));
	assert_int_equal(len, 30);
	assert_int_equal(((uint8_t *)fake_ptr(a))[0], 1);
	assert_int_equal(((uint8_t *)fake_ptr(b))[19], 30);
}

static void test_rng_short_entropy(void **state)
{
	struct fake_buf b = { fake_alloc(64, 1), 64, true };
	uint32_t id, len;

	(void)state;
	rng_budget = 5;
	drv_submit(&drv, 0, &b, 1);
	assert_true(drv_used(&drv, 0, &id, &len));
	assert_int_equal(len, 5);
	assert_int_equal(((uint8_t *)fake_ptr(b.gpa))[5], 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_console_identity, setup_console),
		cmocka_unit_test_setup(test_console_output, setup_console),
		cmocka_unit_test_setup(test_console_input, setup_console),
		cmocka_unit_test_setup(test_console_input_without_buffers, setup_console),
		cmocka_unit_test_setup(test_console_output_only, setup_console),
		cmocka_unit_test_setup(test_rng_fills_buffers, setup_rng),
		cmocka_unit_test_setup(test_rng_short_entropy, setup_rng),
	};
	return cmocka_run_group_tests_name("virtio_console_rng", tests, NULL, NULL);
}
