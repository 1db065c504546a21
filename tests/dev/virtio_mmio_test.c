/* SPDX-License-Identifier: MIT */
/* virtio-mmio transport register protocol: identity, feature negotiation,
 * queue setup, interrupts, reset, bad accesses, threaded-mode hooks. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "dev/virtio_blk.h"
#include "dev/virtio_rng.h"
#include "dev/virtio_spec.h"
#include "virtio_fake.h"

static struct virtio_rng rng;
static struct fake_drv drv;
static unsigned fills;

static size_t fill_pattern(void *ctx, uint8_t *buf, size_t len)
{
	(void)ctx;
	memset(buf, 0xa5, len);
	fills++;
	return len;
}

static int setup(void **state)
{
	struct virtio_mmio_params p;
	struct virtio_rng_backend be = { .fill = fill_pattern };

	(void)state;
	fake_reset();
	fills = 0;
	p = fake_params("virtio-rng0");
	virtio_rng_init(&rng, &p, &be);
	memset(&drv, 0, sizeof(drv));
	drv.t = &rng.transport;
	return 0;
}

static uint32_t status(void)
{
	return drv_rd(&drv, VIRTIO_MMIO_STATUS);
}

static void negotiate(uint64_t features)
{
	drv_wr(&drv, VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER);
	drv_wr(&drv, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0);
	drv_wr(&drv, VIRTIO_MMIO_DRIVER_FEATURES, (uint32_t)features);
	drv_wr(&drv, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
	drv_wr(&drv, VIRTIO_MMIO_DRIVER_FEATURES, (uint32_t)(features >> 32));
	drv_wr(&drv, VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE |
	       VIRTIO_STATUS_DRIVER | VIRTIO_STATUS_FEATURES_OK);
}

static void test_identity_registers(void **state)
{
	(void)state;
	assert_int_equal(drv_rd(&drv, VIRTIO_MMIO_MAGIC_VALUE), 0x74726976);
	assert_int_equal(drv_rd(&drv, VIRTIO_MMIO_VERSION), 2);
	assert_int_equal(drv_rd(&drv, VIRTIO_MMIO_DEVICE_ID), VIRTIO_ID_ENTROPY);
	assert_int_equal(drv_rd(&drv, VIRTIO_MMIO_VENDOR_ID), VIRTIO_MMIO_VENDOR);
	assert_int_equal(drv_rd(&drv, VIRTIO_MMIO_STATUS), 0);
	assert_int_equal(drv_rd(&drv, VIRTIO_MMIO_CONFIG_GENERATION), 0);
	assert_int_equal(rng.transport.region.size, 0x200);
	assert_int_equal(rng.transport.region.base, 0x0a000000);
}

static void test_device_features_words(void **state)
{
	(void)state;
	drv_wr(&drv, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0);
	assert_true(drv_rd(&drv, VIRTIO_MMIO_DEVICE_FEATURES) &
		    (1u << VIRTIO_F_RING_INDIRECT_DESC));
	drv_wr(&drv, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 1);
	assert_int_equal(drv_rd(&drv, VIRTIO_MMIO_DEVICE_FEATURES),
			 1u << (VIRTIO_F_VERSION_1 - 32));
	drv_wr(&drv, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 2);
	assert_int_equal(drv_rd(&drv, VIRTIO_MMIO_DEVICE_FEATURES), 0);
}

static void test_features_ok_accepted(void **state)
{
	(void)state;
	negotiate(VIRTIO_BIT(VIRTIO_F_VERSION_1) | VIRTIO_BIT(VIRTIO_F_RING_EVENT_IDX));
	assert_true(status() & VIRTIO_STATUS_FEATURES_OK);
	assert_true(virtio_mmio_has_feature(&rng.transport, VIRTIO_F_RING_EVENT_IDX));
	/* Feature writes after FEATURES_OK are ignored. */
	drv_wr(&drv, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0);
	drv_wr(&drv, VIRTIO_MMIO_DRIVER_FEATURES, 0);
	assert_true(virtio_mmio_has_feature(&rng.transport, VIRTIO_F_RING_EVENT_IDX));
}

