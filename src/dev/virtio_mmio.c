/* SPDX-License-Identifier: MIT */
/* virtio-mmio version 2 transport; see virtio_mmio.h and docs/virtio.md. */
#include <string.h>

#include "dev/virtio_mmio.h"
#include "dev/virtio_spec.h"
#include "dev/dev_log.h"

#define TRANSPORT_FEATURES (VIRTIO_BIT(VIRTIO_F_VERSION_1) | \
			    VIRTIO_BIT(VIRTIO_F_RING_INDIRECT_DESC) | \
			    VIRTIO_BIT(VIRTIO_F_RING_EVENT_IDX))

static void lock(struct virtio_mmio *t)
{
	if (t->hooks.lock)
		t->hooks.lock(t->hooks.ctx);
}

static void unlock(struct virtio_mmio *t)
{
	if (t->hooks.unlock)
		t->hooks.unlock(t->hooks.ctx);
}

void virtio_mmio_log(struct virtio_mmio *t, const char *msg)
{
	if (!t->host.log || !t->log_budget)
		return;
	/* Per device, refilled at reset; the VM's budget (dev_log) is not. */
	if (--t->log_budget == 0)
		msg = "further diagnostics suppressed until the device is reset";
	dev_log(&t->host, t->region.name, msg);
}

/* ---- interrupts ---- */

/*
 * InterruptStatus without read-modify-write atomics (which would pull
 * libgcc helpers into the EL2 build): per bit, a count of raises written
 * only under the transport lock, and the count the driver last
 * acknowledged, written only by InterruptACK. A bit is pending while the
 * two differ; an ACK racing with a raise leaves the bit pending, so no
 * interrupt is ever lost.
 */
static unsigned isr_bit_index(uint32_t bit)
{
	return bit == VIRTIO_MMIO_INT_VRING ? 0 : 1;
}

static uint32_t read_isr(const struct virtio_mmio *t)
{
	uint32_t v = 0;

	for (unsigned i = 0; i < 2; i++)
		if (__atomic_load_n(&t->irq_raised[i], __ATOMIC_SEQ_CST) !=
		    __atomic_load_n(&t->irq_acked[i], __ATOMIC_SEQ_CST))
			v |= 1u << i;
	return v;
}

static void update_level(struct virtio_mmio *t)
{
	bool level = read_isr(t) != 0;

	if (level != t->irq_level && t->host.set_irq) {
		t->irq_level = level;
		t->host.set_irq(t->host.ctx, t->spi, level);
	}
}

static void raise_irq(struct virtio_mmio *t, uint32_t bit)
{
	unsigned i = isr_bit_index(bit);

	__atomic_store_n(&t->irq_raised[i], t->irq_raised[i] + 1, __ATOMIC_SEQ_CST);
	if (t->threaded)
		t->hooks.interrupt(t->hooks.ctx);
	else
		update_level(t);
}

static void ack_irq(struct virtio_mmio *t, uint32_t bits)
{
	for (unsigned i = 0; i < 2; i++)
		if (bits & (1u << i))
			__atomic_store_n(&t->irq_acked[i],
					 __atomic_load_n(&t->irq_raised[i], __ATOMIC_SEQ_CST),
					 __ATOMIC_SEQ_CST);
	if (!t->threaded)
		update_level(t);
}

/* ---- lifecycle ---- */

static void device_reset(struct virtio_mmio *t)
{
	t->device_features_sel = 0;
	t->driver_features_sel = 0;
	t->driver_features = 0;
	t->queue_sel = 0;
	t->status = 0;
	t->shm_sel = 0;
	t->broken = false;
	t->log_budget = VIRTIO_MMIO_LOG_BUDGET;
	for (unsigned i = 0; i < VIRTIO_MMIO_MAX_QUEUES; i++) {
		virtq_reset(&t->vq[i]);
		t->used_checked[i] = 0;
	}
	ack_irq(t, ~0u);
	if (t->ops->reset)
		t->ops->reset(t->dev);
}

