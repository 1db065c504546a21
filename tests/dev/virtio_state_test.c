// SPDX-License-Identifier: MIT
/*
 * Saved state of the virtio models (virtio_mmio.h "Saved state",
 * virtio_*_save/load): a device saved with requests in flight (posted in
 * the avail ring, not yet served) and loaded into a fresh device over the
 * same guest RAM saves to the same bytes and serves them, continuing the
 * used ring where the first stopped. A different disk, MAC or device, rings
 * outside this guest's RAM, and every short state are refused with the
 * device unchanged.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "dev/dev_state.h"
#include "dev/virtio_blk.h"
#include "dev/virtio_blk_ram.h"
#include "dev/virtio_console.h"
#include "dev/virtio_net.h"
#include "dev/virtio_rng.h"
#include "dev/virtio_spec.h"
#include "virtio_fake.h"

#define DISK_BYTES (64 * 512)
#define STATE_MAX 1024

static struct virtio_blk blk_a, blk_b, blk_before;
static struct virtio_rng rng_a, rng_b;
static struct virtio_net net_a, net_b, net_before;
static struct virtio_console con_a, con_b;
static struct fake_drv drv;
static uint8_t disk[DISK_BYTES];
static struct virtio_blk_ram disk_ram;
static uint8_t s1[STATE_MAX], s2[STATE_MAX];

static void blk_make(struct virtio_blk *b, uint64_t size, bool ro,
		     const struct dev_host *host)
{
	struct virtio_mmio_params p = fake_params("virtio-blk0");
	struct virtio_blk_backend be;

	if (host)
		p.host = host;
	virtio_blk_ram_backend(&disk_ram, disk, size, ro, "snap", &be);
	virtio_blk_init(b, &p, &be);
}

/* A read of one sector: header, data, status. Returns the data's gpa. */
static uint16_t blk_read_chain(unsigned sector, uint64_t *data)
{
	uint64_t hdr = fake_alloc(16, 16), buf = fake_alloc(512, 16), st = fake_alloc(1, 1);
	struct fake_buf b[3] = { { hdr, 16, false }, { buf, 512, true }, { st, 1, true } };

	memset(fake_ptr(hdr), 0, 16);
	virtio_st32(fake_ptr(hdr), VIRTIO_BLK_T_IN);
	virtio_st64((uint8_t *)fake_ptr(hdr) + 8, sector);
	*data = buf;
	return drv_chain(&drv, 0, b, 3);
}

static void test_blk_resumes_requests_in_flight(void **state)
{
	uint64_t d1, d2;
	uint32_t id, len;
	uint16_t h2;
	int n1, n2;

	(void)state;
	fake_reset();
	memset(disk, 0, sizeof(disk));
	disk[3 * 512] = 0x5a;
	disk[5 * 512] = 0xa5;
	blk_make(&blk_a, DISK_BYTES, false, NULL);
	drv_init(&drv, &blk_a.transport, 1, 8, true);
	drv_publish(&drv, 0, blk_read_chain(3, &d1));
	drv_kick(&drv, 0);
	assert_true(drv_used(&drv, 0, &id, &len));
	/* The second request: posted and notified, not served when saved
	 * (the I/O thread had not run it). */
	h2 = blk_read_chain(5, &d2);
	drv_publish(&drv, 0, h2);
	n1 = virtio_blk_save(&blk_a, s1, sizeof(s1));
	assert_true(n1 > 0);

	blk_make(&blk_b, DISK_BYTES, false, NULL);
	assert_int_equal(virtio_blk_load(&blk_b, s1, (size_t)n1, NULL), 0);
	n2 = virtio_blk_save(&blk_b, s2, sizeof(s2));
	assert_int_equal(n1, n2);
	assert_memory_equal(s1, s2, (size_t)n1);
	/* The driver's view is the same. */
	drv.t = &blk_b.transport;
	assert_int_equal(drv_rd(&drv, VIRTIO_MMIO_STATUS),
			 virtio_mmio_read(&blk_a.transport, VIRTIO_MMIO_STATUS, 4));
	assert_int_equal(drv_rd(&drv, VIRTIO_MMIO_QUEUE_READY), 1);
	assert_int_equal(drv_rd(&drv, VIRTIO_MMIO_INTERRUPT_STATUS),
			 virtio_mmio_read(&blk_a.transport, VIRTIO_MMIO_INTERRUPT_STATUS, 4));
	/* The restored device serves the pending request as used entry 2. */
	drv_wr(&drv, VIRTIO_MMIO_INTERRUPT_ACK, 1);
	drv_kick(&drv, 0);
	assert_true(drv_used(&drv, 0, &id, &len));
	assert_int_equal(id, h2);
	assert_int_equal(len, 513);
	assert_int_equal(((uint8_t *)fake_ptr(d2))[0], 0xa5);
	assert_int_equal(virtio_ld16((uint8_t *)fake_ptr(drv.q[0].used) + 2), 2);
	assert_true(fake.irq_level);
	assert_int_equal(blk_b.requests, 2);
}

