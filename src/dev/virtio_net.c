/* SPDX-License-Identifier: MIT */
/* virtio network device; see virtio_net.h. */
#include <string.h>

#include "dev/dev_state.h"
#include "dev/virtio_net.h"
#include "dev/virtio_spec.h"

/* Map the bytes of one part of a chain from `skip` on into n->iov. */
static unsigned chain_iov(struct virtio_net *n, const struct virtq_chain *c,
			  bool write, size_t skip)
{
	unsigned first = write ? c->nr_read : 0;
	unsigned end = write ? c->nr_read + c->nr_write : c->nr_read;
	unsigned k = 0;

	for (unsigned i = first; i < end; i++) {
		if (skip >= c->seg[i].len) {
			skip -= c->seg[i].len;
			continue;
		}
		n->iov[k].base = c->seg[i].ptr + skip;
		n->iov[k].len = c->seg[i].len - skip;
		skip = 0;
		k++;
	}
	return k;
}

static void transmit(struct virtio_net *n, struct virtio_mmio *t)
{
	struct virtq_chain *c;

	while ((c = virtio_mmio_pop(t, VIRTIO_NET_TXQ))) {
		unsigned k;

		if (c->nr_write || c->read_len <= VIRTIO_NET_HDR_SIZE) {
			virtio_mmio_log(t, "transmit buffer with writable parts or no frame");
			n->tx_dropped++;
		} else {
			k = chain_iov(n, c, false, VIRTIO_NET_HDR_SIZE);
			if (n->be.send(n->be.ctx, n->iov, k) < 0)
				n->tx_dropped++;
			else
				n->tx_frames++;
		}
		virtio_mmio_push(t, VIRTIO_NET_TXQ, c->head, 0);
	}
}

static enum virtio_q_result receive(struct virtio_net *n, struct virtio_mmio *t)
{
	uint8_t hdr[VIRTIO_NET_HDR_SIZE];
	struct virtq_chain *c;

	memset(hdr, 0, sizeof(hdr));
	virtio_st16(hdr + VIRTIO_NET_HDR_OFF_NUM_BUFFERS, 1);
	for (;;) {
		unsigned k;
		long len;

		c = virtio_mmio_pop(t, VIRTIO_NET_RXQ);
		if (!c)
			return VIRTIO_Q_NEED_BUFFERS;
		if (c->nr_read || c->write_len <= VIRTIO_NET_HDR_SIZE) {
			virtio_mmio_log(t, "receive buffer with readable parts or too small");
			virtio_mmio_push(t, VIRTIO_NET_RXQ, c->head, 0);
			continue;
		}
		k = chain_iov(n, c, true, VIRTIO_NET_HDR_SIZE);
		len = n->be.recv(n->be.ctx, n->iov, k);
		if (len <= 0) {
			virtio_mmio_unpop(t, VIRTIO_NET_RXQ);
			if (len < 0)
				n->rx_dropped++;
			return VIRTIO_Q_DONE;
		}
		if ((unsigned long)len > c->write_len - VIRTIO_NET_HDR_SIZE)
			len = (long)(c->write_len - VIRTIO_NET_HDR_SIZE);
		virtq_chain_write(c, 0, hdr, sizeof(hdr));
		virtio_mmio_push(t, VIRTIO_NET_RXQ, c->head,
				 (uint32_t)(VIRTIO_NET_HDR_SIZE + (unsigned long)len));
		n->rx_frames++;
	}
}

static enum virtio_q_result net_process(void *dev, struct virtio_mmio *t,
					unsigned q)
{
	struct virtio_net *n = dev;

	if (q == VIRTIO_NET_TXQ) {
		transmit(n, t);
		return VIRTIO_Q_DONE;
	}
	return receive(n, t);
}

static void net_config_read(void *dev, uint32_t off, void *buf, unsigned len)
{
	struct virtio_net *n = dev;

	memcpy(buf, n->config + off, len);
}

static const struct virtio_device_ops net_ops = {
	.device_id = VIRTIO_ID_NET,
	.nr_queues = 2,
	.config_size = VIRTIO_NET_CFG_SIZE,
	.config_read = net_config_read,
	.queue_process = net_process,
};

void virtio_net_init(struct virtio_net *n, const struct virtio_mmio_params *p,
		     const uint8_t mac[6], const struct virtio_net_backend *be)
{
	memset(n, 0, sizeof(*n));
	n->be = *be;
	memcpy(n->config + VIRTIO_NET_CFG_MAC, mac, 6);
	virtio_st16(n->config + VIRTIO_NET_CFG_STATUS, VIRTIO_NET_S_LINK_UP);
	virtio_mmio_init(&n->transport, p, &net_ops, n,
			 VIRTIO_BIT(VIRTIO_NET_F_MAC) | VIRTIO_BIT(VIRTIO_NET_F_STATUS));
}

enum virtio_q_result virtio_net_receive(struct virtio_net *n)
{
	return virtio_mmio_process_queue(&n->transport, VIRTIO_NET_RXQ);
}

/* ---- saved state ---- */

#define NET_STATE_VERSION 1

int virtio_net_save(const struct virtio_net *n, void *buf, size_t len)
{
	struct dev_state s;

	dev_state_begin_save(&s, buf, len, "VNET", NET_STATE_VERSION);
	virtio_mmio_state_save(&n->transport, &s);
	dev_state_put(&s, n->config, sizeof(n->config));
	dev_state_put_u64(&s, n->tx_frames);
	dev_state_put_u64(&s, n->rx_frames);
	dev_state_put_u64(&s, n->tx_dropped);
	dev_state_put_u64(&s, n->rx_dropped);
	return dev_state_end(&s);
}

int virtio_net_load(struct virtio_net *n, const void *buf, size_t len,
		    const char **why)
{
	struct dev_state s;
	struct virtio_mmio_saved t;
	uint8_t config[VIRTIO_NET_CFG_SIZE];
	uint64_t c[4];

	if (dev_state_begin_load(&s, buf, len, "VNET", NET_STATE_VERSION))
		virtio_mmio_state_load(&n->transport, &s, &t);
	dev_state_get(&s, config, sizeof(config));
	for (unsigned i = 0; i < 4; i++)
		c[i] = dev_state_get_u64(&s);
	/* The guest's driver holds the MAC address it read. */
	if (memcmp(config, n->config, sizeof(config)))
		dev_state_fail(&s, "MAC address differs from the snapshot's");
	dev_state_expect_end(&s);
	if (dev_state_end(&s) < 0) {
		if (why)
			*why = s.why;
		return -1;
	}
	virtio_mmio_state_commit(&n->transport, &t);
	n->tx_frames = c[0];
	n->rx_frames = c[1];
	n->tx_dropped = c[2];
	n->rx_dropped = c[3];
	return 0;
}
