// SPDX-License-Identifier: MIT
/*
 * Console input for an EL2 partition goes through its own queue (issue 14
 * defect 2): delivering a byte never waits for the partition's device lock,
 * which the partition may hold for as long as its virtio-blk queue stays
 * fed; the partition's own vCPUs drain the queue into its PL011.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "dev/pl011.h"
#include "el2/partition.h"

/* partition.c (EL2 only) owns the table; the tests build one entry. */
struct partition partitions[EL2_MAX_PARTITIONS];

static struct pl011 uart;

static void no_irq(void *ctx, unsigned spi, bool level)
{
	(void)ctx;
	(void)spi;
	(void)level;
}

static int setup(void **state)
{
	struct dev_host host = { .set_irq = no_irq };
	struct partition *p = &partitions[0];

	(void)state;
	memset(partitions, 0, sizeof(partitions));
	pl011_init(&uart, 0x09000000, 1, &host, NULL);
	p->state = PARTITION_RUNNING;
	p->uart = &uart;
	spin_lock_init(&p->dev_lock);
	return 0;
}

/* Read one byte from the PL011 as the guest would (DR), -1 if empty. */
static int guest_getc(void)
{
	if (pl011_read(&uart, 0x18, 4) & (1u << 4))      /* FR.RXFE */
		return -1;
	return (int)(pl011_read(&uart, 0x00, 4) & 0xff);
}

static void test_deliver_does_not_take_the_device_lock(void **state)
{
	struct partition *p = &partitions[0];

	(void)state;
	/* The partition holds its device lock (say, feeding its disk): a
	 * delivery from another CPU returns at once instead of spinning. */
	spin_lock(&p->dev_lock);
	assert_int_equal(partition_console_deliver(0, 'h'), 1);
	assert_int_equal(partition_console_deliver(0, 'i'), 1);
	assert_int_equal(guest_getc(), -1);        /* not in the UART yet */
	spin_unlock(&p->dev_lock);
	/* Its own vCPU drains the queue on its next exit. */
	partition_console_drain(p);
	assert_int_equal(guest_getc(), 'h');
	/* At reset the PL011's FIFO is off (one byte): 'i' waits its turn. */
	partition_console_drain(p);
	assert_int_equal(guest_getc(), 'i');
	assert_int_equal(guest_getc(), -1);
}

static void test_full_queue_holds_back(void **state)
{
	struct partition *p = &partitions[0];
	unsigned taken = 0;

	(void)state;
	for (unsigned i = 0; i < PARTITION_INPUT_QUEUE + 10; i++)
		taken += (unsigned)partition_console_deliver(0, (uint8_t)i);
	assert_int_equal(taken, PARTITION_INPUT_QUEUE);
	/* The drain moves what the FIFO takes; the rest stays queued, in order. */
	partition_console_drain(p);
	unsigned got = 0;
	for (int c; (c = guest_getc()) >= 0; got++)
		assert_int_equal(c, (uint8_t)got);
	assert_true(got > 0 && got < PARTITION_INPUT_QUEUE);
	while (got < PARTITION_INPUT_QUEUE) {
		partition_console_drain(p);
		int c = guest_getc();
		assert_int_equal(c, (uint8_t)got);
		got++;
	}
	assert_true(partition_console_deliver(0, 'x'));
}

static void test_stopped_partition_drops(void **state)
{
	(void)state;
	partitions[1].state = PARTITION_STOPPED;
	assert_int_equal(partition_console_deliver(1, 'a'), 1);
	assert_int_equal(partition_console_deliver(EL2_MAX_PARTITIONS, 'a'), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_deliver_does_not_take_the_device_lock, setup),
		cmocka_unit_test_setup(test_full_queue_holds_back, setup),
		cmocka_unit_test_setup(test_stopped_partition_drops, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
