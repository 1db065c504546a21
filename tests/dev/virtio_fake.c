/* SPDX-License-Identifier: MIT */
/* Fake guest and minimal driver for the virtio unit tests; see virtio_fake.h. */
#include <stdio.h>
#include <string.h>

#include "dev/virtio_spec.h"
#include "virtio_fake.h"

struct fake_guest fake;

static void fake_set_irq(void *ctx, unsigned spi, bool level)
{
	(void)ctx;
	(void)spi;
	if (level && !fake.irq_level)
		fake.irq_raises++;
	fake.irq_level = level;
}

static void *fake_guest_mem(void *ctx, uint64_t gpa, uint64_t len)
{
	(void)ctx;
	if (gpa < FAKE_RAM_BASE || gpa - FAKE_RAM_BASE > FAKE_RAM_SIZE ||
	    len > FAKE_RAM_SIZE - (gpa - FAKE_RAM_BASE))
		return NULL;
	return fake.ram + (gpa - FAKE_RAM_BASE);
}

static void fake_log(void *ctx, const char *dev, const char *msg)
{
	(void)ctx;
	fake.logs++;
	snprintf(fake.last_log, sizeof(fake.last_log), "%s: %s", dev, msg);
}

void fake_reset(void)
{
	memset(&fake, 0, sizeof(fake));
	fake.brk = FAKE_RAM_BASE + 0x1000;
	fake.host.set_irq = fake_set_irq;
	fake.host.guest_mem = fake_guest_mem;
	fake.host.log = fake_log;
}

uint64_t fake_alloc(uint64_t len, uint64_t align)
{
	uint64_t p = (fake.brk + align - 1) & ~(align - 1);

	fake.brk = p + len;
	if (fake.brk > FAKE_RAM_BASE + FAKE_RAM_SIZE) {
		fprintf(stderr, "fake guest RAM exhausted\n");
		return 0;
	}
	return p;
}

void *fake_ptr(uint64_t gpa)
{
	return fake.ram + (gpa - FAKE_RAM_BASE);
}

struct virtio_mmio_params fake_params(const char *name)
{
	struct virtio_mmio_params p = {
		.name = name, .base = 0x0a000000, .spi = 16, .host = &fake.host,
	};
	return p;
}

uint32_t drv_rd(struct fake_drv *d, uint64_t off)
{
	if (d->io_read)
		return d->io_read(d->io_ctx, off);
	return (uint32_t)virtio_mmio_read(d->t, off, 4);
}

void drv_wr(struct fake_drv *d, uint64_t off, uint32_t v)
{
	if (d->io_write) {
		d->io_write(d->io_ctx, off, v);
		return;
	}
	virtio_mmio_write(d->t, off, 4, v);
}

void drv_setup_queue(struct fake_drv *d, unsigned q, uint16_t num)
{
	struct fake_queue *fq = &d->q[q];

	memset(fq, 0, sizeof(*fq));
	fq->num = num;
	fq->desc = fake_alloc((uint64_t)num * VIRTQ_DESC_SIZE, 16);
	fq->avail = fake_alloc(6 + 2ULL * num, 2);
	fq->used = fake_alloc(6 + 8ULL * num, 4);
	drv_wr(d, VIRTIO_MMIO_QUEUE_SEL, q);
	drv_wr(d, VIRTIO_MMIO_QUEUE_NUM, num);
	drv_wr(d, VIRTIO_MMIO_QUEUE_DESC_LOW, (uint32_t)fq->desc);
	drv_wr(d, VIRTIO_MMIO_QUEUE_DESC_HIGH, (uint32_t)(fq->desc >> 32));
	drv_wr(d, VIRTIO_MMIO_QUEUE_DRIVER_LOW, (uint32_t)fq->avail);
	drv_wr(d, VIRTIO_MMIO_QUEUE_DRIVER_HIGH, (uint32_t)(fq->avail >> 32));
	drv_wr(d, VIRTIO_MMIO_QUEUE_DEVICE_LOW, (uint32_t)fq->used);
	drv_wr(d, VIRTIO_MMIO_QUEUE_DEVICE_HIGH, (uint32_t)(fq->used >> 32));
	drv_wr(d, VIRTIO_MMIO_QUEUE_READY, 1);
}

