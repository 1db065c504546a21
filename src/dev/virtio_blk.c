/* SPDX-License-Identifier: MIT */
/* virtio block device; see virtio_blk.h. */
#include <string.h>

#include "dev/dev_state.h"
#include "dev/virtio_blk.h"
#include "dev/virtio_spec.h"
#include "machine/strbuf.h"


static const char *const host_op_name[] = {
	[VIRTIO_BLK_HOST_READ] = "read",
	[VIRTIO_BLK_HOST_WRITE] = "write",
	[VIRTIO_BLK_HOST_FLUSH] = "flush",
	[VIRTIO_BLK_HOST_DISCARD] = "discard",
};

/*
 * A back end failed (r < 0, a negative errno): report it on the host the
 * first time this kind (operation, errno) happens, as
 * "host write error on disk.img at byte 0x...: No space left on device
 * (errno 28); the guest gets IOERR". Returns VIRTIO_BLK_S_IOERR.
 */
static uint8_t host_error(struct virtio_blk *b, enum virtio_blk_host_op op,
			  int r, uint64_t off)
{
	uint32_t errnum = r < 0 && r > -0xffff ? (uint32_t)-r : 0;
	uint32_t kind = (uint32_t)op << 16 | errnum;
	const struct dev_host *h = &b->transport.host;
	const char *text;
	char msg[200];
	struct strbuf sb;

	b->host_errors++;
	for (unsigned i = 0; i < b->host_err_nseen; i++)
		if (b->host_err_seen[i] == kind)
			return VIRTIO_BLK_S_IOERR;
	if (b->host_err_nseen == VIRTIO_BLK_HOST_ERR_KINDS)
		return VIRTIO_BLK_S_IOERR;
	b->host_err_seen[b->host_err_nseen++] = kind;
	if (!h->log)
		return VIRTIO_BLK_S_IOERR;
	strbuf_init(&sb, msg, sizeof(msg));
	strbuf_puts(&sb, "host ");
	strbuf_puts(&sb, host_op_name[op]);
	strbuf_puts(&sb, " error on ");
	strbuf_puts(&sb, b->be.name ? b->be.name : "the disk");
	if (op != VIRTIO_BLK_HOST_FLUSH) {
		strbuf_puts(&sb, " at byte ");
		strbuf_hex(&sb, off);
	}
	strbuf_puts(&sb, ": ");
	text = b->be.error_str && errnum ? b->be.error_str((int)errnum) : NULL;
	if (text) {
		strbuf_puts(&sb, text);
		strbuf_puts(&sb, " (");
	}
	strbuf_puts(&sb, "errno ");
	strbuf_dec(&sb, errnum);
	if (text)
		strbuf_putc(&sb, ')');
	strbuf_puts(&sb, "; the guest gets IOERR");
	if (b->host_err_nseen == VIRTIO_BLK_HOST_ERR_KINDS)
		strbuf_puts(&sb, " (further kinds of host error not reported)");
	h->log(h->ctx, b->transport.region.name, msg);
	return VIRTIO_BLK_S_IOERR;
}

struct iov_collect {
	struct dev_iovec *iov;
	unsigned n;
};

static int collect_slice(void *arg, uint8_t *ptr, size_t len)
{
	struct iov_collect *ic = arg;

	/* A chain has at most VIRTQ_MAX_SEGS segments, so this never fails. */
	if (ic->n == VIRTQ_MAX_SEGS)
		return -1;
	ic->iov[ic->n++] = (struct dev_iovec){ ptr, len };
	return 0;
}

/* Whether [sector, sector + len bytes) lies on the disk. */
static bool in_range(const struct virtio_blk *b, uint64_t sector, uint64_t len)
{
	uint64_t sectors = b->be.size / VIRTIO_BLK_SECTOR_SIZE;
	uint64_t n = len / VIRTIO_BLK_SECTOR_SIZE;

	return sector <= sectors && n <= sectors - sector;
}

static uint8_t do_rw(struct virtio_blk *b, const struct virtq_chain *c,
		     uint64_t sector, bool out, uint32_t *written)
{
	size_t len = out ? c->read_len - VIRTIO_BLK_REQ_HDR_SIZE : c->write_len - 1;
	uint64_t off = sector * VIRTIO_BLK_SECTOR_SIZE;
	struct iov_collect ic = { b->iov, 0 };
	int r;

	if (out && b->be.readonly) {
		virtio_mmio_log(&b->transport, "write to a read-only disk");
		return VIRTIO_BLK_S_IOERR;
	}
	if (len % VIRTIO_BLK_SECTOR_SIZE || !in_range(b, sector, len)) {
		virtio_mmio_log(&b->transport, "request beyond the end of the disk or not whole sectors");
		return VIRTIO_BLK_S_IOERR;
	}
	if (len == 0)
		return VIRTIO_BLK_S_OK;
	if (virtq_chain_slices(c, !out, out ? VIRTIO_BLK_REQ_HDR_SIZE : 0, len,
			       collect_slice, &ic))
		return VIRTIO_BLK_S_IOERR;
	if (!out) {
		r = b->be.read(b->be.ctx, off, ic.iov, ic.n);
		if (r < 0)
			return host_error(b, VIRTIO_BLK_HOST_READ, r, off);
		*written += (uint32_t)len;
		return VIRTIO_BLK_S_OK;
	}
	r = b->be.write(b->be.ctx, off, ic.iov, ic.n);
	if (r < 0)
		return host_error(b, VIRTIO_BLK_HOST_WRITE, r, off);
	/* 5.2.6.2: without VIRTIO_BLK_F_FLUSH the driver cannot ask for
	 * durability, so the device must be write-through. */
	if (!virtio_mmio_has_feature(&b->transport, VIRTIO_BLK_F_FLUSH)) {
		r = b->be.flush(b->be.ctx);
		if (r < 0)
			return host_error(b, VIRTIO_BLK_HOST_FLUSH, r, 0);
	}
	return VIRTIO_BLK_S_OK;
}

