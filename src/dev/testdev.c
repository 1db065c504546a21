// SPDX-License-Identifier: MIT
/* The armvm test device, exactly as docs/testdev.md specifies it. */
#include <string.h>

#include "dev/testdev.h"
#include "dev/dev_state.h"
#include "dev/testdev_hash.h"
#include "dev/dev_log.h"
#include "machine/strbuf.h"

#define TESTDEV_LOG_LIMIT 8

static int size_index(unsigned size)
{
	switch (size) {
	case 1: return 0;
	case 2: return 1;
	case 4: return 2;
	case 8: return 3;
	default: return -1;
	}
}

static bool natural(uint64_t offset, unsigned size)
{
	return size_index(size) >= 0 && (offset & (size - 1)) == 0;
}

static void testdev_bad(struct testdev *t, bool write, uint64_t offset,
			unsigned size)
{
	char msg[96];
	struct strbuf sb;

	t->bad++;
	if (t->bad > TESTDEV_LOG_LIMIT || !t->host.log)
		return;
	strbuf_init(&sb, msg, sizeof(msg));
	strbuf_puts(&sb, write ? "bad write" : "bad read");
	strbuf_puts(&sb, " at offset ");
	strbuf_hex(&sb, offset);
	strbuf_puts(&sb, " size ");
	strbuf_dec(&sb, size);
	strbuf_puts(&sb, " counted and ignored");
	dev_log(&t->host, "testdev", msg);
}

void testdev_init(struct testdev *t, uint64_t base, const struct dev_host *host)
{
	memset(t, 0, sizeof(*t));
	t->region = (struct mmio_region){
		.name = "testdev", .base = base, .size = 0x1000, .dev = t,
		.read = testdev_read, .write = testdev_write,
	};
	if (host)
		t->host = *host;
	t->hash = TESTDEV_HASH_INIT;
}

static void testdev_log_reset(struct testdev *t)
{
	memset(t->reads, 0, sizeof(t->reads));
	memset(t->writes, 0, sizeof(t->writes));
	t->doorbell = 0;
	t->bad = 0;
	t->hash = TESTDEV_HASH_INIT;
}

uint64_t testdev_read(void *dev, uint64_t offset, unsigned size)
{
	struct testdev *t = dev;
	uint64_t v = 0;

	t->touched = true;
	if (natural(offset, size) && offset < TESTDEV_SCRATCH_SIZE) {
		/* Little-endian, whatever the host's byte order. */
		for (unsigned i = 0; i < size; i++)
			v |= (uint64_t)t->scratch[offset + i] << (8 * i);
		t->reads[size_index(size)]++;
		t->hash = testdev_hash_access(t->hash, 0, size, offset, v);
		return v;
	}
	if (offset == TESTDEV_REG_ID && size == 4)
		return TESTDEV_ID_VALUE;
	testdev_bad(t, false, offset, size);
	return 0;
}

void testdev_write(void *dev, uint64_t offset, unsigned size, uint64_t value)
{
	struct testdev *t = dev;

	t->touched = true;
	if (!natural(offset, size)) {
		testdev_bad(t, true, offset, size);
		return;
	}
	if (size < 8)
		value &= (1ULL << (8 * size)) - 1;
	if (offset < TESTDEV_SCRATCH_SIZE) {
		for (unsigned i = 0; i < size; i++)
			t->scratch[offset + i] = (uint8_t)(value >> (8 * i));
		t->writes[size_index(size)]++;
		t->hash = testdev_hash_access(t->hash, 1, size, offset, value);
	} else if (offset == TESTDEV_REG_LOG_RESET) {
		testdev_log_reset(t);
	} else if (offset == TESTDEV_REG_DOORBELL) {
		t->doorbell++;
	} else {
		testdev_bad(t, true, offset, size);
	}
}

bool testdev_touched(const struct testdev *t)
{
	return t->touched;
}

size_t testdev_format_summary(const struct testdev *t, char *buf, size_t len)
{
	static const char *const sizes[4] = { "1:", "2:", "4:", "8:" };
	struct strbuf sb;

	strbuf_init(&sb, buf, len);
	strbuf_puts(&sb, "testdev: reads");
	for (int i = 0; i < 4; i++) {
		strbuf_putc(&sb, ' ');
		strbuf_puts(&sb, sizes[i]);
		strbuf_dec(&sb, t->reads[i]);
	}
	strbuf_puts(&sb, " writes");
	for (int i = 0; i < 4; i++) {
		strbuf_putc(&sb, ' ');
		strbuf_puts(&sb, sizes[i]);
		strbuf_dec(&sb, t->writes[i]);
	}
	strbuf_puts(&sb, " doorbell ");
	strbuf_dec(&sb, t->doorbell);
	strbuf_puts(&sb, " bad ");
	strbuf_dec(&sb, t->bad);
	strbuf_puts(&sb, " hash ");
	strbuf_hex_fixed(&sb, t->hash, 16);
	return sb.len;
}

/* ---- saved state ---- */

#define TESTDEV_STATE_VERSION 1

int testdev_save(const struct testdev *t, void *buf, size_t len)
{
	struct dev_state s;

	dev_state_begin_save(&s, buf, len, "TDEV", TESTDEV_STATE_VERSION);
	dev_state_put(&s, t->scratch, sizeof(t->scratch));
	for (unsigned i = 0; i < 4; i++)
		dev_state_put_u64(&s, t->reads[i]);
	for (unsigned i = 0; i < 4; i++)
		dev_state_put_u64(&s, t->writes[i]);
	dev_state_put_u64(&s, t->doorbell);
	dev_state_put_u64(&s, t->bad);
	dev_state_put_u64(&s, t->hash);
	dev_state_put_u32(&s, t->touched);
	return dev_state_end(&s);
}

int testdev_load(struct testdev *t, const void *buf, size_t len)
{
	struct dev_state s;
	struct testdev n = *t;

	dev_state_begin_load(&s, buf, len, "TDEV", TESTDEV_STATE_VERSION);
	dev_state_get(&s, n.scratch, sizeof(n.scratch));
	for (unsigned i = 0; i < 4; i++)
		n.reads[i] = dev_state_get_u64(&s);
	for (unsigned i = 0; i < 4; i++)
		n.writes[i] = dev_state_get_u64(&s);
	n.doorbell = dev_state_get_u64(&s);
	n.bad = dev_state_get_u64(&s);
	n.hash = dev_state_get_u64(&s);
	n.touched = dev_state_get_u32(&s) != 0;
	if (dev_state_end(&s) < 0)
		return -1;
	*t = n;
	return 0;
}
