/* SPDX-License-Identifier: MIT */
/* virtio-rng back end: the host kernel's CSPRNG through getrandom(2). */
#include <errno.h>
#include <sys/random.h>

#include "host/host_backends.h"

static size_t rng_fill(void *ctx, uint8_t *buf, size_t len)
{
	ssize_t n;

	(void)ctx;
	do
		n = getrandom(buf, len, 0);
	while (n < 0 && errno == EINTR);
	return n < 0 ? 0 : (size_t)n;
}

void host_rng_backend(struct virtio_rng_backend *be)
{
	be->ctx = NULL;
	be->fill = rng_fill;
}
