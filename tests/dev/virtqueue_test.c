/* SPDX-License-Identifier: MIT */
/*
 * Split virtqueue handling against hostile and unusual guests: each broken
 * chain must leave guest RAM outside the chain untouched, mark the device
 * DEVICE_NEEDS_RESET, log why, and raise a configuration interrupt; and the
 * ring features (indirect, event index, wrap-around) must work.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "dev/virtio_rng.h"
#include "dev/virtio_spec.h"
#include "virtio_fake.h"

#define QSIZE 16

static struct virtio_rng rng;
static struct fake_drv drv;
static unsigned fills;

static size_t fill_pattern(void *ctx, uint8_t *buf, size_t len)
{
	(void)ctx;
	memset(buf, 0x5a, len);
	fills++;
	return len;
}

static void init_device(bool ring_features)
{
	struct virtio_mmio_params p = fake_params("virtio-rng0");
	struct virtio_rng_backend be = { .fill = fill_pattern };

	virtio_rng_init(&rng, &p, &be);
	drv_init(&drv, &rng.transport, 1, QSIZE, ring_features);
}

static int setup(void **state)
{
	(void)state;
	fake_reset();
	fills = 0;
	init_device(false);
	return 0;
}

static int setup_ring_features(void **state)
{
	(void)state;
	fake_reset();
	fills = 0;
	init_device(true);
	return 0;
}

/* The device refused the chain: broken, logged, config interrupt, nothing used. */
static void assert_needs_reset(const char *why)
{
	uint32_t id, len;

	assert_true(drv_rd(&drv, VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_DEVICE_NEEDS_RESET);
	assert_true(drv_rd(&drv, VIRTIO_MMIO_INTERRUPT_STATUS) & VIRTIO_MMIO_INT_CONFIG);
	assert_true(fake.logs >= 1);
	assert_non_null(strstr(fake.last_log, why));
	assert_false(drv_used(&drv, 0, &id, &len));
	assert_int_equal(fills, 0);
}

static void publish_kick(uint16_t head)
{
	drv_publish(&drv, 0, head);
	drv_kick(&drv, 0);
}

static void test_desc_outside_ram(void **state)
{
	(void)state;
	drv_desc(&drv, 0, 0, 0x1000, 64, VIRTQ_DESC_F_WRITE, 0);
	publish_kick(0);
	assert_needs_reset("outside guest RAM");
}

static void test_desc_straddles_ram_end(void **state)
{
	(void)state;
	drv_desc(&drv, 0, 0, FAKE_RAM_BASE + FAKE_RAM_SIZE - 8, 16, VIRTQ_DESC_F_WRITE, 0);
	publish_kick(0);
	assert_needs_reset("outside guest RAM");
}

static void test_desc_address_wraps(void **state)
{
	(void)state;
	drv_desc(&drv, 0, 0, 0xfffffffffffffff0ULL, 0x100, VIRTQ_DESC_F_WRITE, 0);
	publish_kick(0);
	assert_needs_reset("outside guest RAM");
}

static void test_chain_loop(void **state)
{
	uint64_t buf = fake_alloc(32, 8);

	(void)state;
	drv_desc(&drv, 0, 0, buf, 8, VIRTQ_DESC_F_WRITE | VIRTQ_DESC_F_NEXT, 1);
	drv_desc(&drv, 0, 1, buf, 8, VIRTQ_DESC_F_WRITE | VIRTQ_DESC_F_NEXT, 2);
	drv_desc(&drv, 0, 2, buf, 8, VIRTQ_DESC_F_WRITE | VIRTQ_DESC_F_NEXT, 0);
	publish_kick(0);
	assert_needs_reset("loops");
}

static void test_chain_self_loop(void **state)
{
	uint64_t buf = fake_alloc(32, 8);

	(void)state;
	/* Zero-length descriptors add no segment: only the budget stops this. */
	drv_desc(&drv, 0, 5, buf, 0, VIRTQ_DESC_F_WRITE | VIRTQ_DESC_F_NEXT, 5);
	publish_kick(5);
	assert_needs_reset("loops");
}

static void test_next_out_of_range(void **state)
{
	uint64_t buf = fake_alloc(32, 8);

	(void)state;
	drv_desc(&drv, 0, 0, buf, 8, VIRTQ_DESC_F_WRITE | VIRTQ_DESC_F_NEXT, QSIZE);
	publish_kick(0);
	assert_needs_reset("out of range");
}

static void test_head_out_of_range(void **state)
{
	(void)state;
	publish_kick(QSIZE + 3);
	assert_needs_reset("out of range");
}

static void test_avail_idx_jump(void **state)
{
	uint8_t *avail = fake_ptr(drv.q[0].avail);

	(void)state;
	virtio_st16(avail + VIRTQ_AVAIL_OFF_IDX, QSIZE + 1);
	drv_kick(&drv, 0);
	assert_needs_reset("avail index");
}

static void test_absurd_total_length(void **state)
{
	/* 129 x 8 MiB: each descriptor is valid RAM, the sum is over 1 GiB. */
	static struct fake_buf b[129];

	(void)state;
	for (unsigned i = 0; i < 129; i++)
		b[i] = (struct fake_buf){ FAKE_RAM_BASE, FAKE_RAM_SIZE, true };
	publish_kick(drv_chain_indirect(&drv, 0, b, 129));
	assert_needs_reset("too long in bytes");
}

static void test_too_many_segments(void **state)
{
	static struct fake_buf b[VIRTQ_MAX_SEGS + 1];
	uint64_t buf = fake_alloc(8, 8);

	(void)state;
	for (unsigned i = 0; i < VIRTQ_MAX_SEGS + 1; i++)
		b[i] = (struct fake_buf){ buf, 1, true };
	publish_kick(drv_chain_indirect(&drv, 0, b, VIRTQ_MAX_SEGS + 1));
	assert_needs_reset("too many segments");
}

static void test_readable_after_writable(void **state)
{
	uint64_t buf = fake_alloc(32, 8);
	struct fake_buf b[2] = { { buf, 8, true }, { buf + 8, 8, false } };

	(void)state;
	publish_kick(drv_chain(&drv, 0, b, 2));
	assert_needs_reset("readable descriptor after a writable");
}

static void test_indirect_not_negotiated(void **state)
{
	struct fake_buf b = { fake_alloc(16, 8), 16, true };

	(void)state;
	publish_kick(drv_chain_indirect(&drv, 0, &b, 1));
	assert_needs_reset("indirect");
}

static void test_indirect_with_next(void **state)
{
	struct fake_buf b = { fake_alloc(16, 8), 16, true };
	uint64_t table = fake_alloc(16, 16);

	(void)state;
	(void)b;
	drv_desc(&drv, 0, 0, table, 16, VIRTQ_DESC_F_INDIRECT | VIRTQ_DESC_F_NEXT, 1);
	publish_kick(0);
	assert_needs_reset("indirect");
}

static void test_indirect_nested(void **state)
{
	uint64_t outer = fake_alloc(16, 16), inner = fake_alloc(16, 16);
	uint8_t *p = fake_ptr(outer);

	(void)state;
	virtio_st64(p + VIRTQ_DESC_OFF_ADDR, inner);
	virtio_st32(p + VIRTQ_DESC_OFF_LEN, 16);
	virtio_st16(p + VIRTQ_DESC_OFF_FLAGS, VIRTQ_DESC_F_INDIRECT);
	drv_desc(&drv, 0, 0, outer, 16, VIRTQ_DESC_F_INDIRECT, 0);
	publish_kick(0);
	assert_needs_reset("indirect");
}

static void test_indirect_bad_length(void **state)
{
	(void)state;
	drv_desc(&drv, 0, 0, fake_alloc(32, 16), 24, VIRTQ_DESC_F_INDIRECT, 0);
	publish_kick(0);
	assert_needs_reset("indirect");
}

static void test_indirect_table_outside_ram(void **state)
{
	(void)state;
	drv_desc(&drv, 0, 0, FAKE_RAM_BASE + FAKE_RAM_SIZE - 16, 32,
		 VIRTQ_DESC_F_INDIRECT, 0);
	publish_kick(0);
	assert_needs_reset("outside guest RAM");
}

static void test_indirect_not_at_head(void **state)
{
	uint64_t buf = fake_alloc(16, 8);

	(void)state;
	drv_desc(&drv, 0, 0, buf, 8, VIRTQ_DESC_F_WRITE | VIRTQ_DESC_F_NEXT, 1);
	drv_desc(&drv, 0, 1, fake_alloc(16, 16), 16, VIRTQ_DESC_F_INDIRECT, 0);
	publish_kick(0);
	assert_needs_reset("indirect");
}

static void test_indirect_loop(void **state)
{
	uint64_t table = fake_alloc(32, 16), buf = fake_alloc(8, 8);
	uint8_t *p = fake_ptr(table);

	(void)state;
	for (int i = 0; i < 2; i++) {
		virtio_st64(p + 16 * i + VIRTQ_DESC_OFF_ADDR, buf);
		virtio_st32(p + 16 * i + VIRTQ_DESC_OFF_LEN, 8);
		virtio_st16(p + 16 * i + VIRTQ_DESC_OFF_FLAGS,
			    VIRTQ_DESC_F_WRITE | VIRTQ_DESC_F_NEXT);
		virtio_st16(p + 16 * i + VIRTQ_DESC_OFF_NEXT, (uint16_t)(1 - i));
	}
	drv_desc(&drv, 0, 0, table, 32, VIRTQ_DESC_F_INDIRECT, 0);
	publish_kick(0);
	assert_needs_reset("loops");
}

static void test_broken_until_reset(void **state)
{
	struct fake_buf b = { fake_alloc(16, 8), 16, true };
	uint32_t id, len;

	(void)state;
	publish_kick(QSIZE + 1);            /* bad head: device breaks */
	assert_needs_reset("out of range");
	drv_submit(&drv, 0, &b, 1);          /* ignored while broken */
	assert_int_equal(fills, 0);
	drv_init(&drv, &rng.transport, 1, QSIZE, false);
	assert_false(drv_rd(&drv, VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_DEVICE_NEEDS_RESET);
	drv_submit(&drv, 0, &b, 1);
	assert_true(drv_used(&drv, 0, &id, &len));
	assert_int_equal(len, 16);
}

static void test_indirect_chain_works(void **state)
{
	uint64_t buf = fake_alloc(64, 8);
	struct fake_buf b[3] = { { buf, 8, true }, { buf + 8, 0, true }, { buf + 16, 48, true } };
	uint32_t id, len;
	uint16_t head;

	(void)state;
	head = drv_chain_indirect(&drv, 0, b, 3);
	publish_kick(head);
	assert_true(drv_used(&drv, 0, &id, &len));
	assert_int_equal(id, head);
	assert_int_equal(len, 56);
	assert_int_equal(((uint8_t *)fake_ptr(buf))[7], 0x5a);
	assert_int_equal(((uint8_t *)fake_ptr(buf))[8], 0);   /* the empty descriptor */
	assert_int_equal(((uint8_t *)fake_ptr(buf))[16], 0x5a);
	assert_int_equal(((uint8_t *)fake_ptr(buf))[63], 0x5a);
	assert_int_equal(fake.logs, 0);
}

static void test_ring_wraps_around(void **state)
{
	uint64_t buf = fake_alloc(8, 8);
	struct fake_buf b = { buf, 8, true };
	uint32_t id, len;

	(void)state;
	/* 16-bit indices and ring slots wrap: run 5 x 16 + 3 requests, and
	 * push the free-running index past 65535 as well. */
	for (unsigned i = 0; i < 5 * QSIZE + 3; i++) {
		uint16_t head = drv_submit(&drv, 0, &b, 1);

		assert_true(drv_used(&drv, 0, &id, &len));
		assert_int_equal(id, head);
	}
	assert_int_equal(fills, 5 * QSIZE + 3);
	assert_int_equal(rng.transport.vq[0].used_idx, 5 * QSIZE + 3);
}

static void test_index_wraps_16_bits(void **state)
{
	uint64_t buf = fake_alloc(8, 8);
	struct fake_buf b = { buf, 8, true };
	uint32_t id, len;

	(void)state;
	/* Start both sides just below 65536, as after a long uptime. */
	drv.q[0].avail_idx = 0xfff0;
	drv.q[0].used_seen = 0xfff0;
	rng.transport.vq[0].last_avail = 0xfff0;
	rng.transport.vq[0].used_idx = 0xfff0;
	rng.transport.used_checked[0] = 0xfff0;
	virtio_st16((uint8_t *)fake_ptr(drv.q[0].used) + VIRTQ_USED_OFF_IDX, 0xfff0);
	for (unsigned i = 0; i < 40; i++) {
		drv_submit(&drv, 0, &b, 1);
		assert_true(drv_used(&drv, 0, &id, &len));
	}
	assert_int_equal(rng.transport.vq[0].used_idx, (uint16_t)(0xfff0 + 40));
	assert_int_equal(fake.logs, 0);
}

static void test_no_interrupt_flag(void **state)
{
	struct fake_buf b = { fake_alloc(8, 8), 8, true };
	uint32_t id, len;

	(void)state;
	virtio_st16((uint8_t *)fake_ptr(drv.q[0].avail) + VIRTQ_AVAIL_OFF_FLAGS,
		    VIRTQ_AVAIL_F_NO_INTERRUPT);
	drv_submit(&drv, 0, &b, 1);
	assert_true(drv_used(&drv, 0, &id, &len));
	assert_false(fake.irq_level);
	virtio_st16((uint8_t *)fake_ptr(drv.q[0].avail) + VIRTQ_AVAIL_OFF_FLAGS, 0);
	drv_submit(&drv, 0, &b, 1);
	assert_true(fake.irq_level);
}

static void test_event_idx(void **state)
{
	struct fake_buf b = { fake_alloc(8, 8), 8, true };
	uint8_t *avail = fake_ptr(drv.q[0].avail);
	uint8_t *used = fake_ptr(drv.q[0].used);
	uint32_t id, len;

	(void)state;
	assert_true(virtio_mmio_has_feature(&rng.transport, VIRTIO_F_RING_EVENT_IDX));
	drv.q[0].manual_used_event = true;
	/* The first completion always interrupts. */
	drv_submit(&drv, 0, &b, 1);
	assert_int_equal(fake.irq_raises, 1);
	drv_wr(&drv, VIRTIO_MMIO_INTERRUPT_ACK, 1);
	/* The device asks to be notified at the next avail index. */
	assert_int_equal(virtio_ld16(used + VIRTQ_USED_OFF_RING + 8 * QSIZE), 1);
	/* used_event = 3: completions 2 and 3 (used idx 1->2, 2->3) stay quiet,
	 * completion 4 (used idx 3->4) crosses it. */
	virtio_st16(avail + VIRTQ_AVAIL_OFF_RING + 2 * QSIZE, 3);
	drv_submit(&drv, 0, &b, 1);
	drv_submit(&drv, 0, &b, 1);
	assert_int_equal(fake.irq_raises, 1);
	drv_submit(&drv, 0, &b, 1);
	assert_int_equal(fake.irq_raises, 2);
	for (int i = 0; i < 4; i++)
		assert_true(drv_used(&drv, 0, &id, &len));
	assert_int_equal(virtio_ld16(used + VIRTQ_USED_OFF_RING + 8 * QSIZE), 4);
}

static void test_ring_outside_ram_at_ready(void **state)
{
	(void)state;
	drv_wr(&drv, VIRTIO_MMIO_STATUS, 0);
	drv_wr(&drv, VIRTIO_MMIO_QUEUE_SEL, 0);
	drv_wr(&drv, VIRTIO_MMIO_QUEUE_NUM, 256);
	/* The descriptor table would end past the end of RAM. */
	drv_wr(&drv, VIRTIO_MMIO_QUEUE_DESC_LOW,
	       (uint32_t)(FAKE_RAM_BASE + FAKE_RAM_SIZE - 0x800));
	drv_wr(&drv, VIRTIO_MMIO_QUEUE_DRIVER_LOW, (uint32_t)FAKE_RAM_BASE);
	drv_wr(&drv, VIRTIO_MMIO_QUEUE_DEVICE_LOW, (uint32_t)FAKE_RAM_BASE + 0x1000);
	drv_wr(&drv, VIRTIO_MMIO_QUEUE_READY, 1);
	assert_int_equal(drv_rd(&drv, VIRTIO_MMIO_QUEUE_READY), 0);
	assert_true(drv_rd(&drv, VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_DEVICE_NEEDS_RESET);
	assert_non_null(strstr(fake.last_log, "ring outside guest RAM"));
}

static void try_queue(uint32_t num, uint64_t desc, const char *why)
{
	drv_wr(&drv, VIRTIO_MMIO_STATUS, 0);
	drv_wr(&drv, VIRTIO_MMIO_QUEUE_SEL, 0);
	drv_wr(&drv, VIRTIO_MMIO_QUEUE_NUM, num);
	drv_wr(&drv, VIRTIO_MMIO_QUEUE_DESC_LOW, (uint32_t)desc);
	drv_wr(&drv, VIRTIO_MMIO_QUEUE_DRIVER_LOW, (uint32_t)FAKE_RAM_BASE + 0x10000);
	drv_wr(&drv, VIRTIO_MMIO_QUEUE_DEVICE_LOW, (uint32_t)FAKE_RAM_BASE + 0x20000);
	drv_wr(&drv, VIRTIO_MMIO_QUEUE_READY, 1);
	assert_int_equal(drv_rd(&drv, VIRTIO_MMIO_QUEUE_READY), 0);
	assert_true(drv_rd(&drv, VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_DEVICE_NEEDS_RESET);
	assert_non_null(strstr(fake.last_log, why));
}

static void test_queue_size_not_power_of_two(void **state)
{
	(void)state;
	try_queue(24, FAKE_RAM_BASE, "power of two");
	try_queue(0, FAKE_RAM_BASE, "power of two");
}

static void test_queue_size_above_max(void **state)
{
	(void)state;
	try_queue(512, FAKE_RAM_BASE, "QueueNumMax");
	try_queue(0x10000, FAKE_RAM_BASE, "power of two");
}

static void test_queue_ring_misaligned(void **state)
{
	(void)state;
	try_queue(16, FAKE_RAM_BASE + 8, "misaligned");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_desc_outside_ram, setup),
		cmocka_unit_test_setup(test_desc_straddles_ram_end, setup),
		cmocka_unit_test_setup(test_desc_address_wraps, setup),
		cmocka_unit_test_setup(test_chain_loop, setup),
		cmocka_unit_test_setup(test_chain_self_loop, setup),
		cmocka_unit_test_setup(test_next_out_of_range, setup),
		cmocka_unit_test_setup(test_head_out_of_range, setup),
		cmocka_unit_test_setup(test_avail_idx_jump, setup),
		cmocka_unit_test_setup(test_absurd_total_length, setup_ring_features),
		cmocka_unit_test_setup(test_too_many_segments, setup_ring_features),
		cmocka_unit_test_setup(test_readable_after_writable, setup),
		cmocka_unit_test_setup(test_indirect_not_negotiated, setup),
		cmocka_unit_test_setup(test_indirect_with_next, setup_ring_features),
		cmocka_unit_test_setup(test_indirect_nested, setup_ring_features),
		cmocka_unit_test_setup(test_indirect_bad_length, setup_ring_features),
		cmocka_unit_test_setup(test_indirect_table_outside_ram, setup_ring_features),
		cmocka_unit_test_setup(test_indirect_not_at_head, setup_ring_features),
		cmocka_unit_test_setup(test_indirect_loop, setup_ring_features),
		cmocka_unit_test_setup(test_broken_until_reset, setup),
		cmocka_unit_test_setup(test_ring_outside_ram_at_ready, setup),
		cmocka_unit_test_setup(test_queue_size_not_power_of_two, setup),
		cmocka_unit_test_setup(test_queue_size_above_max, setup),
		cmocka_unit_test_setup(test_queue_ring_misaligned, setup),
		cmocka_unit_test_setup(test_indirect_chain_works, setup_ring_features),
		cmocka_unit_test_setup(test_ring_wraps_around, setup),
		cmocka_unit_test_setup(test_index_wraps_16_bits, setup),
		cmocka_unit_test_setup(test_no_interrupt_flag, setup),
		cmocka_unit_test_setup(test_event_idx, setup_ring_features),
	};
	return cmocka_run_group_tests_name("virtqueue", tests, NULL, NULL);
}
