/* SPDX-License-Identifier: MIT */
/* virtio-net through the virtio-mmio transport: frames the back end
 * delivers come from the fuzzer's input, frames sent are dropped. */
#include <string.h>

#include "dev/virtio_net.h"
#include "virtio_driver.h"
#include "../tests/dev/virtio_fake.h"

static struct virtio_net net;
static uint8_t frame[2048];
static size_t frame_len;

static int net_send(void *ctx, const struct dev_iovec *iov, unsigned n)
{
	size_t total = 0;

	(void)ctx;
	/* Touch every byte: ASan checks each piece is real memory. */
	for (unsigned i = 0; i < n; i++) {
		const volatile uint8_t *b = iov[i].base;

		for (size_t j = 0; j < iov[i].len; j++)
			total += b[j];
	}
	return total & 1 ? 0 : -1;   /* sometimes the host loses it */
}

static long net_recv(void *ctx, const struct dev_iovec *iov, unsigned n)
{
	size_t off = 0;

	(void)ctx;
	if (!frame_len)
		return 0;
	for (unsigned i = 0; i < n && off < frame_len; i++) {
		size_t k = frame_len - off < iov[i].len ? frame_len - off : iov[i].len;

		memcpy(iov[i].base, frame + off, k);
		off += k;
	}
	off = frame_len;
	frame_len = 0;
	return (long)off;
}

static void frame_arrives(struct fuzz_in *in)
{
	frame_len = fuzz_bytes(in, frame, fuzz_u16(in) % sizeof(frame));
	(void)virtio_net_receive(&net);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t mac[6] = { 0x52, 0x54, 0, 0x12, 0x34, 0x56 };
	struct fuzz_in in = { data, size };
	struct virtio_mmio_params p;
	struct virtio_net_backend be = { .send = net_send, .recv = net_recv };

	fake_reset();
	frame_len = 0;
	p = fake_params("virtio-net0");
	virtio_net_init(&net, &p, mac, &be);
	fuzz_virtio_run(&net.transport, 2, &in, frame_arrives);
	return 0;
}
