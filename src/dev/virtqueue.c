/* SPDX-License-Identifier: MIT */
/* Split virtqueue, device side (virtio 1.1, 2.6); see virtqueue.h. */
#include <string.h>

#include "dev/virtio_spec.h"
#include "dev/virtqueue.h"

const char *virtq_status_str(enum virtq_status s)
{
	switch (s) {
	case VIRTQ_OK: return "ok";
	case VIRTQ_EMPTY: return "queue empty";
	case VIRTQ_ERR_AVAIL_IDX: return "avail index moved by more than the queue size";
	case VIRTQ_ERR_HEAD: return "descriptor index out of range";
	case VIRTQ_ERR_MEMORY: return "buffer outside guest RAM";
	case VIRTQ_ERR_LOOP: return "descriptor chain loops or is longer than the queue";
	case VIRTQ_ERR_INDIRECT: return "malformed indirect descriptor";
	case VIRTQ_ERR_ORDER: return "device-readable descriptor after a writable one";
	case VIRTQ_ERR_LENGTH: return "descriptor chain too long in bytes";
	case VIRTQ_ERR_TOO_MANY: return "descriptor chain has too many segments";
	}
	return "unknown virtqueue error";
}

void virtq_reset(struct virtq *vq)
{
	memset(vq, 0, sizeof(*vq));
}

static bool is_pow2(unsigned v)
{
	return v && !(v & (v - 1));
}

static void *ring_ptr(const struct dev_host *host, uint64_t gpa, uint64_t len)
{
	if (gpa + len < gpa)
		return NULL;
	return host->guest_mem(host->ctx, gpa, len);
}

const char *virtq_enable(struct virtq *vq, const struct dev_host *host,
			 uint16_t max)
{
	uint64_t n = vq->num;

	if (!is_pow2(vq->num))
		return "queue size is not a power of two";
	if (vq->num > max)
		return "queue size above QueueNumMax";
	if (vq->desc_gpa % VIRTQ_DESC_ALIGN || vq->avail_gpa % VIRTQ_AVAIL_ALIGN ||
	    vq->used_gpa % VIRTQ_USED_ALIGN)
		return "misaligned ring address";
	vq->desc = ring_ptr(host, vq->desc_gpa, n * VIRTQ_DESC_SIZE);
	/* flags, idx, ring[n], used_event */
	vq->avail = ring_ptr(host, vq->avail_gpa, VIRTQ_AVAIL_OFF_RING + 2 * n + 2);
	/* flags, idx, ring[n], avail_event */
	vq->used = ring_ptr(host, vq->used_gpa,
			    VIRTQ_USED_OFF_RING + VIRTQ_USED_ELEM_SIZE * n + 2);
	if (!vq->desc || !vq->avail || !vq->used) {
		vq->desc = vq->avail = vq->used = NULL;
		return "ring outside guest RAM";
	}
	vq->last_avail = 0;
	vq->used_idx = 0;
	vq->signalled_valid = false;
	vq->ready = true;
	return NULL;
}

static uint16_t avail_idx(const struct virtq *vq)
{
	return virtio_ring_ld16(vq->avail + VIRTQ_AVAIL_OFF_IDX);
}

bool virtq_has_avail(const struct virtq *vq)
{
	return vq->ready && avail_idx(vq) != vq->last_avail;
}

struct desc {
	uint64_t addr;
	uint32_t len;
	uint16_t flags;
	uint16_t next;
};

static void desc_load(struct desc *d, const uint8_t *p)
{
	uint8_t copy[VIRTQ_DESC_SIZE];

	/* One snapshot: the guest may be rewriting it as we look. */
	memcpy(copy, p, sizeof(copy));
	d->addr = virtio_ld64(copy + VIRTQ_DESC_OFF_ADDR);
	d->len = virtio_ld32(copy + VIRTQ_DESC_OFF_LEN);
	d->flags = virtio_ld16(copy + VIRTQ_DESC_OFF_FLAGS);
	d->next = virtio_ld16(copy + VIRTQ_DESC_OFF_NEXT);
}

