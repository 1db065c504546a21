/* SPDX-License-Identifier: MIT */
/* Polled virtio-mmio driver for test guests; see virtio_drv.h. */
#include "virtio_drv.h"

#include "arch.h"
#include "fdt.h"
#include "machine/memmap.h"

/* Device tree structure block tokens (Devicetree Specification 5.4). */
#define FDT_BEGIN_NODE 1u
#define FDT_END_NODE   2u
#define FDT_PROP       3u
#define FDT_NOP        4u
#define FDT_END        9u
#define FDT_OFF_TOTALSIZE 4
#define FDT_OFF_STRUCT    8
#define FDT_OFF_STRINGS   12

/* What a guest without a DTB assumes: QEMU virt with -m 128M. */
#define VDRV_DEFAULT_RAM_SIZE (128u << 20)
/* How often a wait for a used buffer looks at Status. */
#define VDRV_STATUS_POLL_MS 2
/* How often Status is polled for 0 after a reset write. */
#define VDRV_RESET_POLLS 100000u

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static bool str_eq(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return *a == *b;
}

static bool str_starts(const char *s, const char *prefix)
{
	while (*prefix)
		if (*s++ != *prefix++)
			return false;
	return true;
}

/* Whether a string-list property value holds `s`. */
static bool strlist_has(const uint8_t *v, uint32_t len, const char *s)
{
	uint32_t i = 0;

	while (i < len) {
		if (str_eq((const char *)v + i, s))
			return true;
		while (i < len && v[i])
			i++;
		i++;
	}
	return false;
}

static uint64_t cells(const uint8_t *p, uint32_t n)
{
	uint64_t v = 0;

	for (uint32_t i = 0; i < n; i++)
		v = v << 32 | be32(p + 4 * i);
	return v;
}

/* A child of the root node, as far as we care. */
struct fdt_node {
	bool memory, virtio;
	const uint8_t *reg;
	uint32_t reg_len;
};

/*
 * Calls fn for each child of the root with the root's #address-cells and
 * #size-cells. Returns false when there is no usable blob.
 */
static bool fdt_root_children(void (*fn)(const struct fdt_node *n, uint32_t ac,
					 uint32_t sc, void *arg), void *arg)
{
	const uint8_t *blob = fdt_blob();
	uint32_t ac = 2, sc = 1, depth = 0, off, end;
	const char *strings;
	struct fdt_node node = { 0 };

	if (!blob)
		return false;
	off = be32(blob + FDT_OFF_STRUCT);
	end = be32(blob + FDT_OFF_TOTALSIZE);
	strings = (const char *)blob + be32(blob + FDT_OFF_STRINGS);
	while (off + 4 <= end) {
		uint32_t tok = be32(blob + off);

		off += 4;
		if (tok == FDT_BEGIN_NODE) {
			const char *name = (const char *)blob + off;
			uint32_t n = 0;

			while (name[n])
				n++;
			off += (n + 4) & ~3u;
			depth++;
			if (depth == 2)
				node = (struct fdt_node){ .memory = str_starts(name, "memory@") };
		} else if (tok == FDT_END_NODE) {
			if (depth == 2)
				fn(&node, ac, sc, arg);
			if (depth-- == 0)
				return true;
		} else if (tok == FDT_PROP) {
			uint32_t len = be32(blob + off), nameoff = be32(blob + off + 4);
			const uint8_t *v = blob + off + 8;
			const char *pname = strings + nameoff;

			off += 8 + ((len + 3) & ~3u);
			if (depth == 1 && len == 4 && str_eq(pname, "#address-cells"))
				ac = be32(v);
			else if (depth == 1 && len == 4 && str_eq(pname, "#size-cells"))
				sc = be32(v);
			else if (depth == 2 && str_eq(pname, "reg")) {
				node.reg = v;
				node.reg_len = len;
			} else if (depth == 2 && str_eq(pname, "device_type"))
				node.memory = strlist_has(v, len, "memory");
			else if (depth == 2 && str_eq(pname, "compatible"))
				node.virtio = strlist_has(v, len, "virtio,mmio");
		} else if (tok == FDT_END) {
			return true;
		} else if (tok != FDT_NOP) {
			return true;   /* malformed: stop, keep what we found */
		}
	}
	return true;
}

struct ram_found {
	uint64_t base, size;
	bool found;
};

