// SPDX-License-Identifier: MIT
/* See fd_write.h. */
#include <errno.h>
#include <poll.h>
#include <unistd.h>

#include "host/fd_write.h"

bool fd_write_all(int fd, const void *buf, size_t len, bool wait_when_full)
{
	const char *p = buf;

	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN && wait_when_full) {
			struct pollfd pfd = { .fd = fd, .events = POLLOUT };

			poll(&pfd, 1, 1000);
			continue;
		}
		if (n <= 0)
			return false;
		p += n;
		len -= (size_t)n;
	}
	return true;
}
