/* SPDX-License-Identifier: MIT */
/* The escape filter between the terminal and the guest; see tty_filter.h. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <string.h>
#include <unistd.h>

#include "cli/console_escape.h"
#include "cli/sandbox.h"
#include "cli/tty_filter.h"
#include "host/fd_write.h"

static void *tty_filter_main(void *arg)
{
	struct tty_filter *f = arg;
	struct console_escape esc = { .after_prefix = false };
	uint8_t in[64], out[2 * sizeof(in)];

	sandbox_enter_or_exit(SANDBOX_CONSOLE);
	for (;;) {
		struct pollfd p[2] = {
			{ .fd = f->wake[0], .events = POLLIN },
			{ .fd = f->tty_fd, .events = POLLIN },
		};
		if (poll(p, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (p[0].revents)
			return NULL;
		if (!(p[1].revents & (POLLIN | POLLHUP | POLLERR)))
			continue;
		ssize_t r = read(f->tty_fd, in, sizeof(in));
		if (r < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (r <= 0)
			break;               /* the terminal went away */
		size_t n = 0;
		for (ssize_t i = 0; i < r; i++) {
			size_t got;
			enum console_escape_action act =
				console_escape_feed(&esc, in[i], out + n, &got);
			n += got;
			if (act == CONSOLE_ESCAPE_DO_HELP) {
				fd_write_all(f->pipe_w, out, n, false);
				n = 0;
				fd_write_all(STDERR_FILENO, CONSOLE_ESCAPE_HELP_TEXT "\n",
					     sizeof(CONSOLE_ESCAPE_HELP_TEXT "\n") - 1, false);
			} else if (act == CONSOLE_ESCAPE_DO_QUIT) {
				fd_write_all(f->pipe_w, out, n, false);
				f->quit_seen = 1;
				f->quit(f->ctx);
				return NULL;
			}
		}
		fd_write_all(f->pipe_w, out, n, false);
	}
	/* End of terminal input: the guest's reader sees end of file too. */
	close(f->pipe_w);
	f->pipe_w = -1;
	return NULL;
}

int tty_filter_open(struct tty_filter *f, int tty_fd)
{
	int p[2];
	memset(f, 0, sizeof(*f));
	f->tty_fd = tty_fd;
	f->guest_fd = f->pipe_w = f->wake[0] = f->wake[1] = -1;
	if (pipe2(p, O_CLOEXEC) < 0)
		return -1;
	/* Non-blocking writes: a guest that reads nothing must not stop the
	 * thread from seeing Ctrl-A x. */
	if (fcntl(p[1], F_SETFL, O_NONBLOCK) < 0) {
		close(p[0]);
		close(p[1]);
		return -1;
	}
	f->guest_fd = p[0];
	f->pipe_w = p[1];
	return 0;
}

int tty_filter_start(struct tty_filter *f, void (*quit)(void *ctx), void *ctx)
{
	f->quit = quit;
	f->ctx = ctx;
	if (pipe2(f->wake, O_CLOEXEC) < 0)
		return -1;
	if (pthread_create(&f->thread, NULL, tty_filter_main, f) != 0) {
		close(f->wake[0]);
		close(f->wake[1]);
		f->wake[0] = f->wake[1] = -1;
		return -1;
	}
	f->running = true;
	return 0;
}

bool tty_filter_quit_seen(const struct tty_filter *f)
{
	return f->quit_seen != 0;
}

void tty_filter_stop(struct tty_filter *f)
{
	if (!f->running)
		return;
	ssize_t r;
	do
		r = write(f->wake[1], "", 1);
	while (r < 0 && errno == EINTR);
	pthread_join(f->thread, NULL);
	close(f->wake[0]);
	close(f->wake[1]);
	f->wake[0] = f->wake[1] = -1;
	f->running = false;
}

void tty_filter_close(struct tty_filter *f)
{
	tty_filter_stop(f);
	if (f->pipe_w >= 0)
		close(f->pipe_w);
	if (f->guest_fd >= 0)
		close(f->guest_fd);
	f->pipe_w = f->guest_fd = -1;
}
