/* SPDX-License-Identifier: MIT */
/*
 * Linux back ends for the virtio device models (src/dev/virtio_*.h): each
 * fills in the model's callback struct around a host resource. Internal to
 * src/host; host_virtio.c owns their lifetime.
 */
#ifndef ARMVM_HOST_HOST_BACKENDS_H
#define ARMVM_HOST_HOST_BACKENDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dev/virtio_blk.h"
#include "dev/virtio_console.h"
#include "dev/virtio_net.h"
#include "dev/virtio_rng.h"

/* ---- block: a file or block device ---- */
struct host_blk_file {
	int fd;
	bool is_blockdev;
	char path[256];              /* for host error reports */
};
/* Open path and fill *be; on failure a one-line reason in err. */
int host_blk_open(struct host_blk_file *f, const char *path, bool readonly,
		  struct virtio_blk_backend *be, char *err, size_t errlen);
void host_blk_close(struct host_blk_file *f);

/* ---- network: a frame-per-read/write fd ---- */
struct host_net_fd {
	int fd;
	bool is_socket;              /* send with MSG_NOSIGNAL (no SIGPIPE) */
	bool dead;                   /* end of file or an error: stop polling */
	int dead_errno;              /* 0 for end of file */
};
/* Open /dev/net/tun as IFF_TAP | IFF_NO_PI named ifname: fd, or -1. */
int host_tap_open(const char *ifname, char *err, size_t errlen);
void host_net_backend(struct host_net_fd *n, struct virtio_net_backend *be);

/* ---- console: fds ---- */
struct host_console_fds {
	int in_fd;                   /* -1 = no input */
	int out_fd;
	bool in_eof;                 /* input hit end of file or an error */
};
void host_console_backend(struct host_console_fds *c, struct dev_byte_sink *out,
			  struct virtio_console_input *in);

/* ---- entropy ---- */
void host_rng_backend(struct virtio_rng_backend *be);

#endif
