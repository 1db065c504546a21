// SPDX-License-Identifier: MIT
/*
 * Saved state of a virtio-mmio transport (virtio_mmio.h, "Saved state"):
 * what a driver set up through the registers (virtio 1.1, 4.2.2) and the
 * device's side of each split virtqueue (2.6), so a restored device goes
 * on exactly where it stopped: the next chain it takes is the avail slot
 * after the last one it consumed, and it publishes after the last used
 * entry. The rings themselves are guest RAM, restored with it.
 */
#include <string.h>

#include "dev/dev_state.h"
#include "dev/virtio_mmio.h"
#include "dev/virtio_spec.h"

static void queue_save(const struct virtq *q, uint16_t used_checked,
		       struct dev_state *s)
{
	dev_state_put_u16(s, q->num);
	dev_state_put_u8(s, q->ready);
	dev_state_put_u64(s, q->desc_gpa);
	dev_state_put_u64(s, q->avail_gpa);
	dev_state_put_u64(s, q->used_gpa);
	dev_state_put_u8(s, q->indirect);
	dev_state_put_u8(s, q->event_idx);
	dev_state_put_u16(s, q->last_avail);
	dev_state_put_u16(s, q->used_idx);
	dev_state_put_u16(s, q->signalled_used);
	dev_state_put_u8(s, q->signalled_valid);
	dev_state_put_u16(s, used_checked);
}

void virtio_mmio_state_save(const struct virtio_mmio *t, struct dev_state *s)
{
	uint32_t isr = 0;

	for (unsigned i = 0; i < 2; i++)
		if (__atomic_load_n(&t->irq_raised[i], __ATOMIC_SEQ_CST) !=
		    __atomic_load_n(&t->irq_acked[i], __ATOMIC_SEQ_CST))
			isr |= 1u << i;
	/* What the device is: checked against the loading side's. */
	dev_state_put_u32(s, t->ops->device_id);
	dev_state_put_u32(s, t->ops->nr_queues);
	dev_state_put_u64(s, t->device_features);
	/* Registers. */
	dev_state_put_u32(s, t->device_features_sel);
	dev_state_put_u32(s, t->driver_features_sel);
	dev_state_put_u64(s, t->driver_features);
	dev_state_put_u32(s, t->queue_sel);
	dev_state_put_u32(s, t->status);
	dev_state_put_u32(s, t->config_generation);
	dev_state_put_u32(s, t->shm_sel);
	dev_state_put_u8(s, t->broken);
	dev_state_put_u32(s, t->log_budget);
	dev_state_put_u32(s, isr);
	for (unsigned q = 0; q < t->ops->nr_queues; q++)
		queue_save(&t->vq[q], t->used_checked[q], s);
}

/* Queue q of the saved transport, checked against this guest's RAM. */
static void queue_load(const struct virtio_mmio *t, struct dev_state *s,
		       struct virtio_mmio_saved *out, unsigned q)
{
	struct virtq *vq = &out->vq[q];
	uint16_t last_avail, used_idx, signalled_used;
	bool signalled_valid;

	memset(vq, 0, sizeof(*vq));
	vq->num = dev_state_get_u16(s);
	vq->ready = dev_state_get_u8(s) != 0;
	vq->desc_gpa = dev_state_get_u64(s);
	vq->avail_gpa = dev_state_get_u64(s);
	vq->used_gpa = dev_state_get_u64(s);
	vq->indirect = dev_state_get_u8(s) != 0;
	vq->event_idx = dev_state_get_u8(s) != 0;
	last_avail = dev_state_get_u16(s);
	used_idx = dev_state_get_u16(s);
	signalled_used = dev_state_get_u16(s);
	signalled_valid = dev_state_get_u8(s) != 0;
	out->used_checked[q] = dev_state_get_u16(s);
	if (s->bad || !vq->ready)
		goto indices;
	if (vq->indirect != ((out->driver_features >> VIRTIO_F_RING_INDIRECT_DESC) & 1) ||
	    vq->event_idx != ((out->driver_features >> VIRTIO_F_RING_EVENT_IDX) & 1)) {
		dev_state_fail(s, "a queue's ring features disagree with the driver's");
		return;
	}
	/* The same checks a driver's QueueReady write gets, and the host
	 * pointers resolved in this guest's RAM. */
	if (virtq_enable(vq, &t->host, VIRTIO_MMIO_QUEUE_MAX)) {
		dev_state_fail(s, "a ready queue's rings are not valid in this guest's RAM");
		return;
	}
indices:
	/* After virtq_enable, which starts a queue afresh. */
	vq->last_avail = last_avail;
	vq->used_idx = used_idx;
	vq->signalled_used = signalled_used;
	vq->signalled_valid = signalled_valid;
}

