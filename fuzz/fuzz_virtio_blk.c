/* SPDX-License-Identifier: MIT */
/* virtio-blk through the virtio-mmio transport, over a RAM disk (the EL2
 * engine's back end), driven by a fuzzed driver (virtio_driver.h). */
#include "dev/virtio_blk.h"
#include "dev/virtio_blk_ram.h"
#include "virtio_driver.h"
#include "../tests/dev/virtio_fake.h"

#define DISK_BYTES (64u << 10)

static struct virtio_blk blk;
static struct virtio_blk_ram ram;
static uint8_t disk[DISK_BYTES + 100];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = { data, size };
	struct virtio_mmio_params p;
	struct virtio_blk_backend be;
	uint8_t flags = fuzz_u8(&in);

	fake_reset();
	p = fake_params("virtio-blk0");
	/* A size that is not whole sectors, read-only or not, with or
	 * without discard. */
	virtio_blk_ram_backend(&ram, disk, DISK_BYTES + (flags & 1 ? 100 : 0),
			       flags & 2, "fuzz-disk", &be);
	if (flags & 4)
		be.discard = NULL;
	virtio_blk_init(&blk, &p, &be);
	fuzz_virtio_run(&blk.transport, 1, &in, NULL);
	return 0;
}
