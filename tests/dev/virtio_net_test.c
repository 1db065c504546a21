/* SPDX-License-Identifier: MIT */
/* virtio-net against a loopback-style fake back end: transmit strips the
 * virtio header, receive adds it, buffer starvation and malformed buffers. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "dev/virtio_net.h"
#include "dev/virtio_spec.h"
#include "virtio_fake.h"

static struct virtio_net net;
static struct fake_drv drv;

/* Back end: frames sent are recorded; frames to receive are queued. */
static uint8_t sent[4][2048];
static size_t sent_len[4];
static unsigned nsent;
static uint8_t pending[4][2048];
static size_t pending_len[4];
static unsigned npending, recv_calls;

static int be_send(void *c, const struct dev_iovec *iov, unsigned n)
{
	size_t off = 0;

	(void)c;
	for (unsigned i = 0; i < n; i++) {
		memcpy(sent[nsent] + off, iov[i].base, iov[i].len);
		off += iov[i].len;
	}
	sent_len[nsent++] = off;
	return 0;
}

static long be_recv(void *c, const struct dev_iovec *iov, unsigned n)
{
	size_t off = 0, len;

	(void)c;
	recv_calls++;
	if (!npending)
		return 0;
	len = pending_len[0];
	for (unsigned i = 0; i < n && off < len; i++) {
		size_t k = len - off < iov[i].len ? len - off : iov[i].len;

		memcpy(iov[i].base, pending[0] + off, k);
		off += k;
	}
	npending--;
	memmove(pending[0], pending[1], sizeof(pending[0]) * 3);
	memmove(pending_len, pending_len + 1, sizeof(pending_len[0]) * 3);
	return (long)len;
}

static void queue_frame(size_t len, uint8_t fill)
{
	memset(pending[npending], fill, len);
	pending_len[npending++] = len;
}

static const uint8_t mac[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };

static int setup(void **state)
{
	struct virtio_mmio_params p;
	struct virtio_net_backend be = { .send = be_send, .recv = be_recv };

	(void)state;
	fake_reset();
	nsent = npending = recv_calls = 0;
	p = fake_params("virtio-net0");
	virtio_net_init(&net, &p, mac, &be);
	drv_init(&drv, &net.transport, 2, 16, true);
	return 0;
}

static void test_config_mac_and_link(void **state)
{
	(void)state;
	assert_int_equal(drv_rd(&drv, VIRTIO_MMIO_DEVICE_ID), VIRTIO_ID_NET);
	for (unsigned i = 0; i < 6; i++)
		assert_int_equal(virtio_mmio_read(&net.transport, VIRTIO_MMIO_CONFIG + i, 1), mac[i]);
	assert_int_equal(virtio_mmio_read(&net.transport,
					  VIRTIO_MMIO_CONFIG + VIRTIO_NET_CFG_STATUS, 2),
			 VIRTIO_NET_S_LINK_UP);
	assert_true(virtio_mmio_has_feature(&net.transport, VIRTIO_NET_F_MAC));
}

static void test_transmit(void **state)
{
	uint64_t hdr = fake_alloc(12, 8), f1 = fake_alloc(14, 8), f2 = fake_alloc(50, 8);
	struct fake_buf b[3] = { { hdr, 12, false }, { f1, 14, false }, { f2, 50, false } };
	uint32_t id, len;

	(void)state;
	memset(fake_ptr(hdr), 0, 12);
	memset(fake_ptr(f1), 0xaa, 14);
	memset(fake_ptr(f2), 0xbb, 50);
	drv_submit(&drv, VIRTIO_NET_TXQ, b, 3);
	assert_int_equal(nsent, 1);
	assert_int_equal(sent_len[0], 64);
	assert_int_equal(sent[0][0], 0xaa);
	assert_int_equal(sent[0][14], 0xbb);
	assert_true(drv_used(&drv, VIRTIO_NET_TXQ, &id, &len));
	assert_int_equal(len, 0);
	assert_int_equal(net.tx_frames, 1);
}