void virtio_mmio_state_load(const struct virtio_mmio *t, struct dev_state *s,
			    struct virtio_mmio_saved *out)
{
	const uint32_t status_bits = VIRTIO_STATUS_DRIVER_BITS |
				     VIRTIO_STATUS_DEVICE_NEEDS_RESET;
	uint32_t device_id = dev_state_get_u32(s);
	uint32_t nr_queues = dev_state_get_u32(s);
	uint64_t device_features = dev_state_get_u64(s);

	memset(out, 0, sizeof(*out));
	if (s->bad)
		return;
	if (device_id != t->ops->device_id || nr_queues != t->ops->nr_queues) {
		dev_state_fail(s, "saved state is of another virtio device type");
		return;
	}
	if (device_features != t->device_features) {
		dev_state_fail(s, "device features differ from the snapshot's "
			       "(another back end or option, e.g. read-only)");
		return;
	}
	out->device_features_sel = dev_state_get_u32(s);
	out->driver_features_sel = dev_state_get_u32(s);
	out->driver_features = dev_state_get_u64(s);
	out->queue_sel = dev_state_get_u32(s);
	out->status = dev_state_get_u32(s);
	out->config_generation = dev_state_get_u32(s);
	out->shm_sel = dev_state_get_u32(s);
	out->broken = dev_state_get_u8(s) != 0;
	out->log_budget = dev_state_get_u32(s);
	out->isr = dev_state_get_u32(s);
	if (s->bad)
		return;
	if (out->driver_features & ~device_features)
		dev_state_fail(s, "driver features the device does not offer");
	else if (out->status & ~status_bits)
		dev_state_fail(s, "invalid device status");
	else if (out->broken != !!(out->status & VIRTIO_STATUS_DEVICE_NEEDS_RESET))
		dev_state_fail(s, "device status disagrees with the device's error state");
	else if (out->log_budget > VIRTIO_MMIO_LOG_BUDGET ||
		 out->isr & ~(uint32_t)(VIRTIO_MMIO_INT_VRING | VIRTIO_MMIO_INT_CONFIG))
		dev_state_fail(s, "invalid transport state");
	for (unsigned q = 0; q < nr_queues && !s->bad; q++)
		queue_load(t, s, out, q);
}

void virtio_mmio_state_commit(struct virtio_mmio *t,
			      const struct virtio_mmio_saved *saved)
{
	t->device_features_sel = saved->device_features_sel;
	t->driver_features_sel = saved->driver_features_sel;
	t->driver_features = saved->driver_features;
	t->queue_sel = saved->queue_sel;
	t->status = saved->status;
	t->config_generation = saved->config_generation;
	t->shm_sel = saved->shm_sel;
	t->broken = saved->broken;
	t->log_budget = saved->log_budget;
	for (unsigned q = 0; q < VIRTIO_MMIO_MAX_QUEUES; q++) {
		t->vq[q] = saved->vq[q];
		t->used_checked[q] = saved->used_checked[q];
	}
	/* A bit is pending while raised != acked (virtio_mmio.c). */
	for (unsigned i = 0; i < 2; i++) {
		__atomic_store_n(&t->irq_acked[i], 0, __ATOMIC_SEQ_CST);
		__atomic_store_n(&t->irq_raised[i], (saved->isr >> i) & 1, __ATOMIC_SEQ_CST);
	}
	if (!t->threaded && t->host.set_irq) {
		t->irq_level = saved->isr != 0;
		t->host.set_irq(t->host.ctx, t->spi, t->irq_level);
	}
}
