// SPDX-License-Identifier: MIT
/* Boot-time marker: see bootmark.h. */
#include <string.h>

#include "dev/bootmark.h"
#include "dev/dev_state.h"
#include "dev/dev_log.h"

static void bootmark_bad(struct bootmark *b, const char *what, uint64_t offset,
			 unsigned size)
{
	dev_log_bad_access(&b->host, "bootmark", &b->bad_accesses, what, offset,
			   size);
}

static bool valid_size(unsigned size)
{
	return size == 1 || size == 2 || size == 4 || size == 8;
}

void bootmark_init(struct bootmark *b, uint64_t base,
		   const struct dev_host *host, const struct bootmark_sink *sink)
{
	memset(b, 0, sizeof(*b));
	b->region = (struct mmio_region){
		.name = "bootmark", .base = base, .size = 0x1000, .dev = b,
		.read = bootmark_read, .write = bootmark_write,
	};
	if (host)
		b->host = *host;
	if (sink)
		b->sink = *sink;
}

uint64_t bootmark_read(void *dev, uint64_t offset, unsigned size)
{
	struct bootmark *b = dev;

	if (offset != BOOTMARK_REG_MARK || !valid_size(size)) {
		bootmark_bad(b, "bad read", offset, size);
		return 0;
	}
	return b->count;
}

void bootmark_write(void *dev, uint64_t offset, unsigned size, uint64_t value)
{
	struct bootmark *b = dev;
	unsigned index;

	if (offset != BOOTMARK_REG_MARK || !valid_size(size)) {
		bootmark_bad(b, "bad write", offset, size);
		return;
	}
	if (size < 8)
		value &= (1ULL << (8 * size)) - 1;
	index = b->count++;
	/* Each mark prints a line on the host: within the VM's budget. */
	if (b->sink.marked && dev_log_limit_take(b->host.limit))
		b->sink.marked(b->sink.ctx, value, index);
}

/* ---- saved state ---- */

#define BOOTMARK_STATE_VERSION 1

int bootmark_save(const struct bootmark *b, void *buf, size_t len)
{
	struct dev_state s;

	dev_state_begin_save(&s, buf, len, "BMRK", BOOTMARK_STATE_VERSION);
	dev_state_put_u32(&s, b->count);
	dev_state_put_u32(&s, b->bad_accesses);
	return dev_state_end(&s);
}

int bootmark_load(struct bootmark *b, const void *buf, size_t len)
{
	struct dev_state s;
	uint32_t count, bad;

	dev_state_begin_load(&s, buf, len, "BMRK", BOOTMARK_STATE_VERSION);
	count = dev_state_get_u32(&s);
	bad = dev_state_get_u32(&s);
	if (dev_state_end(&s) < 0)
		return -1;
	b->count = count;
	b->bad_accesses = bad;
	return 0;
}