static void test_features_need_version_1(void **state)
{
	(void)state;
	negotiate(VIRTIO_BIT(VIRTIO_F_RING_EVENT_IDX));
	assert_false(status() & VIRTIO_STATUS_FEATURES_OK);
	assert_int_equal(fake.logs, 1);
}

static void test_features_unoffered_rejected(void **state)
{
	(void)state;
	negotiate(VIRTIO_BIT(VIRTIO_F_VERSION_1) | VIRTIO_BIT(VIRTIO_F_RING_PACKED));
	assert_false(status() & VIRTIO_STATUS_FEATURES_OK);
	/* The driver may try again with a subset. */
	negotiate(VIRTIO_BIT(VIRTIO_F_VERSION_1));
	assert_true(status() & VIRTIO_STATUS_FEATURES_OK);
}

static void test_queue_num_max(void **state)
{
	(void)state;
	drv_wr(&drv, VIRTIO_MMIO_QUEUE_SEL, 0);
	assert_int_equal(drv_rd(&drv, VIRTIO_MMIO_QUEUE_NUM_MAX), VIRTIO_MMIO_QUEUE_MAX);
	assert_int_equal(drv_rd(&drv, VIRTIO_MMIO_QUEUE_READY), 0);
	drv_wr(&drv, VIRTIO_MMIO_QUEUE_SEL, 1);
	assert_int_equal(drv_rd(&drv, VIRTIO_MMIO_QUEUE_NUM_MAX), 0);
	drv_wr(&drv, VIRTIO_MMIO_QUEUE_READY, 1);
	assert_int_equal(drv_rd(&drv, VIRTIO_MMIO_QUEUE_READY), 0);
}

static void test_queue_setup_and_request(void **state)
{
	uint64_t buf = fake_alloc(64, 8);
	struct fake_buf b = { buf, 64, true };
	uint32_t id, len;
	uint16_t head;

	(void)state;
	assert_int_equal(drv_init(&drv, &rng.transport, 1, 16, false),
			 VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER |
			 VIRTIO_STATUS_FEATURES_OK | VIRTIO_STATUS_DRIVER_OK);
	drv_wr(&drv, VIRTIO_MMIO_QUEUE_SEL, 0);
	assert_int_equal(drv_rd(&drv, VIRTIO_MMIO_QUEUE_READY), 1);
	head = drv_submit(&drv, 0, &b, 1);
	assert_true(drv_used(&drv, 0, &id, &len));
	assert_int_equal(id, head);
	assert_int_equal(len, 64);
	assert_int_equal(((uint8_t *)fake_ptr(buf))[63], 0xa5);
	assert_false(drv_used(&drv, 0, &id, &len));
}

static void test_queue_config_locked_while_ready(void **state)
{
	(void)state;
	drv_init(&drv, &rng.transport, 1, 16, false);
	drv_wr(&drv, VIRTIO_MMIO_QUEUE_SEL, 0);
	drv_wr(&drv, VIRTIO_MMIO_QUEUE_NUM, 8);
	assert_int_equal(rng.transport.vq[0].num, 16);
	assert_int_equal(fake.logs, 1);
	/* QueueReady = 0 releases it. */
	drv_wr(&drv, VIRTIO_MMIO_QUEUE_READY, 0);
	assert_int_equal(drv_rd(&drv, VIRTIO_MMIO_QUEUE_READY), 0);
	drv_wr(&drv, VIRTIO_MMIO_QUEUE_NUM, 8);
	assert_int_equal(rng.transport.vq[0].num, 8);
}

