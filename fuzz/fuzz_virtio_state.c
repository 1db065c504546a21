/* SPDX-License-Identifier: MIT */
/*
 * The virtio models' saved-state loads (virtio_mmio.h "Saved state",
 * virtio_{rng,blk}_load): a fuzzed driver program runs against one device,
 * its genuine saved state is mutated and loaded into a fresh device over
 * the same guest RAM. A load either fails leaving the device as it was, or
 * leaves a device that survives a second fuzzed driver program (rings,
 * indices and features as the state says) and saves again.
 */
#include <stdlib.h>
#include <string.h>

#include "dev/virtio_blk.h"
#include "dev/virtio_blk_ram.h"
#include "dev/virtio_rng.h"
#include "virtio_driver.h"
#include "../tests/dev/virtio_fake.h"

#define STATE_MAX 1024

static union {
	struct virtio_rng rng;
	struct virtio_blk blk;
} a, b, before;
static bool is_blk;
static uint8_t disk[16 * 512];
static struct virtio_blk_ram disk_ram;

static size_t fill(void *ctx, uint8_t *buf, size_t len)
{
	(void)ctx;
	memset(buf, 0x5a, len);
	return len;
}

static void make(void *dev)
{
	struct virtio_mmio_params p = fake_params(is_blk ? "virtio-blk0" : "virtio-rng0");

	if (is_blk) {
		struct virtio_blk_backend be;

		virtio_blk_ram_backend(&disk_ram, disk, sizeof(disk), false, "fuzz", &be);
		virtio_blk_init(dev, &p, &be);
	} else {
		struct virtio_rng_backend be = { .fill = fill };

		virtio_rng_init(dev, &p, &be);
	}
}

static struct virtio_mmio *transport(void *dev)
{
	return is_blk ? &((struct virtio_blk *)dev)->transport
		      : &((struct virtio_rng *)dev)->transport;
}

static int save(void *dev, uint8_t *buf)
{
	return is_blk ? virtio_blk_save(dev, buf, STATE_MAX)
		      : virtio_rng_save(dev, buf, STATE_MAX);
}

static int load(void *dev, const uint8_t *buf, size_t len)
{
	const char *why = NULL;
	int r = is_blk ? virtio_blk_load(dev, buf, len, &why)
		       : virtio_rng_load(dev, buf, len, &why);

	/* A named reason is one line. */
	if (r < 0 && why && strchr(why, '\n'))
		abort();
	return r;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = { data, size }, first;
	uint8_t state[STATE_MAX];
	size_t len, at, plen;
	int n;

	is_blk = fuzz_u8(&in) & 1;
	plen = fuzz_u16(&in);
	len = fuzz_u16(&in) % (STATE_MAX + 1);
	at = fuzz_u16(&in);
	first = (struct fuzz_in){ in.p, plen < in.n ? plen : in.n };
	in.p += first.n;
	in.n -= first.n;

	fake_reset();
	make(&a);
	fuzz_virtio_run(transport(&a), 1, &first, NULL);
	n = save(&a, state);
	if (n < 0)
		abort();
	/* The genuine state up to `at`, fuzzer bytes after it. */
	memset(state + n, 0, sizeof(state) - (size_t)n);
	if (at < len)
		fuzz_bytes(&in, state + at, len - at);

	make(&b);
	memcpy(&before, &b, sizeof(b));
	if (load(&b, state, len) != 0) {
		if (memcmp(&before, &b, sizeof(b)))
			abort();         /* a failed load changed the device */
		return 0;
	}
	fuzz_virtio_run(transport(&b), 1, &in, NULL);
	if (save(&b, state) < 0)
		abort();
	return 0;
}