void virtio_mmio_init(struct virtio_mmio *t, const struct virtio_mmio_params *p,
		      const struct virtio_device_ops *ops, void *dev,
		      uint64_t device_features)
{
	memset(t, 0, sizeof(*t));
	t->region.name = p->name;
	t->region.base = p->base;
	t->region.size = VIRTIO_MMIO_SIZE;
	t->region.dev = t;
	t->region.read = virtio_mmio_read;
	t->region.write = virtio_mmio_write;
	t->host = *p->host;
	if (p->hooks)
		t->hooks = *p->hooks;
	t->threaded = t->hooks.interrupt != NULL;
	t->spi = p->spi;
	t->ops = ops;
	t->dev = dev;
	t->device_features = device_features | TRANSPORT_FEATURES;
	device_reset(t);
}

void virtio_mmio_device_error(struct virtio_mmio *t, const char *why)
{
	virtio_mmio_log(t, why);
	if (t->broken)
		return;
	t->broken = true;
	/* 2.1.2: after setting DEVICE_NEEDS_RESET with DRIVER_OK, the device
	 * must send a configuration change notification. */
	t->status |= VIRTIO_STATUS_DEVICE_NEEDS_RESET;
	if (t->status & VIRTIO_STATUS_DRIVER_OK)
		raise_irq(t, VIRTIO_MMIO_INT_CONFIG);
}

void virtio_mmio_config_changed(struct virtio_mmio *t)
{
	lock(t);
	t->config_generation++;
	if (t->status & VIRTIO_STATUS_DRIVER_OK)
		raise_irq(t, VIRTIO_MMIO_INT_CONFIG);
	unlock(t);
}

bool virtio_mmio_has_feature(const struct virtio_mmio *t, unsigned f)
{
	return f < 64 && (t->driver_features & VIRTIO_BIT(f));
}

bool virtio_mmio_queue_live(const struct virtio_mmio *t, unsigned q)
{
	const uint32_t need = VIRTIO_STATUS_DRIVER_OK | VIRTIO_STATUS_FEATURES_OK;

	return q < t->ops->nr_queues && !t->broken &&
	       (t->status & need) == need && t->vq[q].ready;
}

/* ---- queues, for device models ---- */

struct virtq_chain *virtio_mmio_pop(struct virtio_mmio *t, unsigned q)
{
	struct virtq *vq = &t->vq[q];
	enum virtq_status s;

	if (!virtio_mmio_queue_live(t, q))
		return NULL;
	for (;;) {
		s = virtq_pop(vq, &t->host, &t->chain);
		if (s == VIRTQ_OK)
			return &t->chain;
		if (s != VIRTQ_EMPTY) {
			virtio_mmio_device_error(t, virtq_status_str(s));
			return NULL;
		}
		/* Empty: ask for a notification, then look once more so a
		 * buffer added meanwhile is not left waiting. */
		if (!virtq_arm_notify(vq))
			return NULL;
	}
}

void virtio_mmio_unpop(struct virtio_mmio *t, unsigned q)
{
	virtq_unpop(&t->vq[q]);
}

void virtio_mmio_push(struct virtio_mmio *t, unsigned q, uint16_t head,
		      uint32_t written)
{
	virtq_push(&t->vq[q], head, written);
}

static void interrupt_if_used(struct virtio_mmio *t)
{
	bool want = false;

	for (unsigned q = 0; q < t->ops->nr_queues; q++) {
		struct virtq *vq = &t->vq[q];

		if (!vq->ready || vq->used_idx == t->used_checked[q])
			continue;
		t->used_checked[q] = vq->used_idx;
		if (virtq_should_interrupt(vq))
			want = true;
	}
	if (want)
		raise_irq(t, VIRTIO_MMIO_INT_VRING);
}

static enum virtio_q_result process_locked(struct virtio_mmio *t, unsigned q)
{
	enum virtio_q_result r;

	if (!virtio_mmio_queue_live(t, q))
		return VIRTIO_Q_NOT_READY;
	r = t->ops->queue_process(t->dev, t, q);
	interrupt_if_used(t);
	if (t->broken)
		return VIRTIO_Q_NOT_READY;
	return r;
}

