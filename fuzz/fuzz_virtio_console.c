/* SPDX-License-Identifier: MIT */
/* virtio-console through the virtio-mmio transport: input bytes come from
 * the fuzzer's input, output is checked to be real memory and dropped. */
#include <string.h>

#include "dev/virtio_console.h"
#include "virtio_driver.h"
#include "../tests/dev/virtio_fake.h"

static struct virtio_console con;
static uint8_t pending[512];
static size_t pending_len;

static void out_write(void *ctx, const uint8_t *buf, size_t len)
{
	volatile uint8_t sum = 0;

	(void)ctx;
	for (size_t i = 0; i < len; i++)
		sum += buf[i];
	(void)sum;
}

static long in_read(void *ctx, uint8_t *buf, size_t len)
{
	(void)ctx;
	if (len > pending_len)
		len = pending_len;
	memcpy(buf, pending, len);
	memmove(pending, pending + len, pending_len - len);
	pending_len -= len;
	return (long)len;
}

static void input_arrives(struct fuzz_in *in)
{
	pending_len = fuzz_bytes(in, pending, fuzz_u8(in) % sizeof(pending));
	(void)virtio_console_receive(&con);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = { data, size };
	struct virtio_mmio_params p;
	struct dev_byte_sink out = { .write = out_write };
	struct virtio_console_input input = { .read = in_read };

	fake_reset();
	pending_len = 0;
	p = fake_params("virtio-console0");
	virtio_console_init(&con, &p, &out, &input);
	fuzz_virtio_run(&con.transport, 2, &in, input_arrives);
	return 0;
}