static enum virtq_status add_seg(struct virtq_chain *c,
				 const struct dev_host *host,
				 const struct desc *d)
{
	bool write = d->flags & VIRTQ_DESC_F_WRITE;
	uint32_t *total = write ? &c->write_len : &c->read_len;
	uint8_t *ptr;

	if (!write && c->nr_write)
		return VIRTQ_ERR_ORDER;
	if (d->len == 0)
		return VIRTQ_OK;
	if (d->len > VIRTQ_MAX_CHAIN_BYTES - *total)
		return VIRTQ_ERR_LENGTH;
	if (c->nr_read + c->nr_write >= VIRTQ_MAX_SEGS)
		return VIRTQ_ERR_TOO_MANY;
	ptr = ring_ptr(host, d->addr, d->len);
	if (!ptr)
		return VIRTQ_ERR_MEMORY;
	c->seg[c->nr_read + c->nr_write] = (struct virtq_seg){ ptr, d->len };
	if (write)
		c->nr_write++;
	else
		c->nr_read++;
	*total += d->len;
	return VIRTQ_OK;
}

/*
 * Walk a chain in `table` (n descriptors) starting at `idx`. A chain can
 * visit at most n descriptors without repeating one, so a budget of n
 * catches every loop.
 */
static enum virtq_status walk(struct virtq_chain *c, const struct dev_host *host,
			      const uint8_t *table, uint32_t n, uint16_t idx,
			      bool allow_indirect, bool *indirect_out,
			      struct desc *indirect_desc)
{
	uint32_t budget = n;
	struct desc d;
	enum virtq_status s;

	for (;;) {
		if (budget-- == 0)
			return VIRTQ_ERR_LOOP;
		desc_load(&d, table + (size_t)idx * VIRTQ_DESC_SIZE);
		if (d.flags & VIRTQ_DESC_F_INDIRECT) {
			/* Only the head of a chain may point to a table (as
			 * Linux builds them), never with NEXT, never nested. */
			if (!allow_indirect || budget != n - 1 ||
			    (d.flags & VIRTQ_DESC_F_NEXT))
				return VIRTQ_ERR_INDIRECT;
			*indirect_out = true;
			*indirect_desc = d;
			return VIRTQ_OK;
		}
		s = add_seg(c, host, &d);
		if (s != VIRTQ_OK)
			return s;
		if (!(d.flags & VIRTQ_DESC_F_NEXT))
			return VIRTQ_OK;
		if (d.next >= n)
			return VIRTQ_ERR_HEAD;
		idx = d.next;
	}
}

enum virtq_status virtq_pop(struct virtq *vq, const struct dev_host *host,
			    struct virtq_chain *c)
{
	uint16_t avail, head;
	bool indirect = false;
	struct desc ind;
	enum virtq_status s;
	const uint8_t *table;

	if (!vq->ready)
		return VIRTQ_EMPTY;
	avail = avail_idx(vq);
	if (avail == vq->last_avail)
		return VIRTQ_EMPTY;
	if ((uint16_t)(avail - vq->last_avail) > vq->num)
		return VIRTQ_ERR_AVAIL_IDX;
	/* Read ring entries and descriptors only after seeing the index. */
	__atomic_thread_fence(__ATOMIC_ACQUIRE);
	head = virtio_ring_ld16(vq->avail + VIRTQ_AVAIL_OFF_RING +
				2 * (vq->last_avail & (vq->num - 1)));
	if (head >= vq->num)
		return VIRTQ_ERR_HEAD;

	c->head = head;
	c->nr_read = c->nr_write = 0;
	c->read_len = c->write_len = 0;
	s = walk(c, host, vq->desc, vq->num, head, vq->indirect, &indirect, &ind);
	if (s != VIRTQ_OK)
		return s;
	if (indirect) {
		if (ind.len == 0 || ind.len % VIRTQ_DESC_SIZE ||
		    ind.len / VIRTQ_DESC_SIZE > VIRTQ_SIZE_LIMIT)
			return VIRTQ_ERR_INDIRECT;
		table = ring_ptr(host, ind.addr, ind.len);
		if (!table)
			return VIRTQ_ERR_MEMORY;
		s = walk(c, host, table, ind.len / VIRTQ_DESC_SIZE, 0, false,
			 &indirect, &ind);
		if (s != VIRTQ_OK)
			return s;
	}
	vq->last_avail++;
	return VIRTQ_OK;
}