static uint8_t do_discard(struct virtio_blk *b, const struct virtq_chain *c)
{
	uint8_t seg[VIRTIO_BLK_DISCARD_SEG_SIZE];
	size_t payload = c->read_len - VIRTIO_BLK_REQ_HDR_SIZE;
	size_t nseg = payload / VIRTIO_BLK_DISCARD_SEG_SIZE;

	if (!b->be.discard)
		return VIRTIO_BLK_S_UNSUPP;
	if (b->be.readonly)
		return VIRTIO_BLK_S_IOERR;
	if (payload % VIRTIO_BLK_DISCARD_SEG_SIZE || nseg == 0 ||
	    nseg > VIRTIO_BLK_MAX_DISCARD_SEG) {
		virtio_mmio_log(&b->transport, "discard with a bad segment count");
		return VIRTIO_BLK_S_IOERR;
	}
	for (size_t i = 0; i < nseg; i++) {
		uint64_t sector;
		uint32_t num, flags;

		virtq_chain_read(c, VIRTIO_BLK_REQ_HDR_SIZE + i * sizeof(seg), seg,
				 sizeof(seg));
		sector = virtio_ld64(seg);
		num = virtio_ld32(seg + 8);
		flags = virtio_ld32(seg + 12);
		if (flags)
			return VIRTIO_BLK_S_UNSUPP;
		if (num > VIRTIO_BLK_MAX_DISCARD_SECTORS ||
		    !in_range(b, sector, (uint64_t)num * VIRTIO_BLK_SECTOR_SIZE)) {
			virtio_mmio_log(&b->transport, "discard beyond the end of the disk");
			return VIRTIO_BLK_S_IOERR;
		}
		int r = b->be.discard(b->be.ctx, sector * VIRTIO_BLK_SECTOR_SIZE,
				      (uint64_t)num * VIRTIO_BLK_SECTOR_SIZE);

		if (r < 0)
			return host_error(b, VIRTIO_BLK_HOST_DISCARD, r,
					  sector * VIRTIO_BLK_SECTOR_SIZE);
	}
	return VIRTIO_BLK_S_OK;
}

static uint8_t handle(struct virtio_blk *b, const struct virtq_chain *c,
		      uint32_t *written)
{
	uint8_t hdr[VIRTIO_BLK_REQ_HDR_SIZE];
	uint32_t type;
	uint64_t sector;
	size_t n;

	if (virtq_chain_read(c, 0, hdr, sizeof(hdr)) != sizeof(hdr)) {
		virtio_mmio_log(&b->transport, "request shorter than its header");
		return VIRTIO_BLK_S_IOERR;
	}
	type = virtio_ld32(hdr);
	sector = virtio_ld64(hdr + 8);
	switch (type) {
	case VIRTIO_BLK_T_IN:
	case VIRTIO_BLK_T_OUT:
		return do_rw(b, c, sector, type == VIRTIO_BLK_T_OUT, written);
	case VIRTIO_BLK_T_FLUSH: {
		int r = b->be.flush(b->be.ctx);

		return r < 0 ? host_error(b, VIRTIO_BLK_HOST_FLUSH, r, 0) : VIRTIO_BLK_S_OK;
	}
	case VIRTIO_BLK_T_GET_ID:
		n = c->write_len - 1;
		if (n > VIRTIO_BLK_ID_BYTES)
			n = VIRTIO_BLK_ID_BYTES;
		*written += (uint32_t)virtq_chain_write(c, 0, b->be.id, n);
		return VIRTIO_BLK_S_OK;
	case VIRTIO_BLK_T_DISCARD:
		return do_discard(b, c);
	}
	return VIRTIO_BLK_S_UNSUPP;
}

