/* SPDX-License-Identifier: MIT */
/* virtio-console back end on file descriptors (stdin/stdout by default). */
#include <errno.h>
#include <poll.h>
#include <string.h>
#include <unistd.h>

#include "host/fd_write.h"
#include "host/host_backends.h"

static void console_write(void *ctx, const uint8_t *buf, size_t len)
{
	struct host_console_fds *c = ctx;

	fd_write_all(c->out_fd, buf, len, true);   /* output gone: dropped */
}

/*
 * Read only what is there: the fd may be a blocking terminal shared with
 * the user's shell (setting O_NONBLOCK on it would leak to the shell), so
 * look with a zero-timeout poll before each read.
 */
static long console_read(void *ctx, uint8_t *buf, size_t len)
{
	struct host_console_fds *c = ctx;
	struct pollfd p = { .fd = c->in_fd, .events = POLLIN };
	ssize_t n;

	if (c->in_fd < 0 || c->in_eof)
		return 0;
	if (poll(&p, 1, 0) <= 0 || !(p.revents & (POLLIN | POLLHUP | POLLERR)))
		return 0;
	do
		n = read(c->in_fd, buf, len);
	while (n < 0 && errno == EINTR);
	if (n < 0 && errno == EAGAIN)
		return 0;
	if (n <= 0) {
		c->in_eof = true;
		return 0;
	}
	return (long)n;
}

void host_console_backend(struct host_console_fds *c, struct dev_byte_sink *out,
			  struct virtio_console_input *in)
{
	out->ctx = c;
	out->write = console_write;
	in->ctx = c;
	in->read = c->in_fd >= 0 ? console_read : NULL;
}