static void ram_node(const struct fdt_node *n, uint32_t ac, uint32_t sc, void *arg)
{
	struct ram_found *r = arg;

	if (!n->memory || r->found || !n->reg || n->reg_len < 4 * (ac + sc) ||
	    ac > 2 || sc > 2)
		return;
	r->base = cells(n->reg, ac);
	r->size = cells(n->reg + 4 * ac, sc);
	r->found = true;
}

void vdrv_ram(uint64_t *base, uint64_t *size)
{
	struct ram_found r = { VIRT_RAM_BASE, VDRV_DEFAULT_RAM_SIZE, false };

	fdt_root_children(ram_node, &r);
	*base = r.base;
	*size = r.size;
}

const char *vdrv_device_name(uint32_t device_id)
{
	switch (device_id) {
	case VIRTIO_ID_NET: return "virtio-net";
	case VIRTIO_ID_BLOCK: return "virtio-blk";
	case VIRTIO_ID_CONSOLE: return "virtio-console";
	case VIRTIO_ID_ENTROPY: return "virtio-rng";
	}
	return "virtio-other";
}

static void name_device(struct vdrv_dev *d)
{
	static const char hex[] = "0123456789abcdef";
	const char *s = vdrv_device_name(d->device_id);
	unsigned i = 0;

	while (*s)
		d->name[i++] = *s++;
	d->name[i++] = '@';
	for (int shift = 28; shift >= 0; shift -= 4)
		d->name[i++] = hex[(d->base >> shift) & 0xf];
	d->name[i] = 0;
}

struct discovery {
	struct vdrv_dev *devs;
	unsigned max, count;
};

static void probe(struct discovery *dv, uint64_t base)
{
	struct vdrv_dev *d;

	if (dv->count >= dv->max || base >> 32)
		return;
	d = &dv->devs[dv->count];
	*d = (struct vdrv_dev){ .base = (uintptr_t)base };
	if (vdrv_read(d, VIRTIO_MMIO_MAGIC_VALUE) != VIRTIO_MMIO_MAGIC ||
	    vdrv_read(d, VIRTIO_MMIO_VERSION) != VIRTIO_MMIO_VERSION_MODERN)
		return;
	d->device_id = vdrv_read(d, VIRTIO_MMIO_DEVICE_ID);
	if (!d->device_id)
		return;
	d->mem = VDRV_DMA_BASE + dv->count * VDRV_DMA_SLOT;
	name_device(d);
	dv->count++;
}

static void virtio_node(const struct fdt_node *n, uint32_t ac, uint32_t sc, void *arg)
{
	(void)sc;
	if (n->virtio && n->reg && n->reg_len >= 4 * ac && ac <= 2)
		probe(arg, cells(n->reg, ac));
}

unsigned vdrv_discover(struct vdrv_dev *devs, unsigned max)
{
	struct discovery dv = { devs, max, 0 };

	if (!fdt_root_children(virtio_node, &dv))
		for (unsigned n = 0; n < VIRT_MMIO_COUNT; n++)
			probe(&dv, VIRT_MMIO_BASE + n * VIRT_MMIO_STRIDE);
	return dv.count;
}

/* ---- registers ---- */

uint32_t vdrv_read(const struct vdrv_dev *d, unsigned off)
{
	return mmio_read32(d->base + off);
}

void vdrv_write(const struct vdrv_dev *d, unsigned off, uint32_t v)
{
	dsb_sy();   /* ring updates before the register write that uses them */
	mmio_write32(d->base + off, v);
}

uint32_t vdrv_status(const struct vdrv_dev *d)
{
	return vdrv_read(d, VIRTIO_MMIO_STATUS);
}

bool vdrv_needs_reset(const struct vdrv_dev *d)
{
	return vdrv_status(d) & VIRTIO_STATUS_DEVICE_NEEDS_RESET;
}

bool vdrv_reset(struct vdrv_dev *d)
{
	vdrv_write(d, VIRTIO_MMIO_STATUS, 0);
	for (unsigned i = 0; i < VDRV_RESET_POLLS; i++)
		if (vdrv_status(d) == 0) {
			for (unsigned q = 0; q < VDRV_MAX_QUEUES; q++)
				d->q[q] = (struct vdrv_queue){ 0 };
			d->accepted = 0;
			return true;
		}
	return false;
}

