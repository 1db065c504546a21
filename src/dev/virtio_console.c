/* SPDX-License-Identifier: MIT */
/* virtio console, single port; see virtio_console.h. */
#include <string.h>

#include "dev/dev_state.h"
#include "dev/virtio_console.h"
#include "dev/virtio_spec.h"

static void transmit(struct virtio_console *con, struct virtio_mmio *t)
{
	struct virtq_chain *c;

	while ((c = virtio_mmio_pop(t, VIRTIO_CONSOLE_TXQ))) {
		for (unsigned i = 0; i < c->nr_read; i++) {
			con->out.write(con->out.ctx, c->seg[i].ptr, c->seg[i].len);
			con->tx_bytes += c->seg[i].len;
		}
		if (c->nr_write)
			virtio_mmio_log(t, "transmit buffer with writable parts (ignored)");
		virtio_mmio_push(t, VIRTIO_CONSOLE_TXQ, c->head, 0);
	}
}

static enum virtio_q_result receive(struct virtio_console *con,
				    struct virtio_mmio *t)
{
	struct virtq_chain *c;

	if (!con->in.read)
		return VIRTIO_Q_DONE;
	for (;;) {
		uint32_t total = 0;

		c = virtio_mmio_pop(t, VIRTIO_CONSOLE_RXQ);
		if (!c)
			return VIRTIO_Q_NEED_BUFFERS;
		if (c->nr_read) {
			virtio_mmio_log(t, "receive buffer with readable parts");
			virtio_mmio_push(t, VIRTIO_CONSOLE_RXQ, c->head, 0);
			continue;
		}
		for (unsigned i = c->nr_read; i < c->nr_read + c->nr_write; i++) {
			long r = con->in.read(con->in.ctx, c->seg[i].ptr, c->seg[i].len);

			if (r <= 0)
				break;
			if ((unsigned long)r > c->seg[i].len)
				r = (long)c->seg[i].len;
			total += (uint32_t)r;
			if ((unsigned long)r < c->seg[i].len)
				break;
		}
		if (!total) {
			virtio_mmio_unpop(t, VIRTIO_CONSOLE_RXQ);
			return VIRTIO_Q_DONE;
		}
		con->rx_bytes += total;
		virtio_mmio_push(t, VIRTIO_CONSOLE_RXQ, c->head, total);
	}
}

static enum virtio_q_result console_process(void *dev, struct virtio_mmio *t,
					    unsigned q)
{
	struct virtio_console *con = dev;

	if (q == VIRTIO_CONSOLE_TXQ) {
		transmit(con, t);
		return VIRTIO_Q_DONE;
	}
	return receive(con, t);
}

static void console_config_read(void *dev, uint32_t off, void *buf, unsigned len)
{
	struct virtio_console *con = dev;

	memcpy(buf, con->config + off, len);
}

static const struct virtio_device_ops console_ops = {
	.device_id = VIRTIO_ID_CONSOLE,
	.nr_queues = 2,
	.config_size = VIRTIO_CONSOLE_CFG_SIZE,
	.config_read = console_config_read,
	.queue_process = console_process,
};

void virtio_console_init(struct virtio_console *con,
			 const struct virtio_mmio_params *p,
			 const struct dev_byte_sink *out,
			 const struct virtio_console_input *in)
{
	memset(con, 0, sizeof(*con));
	con->out = *out;
	if (in)
		con->in = *in;
	virtio_mmio_init(&con->transport, p, &console_ops, con, 0);
}

enum virtio_q_result virtio_console_receive(struct virtio_console *con)
{
	return virtio_mmio_process_queue(&con->transport, VIRTIO_CONSOLE_RXQ);
}

/* ---- saved state ---- */

#define CONSOLE_STATE_VERSION 1

int virtio_console_save(const struct virtio_console *con, void *buf, size_t len)
{
	struct dev_state s;

	dev_state_begin_save(&s, buf, len, "VCON", CONSOLE_STATE_VERSION);
	virtio_mmio_state_save(&con->transport, &s);
	dev_state_put(&s, con->config, sizeof(con->config));
	dev_state_put_u64(&s, con->rx_bytes);
	dev_state_put_u64(&s, con->tx_bytes);
	return dev_state_end(&s);
}

int virtio_console_load(struct virtio_console *con, const void *buf, size_t len,
			const char **why)
{
	struct dev_state s;
	struct virtio_mmio_saved t;
	uint8_t config[VIRTIO_CONSOLE_CFG_SIZE];
	uint64_t rx, tx;

	if (dev_state_begin_load(&s, buf, len, "VCON", CONSOLE_STATE_VERSION))
		virtio_mmio_state_load(&con->transport, &s, &t);
	dev_state_get(&s, config, sizeof(config));
	rx = dev_state_get_u64(&s);
	tx = dev_state_get_u64(&s);
	if (memcmp(config, con->config, sizeof(config)))
		dev_state_fail(&s, "console configuration differs from the snapshot's");
	dev_state_expect_end(&s);
	if (dev_state_end(&s) < 0) {
		if (why)
			*why = s.why;
		return -1;
	}
	virtio_mmio_state_commit(&con->transport, &t);
	con->rx_bytes = rx;
	con->tx_bytes = tx;
	return 0;
}
