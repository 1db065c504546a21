// SPDX-License-Identifier: MIT
/* Boot-time marker: see bootmark.h. */
#include <string.h>

#include "dev/bootmark.h"
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
	if (b->sink.marked)
		b->sink.marked(b->sink.ctx, value, index);
}
