// SPDX-License-Identifier: MIT
/*
 * Device save/load hooks: for PL011, PL031, the test device and the boot
 * marker, state saved from a used device and loaded into a fresh one
 * behaves the same and saves to the same bytes; short, foreign or invalid
 * state is refused and leaves the device as it was. Through the registry
 * too (dev_registry.h).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "dev/dev_registry.h"
#include "dev/pl011_regs.h"
#include "dev/pl031_regs.h"
#include "fake_host.h"

static uint64_t clock_now = 1000;

static uint64_t fake_seconds(void *ctx)
{
	(void)ctx;
	return clock_now;
}

static const struct pl031_clock fake_clock = { NULL, fake_seconds };

/* save(a) into one buffer, load into b, save(b) into another: the same bytes. */
#define ROUND_TRIP(save, load, a, b) do {                                   \
		static uint8_t s1[DEV_STATE_MAX], s2[DEV_STATE_MAX];        \
		int n1 = save(a, s1, sizeof(s1));                           \
		assert_true(n1 > 0);                                        \
		assert_int_equal(load(b, s1, (size_t)n1), 0);               \
		int n2 = save(b, s2, sizeof(s2));                           \
		assert_int_equal(n1, n2);                                   \
		assert_memory_equal(s1, s2, (size_t)n1);                    \
		/* Short buffers: refused on both sides. */                 \
		assert_int_equal(save(a, s2, (size_t)n1 - 1), -1);          \
		assert_int_equal(load(b, s1, (size_t)n1 - 1), -1);          \
	} while (0)

static void test_pl011_round_trip(void **state)
{
	struct fake_host fa = { 0 }, fb = { 0 };
	struct dev_host ha = fake_dev_host(&fa), hb = fake_dev_host(&fb);
	struct dev_byte_sink oa = fake_sink(&fa), ob = fake_sink(&fb);
	static struct pl011 a, b;
	const uint8_t in[5] = "hello";

	(void)state;
	pl011_init(&a, 0x09000000, 1, &ha, &oa);
	pl011_init(&b, 0x09000000, 1, &hb, &ob);
	pl011_write(&a, UARTLCR_H, 4, UARTLCR_H_FEN | 0x60);
	pl011_write(&a, UARTIMSC, 4, UARTINT_RX | UARTINT_RT);
	pl011_write(&a, UARTIBRD, 4, 13);
	assert_int_equal(pl011_receive(&a, in, 5), 5);
	assert_int_equal(pl011_read(&a, UARTDR, 4), 'h');   /* FIFO head moves */
	ROUND_TRIP(pl011_save, pl011_load, &a, &b);
	/* The loaded UART goes on where the saved one was. */
	for (unsigned i = 1; i < 5; i++) {
		assert_int_equal(pl011_read(&b, UARTFR, 4), pl011_read(&a, UARTFR, 4));
		assert_int_equal(pl011_read(&b, UARTDR, 4), in[i]);
		assert_int_equal(pl011_read(&a, UARTDR, 4), in[i]);
	}
	assert_int_equal(pl011_read(&b, UARTIBRD, 4), 13);
	assert_int_equal(pl011_read(&b, UARTFR, 4) & UARTFR_RXFE, UARTFR_RXFE);
	/* Its engine wiring stayed its own: output goes to b's sink. */
	pl011_write(&b, UARTDR, 4, 'x');
	assert_int_equal(fb.out_len, 1);
	assert_int_equal(fa.out_len, 0);
}

static void test_pl011_refuses_bad_state(void **state)
{
	static struct pl011 a, b;
	static uint8_t buf[DEV_STATE_MAX], before[DEV_STATE_MAX], after[DEV_STATE_MAX];
	const uint8_t in[3] = "abc";

	(void)state;
	pl011_init(&a, 0x09000000, 1, NULL, NULL);
	pl011_init(&b, 0x09000000, 1, NULL, NULL);
	pl011_receive(&b, in, 3);
	int nb = pl011_save(&b, before, sizeof(before));
	int n = pl011_save(&a, buf, sizeof(buf));
	assert_true(n > 0);
	/* A FIFO count beyond the FIFO: refused, b unchanged. */
	buf[n - 12] = 0xff;
	assert_int_equal(pl011_load(&b, buf, (size_t)n), -1);
	assert_int_equal(pl011_save(&b, after, sizeof(after)), nb);
	assert_memory_equal(before, after, (size_t)nb);
	/* Another device's state. */
	assert_int_equal(pl011_save(&a, buf, sizeof(buf)), n);
	buf[0] = 'Q';
	assert_int_equal(pl011_load(&b, buf, (size_t)n), -1);
	assert_int_equal(pl011_load(&b, NULL, 0), -1);
}

static void test_pl031_round_trip(void **state)
{
	static struct pl031 a, b;

	(void)state;
	clock_now = 1000;
	pl031_init(&a, 0x09010000, 2, NULL, &fake_clock);
	pl031_init(&b, 0x09010000, 2, NULL, &fake_clock);
	pl031_write(&a, RTCLR, 4, 5000);       /* counter 5000 from now on */
	pl031_write(&a, RTCMR, 4, 5010);
	pl031_write(&a, RTCIMSC, 4, RTCINT_MATCH);
	ROUND_TRIP(pl031_save, pl031_load, &a, &b);
	assert_int_equal(pl031_read(&b, RTCDR, 4), 5000);
	assert_int_equal(pl031_read(&b, RTCMR, 4), 5010);
	clock_now += 10;
	assert_int_equal(pl031_read(&b, RTCDR, 4), 5010);
	assert_int_equal(pl031_read(&b, RTCRIS, 4), RTCINT_MATCH);
	assert_int_equal(pl031_read(&a, RTCRIS, 4), RTCINT_MATCH);
}