static void status_add(struct vdrv_dev *d, uint32_t bits)
{
	vdrv_write(d, VIRTIO_MMIO_STATUS, vdrv_status(d) | bits);
}

const char *vdrv_queue_setup(struct vdrv_dev *d, unsigned q, uint16_t num)
{
	struct vdrv_queue *vq = &d->q[q];
	uintptr_t ring = d->mem + q * VDRV_RING_STRIDE;

	vdrv_write(d, VIRTIO_MMIO_QUEUE_SEL, q);
	if (vdrv_read(d, VIRTIO_MMIO_QUEUE_READY))
		return "queue already ready after reset";
	if (vdrv_read(d, VIRTIO_MMIO_QUEUE_NUM_MAX) < num)
		return "QueueNumMax below the queue size";
	*vq = (struct vdrv_queue){ .num = num, .desc = ring + VDRV_RING_DESC,
				   .avail = ring + VDRV_RING_AVAIL,
				   .used = ring + VDRV_RING_USED };
	vdrv_fill(ring, 0, VDRV_RING_STRIDE);
	vdrv_write(d, VIRTIO_MMIO_QUEUE_NUM, num);
	vdrv_write(d, VIRTIO_MMIO_QUEUE_DESC_LOW, (uint32_t)vq->desc);
	vdrv_write(d, VIRTIO_MMIO_QUEUE_DESC_HIGH, 0);
	vdrv_write(d, VIRTIO_MMIO_QUEUE_DRIVER_LOW, (uint32_t)vq->avail);
	vdrv_write(d, VIRTIO_MMIO_QUEUE_DRIVER_HIGH, 0);
	vdrv_write(d, VIRTIO_MMIO_QUEUE_DEVICE_LOW, (uint32_t)vq->used);
	vdrv_write(d, VIRTIO_MMIO_QUEUE_DEVICE_HIGH, 0);
	vdrv_write(d, VIRTIO_MMIO_QUEUE_READY, 1);
	if (vdrv_read(d, VIRTIO_MMIO_QUEUE_READY) != 1) {
		vq->num = 0;
		return "QueueReady does not read back 1";
	}
	return 0;
}