static void test_interrupt_status_and_ack(void **state)
{
	struct fake_buf b = { fake_alloc(16, 8), 16, true };

	(void)state;
	drv_init(&drv, &rng.transport, 1, 16, false);
	assert_false(fake.irq_level);
	drv_submit(&drv, 0, &b, 1);
	assert_true(fake.irq_level);
	assert_int_equal(drv_rd(&drv, VIRTIO_MMIO_INTERRUPT_STATUS), VIRTIO_MMIO_INT_VRING);
	drv_wr(&drv, VIRTIO_MMIO_INTERRUPT_ACK, VIRTIO_MMIO_INT_VRING);
	assert_int_equal(drv_rd(&drv, VIRTIO_MMIO_INTERRUPT_STATUS), 0);
	assert_false(fake.irq_level);
	assert_int_equal(fake.irq_raises, 1);
}

static void test_no_queue_work_before_driver_ok(void **state)
{
	struct fake_buf b = { fake_alloc(16, 8), 16, true };
	uint32_t id, len;

	(void)state;
	negotiate(VIRTIO_BIT(VIRTIO_F_VERSION_1));
	drv_setup_queue(&drv, 0, 8);
	drv_submit(&drv, 0, &b, 1);
	assert_false(drv_used(&drv, 0, &id, &len));
	assert_int_equal(fills, 0);
	/* DRIVER_OK picks up what was posted. */
	drv_wr(&drv, VIRTIO_MMIO_STATUS, status() | VIRTIO_STATUS_DRIVER_OK);
	assert_true(drv_used(&drv, 0, &id, &len));
	assert_int_equal(len, 16);
}

static void test_driver_ok_without_features_ok(void **state)
{
	struct fake_buf b = { fake_alloc(16, 8), 16, true };
	uint32_t id, len;

	(void)state;
	drv_wr(&drv, VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER);
	drv_setup_queue(&drv, 0, 8);
	drv_wr(&drv, VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE |
	       VIRTIO_STATUS_DRIVER | VIRTIO_STATUS_DRIVER_OK);
	drv_submit(&drv, 0, &b, 1);
	assert_false(drv_used(&drv, 0, &id, &len));
}

static void test_reset_clears_everything(void **state)
{
	struct fake_buf b = { fake_alloc(16, 8), 16, true };

	(void)state;
	drv_init(&drv, &rng.transport, 1, 16, true);
	drv_submit(&drv, 0, &b, 1);
	assert_true(fake.irq_level);
	virtio_mmio_device_error(&rng.transport, "test");
	assert_true(status() & VIRTIO_STATUS_DEVICE_NEEDS_RESET);
	drv_wr(&drv, VIRTIO_MMIO_STATUS, 0);
	assert_int_equal(status(), 0);
	assert_int_equal(drv_rd(&drv, VIRTIO_MMIO_INTERRUPT_STATUS), 0);
	assert_false(fake.irq_level);
	assert_int_equal(drv_rd(&drv, VIRTIO_MMIO_QUEUE_READY), 0);
	assert_false(virtio_mmio_has_feature(&rng.transport, VIRTIO_F_VERSION_1));
	assert_false(rng.transport.broken);
	/* And it works again after a fresh initialisation. */
	drv_init(&drv, &rng.transport, 1, 16, false);
	drv_submit(&drv, 0, &b, 1);
	assert_int_equal(fills, 2);
}

/* DEVICE_NEEDS_RESET and reserved bits are the device's: a driver writing
 * them must not make Status claim a state the device is not in. */
static void test_driver_cannot_set_device_bits(void **state)
{
	struct fake_buf b = { fake_alloc(16, 8), 16, true };

	(void)state;
	drv_init(&drv, &rng.transport, 1, 16, true);
	drv_wr(&drv, VIRTIO_MMIO_STATUS, status() | VIRTIO_STATUS_DEVICE_NEEDS_RESET);
	assert_false(status() & VIRTIO_STATUS_DEVICE_NEEDS_RESET);
	drv_wr(&drv, VIRTIO_MMIO_STATUS, 0xffffffffu);
	assert_int_equal(status() & ~VIRTIO_STATUS_DRIVER_BITS, 0);
	assert_false(rng.transport.broken);
	/* FAILED is the driver's to set; the queue it set up still answers. */
	assert_true(status() & VIRTIO_STATUS_FAILED);
	drv_submit(&drv, 0, &b, 1);
	assert_int_equal(fills, 1);
}