static void test_testdev_round_trip(void **state)
{
	static struct testdev a, b;
	char la[TESTDEV_SUMMARY_MAX], lb[TESTDEV_SUMMARY_MAX];

	(void)state;
	testdev_init(&a, 0x0b000000, NULL);
	testdev_init(&b, 0x0b000000, NULL);
	assert_false(testdev_touched(&b));
	testdev_write(&a, 0x10, 8, 0x1122334455667788ULL);
	testdev_write(&a, 0x7ff, 1, 0xab);
	assert_int_equal(testdev_read(&a, 0x10, 4), 0x55667788);
	testdev_write(&a, TESTDEV_REG_DOORBELL, 4, 1);
	ROUND_TRIP(testdev_save, testdev_load, &a, &b);
	assert_true(testdev_touched(&b));
	testdev_format_summary(&a, la, sizeof(la));
	testdev_format_summary(&b, lb, sizeof(lb));
	assert_string_equal(la, lb);
	assert_int_equal(testdev_read(&b, 0x10, 8), 0x1122334455667788ULL);
	assert_int_equal(testdev_read(&b, 0x7ff, 1), 0xab);
}

static void test_bootmark_round_trip(void **state)
{
	static struct bootmark a, b;

	(void)state;
	bootmark_init(&a, 0x0b001000, NULL, NULL);
	bootmark_init(&b, 0x0b001000, NULL, NULL);
	bootmark_write(&a, 0, 4, 7);
	bootmark_write(&a, 0, 8, 8);
	bootmark_read(&a, 4, 4);               /* a bad access, counted */
	ROUND_TRIP(bootmark_save, bootmark_load, &a, &b);
	assert_int_equal(bootmark_read(&b, 0, 4), 2);
	assert_int_equal(b.bad_accesses, 1);
}

/* The registry's hooks are the models' own, and every type it can save
 * fits DEV_STATE_MAX. */
static void test_registry_save_load(void **state)
{
	static struct dev_instance a, b;
	static uint8_t s1[DEV_STATE_MAX], s2[DEV_STATE_MAX];
	const struct dev_backends be = { .clock = fake_clock };
	struct board board;

	(void)state;
	board_init(&board);
	for (int t = BOARD_DEV_PL011; t <= BOARD_DEV_BOOTMARK; t++)
		assert_int_equal(board_add_virt(&board, (enum board_dev_type)t), 0);
	for (unsigned i = 0; i < board.nr; i++) {
		assert_int_equal(dev_instance_init(&a, &board.dev[i], NULL, &be), 0);
		assert_int_equal(dev_instance_init(&b, &board.dev[i], NULL, &be), 0);
		struct mmio_region *r = dev_instance_region(&a);
		assert_int_equal(r->base, board.dev[i].base);
		r->write(r->dev, 0, 4, 0x41);   /* some state change, or a bad access */
		int n = dev_instance_save(&a, s1, sizeof(s1));
		assert_true(n > 0);
		assert_int_equal(dev_instance_load(&b, s1, (size_t)n), 0);
		assert_int_equal(dev_instance_save(&b, s2, sizeof(s2)), n);
		assert_memory_equal(s1, s2, (size_t)n);
	}
	/* PL011 state does not load into a PL031. */
	assert_int_equal(dev_instance_init(&a, &board.dev[0], NULL, &be), 0);
	assert_int_equal(dev_instance_init(&b, &board.dev[1], NULL, &be), 0);
	int n = dev_instance_save(&a, s1, sizeof(s1));
	assert_int_equal(dev_instance_load(&b, s1, (size_t)n), -1);
}

/* A loaded PL011 with its interrupt asserted raises the restoring side's
 * line (dev_instance_sync_irq), which starts low. */
static void test_registry_sync_irq_after_load(void **state)
{
	static struct dev_instance a, b;
	static uint8_t s1[DEV_STATE_MAX];
	struct fake_host fa = { 0 }, fb = { 0 };
	struct dev_host ha = fake_dev_host(&fa), hb = fake_dev_host(&fb);
	const struct dev_backends be = { .clock = fake_clock };
	const uint8_t in[1] = { 'x' };
	struct board board;
	int n;

	(void)state;
	board_init(&board);
	assert_int_equal(board_add_virt(&board, BOARD_DEV_PL011), 0);
	assert_int_equal(dev_instance_init(&a, &board.dev[0], &ha, &be), 0);
	assert_int_equal(dev_instance_init(&b, &board.dev[0], &hb, &be), 0);
	pl011_write(&a.m.pl011, UARTIMSC, 4, UARTINT_RX);
	assert_int_equal(pl011_receive(&a.m.pl011, in, 1), 1);
	assert_true(fa.level[board.dev[0].spi]);
	n = dev_instance_save(&a, s1, sizeof(s1));
	assert_int_equal(dev_instance_load(&b, s1, (size_t)n), 0);
	assert_false(fb.level[board.dev[0].spi]);
	dev_instance_sync_irq(&b);
	assert_true(fb.level[board.dev[0].spi]);
	/* Devices without a line: nothing. */
	board_add_virt(&board, BOARD_DEV_TESTDEV);
	assert_int_equal(dev_instance_init(&b, &board.dev[1], &hb, &be), 0);
	dev_instance_sync_irq(&b);
	assert_int_equal(fb.edges[board.dev[0].spi], 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pl011_round_trip),
		cmocka_unit_test(test_pl011_refuses_bad_state),
		cmocka_unit_test(test_pl031_round_trip),
		cmocka_unit_test(test_testdev_round_trip),
		cmocka_unit_test(test_bootmark_round_trip),
		cmocka_unit_test(test_registry_save_load),
		cmocka_unit_test(test_registry_sync_irq_after_load),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