enum virtio_q_result virtio_mmio_process_queue(struct virtio_mmio *t, unsigned q)
{
	enum virtio_q_result r;

	lock(t);
	r = process_locked(t, q);
	unlock(t);
	return r;
}

/* ---- registers ---- */

static uint32_t features_word(uint64_t f, uint32_t sel)
{
	return sel < 2 ? (uint32_t)(f >> (32 * sel)) : 0;
}

static struct virtq *selected_queue(struct virtio_mmio *t)
{
	return t->queue_sel < t->ops->nr_queues ? &t->vq[t->queue_sel] : NULL;
}

static uint64_t config_read(struct virtio_mmio *t, uint64_t off, unsigned size)
{
	uint8_t buf[8];

	if ((size != 1 && size != 2 && size != 4 && size != 8) ||
	    off > t->ops->config_size || size > t->ops->config_size - off) {
		virtio_mmio_log(t, "config read out of range or of a bad size");
		return 0;
	}
	t->ops->config_read(t->dev, (uint32_t)off, buf, size);
	switch (size) {
	case 1: return buf[0];
	case 2: return virtio_ld16(buf);
	case 4: return virtio_ld32(buf);
	default: return virtio_ld64(buf);
	}
}

static void config_write(struct virtio_mmio *t, uint64_t off, unsigned size,
			 uint64_t value)
{
	uint8_t buf[8];

	if ((size != 1 && size != 2 && size != 4 && size != 8) ||
	    off > t->ops->config_size || size > t->ops->config_size - off ||
	    !t->ops->config_write) {
		virtio_mmio_log(t, "config write to a read-only field, out of range or of a bad size");
		return;
	}
	virtio_st64(buf, value);
	t->ops->config_write(t->dev, (uint32_t)off, buf, size);
}

static uint32_t reg_read(struct virtio_mmio *t, uint64_t off)
{
	struct virtq *vq = selected_queue(t);

	switch (off) {
	case VIRTIO_MMIO_MAGIC_VALUE: return VIRTIO_MMIO_MAGIC;
	case VIRTIO_MMIO_VERSION: return VIRTIO_MMIO_VERSION_MODERN;
	case VIRTIO_MMIO_DEVICE_ID: return t->ops->device_id;
	case VIRTIO_MMIO_VENDOR_ID: return VIRTIO_MMIO_VENDOR;
	case VIRTIO_MMIO_DEVICE_FEATURES:
		return features_word(t->device_features, t->device_features_sel);
	case VIRTIO_MMIO_QUEUE_NUM_MAX: return vq ? VIRTIO_MMIO_QUEUE_MAX : 0;
	case VIRTIO_MMIO_QUEUE_READY: return vq ? vq->ready : 0;
	case VIRTIO_MMIO_INTERRUPT_STATUS: return read_isr(t);
	case VIRTIO_MMIO_STATUS: return t->status;
	case VIRTIO_MMIO_CONFIG_GENERATION: return t->config_generation;
	/* No shared memory regions: a length of all ones says "none" (4.2.2). */
	case VIRTIO_MMIO_SHM_LEN_LOW:
	case VIRTIO_MMIO_SHM_LEN_HIGH:
	case VIRTIO_MMIO_SHM_BASE_LOW:
	case VIRTIO_MMIO_SHM_BASE_HIGH:
		return 0xffffffffu;
	}
	/* Write-only and reserved registers read as zero. */
	return 0;
}

static void features_ok(struct virtio_mmio *t, uint32_t value)
{
	if (!(t->driver_features & VIRTIO_BIT(VIRTIO_F_VERSION_1))) {
		virtio_mmio_log(t, "driver did not accept VIRTIO_F_VERSION_1");
		value &= ~VIRTIO_STATUS_FEATURES_OK;
	} else if (t->driver_features & ~t->device_features) {
		virtio_mmio_log(t, "driver accepted features the device does not offer");
		value &= ~VIRTIO_STATUS_FEATURES_OK;
	}
	t->status = value;
}