static void test_bad_register_accesses(void **state)
{
	(void)state;
	assert_int_equal(virtio_mmio_read(&rng.transport, VIRTIO_MMIO_MAGIC_VALUE, 1), 0);
	assert_int_equal(virtio_mmio_read(&rng.transport, VIRTIO_MMIO_MAGIC_VALUE + 2, 4), 0);
	virtio_mmio_write(&rng.transport, VIRTIO_MMIO_STATUS, 2, 1);
	assert_int_equal(status(), 0);
	drv_wr(&drv, VIRTIO_MMIO_MAGIC_VALUE, 0);
	assert_int_equal(drv_rd(&drv, VIRTIO_MMIO_MAGIC_VALUE), VIRTIO_MMIO_MAGIC);
	assert_int_equal(fake.logs, 4);
	/* Write-only registers read as zero, no shared memory regions. */
	assert_int_equal(drv_rd(&drv, VIRTIO_MMIO_QUEUE_NOTIFY), 0);
	assert_int_equal(drv_rd(&drv, VIRTIO_MMIO_SHM_LEN_LOW), 0xffffffffu);
}

static void test_notify_missing_queue(void **state)
{
	(void)state;
	drv_init(&drv, &rng.transport, 1, 16, false);
	drv_kick(&drv, 3);
	drv_kick(&drv, 0xffffffffu);
	assert_int_equal(fake.logs, 2);
	assert_int_equal(fills, 0);
	assert_false(status() & VIRTIO_STATUS_DEVICE_NEEDS_RESET);
}

static void test_log_is_rate_limited(void **state)
{
	(void)state;
	for (int i = 0; i < 1000; i++)
		drv_wr(&drv, VIRTIO_MMIO_MAGIC_VALUE, 0);
	assert_int_equal(fake.logs, VIRTIO_MMIO_LOG_BUDGET);
	/* A reset restores the budget. */
	drv_wr(&drv, VIRTIO_MMIO_STATUS, 0);
	drv_wr(&drv, VIRTIO_MMIO_MAGIC_VALUE, 0);
	assert_int_equal(fake.logs, VIRTIO_MMIO_LOG_BUDGET + 1);
}

/* Config space and generation, on a block device (it has config). */
static struct virtio_blk blk;

static int rd_cb(void *c, uint64_t o, const struct dev_iovec *v, unsigned n)
{
	(void)c; (void)o;
	for (unsigned i = 0; i < n; i++)
		memset(v[i].base, 0, v[i].len);
	return 0;
}
static int wr_cb(void *c, uint64_t o, const struct dev_iovec *v, unsigned n) { (void)c; (void)o; (void)v; (void)n; return 0; }
static int fl_cb(void *c) { (void)c; return 0; }

static void test_config_space_widths(void **state)
{
	struct virtio_mmio_params p = fake_params("virtio-blk0");
	struct virtio_blk_backend be = {
		.size = 0x123456789ULL * 512, .read = rd_cb, .write = wr_cb, .flush = fl_cb,
	};
	struct virtio_mmio *t = &blk.transport;

	(void)state;
	virtio_blk_init(&blk, &p, &be);
	assert_int_equal(virtio_mmio_read(t, VIRTIO_MMIO_CONFIG, 8), 0x123456789ULL);
	assert_int_equal(virtio_mmio_read(t, VIRTIO_MMIO_CONFIG, 4), 0x23456789u);
	assert_int_equal(virtio_mmio_read(t, VIRTIO_MMIO_CONFIG + 4, 4), 0x1);
	assert_int_equal(virtio_mmio_read(t, VIRTIO_MMIO_CONFIG + 1, 2), 0x4567);
	assert_int_equal(virtio_mmio_read(t, VIRTIO_MMIO_CONFIG + 3, 1), 0x23);
	assert_int_equal(virtio_mmio_read(t, VIRTIO_MMIO_CONFIG + VIRTIO_BLK_CFG_SEG_MAX, 4),
			 VIRTIO_BLK_SEG_MAX);
	/* Past the end of the config, and config writes on a read-only config. */
	assert_int_equal(virtio_mmio_read(t, VIRTIO_MMIO_CONFIG + VIRTIO_BLK_CFG_SIZE - 2, 4), 0);
	assert_int_equal(virtio_mmio_read(t, VIRTIO_MMIO_CONFIG + 0xf0, 4), 0);
	virtio_mmio_write(t, VIRTIO_MMIO_CONFIG, 4, 0);
	assert_int_equal(virtio_mmio_read(t, VIRTIO_MMIO_CONFIG, 8), 0x123456789ULL);
	assert_int_equal(fake.logs, 3);
}