uint32_t drv_init(struct fake_drv *d, struct virtio_mmio *t, unsigned nr_queues,
		  uint16_t num, bool ring_features)
{
	uint64_t f;

	void *io_ctx = d->io_ctx;
	uint32_t (*io_read)(void *, uint64_t) = d->io_read;
	void (*io_write)(void *, uint64_t, uint32_t) = d->io_write;
	uint64_t decline = d->decline;

	memset(d, 0, sizeof(*d));
	d->decline = decline;
	d->t = t;
	d->io_ctx = io_ctx;
	d->io_read = io_read;
	d->io_write = io_write;
	drv_wr(d, VIRTIO_MMIO_STATUS, 0);
	drv_wr(d, VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE);
	drv_wr(d, VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER);
	drv_wr(d, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0);
	f = drv_rd(d, VIRTIO_MMIO_DEVICE_FEATURES);
	drv_wr(d, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 1);
	f |= (uint64_t)drv_rd(d, VIRTIO_MMIO_DEVICE_FEATURES) << 32;
	if (!ring_features)
		f &= ~(VIRTIO_BIT(VIRTIO_F_RING_EVENT_IDX) |
		       VIRTIO_BIT(VIRTIO_F_RING_INDIRECT_DESC));
	f &= ~decline;
	drv_wr(d, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0);
	drv_wr(d, VIRTIO_MMIO_DRIVER_FEATURES, (uint32_t)f);
	drv_wr(d, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
	drv_wr(d, VIRTIO_MMIO_DRIVER_FEATURES, (uint32_t)(f >> 32));
	drv_wr(d, VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE |
	       VIRTIO_STATUS_DRIVER | VIRTIO_STATUS_FEATURES_OK);
	for (unsigned q = 0; q < nr_queues; q++)
		drv_setup_queue(d, q, num);
	drv_wr(d, VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE |
	       VIRTIO_STATUS_DRIVER | VIRTIO_STATUS_FEATURES_OK |
	       VIRTIO_STATUS_DRIVER_OK);
	return drv_rd(d, VIRTIO_MMIO_STATUS);
}

void drv_desc(struct fake_drv *d, unsigned q, uint16_t i, uint64_t addr,
	      uint32_t len, uint16_t flags, uint16_t next)
{
	uint8_t *p = fake_ptr(d->q[q].desc + (uint64_t)i * VIRTQ_DESC_SIZE);

	virtio_st64(p + VIRTQ_DESC_OFF_ADDR, addr);
	virtio_st32(p + VIRTQ_DESC_OFF_LEN, len);
	virtio_st16(p + VIRTQ_DESC_OFF_FLAGS, flags);
	virtio_st16(p + VIRTQ_DESC_OFF_NEXT, next);
}

static uint16_t take_desc(struct fake_queue *fq)
{
	uint16_t i = fq->free_head;

	fq->free_head = (uint16_t)((fq->free_head + 1) % fq->num);
	return i;
}

uint16_t drv_chain(struct fake_drv *d, unsigned q, const struct fake_buf *b,
		   unsigned n)
{
	struct fake_queue *fq = &d->q[q];
	uint16_t head = take_desc(fq), cur = head;

	for (unsigned i = 0; i < n; i++) {
		bool last = i + 1 == n;
		uint16_t next = last ? 0 : take_desc(fq);

		drv_desc(d, q, cur, b[i].gpa, b[i].len,
			 (uint16_t)((b[i].write ? VIRTQ_DESC_F_WRITE : 0) |
				    (last ? 0 : VIRTQ_DESC_F_NEXT)), next);
		cur = next;
	}
	return head;
}

uint16_t drv_chain_indirect(struct fake_drv *d, unsigned q,
			    const struct fake_buf *b, unsigned n)
{
	uint64_t table = fake_alloc((uint64_t)n * VIRTQ_DESC_SIZE, 16);
	uint16_t head = take_desc(&d->q[q]);

	for (unsigned i = 0; i < n; i++) {
		uint8_t *p = fake_ptr(table + (uint64_t)i * VIRTQ_DESC_SIZE);
		bool last = i + 1 == n;

		virtio_st64(p + VIRTQ_DESC_OFF_ADDR, b[i].gpa);
		virtio_st32(p + VIRTQ_DESC_OFF_LEN, b[i].len);
		virtio_st16(p + VIRTQ_DESC_OFF_FLAGS,
			    (uint16_t)((b[i].write ? VIRTQ_DESC_F_WRITE : 0) |
				       (last ? 0 : VIRTQ_DESC_F_NEXT)));
		virtio_st16(p + VIRTQ_DESC_OFF_NEXT, (uint16_t)(last ? 0 : i + 1));
	}
	drv_desc(d, q, head, table, n * VIRTQ_DESC_SIZE, VIRTQ_DESC_F_INDIRECT, 0);
	return head;
}

void drv_publish(struct fake_drv *d, unsigned q, uint16_t head)
{
	struct fake_queue *fq = &d->q[q];
	uint8_t *avail = fake_ptr(fq->avail);

	virtio_st16(avail + VIRTQ_AVAIL_OFF_RING + 2 * (fq->avail_idx % fq->num), head);
	fq->avail_idx++;
	if (!fq->manual_used_event)
		virtio_st16(avail + VIRTQ_AVAIL_OFF_RING + 2 * fq->num, fq->used_seen);
	virtio_st16(avail + VIRTQ_AVAIL_OFF_IDX, fq->avail_idx);
}

void drv_kick(struct fake_drv *d, unsigned q)
{
	drv_wr(d, VIRTIO_MMIO_QUEUE_NOTIFY, q);
}

uint16_t drv_submit(struct fake_drv *d, unsigned q, const struct fake_buf *b,
		    unsigned n)
{
	uint16_t head = drv_chain(d, q, b, n);

	drv_publish(d, q, head);
	drv_kick(d, q);
	return head;
}

bool drv_used(struct fake_drv *d, unsigned q, uint32_t *id, uint32_t *len)
{
	struct fake_queue *fq = &d->q[q];
	uint8_t *used = fake_ptr(fq->used);
	uint8_t *e;

	if (virtio_ld16(used + VIRTQ_USED_OFF_IDX) == fq->used_seen)
		return false;
	e = used + VIRTQ_USED_OFF_RING + VIRTQ_USED_ELEM_SIZE * (fq->used_seen % fq->num);
	*id = virtio_ld32(e);
	*len = virtio_ld32(e + 4);
	fq->used_seen++;
	return true;
}