static void status_write(struct virtio_mmio *t, uint32_t value)
{
	bool was_ok = t->status & VIRTIO_STATUS_DRIVER_OK;

	if (value == 0) {
		device_reset(t);
		return;
	}
	/*
	 * The driver only ever adds bits (2.1.1) and only the ones it owns:
	 * DEVICE_NEEDS_RESET is the device's to set (virtio_mmio_device_error),
	 * and reserved bits are dropped, so Status never claims a state the
	 * device is not in.
	 */
	value &= VIRTIO_STATUS_DRIVER_BITS;
	value |= t->status & VIRTIO_STATUS_DEVICE_NEEDS_RESET;
	if ((value & VIRTIO_STATUS_FEATURES_OK) &&
	    !(t->status & VIRTIO_STATUS_FEATURES_OK)) {
		features_ok(t, value);
	} else {
		/* DRIVER_OK without FEATURES_OK is stored but never makes a
		 * queue live (virtio_mmio_queue_live wants both). */
		t->status = value;
	}
	/* Buffers may have been posted before DRIVER_OK: look at them now
	 * (threaded: on the I/O thread, which also re-polls receive back ends). */
	if (!was_ok && (t->status & VIRTIO_STATUS_DRIVER_OK)) {
		for (unsigned q = 0; q < t->ops->nr_queues; q++) {
			if (!virtq_has_avail(&t->vq[q]))
				continue;
			if (t->hooks.notify)
				t->hooks.notify(t->hooks.ctx, q);
			else
				process_locked(t, q);
		}
	}
}

static void queue_ready_write(struct virtio_mmio *t, struct virtq *vq,
			      uint32_t value)
{
	const char *why;

	if (!value) {
		vq->ready = false;
		return;
	}
	if (vq->ready)
		return;
	vq->indirect = virtio_mmio_has_feature(t, VIRTIO_F_RING_INDIRECT_DESC);
	vq->event_idx = virtio_mmio_has_feature(t, VIRTIO_F_RING_EVENT_IDX);
	why = virtq_enable(vq, &t->host, VIRTIO_MMIO_QUEUE_MAX);
	if (why)
		virtio_mmio_device_error(t, why);
	else
		t->used_checked[t->queue_sel] = 0;
}

static void set_half(uint64_t *v, bool high, uint32_t value)
{
	if (high)
		*v = (*v & 0xffffffffULL) | (uint64_t)value << 32;
	else
		*v = (*v & ~0xffffffffULL) | value;
}

static void queue_write(struct virtio_mmio *t, uint64_t off, uint32_t value)
{
	struct virtq *vq = selected_queue(t);

	if (!vq) {
		virtio_mmio_log(t, "queue register written with QueueSel out of range");
		return;
	}
	if (off == VIRTIO_MMIO_QUEUE_READY) {
		queue_ready_write(t, vq, value);
		return;
	}
	if (vq->ready) {
		virtio_mmio_log(t, "queue configuration changed while the queue is ready");
		return;
	}
	switch (off) {
	case VIRTIO_MMIO_QUEUE_NUM:
		vq->num = value > 0xffff ? 0 : (uint16_t)value;
		if (value > 0xffff)
			virtio_mmio_log(t, "QueueNum above 65535");
		break;
	case VIRTIO_MMIO_QUEUE_DESC_LOW:
	case VIRTIO_MMIO_QUEUE_DESC_HIGH:
		set_half(&vq->desc_gpa, off == VIRTIO_MMIO_QUEUE_DESC_HIGH, value);
		break;
	case VIRTIO_MMIO_QUEUE_DRIVER_LOW:
	case VIRTIO_MMIO_QUEUE_DRIVER_HIGH:
		set_half(&vq->avail_gpa, off == VIRTIO_MMIO_QUEUE_DRIVER_HIGH, value);
		break;
	case VIRTIO_MMIO_QUEUE_DEVICE_LOW:
	case VIRTIO_MMIO_QUEUE_DEVICE_HIGH:
		set_half(&vq->used_gpa, off == VIRTIO_MMIO_QUEUE_DEVICE_HIGH, value);
		break;
	}
}

