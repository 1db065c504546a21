/* SPDX-License-Identifier: MIT */
/* virtio entropy device; see virtio_rng.h. */
#include <string.h>

#include "dev/dev_state.h"
#include "dev/virtio_rng.h"
#include "dev/virtio_spec.h"

static enum virtio_q_result rng_process(void *dev, struct virtio_mmio *t,
					unsigned q)
{
	struct virtio_rng *r = dev;
	struct virtq_chain *c;

	while ((c = virtio_mmio_pop(t, q))) {
		uint32_t total = 0;

		if (c->nr_read)
			virtio_mmio_log(t, "entropy request with readable parts (ignored)");
		for (unsigned i = c->nr_read; i < c->nr_read + c->nr_write; i++) {
			size_t n = r->be.fill(r->be.ctx, c->seg[i].ptr, c->seg[i].len);

			if (n > c->seg[i].len)
				n = c->seg[i].len;
			total += (uint32_t)n;
			if (n < c->seg[i].len)
				break;
		}
		r->bytes += total;
		virtio_mmio_push(t, q, c->head, total);
	}
	return VIRTIO_Q_DONE;
}

static void rng_config_read(void *dev, uint32_t off, void *buf, unsigned len)
{
	(void)dev;
	(void)off;
	(void)buf;
	(void)len;
}

static const struct virtio_device_ops rng_ops = {
	.device_id = VIRTIO_ID_ENTROPY,
	.nr_queues = 1,
	.config_size = 0,
	.config_read = rng_config_read,
	.queue_process = rng_process,
};

void virtio_rng_init(struct virtio_rng *r, const struct virtio_mmio_params *p,
		     const struct virtio_rng_backend *be)
{
	memset(r, 0, sizeof(*r));
	r->be = *be;
	virtio_mmio_init(&r->transport, p, &rng_ops, r, 0);
}

/* ---- saved state ---- */

#define RNG_STATE_VERSION 1

int virtio_rng_save(const struct virtio_rng *r, void *buf, size_t len)
{
	struct dev_state s;

	dev_state_begin_save(&s, buf, len, "VRNG", RNG_STATE_VERSION);
	virtio_mmio_state_save(&r->transport, &s);
	dev_state_put_u64(&s, r->bytes);
	return dev_state_end(&s);
}

int virtio_rng_load(struct virtio_rng *r, const void *buf, size_t len,
		    const char **why)
{
	struct dev_state s;
	struct virtio_mmio_saved t;
	uint64_t bytes;

	if (dev_state_begin_load(&s, buf, len, "VRNG", RNG_STATE_VERSION))
		virtio_mmio_state_load(&r->transport, &s, &t);
	bytes = dev_state_get_u64(&s);
	dev_state_expect_end(&s);
	if (dev_state_end(&s) < 0) {
		if (why)
			*why = s.why;
		return -1;
	}
	virtio_mmio_state_commit(&r->transport, &t);
	r->bytes = bytes;
	return 0;
}