const char *vdrv_init(struct vdrv_dev *d, uint64_t want, unsigned nr_queues,
		      bool driver_ok)
{
	uint64_t accept;
	const char *why;

	if (!vdrv_reset(d))
		return "Status does not read 0 after a reset";
	status_add(d, VIRTIO_STATUS_ACKNOWLEDGE);
	status_add(d, VIRTIO_STATUS_DRIVER);
	vdrv_write(d, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0);
	d->offered = vdrv_read(d, VIRTIO_MMIO_DEVICE_FEATURES);
	vdrv_write(d, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 1);
	d->offered |= (uint64_t)vdrv_read(d, VIRTIO_MMIO_DEVICE_FEATURES) << 32;
	if (!(d->offered & VIRTIO_BIT(VIRTIO_F_VERSION_1)))
		return "device does not offer VIRTIO_F_VERSION_1";
	accept = (want | VIRTIO_BIT(VIRTIO_F_VERSION_1)) & d->offered;
	vdrv_write(d, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0);
	vdrv_write(d, VIRTIO_MMIO_DRIVER_FEATURES, (uint32_t)accept);
	vdrv_write(d, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
	vdrv_write(d, VIRTIO_MMIO_DRIVER_FEATURES, (uint32_t)(accept >> 32));
	status_add(d, VIRTIO_STATUS_FEATURES_OK);
	if (!(vdrv_status(d) & VIRTIO_STATUS_FEATURES_OK))
		return "device refused FEATURES_OK";
	d->accepted = accept;
	d->nr_queues = nr_queues;
	for (unsigned q = 0; q < nr_queues; q++) {
		uint16_t num = VDRV_QUEUE_SIZE;
		uint32_t max;

		vdrv_write(d, VIRTIO_MMIO_QUEUE_SEL, q);
		max = vdrv_read(d, VIRTIO_MMIO_QUEUE_NUM_MAX);
		if (!max)
			return "QueueNumMax is 0 for a queue the device needs";
		if (max < num)
			num = (uint16_t)max;
		why = vdrv_queue_setup(d, q, num);
		if (why)
			return why;
	}
	if (driver_ok)
		status_add(d, VIRTIO_STATUS_DRIVER_OK);
	if (vdrv_needs_reset(d))
		return "DEVICE_NEEDS_RESET right after initialisation";
	return 0;
}

/* ---- rings ---- */

void vdrv_desc_set(uintptr_t table, unsigned i, uint64_t addr, uint32_t len,
		   uint16_t flags, uint16_t next)
{
	uintptr_t p = table + i * VIRTQ_DESC_SIZE;

	vdrv_w64(p + VIRTQ_DESC_OFF_ADDR, addr);
	vdrv_w32(p + VIRTQ_DESC_OFF_LEN, len);
	vdrv_w16(p + VIRTQ_DESC_OFF_FLAGS, flags);
	vdrv_w16(p + VIRTQ_DESC_OFF_NEXT, next);
}

void vdrv_set_avail_idx(struct vdrv_dev *d, unsigned q, uint16_t idx)
{
	if (!d->q[q].num)
		return;
	dsb_sy();   /* ring entries before the index that publishes them */
	vdrv_w16(d->q[q].avail + VIRTQ_AVAIL_OFF_IDX, idx);
	dsb_sy();
}

void vdrv_publish(struct vdrv_dev *d, unsigned q, uint16_t head)
{
	struct vdrv_queue *vq = &d->q[q];
	unsigned slot;

	if (!vq->num)
		return;   /* not set up: no ring */
	slot = vq->avail_idx % vq->num;
	vdrv_w16(vq->avail + VIRTQ_AVAIL_OFF_RING + 2 * slot, head);
	vq->avail_idx++;
	vdrv_set_avail_idx(d, q, vq->avail_idx);
}

void vdrv_notify(const struct vdrv_dev *d, unsigned q)
{
	vdrv_write(d, VIRTIO_MMIO_QUEUE_NOTIFY, q);
}

/* Counter ticks in ms milliseconds (multiplication only: AArch32 has no
 * 64-bit divide without libgcc). */
static uint64_t ms_to_ticks(unsigned ms)
{
	uint32_t khz = cntfrq_read() / 1000;

	return (uint64_t)(khz ? khz : 1) * ms;
}

enum vdrv_wait vdrv_wait_used(struct vdrv_dev *d, unsigned q, uint16_t head,
			      uint32_t *len, unsigned timeout_ms)
{
	struct vdrv_queue *vq = &d->q[q];
	uint64_t now = cntvct_read(), deadline = now + ms_to_ticks(timeout_ms);
	uint64_t status_due = now;

	for (;;) {
		/* A queue not set up has no ring to look at. */
		uint16_t idx = vq->num ? vdrv_r16(vq->used + VIRTQ_USED_OFF_IDX) : 0;

		dsb_sy();   /* the index before the elements it publishes */
		while (vq->num && vq->used_seen != idx) {
			uintptr_t e = vq->used + VIRTQ_USED_OFF_RING +
				      VIRTQ_USED_ELEM_SIZE * (vq->used_seen % vq->num);
			uint32_t id = vdrv_r32(e);

			vq->used_seen++;
			if (id == head) {
				if (len)
					*len = vdrv_r32(e + 4);
				vdrv_write(d, VIRTIO_MMIO_INTERRUPT_ACK,
					   vdrv_read(d, VIRTIO_MMIO_INTERRUPT_STATUS));
				return VDRV_USED;
			}
		}
		/* Status is a trap to the hypervisor, which may have to wait for
		 * the device's lock: look at it once per VDRV_STATUS_POLL_MS, the
		 * used ring (RAM) all the time. */
		now = cntvct_read();
		if (now >= status_due && !d->ignore_needs_reset) {
			if (vdrv_needs_reset(d))
				return VDRV_NEEDS_RESET;
			status_due = now + ms_to_ticks(VDRV_STATUS_POLL_MS);
		}
		if (now >= deadline)
			return vdrv_needs_reset(d) && !d->ignore_needs_reset ?
			       VDRV_NEEDS_RESET : VDRV_TIMEOUT;
	}
}

void vdrv_fill(uintptr_t a, uint8_t v, uint32_t len)
{
	for (uint32_t i = 0; i < len; i++)
		vdrv_w8(a + i, v);
}

bool vdrv_all(uintptr_t a, uint8_t v, uint32_t len)
{
	for (uint32_t i = 0; i < len; i++)
		if (vdrv_r8(a + i) != v)
			return false;
	return true;
}