static void test_blk_refuses_another_disk(void **state)
{
	const char *why = NULL;
	uint64_t d;
	int n;

	(void)state;
	fake_reset();
	blk_make(&blk_a, DISK_BYTES, false, NULL);
	drv_init(&drv, &blk_a.transport, 1, 8, true);
	drv_publish(&drv, 0, blk_read_chain(1, &d));
	n = virtio_blk_save(&blk_a, s1, sizeof(s1));
	assert_true(n > 0);

	blk_make(&blk_b, DISK_BYTES / 2, false, NULL);
	blk_before = blk_b;
	assert_int_equal(virtio_blk_load(&blk_b, s1, (size_t)n, &why), -1);
	assert_string_equal(why, "disk size differs from the snapshot's");
	assert_memory_equal(&blk_before, &blk_b, sizeof(blk_b));

	blk_make(&blk_b, DISK_BYTES, true, NULL);
	assert_int_equal(virtio_blk_load(&blk_b, s1, (size_t)n, &why), -1);
	assert_non_null(strstr(why, "device features differ"));
}

static void *no_ram(void *ctx, uint64_t gpa, uint64_t len)
{
	(void)ctx;
	(void)gpa;
	(void)len;
	return NULL;
}

static void test_blk_refuses_rings_outside_ram(void **state)
{
	struct dev_host small = fake.host;
	const char *why = NULL;
	uint64_t d;
	int n;

	(void)state;
	fake_reset();
	blk_make(&blk_a, DISK_BYTES, false, NULL);
	drv_init(&drv, &blk_a.transport, 1, 8, true);
	drv_publish(&drv, 0, blk_read_chain(1, &d));
	n = virtio_blk_save(&blk_a, s1, sizeof(s1));
	small.guest_mem = no_ram;
	blk_make(&blk_b, DISK_BYTES, false, &small);
	blk_before = blk_b;
	assert_int_equal(virtio_blk_load(&blk_b, s1, (size_t)n, &why), -1);
	assert_non_null(strstr(why, "rings are not valid"));
	assert_memory_equal(&blk_before, &blk_b, sizeof(blk_b));
}

