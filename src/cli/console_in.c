/* SPDX-License-Identifier: MIT */
/* Host input for the guest's PL011; see console_in.h. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include "cli/console_in.h"
#include "cli/sandbox.h"

/* How often to look again when the guest has not drained its RX FIFO: the
 * model has no "space available" event, and a human typist is slower. */
#define CONSOLE_IN_RETRY_MS 10

static void *console_in_main(void *arg)
{
	struct console_in *c = arg;
	uint8_t buf[64];
	size_t have = 0, off = 0;

	sandbox_enter_or_exit(SANDBOX_CONSOLE);
	for (;;) {
		struct pollfd p[2] = {
			{ .fd = c->wake[0], .events = POLLIN },
			{ .fd = c->fd, .events = POLLIN },
		};
		/* Only ask for more input once the last read is delivered. */
		int n = poll(p, have ? 1 : 2, have ? CONSOLE_IN_RETRY_MS : -1);
		if (n < 0 && errno != EINTR)
			return NULL;
		if (p[0].revents)
			return NULL;
		if (!have && (p[1].revents & (POLLIN | POLLHUP | POLLERR))) {
			ssize_t r = read(c->fd, buf, sizeof(buf));
			if (r <= 0 && !(r < 0 && (errno == EINTR || errno == EAGAIN)))
				return NULL;        /* end of input */
			if (r > 0) {
				have = (size_t)r;
				off = 0;
			}
		}
		if (have) {
			pthread_mutex_lock(c->lock);
			size_t taken = pl011_receive(c->uart, buf + off, have);
			pthread_mutex_unlock(c->lock);
			off += taken;
			have -= taken;
		}
	}
}

int console_in_start(struct console_in *c, int fd, struct pl011 *uart,
		     pthread_mutex_t *lock)
{
	c->fd = fd;
	c->uart = uart;
	c->lock = lock;
	c->running = false;
	if (pipe2(c->wake, O_CLOEXEC) < 0)
		return -1;
	if (pthread_create(&c->thread, NULL, console_in_main, c) != 0) {
		close(c->wake[0]);
		close(c->wake[1]);
		return -1;
	}
	c->running = true;
	return 0;
}

void console_in_stop(struct console_in *c)
{
	if (!c->running)
		return;
	ssize_t r;
	do
		r = write(c->wake[1], "", 1);
	while (r < 0 && errno == EINTR);
	pthread_join(c->thread, NULL);
	close(c->wake[0]);
	close(c->wake[1]);
	c->running = false;
}