static void notify_write(struct virtio_mmio *t, uint32_t q)
{
	if (q >= t->ops->nr_queues) {
		virtio_mmio_log(t, "QueueNotify for a queue that does not exist");
		return;
	}
	if (t->hooks.notify)
		t->hooks.notify(t->hooks.ctx, q);
	else
		process_locked(t, q);
}

static void reg_write(struct virtio_mmio *t, uint64_t off, uint32_t value)
{
	switch (off) {
	case VIRTIO_MMIO_DEVICE_FEATURES_SEL:
		t->device_features_sel = value;
		return;
	case VIRTIO_MMIO_DRIVER_FEATURES:
		if (t->status & VIRTIO_STATUS_FEATURES_OK) {
			virtio_mmio_log(t, "DriverFeatures written after FEATURES_OK");
			return;
		}
		if (t->driver_features_sel < 2)
			set_half(&t->driver_features, t->driver_features_sel == 1, value);
		return;
	case VIRTIO_MMIO_DRIVER_FEATURES_SEL:
		t->driver_features_sel = value;
		return;
	case VIRTIO_MMIO_QUEUE_SEL:
		t->queue_sel = value;
		return;
	case VIRTIO_MMIO_QUEUE_NUM:
	case VIRTIO_MMIO_QUEUE_READY:
	case VIRTIO_MMIO_QUEUE_DESC_LOW:
	case VIRTIO_MMIO_QUEUE_DESC_HIGH:
	case VIRTIO_MMIO_QUEUE_DRIVER_LOW:
	case VIRTIO_MMIO_QUEUE_DRIVER_HIGH:
	case VIRTIO_MMIO_QUEUE_DEVICE_LOW:
	case VIRTIO_MMIO_QUEUE_DEVICE_HIGH:
		queue_write(t, off, value);
		return;
	case VIRTIO_MMIO_QUEUE_NOTIFY:
		notify_write(t, value);
		return;
	case VIRTIO_MMIO_INTERRUPT_ACK:
		ack_irq(t, value);
		return;
	case VIRTIO_MMIO_STATUS:
		status_write(t, value);
		return;
	case VIRTIO_MMIO_SHM_SEL:
		t->shm_sel = value;
		return;
	}
	virtio_mmio_log(t, "write to a read-only or reserved register");
}

uint64_t virtio_mmio_read(void *opaque, uint64_t off, unsigned size)
{
	struct virtio_mmio *t = opaque;
	uint64_t v;

	if (off >= VIRTIO_MMIO_CONFIG) {
		lock(t);
		v = config_read(t, off - VIRTIO_MMIO_CONFIG, size);
		unlock(t);
		return v;
	}
	if (size != 4 || off % 4) {
		lock(t);
		virtio_mmio_log(t, "register read not 32-bit wide and aligned");
		unlock(t);
		return 0;
	}
	if (off == VIRTIO_MMIO_INTERRUPT_STATUS && t->threaded)
		return read_isr(t);
	lock(t);
	v = reg_read(t, off);
	unlock(t);
	return v;
}

void virtio_mmio_write(void *opaque, uint64_t off, unsigned size, uint64_t value)
{
	struct virtio_mmio *t = opaque;

	if (off < VIRTIO_MMIO_CONFIG && off == VIRTIO_MMIO_INTERRUPT_ACK &&
	    size == 4 && t->threaded) {
		ack_irq(t, (uint32_t)value);
		return;
	}
	lock(t);
	if (off >= VIRTIO_MMIO_CONFIG)
		config_write(t, off - VIRTIO_MMIO_CONFIG, size, value);
	else if (size != 4 || off % 4)
		virtio_mmio_log(t, "register write not 32-bit wide and aligned");
	else
		reg_write(t, off, (uint32_t)value);
	unlock(t);
}