static void test_short_and_foreign_states_change_nothing(void **state)
{
	const char *why;
	uint64_t d;
	int n;

	(void)state;
	fake_reset();
	blk_make(&blk_a, DISK_BYTES, false, NULL);
	drv_init(&drv, &blk_a.transport, 1, 8, true);
	drv_publish(&drv, 0, blk_read_chain(1, &d));
	n = virtio_blk_save(&blk_a, s1, sizeof(s1));
	assert_int_equal(virtio_blk_save(&blk_a, s2, (size_t)n - 1), -1);
	blk_make(&blk_b, DISK_BYTES, false, NULL);
	blk_before = blk_b;
	for (int len = 0; len < n; len++) {
		assert_int_equal(virtio_blk_load(&blk_b, s1, (size_t)len, NULL), -1);
		assert_memory_equal(&blk_before, &blk_b, sizeof(blk_b));
	}
	/* Trailing bytes too. */
	assert_int_equal(virtio_blk_load(&blk_b, s1, (size_t)n + 1, NULL), -1);
	/* Another device's state. */
	{
		struct virtio_mmio_params p = fake_params("virtio-rng0");
		struct virtio_rng_backend be = { 0 };

		virtio_rng_init(&rng_b, &p, &be);
	}
	why = NULL;
	assert_int_equal(virtio_rng_load(&rng_b, s1, (size_t)n, &why), -1);
	assert_string_equal(why, "saved state is of another device type");
	/* An impossible status. */
	s1[8 + 4 + 4 + 8 + 4 + 4 + 8 + 4] = 0x20;
	assert_int_equal(virtio_blk_load(&blk_b, s1, (size_t)n, &why), -1);
	assert_string_equal(why, "invalid device status");
}

/* ---- net, console, rng ---- */

static int net_send(void *ctx, const struct dev_iovec *iov, unsigned n)
{
	(void)ctx;
	(void)iov;
	(void)n;
	return 0;
}

static long net_recv(void *ctx, const struct dev_iovec *iov, unsigned n)
{
	(void)ctx;
	(void)iov;
	(void)n;
	return 0;
}

static void net_make(struct virtio_net *nd, uint8_t last)
{
	struct virtio_mmio_params p = fake_params("virtio-net0");
	struct virtio_net_backend be = { .send = net_send, .recv = net_recv };
	const uint8_t mac[6] = { 2, 0, 0, 0, 0, last };

	virtio_net_init(nd, &p, mac, &be);
}

static void test_net_round_trip(void **state)
{
	uint64_t tx = fake_alloc(12 + 60, 8), rx = fake_alloc(1526, 8);
	struct fake_buf t = { tx, 72, false }, r = { rx, 1526, true };
	const char *why = NULL;
	uint32_t id, len;
	int n1, n2;

	(void)state;
	fake_reset();
	tx = fake_alloc(12 + 60, 8);
	rx = fake_alloc(1526, 8);
	t.gpa = tx;
	r.gpa = rx;
	net_make(&net_a, 7);
	drv_init(&drv, &net_a.transport, 2, 8, true);
	drv_publish(&drv, VIRTIO_NET_RXQ, drv_chain(&drv, VIRTIO_NET_RXQ, &r, 1));
	drv_kick(&drv, VIRTIO_NET_RXQ);
	drv_submit(&drv, VIRTIO_NET_TXQ, &t, 1);
	assert_true(drv_used(&drv, VIRTIO_NET_TXQ, &id, &len));
	n1 = virtio_net_save(&net_a, s1, sizeof(s1));
	assert_true(n1 > 0);
	net_make(&net_b, 7);
	assert_int_equal(virtio_net_load(&net_b, s1, (size_t)n1, NULL), 0);
	n2 = virtio_net_save(&net_b, s2, sizeof(s2));
	assert_int_equal(n1, n2);
	assert_memory_equal(s1, s2, (size_t)n1);
	assert_int_equal(net_b.tx_frames, 1);
	/* Another MAC address: the guest's driver would hold the old one. */
	net_make(&net_b, 8);
	net_before = net_b;
	assert_int_equal(virtio_net_load(&net_b, s1, (size_t)n1, &why), -1);
	assert_string_equal(why, "MAC address differs from the snapshot's");
	assert_memory_equal(&net_before, &net_b, sizeof(net_b));
}

static char con_out[64];
static size_t con_out_len;

static void con_write(void *ctx, const uint8_t *buf, size_t len)
{
	(void)ctx;
	memcpy(con_out + con_out_len, buf, len);
	con_out_len += len;
}