static void test_transmit_header_and_frame_together(void **state)
{
	/* Linux with VERSION_1 puts the header in front of the frame. */
	uint64_t buf = fake_alloc(12 + 60, 8);
	struct fake_buf b = { buf, 72, false };

	(void)state;
	memset(fake_ptr(buf), 0, 12);
	memset((uint8_t *)fake_ptr(buf) + 12, 0xcd, 60);
	drv_submit(&drv, VIRTIO_NET_TXQ, &b, 1);
	assert_int_equal(nsent, 1);
	assert_int_equal(sent_len[0], 60);
	assert_int_equal(sent[0][59], 0xcd);
}

static void test_transmit_malformed(void **state)
{
	uint64_t buf = fake_alloc(128, 8);
	struct fake_buf hdr_only = { buf, 12, false };
	struct fake_buf with_write[2] = { { buf, 72, false }, { buf + 80, 8, true } };
	uint32_t id, len;

	(void)state;
	drv_submit(&drv, VIRTIO_NET_TXQ, &hdr_only, 1);
	drv_submit(&drv, VIRTIO_NET_TXQ, with_write, 2);
	assert_int_equal(nsent, 0);
	assert_int_equal(net.tx_dropped, 2);
	/* Both are returned, the queue keeps working. */
	assert_true(drv_used(&drv, VIRTIO_NET_TXQ, &id, &len));
	assert_true(drv_used(&drv, VIRTIO_NET_TXQ, &id, &len));
	assert_false(drv_rd(&drv, VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_DEVICE_NEEDS_RESET);
}

static void post_rx(unsigned count, uint32_t size, uint64_t *gpas)
{
	for (unsigned i = 0; i < count; i++) {
		struct fake_buf b = { fake_alloc(size, 8), size, true };

		gpas[i] = b.gpa;
		drv_publish(&drv, VIRTIO_NET_RXQ, drv_chain(&drv, VIRTIO_NET_RXQ, &b, 1));
	}
	drv_kick(&drv, VIRTIO_NET_RXQ);
}

static void test_receive(void **state)
{
	uint64_t g[2];
	uint32_t id, len;
	uint8_t *p;

	(void)state;
	post_rx(2, 1526, g);      /* kick with nothing pending: buffers kept */
	assert_false(drv_used(&drv, VIRTIO_NET_RXQ, &id, &len));
	queue_frame(60, 0x42);
	queue_frame(1514, 0x43);
	/* Both buffers used up: the device cannot tell whether more frames
	 * wait, so it asks to be woken by the next rx kick. */
	assert_int_equal(virtio_net_receive(&net), VIRTIO_Q_NEED_BUFFERS);
	assert_true(drv_used(&drv, VIRTIO_NET_RXQ, &id, &len));
	assert_int_equal(len, 12 + 60);
	p = fake_ptr(g[0]);
	assert_int_equal(virtio_ld16(p + VIRTIO_NET_HDR_OFF_NUM_BUFFERS), 1);
	assert_int_equal(p[0], 0);
	assert_int_equal(p[12], 0x42);
	assert_true(drv_used(&drv, VIRTIO_NET_RXQ, &id, &len));
	assert_int_equal(len, 12 + 1514);
	assert_int_equal(((uint8_t *)fake_ptr(g[1]))[12 + 1513], 0x43);
	assert_true(fake.irq_level);
	assert_int_equal(net.rx_frames, 2);
}

static void test_receive_without_buffers(void **state)
{
	uint64_t g[1];
	uint32_t id, len;

	(void)state;
	queue_frame(60, 0x42);
	assert_int_equal(virtio_net_receive(&net), VIRTIO_Q_NEED_BUFFERS);
	assert_int_equal(npending, 1);      /* the frame waits in the back end */
	assert_int_equal(recv_calls, 0);
	/* Posting a buffer (the rx kick) delivers it. */
	post_rx(1, 1526, g);
	assert_true(drv_used(&drv, VIRTIO_NET_RXQ, &id, &len));
	assert_int_equal(len, 72);
	assert_int_equal(npending, 0);
}

static void test_receive_before_driver_ok(void **state)
{
	(void)state;
	drv_wr(&drv, VIRTIO_MMIO_STATUS, 0);
	queue_frame(60, 0x42);
	assert_int_equal(virtio_net_receive(&net), VIRTIO_Q_NOT_READY);
	assert_int_equal(recv_calls, 0);
}

static void test_receive_buffer_malformed(void **state)
{
	uint64_t small = fake_alloc(8, 8), ro = fake_alloc(1526, 8), good = fake_alloc(1526, 8);
	struct fake_buf b1 = { small, 8, true }, b2 = { ro, 1526, false }, b3 = { good, 1526, true };
	uint32_t id, len;

	(void)state;
	drv_publish(&drv, VIRTIO_NET_RXQ, drv_chain(&drv, VIRTIO_NET_RXQ, &b1, 1));
	drv_publish(&drv, VIRTIO_NET_RXQ, drv_chain(&drv, VIRTIO_NET_RXQ, &b2, 1));
	drv_publish(&drv, VIRTIO_NET_RXQ, drv_chain(&drv, VIRTIO_NET_RXQ, &b3, 1));
	queue_frame(60, 0x42);
	assert_int_equal(virtio_net_receive(&net), VIRTIO_Q_NEED_BUFFERS);
	assert_true(drv_used(&drv, VIRTIO_NET_RXQ, &id, &len));
	assert_int_equal(len, 0);
	assert_true(drv_used(&drv, VIRTIO_NET_RXQ, &id, &len));
	assert_int_equal(len, 0);
	assert_true(drv_used(&drv, VIRTIO_NET_RXQ, &id, &len));
	assert_int_equal(len, 72);
	assert_int_equal(fake.logs, 2);
}

static void test_receive_scattered_buffer(void **state)
{
	uint64_t a = fake_alloc(12, 8), b = fake_alloc(30, 8), c = fake_alloc(100, 8);
	struct fake_buf bufs[3] = { { a, 12, true }, { b, 30, true }, { c, 100, true } };
	uint32_t id, len;

	(void)state;
	drv_publish(&drv, VIRTIO_NET_RXQ, drv_chain(&drv, VIRTIO_NET_RXQ, bufs, 3));
	drv_publish(&drv, VIRTIO_NET_RXQ, drv_chain(&drv, VIRTIO_NET_RXQ, bufs, 3));
	queue_frame(64, 0x77);
	/* One frame, two buffers: the back end runs dry first. */
	assert_int_equal(virtio_net_receive(&net), VIRTIO_Q_DONE);
	assert_true(drv_used(&drv, VIRTIO_NET_RXQ, &id, &len));
	assert_int_equal(len, 76);
	assert_int_equal(((uint8_t *)fake_ptr(b))[29], 0x77);
	assert_int_equal(((uint8_t *)fake_ptr(c))[33], 0x77);
	assert_int_equal(((uint8_t *)fake_ptr(c))[34], 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_config_mac_and_link, setup),
		cmocka_unit_test_setup(test_transmit, setup),
		cmocka_unit_test_setup(test_transmit_header_and_frame_together, setup),
		cmocka_unit_test_setup(test_transmit_malformed, setup),
		cmocka_unit_test_setup(test_receive, setup),
		cmocka_unit_test_setup(test_receive_without_buffers, setup),
		cmocka_unit_test_setup(test_receive_before_driver_ok, setup),
		cmocka_unit_test_setup(test_receive_buffer_malformed, setup),
		cmocka_unit_test_setup(test_receive_scattered_buffer, setup),
	};
	return cmocka_run_group_tests_name("virtio_net", tests, NULL, NULL);
}
