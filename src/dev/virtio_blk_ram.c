/* SPDX-License-Identifier: MIT */
/* Memory-backed virtio-blk back end; see virtio_blk_ram.h. virtio_blk
 * checks every range against be->size before calling these. */
#include <string.h>

#include "dev/virtio_blk_ram.h"

static int ram_read(void *ctx, uint64_t off, const struct dev_iovec *iov,
		    unsigned n)
{
	struct virtio_blk_ram *r = ctx;

	for (unsigned i = 0; i < n; off += iov[i].len, i++)
		memcpy(iov[i].base, r->base + off, iov[i].len);
	return 0;
}

static int ram_write(void *ctx, uint64_t off, const struct dev_iovec *iov,
		     unsigned n)
{
	struct virtio_blk_ram *r = ctx;

	for (unsigned i = 0; i < n; off += iov[i].len, i++)
		memcpy(r->base + off, iov[i].base, iov[i].len);
	return 0;
}

static int ram_flush(void *ctx)
{
	(void)ctx;
	return 0;
}

static int ram_discard(void *ctx, uint64_t off, uint64_t len)
{
	struct virtio_blk_ram *r = ctx;

	memset(r->base + off, 0, len);
	return 0;
}

void virtio_blk_ram_backend(struct virtio_blk_ram *r, uint8_t *base,
			    uint64_t size, bool readonly, const char *id,
			    struct virtio_blk_backend *be)
{
	r->base = base;
	r->size = size;
	memset(be, 0, sizeof(*be));
	be->ctx = r;
	be->size = size;
	be->readonly = readonly;
	be->read = ram_read;
	be->write = ram_write;
	be->flush = ram_flush;
	be->discard = ram_discard;
	for (size_t i = 0; id && id[i] && i < sizeof(be->id); i++)
		be->id[i] = id[i];
}
