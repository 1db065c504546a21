/* SPDX-License-Identifier: MIT */
/* virtio-rng through the virtio-mmio transport; the entropy source gives
 * as many bytes as the fuzzer says (none, some, all). */
#include <string.h>

#include "dev/virtio_rng.h"
#include "virtio_driver.h"
#include "../tests/dev/virtio_fake.h"

static struct virtio_rng rng;
static size_t budget;

static size_t fill(void *ctx, uint8_t *buf, size_t len)
{
	(void)ctx;
	if (len > budget)
		len = budget;
	memset(buf, 0x5a, len);
	budget -= len;
	return len;
}

static void entropy_arrives(struct fuzz_in *in)
{
	budget += fuzz_u16(in);
	(void)virtio_mmio_process_queue(&rng.transport, 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = { data, size };
	struct virtio_mmio_params p;
	struct virtio_rng_backend be = { .fill = fill };

	fake_reset();
	budget = fuzz_u16(&in);
	p = fake_params("virtio-rng0");
	virtio_rng_init(&rng, &p, &be);
	fuzz_virtio_run(&rng.transport, 1, &in, entropy_arrives);
	return 0;
}