void virtq_unpop(struct virtq *vq)
{
	vq->last_avail--;
}

void virtq_push(struct virtq *vq, uint16_t head, uint32_t written)
{
	uint8_t *elem = vq->used + VIRTQ_USED_OFF_RING +
			VIRTQ_USED_ELEM_SIZE * (vq->used_idx & (vq->num - 1));

	virtio_st32(elem, head);
	virtio_st32(elem + 4, written);
	/* The element must be visible before the index that publishes it. */
	__atomic_thread_fence(__ATOMIC_RELEASE);
	vq->used_idx++;
	virtio_ring_st16(vq->used + VIRTQ_USED_OFF_IDX, vq->used_idx);
}

bool virtq_should_interrupt(struct virtq *vq)
{
	uint16_t old, used_event;
	bool valid;

	/* Our used->idx store must be ordered before reading the driver's
	 * suppression fields, or both sides may skip the notification. */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	if (!vq->event_idx)
		return !(virtio_ring_ld16(vq->avail + VIRTQ_AVAIL_OFF_FLAGS) &
			 VIRTQ_AVAIL_F_NO_INTERRUPT);
	used_event = virtio_ring_ld16(vq->avail + VIRTQ_AVAIL_OFF_RING + 2 * vq->num);
	old = vq->signalled_used;
	valid = vq->signalled_valid;
	vq->signalled_used = vq->used_idx;
	vq->signalled_valid = true;
	if (!valid)
		return true;
	/* 2.6.7.2: interrupt when used_event lies in [old, new). */
	return (uint16_t)(vq->used_idx - used_event - 1) <
	       (uint16_t)(vq->used_idx - old);
}

bool virtq_arm_notify(struct virtq *vq)
{
	if (!vq->ready)
		return false;
	if (vq->event_idx) {
		virtio_ring_st16(vq->used + VIRTQ_USED_OFF_RING +
				 VIRTQ_USED_ELEM_SIZE * vq->num, vq->last_avail);
		__atomic_thread_fence(__ATOMIC_SEQ_CST);
	}
	return virtq_has_avail(vq);
}

int virtq_chain_slices(const struct virtq_chain *c, bool write, size_t off,
		       size_t len,
		       int (*fn)(void *arg, uint8_t *ptr, size_t len),
		       void *arg)
{
	unsigned first = write ? c->nr_read : 0;
	unsigned end = write ? c->nr_read + c->nr_write : c->nr_read;

	for (unsigned i = first; i < end && len; i++) {
		size_t seg_len = c->seg[i].len;
		size_t n;
		int r;

		if (off >= seg_len) {
			off -= seg_len;
			continue;
		}
		n = seg_len - off;
		if (n > len)
			n = len;
		r = fn(arg, c->seg[i].ptr + off, n);
		if (r)
			return r;
		len -= n;
		off = 0;
	}
	return len ? -1 : 0;
}

struct copy_cursor {
	uint8_t *buf;
	size_t done;
	bool to_guest;
};

static int copy_slice(void *arg, uint8_t *ptr, size_t len)
{
	struct copy_cursor *cc = arg;

	if (cc->to_guest)
		memcpy(ptr, cc->buf + cc->done, len);
	else
		memcpy(cc->buf + cc->done, ptr, len);
	cc->done += len;
	return 0;
}

static size_t part_len(const struct virtq_chain *c, bool write)
{
	return write ? c->write_len : c->read_len;
}

static size_t chain_copy(const struct virtq_chain *c, bool write, size_t off,
			 void *buf, size_t len)
{
	struct copy_cursor cc = { buf, 0, write };
	size_t have = part_len(c, write);

	if (off >= have)
		return 0;
	if (len > have - off)
		len = have - off;
	virtq_chain_slices(c, write, off, len, copy_slice, &cc);
	return cc.done;
}

size_t virtq_chain_read(const struct virtq_chain *c, size_t off, void *buf,
			size_t len)
{
	return chain_copy(c, false, off, buf, len);
}

size_t virtq_chain_write(const struct virtq_chain *c, size_t off,
			 const void *buf, size_t len)
{
	return chain_copy(c, true, off, (void *)buf, len);
}
