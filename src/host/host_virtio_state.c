// SPDX-License-Identifier: MIT
/*
 * Snapshots of the hosted engine's virtio devices (host_virtio.h,
 * "snapshots"): pausing the I/O thread, and each device model's saved
 * state (dev/virtio_*.h) taken under the device's lock.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "host/host_internal.h"

void host_virtio_pause(struct host_virtio *hv)
{
	host_io_pause(hv);
}

void host_virtio_resume(struct host_virtio *hv)
{
	host_io_resume(hv);
}

int host_virtio_save(struct host_virtio *hv, unsigned i, void *buf, size_t len)
{
	struct host_dev *d;
	int n = -1;

	if (i >= hv->ndev)
		return -1;
	d = hv->dev[i];
	pthread_mutex_lock(&d->lock);
	switch (d->kind) {
	case HOST_DEV_BLK: n = virtio_blk_save(&d->m.blk, buf, len); break;
	case HOST_DEV_NET: n = virtio_net_save(&d->m.net, buf, len); break;
	case HOST_DEV_CONSOLE: n = virtio_console_save(&d->m.con, buf, len); break;
	case HOST_DEV_RNG: n = virtio_rng_save(&d->m.rng, buf, len); break;
	}
	pthread_mutex_unlock(&d->lock);
	return n;
}

/* Load into the model m of a device of d's kind. */
static int load_model(const struct host_dev *d, void *m, const void *buf,
		      size_t len, const char **why)
{
	switch (d->kind) {
	case HOST_DEV_BLK: return virtio_blk_load(m, buf, len, why);
	case HOST_DEV_NET: return virtio_net_load(m, buf, len, why);
	case HOST_DEV_CONSOLE: return virtio_console_load(m, buf, len, why);
	case HOST_DEV_RNG: return virtio_rng_load(m, buf, len, why);
	}
	return -1;
}

static int load_failed(const struct host_dev *d, const char *why, char *err,
		       size_t errlen)
{
	snprintf(err, errlen, "%s: %s", d->name,
		 why ? why : "saved state is short or invalid");
	return -1;
}

int host_virtio_check(struct host_virtio *hv, unsigned i, const void *buf,
		      size_t len, char *err, size_t errlen)
{
	const char *why = NULL;
	struct host_dev *d;
	void *copy;
	int r;

	if (i >= hv->ndev) {
		snprintf(err, errlen, "virtio: no device %u", i);
		return -1;
	}
	d = hv->dev[i];
	/* A load into a copy: it resolves the rings in guest RAM like the
	 * real one and leaves the device alone. */
	copy = malloc(sizeof(d->m));
	if (!copy) {
		snprintf(err, errlen, "%s: out of memory", d->name);
		return -1;
	}
	pthread_mutex_lock(&d->lock);
	memcpy(copy, &d->m, sizeof(d->m));
	pthread_mutex_unlock(&d->lock);
	r = load_model(d, copy, buf, len, &why);
	free(copy);
	return r < 0 ? load_failed(d, why, err, errlen) : 0;
}

int host_virtio_load(struct host_virtio *hv, unsigned i, const void *buf,
		     size_t len, char *err, size_t errlen)
{
	const char *why = NULL;
	struct host_dev *d;
	uint64_t one = 1;
	int r;

	if (i >= hv->ndev) {
		snprintf(err, errlen, "virtio: no device %u", i);
		return -1;
	}
	d = hv->dev[i];
	pthread_mutex_lock(&d->lock);
	r = load_model(d, &d->m, buf, len, &why);
	pthread_mutex_unlock(&d->lock);
	if (r < 0)
		return load_failed(d, why, err, errlen);
	/* A spurious run finds nothing new and costs nothing. */
	for (unsigned q = 0; q < d->nr_queues; q++)
		while (write(d->qfd[q], &one, sizeof(one)) < 0 && errno == EINTR)
			;
	return 0;
}