static void test_config_change_interrupt(void **state)
{
	(void)state;
	drv_init(&drv, &rng.transport, 1, 16, false);
	virtio_mmio_config_changed(&rng.transport);
	assert_int_equal(drv_rd(&drv, VIRTIO_MMIO_CONFIG_GENERATION), 1);
	assert_int_equal(drv_rd(&drv, VIRTIO_MMIO_INTERRUPT_STATUS), VIRTIO_MMIO_INT_CONFIG);
	assert_true(fake.irq_level);
}

/* Threaded mode: hooks instead of synchronous processing and levels. */
static int locks, unlocks, notified_q = -1, edges;

static void h_lock(void *c) { (void)c; assert_int_equal(locks, unlocks); locks++; }
static void h_unlock(void *c) { (void)c; unlocks++; assert_int_equal(locks, unlocks); }
static void h_notify(void *c, unsigned q) { (void)c; notified_q = (int)q; }
static void h_interrupt(void *c) { (void)c; edges++; }

static void test_threaded_hooks(void **state)
{
	struct virtio_mmio_hooks hooks = {
		.lock = h_lock, .unlock = h_unlock, .notify = h_notify,
		.interrupt = h_interrupt,
	};
	struct virtio_mmio_params p = fake_params("virtio-rng0");
	struct virtio_rng_backend be = { .fill = fill_pattern };
	struct fake_buf b = { fake_alloc(16, 8), 16, true };
	uint32_t id, len;
	int before;

	(void)state;
	p.hooks = &hooks;
	virtio_rng_init(&rng, &p, &be);
	drv_init(&drv, &rng.transport, 1, 16, false);
	drv_submit(&drv, 0, &b, 1);
	/* The MMIO write only wakes the I/O thread... */
	assert_int_equal(notified_q, 0);
	assert_false(drv_used(&drv, 0, &id, &len));
	/* ...which runs the queue and sends an edge, never a level. */
	assert_int_equal(virtio_mmio_process_queue(&rng.transport, 0), VIRTIO_Q_DONE);
	assert_true(drv_used(&drv, 0, &id, &len));
	assert_int_equal(edges, 1);
	assert_int_equal(fake.irq_raises, 0);
	/* InterruptStatus and ACK do not take the lock. */
	before = locks;
	assert_int_equal(drv_rd(&drv, VIRTIO_MMIO_INTERRUPT_STATUS), VIRTIO_MMIO_INT_VRING);
	drv_wr(&drv, VIRTIO_MMIO_INTERRUPT_ACK, VIRTIO_MMIO_INT_VRING);
	assert_int_equal(locks, before);
	assert_int_equal(drv_rd(&drv, VIRTIO_MMIO_INTERRUPT_STATUS), 0);
	assert_int_equal(locks, unlocks);
	/* A queue that is not live reports so. */
	drv_wr(&drv, VIRTIO_MMIO_STATUS, 0);
	assert_int_equal(virtio_mmio_process_queue(&rng.transport, 0), VIRTIO_Q_NOT_READY);
}