static void test_console_resumes_output_in_flight(void **state)
{
	struct virtio_mmio_params p = fake_params("virtio-console0");
	struct dev_byte_sink sink = { .write = con_write };
	uint64_t b1, b2;
	int n1, n2;

	(void)state;
	fake_reset();
	con_out_len = 0;
	b1 = fake_alloc(3, 1);
	b2 = fake_alloc(3, 1);
	memcpy(fake_ptr(b1), "one", 3);
	memcpy(fake_ptr(b2), "two", 3);
	virtio_console_init(&con_a, &p, &sink, NULL);
	drv_init(&drv, &con_a.transport, 2, 8, false);
	drv_submit(&drv, VIRTIO_CONSOLE_TXQ, &(struct fake_buf){ b1, 3, false }, 1);
	drv_publish(&drv, VIRTIO_CONSOLE_TXQ,
		    drv_chain(&drv, VIRTIO_CONSOLE_TXQ, &(struct fake_buf){ b2, 3, false }, 1));
	n1 = virtio_console_save(&con_a, s1, sizeof(s1));
	assert_true(n1 > 0);
	virtio_console_init(&con_b, &p, &sink, NULL);
	assert_int_equal(virtio_console_load(&con_b, s1, (size_t)n1, NULL), 0);
	n2 = virtio_console_save(&con_b, s2, sizeof(s2));
	assert_int_equal(n1, n2);
	assert_memory_equal(s1, s2, (size_t)n1);
	drv.t = &con_b.transport;
	drv_kick(&drv, VIRTIO_CONSOLE_TXQ);
	assert_int_equal(con_out_len, 6);
	assert_memory_equal(con_out, "onetwo", 6);
}

static size_t rng_fill(void *ctx, uint8_t *buf, size_t len)
{
	(void)ctx;
	memset(buf, 0x42, len);
	return len;
}

static void test_rng_resumes_requests_in_flight(void **state)
{
	struct virtio_mmio_params p = fake_params("virtio-rng0");
	struct virtio_rng_backend be = { .fill = rng_fill };
	uint64_t b1, b2;
	uint32_t id, len;
	int n1, n2;

	(void)state;
	fake_reset();
	b1 = fake_alloc(16, 8);
	b2 = fake_alloc(16, 8);
	virtio_rng_init(&rng_a, &p, &be);
	drv_init(&drv, &rng_a.transport, 1, 8, true);
	drv_submit(&drv, 0, &(struct fake_buf){ b1, 16, true }, 1);
	assert_true(drv_used(&drv, 0, &id, &len));
	drv_publish(&drv, 0, drv_chain(&drv, 0, &(struct fake_buf){ b2, 16, true }, 1));
	n1 = virtio_rng_save(&rng_a, s1, sizeof(s1));
	assert_true(n1 > 0);
	virtio_rng_init(&rng_b, &p, &be);
	assert_int_equal(virtio_rng_load(&rng_b, s1, (size_t)n1, NULL), 0);
	n2 = virtio_rng_save(&rng_b, s2, sizeof(s2));
	assert_int_equal(n1, n2);
	assert_memory_equal(s1, s2, (size_t)n1);
	drv.t = &rng_b.transport;
	drv_kick(&drv, 0);
	assert_true(drv_used(&drv, 0, &id, &len));
	assert_int_equal(len, 16);
	assert_int_equal(((uint8_t *)fake_ptr(b2))[15], 0x42);
	assert_int_equal(rng_b.bytes, 32);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_blk_resumes_requests_in_flight),
		cmocka_unit_test(test_blk_refuses_another_disk),
		cmocka_unit_test(test_blk_refuses_rings_outside_ram),
		cmocka_unit_test(test_short_and_foreign_states_change_nothing),
		cmocka_unit_test(test_net_round_trip),
		cmocka_unit_test(test_console_resumes_output_in_flight),
		cmocka_unit_test(test_rng_resumes_requests_in_flight),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