static enum virtio_q_result blk_process(void *dev, struct virtio_mmio *t,
					unsigned q)
{
	struct virtio_blk *b = dev;
	struct virtq_chain *c;

	while ((c = virtio_mmio_pop(t, q))) {
		uint32_t written = 0;
		uint8_t status;

		b->requests++;
		if (c->write_len == 0) {
			/* Nowhere to put the status: complete it empty. */
			virtio_mmio_log(t, "request without a status byte");
			b->errors++;
			virtio_mmio_push(t, q, c->head, 0);
			continue;
		}
		status = handle(b, c, &written);
		if (status != VIRTIO_BLK_S_OK)
			b->errors++;
		virtq_chain_write(c, c->write_len - 1, &status, 1);
		virtio_mmio_push(t, q, c->head, written + 1);
	}
	return VIRTIO_Q_DONE;
}

static void blk_config_read(void *dev, uint32_t off, void *buf, unsigned len)
{
	struct virtio_blk *b = dev;

	memcpy(buf, b->config + off, len);
}

static const struct virtio_device_ops blk_ops = {
	.device_id = VIRTIO_ID_BLOCK,
	.nr_queues = 1,
	.config_size = VIRTIO_BLK_CFG_SIZE,
	.config_read = blk_config_read,
	.queue_process = blk_process,
};

void virtio_blk_init(struct virtio_blk *b, const struct virtio_mmio_params *p,
		     const struct virtio_blk_backend *be)
{
	uint64_t features = VIRTIO_BIT(VIRTIO_BLK_F_SEG_MAX) |
			    VIRTIO_BIT(VIRTIO_BLK_F_FLUSH);

	memset(b, 0, sizeof(*b));
	b->be = *be;
	if (be->readonly)
		features |= VIRTIO_BIT(VIRTIO_BLK_F_RO);
	if (be->discard && !be->readonly)
		features |= VIRTIO_BIT(VIRTIO_BLK_F_DISCARD);
	virtio_st64(b->config + VIRTIO_BLK_CFG_CAPACITY,
		    be->size / VIRTIO_BLK_SECTOR_SIZE);
	virtio_st32(b->config + VIRTIO_BLK_CFG_SEG_MAX, VIRTIO_BLK_SEG_MAX);
	virtio_st32(b->config + VIRTIO_BLK_CFG_MAX_DISCARD_SECTORS,
		    VIRTIO_BLK_MAX_DISCARD_SECTORS);
	virtio_st32(b->config + VIRTIO_BLK_CFG_MAX_DISCARD_SEG,
		    VIRTIO_BLK_MAX_DISCARD_SEG);
	virtio_st32(b->config + VIRTIO_BLK_CFG_DISCARD_ALIGNMENT, 1);
	virtio_mmio_init(&b->transport, p, &blk_ops, b, features);
}

/* ---- saved state ---- */

#define BLK_STATE_VERSION 1

int virtio_blk_save(const struct virtio_blk *b, void *buf, size_t len)
{
	struct dev_state s;

	dev_state_begin_save(&s, buf, len, "VBLK", BLK_STATE_VERSION);
	virtio_mmio_state_save(&b->transport, &s);
	dev_state_put(&s, b->config, sizeof(b->config));
	dev_state_put_u64(&s, b->requests);
	dev_state_put_u64(&s, b->errors);
	dev_state_put_u64(&s, b->host_errors);
	dev_state_put_u32(&s, b->host_err_nseen);
	for (unsigned i = 0; i < VIRTIO_BLK_HOST_ERR_KINDS; i++)
		dev_state_put_u32(&s, b->host_err_seen[i]);
	return dev_state_end(&s);
}

int virtio_blk_load(struct virtio_blk *b, const void *buf, size_t len,
		    const char **why)
{
	struct dev_state s;
	struct virtio_mmio_saved t;
	uint8_t config[VIRTIO_BLK_CFG_SIZE];
	uint64_t requests, errors, host_errors;
	uint32_t seen[VIRTIO_BLK_HOST_ERR_KINDS];
	uint32_t nseen;

	if (dev_state_begin_load(&s, buf, len, "VBLK", BLK_STATE_VERSION))
		virtio_mmio_state_load(&b->transport, &s, &t);
	dev_state_get(&s, config, sizeof(config));
	requests = dev_state_get_u64(&s);
	errors = dev_state_get_u64(&s);
	host_errors = dev_state_get_u64(&s);
	nseen = dev_state_get_u32(&s);
	for (unsigned i = 0; i < VIRTIO_BLK_HOST_ERR_KINDS; i++)
		seen[i] = dev_state_get_u32(&s);
	/* The capacity the guest knows is in the config: the disk must be
	 * the same size. */
	if (memcmp(config, b->config, sizeof(config)))
		dev_state_fail(&s, "disk size differs from the snapshot's");
	else if (nseen > VIRTIO_BLK_HOST_ERR_KINDS)
		dev_state_fail(&s, "invalid virtio-blk state");
	dev_state_expect_end(&s);
	if (dev_state_end(&s) < 0) {
		if (why)
			*why = s.why;
		return -1;
	}
	virtio_mmio_state_commit(&b->transport, &t);
	b->requests = requests;
	b->errors = errors;
	b->host_errors = host_errors;
	b->host_err_nseen = nseen;
	memcpy(b->host_err_seen, seen, sizeof(seen));
	return 0;
}