static void test_threaded_driver_ok_defers_to_io_thread(void **state)
{
	struct virtio_mmio_hooks hooks = {
		.lock = h_lock, .unlock = h_unlock, .notify = h_notify,
		.interrupt = h_interrupt,
	};
	struct virtio_mmio_params p = fake_params("virtio-rng0");
	struct virtio_rng_backend be = { .fill = fill_pattern };
	struct fake_buf b = { fake_alloc(16, 8), 16, true };

	(void)state;
	p.hooks = &hooks;
	virtio_rng_init(&rng, &p, &be);
	negotiate(VIRTIO_BIT(VIRTIO_F_VERSION_1));
	drv_setup_queue(&drv, 0, 8);
	drv_publish(&drv, 0, drv_chain(&drv, 0, &b, 1));
	notified_q = -1;
	/* DRIVER_OK with buffers waiting: the vCPU thread only wakes the I/O
	 * thread, it does not run the device itself. */
	drv_wr(&drv, VIRTIO_MMIO_STATUS, status() | VIRTIO_STATUS_DRIVER_OK);
	assert_int_equal(notified_q, 0);
	assert_int_equal(fills, 0);
}

static void test_locked_synchronous_mode(void **state)
{
	struct virtio_mmio_hooks hooks = { .lock = h_lock, .unlock = h_unlock };
	struct virtio_mmio_params p = fake_params("virtio-rng0");
	struct virtio_rng_backend be = { .fill = fill_pattern };
	struct fake_buf b = { fake_alloc(16, 8), 16, true };
	uint32_t id, len;
	int before;

	(void)state;
	/* EL2 with several vCPUs: a lock, but synchronous queues and a level. */
	p.hooks = &hooks;
	virtio_rng_init(&rng, &p, &be);
	drv_init(&drv, &rng.transport, 1, 16, false);
	drv_submit(&drv, 0, &b, 1);
	assert_true(drv_used(&drv, 0, &id, &len));
	assert_true(fake.irq_level);
	before = locks;
	drv_wr(&drv, VIRTIO_MMIO_INTERRUPT_ACK, VIRTIO_MMIO_INT_VRING);
	assert_int_equal(locks, before + 1);     /* the ACK is serialised too */
	assert_false(fake.irq_level);
	assert_int_equal(locks, unlocks);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_identity_registers, setup),
		cmocka_unit_test_setup(test_device_features_words, setup),
		cmocka_unit_test_setup(test_features_ok_accepted, setup),
		cmocka_unit_test_setup(test_features_need_version_1, setup),
		cmocka_unit_test_setup(test_features_unoffered_rejected, setup),
		cmocka_unit_test_setup(test_queue_num_max, setup),
		cmocka_unit_test_setup(test_queue_setup_and_request, setup),
		cmocka_unit_test_setup(test_queue_config_locked_while_ready, setup),
		cmocka_unit_test_setup(test_interrupt_status_and_ack, setup),
		cmocka_unit_test_setup(test_no_queue_work_before_driver_ok, setup),
		cmocka_unit_test_setup(test_driver_ok_without_features_ok, setup),
		cmocka_unit_test_setup(test_reset_clears_everything, setup),
		cmocka_unit_test_setup(test_driver_cannot_set_device_bits, setup),
		cmocka_unit_test_setup(test_bad_register_accesses, setup),
		cmocka_unit_test_setup(test_notify_missing_queue, setup),
		cmocka_unit_test_setup(test_log_is_rate_limited, setup),
		cmocka_unit_test_setup(test_config_space_widths, setup),
		cmocka_unit_test_setup(test_config_change_interrupt, setup),
		cmocka_unit_test_setup(test_threaded_hooks, setup),
		cmocka_unit_test_setup(test_threaded_driver_ok_defers_to_io_thread, setup),
		cmocka_unit_test_setup(test_locked_synchronous_mode, setup),
	};
	return cmocka_run_group_tests_name("virtio_mmio", tests, NULL, NULL);
}
