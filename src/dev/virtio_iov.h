/* SPDX-License-Identifier: MIT */
/* A scatter-gather element handed from device models to back ends. Same
 * members, in the same order, as POSIX struct iovec, so a Linux back end can
 * pass an array of these to readv/writev (src/host checks the layout). */
#ifndef ARMVM_DEV_VIRTIO_IOV_H
#define ARMVM_DEV_VIRTIO_IOV_H

#include <stddef.h>

struct dev_iovec {
	void *base;
	size_t len;
};

#endif
